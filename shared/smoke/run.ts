import { retry } from '../time/retry.js'
import { sleep } from '../time/duration.js'
import { httpRequest, HttpError, keepAliveAgents, redactUrl, type HttpResult, type HttpOptions } from '../http/request.js'
import { readJsonPath } from './jsonpath.js'
import type { SmokeCheck, StatusRule, VersionProbe, HeaderRule, FailureKind } from './checks.js'

// Runs smoke checks: concurrently up to a bound, each with retries (exponential backoff with jitter)
// for the kinds of failure it names, all under one deadline.

export interface CheckResult {
  name: string
  passed: boolean
  attempts: number
  url: string
  status?: number
  durationMs?: number
  /** What was expected and what came back, for the annotation. */
  failure?: string
  kind?: FailureKind
  excerpt?: string
}

export interface RunOptions {
  baseUrl?: string
  concurrency: number
  deadline: number
  /** Overrides every check's retries, when given as an input. */
  retries?: number
  retryOn?: FailureKind[]
  now?: () => number
  agents?: HttpOptions['agents']
}

class CheckFailed extends Error {
  constructor(message: string, readonly kind: FailureKind, readonly result: Partial<CheckResult>) {
    super(message)
  }
}

function statusMatches(status: number, rules: StatusRule[]): boolean {
  return rules.some((r) => (typeof r === 'number' ? r === status : Math.floor(status / 100) === Number(r[0])))
}

function resolveUrl(check: { path?: string; url?: string }, baseUrl?: string): string {
  if (check.url) return check.url
  if (!baseUrl) throw new Error(`check needs the url input (it gives path ${check.path})`)
  return baseUrl.replace(/\/+$/, '') + check.path
}

function excerpt(body: string): string {
  const flat = body.replace(/\s+/g, ' ').trim()
  return flat.length > 200 ? `${flat.slice(0, 200)}…` : flat
}

function headerFails(name: string, got: string | null, rule: HeaderRule): string | undefined {
  if (rule.exists === false) return got === null ? undefined : `expected no ${name} header, got "${got}"`
  if (got === null) return `expected header ${name}, it is missing`
  if (rule.equals !== undefined && got !== rule.equals) return `expected ${name} = "${rule.equals}", got "${got}"`
  if (rule.matches && !rule.matches.test(got)) return `expected ${name} to match /${rule.matches.source}/, got "${got}"`
  if (rule.value !== undefined && got !== rule.value && got.split(';')[0].trim() !== rule.value) return `expected ${name} = "${rule.value}", got "${got}"`
  return undefined
}

function assertResponse(check: SmokeCheck, res: HttpResult, now = Date.now()): string | undefined {
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
  for (const [name, rule] of Object.entries(e.header ?? {})) {
    const failed = headerFails(name, res.headers.get(name), rule)
    if (failed) return failed
  }
  if (e.location) {
    const failed = headerFails('Location', res.headers.get('location'), e.location)
    if (failed) return failed
  }
  if (e.maxLatencyMs !== undefined && res.durationMs > e.maxLatencyMs) return `expected an answer within ${e.maxLatencyMs}ms, took ${Math.round(res.durationMs)}ms`
  if (e.tlsDaysLeft !== undefined) {
    if (!res.certificateValidTo) return 'expected a TLS certificate, the answer came without one'
    const days = Math.floor((res.certificateValidTo.getTime() - now) / 86_400_000)
    if (days < e.tlsDaysLeft) return `expected the certificate to be valid ${e.tlsDaysLeft} more days, it expires in ${days} (${res.certificateValidTo.toISOString().slice(0, 10)})`
  }
  return undefined
}

async function runCheck(check: SmokeCheck, options: RunOptions): Promise<CheckResult> {
  const target = resolveUrl(check, options.baseUrl)
  const url = redactUrl(target)
  const retryOn = options.retryOn ?? check.retryOn
  let attempts = 0
  try {
    return await retry(async () => {
      attempts++
      let res: HttpResult
      try {
        res = await httpRequest(target, { agents: options.agents, method: check.method, headers: check.headers, body: check.body, redirect: check.redirect, insecure: check.insecure, timeoutMs: Math.min(check.timeoutMs, Math.max(1, options.deadline - Date.now())) })
      } catch (e) {
        const kind: FailureKind = e instanceof HttpError && e.kind === 'timeout' ? 'timeout' : 'connect'
        throw new CheckFailed(`request failed: ${e instanceof Error ? e.message : String(e)}`, kind, {})
      }
      const failure = assertResponse(check, res, options.now?.())
      const detail = { status: res.status, durationMs: Math.round(res.durationMs), excerpt: excerpt(res.body) }
      if (failure) {
        const kind: FailureKind = res.status >= 500 ? '5xx' : res.status >= 400 && !statusMatches(res.status, check.expect.status) ? '4xx' : 'assertion'
        throw new CheckFailed(failure, kind, detail)
      }
      return { name: check.name, passed: true, attempts, url, status: detail.status, durationMs: detail.durationMs }
    }, {
      retries: options.retries ?? check.retries,
      baseMs: 250,
      maxMs: 5000,
      deadline: options.deadline,
      shouldRetry: (e) => e instanceof CheckFailed && retryOn.includes(e.kind),
    })
  } catch (e) {
    const f = e instanceof CheckFailed ? e : new CheckFailed(String(e), 'connect', {})
    return { name: check.name, passed: false, attempts, url, ...f.result, failure: f.message, kind: f.kind }
  }
}

export async function runChecks(checks: SmokeCheck[], options: RunOptions): Promise<CheckResult[]> {
  const results: CheckResult[] = new Array(checks.length)
  let next = 0
  const worker = async () => {
    while (next < checks.length) {
      const i = next++
      results[i] = await runCheck(checks[i], { ...options, agents: options.agents ?? agents })
    }
  }
  const agents = keepAliveAgents(options.concurrency)
  try {
    await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency, checks.length)) }, worker))
  } finally {
    agents.destroy()
  }
  return results
}

export type VersionVerdict = 'ok' | 'old-version-serving' | 'down' | 'wrong-content'

/** Polls until the environment serves `expected` or the deadline passes; says what it saw last. */
export async function waitForVersion(baseUrl: string, probe: VersionProbe, expected: string, deadline: number, pollMs = 500, headers?: Record<string, string>): Promise<{ verdict: VersionVerdict; seen?: string }> {
  for (;;) {
    const last = await readVersion(baseUrl, probe, expected, headers)
    if (last.verdict === 'ok' || Date.now() + pollMs > deadline) return last
    await sleep(pollMs)
  }
}

async function readVersion(baseUrl: string, probe: VersionProbe, expected: string, headers?: Record<string, string>): Promise<{ verdict: VersionVerdict; seen?: string }> {
  const url = baseUrl.replace(/\/+$/, '') + (probe.path ?? '/')
  let res: HttpResult
  try {
    res = await httpRequest(url, { timeoutMs: 5000, headers })
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
