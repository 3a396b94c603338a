// Anytime-valid sequential tests for judging a canary against its baseline (Lindon, Sanden, Shirikian,
// "Rapid Regression Detection in Software Deployments through Sequential Testing", KDD 2022). Pure
// functions: counts in, an e-value out. The e-value is a product of likelihood ratios over the
// intervals, mixed over a grid of alternatives; under the null (canary no worse than the baseline by
// more than the allowance) it is a nonnegative supermartingale, so by Ville's inequality the chance it
// ever reaches 1/alpha, however often it is looked at, is at most alpha. Kayenta's fixed-horizon
// Mann-Whitney test has no such guarantee when it is re-checked every interval.

/**
 * Alternatives mixed over, as multiples of the null ratio: a regression of 25% up to a hundred times. The
 * large ratios matter when the baseline hardly ever errs: then a regression is a canary that errs where
 * stable does not, and only they let each of its errors count for nearly all it is worth.
 */
export const RATIO_GRID = [1.25, 1.5, 2, 3, 5, 10, 30, 100]

/** What one metric's test has accumulated (kept in the canary's record across steps and runs). */
export interface SequentialState {
  /** log of each grid component's running likelihood ratio. */
  logLr: number[]
  canary: { requests: number; events: number }
  baseline: { requests: number; events: number }
  intervals: number
  /**
   * Requests by the canary's share of them ([share rounded to 1%, canary requests, baseline requests]):
   * what the test has seen, for its power against a material regression. Absent in records written
   * before it existed; then the totals stand for one share.
   */
  exposure?: Array<[number, number, number]>
  /** Latency: the baseline's recent histogram, decayed per interval, whose quantile sets the slow thresholds. */
  reference?: Array<[number, number]>
  /** Latency: the canary's recent histogram, decayed the same way; a promoted canary's becomes its prior as stable. */
  recent?: Array<[number, number]>
}

/** How much of the baseline's earlier histogram each interval keeps (an effective memory of five intervals). */
export const REFERENCE_DECAY = 0.8

/** The baseline's reference histogram after one more interval: the earlier one decayed, plus this one. */
export function updateReference(previous: Array<[number, number]> | undefined, interval: Array<[number, number]>): Array<[number, number]> {
  const merged = new Map<number, number>()
  for (const [upper, n] of previous ?? []) if (n * REFERENCE_DECAY >= 0.01) merged.set(upper, n * REFERENCE_DECAY)
  for (const [upper, n] of interval) merged.set(upper, (merged.get(upper) ?? 0) + n)
  return [...merged].sort((a, b) => a[0] - b[0]).map(([upper, n]) => [upper, Math.round(n * 100) / 100])
}

export function emptySequential(): SequentialState {
  return { logLr: RATIO_GRID.map(() => 0), canary: { requests: 0, events: 0 }, baseline: { requests: 0, events: 0 }, intervals: 0, exposure: [] }
}

/** A record written with a smaller grid gets the new alternatives at 0 (their evidence starts now). */
function grid(logLr: number[]): number[] {
  return logLr.length >= RATIO_GRID.length ? [...logLr] : [...logLr, ...RATIO_GRID.slice(logLr.length).map(() => 0)]
}

function exposureOf(state: SequentialState): Array<[number, number, number]> {
  if (state.exposure) return state.exposure
  const { canary, baseline } = state
  const total = canary.requests + baseline.requests
  return total > 0 ? [[Math.round((canary.requests / total) * 100) / 100, canary.requests, baseline.requests]] : []
}

function addExposure(state: SequentialState, nc: number, nb: number): Array<[number, number, number]> {
  const exposure = exposureOf(state).map((e): [number, number, number] => [...e])
  if (nc + nb <= 0) return exposure
  const share = Math.round((nc / (nc + nb)) * 100) / 100
  const bucket = exposure.find((e) => e[0] === share)
  if (bucket) {
    bucket[1] += nc
    bucket[2] += nb
  } else exposure.push([share, nc, nb])
  return exposure
}

/** One interval's counts: requests and "events" (errors, or slow requests) of the canary and its baseline. */
export interface CountPair {
  canaryRequests: number
  canaryEvents: number
  baselineRequests: number
  baselineEvents: number
}

/**
 * Adds one interval to a count test of H0: rate(canary) <= rho0 * rate(baseline). Given the interval's
 * total events, the canary's share is Binomial(total, p) with p = n_c*rho / (n_c*rho + n_b), so the
 * requests split (the canary's weight) may change from interval to interval. Each grid component's
 * likelihood ratio (rho1 = rho0 * g against rho0) has expectation at most 1 under H0.
 */
