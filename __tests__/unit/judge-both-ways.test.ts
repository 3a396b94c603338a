import { describe, it, expect } from '@jest/globals'
import { seeded as rng, binomial } from '../../shared/analysis/random.js'
import fc from 'fast-check'
import { rateBounds, powerOf, requestsForPower, mixtureWeights, eValue, emptySequential, updateCounts, updateReference, slowCounts, RATIO_GRID } from '../../shared/analysis/sequential.js'
import { analyse, metricRules, emptyJudgement, provenSafe, DEFAULT_MIN_EFFECT, type Judgement, type Measurement, type MetricCounters } from '../../shared/analysis/analyse.js'
import { rehearse } from '../../shared/analysis/rehearse.js'

// Issue 22: a judge that decides both ways at modest traffic. Harm proven aborts at once (as before);
// safety proven (an always-valid bound excludes a material regression) passes at once; otherwise the last
// step passes once the test would have caught a material regression (relative, or minEffect in absolute
// terms, the larger) with TARGET_POWER, and a step before it needs only its minRequests.


const errorsRule = (extra: Record<string, unknown> = {}) => metricRules({ metrics: [{ name: 'errors', source: 'local', metric: 'error-rate', compare: 'stable', alpha: 0.01, maxIncrease: '50%', ...extra }] })
/** One interval at `rps` in all for `seconds`, the canary taking `weight`%. */
const interval = (r: () => number, o: { rps: number; seconds: number; weight: number; stable: number; canary: number }): Measurement => {
  const n = Math.round(o.rps * o.seconds)
  const nc = Math.round((n * o.weight) / 100)
  const nb = n - nc
  const ec = binomial(nc, o.canary, r)
  const eb = binomial(nb, o.stable, r)
  return { metric: 'errors', value: nc ? ec / nc : null, requests: nc, events: ec, baseline: { value: nb ? eb / nb : null, requests: nb, events: eb, label: 'v1' } }
}

describe('always-valid bounds on a rate (beta-binomial mixture)', () => {
  it('hold the estimate and shrink with the requests; no events means a lower bound of 0', () => {
    const [lo, hi] = rateBounds(10, 1000, 0.01)
    expect(lo).toBeLessThan(0.01)
    expect(hi).toBeGreaterThan(0.01)
    expect(rateBounds(0, 1000, 0.01)[0]).toBe(0)
    expect(rateBounds(0, 4000, 0.01)[1]).toBeLessThan(rateBounds(0, 1000, 0.01)[1])
    expect(rateBounds(0, 0, 0.01)).toEqual([0, 1])
  })

  it('are wider than a fixed-sample bound (the price of looking after every interval) but not by much', () => {
    // 0 of 1000 at 1%: the fixed one-sided bound is about 4.6/1000; the always-valid one pays a log factor.
    const hi = rateBounds(0, 1000, 0.01)[1]
    expect(hi).toBeGreaterThan(0.0046)
    expect(hi).toBeLessThan(0.012)
  })

  it('cover the true rate at every look at once, with probability at least 1 - alpha (simulated)', () => {
    const alpha = 0.05
    for (const p of [0, 0.01, 0.2]) {
      const r = rng(Math.round(p * 1000) + 3)
      let missed = 0
      const runs = 300
      for (let run = 0; run < runs; run++) {
        let events = 0
        for (let n = 1; n <= 1500; n++) {
          events += r() < p ? 1 : 0
          if (n % 25 === 0) {
            const [lo, hi] = rateBounds(events, n, alpha)
            if (p < lo || p > hi) {
              missed++
              break
            }
          }
        }
      }
      expect(missed / runs).toBeLessThanOrEqual(alpha)
    }
  })

  it('bounds are ordered and inside [0, 1] for any counts (property)', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 5000 }), fc.integer({ min: 1, max: 5000 }), fc.double({ min: 0.001, max: 0.5, noNaN: true }), (e, n, alpha) => {
      const events = Math.min(e, n)
      const [lo, hi] = rateBounds(events, n, alpha)
      return lo >= 0 && hi <= 1 && lo <= events / n + 1e-9 && hi >= events / n - 1e-9
    }), { numRuns: 200 })
  })
})

