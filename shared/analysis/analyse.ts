import { parseDuration } from '../time/duration.js'
import { REFERENCE_DECAY, emptySequential, updateCounts, updateAgainstRate, eValue, ratioEstimate, ratioInterval, slowCounts, requestsToDetectRate, rateUpperBound, rateBounds, powerOf, mixtureWeights, updateReference, requestsForPower, exposureSeen, TARGET_POWER, type SequentialState, type CountPair, type Alternative } from './sequential.js'
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
  /** Judge against a baseline version instead of (or besides) fixed bounds. */
  compare?: 'stable' | 'previous'
  test: 'fixed' | 'sequential'
  /** Bound on aborting a canary as good as its baseline, over the whole canary (sequential). */
  alpha: number
  /** Relative allowance over the baseline (0.5 = +50%). */
  allowance: number
  /** Absolute allowance over the baseline (fixed tests). */
  difference?: number
  /** Fail after this many failing intervals in a row (fixed comparisons default to 1; unset: failureLimit decides). */
  consecutiveFailures?: number
  /** What is compared: event counts (error rate), latency as slow-request counts, or plain values. */
  kind: 'counts' | 'latency' | 'value'
  /** Latency metrics: the quantile compared (0.95 for latency-p95). */
  quantile?: number
  /** Sequential tests plan their evidence to detect this regression (a multiple of the allowance's ratio). */
  detectRatio: number
  /**
   * The smallest regression worth catching in absolute terms: a share of requests for error rates (0.05 =
   * 5 points), milliseconds for latencies. A material regression is the larger of it and the relative one.
   */
  minEffect: number
  /** Sequential tests against stable: the power against a material regression a promotion needs. */
  power: number
}

export interface BaselineMeasurement {
  value: number | null
  requests?: number
  /** Events among the requests (errors), when the source counts them. */
  events?: number
  /** Latency histogram, [upper bound ms, count] buckets, when the source keeps one. */
  histogram?: Array<[number, number]>
  /** What the baseline is: its version, or "the previous version before the switch". */
  label?: string
  /** Measured once, before the switch (verify, compare: previous), not over the same interval. */
  fixed?: boolean
}

/** The evidence behind a judgement against a baseline (shown in the log, the summary and the record). */
export interface Evidence {
  test: 'fixed' | 'sequential'
  baseline: number | null
  /** The canary's bound this interval (fixed), or the ratio tested (sequential: rate ratio <= bound). */
  bound: number
  eValue?: number
  pValue?: number
  /** The canary's rate (or slow share) over the baseline's, and a (1 - alpha) interval for it. */
  estimate?: number | null
  interval?: [number, number] | null
  canaryRequests: number
  baselineRequests: number
  /** Sequential: requests the step needs to detect the planned regression, and when that is likely. */
  requiredRequests?: number
  etaSeconds?: number
  /**
   * Sequential against stable: harm (proven worse), safe (an always-valid bound excludes a material
   * regression), powered (the test so far would have caught one), step (no harm, and the step's
   * minRequests; enough before the last step), short (not yet enough to promote).
   */
  status?: 'harm' | 'safe' | 'powered' | 'step' | 'short'
  /** The chance the test so far would have caught a material regression. */
  power?: number
  /** What a material regression is here, in words. */
  material?: string
  /** Always-valid upper bound on the canary's rate (errors, or slow share) and the rate that is material. */
  upperBound?: number
  materialRate?: number
}

/** One measurement of one metric over one interval. `value: null` means no data (empty or NaN). */
export interface Measurement {
  metric: string
  value: number | null
  /** Requests behind the value, when the source knows (the guard needs it). */
  requests?: number
  /** Events among the requests (errors), when the source counts them (comparisons need counts). */
  events?: number
  /** Latency histogram, [upper bound ms, count] buckets, when the source keeps one. */
  histogram?: Array<[number, number]>
  /** The same metric for the baseline over the same interval (metrics with compare). */
  baseline?: BaselineMeasurement
  /** The source failed (unreachable, bad answer): counts against errorLimit, never as a pass. */
  error?: string
}

