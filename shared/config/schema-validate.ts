import type { Problem } from '../errors/index.js'
import type { Segment } from './yaml.js'
import { validate, type OutputUnit, type Schema } from '@cfworker/json-schema'

// Schema validation for config and check files: @cfworker/json-schema decides (all of draft 2020-12, so
// a keyword an editor enforces is enforced here too), and this module words each problem for a config
// author ("expected an integer from 0 to 100"), with a did-you-mean for unknown keys and enum values.

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

/**
 * Validates a value against one of our schemas with @cfworker/json-schema (draft 2020-12, every keyword,
 * no code generated at start-up) and words each problem for a config author: what was found, the
 * expected form (the schema's x-expected or one built from its keywords), a did-you-mean for unknown keys
 * and enum values. Problems come in document order, every one at once.
 */
export function validateSchema(value: unknown, schema: JsonSchema): SchemaProblem[] {
  let lookup = LOOKUPS.get(schema)
  if (!lookup) LOOKUPS.set(schema, (lookup = refLookup(schema)))
  const result = validate(value, schema as Schema, '2020-12', lookup, false)
  if (result.valid) return []
  return orderByDocument(value, new Explainer(value, schema, result.errors).explain())
}

const LOOKUPS = new WeakMap<JsonSchema, Record<string, Schema>>()

/**
 * The schemas our $refs name, by the $ref itself. The library's own dereference resolves every subschema
 * as a URL (a few milliseconds at each start, and it writes into the schema objects); our schemas only
 * refer within themselves (#/$defs/...), so one walk finds all it needs.
 */
function refLookup(root: JsonSchema): Record<string, Schema> {
  const lookup: Record<string, Schema> = {}
  const walk = (node: unknown) => {
    if (node === null || typeof node !== 'object') return
    if (Array.isArray(node)) return node.forEach(walk)
    const ref = (node as JsonSchema).$ref
    if (typeof ref === 'string' && !(ref in lookup)) {
      if (!ref.startsWith('#/')) throw new Error(`schema reference ${ref} is not within the schema`)
      let target: unknown = root
      for (const token of pointerTokens(ref)) target = (target as Record<string, unknown> | undefined)?.[token]
      if (target === undefined) throw new Error(`schema reference ${ref} not found`)
      lookup[ref] = target as Schema
    }
    for (const [k, v] of Object.entries(node)) if (k !== 'enum' && k !== 'const') walk(v)
  }
  walk(root)
  return lookup
}

/** Keywords whose errors only say that something below them failed: the error below is the one to word. */
const CONTAINERS = new Set(['properties', 'patternProperties', 'items', 'prefixItems', '$ref', '$dynamicRef', 'allOf', 'dependentSchemas', 'contains', 'unevaluatedProperties', 'unevaluatedItems'])

class Explainer {
  /** Which error's wording took an error in (its parent); top-level errors have none. */
  private readonly owner = new Map<OutputUnit, OutputUnit>()
  /** False-schema errors already worded as an unknown key. */
  private readonly paired = new Set<OutputUnit>()
  /** How many errors of one keyword at one place were worded (required gives one per missing key). */
  private readonly seen = new Map<string, number>()

  constructor(private readonly value: unknown, private readonly root: JsonSchema, private readonly errors: OutputUnit[]) {}

  explain(): SchemaProblem[] {
    return this.word(this.errors)
  }

  private word(errors: OutputUnit[], parent?: OutputUnit): SchemaProblem[] {
    const out: SchemaProblem[] = []
    // A value of the wrong type gets that one problem, as the walker of old gave: nothing else about the same node.
    const wrongType = new Set(errors.filter((e) => e.keyword === 'type').map((e) => `${e.instanceLocation} ${parentPointer(e.keywordLocation)}`))
    for (const e of errors) {
      if (this.owner.get(e) !== parent) continue
      if (e.keyword !== 'type' && wrongType.has(`${e.instanceLocation} ${parentPointer(e.keywordLocation)}`)) continue
      out.push(...this.wordOne(e))
    }
    return out
  }

  /** The errors under a keyword's location, taken in by it (so nothing words them twice). */
  private claim(e: OutputUnit, filter: (x: OutputUnit) => boolean = (x) => x.keywordLocation.startsWith(`${e.keywordLocation}/`)): OutputUnit[] {
    const parent = this.owner.get(e)
    const mine = this.errors.filter((x) => x !== e && this.owner.get(x) === parent && filter(x))
    for (const x of mine) this.owner.set(x, e)
    return mine
  }

