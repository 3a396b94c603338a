import { writeFileSync, mkdirSync, existsSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { GlidepathError } from '../errors/index.js'
import { isInside } from '../files/paths.js'
import { loadChecks, type SmokePlan, type FailureKind } from '../smoke/checks.js'
import { runChecks, waitForVersion, type CheckResult, type VersionVerdict } from '../smoke/run.js'
import { redactUrl } from '../http/request.js'
import type { CommonSettings, Target } from './target.js'
import { Markdown, raw } from '../report/md.js'
import { targetHeaders } from '../traffic/cohorts.js'
import { routerOf } from '../config/routers.js'
import type { Runtime } from '../runtime/runtime.js'

export interface SmokeSettings extends CommonSettings {
  url?: string
  checks?: string
  expectVersion?: string
  concurrency: number
  retries?: number
  /** How long the checks may take in all, in milliseconds. */
  timeoutMs: number
  junit?: string
  retryOn?: FailureKind[]
  /** Which release the checks reach through the router: any (as users do), the canary or stable alone. */
  target?: 'any' | 'canary' | 'stable'
}

export interface SmokeOutcome {
  results: CheckResult[]
  passed: boolean
  versionVerdict?: VersionVerdict
  seenVersion?: string
}

const SECRET_HEADER = /authorization|cookie|token|secret|api-key|apikey|password/i

export async function smokeTest(runtime: Runtime, settings: SmokeSettings): Promise<SmokeOutcome> {
  let url = settings.url
  let checksSpec = settings.checks
  const workspace = runtime.context.workspace
  let plan: SmokePlan | undefined = checksSpec ? loadChecks(checksSpec, workspace, runtime.env) : undefined
  const needsUrl = !plan || Boolean(settings.expectVersion) || plan.checks.some((c) => !c.url)
  const pinned = settings.target && settings.target !== 'any' ? settings.target : undefined
  let routeHeaders: Record<string, string> | undefined
  let opened: Target | undefined
  if (!url && needsUrl || !checksSpec || pinned) {
    // Fall back to the environment's url and smoke section, when there is a config.
    if (existsSync(resolve(workspace, settings.config)) || !checksSpec) {
      // The environment's target (state, provider) loads only when the checks need it: a chunk of its own.
      const { openTarget } = await import('./target.js')
      const targeting = await openTarget(runtime, settings)
      if (targeting.kind === 'target') {
        opened = targeting.target
        const env = targeting.target.environment
        url ??= env.config.smoke?.url ?? env.url
        checksSpec ??= env.config.smoke?.checks
        if (pinned) {
          routeHeaders = targetHeaders(env.config, env.provider, pinned)
          if (!routeHeaders) {
            throw new GlidepathError('GP-INPUT-001', `target ${pinned}: environment ${env.name} routes through ${routerOf(env.config, env.provider) ?? 'no router'}, which offers no way to reach the ${pinned} alone.`, {
              fix: pinned === 'canary' ? 'Add a canary.match rule (a header or cookie the router sends to the canary), or use the local router; or point url at the canary\'s own address.' : 'Point url at the stable release\'s own address, or use target any.',
            })
          }
        }
      }
    }
    if (pinned && !routeHeaders) throw new GlidepathError('GP-INPUT-001', `target ${pinned} needs the environment's config to know how to reach the ${pinned}.`, { fix: 'Keep the config file in the repository (the config input), or use target any.' })
  }
  if (!checksSpec) throw new GlidepathError('GP-SMOKE-001', 'No smoke checks: neither the `checks` input nor the environment\'s smoke.checks is set.', { fix: 'Pass `checks` (a file path or inline YAML), or set smoke.checks in the environment.' })
  plan ??= loadChecks(checksSpec, workspace, runtime.env)
  if (routeHeaders) {
    runtime.info(`Checks go to the ${pinned} alone (${Object.keys(routeHeaders).join(', ')}).`)
    for (const c of plan.checks) c.headers = { ...routeHeaders, ...c.headers }
  }
  // A private preview lets in only its token: the checks under its url carry it (never one with a url of its own).
  // The config and the state are read for this (a chunk of its own) only when the run can be a private
  // preview's: a pull request's event, a named environment or a schedule (config/resolve.ts), and a config.
  const ctx = runtime.context
  const mayBePreview = Boolean(settings.environment || ctx.dispatchEnvironment || ctx.eventName.startsWith('pull_request') || ctx.eventName === 'schedule')
  const access = opened || settings.configText || (mayBePreview && existsSync(resolve(workspace, settings.config))) ? (await import('./smoke-access.js')).previewHeaders(runtime, settings, opened) : undefined
  if (access) {
    runtime.info('The preview is private (previews.private): the checks under its url send its token.')
    for (const [, token] of Object.entries(access)) runtime.mask(token)
    for (const c of plan.checks) if (!c.url) c.headers = { ...access, ...c.headers }
  }
  if (url) maskUrlCredentials(runtime, url)
  for (const s of plan.secrets) runtime.mask(s)
  for (const c of plan.checks) for (const [k, v] of Object.entries(c.headers)) if (SECRET_HEADER.test(k)) runtime.mask(v)
  const missingUrl = plan.checks.find((c) => !c.url && !url)
  if (missingUrl) throw new GlidepathError('GP-SMOKE-001', `Check "${missingUrl.name}" gives a path but there is no url to put it under.`, { fix: 'Pass the `url` input or set the environment\'s url.' })
  if (settings.junit && !isInside(workspace, settings.junit)) throw new GlidepathError('GP-INPUT-003', `junit path "${settings.junit}" leaves the workspace.`, { fix: 'Write the report inside the workspace.' })
  const deadline = Date.now() + settings.timeoutMs
  const outcome: SmokeOutcome = { results: [], passed: false }

  if (settings.expectVersion) {
    if (!url) throw new GlidepathError('GP-SMOKE-001', 'expect-version needs the `url` input.', { fix: 'Pass url.' })
    const probe = plan.version ?? { header: 'x-version' }
    runtime.info(`Waiting until ${settings.expectVersion} serves (${probe.header ? `header ${probe.header}` : probe.json ? `JSON ${probe.json}` : `path ${probe.path}`}).`)
    const v = await waitForVersion(url, probe, settings.expectVersion, deadline, undefined, access)
    outcome.versionVerdict = v.verdict
    outcome.seenVersion = v.seen
    if (v.verdict !== 'ok') {
      outcome.results = [{ name: 'expect-version', passed: false, attempts: 0, url: redactUrl(url), failure: `${v.verdict}: expected version ${settings.expectVersion}${v.seen ? `, saw ${v.seen}` : ''}` }]
      return outcome
    }
  }
  outcome.results = await runChecks(plan.checks, { baseUrl: url, concurrency: settings.concurrency, deadline, retries: settings.retries, retryOn: settings.retryOn })
  outcome.passed = outcome.results.every((r) => r.passed)
  if (settings.junit) writeJunit(runtime, settings.junit, outcome.results)
  return outcome
}

function maskUrlCredentials(runtime: Runtime, url: string): void {
  try {
    const u = new URL(url)
    if (u.password) runtime.mask(decodeURIComponent(u.password))
    if (u.username && u.password) runtime.mask(decodeURIComponent(u.username))
  } catch { /* not a URL; the request will say so */ }
}

export function renderSmokeSummary(outcome: SmokeOutcome): string {
  const failed = outcome.results.filter((r) => !r.passed).length
  return new Markdown()
    .heading(raw(`Smoke test: ${failed ? `❌ ${failed} of ${outcome.results.length} failed` : `✅ ${outcome.results.length} passed`}`))
    .table(['check', 'result', 'status', 'time', 'attempts', 'detail'], outcome.results.map((r) => [
      r.name, raw(r.passed ? '✅' : '❌'), r.status ?? '', r.durationMs !== undefined ? `${r.durationMs}ms` : '', r.attempts, r.failure ?? '',
    ]))
    .toString()
}

function xml(s: string): string {
  return s.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c] as string).replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g, '')
}

function junitXml(results: CheckResult[]): string {
  const failures = results.filter((r) => !r.passed).length
  const time = (r: CheckResult) => ((r.durationMs ?? 0) / 1000).toFixed(3)
  const cases = results.map((r) => `  <testcase classname="smoke" name="${xml(r.name)}" time="${time(r)}">${r.passed ? '' : `\n    <failure message="${xml(r.failure ?? 'failed')}">${xml(`${r.url}\n${r.failure ?? ''}\n${r.excerpt ?? ''}`)}</failure>\n  `}</testcase>`)
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuite name="glidepath-smoke" tests="${results.length}" failures="${failures}">\n${cases.join('\n')}\n</testsuite>\n`
}

function writeJunit(runtime: Runtime, path: string, results: CheckResult[]): void {
  if (!isInside(runtime.context.workspace, path)) throw new GlidepathError('GP-INPUT-003', `junit path "${path}" leaves the workspace.`, { fix: 'Write the report inside the workspace.' })
  const file = resolve(runtime.context.workspace, path)
  mkdirSync(dirname(file), { recursive: true })
  writeFileSync(file, junitXml(results))
}