export function updateCounts(state: SequentialState, obs: CountPair, rho0: number): SequentialState {
  const next: SequentialState = {
    logLr: grid(state.logLr),
    canary: { requests: state.canary.requests + obs.canaryRequests, events: state.canary.events + obs.canaryEvents },
    baseline: { requests: state.baseline.requests + obs.baselineRequests, events: state.baseline.events + obs.baselineEvents },
    intervals: state.intervals + 1,
    exposure: addExposure(state, Math.max(0, obs.canaryRequests), Math.max(0, obs.baselineRequests)),
  }
  const nc = obs.canaryRequests
  const nb = obs.baselineRequests
  if (nc <= 0 || nb <= 0 || obs.canaryEvents + obs.baselineEvents <= 0) return next
  const p0 = (nc * rho0) / (nc * rho0 + nb)
  RATIO_GRID.forEach((g, k) => {
    const rho1 = rho0 * g
    const p1 = (nc * rho1) / (nc * rho1 + nb)
    next.logLr[k] += obs.canaryEvents * Math.log(p1 / p0) + obs.baselineEvents * Math.log((1 - p1) / (1 - p0))
  })
  return next
}

/**
 * The mixture e-value: equal weights over the grid unless given. Any fixed weights summing to 1 keep it an
 * e-process; weights on the alternatives that matter make those cheaper to detect.
 */
export function eValue(state: SequentialState, weights?: number[]): number {
  const logLr = state.logLr
  const w = weights ?? logLr.map(() => 1 / logLr.length)
  const max = Math.max(...logLr)
  const sum = logLr.reduce((s, l, k) => s + (w[k] ?? 0) * Math.exp(l - max), 0)
  return Math.exp(max + Math.log(sum))
}

/**
 * Mixture weights for a canary judged against stable: more than a share of its own for the planned
 * regression (detectRatio times the null) and for the largest ratio (a canary that errs where stable does
 * not, which is what minEffect catches when stable hardly errs), the rest spread evenly. Fixed by the rule,
 * so the same for every interval of a canary.
 *
 * With a prior (the stable version's error rate from earlier canaries), the material regression's ratio is
 * known before the canary's first request: half the weight goes to it. The weights are still fixed before
 * the canary's data, so the mixture stays an e-process whatever the prior says; a wrong prior costs power,
 * never a false abort.
 */
export function mixtureWeights(detectRatio: number, materialRatio?: number): number[] {
  const nearest = (ratio: number) => RATIO_GRID.reduce((best, g, k) => (Math.abs(Math.log(g / ratio)) < Math.abs(Math.log(RATIO_GRID[best] / ratio)) ? k : best), 0)
  const last = RATIO_GRID.length - 1
  const weights = RATIO_GRID.map(() => 0)
  const known = materialRatio !== undefined && materialRatio > 1 ? (Number.isFinite(materialRatio) ? nearest(materialRatio) : last) : undefined
  const shares = known === undefined ? [[nearest(detectRatio), 0.35], [last, 0.25]] : [[known, 0.5], [nearest(detectRatio), 0.15], [last, 0.15]]
  for (const [k, w] of shares) weights[k] += w
  const rest = RATIO_GRID.map((_, k) => k).filter((k) => weights[k] === 0)
  const left = 1 - weights.reduce((a, b) => a + b, 0)
  for (const k of rest) weights[k] += left / rest.length
  return weights
}

/** The canary's rate over the baseline's, from the accumulated counts (null when the baseline has no rate). */
export function ratioEstimate(state: SequentialState): number | null {
  const { canary, baseline } = state
  if (canary.requests <= 0 || baseline.requests <= 0) return null
  const rb = baseline.events / baseline.requests
  const rc = canary.events / canary.requests
  if (rb === 0) return rc === 0 ? 1 : Number.POSITIVE_INFINITY
  return rc / rb
}

/**
 * A (1 - alpha) interval for that ratio: Clopper-Pearson on the canary's share of all events, mapped
 * back to a ratio through the overall requests split. Shown with the decision; the decision itself
 * rests on the e-value alone.
 */
export function ratioInterval(state: SequentialState, alpha: number): [number, number] | null {
  const { canary, baseline } = state
  const events = canary.events + baseline.events
  if (canary.requests <= 0 || baseline.requests <= 0 || events <= 0) return null
  const [lo, hi] = clopperPearson(canary.events, events, alpha)
  const toRatio = (p: number) => (p >= 1 ? Number.POSITIVE_INFINITY : (p / (1 - p)) * (baseline.requests / canary.requests))
  return [toRatio(lo), toRatio(hi)]
}