  private wordOne(e: OutputUnit): SchemaProblem[] {
    if (CONTAINERS.has(e.keyword)) return []
    const path = this.segments(e.instanceLocation)
    const data = this.at(path)
    const schema = e.keyword === 'false' ? false : this.schemaAt(parentPointer(e.keywordLocation))
    const problem = (message: string, extra: Partial<SchemaProblem> = {}): SchemaProblem =>
      ({ segments: path, path: formatPath(path), message, expected: typeof schema === 'object' ? describeExpected(schema, this.root) : undefined, ...extra })
    switch (e.keyword) {
      case 'type':
      case 'const':
      case 'pattern':
        return [problem(`got ${describeValue(data)}`)]
      case 'enum': {
        const options = ((schema as JsonSchema).enum ?? []).filter((o): o is string => typeof o === 'string')
        const hint = typeof data === 'string' ? didYouMean(data, options) : undefined
        return [problem(`got ${describeValue(data)}`, hint ? { hint: `did you mean "${hint}"?` } : {})]
      }
      case 'minLength':
        return [problem('is too short')]
      case 'maxLength':
        return [problem(`is longer than ${(schema as JsonSchema).maxLength} characters`)]
      case 'minimum':
      case 'maximum':
      case 'exclusiveMinimum':
      case 'exclusiveMaximum':
        return [problem(`got ${String(data)}`)]
      case 'minItems':
        return [problem(`has ${(data as unknown[]).length} item(s), needs at least ${(schema as JsonSchema).minItems}`)]
      case 'maxItems':
        return [problem(`has ${(data as unknown[]).length} items, at most ${(schema as JsonSchema).maxItems} allowed`)]
      case 'minProperties': {
        const n = (schema as JsonSchema).minProperties as number
        return [problem(`needs at least ${n} entr${n === 1 ? 'y' : 'ies'}`)]
      }
      case 'required': {
        // One error per missing key, in the order of the schema's list.
        const s = schema as JsonSchema
        const obj = data as Record<string, unknown>
        const where = `${e.instanceLocation} ${e.keywordLocation}`
        const nth = this.seen.get(where) ?? 0
        this.seen.set(where, nth + 1)
        const k = (s.required ?? []).filter((key) => !Object.hasOwn(obj, key))[nth]
        return k === undefined ? [] : [problem(`"${k}" is required`, { expected: `a "${k}" key (${describeExpected(s.properties?.[k] ?? {}, this.root)})` })]
      }
      case 'additionalProperties': {
        const s = schema as JsonSchema
        if (s.additionalProperties === false) {
          // One error per key the schema does not name, each followed by its false-schema error (whose
          // location is the key's own): word the key, with the keys the schema does name.
          const rejected = this.errors.find((x) => x.keyword === 'false' && !this.paired.has(x) && parentPointer(x.instanceLocation) === e.instanceLocation)
          if (!rejected) return []
          this.paired.add(rejected)
          this.owner.set(rejected, e)
          const k = this.segments(rejected.instanceLocation).at(-1) as string
          const known = Object.keys(s.properties ?? {})
          const suggestion = didYouMean(k, known)
          return [{ segments: [...path, k], path: formatPath([...path, k]), atKey: true, message: `unknown key "${k}"`, expected: `one of ${known.join(', ')}`, hint: suggestion ? `did you mean "${suggestion}"?` : undefined }]
        }
        return this.word(this.claim(e), e)
      }
      case 'false': {
        // A key met by a false subschema somewhere other than additionalProperties (properties: { x: false }).
        return [problem('is not allowed')]
      }
      case 'propertyNames': {
        const inner = this.claim(e)
        const names = this.schemaAt(e.keywordLocation) as JsonSchema
        return inner.filter((x) => !CONTAINERS.has(x.keyword)).map((x) => {
          const key = this.segments(x.instanceLocation).at(-1) as string
          return { segments: [...path, key], path: formatPath([...path, key]), atKey: true, message: `name "${key}" is not allowed`, expected: describeExpected(names, this.root) }
        })
      }
      case 'anyOf':
        return this.wordAnyOf(e, path, data, schema as JsonSchema)
      case 'not':
        return [problem(`got ${describeValue(data)}`, { expected: `anything but ${describeExpected((schema as JsonSchema).not as JsonSchema, this.root)}` })]
      case 'if': {
        // The errors of the then (or else) branch the if chose sit beside it, not under it.
        const base = parentPointer(e.keywordLocation)
        const words = this.word(this.claim(e, (x) => x.keywordLocation.startsWith(`${base}/then/`) || x.keywordLocation.startsWith(`${base}/else/`)), e)
        return words.length ? words : [problem(e.error.replace(/\.$/, '').replace(/^Instance /, '').toLowerCase())]
      }
      default: {
        // A keyword with no wording of its own (oneOf, not, if/then, dependentRequired...): what the
        // validator says, and what lies below it.
        const words = this.word(this.claim(e), e)
        return words.length ? words : [problem(e.error.replace(/\.$/, '').replace(/^Instance /, '').toLowerCase())]
      }
    }
  }

