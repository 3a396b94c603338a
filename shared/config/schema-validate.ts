import type { Problem } from '../errors/index.js'
import type { Segment } from './yaml.js'

// A small JSON Schema (draft 2020-12 subset) validator. It reports every problem at once, in words a
// config author understands ("expected an integer from 0 to 100"), with a did-you-mean for unknown keys.
// The subset is what our published schemas use; unsupported keywords are ignored by design.

export interface JsonSchema {
  $ref?: string
  $defs?: Record<string, JsonSchema>
  type?: JsonType | JsonType[]
  properties?: Record<string, JsonSchema>
  required?: string[]
  additionalProperties?: boolean | JsonSchema
  propertyNames?: JsonSchema
  items?: JsonSchema
  enum?: unknown[]
  const?: unknown
  pattern?: string
  minimum?: number
  maximum?: number
  exclusiveMinimum?: number
  minLength?: number
  maxLength?: number
  minItems?: number
  maxItems?: number
  minProperties?: number
  anyOf?: JsonSchema[]
  description?: string
  default?: unknown
  examples?: unknown[]
  /** Human wording of the expected form when the generated one is not good enough. */
  'x-expected'?: string
  [extra: string]: unknown
}
type JsonType = 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean' | 'null'

export interface SchemaProblem extends Problem {
  segments: Segment[]
  /** True when the problem is about the key itself (unknown key), so its line is the key's. */
  atKey?: boolean
}

export function formatPath(segments: readonly Segment[]): string {
  let out = ''
  for (const s of segments) out += typeof s === 'number' ? `[${s}]` : out ? `.${s}` : s
  return out || '(top level)'
}

export function validateSchema(value: unknown, schema: JsonSchema, root: JsonSchema = schema): SchemaProblem[] {
  const problems: SchemaProblem[] = []
  check(value, schema, root, [], problems)
  return problems
}

