import { describe, it, expect } from '@jest/globals'
import { canaryCharts } from '../../shared/report/charts.js'
import { newRecord, type DeploymentRecord, type StepRecord } from '../../shared/state/record.js'

const record = (steps: StepRecord[], status: DeploymentRecord['status'] = 'in_progress'): DeploymentRecord => ({
  ...newRecord({ kind: 'deploy', environment: 'production', version: 'v3', previousVersion: 'v2', strategy: 'canary', provider: 'local' }),
  status,
  steps,
})

describe('the canary charts', () => {
  it('one chart per metric: canary, stable and allowance as named lines, the weights and the deciding interval on the axis; the rest folded', () => {
    const md = canaryCharts(record([
      { step: 0, weight: 20, at: '', decision: 'continue', units: { errors: 'ratio', latency: 'ms' }, intervals: [
        { s: 10, metrics: { errors: { canary: 0.01, stable: 0.012, bound: 0.05 }, latency: { canary: 120, bound: 300 } } },
        { s: 20, metrics: { errors: { canary: null, stable: 0.01, bound: 0.05 }, latency: { canary: 130, bound: 300 } } },
      ] },
      { step: 1, weight: 50, at: '', decision: 'abort', units: { errors: 'ratio', latency: 'ms' }, intervals: [
        { s: 10, metrics: { errors: { canary: 0.2, stable: 0.01, bound: 0.05 }, latency: { canary: 900, bound: 300 } } },
      ] },
    ], 'aborted'))
    const [first, folded] = md.split('<details>')
    expect(first).toContain('title "errors: canary red, stable blue, allowance grey"')
    expect(first).toContain('"plotColorPalette": "#cf222e, #0969da, #8c959f"')
    expect(first).toContain('x-axis ["20% 10s", "20% 20s", "50% 10s ✗ aborted"]')
    // Percent for a ratio; an interval with no value keeps the last one (Mermaid draws no gaps).
    expect(first).toContain('line [1, 1, 20]')
    expect(first).toContain('line [1.2, 1, 1]')
    expect(first).toContain('line [5, 5, 5]')
    expect(first).toContain('y-axis "errors %" 0 --> 50')
    expect(folded).toMatch(/^<summary>More charts: latency<\/summary>/)
    expect(folded).toContain('title "latency: canary red, allowance grey"')
    expect(folded).toContain('y-axis "latency ms" 0 --> 2000')
  })

  it('one interval in all: a bar per series named on the axis; a metric never measured is said in words; hostile names stay inside the chart', () => {
    const md = canaryCharts(record([{ step: 0, weight: 10, at: '', decision: 'abort', units: { 'err"ors\n': 'ratio', p95: 'ms' }, intervals: [
      { s: 1.5, metrics: { 'err"ors\n': { canary: 0.5, bound: 0.05 }, p95: { canary: null, bound: 300 } } },
    ] }], 'aborted'))
    expect(md).toContain('title "err ors  at 10% 1.5s ✗ aborted"')
    expect(md).toContain('x-axis ["canary", "allowance"]')
    expect(md).toContain('bar [50, 5]')
    expect(md).toContain('*p95: no value in any interval (no requests reached the canary).*')
  })

  it('records without intervals (older ones, or no analysis) draw nothing here', () => {
    expect(canaryCharts(record([{ step: 0, weight: 20, at: '' }]))).toBe('')
  })
})
