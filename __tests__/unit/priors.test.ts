import { describe, it, expect } from '@jest/globals'
import { seeded as rng, binomial, normal } from '../../shared/analysis/random.js'
import { mixtureWeights, RATIO_GRID } from '../../shared/analysis/sequential.js'
import { analyse, metricRules, emptyJudgement, priorRatio, type BaselinePrior, type Judgement, type Measurement } from '../../shared/analysis/analyse.js'
import { rehearse } from '../../shared/analysis/rehearse.js'
import { profileAfter, priorsFor } from '../../shared/analysis/priors.js'
import { parseConfig } from '../../shared/config/load.js'
import { bucketOf, bucketUpperMs } from '../../shared/traffic/local/window.js'
import type { GlidepathError } from '../../shared/errors/index.js'

// Issue 39 item 2: priors from history. What earlier canaries measured of the stable version sharpens the
// next canary's judge (mixture weights, latency thresholds), fixed before the canary's data, so a wrong
// prior costs samples and never a false abort; and analysis metrics' `power` asks for more evidence.

const ALPHA = 0.01
const rules = (errors: Record<string, unknown> = {}) => metricRules({ metrics: [
  { name: 'errors', source: 'local', metric: 'error-rate', compare: 'stable', alpha: ALPHA, maxIncrease: '50%', ...errors },
  { name: 'latency', source: 'local', metric: 'latency-p95', compare: 'stable', alpha: ALPHA, maxIncrease: '20%' },
] })
const histogramOf = (xs: number[]): Array<[number, number]> => {
  const m = new Map<number, number>()
  for (const x of xs) m.set(bucketOf(x), (m.get(bucketOf(x)) ?? 0) + 1)
  return [...m].sort((a, b) => a[0] - b[0]).map(([b, n]) => [bucketUpperMs(b), n])
}
const latencies = (r: () => number, n: number, factor = 1) => Array.from({ length: n }, () => 40 * factor * Math.exp(0.3 * normal(r)))

/** One interval of `rps` for 10 s at `weight`%: errors and latencies of both versions. */
function interval(r: () => number, weight: number, o: { rps: number; stable: number; canary: number; slow?: number }): Measurement[] {
  const n = o.rps * 10
  const nc = binomial(n, weight / 100, r)
  const nb = n - nc
  const ec = binomial(nc, o.canary, r)
  const eb = binomial(nb, o.stable, r)
  const hc = histogramOf(latencies(r, nc, o.slow ?? 1))
  const hb = histogramOf(latencies(r, nb))
  return [
    { metric: 'errors', value: nc ? ec / nc : null, requests: nc, events: ec, baseline: { value: nb ? eb / nb : null, requests: nb, events: eb, label: 'v1' } },
    { metric: 'latency', value: null, requests: nc, histogram: hc, baseline: { value: null, requests: nb, histogram: hb, label: 'v1' } },
  ]
}
const priorOf = (r: () => number, errors: number, factor = 1): Record<string, BaselinePrior> => ({
  errors: { requests: 5000, events: binomial(5000, errors, r) },
  latency: { requests: 5000, events: 0, histogram: histogramOf(latencies(r, 1000, factor)) },
})
const STEPS = [{ weight: 10, pauseMs: 60_000 }, { weight: 25, pauseMs: 60_000 }, { weight: 50, pauseMs: 60_000 }, { weight: 100, pauseMs: 0 }]

describe('mixture weights from a prior', () => {
  it('put half the weight on the material ratio the prior implies, still summing to 1', () => {
    const plain = mixtureWeights(2)
    const primed = mixtureWeights(2, 4)
    for (const w of [plain, primed]) expect(w.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12)
    const at = RATIO_GRID.indexOf(5)
    expect(primed[at]).toBeCloseTo(0.5, 12)
    expect(primed[at]).toBeGreaterThan(plain[at] * 5)
    // A stable version that never erred: the material regression is a canary that errs where stable does not.
    expect(mixtureWeights(2, Number.POSITIVE_INFINITY).at(-1)).toBeCloseTo(0.65, 12)
    // No prior, or a ratio that is no regression: as before.
    expect(mixtureWeights(2, undefined)).toEqual(plain)
    expect(mixtureWeights(2, 0.5)).toEqual(plain)
  })

  it('priorRatio reads the material regression off the prior, and ignores a prior too small to say', () => {
    const [errors, latency] = rules()
    // Stable at 1%: material is max(1% x 1.5 x 2, 1% + 5 points) = 6%, 4x the null's 1.5%.
    expect(priorRatio(errors, { requests: 10_000, events: 100 }, 1.5)).toBeCloseTo(4, 1)
    expect(priorRatio(errors, { requests: 10_000, events: 0 }, 1.5)).toBeGreaterThan(100)
    expect(priorRatio(errors, { requests: 50, events: 0 }, 1.5)).toBeUndefined()
    expect(priorRatio(latency, { requests: 5000, events: 0, histogram: [[50, 5000]] }, 1)).toBe(latency.detectRatio)
    expect(priorRatio(latency, { requests: 5000, events: 0 }, 1)).toBeUndefined()
  })
})