/**
 * The canary's share of requests as measured (canary and baseline counts of the same interval), else
 * `fallback` (its weight). With affinity, match or mirror the weight is a share of clients, not of
 * requests, so plans and ETAs use what the canary actually served.
 */
export function observedShare(measurements: Measurement[], fallback: number): number {
  for (const m of measurements) {
    const c = m.requests
    const b = m.baseline?.requests
    if (c !== undefined && b !== undefined && c + b > 0) return c / (c + b)
  }
  return fallback
}

/** What judgements against a baseline carry from interval to interval (and step to step). */
export interface Judgement {
  sequential: Record<string, SequentialState>
  streaks: Record<string, number>
  /**
   * What earlier canaries saw of the stable version, by metric (issue 39: priors from history). Set once,
   * when the canary starts, and never changed after: the tests' weights and thresholds rest on it.
   */
  priors?: Record<string, BaselinePrior>
}

/**
 * The stable version as earlier canaries measured it: its requests and errors, and its latency histogram.
 * It sharpens the judge without touching its guarantee: an error test puts its mixture's weight on the
 * material regression this rate implies (weights fixed before the canary's data keep the e-process
 * valid), and a latency test starts from this histogram's quantile (both versions are counted against
 * the same threshold, which holds for any threshold). A stale prior costs samples, never a false abort.
 */
export interface BaselinePrior {
  /** The version measured (a prior is used only while that version is stable). */
  version?: string
  requests: number
  events: number
  histogram?: Array<[number, number]>
}

/** A prior counts once it has seen this many requests. */
export const PRIOR_MIN_REQUESTS = 200
/** A latency prior weighs at most this many requests in the reference (the reference decays per interval). */
const PRIOR_HISTOGRAM_WEIGHT = 1000

/**
 * The material regression's ratio over the null, as a prior tells it: for errors, from the prior's rate
 * (Jeffreys' estimate, so no errors reads as a small rate); for latency, the planned ratio of slow shares,
 * whose thresholds the prior's histogram now sets from the first interval.
 */
export function priorRatio(rule: MetricRule, prior: BaselinePrior | undefined, rho0: number): number | undefined {
  if (!prior || prior.requests < PRIOR_MIN_REQUESTS) return undefined
  if (rule.kind === 'latency') return prior.histogram?.length ? rule.detectRatio : undefined
  if (rule.kind !== 'counts') return undefined
  const rate = (prior.events + 0.5) / (prior.requests + 1)
  return materialOf(rule, emptySequential(), rho0, rate).canaryRate / (rate * rho0)
}

/** A latency prior as the reference's starting point: scaled down to PRIOR_HISTOGRAM_WEIGHT requests. */
function priorReference(prior: BaselinePrior | undefined): Array<[number, number]> | undefined {
  const h = prior?.histogram
  if (!h || prior.requests < PRIOR_MIN_REQUESTS) return undefined
  const total = h.reduce((s, [, n]) => s + n, 0)
  if (total <= 0) return undefined
  const scale = Math.min(1, PRIOR_HISTOGRAM_WEIGHT / total) / REFERENCE_DECAY
  return h.map(([upper, n]) => [upper, n * scale])
}

export const emptyJudgement = (): Judgement => ({ sequential: {}, streaks: {} })

export interface MetricCounters {
  pass: number
  fail: number
  inconclusive: number
  error: number
  /** The canary's requests measured in this step (a step before the last needs only minRequests). */
  requests?: number
}

export interface MetricResult {
  metric: string
  verdict: Verdict
  value: number | null
  requests?: number
  detail: string
  dryRun: boolean
  evidence?: Evidence
}

export interface AnalysisResult {
  decision: AnalysisDecision
  reason: string
  results: MetricResult[]
  counters: Record<string, MetricCounters>
  judgement: Judgement
}

