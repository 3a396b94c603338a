import { parseEvents, constructFromEvents, getScalarValue, EVENT_ID, YAMLException, CORE_SCHEMA } from 'js-yaml'
import type { Event } from 'js-yaml'
import { GlidepathError } from '../errors/index.js'

// YAML with source positions: js-yaml's event stream is parsed once, the values are built from it and
// every value's line is kept so that validation problems can point at `file:line`.

export type Segment = string | number
export interface SourceMapEntry {
  line: number
  keyLine?: number
}
export interface PositionedDocument {
  value: unknown
  /** JSON-pointer-like key ("" for the root, "/environments/production") -> position. */
  positions: Map<string, SourceMapEntry>
  source: string
  file: string
}

const MAX_YAML_BYTES = 1024 * 1024
const MAX_ALIASES = 100
/** Values the document holds once every alias is expanded: a real config holds a few thousand. */
export const MAX_EXPANDED_VALUES = 100_000
/** Mappings and lists inside one another. */
export const MAX_NESTING = 64

export const pointer = (path: readonly Segment[]): string => path.map((s) => `/${s}`).join('')

export function lineAt(positions: Map<string, SourceMapEntry>, path: readonly Segment[], preferKey = false): number | undefined {
  // Walk up until some ancestor has a position (a missing key is reported at its parent).
  for (let n = path.length; n >= 0; n--) {
    const entry = positions.get(pointer(path.slice(0, n)))
    if (entry) return preferKey && n === path.length ? entry.keyLine ?? entry.line : entry.line
  }
  return undefined
}

export function parseYamlWithPositions(source: string, file: string): PositionedDocument {
  if (Buffer.byteLength(source) > MAX_YAML_BYTES) {
    throw new GlidepathError('GP-CONFIG-003', `${file} is larger than 1 MiB.`, {
      file,
      fix: 'Keep configuration and check files small; split large check lists into several files.',
    })
  }
  if (source.includes('\uFFFD')) {
    throw new GlidepathError('GP-CONFIG-003', `${file} is not valid UTF-8 text.`, {
      file,
      fix: 'Save the file as UTF-8.',
    })
  }
  let events: Event[]
  let value: unknown
  try {
    events = parseEvents(source, { filename: file })
    const docs = constructFromEvents(events, { source, filename: file, schema: CORE_SCHEMA, maxAliases: MAX_ALIASES })
    if (docs.length > 1) throw new Error('the file holds several YAML documents (---); keep one')
    value = docs[0] ?? null
    boundExpansion(value, file)
  } catch (e) {
    if (e instanceof GlidepathError) throw e
    const line = e instanceof YAMLException ? e.mark?.line : undefined
    throw new GlidepathError('GP-CONFIG-003', `${file} is not valid YAML: ${(e as Error).message.split('\n')[0]}`, {
      file,
      line: line === undefined ? undefined : line + 1,
      fix: 'Fix the YAML syntax at the line shown (indentation, quotes, a missing colon).',
    })
  }
  return { value, positions: positionsOf(events, source), source, file }
}

/**
 * Aliases share one value in memory, but everything that reads the document (validation, templating, the
 * environment's merge) walks it as a tree: a small file of aliases of aliases expands to billions of values.
 * Counted once over the shared graph (each value's expanded size remembered), so the count itself is linear
 * in the file; a value that holds itself is refused too.
 */
function boundExpansion(root: unknown, file: string): void {
  const seen = new Map<object, { size: number; height: number }>()
  const open = new Set<object>()
  const refuse = (what: string): never => {
    throw new GlidepathError('GP-CONFIG-003', `${file} ${what}.`, {
      file,
      fix: 'Write the values out instead of nesting anchors and aliases (&name, *name) inside one another.',
    })
  }
  const measure = (value: unknown, depth: number): { size: number; height: number } => {
    if (value === null || typeof value !== 'object') return { size: 1, height: 0 }
    const known = seen.get(value) ?? (open.has(value) ? refuse('holds a value that contains itself (an alias inside its own anchor)') : undefined)
    if (!known) {
      if (depth > MAX_NESTING) refuse(`nests mappings and lists more than ${MAX_NESTING} deep`)
      open.add(value)
      let size = 1
      let height = 1
      for (const child of Array.isArray(value) ? value : Object.values(value)) {
        const m = measure(child, depth + 1)
        size += m.size
        height = Math.max(height, m.height + 1)
        if (size > MAX_EXPANDED_VALUES) refuse(`expands to more than ${MAX_EXPANDED_VALUES.toLocaleString('en')} values once its aliases are expanded`)
      }
      open.delete(value)
      seen.set(value, { size, height })
      return { size, height }
    }
    if (depth + known.height > MAX_NESTING + 1) refuse(`nests mappings and lists more than ${MAX_NESTING} deep`)
    return known
  }
  measure(root, 0)
}

function positionsOf(events: Event[], source: string): Map<string, SourceMapEntry> {
  const lineStarts = [0]
  for (let i = 0; i < source.length; i++) if (source.charCodeAt(i) === 10) lineStarts.push(i + 1)
  const lineOf = (offset: number): number => {
    let lo = 0
    let hi = lineStarts.length - 1
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1
      if (lineStarts[mid] <= offset) lo = mid
      else hi = mid - 1
    }
    return lo + 1
  }
  interface Frame {
    path: Segment[]
    kind: 'map' | 'seq' | 'doc'
    key?: string
    keyLine?: number
    index: number
  }
  const positions = new Map<string, SourceMapEntry>()
  const stack: Frame[] = []
  for (const ev of events) {
    if (ev.type === EVENT_ID.POP) {
      stack.pop()
      continue
    }
    if (ev.type === EVENT_ID.DOCUMENT) {
      stack.push({ path: [], kind: 'doc', index: 0 })
      continue
    }
    const top = stack[stack.length - 1]
    const start = 'start' in ev ? ev.start : 'valueStart' in ev ? ev.valueStart : ev.anchorStart
    if (top?.kind === 'map' && top.key === undefined) {
      // A key. Only scalar keys get a name; complex keys are rare in config files.
      top.key = ev.type === EVENT_ID.SCALAR ? getScalarValue(source, ev) : `#${top.index}`
      top.keyLine = lineOf(Math.max(0, start))
      if (ev.type === EVENT_ID.MAPPING || ev.type === EVENT_ID.SEQUENCE) stack.push({ path: [], kind: 'seq', index: 0 })
      continue
    }
    let path: Segment[] = []
    let keyLine: number | undefined
    if (top?.kind === 'map') {
      path = [...top.path, top.key as string]
      keyLine = top.keyLine
      top.key = undefined
      top.index++
    } else if (top?.kind === 'seq') {
      path = [...top.path, top.index++]
    }
    positions.set(pointer(path), { line: lineOf(Math.max(0, start)), keyLine })
    if (ev.type === EVENT_ID.MAPPING) stack.push({ path, kind: 'map', index: 0 })
    else if (ev.type === EVENT_ID.SEQUENCE) stack.push({ path, kind: 'seq', index: 0 })
  }
  return positions
}