/**
 * A one-sided (1 - alpha) upper confidence bound for a rate measured as `events` out of `requests`
 * (Clopper-Pearson). Verify judges the new version against this bound rather than the point estimate:
 * the previous version's rate was measured once, before the switch, so it is uncertain too, and a test
 * against the point estimate as if it were known aborts good versions far more often than alpha.
 */
export function rateUpperBound(events: number, requests: number, alpha: number): number {
  if (requests <= 0) return 1
  const x = Math.min(Math.max(0, Math.round(events)), requests)
  if (x >= requests) return 1
  // Verify asks the same question every interval (one baseline per window): remember the last answer.
  const key = `${x}/${requests}/${alpha}`
  if (lastBound.key !== key) Object.assign(lastBound, { key, value: betaQuantile(1 - alpha, x + 1, requests - x) })
  return lastBound.value
}
const lastBound = { key: '', value: 1 }

function clopperPearson(x: number, n: number, alpha: number): [number, number] {
  const lo = x === 0 ? 0 : betaQuantile(alpha / 2, x, n - x + 1)
  const hi = x === n ? 1 : betaQuantile(1 - alpha / 2, x + 1, n - x)
  return [lo, hi]
}

/** Inverse of the regularized incomplete beta function, by bisection (plenty for display). */
function betaQuantile(q: number, a: number, b: number): number {
  let lo = 0
  let hi = 1
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2
    if (incompleteBeta(mid, a, b) < q) lo = mid
    else hi = mid
  }
  return (lo + hi) / 2
}

function logGamma(x: number): number {
  const c = [76.18009172947146, -86.50532032941677, 24.01409824083091, -1.231739572450155, 0.1208650973866179e-2, -0.5395239384953e-5]
  let y = x
  const t = x + 5.5 - (x + 0.5) * Math.log(x + 5.5)
  let s = 1.000000000190015
  for (const ci of c) s += ci / ++y
  return -t + Math.log((2.5066282746310005 * s) / x)
}

/** Regularized incomplete beta I_x(a, b) (continued fraction, Numerical Recipes). */
export function incompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0
  if (x >= 1) return 1
  const front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(1 - x))
  const cf = (xx: number, aa: number, bb: number) => {
    let c = 1
    let d = 1 - ((aa + bb) * xx) / (aa + 1)
    if (Math.abs(d) < 1e-30) d = 1e-30
    d = 1 / d
    let h = d
    for (let m = 1; m <= 300; m++) {
      const m2 = 2 * m
      let aa2 = (m * (bb - m) * xx) / ((aa + m2 - 1) * (aa + m2))
      d = 1 + aa2 * d
      if (Math.abs(d) < 1e-30) d = 1e-30
      c = 1 + aa2 / c
      if (Math.abs(c) < 1e-30) c = 1e-30
      d = 1 / d
      h *= d * c
      aa2 = (-(aa + m) * (aa + bb + m) * xx) / ((aa + m2) * (aa + m2 + 1))
      d = 1 + aa2 * d
      if (Math.abs(d) < 1e-30) d = 1e-30
      c = 1 + aa2 / c
      if (Math.abs(c) < 1e-30) c = 1e-30
      d = 1 / d
      const del = d * c
      h *= del
      if (Math.abs(del - 1) < 3e-12) break
    }
    return h
  }
  return x < (a + 1) / (a + b + 2) ? (front * cf(x, a, b)) / a : 1 - (front * cf(1 - x, b, a)) / b
}

/**
 * Latency as counts: a request is slow when it takes longer than (1 + allowance) times the baseline's
 * q-quantile over the same interval (or that quantile plus minEffect, when larger). Under H0 (the canary no slower than the baseline scaled by the
 * allowance) the canary's share of slow requests is at most the baseline's share above its own
 * quantile, so the count test applies with rho0 = 1. Histograms are [upper bound ms, count] buckets;
 * counts inside a bucket are split linearly, the same way for both versions.
 */
export function slowCounts(canary: Array<[number, number]>, baseline: Array<[number, number]>, q: number, allowance: number, minEffectMs = 0, reference?: Array<[number, number]>): CountPair | null {
  const nb = baseline.reduce((s, [, n]) => s + n, 0)
  const nc = canary.reduce((s, [, n]) => s + n, 0)
  if (nb <= 0 || nc <= 0) return null
  // The baseline's quantile from a longer look at it when given (a few intervals of a quiet site say more
  // than one); both versions are then counted against the same thresholds, so the test holds as before.
  const quantile = histogramQuantile(reference ?? baseline, q)
  if (quantile === null) return null
  // A slowdown under minEffect is not worth catching: the threshold is the larger of the two allowances.
  const threshold = Math.max(quantile * (1 + allowance), quantile + minEffectMs)
  return { canaryRequests: nc, canaryEvents: countAbove(canary, threshold), baselineRequests: nb, baselineEvents: countAbove(baseline, quantile) }
}