describe('power against a material regression', () => {
  const exposure = (rps: number, steps: number[], seconds: number): Array<[number, number, number]> => steps.map((w) => [w / 100, (rps * seconds * w) / 100, (rps * seconds * (100 - w)) / 100])

  it('grows with the requests and the effect, and stays finite when stable never errs', () => {
    const at = (rps: number, effect: number) => powerOf(exposure(rps, [10, 25, 50], 60), 1.5, 0.01, { canaryRate: effect, baselineRate: 0 }, mixtureWeights(2))
    expect(at(5, 0.05)).toBeGreaterThan(at(5, 0.02))
    expect(at(20, 0.02)).toBeGreaterThan(at(5, 0.02))
    expect(at(5, 0.05)).toBeGreaterThan(0.8) // the README's 5 requests/s site, 1-minute pauses: enough against 5 points
    expect(at(1, 0.05)).toBeLessThan(0.5)
  })

  it('says how many more requests reach the target power, and none once reached', () => {
    const seen = exposure(5, [10], 60)
    const more = requestsForPower(seen, 0.25, 1.5, 0.01, { canaryRate: 0.05, baselineRate: 0 })
    expect(more).toBeGreaterThan(0)
    expect(Number.isFinite(more)).toBe(true)
    expect(powerOf([...seen, [0.25, more * 0.25, more * 0.75]], 1.5, 0.01, { canaryRate: 0.05, baselineRate: 0 })).toBeGreaterThanOrEqual(0.8)
    expect(requestsForPower(exposure(100, [50], 60), 0.5, 1.5, 0.01, { canaryRate: 0.05, baselineRate: 0 })).toBe(0)
  })

  it('a weighted mixture stays an e-process: A/A canaries reach 1/alpha at most alpha of the time', () => {
    const alpha = 0.05
    const weights = mixtureWeights(2)
    expect(weights.reduce((s, w) => s + w, 0)).toBeCloseTo(1, 12)
    expect(weights).toHaveLength(RATIO_GRID.length)
    const r = rng(42)
    let aborted = 0
    const runs = 400
    for (let run = 0; run < runs; run++) {
      let s = emptySequential()
      for (let i = 0; i < 30; i++) {
        // On the null's boundary (the canary 1.5 times stable's rate, the allowance): the hardest A/A.
        s = updateCounts(s, { canaryRequests: 200, canaryEvents: binomial(200, 0.03, r), baselineRequests: 600, baselineEvents: binomial(600, 0.02, r) }, 1.5)
        if (eValue(s, weights) >= 1 / alpha) {
          aborted++
          break
        }
      }
    }
    expect(aborted / runs).toBeLessThanOrEqual(alpha)
  })
})

