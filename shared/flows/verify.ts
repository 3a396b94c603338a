import { GlidepathError } from '../errors/index.js'
import { formatDuration, sleep } from '../time/duration.js'
import { finish, type DeploymentRecord } from '../state/record.js'
import { analyse, metricRules, emptyJudgement, type BaselineMeasurement, type Measurement, type MetricCounters, type MetricResult } from '../analysis/analyse.js'
import { createMetricSource } from '../metrics/index.js'
import { tellGitHub } from '../github/integration.js'
import { contract, undoFor } from '../database/on-demand.js'
import type { DatabaseRecord } from '../database/lifecycle.js'
import type { Exec } from './effects.js'
import type { MetricConfig, VerifyConfig } from '../config/types.js'
import type { Provider } from '../providers/types.js'

// Verify windows (SPEC 3.2): once a version serves all traffic (a rolling or blue-green deploy, a
// promoted canary), it is watched for `verify.window`, every `verify.interval`. Metrics with
// `compare: previous` are judged against the version that served before, measured just before the
// switch (its figures are kept with the record). A failure rolls the previous version back when
// rollback.automatic is set, and fails the step either way.

const BASELINE_WINDOW_MS = 5 * 60_000

export interface VerifySummary {
  result: 'passed' | 'failed' | 'interrupted'
  window: string
  reason: string
  baseline?: Record<string, BaselineMeasurement>
  analysis?: MetricResult[]
}

/** The verify section's window and interval, as the environment was resolved with them. */
function verifyDurations(x: Exec): { window: number; interval: number } {
  const d = x.target.environment.durations.verify
  if (!d) throw new Error(`environment ${x.target.environment.name} has no verify section`)
  return d
}

export function verifyConfig(x: Exec, skip: boolean): VerifyConfig | undefined {
  return skip ? undefined : x.target.environment.config.verify
}

/** The version now serving is judged in the verify window; the probe source reaches it as the stable version. */
function liveView(provider: Provider): Provider {
  return Object.assign(Object.create(provider) as Provider, { canaryEndpoint: async () => (await provider.stableEndpoint?.()) ?? (await provider.canaryEndpoint?.()) })
}

function sourcesFor(x: Exec, cfg: VerifyConfig, metrics: MetricConfig[]) {
  const provider = liveView(x.target.provider)
  const analysis = { prometheus: cfg.prometheus ?? x.target.environment.config.canary?.analysis?.prometheus }
  const byKey = new Map<string, ReturnType<typeof createMetricSource>>()
  return metrics.map((m) => {
    const key = `${m.source} ${m.url ?? ''}`
    if (!byKey.has(key)) byKey.set(key, createMetricSource(m, provider, analysis, x.target.environment.key))
    return byKey.get(key) as ReturnType<typeof createMetricSource>
  })
}

const asBaseline = (m: Measurement, label: string): BaselineMeasurement => ({ value: m.value, requests: m.requests, events: m.events, histogram: m.histogram, label, fixed: true })

/**
 * The previous version's figures for every `compare: previous` metric, measured while it still serves
 * (just before the switch): the router's or Prometheus's last few minutes, or a probe now.
 */
export async function measurePrevious(x: Exec, cfg: VerifyConfig | undefined, previous: string | null): Promise<Record<string, BaselineMeasurement> | undefined> {
  const metrics = (cfg?.metrics ?? []).filter((m) => m.compare === 'previous')
  if (!cfg || !previous || metrics.length === 0) return undefined
  const windowMs = Math.min(verifyDurations(x).window, BASELINE_WINDOW_MS)
  const sources = sourcesFor(x, cfg, metrics)
  const out: Record<string, BaselineMeasurement> = {}
  await Promise.all(metrics.map(async (m, i) => {
    const got = await sources[i].measure({ ...m, compare: undefined }, { canaryVersion: previous, stableVersion: previous, environment: x.target.environment.name, target: x.target.environment.target, intervalMs: windowMs })
    if (!got.error && got.value !== null) out[m.name] = asBaseline(got, `${previous} before the switch`)
    else x.runtime.warning(`verify: could not measure ${previous} for ${m.name} before the switch (${got.error ?? 'no data'}); that metric is judged by its own bounds only.`)
  }))
  x.runtime.info(`verify: measured ${previous} before the switch: ${Object.entries(out).map(([k, b]) => `${k} ${b.value === null ? 'n/a' : b.value.toPrecision(3)} over ${b.requests ?? '?'} requests`).join('; ') || 'nothing usable'}.`)
  return out
}

/**
 * Watches `version` for the verify window. Returns what happened; the caller records it and, on a
 * failure, restores the previous version (rollback.automatic) and fails the step.
 */