function bounds(h: Array<[number, number]>): Array<[number, number, number]> {
  const sorted = [...h].sort((a, b) => a[0] - b[0])
  return sorted.map(([upper, n], i) => [i === 0 ? Math.min(upper, upper / 1.19) : sorted[i - 1][0], upper, n])
}

export function histogramQuantile(h: Array<[number, number]>, q: number): number | null {
  const total = h.reduce((s, [, n]) => s + n, 0)
  if (total <= 0) return null
  const rank = q * total
  let seen = 0
  for (const [lo, hi, n] of bounds(h)) {
    if (seen + n >= rank) return lo + (hi - lo) * Math.min(1, Math.max(0, (rank - seen) / n))
    seen += n
  }
  return bounds(h).at(-1)?.[1] ?? null
}

function countAbove(h: Array<[number, number]>, threshold: number): number {
  let above = 0
  for (const [lo, hi, n] of bounds(h)) {
    if (lo >= threshold) above += n
    else if (hi > threshold) above += (n * (hi - threshold)) / (hi - lo)
  }
  return above
}

/**
 * Traffic-aware planning: about how many requests, in all, a step needs to detect a regression of
 * `ratio` times the null at level alpha with roughly even odds or better, given the baseline's event
 * rate and the canary's share of traffic. The expected log-likelihood ratio per event must reach
 * log(1/alpha): events needed = log(1/alpha) / KL(p1 || p0).
 */
export function requestsToDetect(opts: { alpha: number; rho0: number; ratio: number; baselineRate: number; canaryShare: number }): number {
  const w = Math.min(0.99, Math.max(0.01, opts.canaryShare))
  const rate = Math.max(opts.baselineRate, 1e-4)
  const rho1 = opts.rho0 * opts.ratio
  const p0 = (w * opts.rho0) / (w * opts.rho0 + (1 - w))
  const p1 = (w * rho1) / (w * rho1 + (1 - w))
  const kl = p1 * Math.log(p1 / p0) + (1 - p1) * Math.log((1 - p1) / (1 - p0))
  const events = Math.log(1 / opts.alpha) / kl
  const eventsPerRequest = rate * (w * rho1 + (1 - w))
  return Math.ceil(events / eventsPerRequest)
}

/**
 * Adds one interval to a test against a known rate (verify, `compare: previous`: an upper confidence
 * bound on the previous version's rate measured before the switch): events ~ Poisson(requests * rate_new),
 * H0: rate_new <= rho0 * rate. Each grid component's Poisson likelihood ratio has expectation 1 at the
 * null's boundary and less inside it.
 */
export function updateAgainstRate(state: SequentialState, obs: { requests: number; events: number }, rate: number, rho0: number): SequentialState {
  const next: SequentialState = {
    logLr: grid(state.logLr),
    canary: { requests: state.canary.requests + obs.requests, events: state.canary.events + obs.events },
    baseline: state.baseline,
    intervals: state.intervals + 1,
  }
  const base = Math.max(rate, 1e-6) * obs.requests
  if (obs.requests <= 0) return next
  RATIO_GRID.forEach((g, k) => {
    const rho1 = rho0 * g
    next.logLr[k] += obs.events * Math.log(rho1 / rho0) - (rho1 - rho0) * base
  })
  return next
}

/** Requests a test against a known rate needs to detect `ratio` times the null at level alpha. */
export function requestsToDetectRate(opts: { alpha: number; rho0: number; ratio: number; rate: number }): number {
  const rho1 = opts.rho0 * opts.ratio
  const perRequest = Math.max(opts.rate, 1e-4) * (rho1 * Math.log(rho1 / opts.rho0) - (rho1 - opts.rho0))
  return Math.ceil(Math.log(1 / opts.alpha) / perRequest)
}

// ---------------------------------------------------------------------------------------------------
// Evidence both ways (issue 22): besides proving harm, the judge proves safety (an always-valid bound
// that excludes a material regression) and knows its power (whether what it has seen would have caught
// a material regression with high probability).

/** The power a final promotion needs: the test so far would have caught a material regression this often. */
export const TARGET_POWER = 0.8

/**
 * An always-valid (1 - alpha) confidence sequence for a rate measured as `events` out of `requests`:
 * Robbins' beta-binomial mixture martingale with Jeffreys' prior. The set {p : M_n(p) < 1/alpha} holds the
 * true rate at every n at once with probability at least 1 - alpha (Ville's inequality), so it may be
 * looked at after every interval. Counts may be fractional (slow shares split inside a histogram bucket).
 */