describe('verdicts both ways', () => {
  it('a zero baseline never demands unbounded traffic: the ETA is finite and the canary passes once it has the evidence', () => {
    const r = rng(1)
    const rules = errorsRule()
    let j: Judgement = emptyJudgement()
    const seen: string[] = []
    for (let i = 0; i < 30; i++) {
      const out = analyse(rules, [interval(r, { rps: 20, seconds: 10, weight: 20, stable: 0, canary: 0 })], {}, j, { canaryShare: 0.2, intervalMs: 10_000, final: true })
      j = out.judgement
      const res = out.results[0]
      seen.push(res.evidence?.status as string)
      if (i === 0) {
        expect(res.verdict).toBe('inconclusive')
        expect(res.evidence?.etaSeconds).toBeGreaterThan(0)
        expect(res.evidence?.etaSeconds).toBeLessThan(600)
        expect(res.detail).toMatch(/not enough evidence yet to promote \(power 0\.\d\d of 0\.8 to catch \+5\.0% errors over stable \(minEffect\), 5\.0%; ~\d+ more requests, ~\d+s at this rate\)/)
      }
      if (res.verdict === 'pass') break
    }
    expect(seen.at(-1)).toMatch(/safe|powered/)
    expect(seen.length).toBeLessThan(15) // within the 20 requests/s, two 30 s steps (not the 568 s it asked for)
  })

  it('a smaller minEffect asks for more evidence, and the defaults are 5% of requests and 10 ms', () => {
    expect(errorsRule()[0].minEffect).toBe(DEFAULT_MIN_EFFECT.counts)
    expect(metricRules({ metrics: [{ name: 'l', source: 'local', metric: 'latency-p95', compare: 'stable' }] })[0].minEffect).toBe(10)
    expect(metricRules({ metrics: [{ name: 'l', source: 'local', metric: 'latency-p95', compare: 'stable', minEffect: '25ms' }] })[0].minEffect).toBe(25)
    const eta = (minEffect: string) => analyse(errorsRule({ minEffect }), [interval(rng(2), { rps: 20, seconds: 10, weight: 20, stable: 0, canary: 0 })], {}, emptyJudgement(), { canaryShare: 0.2, intervalMs: 10_000 }).results[0].evidence?.etaSeconds as number
    expect(eta('1%')).toBeGreaterThan(eta('5%'))
  })

  it('with a busy stable error rate the relative effect is the material one', () => {
    const out = analyse(errorsRule({ minEffect: '1%' }), [interval(rng(3), { rps: 100, seconds: 10, weight: 20, stable: 0.05, canary: 0.05 })], {}, emptyJudgement(), { canaryShare: 0.2, intervalMs: 10_000 })
    expect(out.results[0].evidence?.material).toMatch(/^3\.00x the stable error rate/)
  })

  it('a faster canary passes at once on its always-valid bound, and the step need not wait', () => {
    const rules = metricRules({ metrics: [{ name: 'latency', source: 'local', metric: 'latency-p95', compare: 'stable', alpha: 0.01, maxIncrease: '20%' }] })
    const stable: Array<[number, number]> = [[40, 150], [50, 30], [60, 15], [80, 5]]
    const faster: Array<[number, number]> = [[20, 30], [30, 10]]
    let j: Judgement = emptyJudgement()
    let out
    let intervals = 0
    do {
      out = analyse(rules, [{ metric: 'latency', value: 25, requests: 40, histogram: faster, baseline: { value: 60, requests: 200, histogram: stable, label: 'v1' } }], {}, j, { canaryShare: 0.2, intervalMs: 5000 })
      j = out.judgement
      intervals++
    } while (out.results[0].verdict !== 'pass' && intervals < 20)
    expect(out.results[0].evidence?.status).toBe('safe')
    expect(out.results[0].detail).toMatch(/^no material regression: the canary's slow share is at most [\d.]+% \(always-valid bound\), under the 10\.0%/)
    expect(intervals).toBeLessThanOrEqual(3)
    expect(provenSafe(rules, out.results)).toMatch(/latency: bound/)
  })

  it('a step before the last passes on its minRequests; the same evidence does not promote', () => {
    const m = interval(rng(4), { rps: 20, seconds: 10, weight: 20, stable: 0, canary: 0 })
    const before = analyse(errorsRule({ minRequests: 30 }), [m], {}, emptyJudgement(), { canaryShare: 0.2, intervalMs: 10_000, final: false })
    expect(before.results[0]).toMatchObject({ verdict: 'pass', evidence: { status: 'step' } })
    expect(before.results[0].detail).toMatch(/^no harm proven at this step \(40 canary request\(s\), minRequests 30; promotion will need power 0\.8/)
    const tooFew = analyse(errorsRule({ minRequests: 100 }), [m], {}, emptyJudgement(), { canaryShare: 0.2, intervalMs: 10_000, final: false })
    expect(tooFew.results[0].verdict).toBe('inconclusive')
    // minRequests counts the whole step: a second interval brings it over.
    const second = analyse(errorsRule({ minRequests: 100 }), [m, m].slice(1), tooFew.counters as Record<string, MetricCounters>, tooFew.judgement, { canaryShare: 0.2, intervalMs: 10_000, final: false })
    expect(second.counters.errors.requests).toBe(80)
    const last = analyse(errorsRule({ minRequests: 30 }), [m], {}, emptyJudgement(), { canaryShare: 0.2, intervalMs: 10_000, final: true })
    expect(last.results[0]).toMatchObject({ verdict: 'inconclusive', evidence: { status: 'short' } })
  })

  it('a canary exactly at the material regression is almost never proven safe (at most alpha, simulated)', () => {
    const r = rng(9)
    const rules = errorsRule({ alpha: 0.05 })
    let falseSafe = 0
    const runs = 300
    for (let run = 0; run < runs; run++) {
      let j: Judgement = emptyJudgement()
      for (let i = 0; i < 20; i++) {
        const out = analyse(rules, [interval(r, { rps: 20, seconds: 10, weight: 25, stable: 0, canary: 0.05 })], {}, j, { canaryShare: 0.25, intervalMs: 10_000 })
        j = out.judgement
        if (out.results[0].evidence?.status === 'safe') {
          falseSafe++
          break
        }
        if (out.decision === 'abort') break
      }
    }
    expect(falseSafe / runs).toBeLessThanOrEqual(0.05)
  })

  it('an interval with no traffic on a side is no data, never a source fault (latency histograms empty)', () => {
    const rules = metricRules({ metrics: [{ name: 'latency', source: 'local', metric: 'latency-p95', compare: 'stable' }] })
    let counters: Record<string, MetricCounters> = {}
    let j: Judgement = emptyJudgement()
    for (let i = 0; i < 6; i++) {
      const out = analyse(rules, [{ metric: 'latency', value: null, requests: 0, histogram: [], baseline: { value: 40, requests: 3, histogram: [[40, 3]], label: 'v1' } }], counters, j, { canaryShare: 0.1, intervalMs: 10_000 })
      counters = out.counters
      j = out.judgement
      expect(out.decision).toBe('continue')
      expect(out.results[0].verdict).toBe('inconclusive')
    }
  })
})

describe('a canary rehearsed on simulated traffic (the action\'s step rules, no clock)', () => {
  // The README's recommended judgement at 5 requests/s in all: steps 10/25/50% of a minute, every 10 s.
  const rules = metricRules({ metrics: [{ name: 'errors', source: 'local', metric: 'error-rate', compare: 'stable', alpha: 0.05, maxIncrease: '50%' }] })
  const plan = { steps: [{ weight: 10, pauseMs: 60_000 }, { weight: 25, pauseMs: 60_000 }, { weight: 50, pauseMs: 60_000 }, { weight: 100, pauseMs: 0 }], intervalMs: 10_000 }
  const many = (canary: number, runs: number, seed: number) => {
    const r = rng(seed)
    return Array.from({ length: runs }, () => rehearse(rules, plan, (weight, ms) => [interval(r, { rps: 5, seconds: ms / 1000, weight, stable: 0, canary })]))
  }

  it('promotes healthy canaries of a 5 requests/s site within their pauses, and aborts at most alpha of them', () => {
    const out = many(0, 200, 21)
    const promoted = out.filter((x) => x.decision === 'promote' && !x.extended).length
    expect(promoted / out.length).toBeGreaterThanOrEqual(0.95)
    expect(out.filter((x) => x.decision === 'abort').length / out.length).toBeLessThanOrEqual(0.05)
  })

  it('catches a +5 point regression by the end of the canary far more often than the 80% power promised', () => {
    const out = many(0.05, 200, 22)
    expect(out.filter((x) => x.decision === 'abort').length / out.length).toBeGreaterThanOrEqual(0.85)
    expect(out.filter((x) => x.decision === 'promote').length / out.length).toBeLessThanOrEqual(0.2)
  })
})

describe('latency thresholds from a longer look at the baseline', () => {
  it('keeps a decayed histogram of the baseline, so one quiet interval does not set the threshold alone', () => {
    let ref = updateReference(undefined, [[40, 10], [80, 1]])
    ref = updateReference(ref, [[40, 10]])
    expect(ref).toEqual([[40, 18], [80, 0.8]])
    // A quiet interval's baseline (ten requests, none slow) puts p95 at 40 ms, the reference at 80 ms:
    // the canary's two 40-200 ms requests count as less slow against the longer look (threshold 96 ms).
    const alone = slowCounts([[40, 8], [200, 2]], [[40, 10]], 0.95, 0.2, 10)
    const pair = slowCounts([[40, 8], [200, 2]], [[40, 10]], 0.95, 0.2, 10, [[40, 90], [120, 10]])
    expect(pair?.canaryEvents).toBeCloseTo(1.3, 6)
    expect(alone?.canaryEvents).toBeGreaterThan(1.8)
    expect(pair?.baselineEvents).toBe(0)
  })
})

describe('the summary shows the evidence to promote', () => {
  it('renders harm, safety, power and what is short, from the step\'s analysis', async () => {
    const { renderDeploySummary } = await import('../../shared/report/summary.js')
    const r = rng(11)
    const rules = errorsRule()
    const short = analyse(rules, [interval(r, { rps: 20, seconds: 10, weight: 20, stable: 0, canary: 0 })], {}, emptyJudgement(), { canaryShare: 0.2, intervalMs: 10_000 }).results
    const md = renderDeploySummary({
      schema: 1, id: 'x', kind: 'deploy', environment: 'production', version: 'v2', previousVersion: 'v1', strategy: 'canary', provider: 'local', status: 'in_progress',
      step: 0, weights: { stable: 80, canary: 20 }, startedAt: '2026-12-03T00:00:00Z',
      steps: [{ step: 0, weight: 20, at: '2026-12-03T00:00:00Z', decision: 'hold', reason: 'short', analysis: short }],
    } as never)
    expect(md).toContain('| evidence to promote |')
    expect(md).toMatch(/\| short: power 0\.\d+ of 0\.8, \\?~\d+s more at this rate \|/)
  })
})