describe('a canary judged with a prior', () => {
  it('keeps the prior from interval to interval (it is set once, at the start)', () => {
    const r = rng(3)
    const priors = priorOf(r, 0.01)
    let j: Judgement = { ...emptyJudgement(), priors }
    for (let i = 0; i < 3; i++) j = analyse(rules(), interval(r, 10, { rps: 20, stable: 0.01, canary: 0.01 }), {}, j, { canaryShare: 0.1, intervalMs: 10_000 }).judgement
    expect(j.priors).toBe(priors)
    // The latency test's thresholds start from the prior's histogram; the canary's own is kept for the next profile.
    expect(j.sequential.latency.reference?.reduce((s, [, n]) => s + n, 0)).toBeGreaterThan(300)
    expect(j.sequential.latency.recent?.length).toBeGreaterThan(0)
  })

  it('needs fewer canary requests to abort a +5-point regression on stable at 1%, on the same streams', () => {
    const bare: number[] = []
    const primed: number[] = []
    const r = rng(11)
    for (let i = 0; i < 40; i++) {
      const seed = Math.floor(r() * 1e9)
      const priors = priorOf(rng(seed + 1), 0.01)
      const run = (p?: Record<string, BaselinePrior>) => { const s = rng(seed); return rehearse(rules(), { steps: STEPS, intervalMs: 10_000, ...(p ? { priors: p } : {}) }, (w) => interval(s, w, { rps: 20, stable: 0.01, canary: 0.06 })) }
      const a = run()
      const b = run(priors)
      if (a.decision === 'abort' && b.decision === 'abort') { bare.push(a.canaryRequests); primed.push(b.canaryRequests) }
    }
    const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]
    expect(bare.length).toBeGreaterThan(30)
    expect(median(primed)).toBeLessThan(median(bare))
  })

  it('a stale prior (stable then never erred and was faster) never turns a healthy canary into a false abort', () => {
    // Healthy canaries at stable's 1% errors and usual latency, each judged with a prior that is wrong both ways.
    const r = rng(29)
    let aborts = 0
    const runs = 100
    for (let i = 0; i < runs; i++) {
      const priors = priorOf(r, 0, 0.6)
      const out = rehearse(rules(), { steps: STEPS, intervalMs: 10_000, priors }, (w) => interval(r, w, { rps: 20, stable: 0.01, canary: 0.01 }))
      if (out.decision === 'abort') aborts++
    }
    // Two metrics at alpha 1% each: at most about 2% false aborts, whatever the prior says.
    expect(aborts / runs).toBeLessThanOrEqual(0.03)
  })
})