function resolve(schema: JsonSchema, root: JsonSchema): JsonSchema {
  let s = schema
  while (s.$ref) {
    const name = s.$ref.replace(/^#\/\$defs\//, '')
    const target = root.$defs?.[name]
    if (!target) throw new Error(`schema reference ${s.$ref} not found`)
    s = { ...target, ...Object.fromEntries(Object.entries(s).filter(([k]) => k !== '$ref')) }
  }
  return s
}

function typeOf(value: unknown): JsonType {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'array'
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number'
  return typeof value as JsonType
}

function typeMatches(value: unknown, type: JsonType): boolean {
  const actual = typeOf(value)
  return actual === type || (type === 'number' && actual === 'integer')
}

const ARTICLE: Record<JsonType, string> = {
  object: 'a mapping', array: 'a list', string: 'a string', integer: 'an integer',
  number: 'a number', boolean: 'true or false', null: 'nothing',
}

export function describeExpected(schema: JsonSchema, root: JsonSchema): string {
  const s = resolve(schema, root)
  if (s['x-expected']) return s['x-expected']
  if (s.const !== undefined) return JSON.stringify(s.const)
  if (s.enum) return `one of ${s.enum.map((v) => JSON.stringify(v)).join(', ')}`
  if (s.anyOf) return s.anyOf.map((a) => describeExpected(a, root)).join(', or ')
  const types = s.type === undefined ? [] : Array.isArray(s.type) ? s.type : [s.type]
  let text = types.map((t) => ARTICLE[t]).join(' or ') || 'a value'
  if (s.minimum !== undefined && s.maximum !== undefined) text += ` from ${s.minimum} to ${s.maximum}`
  else if (s.minimum !== undefined) text += ` of at least ${s.minimum}`
  else if (s.exclusiveMinimum !== undefined) text += ` greater than ${s.exclusiveMinimum}`
  else if (s.maximum !== undefined) text += ` of at most ${s.maximum}`
  if (s.pattern && s['x-pattern-name']) text += ` (${s['x-pattern-name']})`
  return text
}

function check(value: unknown, schemaIn: JsonSchema, root: JsonSchema, path: Segment[], out: SchemaProblem[]): void {
  const schema = resolve(schemaIn, root)
  const at = formatPath(path)
  const push = (message: string, extra: Partial<SchemaProblem> = {}) =>
    out.push({ segments: path, path: at, message, expected: describeExpected(schema, root), ...extra })

  if (schema.anyOf) {
    const branches = schema.anyOf.map((b) => validateSchema(value, b, root))
    if (branches.some((b) => b.length === 0)) return
    // Report the branch whose type matched, if any; its problems are the useful ones.
    const typed = schema.anyOf.findIndex((b) => {
      const r = resolve(b, root)
      const types = r.type === undefined ? [] : Array.isArray(r.type) ? r.type : [r.type]
      return types.some((t) => typeMatches(value, t))
    })
    if (typed >= 0 && branches[typed].length) {
      for (const p of branches[typed]) {
        const own = p.segments.length === 0 && schema['x-expected'] ? { expected: schema['x-expected'] } : {}
        out.push({ ...p, ...own, segments: [...path, ...p.segments], path: formatPath([...path, ...p.segments]) })
      }
    } else push(`got ${describeValue(value)}`)
    return
  }
  if (schema.type !== undefined) {
    const types = Array.isArray(schema.type) ? schema.type : [schema.type]
    if (!types.some((t) => typeMatches(value, t))) {
      push(`got ${describeValue(value)}`)
      return
    }
  }
  if (schema.const !== undefined && value !== schema.const) push(`got ${describeValue(value)}`)
  if (schema.enum && !schema.enum.includes(value)) {
    const hint = typeof value === 'string' ? didYouMean(value, schema.enum.filter((e): e is string => typeof e === 'string')) : undefined
    push(`got ${describeValue(value)}`, hint ? { hint: `did you mean "${hint}"?` } : {})
  }
  if (typeof value === 'string') {
    if (schema.pattern && !new RegExp(schema.pattern).test(value)) push(`got ${describeValue(value)}`)
    if (schema.minLength !== undefined && value.length < schema.minLength) push('is too short')
    if (schema.maxLength !== undefined && value.length > schema.maxLength) push(`is longer than ${schema.maxLength} characters`)
  }
  if (typeof value === 'number') {
    if (schema.minimum !== undefined && value < schema.minimum) push(`got ${value}`)
    else if (schema.maximum !== undefined && value > schema.maximum) push(`got ${value}`)
    else if (schema.exclusiveMinimum !== undefined && value <= schema.exclusiveMinimum) push(`got ${value}`)
  }
  if (Array.isArray(value)) {
    if (schema.minItems !== undefined && value.length < schema.minItems) push(`has ${value.length} item(s), needs at least ${schema.minItems}`)
    if (schema.maxItems !== undefined && value.length > schema.maxItems) push(`has ${value.length} items, at most ${schema.maxItems} allowed`)
    if (schema.items) value.forEach((item, i) => check(item, schema.items as JsonSchema, root, [...path, i], out))
  }
  if (typeOf(value) === 'object') {
    const obj = value as Record<string, unknown>
    const props = schema.properties ?? {}
    for (const key of schema.required ?? []) {
      if (!(key in obj)) push(`"${key}" is required`, { expected: `a "${key}" key (${describeExpected(props[key] ?? {}, root)})` })
    }
    if (schema.minProperties !== undefined && Object.keys(obj).length < schema.minProperties) {
      push(`needs at least ${schema.minProperties} entr${schema.minProperties === 1 ? 'y' : 'ies'}`)
    }
    for (const [key, child] of Object.entries(obj)) {
      if (schema.propertyNames) {
        for (const p of validateSchema(key, schema.propertyNames, root)) {
          out.push({ ...p, segments: [...path, key], path: formatPath([...path, key]), message: `name "${key}" is not allowed`, atKey: true })
        }
      }
      if (Object.hasOwn(props, key)) check(child, props[key], root, [...path, key], out)
      else if (schema.additionalProperties === false) {
        const suggestion = didYouMean(key, Object.keys(props))
        out.push({
          segments: [...path, key],
          path: formatPath([...path, key]),
          atKey: true,
          message: `unknown key "${key}"`,
          expected: `one of ${Object.keys(props).join(', ')}`,
          hint: suggestion ? `did you mean "${suggestion}"?` : undefined,
        })
      } else if (typeof schema.additionalProperties === 'object') {
        check(child, schema.additionalProperties, root, [...path, key], out)
      }
    }
  }
}

export function describeValue(value: unknown): string {
  const t = typeOf(value)
  if (t === 'string') return `"${String(value).slice(0, 60)}"`
  if (t === 'object') return 'a mapping'
  if (t === 'array') return 'a list'
  if (t === 'null') return 'nothing (null)'
  return String(value)
}

export function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i)
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]
    prev[0] = i
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j]
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1))
      diag = tmp
    }
  }
  return prev[b.length]
}

export function didYouMean(word: string, candidates: readonly string[]): string | undefined {
  const lower = word.toLowerCase()
  let best: string | undefined
  let bestScore = Infinity
  for (const c of candidates) {
    const d = editDistance(lower, c.toLowerCase())
    if (d < bestScore) {
      bestScore = d
      best = c
    }
  }
  return best !== undefined && bestScore <= Math.max(2, Math.floor(word.length / 3)) ? best : undefined
}
