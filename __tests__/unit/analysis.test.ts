import { describe, it, expect } from '@jest/globals'
import { analyse, closeStep, metricRules, type MetricCounters } from '../../shared/analysis/analyse.js'

const rules = (extra: Record<string, unknown> = {}, analysis: Record<string, unknown> = {}) =>
  metricRules({ ...analysis, metrics: [{ name: 'errors', source: 'local', metric: 'error-rate', max: 0.05, ...extra }] })

describe('analyse (pure)', () => {
  it('passes a value within bounds', () => {
    const r = analyse(rules(), [{ metric: 'errors', value: 0.01, requests: 100 }])
    expect(r.decision).toBe('continue')
    expect(r.results[0].verdict).toBe('pass')
  })

  it('aborts on the first failure with the default failureLimit 0', () => {
    const r = analyse(rules(), [{ metric: 'errors', value: 0.5, requests: 100 }])
    expect(r.decision).toBe('abort')
    expect(r.reason).toMatch(/errors failed 1 time\(s\), over failureLimit 0: 0.500 > max 0.0500/)
  })

  it('a comparison names its test in the reason, also when consecutiveFailures ends the step', () => {
    const rs = metricRules({ metrics: [{ name: 'probe-vs-stable', source: 'probe', metric: 'error-rate', compare: 'stable', test: 'fixed', maxDifference: 0.5, consecutiveFailures: 2 }] })
    const measure = (value: number) => [{ metric: 'probe-vs-stable', value, requests: 10, baseline: { value: 0, requests: 10, label: 'v1' } }]
    const first = analyse(rs, measure(1))
    expect(first.decision).toBe('continue') // one failing interval of the two allowed
    const second = analyse(rs, measure(1), first.counters, first.judgement)
    expect(second.decision).toBe('abort')
    expect(second.reason).toMatch(/^probe-vs-stable \(fixed test against stable\) failed 2 interval\(s\) in a row \(consecutiveFailures 2\): 1 > 0\.500/)
  })

  it('tolerates failures up to failureLimit, counting across intervals', () => {
    const rs = rules({ failureLimit: 2 })
    let counters: Record<string, MetricCounters> = {}
    const decisions = [0.5, 0.01, 0.5, 0.5].map((value) => {
      const r = analyse(rs, [{ metric: 'errors', value, requests: 100 }], counters)
      counters = r.counters
      return r.decision
    })
    expect(decisions).toEqual(['continue', 'continue', 'continue', 'abort'])
  })

  it('treats too few requests as inconclusive, never pass or fail', () => {
    const r = analyse(rules({}, { minRequests: 50 }), [{ metric: 'errors', value: 1, requests: 3 }])
    expect(r.results[0].verdict).toBe('inconclusive')
    expect(r.decision).toBe('continue')
    expect(closeStep(rules({}, { minRequests: 50 }), r.counters).decision).toBe('hold')
  })

  it.each([null, Number.NaN])('treats %p as no data, decided by onNoData', (value) => {
    expect(analyse(rules(), [{ metric: 'errors', value }]).results[0].verdict).toBe('inconclusive')
    expect(analyse(rules({}, { onNoData: 'fail' }), [{ metric: 'errors', value }]).decision).toBe('abort')
    expect(analyse(rules({}, { onNoData: 'pass' }), [{ metric: 'errors', value }]).results[0].verdict).toBe('pass')
  })

  it('holds once inconclusive results pass inconclusiveLimit', () => {
    const r = analyse(rules({ inconclusiveLimit: 0 }), [{ metric: 'errors', value: null }])
    expect(r.decision).toBe('hold')
  })

  it('counts source errors against errorLimit and never promotes on them', () => {
    const rs = rules({ errorLimit: 1 })
    const first = analyse(rs, [{ metric: 'errors', value: null, error: 'connection refused' }])
    expect(first.decision).toBe('continue')
    expect(closeStep(rs, first.counters).decision).toBe('hold')
    const second = analyse(rs, [{ metric: 'errors', value: null, error: 'connection refused' }], first.counters)
    expect(second.decision).toBe('abort')
  })

  it('reports dry-run metrics without letting them decide', () => {
    const r = analyse(rules({ dryRun: true }), [{ metric: 'errors', value: 0.9, requests: 100 }])
    expect(r.results[0]).toMatchObject({ verdict: 'fail', dryRun: true })
    expect(r.decision).toBe('continue')
    expect(closeStep(rules({ dryRun: true }), r.counters).decision).toBe('continue')
  })

  it('reads duration bounds for latency metrics', () => {
    const rs = metricRules({ metrics: [{ name: 'slow', source: 'local', metric: 'latency-p95', max: '500ms' }] })
    expect(analyse(rs, [{ metric: 'slow', value: 700, requests: 10 }]).decision).toBe('abort')
    expect(analyse(rs, [{ metric: 'slow', value: 120, requests: 10 }]).decision).toBe('continue')
  })
})