describe('the environment profile of the stable version', () => {
  const judgement = (): Judgement => {
    const r = rng(5)
    let j = emptyJudgement()
    for (let i = 0; i < 4; i++) j = analyse(rules(), interval(r, 25, { rps: 40, stable: 0.01, canary: 0.02 }), {}, j, { canaryShare: 0.25, intervalMs: 10_000 }).judgement
    return j
  }

  it('a promoted canary\'s own counts describe the new stable; an aborted one adds stable\'s side to what is known', () => {
    const j = judgement()
    const promoted = profileAfter(null, j, { promoted: true, canary: 'v2', stable: 'v1' }, 't1')
    expect(promoted?.version).toBe('v2')
    expect(promoted?.metrics.errors).toEqual({ requests: j.sequential.errors.canary.requests, events: j.sequential.errors.canary.events })
    expect(promoted?.metrics.latency.histogram).toEqual(j.sequential.latency.recent)
    const aborted = profileAfter(promoted, j, { promoted: false, canary: 'v3', stable: 'v2' }, 't2')
    expect(aborted?.metrics.errors.requests).toBe(j.sequential.errors.canary.requests + j.sequential.errors.baseline.requests)
    expect(aborted?.at).toBe('t2')
    // Another stable version: what was known of v2 says nothing of v1.
    expect(profileAfter(promoted, j, { promoted: false, canary: 'v3', stable: 'v1' }, 't3')?.metrics.errors.requests).toBe(j.sequential.errors.baseline.requests)
    // No judgement (no sequential metrics), or no stable: the profile stays as it was.
    expect(profileAfter(promoted, undefined, { promoted: true, canary: 'v4', stable: 'v2' }, 't4')).toBe(promoted)
    expect(profileAfter(promoted, j, { promoted: false, canary: 'v4', stable: null }, 't4')).toBe(promoted)
  })

  it('forgets past 50,000 requests, so it follows a version that drifts', () => {
    const j = judgement()
    let p = profileAfter(null, j, { promoted: false, canary: 'v2', stable: 'v1' }, 't')
    for (let i = 0; i < 200; i++) p = profileAfter(p, j, { promoted: false, canary: 'v2', stable: 'v1' }, 't')
    expect(p?.metrics.errors.requests).toBeLessThanOrEqual(50_000)
    expect(p?.metrics.errors.requests).toBeGreaterThan(40_000)
  })

  it('is handed to a canary only while its version is stable', () => {
    const p = { version: 'v1', metrics: { errors: { requests: 1000, events: 10 }, latency: { requests: 50, events: 0, histogram: [[40, 50]] as Array<[number, number]> } }, at: 't' }
    // A metric with too little history (under 200 requests) is left out, so the log names only what is used.
    expect(priorsFor(p, 'v1')).toEqual({ priors: { errors: p.metrics.errors } })
    expect(priorsFor({ ...p, metrics: { latency: p.metrics.latency } }, 'v1')).toEqual({})
    expect(priorsFor(p, 'v2')).toEqual({})
    expect(priorsFor(null, 'v1')).toEqual({})
  })
})

describe('power: the evidence a promotion needs', () => {
  it('defaults to 0.8; 0.9 asks more evidence of a healthy canary before it promotes', () => {
    expect(rules()[0].power).toBe(0.8)
    const r = rng(17)
    let loose = emptyJudgement()
    let strict = emptyJudgement()
    // Both at 1% errors, minEffect 1% (material 2%): no bound excludes 2% soon, so power decides.
    for (let i = 0; i < 100; i++) {
      const m = interval(r, 25, { rps: 20, stable: 0.01, canary: 0.01 })
      const a = analyse(rules({ minEffect: '1%' }), m, {}, loose, { canaryShare: 0.25, intervalMs: 10_000 })
      const b = analyse(rules({ minEffect: '1%', power: 0.9 }), m, {}, strict, { canaryShare: 0.25, intervalMs: 10_000 })
      loose = a.judgement
      strict = b.judgement
      const [x, y] = [a.results[0], b.results[0]]
      if (x.evidence?.status !== 'powered') continue
      // The first interval where 0.8 promotes: 0.9 still asks for more, and says how much.
      expect(x.evidence.power).toBeGreaterThanOrEqual(0.8)
      expect(x.evidence.power).toBeLessThan(0.9)
      expect(y.evidence?.status).toBe('short')
      expect(y.detail).toMatch(/power 0\.8\d of 0\.9 to catch/)
      return
    }
    throw new Error('the loose rule never promoted')
  })

  it.each([
    ['power above 0.99', 'power: 1.2', 'power'],
    ['power below 0.5', 'power: 0.3', 'power'],
    ['power without compare', null, 'power needs compare'],
    ['priors not a boolean', 'PRIORS', 'priors'],
  ])('rejects %s with a clear error and a fix', (_name, metricExtra, says) => {
    const metric = metricExtra === null ? '{ name: e, source: local, metric: error-rate, max: 0.01, power: 0.9 }' : `{ name: e, source: local, metric: error-rate, compare: stable${metricExtra === 'PRIORS' ? '' : `, ${metricExtra}`} }`
    const yaml = `version: 1\nenvironments:\n  production:\n    branches: [main]\n    strategy: canary\n    local: { app: app, start: node server.js, port: 8080 }\n    canary:\n      steps: [ { weight: 50, pause: 1m }, { weight: 100 } ]\n      analysis:\n${metricExtra === 'PRIORS' ? '        priors: sometimes\n' : ''}        metrics: [ ${metric} ]\n`
    let err: GlidepathError | undefined
    try { parseConfig(yaml, 'glidepath.yml', process.cwd()) } catch (e) { err = e as GlidepathError }
    expect(err?.code).toBe('GP-CONFIG-002')
    expect(JSON.stringify(err?.problems ?? err?.message)).toContain(says)
  })
})