export function rateBounds(events: number, requests: number, alpha: number): [number, number] {
  const n = Math.max(0, requests)
  if (n <= 0) return [0, 1]
  const s = Math.min(Math.max(0, events), n)
  const prior = 0.5
  const logMixture = logBeta(prior + s, prior + n - s) - logBeta(prior, prior)
  const logM = (p: number) => logMixture - (s > 0 ? s * Math.log(p) : 0) - (n - s > 0 ? (n - s) * Math.log(1 - p) : 0)
  const limit = Math.log(1 / alpha)
  const hat = s / n
  const search = (inside: number, outside: number) => {
    let a = inside
    let b = outside
    for (let i = 0; i < 60; i++) {
      const mid = (a + b) / 2
      if (logM(mid) < limit) a = mid
      else b = mid
    }
    return a
  }
  const lo = s <= 0 ? 0 : search(hat, 0)
  const hi = s >= n ? 1 : search(hat, 1)
  return [lo, hi]
}

function logBeta(a: number, b: number): number {
  return logGamma(a) + logGamma(b) - logGamma(a + b)
}

/** Standard normal distribution function (Abramowitz and Stegun 26.2.17, error under 1e-7). */
export function normalCdf(z: number): number {
  const t = 1 / (1 + 0.2316419 * Math.abs(z))
  const d = 0.3989422804014327 * Math.exp((-z * z) / 2)
  const tail = d * t * (0.31938153 + t * (-0.356563782 + t * (1.781477937 + t * (-1.821255978 + t * 1.330274429))))
  return z >= 0 ? 1 - tail : tail
}

/** A material regression, as the rates a count test would then see. */
export interface Alternative {
  /** Events per canary request under the regression. */
  canaryRate: number
  /** Events per baseline request. */
  baselineRate: number
}

/**
 * The probability that the count test (mixture e-value against rho0, threshold 1/alpha) rejects by now
 * had the canary regressed as `alt` says, given the requests it has seen at each traffic split. Each
 * grid component's log likelihood ratio is a sum over Poisson event counts; its mean and variance give a
 * normal approximation, and the mixture reaches 1/alpha whenever a component of weight w reaches
 * 1/(w alpha) (the mixture is at least w times each), so the best component's chance is a conservative answer.
 */
export function powerOf(exposure: Array<[number, number, number]>, rho0: number, alpha: number, alt: Alternative, weights?: number[]): number {
  let best = 0
  for (const [k, g] of RATIO_GRID.entries()) {
    const threshold = Math.log(1 / ((weights?.[k] ?? 1 / RATIO_GRID.length) * alpha))
    let mean = 0
    let variance = 0
    for (const [, nc, nb] of exposure) {
      if (nc <= 0 || nb <= 0) continue
      const p0 = (nc * rho0) / (nc * rho0 + nb)
      const p1 = (nc * rho0 * g) / (nc * rho0 * g + nb)
      const a = Math.log(p1 / p0)
      const b = Math.log((1 - p1) / (1 - p0))
      const lc = nc * alt.canaryRate
      const lb = nb * alt.baselineRate
      mean += lc * a + lb * b
      variance += lc * a * a + lb * b * b
    }
    if (variance <= 0) continue
    best = Math.max(best, normalCdf((mean - threshold) / Math.sqrt(variance)))
  }
  return best
}

/**
 * More requests (canary and baseline together, at the canary's current share) the test needs before its
 * power against `alt` reaches `target`; Infinity when no amount within reason would do.
 */
export function requestsForPower(exposure: Array<[number, number, number]>, share: number, rho0: number, alpha: number, alt: Alternative, weights?: number[], target = TARGET_POWER): number {
  const w = Math.min(0.99, Math.max(0.01, share))
  const withMore = (x: number) => powerOf([...exposure, [w, x * w, x * (1 - w)]], rho0, alpha, alt, weights)
  if (withMore(0) >= target) return 0
  let hi = 64
  while (withMore(hi) < target) {
    hi *= 2
    if (hi > 1e10) return Number.POSITIVE_INFINITY
  }
  let lo = 0
  for (let i = 0; i < 40 && hi - lo > 1; i++) {
    const mid = (lo + hi) / 2
    if (withMore(mid) >= target) hi = mid
    else lo = mid
  }
  return Math.ceil(hi)
}

/** The exposure a state has seen (older records: the totals at one share). */
export function exposureSeen(state: SequentialState): Array<[number, number, number]> {
  return exposureOf(state)
}
