import { readFileSync, existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { GlidepathError, type Problem } from '../errors/index.js'
import { parseYamlWithPositions, lineAt } from '../config/yaml.js'
import { validateSchema } from '../config/schema-validate.js'
import { parseDuration } from '../time/duration.js'
import { isInside } from '../state/paths.js'
import { SMOKE_SCHEMA } from './schema.js'

export type StatusRule = number | string
export interface SmokeCheck {
  name: string
  method: string
  /** Either a path relative to the url input, or a full url. */
  path?: string
  url?: string
  headers: Record<string, string>
  body?: string
  timeoutMs: number
  retries: number
  expect: {
    status: StatusRule[]
    bodyContains?: string
    bodyMatches?: RegExp
    json?: Record<string, unknown>
    header?: Record<string, string>
    maxLatencyMs?: number
  }
}
export interface VersionProbe {
  header?: string
  json?: string
  path?: string
}
export interface SmokePlan {
  checks: SmokeCheck[]
  version?: VersionProbe
  source: string
}

/** Checks come from a file path or inline YAML; both are validated before any request is sent. */
export function loadChecks(spec: string, workspace: string): SmokePlan {
  const looksInline = spec.includes('\n') || /^\s*(checks|defaults|version)\s*:/.test(spec) || spec.trim().startsWith('{')
  if (looksInline) return parseChecks(spec, 'checks input')
  if (!isInside(workspace, spec)) throw new GlidepathError('GP-INPUT-003', `checks file "${spec}" leaves the workspace.`, { fix: 'Keep check files inside the repository.' })
  const file = resolve(workspace, spec)
  if (!existsSync(file)) throw new GlidepathError('GP-SMOKE-001', `No checks file at ${spec}.`, { fix: 'Create it or point `checks` at an existing file (or give the checks inline).' })
  return parseChecks(readFileSync(file, 'utf8'), spec)
}

export function parseChecks(text: string, file: string): SmokePlan {
  const doc = parseYamlWithPositions(text, file)
  const problems: Problem[] = validateSchema(doc.value, SMOKE_SCHEMA).map((p) => ({ ...p, file, line: lineAt(doc.positions, p.segments, p.atKey) }))
  const raw = doc.value as any
  if (problems.length === 0) {
    raw.checks.forEach((c: any, i: number) => {
      const line = lineAt(doc.positions, ['checks', i])
      if (!c.path && !c.url) problems.push({ file, line, path: `checks[${i}]`, message: 'needs path or url', expected: 'path: /health or url: https://...' })
      if (c.expect?.['body-matches']) {
        try { new RegExp(c.expect['body-matches']) } catch (e) { problems.push({ file, line, path: `checks[${i}].expect.body-matches`, message: `not a regular expression: ${(e as Error).message}` }) }
      }
    })
    const names = raw.checks.map((c: any) => c.name)
    names.forEach((n: string, i: number) => {
      if (names.indexOf(n) !== i) problems.push({ file, line: lineAt(doc.positions, ['checks', i, 'name']), path: `checks[${i}].name`, message: `duplicate check name "${n}"` })
    })
  }
  if (problems.length) {
    throw new GlidepathError('GP-SMOKE-001', `${file} has ${problems.length} problem(s); no request was sent.`, { problems, file, fix: 'Correct each problem listed, then run again.' })
  }
  const defTimeout = parseDuration(raw.defaults?.timeout ?? '5s')
  const defRetries = raw.defaults?.retries ?? 3
  const checks: SmokeCheck[] = raw.checks.map((c: any) => ({
    name: c.name,
    method: c.method ?? 'GET',
    path: c.path,
    url: c.url,
    headers: Object.fromEntries(Object.entries(c.headers ?? {}).map(([k, v]) => [k, String(v)])),
    body: c.body,
    timeoutMs: c.timeout !== undefined ? parseDuration(c.timeout) : defTimeout,
    retries: c.retries ?? defRetries,
    expect: {
      status: c.expect?.status === undefined ? ['2xx'] : Array.isArray(c.expect.status) ? c.expect.status : [c.expect.status],
      bodyContains: c.expect?.['body-contains'],
      bodyMatches: c.expect?.['body-matches'] ? new RegExp(c.expect['body-matches']) : undefined,
      json: c.expect?.json,
      header: c.expect?.header,
      maxLatencyMs: c.expect?.['max-latency'] !== undefined ? parseDuration(c.expect['max-latency']) : undefined,
    },
  }))
  return { checks, version: raw.version, source: file }
}
