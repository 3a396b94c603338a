import { resolveSchema, describeExpected, describeValue, didYouMean, formatPath, typeOf, typeMatches, type JsonSchema, type SchemaProblem } from '../../shared/config/schema-validate.js'
import type { Segment } from '../../shared/config/yaml.js'

// The hand-written schema walker Glidepath used before @cfworker/json-schema (issue 27), kept only as the
// reference the new wording is compared with: same problems, same words, for every case of the corpus.

export function legacyValidate(value: unknown, schema: JsonSchema, root: JsonSchema = schema): SchemaProblem[] {
  const problems: SchemaProblem[] = []
  check(value, schema, root, [], problems)
  return problems
}


function check(value: unknown, schemaIn: JsonSchema, root: JsonSchema, path: Segment[], out: SchemaProblem[]): void {
  const schema = resolveSchema(schemaIn, root)
  const at = formatPath(path)
  const push = (message: string, extra: Partial<SchemaProblem> = {}) =>
    out.push({ segments: path, path: at, message, expected: describeExpected(schema, root), ...extra })

  if (schema.anyOf) {
    const branches = schema.anyOf.map((b) => legacyValidate(value, b, root))
    if (branches.some((b) => b.length === 0)) return
    // Report the branch whose type matched, if any; its problems are the useful ones.
    const typed = schema.anyOf.findIndex((b) => {
      const r = resolveSchema(b, root)
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
        for (const p of legacyValidate(key, schema.propertyNames, root)) {
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