  /** No branch matched: the problems of the branch whose type the value has, or "got ..." with every form. */
  private wordAnyOf(e: OutputUnit, path: Segment[], data: unknown, schema: JsonSchema): SchemaProblem[] {
    const inner = this.claim(e)
    const branches = schema.anyOf ?? []
    const typed = branches.findIndex((b) => {
      const r = resolveSchema(b, this.root)
      const types = r.type === undefined ? [] : Array.isArray(r.type) ? r.type : [r.type]
      return types.some((t) => typeMatches(data, t))
    })
    const mine = typed >= 0 ? inner.filter((x) => x.keywordLocation.startsWith(`${e.keywordLocation}/${typed}/`)) : []
    const words = mine.length ? this.word(mine, e) : []
    if (!words.length) return [{ segments: path, path: formatPath(path), message: `got ${describeValue(data)}`, expected: describeExpected(schema, this.root) }]
    const own = schema['x-expected']
    return own ? words.map((p) => (p.path === formatPath(path) ? { ...p, expected: own } : p)) : words
  }

  private segments(pointer: string): Segment[] {
    const out: Segment[] = []
    let node: unknown = this.value
    for (const raw of pointerTokens(pointer)) {
      const seg: Segment = Array.isArray(node) ? Number(raw) : raw
      out.push(seg)
      node = node !== null && typeof node === 'object' ? (node as Record<string | number, unknown>)[seg] : undefined
    }
    return out
  }

  private at(path: Segment[]): unknown {
    let node: unknown = this.value
    for (const seg of path) node = node !== null && typeof node === 'object' ? (node as Record<string | number, unknown>)[seg] : undefined
    return node
  }

  /** The subschema a keyword location names, following each $ref on the way. */
  private schemaAt(pointer: string): JsonSchema | boolean {
    let node: unknown = this.root
    for (const token of pointerTokens(pointer)) {
      if (token === '$ref') node = resolveSchema(node as JsonSchema, this.root)
      else node = (node as Record<string, unknown>)[token]
    }
    return node as JsonSchema | boolean
  }
}

function pointerTokens(pointer: string): string[] {
  const body = pointer.replace(/^#/, '')
  if (!body) return []
  return body.slice(1).split('/').map((t) => decodeURIComponent(t).replace(/~1/g, '/').replace(/~0/g, '~'))
}

function parentPointer(pointer: string): string {
  return pointer.slice(0, pointer.lastIndexOf('/'))
}

/** Problems in the order of the document: a node's own before its children's, keys in their order. */
function orderByDocument(value: unknown, problems: SchemaProblem[]): SchemaProblem[] {
  const order = new Map<string, number>()
  const visit = (node: unknown, path: Segment[]) => {
    order.set(formatPath(path), order.size)
    if (Array.isArray(node)) node.forEach((v, i) => visit(v, [...path, i]))
    else if (node !== null && typeof node === 'object') for (const [k, v] of Object.entries(node)) visit(v, [...path, k])
  }
  visit(value, [])
  const rank = (p: SchemaProblem) => order.get(formatPath(p.segments)) ?? order.get(formatPath(p.segments.slice(0, -1))) ?? Infinity
  return problems.map((p, i) => ({ p, i })).sort((a, b) => rank(a.p) - rank(b.p) || a.i - b.i).map(({ p }) => p)
}

/** A schema with its $ref followed (the referring schema's own keywords kept over the target's). */
export function resolveSchema(schema: JsonSchema, root: JsonSchema): JsonSchema {
  let s = schema
  while (s.$ref) {
    const name = s.$ref.replace(/^#\/\$defs\//, '')
    const target = root.$defs?.[name]
    if (!target) throw new Error(`schema reference ${s.$ref} not found`)
    s = { ...target, ...Object.fromEntries(Object.entries(s).filter(([k]) => k !== '$ref')) }
  }
  return s
}

export function typeOf(value: unknown): JsonType {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'array'
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number'
  return typeof value as JsonType
}

export function typeMatches(value: unknown, type: JsonType): boolean {
  const actual = typeOf(value)
  return actual === type || (type === 'number' && actual === 'integer')
}

const ARTICLE: Record<JsonType, string> = {
  object: 'a mapping', array: 'a list', string: 'a string', integer: 'an integer',
  number: 'a number', boolean: 'true or false', null: 'nothing',
}

export function describeExpected(schema: JsonSchema, root: JsonSchema): string {
  const s = resolveSchema(schema, root)
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

export function describeValue(value: unknown): string {
  const t = typeOf(value)
  if (t === 'string') return `"${String(value).slice(0, 60)}"`
  if (t === 'object') return 'a mapping'
  if (t === 'array') return 'a list'
  if (t === 'null') return 'nothing (null)'
  return String(value)
}

function editDistance(a: string, b: string): number {
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
