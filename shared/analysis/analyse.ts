import { parseDuration } from '../time/duration.js'
import type { AnalysisConfig, MetricConfig } from '../config/types.js'

// Canary analysis as a pure function: measurements in, verdicts and a decision out. No I/O here, so the
// rules (limits, the request-count guard, no-data policy, dry-run) are tested without any server.

export type Verdict = 'pass' | 'fail' | 'inconclusive' | 'error'
export type AnalysisDecision = 'continue' | 'abort' | 'hold'

export interface MetricRule {
  name: string
  min?: number
  max?: number
  failureLimit: number
  inconclusiveLimit: number
  errorLimit: number
  minRequests: number
  onNoData: 'hold' | 'fail' | 'pass'
  dryRun: boolean
  /** Unit the values are shown in ("ms" for latencies). */
  unit: string
}

/** One measurement of one metric over one interval. `value: null` means no data (empty or NaN). */
export interface Measurement {
  metric: string
  value: number | null
  /** Requests behind the value, when the source knows (the guard needs it). */
  requests?: number
  /** The source failed (unreachable, bad answer): counts against errorLimit, never as a pass. */
  error?: string
}

export interface MetricCounters {
  pass: number
  fail: number
  inconclusive: number
  error: number
}

export interface MetricResult {
  metric: string
  verdict: Verdict
  value: number | null
  requests?: number
  detail: string
  dryRun: boolean
}

export interface AnalysisResult {
  decision: AnalysisDecision
  reason: string
  results: MetricResult[]
  counters: Record<string, MetricCounters>
}

export function metricRules(analysis: AnalysisConfig | undefined): MetricRule[] {
  return (analysis?.metrics ?? []).map((m) => ruleOf(m, analysis ?? {}))
}

function bound(v: number | string | undefined): number | undefined {
  if (v === undefined) return undefined
  return typeof v === 'number' ? v : parseDuration(v)
}

function ruleOf(m: MetricConfig, a: AnalysisConfig): MetricRule {
  const isRate = m.metric === 'error-rate' || m.metric === 'success-rate' || m.metric?.startsWith('latency')
  return {
    name: m.name,
    min: bound(m.min),
    max: bound(m.max),
    failureLimit: m.failureLimit ?? a.failureLimit ?? 0,
    inconclusiveLimit: m.inconclusiveLimit ?? a.inconclusiveLimit ?? Number.POSITIVE_INFINITY,
    errorLimit: m.errorLimit ?? a.errorLimit ?? 4,
    minRequests: m.minRequests ?? a.minRequests ?? (isRate ? 1 : 0),
    onNoData: a.onNoData ?? 'hold',
    dryRun: m.dryRun ?? false,
    unit: m.metric?.startsWith('latency') ? 'ms' : '',
  }
}

export const emptyCounters = (): MetricCounters => ({ pass: 0, fail: 0, inconclusive: 0, error: 0 })

export function judge(rule: MetricRule, m: Measurement | undefined): MetricResult {
  const base = { metric: rule.name, value: m?.value ?? null, requests: m?.requests, dryRun: rule.dryRun }
  if (!m) return { ...base, verdict: 'error', detail: 'no measurement was taken' }
  if (m.error) return { ...base, verdict: 'error', detail: m.error }
  const noData = m.value === null || Number.isNaN(m.value)
  const tooFew = m.requests !== undefined && m.requests < rule.minRequests
  if (noData || tooFew) {
    const why = tooFew ? `${m.requests} request(s), below minRequests ${rule.minRequests}` : 'no data'
    if (rule.onNoData === 'fail') return { ...base, value: noData ? null : m.value, verdict: 'fail', detail: `${why} (onNoData: fail)` }
    if (rule.onNoData === 'pass') return { ...base, value: noData ? null : m.value, verdict: 'pass', detail: `${why} (onNoData: pass)` }
    return { ...base, value: noData ? null : m.value, verdict: 'inconclusive', detail: why }
  }
  const v = m.value as number
  const fmt = (n: number) => `${Number.isInteger(n) ? String(n) : n.toPrecision(3)}${rule.unit}`
  if (rule.max !== undefined && v > rule.max) return { ...base, verdict: 'fail', detail: `${fmt(v)} > max ${fmt(rule.max)}` }
  if (rule.min !== undefined && v < rule.min) return { ...base, verdict: 'fail', detail: `${fmt(v)} < min ${fmt(rule.min)}` }
  return { ...base, verdict: 'pass', detail: `${fmt(v)} within ${rule.min !== undefined ? `min ${fmt(rule.min)}` : ''}${rule.min !== undefined && rule.max !== undefined ? ', ' : ''}${rule.max !== undefined ? `max ${fmt(rule.max)}` : ''}` }
}


/**
 * One interval: judge every metric, add to the step's counters (they reset each step), and decide.
 * A metric aborts when its failures exceed failureLimit or its errors exceed errorLimit; dry-run
 * metrics are judged and reported but never decide.
 */
export function analyse(rules: MetricRule[], measurements: Measurement[], previous: Record<string, MetricCounters> = {}): AnalysisResult {
  const counters: Record<string, MetricCounters> = {}
  const results: MetricResult[] = []
  const reasons: string[] = []
  let decision: AnalysisDecision = 'continue'
  for (const rule of rules) {
    const result = judge(rule, measurements.find((m) => m.metric === rule.name))
    const c = { ...(previous[rule.name] ?? emptyCounters()) }
    c[result.verdict]++
    counters[rule.name] = c
    results.push(result)
    if (rule.dryRun) continue
    if (c.fail > rule.failureLimit) {
      decision = 'abort'
      reasons.push(`${rule.name} failed ${c.fail} time(s), over failureLimit ${rule.failureLimit}: ${result.detail}`)
    } else if (c.error > rule.errorLimit) {
      decision = 'abort'
      reasons.push(`${rule.name} could not be measured ${c.error} time(s), over errorLimit ${rule.errorLimit}: ${result.detail}`)
    } else if (c.inconclusive > rule.inconclusiveLimit && decision !== 'abort') {
      decision = 'hold'
      reasons.push(`${rule.name} inconclusive ${c.inconclusive} time(s), over inconclusiveLimit ${rule.inconclusiveLimit}: ${result.detail}`)
    }
  }
  return { decision, reason: reasons.join('; ') || 'all metrics within bounds', results, counters }
}

/** At the end of a step's pause: continue only if every deciding metric passed at least once. */
export function closeStep(rules: MetricRule[], counters: Record<string, MetricCounters>): { decision: AnalysisDecision; reason: string } {
  const unproven = rules.filter((r) => !r.dryRun && (counters[r.name]?.pass ?? 0) === 0)
  if (unproven.length) {
    return { decision: 'hold', reason: `no passing measurement for ${unproven.map((r) => r.name).join(', ')} in this step (too little traffic or no data); holding, never a silent pass` }
  }
  return { decision: 'continue', reason: 'every metric passed in this step' }
}
