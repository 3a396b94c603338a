import { retry } from '../time/retry.js'
import { sleep } from '../time/duration.js'
import { httpRequest, describeFetchError, type HttpResult } from '../http/request.js'
import { readJsonPath } from './jsonpath.js'
import type { SmokeCheck, StatusRule, VersionProbe } from './checks.js'

// Runs smoke checks: concurrently up to a bound, each with retries and backoff, under one deadline.

export interface CheckResult {
  name: string
  passed: boolean
  attempts: number
  url: string
  status?: number
  durationMs?: number
  /** What was expected and what came back, for the annotation. */
  failure?: string
  excerpt?: string
}

export interface RunOptions {
  baseUrl?: string
  concurrency: number
  deadline: number
  /** Extra attempts on top of each check's own retries setting, when given as an input. */
  retries?: number
}

class CheckFailed extends Error {
  constructor(message: string, readonly result: Partial<CheckResult>) {
    super(message)
  }
}

export function statusMatches(status: number, rules: StatusRule[]): boolean {
  return rules.some((r) => (typeof r === 'number' ? r === status : Math.floor(status / 100) === Number(r[0])))
}

export function resolveUrl(check: { path?: string; url?: string }, baseUrl?: string): string {
  if (check.url) return check.url
  if (!baseUrl) throw new Error(`check needs the url input (it gives path ${check.path})`)
  return baseUrl.replace(/\/+$/, '') + check.path
}

function excerpt(body: string): string {
  const flat = body.replace(/\s+/g, ' ').trim()
  return flat.length > 200 ? `${flat.slice(0, 200)}…` : flat
}

export function assertResponse(check: SmokeCheck, res: HttpResult): string | undefined {
  const e = check.expect
  if (!statusMatches(res.status, e.status)) return `expected status ${e.status.join(' or ')}, got ${res.status}`
  if (e.bodyContains !== undefined && !res.body.includes(e.bodyContains)) return `expected the body to contain "${e.bodyContains}"`
  if (e.bodyMatches && !e.bodyMatches.test(res.body)) return `expected the body to match /${e.bodyMatches.source}/`
  if (e.json) {
    let parsed: unknown
    try { parsed = JSON.parse(res.body) } catch { return 'expected a JSON body, got something else' }
    for (const [path, want] of Object.entries(e.json)) {
      const got = readJsonPath(parsed, path)
      if (!got.found) return `expected ${path} in the JSON body, it is missing`
      if (want !== null && typeof want === 'object' && (want as { exists?: boolean }).exists === true) continue
      if (JSON.stringify(got.value) !== JSON.stringify(want)) return `expected ${path} = ${JSON.stringify(want)}, got ${JSON.stringify(got.value)}`
    }
  }
  for (const [name, want] of Object.entries(e.header ?? {})) {
    const got = res.headers.get(name)
    if (got === null) return `expected header ${name}, it is missing`
    if (!got.includes(want)) return `expected header ${name} to contain "${want}", got "${got}"`
  }
  if (e.maxLatencyMs !== undefined && res.durationMs > e.maxLatencyMs) return `expected an answer within ${e.maxLatencyMs}ms, took ${Math.round(res.durationMs)}ms`
  return undefined
}

export async function runCheck(check: SmokeCheck, options: RunOptions): Promise<CheckResult> {
  const url = resolveUrl(check, options.baseUrl)
  let attempts = 0
  try {
    return await retry(async () => {
      attempts++
      let res: HttpResult
      try {
        res = await httpRequest(url, { method: check.method, headers: check.headers, body: check.body, timeoutMs: Math.min(check.timeoutMs, Math.max(1, options.deadline - Date.now())) })
      } catch (e) {
        throw new CheckFailed(`request failed: ${describeFetchError(e)}`, {})
      }
      const failure = assertResponse(check, res)
      const detail = { status: res.status, durationMs: Math.round(res.durationMs), excerpt: excerpt(res.body) }
      if (failure) throw new CheckFailed(failure, detail)
      return { name: check.name, passed: true, attempts, url, ...detail, excerpt: undefined }
    }, { retries: options.retries ?? check.retries, baseMs: 250, maxMs: 5000, deadline: options.deadline })
  } catch (e) {
    const f = e instanceof CheckFailed ? e : new CheckFailed(String(e), {})
    return { name: check.name, passed: false, attempts, url, ...f.result, failure: f.message }
  }
}

export async function runChecks(checks: SmokeCheck[], options: RunOptions): Promise<CheckResult[]> {
  const results: CheckResult[] = new Array(checks.length)
  let next = 0
  const worker = async () => {
    while (next < checks.length) {
      const i = next++
      results[i] = await runCheck(checks[i], options)
    }
  }
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency, checks.length)) }, worker))
  return results
}

export type VersionVerdict = 'ok' | 'old-version-serving' | 'down' | 'wrong-content'

/** Polls until the environment serves `expected` or the deadline passes; says what it saw last. */
export async function waitForVersion(baseUrl: string, probe: VersionProbe, expected: string, deadline: number, pollMs = 500): Promise<{ verdict: VersionVerdict; seen?: string }> {
  let last: { verdict: VersionVerdict; seen?: string } = { verdict: 'down' }
  for (;;) {
    last = await readVersion(baseUrl, probe, expected)
    if (last.verdict === 'ok' || Date.now() + pollMs > deadline) return last
    await sleep(pollMs)
  }
}

async function readVersion(baseUrl: string, probe: VersionProbe, expected: string): Promise<{ verdict: VersionVerdict; seen?: string }> {
  const url = baseUrl.replace(/\/+$/, '') + (probe.path ?? '/')
  let res: HttpResult
  try {
    res = await httpRequest(url, { timeoutMs: 5000 })
  } catch {
    return { verdict: 'down' }
  }
  if (res.status >= 500) return { verdict: 'down', seen: `status ${res.status}` }
  let seen: string | undefined
  if (probe.header) seen = res.headers.get(probe.header) ?? undefined
  else if (probe.json) {
    try { const got = readJsonPath(JSON.parse(res.body), probe.json); seen = got.found ? String(got.value) : undefined } catch { seen = undefined }
  } else seen = res.body.trim()
  if (seen === undefined) return { verdict: 'wrong-content' }
  return { verdict: seen === expected ? 'ok' : 'old-version-serving', seen }
}
