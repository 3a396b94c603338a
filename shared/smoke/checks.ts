import { readFileSync, existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { GlidepathError, type Problem } from '../errors/index.js'
import { parseYamlWithPositions, lineAt } from '../config/yaml.js'
import { validateSchema } from '../config/schema-validate.js'
import { parseDuration } from '../time/duration.js'
import { isInside } from '../files/paths.js'
import { SMOKE_SCHEMA } from './schema.js'

// Smoke check files (SPEC 5.1): parsed, validated with every problem listed, and turned into plain
// check objects before any request is sent.

export type StatusRule = number | string
export type FailureKind = 'connect' | 'timeout' | '5xx' | '4xx' | 'assertion'
export interface HeaderRule {
  equals?: string
  matches?: RegExp
  exists?: boolean
  /** A bare value: equal, or equal to the part before ";" (so text/html matches text/html; charset=utf-8). */
  value?: string
}
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
  retryOn: FailureKind[]
  redirect: 'follow' | 'manual'
  insecure: boolean
  expect: {
    status: StatusRule[]
    bodyContains?: string
    bodyMatches?: RegExp
    json?: Record<string, unknown>
    header?: Record<string, HeaderRule>
    location?: HeaderRule
    maxLatencyMs?: number
    tlsDaysLeft?: number
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
  /** Values read from the environment or given as credentials: the caller masks them. */
  secrets: string[]
}

const DEFAULT_RETRY_ON: FailureKind[] = ['connect', 'timeout', '5xx']

/** Checks come from a file path or inline YAML; both are validated before any request is sent. */
export function loadChecks(spec: string, workspace: string, env: Record<string, string | undefined> = process.env): SmokePlan {
  const looksInline = spec.includes('\n') || /^\s*(checks|defaults|version)\s*:/.test(spec) || spec.trim().startsWith('{')
  if (looksInline) return parseChecks(spec, 'checks input', env)
  if (!isInside(workspace, spec)) throw new GlidepathError('GP-INPUT-003', `checks file "${spec}" leaves the workspace.`, { fix: 'Keep check files inside the repository.' })
  const file = resolve(workspace, spec)
  if (!existsSync(file)) throw new GlidepathError('GP-SMOKE-001', `No checks file at ${spec}.`, { fix: 'Create it or point `checks` at an existing file (or give the checks inline).' })
  return parseChecks(readFileSync(file, 'utf8'), spec, env)
}

type Raw = any // validated against SMOKE_SCHEMA before use

export function parseChecks(text: string, file: string, env: Record<string, string | undefined> = process.env): SmokePlan {
  const doc = parseYamlWithPositions(text, file)
  const problems: Problem[] = validateSchema(doc.value, SMOKE_SCHEMA).map((p) => ({ ...p, file, line: lineAt(doc.positions, p.segments, p.atKey) }))
  const raw = doc.value as Raw
  const secrets: string[] = []
  const add = (path: Array<string | number>, message: string, expected?: string) =>
    problems.push({ file, line: lineAt(doc.positions, path), path: path.map((s) => (typeof s === 'number' ? `[${s}]` : s)).join('.').replace(/\.\[/g, '['), message, expected })
  const secretValue = (v: Raw, path: Array<string | number>): string => {
    if (typeof v !== 'object' || v === null) return String(v)
    const value = env[v.env]
    if (value === undefined || value === '') {
      add(path, `environment variable ${v.env} is not set`, `${v.env} set in the step's env (e.g. from a secret)`)
      return ''
    }
    secrets.push(value)
    return value
  }
  const regex = (source: string, path: Array<string | number>): RegExp | undefined => {
    try {
      return new RegExp(source)
    } catch (e) {
      add(path, `not a regular expression: ${(e as Error).message}`)
      return undefined
    }
  }
  const headerRule = (r: Raw, path: Array<string | number>): HeaderRule =>
    typeof r === 'string' ? { value: r } : { equals: r.equals, exists: r.exists, matches: r.matches === undefined ? undefined : regex(r.matches, [...path, 'matches']) }

  let checks: SmokeCheck[] = []
  if (problems.length === 0) {
    const defTimeout = parseDuration(raw.defaults?.timeout ?? '5s')
    const defRetries = raw.defaults?.retries ?? 3
    const names = new Set<string>()
    checks = raw.checks.map((c: Raw, i: number): SmokeCheck => {
      const at = ['checks', i]
      if (!c.path && !c.url) add(at, 'needs path or url', 'path: /health or url: https://...')
      if (names.has(c.name)) add([...at, 'name'], `duplicate check name "${c.name}"`)
      names.add(c.name)
      const headers: Record<string, string> = {}
      for (const [k, v] of Object.entries<Raw>(c.headers ?? {})) headers[k] = secretValue(v, [...at, 'headers', k])
      if (c.auth?.bearer !== undefined) headers.Authorization = `Bearer ${secretValue(c.auth.bearer, [...at, 'auth', 'bearer'])}`
      if (c.auth?.basic) {
        const user = secretValue(c.auth.basic.username, [...at, 'auth', 'basic', 'username'])
        const pass = secretValue(c.auth.basic.password, [...at, 'auth', 'basic', 'password'])
        secrets.push(pass)
        headers.Authorization = `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`
      }
      if (headers.Authorization) secrets.push(headers.Authorization)
      const e = c.expect ?? {}
      return {
        name: c.name,
        method: c.method ?? 'GET',
        path: c.path,
        url: c.url,
        headers,
        body: c.body,
        timeoutMs: c.timeout !== undefined ? parseDuration(c.timeout) : defTimeout,
        retries: c.retries ?? defRetries,
        retryOn: c['retry-on'] ?? raw.defaults?.['retry-on'] ?? DEFAULT_RETRY_ON,
        redirect: c.redirect ?? 'follow',
        insecure: c.insecure ?? raw.defaults?.insecure ?? false,
        expect: {
          status: e.status === undefined ? (c.redirect === 'manual' ? ['3xx'] : ['2xx']) : Array.isArray(e.status) ? e.status : [e.status],
          bodyContains: e['body-contains'],
          bodyMatches: e['body-matches'] === undefined ? undefined : regex(e['body-matches'], [...at, 'expect', 'body-matches']),
          json: e.json,
          header: e.header ? Object.fromEntries(Object.entries<Raw>(e.header).map(([k, r]) => [k, headerRule(r, [...at, 'expect', 'header', k])])) : undefined,
          location: e.location === undefined ? undefined : headerRule(e.location, [...at, 'expect', 'location']),
          maxLatencyMs: e['max-latency'] !== undefined ? parseDuration(e['max-latency']) : undefined,
          tlsDaysLeft: e['tls-days-left'],
        },
      }
    })
    checks.forEach((c, i) => {
      if (c.expect.tlsDaysLeft !== undefined && c.url && !c.url.startsWith('https:')) add(['checks', i, 'expect', 'tls-days-left'], 'tls-days-left needs an https url')
    })
  }
  if (problems.length) {
    throw new GlidepathError('GP-SMOKE-001', `${file} has ${problems.length} problem(s); no request was sent.`, { problems, file, fix: 'Correct each problem listed, then run again.' })
  }
  return { checks, version: raw.version, source: file, secrets: secrets.filter((s) => s.length >= 3) }
}