export function metricRules(analysis: AnalysisConfig | undefined): MetricRule[] {
  return (analysis?.metrics ?? []).map((m) => ruleOf(m, analysis ?? {}))
}

function bound(v: number | string | undefined): number | undefined {
  if (v === undefined) return undefined
  return typeof v === 'number' ? v : parseDuration(v)
}

function parsePercent(v: number | string | undefined, fallback: number): number {
  if (v === undefined) return fallback
  if (typeof v === 'number') return v
  const m = /^\s*(-?\d+(?:\.\d+)?)\s*%\s*$/.exec(v)
  return m ? Number(m[1]) / 100 : Number(v)
}

const QUANTILES: Record<string, number> = { 'latency-p50': 0.5, 'latency-p95': 0.95, 'latency-p99': 0.99 }

/**
 * Defaults for minEffect: 5 points of errors is what a 5-20 requests/s site can rule out within minute-long
 * pauses (a smaller floor makes such a site wait for evidence it cannot get; a busier one sets 1%), and a
 * slowdown under 10 ms is scheduler noise, not a regression.
 */
export const DEFAULT_MIN_EFFECT = { counts: 0.05, latency: 10 }

function ruleOf(m: MetricConfig, a: AnalysisConfig): MetricRule {
  const isRate = m.metric === 'error-rate' || m.metric === 'success-rate' || m.metric?.startsWith('latency')
  const kind: MetricRule['kind'] = m.metric === 'error-rate' || m.metric === 'success-rate' ? 'counts' : m.metric?.startsWith('latency') ? 'latency' : 'value'
  return {
    compare: m.compare,
    test: m.test ?? (m.compare ? 'sequential' : 'fixed'),
    alpha: m.alpha ?? 0.05,
    allowance: parsePercent(m.maxIncrease, 0),
    difference: m.maxDifference === undefined ? undefined : bound(m.maxDifference),
    consecutiveFailures: m.consecutiveFailures ?? (m.compare && (m.test ?? 'sequential') === 'fixed' ? 1 : undefined),
    kind,
    quantile: m.metric ? QUANTILES[m.metric] : undefined,
    detectRatio: 1 + parsePercent(m.detectIncrease, 1),
    minEffect: kind === 'latency' ? (bound(m.minEffect) ?? DEFAULT_MIN_EFFECT.latency) : parsePercent(m.minEffect, DEFAULT_MIN_EFFECT.counts),
    power: m.power ?? TARGET_POWER,
    name: m.name,
    min: bound(m.min),
    // A probe with no metric is a health check: any failed request fails the interval.
    max: bound(m.max) ?? (m.source === 'probe' && !m.metric ? 0 : undefined),
    failureLimit: m.failureLimit ?? a.failureLimit ?? 0,
    inconclusiveLimit: m.inconclusiveLimit ?? a.inconclusiveLimit ?? Number.POSITIVE_INFINITY,
    errorLimit: m.errorLimit ?? a.errorLimit ?? 4,
    minRequests: m.minRequests ?? a.minRequests ?? (isRate ? 1 : 0),
    onNoData: a.onNoData ?? 'hold',
    dryRun: m.dryRun ?? false,
    unit: m.metric?.startsWith('latency') ? 'ms' : '',
  }
}

const emptyCounters = (): MetricCounters => ({ pass: 0, fail: 0, inconclusive: 0, error: 0 })