export async function watch(x: Exec, cfg: VerifyConfig, version: string, baseline: Record<string, BaselineMeasurement> | undefined): Promise<VerifySummary> {
  const { window: windowMs, interval: intervalMs } = verifyDurations(x)
  // A comparison with no baseline (a first deploy, a source that could not measure it) falls back to its bounds.
  const metrics = cfg.metrics
    .map((m) => (m.compare === 'previous' && !baseline?.[m.name] ? { ...m, compare: undefined } : m))
    .filter((m) => m.compare || m.min !== undefined || m.max !== undefined || m.consecutiveFailures !== undefined || m.source === 'probe')
  if (metrics.length === 0) return { result: 'passed', window: formatDuration(windowMs), reason: 'nothing to judge: no baseline for the comparisons and no bounds', baseline }
  const rules = metricRules({ minRequests: cfg.minRequests, onNoData: cfg.onNoData ?? 'pass', metrics })
  const sources = sourcesFor(x, cfg, metrics)
  x.runtime.info(`verify: watching ${version} for ${formatDuration(windowMs)}, every ${formatDuration(intervalMs)}.`)
  const deadline = Date.now() + windowMs
  let counters: Record<string, MetricCounters> = {}
  let judgement = emptyJudgement()
  let last: MetricResult[] = []
  while (Date.now() < deadline) {
    await sleep(Math.min(intervalMs, Math.max(0, deadline - Date.now())))
    const measurements = await Promise.all(metrics.map(async (m, i) => {
      const got = await sources[i].measure({ ...m, compare: undefined }, { canaryVersion: version, stableVersion: version, environment: x.target.environment.name, target: x.target.environment.target, intervalMs })
      return m.compare && baseline?.[m.name] && !got.error ? { ...got, baseline: baseline[m.name] } : got
    }))
    const r = analyse(rules, measurements, counters, judgement, { canaryShare: 1, intervalMs })
    counters = r.counters
    judgement = r.judgement
    last = r.results
    x.runtime.info(`  verify: ${r.results.map((v) => `${v.metric}: ${v.verdict} (${v.detail})`).join('; ')}`)
    if (r.decision === 'abort') return { result: 'failed', window: formatDuration(windowMs), reason: r.reason, baseline, analysis: r.results }
  }
  return { result: 'passed', window: formatDuration(windowMs), reason: `no regression in ${formatDuration(windowMs)}`, baseline, analysis: last }
}

/**
 * The end of a verify window: success, or a failure that restores `previous` (rollback.automatic)
 * like a failed canary: the version's record ends `failure`, the previous record is stable again.
 */
export async function concludeVerify(x: Exec, record: DeploymentRecord, previous: { version: string; recordId: string } | null, summary: VerifySummary): Promise<DeploymentRecord> {
  const { store, provider, environment, github } = x.target
  const verify = { result: summary.result, window: summary.window, reason: summary.reason, baseline: summary.baseline, analysis: summary.analysis }
  if (summary.result === 'passed') {
    let done = finish({ ...record, phase: 'stable', verify }, 'success')
    store.saveRecord(done, { pending: null })
    const contracted = await contract(x, done)
    if (contracted) {
      done = { ...done, database: { ...done.database, contract: contracted } }
      store.saveRecord(done)
    }
    x.runtime.info(`verify: ${record.version} passed (${summary.reason}).`)
    if (github && done.deploymentId) await tellGitHub(x.runtime, 'verified', () => github.succeed(done.deploymentId as string, environment, `${record.version} is live and verified (${summary.window})`))
    return done
  }
  const automatic = environment.config.rollback?.automatic === true && previous !== null
  const reason = `verify failed after ${record.version} went live: ${summary.reason}`
  let undone: DatabaseRecord | undefined
  if (automatic && previous) {
    x.runtime.warning(`${reason}. Rolling back to ${previous.version} (rollback.automatic).`)
    await provider.rollback(previous.version, record.version, x.timeoutMs)
    undone = await undoFor(x, record, previous.version)
  }
  const failed = finish({ ...record, phase: 'stable', verify, ...(automatic && previous ? { rollback: { from: record.version, to: previous.version, reason } } : {}), ...(undone ? { database: { ...record.database, ...undone } } : {}) }, 'failure', reason)
  store.saveRecord(failed, { pending: null, ...(automatic && previous ? { stable: previous, standby: null } : {}) })
  if (github && failed.deploymentId) await tellGitHub(x.runtime, 'verify failed', () => github.fail(failed.deploymentId as string, reason))
  throw new GlidepathError('GP-VERIFY-001', `${reason}.${automatic && previous ? ` ${previous.version} serves again.` : ' It keeps serving: roll back with the rollback action, or set rollback.automatic.'}`, {
    fix: 'See the verify analysis in the summary; fix the regression and deploy again.',
  })
}
