import { describe, it, expect } from '@jest/globals'
import fc from 'fast-check'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { validateSchema, type JsonSchema, type SchemaProblem } from '../../shared/config/schema-validate.js'
import { CONFIG_SCHEMA } from '../../shared/config/schema.js'
import { RUNTIME_SCHEMA } from '../../shared/config/schema-runtime.js'
import { SMOKE_SCHEMA } from '../../shared/smoke/schema.js'
import { parseYamlWithPositions } from '../../shared/config/yaml.js'
import { legacyValidate } from '../helpers/legacy-schema-walker.js'

// Config and check files are validated by @cfworker/json-schema now (issue 27); the problems users read
// must be the ones the hand-written walker gave: the same paths, words, expected forms and hints, for
// every file of the bad-input corpus, the fixtures and thousands of random breakages of valid configs.

const FIX = join(process.cwd(), '__tests__', 'fixtures')
const shape = (ps: SchemaProblem[]) => ps.map((p) => JSON.stringify({ path: p.path, message: p.message, expected: p.expected, hint: p.hint, atKey: Boolean(p.atKey) })).sort()
const parse = (file: string): unknown => {
  try {
    return parseYamlWithPositions(readFileSync(file, 'latin1'), file).value
  } catch {
    return undefined // not YAML at all: the corpus case is about the parser, not the schema
  }
}
const files = (dir: string) => readdirSync(dir).sort().map((f) => join(dir, f))

describe('schema problems are worded as before', () => {
  it.each([
    ...files(join(FIX, 'bad-inputs', 'configs')).map((f) => [f.slice(FIX.length + 1), f, CONFIG_SCHEMA] as const),
    ...files(join(FIX, 'configs')).map((f) => [f.slice(FIX.length + 1), f, CONFIG_SCHEMA] as const),
    ...files(join(FIX, 'bad-inputs', 'checks')).map((f) => [f.slice(FIX.length + 1), f, SMOKE_SCHEMA] as const),
  ])('%s', (_name, file, schema) => {
    const value = parse(file)
    if (value === undefined) return
    expect(shape(validateSchema(value, schema as JsonSchema))).toEqual(shape(legacyValidate(value, schema as JsonSchema)))
    // The actions validate with the generated schema without descriptions: the same problems, the same words.
    if (schema === CONFIG_SCHEMA) expect(shape(validateSchema(value, RUNTIME_SCHEMA))).toEqual(shape(validateSchema(value, CONFIG_SCHEMA)))
  })

  it('for random breakages of valid configs (fast-check)', () => {
    const base = parse(join(FIX, 'configs', 'valid.yml')) as Record<string, unknown>
    const scalar = fc.oneof(fc.integer({ min: -5, max: 500 }), fc.double({ noNaN: true, min: -2, max: 2 }), fc.constantFrom('', 'canery', '5 min', '30s', 'x y', 'rolling', '2xx', '/health', 'http://p:9090', 'deployment/web', 'v1', 'a;b', '10%'), fc.boolean(), fc.constant(null))
    const value = fc.oneof(scalar, fc.array(scalar, { maxLength: 3 }), fc.dictionary(fc.constantFrom('weight', 'pause', 'stpes', 'app', 'start', 'port', 'min', 'max', 'query', 'header', 'cookie', 'bogus', 'strategy'), scalar, { maxKeys: 3 }))
    // Paths into the valid config (each key and index), and a change at one: a new value, a typo'd key, a deletion.
    const paths: Array<Array<string | number>> = []
    const walk = (node: unknown, path: Array<string | number>) => {
      paths.push(path)
      if (Array.isArray(node)) node.forEach((v, i) => walk(v, [...path, i]))
      else if (node && typeof node === 'object') for (const [k, v] of Object.entries(node)) walk(v, [...path, k])
    }
    walk(base, [])
    fc.assert(fc.property(fc.array(fc.tuple(fc.constantFrom(...paths), fc.constantFrom('set', 'typo', 'delete'), value), { minLength: 1, maxLength: 3 }), (changes) => {
      const doc = structuredClone(base)
      for (const [path, how, v] of changes) {
        if (!path.length) continue
        let parent: any = doc
        for (const seg of path.slice(0, -1)) parent = parent?.[seg]
        if (!parent || typeof parent !== 'object') continue
        const key = path[path.length - 1]
        if (how === 'delete' && !Array.isArray(parent)) delete parent[key]
        else if (how === 'typo' && typeof key === 'string' && key in parent) {
          parent[`${key.slice(0, -1)}${key.at(-1) === 's' ? 'z' : 's'}`] = parent[key]
          delete parent[key]
        } else parent[key] = v
      }
      expect(shape(validateSchema(doc, CONFIG_SCHEMA))).toEqual(shape(legacyValidate(doc, CONFIG_SCHEMA)))
      expect(shape(validateSchema(doc, RUNTIME_SCHEMA))).toEqual(shape(validateSchema(doc, CONFIG_SCHEMA)))
    }), { numRuns: 1500, seed: 27 })
  })

  it('enforces keywords the hand-written walker skipped (oneOf, if/then, not)', () => {
    const schema: JsonSchema = {
      type: 'object',
      properties: { mode: { oneOf: [{ type: 'string' }, { type: 'string', minLength: 3 }] }, port: { not: { const: 22 } } },
      if: { properties: { tls: { const: true } }, required: ['tls'] },
      then: { required: ['cert'] },
    }
    expect(validateSchema({ mode: 'ab', port: 80 }, schema)).toEqual([])
    const problems = validateSchema({ mode: 'abcd', port: 22, tls: true }, schema)
    expect(problems.map((p) => p.path).sort()).toEqual(['(top level)', 'mode', 'port'])
    expect(problems.find((p) => p.path === '(top level)')?.message).toBe('"cert" is required')
    // The walker of old let all three through.
    expect(legacyValidate({ mode: 'abcd', port: 22, tls: true }, schema)).toEqual([])
  })

  it('lists problems in the order of the document', () => {
    const problems = validateSchema({ version: 2, environments: { demo: { strategy: 'canery', bogus: 1, timeout: 'soon' } } }, CONFIG_SCHEMA)
    expect(problems.map((p) => p.path)).toEqual(['version', 'environments.demo.strategy', 'environments.demo.bogus', 'environments.demo.timeout'])
  })
})