export function judge(rule: MetricRule, m: Measurement | undefined, judgement?: Judgement, opts: JudgeOptions = {}): MetricResult {
  if (rule.compare && m && !m.error && judgement) return judgeAgainstBaseline(rule, m, judgement, opts)
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
export function analyse(rules: MetricRule[], measurements: Measurement[], previous: Record<string, MetricCounters> = {}, judgementIn: Judgement = emptyJudgement(), opts: JudgeOptions = {}): AnalysisResult {
  const counters: Record<string, MetricCounters> = {}
  const results: MetricResult[] = []
  const reasons: string[] = []
  const judgement: Judgement = { sequential: { ...judgementIn.sequential }, streaks: { ...judgementIn.streaks }, ...(judgementIn.priors ? { priors: judgementIn.priors } : {}) }
  let decision: AnalysisDecision = 'continue'
  for (const rule of rules) {
    const measurement = measurements.find((m) => m.metric === rule.name)
    const c = { ...(previous[rule.name] ?? emptyCounters()) }
    const stepRequests = (c.requests ?? 0) + (measurement && !measurement.error ? measurement.requests ?? 0 : 0)
    const result = judge(rule, measurement, judgement, { ...opts, stepRequests })
    if (stepRequests > 0) c.requests = stepRequests
    c[result.verdict]++
    counters[rule.name] = c
    results.push(result)
    if (rule.dryRun) continue
    // A comparison names its test in every reason, whichever bound ended the step.
    const label = rule.compare ? `${rule.name} (${rule.test} test against ${rule.compare})` : rule.name
    if (rule.consecutiveFailures !== undefined && !(rule.compare && rule.test === 'sequential')) {
      // Failing intervals in a row: the step fails only at consecutiveFailures ("> 3 consecutive health check failures").
      if (!rule.compare) judgement.streaks[rule.name] = result.verdict === 'fail' ? (judgement.streaks[rule.name] ?? 0) + 1 : result.verdict === 'pass' ? 0 : judgement.streaks[rule.name] ?? 0
      if (result.verdict === 'fail' && (judgement.streaks[rule.name] ?? 0) < rule.consecutiveFailures) continue
      if (result.verdict === 'fail') {
        decision = 'abort'
        reasons.push(`${label} failed ${judgement.streaks[rule.name]} interval(s) in a row (consecutiveFailures ${rule.consecutiveFailures}): ${result.detail}`)
        continue
      }
    }
    if (rule.compare && result.verdict === 'fail') {
      decision = 'abort'
      reasons.push(`${label}: ${result.detail}`)
    } else if (c.fail > rule.failureLimit) {
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
  return { decision, reason: reasons.join('; ') || 'all metrics within bounds', results, counters, judgement }
}

/** At the end of a step's pause: continue only if every deciding metric passed at least once. */
export function closeStep(rules: MetricRule[], counters: Record<string, MetricCounters>): { decision: AnalysisDecision; reason: string } {
  const unproven = rules.filter((r) => !r.dryRun && (counters[r.name]?.pass ?? 0) === 0)
  if (unproven.length) {
    return { decision: 'hold', reason: `no passing measurement for ${unproven.map((r) => r.name).join(', ')} in this step (too little traffic or no data); holding, never a silent pass` }
  }
  return { decision: 'continue', reason: 'every metric passed in this step' }
}

/** Every deciding metric passed on an always-valid bound (sequential comparisons only): says which, or undefined. */
export function provenSafe(rules: MetricRule[], results: MetricResult[]): string | undefined {
  const deciding = rules.filter((r) => !r.dryRun)
  if (deciding.length === 0) return undefined
  const safe = deciding.map((r) => results.find((x) => x.metric === r.name)).filter((x) => x?.evidence?.status === 'safe' && !x.dryRun)
  if (safe.length < deciding.length) return undefined
  return safe.map((x) => `${x?.metric}: bound ${((x?.evidence?.upperBound ?? 0) * 100).toFixed(2)}% < ${((x?.evidence?.materialRate ?? 0) * 100).toFixed(2)}%`).join('; ')
}

export interface JudgeOptions {
  /** The canary's share of traffic (0-1): sequential tests plan the evidence a step needs with it. */
  canaryShare?: number
  /** The interval's length, for the time a step still needs at the current request rate. */
  intervalMs?: number
  /**
   * The step's pass leads to promotion (default): it needs the evidence that would have caught a material
   * regression. A step before it needs only no proven harm and its minRequests.
   */
  final?: boolean
  /** The canary's requests measured in this step so far (analyse fills it in). */
  stepRequests?: number
}

const fmtRatio = (r: number | null | undefined) => (r === null || r === undefined ? 'n/a' : Number.isFinite(r) ? `${r.toFixed(2)}x` : 'inf')

/**
 * A metric judged against its baseline over the same interval. `sequential`: the counts go into the
 * metric's e-process (kept across intervals and steps); it fails the moment the e-value reaches
 * 1/alpha, passes once the step has the evidence planned to detect the configured regression, and is
 * inconclusive until then. `fixed`: this interval's value against the baseline's plus the allowance.
 */
function judgeAgainstBaseline(rule: MetricRule, m: Measurement, judgement: Judgement, opts: JudgeOptions): MetricResult {
  const base = { metric: rule.name, value: m.value, requests: m.requests, dryRun: rule.dryRun }
  const b = m.baseline
  if (!b) return { ...base, verdict: 'error', detail: 'the source measured no baseline' }
  const canaryRequests = m.requests ?? 0
  const baselineRequests = b.requests ?? 0
  if (rule.test === 'fixed') {
    if (m.value === null || b.value === null || canaryRequests < rule.minRequests) {
      return { ...base, verdict: 'inconclusive', detail: `no comparison this interval (${m.value === null ? 'no canary data' : b.value === null ? 'no baseline data' : `${canaryRequests} request(s), below minRequests ${rule.minRequests}`})` }
    }
    const boundValue = rule.difference !== undefined ? b.value + rule.difference : b.value * (1 + rule.allowance)
    const evidence: Evidence = { test: 'fixed', baseline: b.value, bound: boundValue, canaryRequests, baselineRequests }
    const fmt = (n: number) => `${Number.isInteger(n) ? String(n) : n.toPrecision(3)}${rule.unit}`
    if (m.value > boundValue) {
      judgement.streaks[rule.name] = (judgement.streaks[rule.name] ?? 0) + 1
      return { ...base, verdict: 'fail', evidence, detail: `${fmt(m.value)} > ${fmt(boundValue)} (baseline ${b.label ?? 'stable'} ${fmt(b.value)}${rule.difference !== undefined ? ` + ${fmt(rule.difference)}` : ` + ${Math.round(rule.allowance * 100)}%`}); ${judgement.streaks[rule.name]} failing interval(s) in a row of ${rule.consecutiveFailures}` }
    }
    judgement.streaks[rule.name] = 0
    return { ...base, verdict: 'pass', evidence, detail: `${fmt(m.value)} within ${fmt(boundValue)} (baseline ${b.label ?? 'stable'} ${fmt(b.value)})` }
  }
  if (b.fixed) return judgeAgainstRate(rule, m, b, judgement, opts)
  const prior = judgement.sequential[rule.name] ?? emptySequential()
  const history = judgement.priors?.[rule.name]
  const reference = rule.kind === 'latency' && b.histogram ? updateReference(prior.reference ?? priorReference(history), b.histogram) : undefined
  const pair: CountPair | null = rule.kind === 'latency'
    ? (m.histogram && b.histogram ? slowCounts(m.histogram, b.histogram, rule.quantile ?? 0.95, rule.allowance, rule.minEffect, reference) : null)
    : m.events !== undefined && b.events !== undefined ? { canaryRequests, canaryEvents: m.events, baselineRequests, baselineEvents: b.events } : null
  // Histograms that are there but empty on a side: an interval without traffic to compare, not a fault.
  const quiet = !pair && rule.kind === 'latency' && m.histogram !== undefined && b.histogram !== undefined
  if (!pair && !quiet) return { ...base, verdict: 'error', detail: `the source gave no ${rule.kind === 'latency' ? 'latency histograms' : 'event counts'} for a sequential test` }
  const counted: CountPair = pair ?? { canaryRequests: 0, canaryEvents: 0, baselineRequests: 0, baselineEvents: 0 }
  // Latency: the allowance is already in the slow threshold, so the ratio tested is 1.
  const rho0 = rule.kind === 'latency' ? 1 : 1 + rule.allowance
  const state = updateCounts(prior, counted, rho0)
  if (reference) state.reference = reference
  if (rule.kind === 'latency' && m.histogram) state.recent = updateReference(prior.recent, m.histogram)
  judgement.sequential[rule.name] = state
  return canaryVerdict(rule, base, state, rho0, counted.canaryRequests + counted.baselineRequests, b.label ?? 'stable', b.value, { ...opts, stepRequests: opts.stepRequests ?? counted.canaryRequests }, history)
}

/** A material regression for this rule, given what the baseline has shown (issue 22: relative or absolute, the larger). */
export function materialOf(rule: MetricRule, state: SequentialState, rho0: number, baselineRate?: number): Alternative & { label: string } {
  if (rule.kind === 'latency') {
    // The slow share over the null's threshold; the baseline's share over its own quantile is 1 - q.
    const share = 1 - (rule.quantile ?? 0.95)
    return { baselineRate: share, canaryRate: Math.min(1, share * rule.detectRatio), label: `${fmtRatio(rule.detectRatio)} stable's slow share` }
  }
  const rb = baselineRate ?? (state.baseline.requests > 0 ? state.baseline.events / state.baseline.requests : 0)
  const relative = rb * rho0 * rule.detectRatio
  const absolute = rb + rule.minEffect
  const canaryRate = Math.min(1, Math.max(relative, absolute))
  return { baselineRate: rb, canaryRate, label: relative >= absolute ? `${fmtRatio(rho0 * rule.detectRatio)} the stable error rate` : `+${pct(rule.minEffect)} errors over stable (minEffect)` }
}

const pct = (x: number) => `${(x * 100).toFixed(x < 0.01 ? 2 : 1)}%`

function statsOf(rule: MetricRule, state: SequentialState, e: number, alpha: number, label: string, interval: [number, number] | null, estimate: number | null): string {
  const what = rule.kind === 'latency' ? `slow share (over the ${Math.round((rule.quantile ?? 0.95) * 100)}th percentile x${(1 + rule.allowance).toFixed(2)}${rule.minEffect > 0 ? ` or +${rule.minEffect}ms` : ''})` : 'error rate'
  return `${what} ${rule.compare === 'previous' ? 'new' : 'canary'}/${label} ${fmtRatio(estimate)} [${interval ? interval.map((x) => fmtRatio(x)).join(', ') : 'n/a'}], e=${e.toPrecision(3)} (abort at ${(1 / alpha).toPrecision(3)}), ${state.canary.requests}+${state.baseline.requests} requests`
}

/**
 * The verdict of a sequential comparison with stable, evidence counted both ways: harm proven fails at
 * once (e-value at 1/alpha); safety proven passes at once (always-valid bounds, alpha/2 each on the
 * canary's rate and the baseline's, exclude a material regression); otherwise the last step passes once
 * the test so far would have caught a material regression with the rule's power (default TARGET_POWER), and a step before it once
 * it has its minRequests.
 */
function canaryVerdict(rule: MetricRule, base: Omit<MetricResult, 'verdict' | 'detail'>, state: SequentialState, rho0: number, perInterval: number, label: string, baselineValue: number | null, opts: JudgeOptions, prior?: BaselinePrior): MetricResult {
  const alpha = rule.alpha
  const weights = mixtureWeights(rule.detectRatio, priorRatio(rule, prior, rho0))
  const e = eValue(state, weights)
  const estimate = ratioEstimate(state)
  const interval = ratioInterval(state, alpha)
  const material = materialOf(rule, state, rho0)
  const [, canaryUpper] = rateBounds(state.canary.events, state.canary.requests, rule.kind === 'latency' ? alpha : alpha / 2)
  // The material rate at the lowest baseline rate the data allow (latency: the baseline's share is fixed by construction).
  // A prior of the same stable version bounds its rate from below too (the better of the two bounds).
  const lowest = () => Math.max(rateBounds(state.baseline.events, state.baseline.requests, alpha / 2)[0], prior && prior.requests >= PRIOR_MIN_REQUESTS ? rateBounds(prior.events, prior.requests, alpha / 2)[0] : 0)
  const materialRate = rule.kind === 'latency' ? material.canaryRate : materialOf(rule, state, rho0, lowest()).canaryRate
  const power = powerOf(exposureSeen(state), rho0, alpha, material, weights)
  const have = state.canary.requests + state.baseline.requests
  const evidence: Evidence = {
    test: 'sequential', baseline: baselineValue, bound: rho0, eValue: e, pValue: Math.min(1, 1 / e), estimate, interval,
    canaryRequests: state.canary.requests, baselineRequests: state.baseline.requests, power, material: material.label, upperBound: canaryUpper, materialRate,
  }
  const stats = statsOf(rule, state, e, alpha, label, interval, estimate)
  const harm = rule.kind === 'latency' ? `slower than ${label} by more than ${Math.round(rule.allowance * 100)}%${rule.minEffect > 0 ? ` (and ${rule.minEffect}ms)` : ''} at p${Math.round((rule.quantile ?? 0.95) * 100)}` : `worse than ${label} by more than ${Math.round((rho0 - 1) * 100)}%`
  if (e >= 1 / alpha) return { ...base, verdict: 'fail', evidence: { ...evidence, status: 'harm' }, detail: `${harm}: ${stats}` }
  const what = rule.kind === 'latency' ? 'slow share' : 'error rate'
  if (state.canary.requests > 0 && canaryUpper < materialRate) {
    return { ...base, verdict: 'pass', evidence: { ...evidence, status: 'safe' }, detail: `no material regression: the canary's ${what} is at most ${pct(canaryUpper)} (always-valid bound), under the ${pct(materialRate)} that ${material.label} would be at the least: ${stats}` }
  }
  if (power >= rule.power) {
    return { ...base, verdict: 'pass', evidence: { ...evidence, status: 'powered' }, detail: `no regression: ${stats}; the test would have caught ${material.label} (${pct(material.canaryRate)}) with probability ${power.toFixed(2)}` }
  }
  if (opts.final === false && (opts.stepRequests ?? 0) >= Math.max(1, rule.minRequests)) {
    return { ...base, verdict: 'pass', evidence: { ...evidence, status: 'step' }, detail: `no harm proven at this step (${opts.stepRequests} canary request(s), minRequests ${Math.max(1, rule.minRequests)}; promotion will need power ${rule.power} against ${material.label} (${pct(material.canaryRate)}), now ${power.toFixed(2)}): ${stats}` }
  }
  const more = requestsForPower(exposureSeen(state), opts.canaryShare ?? 0.5, rho0, alpha, material, weights, rule.power)
  evidence.requiredRequests = Number.isFinite(more) ? have + more : undefined
  if (Number.isFinite(more) && perInterval > 0 && opts.intervalMs) evidence.etaSeconds = Math.ceil((more / perInterval) * (opts.intervalMs / 1000))
  const need = Number.isFinite(more) ? `~${more} more requests${evidence.etaSeconds !== undefined ? `, ~${evidence.etaSeconds}s at this rate` : ''}` : 'more traffic than this split can bring'
  return { ...base, verdict: 'inconclusive', evidence: { ...evidence, status: 'short' }, detail: `not enough evidence yet to promote (power ${power.toFixed(2)} of ${rule.power} to catch ${material.label}, ${pct(material.canaryRate)}; ${need}): ${stats}` }
}

/**
 * Verify against the previous version's figures measured before the switch. That measurement is a
 * sample too, so alpha is split: half bounds the previous rate from above (Clopper-Pearson), half is the
 * e-value's threshold against that bound. A false abort needs the previous rate above its bound or the
 * e-value over 2/alpha, each at most alpha/2 likely.
 */
function judgeAgainstRate(rule: MetricRule, m: Measurement, b: BaselineMeasurement, judgement: Judgement, opts: JudgeOptions): MetricResult {
  const base = { metric: rule.name, value: m.value, requests: m.requests, dryRun: rule.dryRun }
  const alpha = rule.alpha / 2
  let obs: { requests: number; events: number } | null = null
  let rate = 0
  if (rule.kind === 'latency' && m.histogram && b.histogram) {
    const q = rule.quantile ?? 0.95
    const pair = slowCounts(m.histogram, b.histogram, q, rule.allowance, rule.minEffect)
    if (pair) {
      obs = { requests: pair.canaryRequests, events: pair.canaryEvents }
      rate = rateUpperBound(pair.baselineEvents, pair.baselineRequests, alpha)
    }
  } else if (rule.kind === 'counts' && m.events !== undefined && b.events !== undefined && (b.requests ?? 0) > 0) {
    obs = { requests: m.requests ?? 0, events: m.events }
    rate = rateUpperBound(b.events, b.requests as number, alpha)
  }
  if (!obs) return { ...base, verdict: 'error', detail: `the source gave no ${rule.kind === 'latency' ? 'latency histograms' : 'event counts'} for a sequential test` }
  const rho0 = rule.kind === 'latency' ? 1 : 1 + rule.allowance
  const state = updateAgainstRate(judgement.sequential[rule.name] ?? emptySequential(), obs, rate, rho0)
  state.baseline = { requests: b.requests ?? 0, events: b.events ?? 0 }
  judgement.sequential[rule.name] = state
  // The regression planned for: the relative one, or minEffect over the previous rate when that is larger.
  const ratio = rule.kind === 'counts' ? Math.max(rule.detectRatio, 1 + rule.minEffect / (rho0 * Math.max(rate, 1e-6))) : rule.detectRatio
  const required = requestsToDetectRate({ alpha, rho0, ratio, rate: Math.max(rate, MIN_PLANNED_RATE) })
  return verifyVerdict(rule, base, state, rho0, required, state.canary.requests, obs.requests, b.label ?? 'the previous version', b.value, opts, alpha)
}

/** Verify (compare: previous) only ever aborts: a pass here says the window has seen the evidence it planned for. */
function verifyVerdict(rule: MetricRule, base: Omit<MetricResult, 'verdict' | 'detail'>, state: SequentialState, rho0: number, required: number, have: number, perInterval: number, label: string, baselineValue: number | null, opts: JudgeOptions, alpha = rule.alpha): MetricResult {
  const e = eValue(state)
  const evidence: Evidence = {
    test: 'sequential', baseline: baselineValue, bound: rho0, eValue: e, pValue: Math.min(1, rule.alpha / alpha / e), estimate: ratioEstimate(state), interval: ratioInterval(state, rule.alpha),
    canaryRequests: state.canary.requests, baselineRequests: state.baseline.requests, requiredRequests: required,
  }
  const stats = statsOf(rule, state, e, alpha, label, evidence.interval ?? null, evidence.estimate ?? null)
  if (e >= 1 / alpha) return { ...base, verdict: 'fail', evidence, detail: `worse than ${label} by more than ${Math.round((rho0 - 1) * 100)}%: ${stats}` }
  if (have >= required) return { ...base, verdict: 'pass', evidence, detail: `no regression: ${stats}` }
  if (perInterval > 0 && opts.intervalMs) evidence.etaSeconds = Math.ceil(((required - have) / perInterval) * (opts.intervalMs / 1000))
  return { ...base, verdict: 'inconclusive', evidence, detail: `not enough evidence yet (${have} of ~${required} requests to detect ${fmtRatio(rule.detectRatio * rho0)}${evidence.etaSeconds !== undefined ? `, ~${evidence.etaSeconds}s more at this rate` : ''}): ${stats}` }
}

/** Sequential error-rate tests plan for at least this baseline rate (a perfect baseline would need infinite traffic). */
const MIN_PLANNED_RATE = 0.005
