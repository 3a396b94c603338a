import { describe, it, expect } from '@jest/globals'
import { topUp, syntheticPlan, canaryShortfall } from '../../shared/analysis/synthetic.js'
import type { MetricResult } from '../../shared/analysis/analyse.js'

// analysis.synthetic's arithmetic: the least that reaches the judge's need by the step's end, never
// above the rate, the canary's real requests counted, within the step's budget.
describe('topUp', () => {
  const plan = syntheticPlan({ rate: 10, max: 100 })
  it('before the judge has said, sends at the rate', () => {
    expect(topUp(plan, 2000, { intervalsLeft: 5, realCanary: 0, sent: 0 })).toBe(20)
  })
  it('spreads what the judge still needs over the intervals left', () => {
    expect(topUp(plan, 1000, { need: 12, intervalsLeft: 4, realCanary: 0, sent: 0 })).toBe(3)
  })
  it('never above the rate, however much is needed', () => {
    expect(topUp(plan, 1000, { need: 1000, intervalsLeft: 1, realCanary: 0, sent: 0 })).toBe(10)
  })
  it('counts the canary\'s real requests toward it', () => {
    expect(topUp(plan, 1000, { need: 40, intervalsLeft: 4, realCanary: 7, sent: 0 })).toBe(3)
    expect(topUp(plan, 1000, { need: 40, intervalsLeft: 4, realCanary: 50, sent: 0 })).toBe(0)
  })
  it('sends nothing once the judge has what it needs', () => {
    expect(topUp(plan, 1000, { need: 0, intervalsLeft: 4, realCanary: 0, sent: 0 })).toBe(0)
  })
  it('stops at the budget, shared by both versions', () => {
    expect(topUp(plan, 1000, { intervalsLeft: 4, realCanary: 0, sent: 96 })).toBe(2)
    expect(topUp(plan, 1000, { intervalsLeft: 4, realCanary: 0, sent: 100 })).toBe(0)
  })
  it('defaults: 2 requests/s, 600 a step, GET /', () => {
    expect(syntheticPlan({})).toEqual({ rate: 2, max: 600, requests: [{ path: '/', method: 'GET' }] })
  })
})

describe('canaryShortfall', () => {
  const short = (required: number, canary: number, baseline: number): MetricResult => ({ metric: 'errors', verdict: 'inconclusive', value: 0, detail: '', dryRun: false, evidence: { test: 'sequential', baseline: 0, bound: 1.5, canaryRequests: canary, baselineRequests: baseline, requiredRequests: required, status: 'short' } })
  it('is the canary\'s part of what the judge still lacks, with a margin past its power target', () => {
    // 1000 more requests in all, 10% of them the canary's, half as far again: 150.
    expect(canaryShortfall([short(1100, 10, 90)], 0.1)).toBe(150)
  })
  it('is the most any metric lacks', () => {
    expect(canaryShortfall([short(1100, 10, 90), short(300, 10, 90)], 0.1)).toBe(150)
  })
  it('is nothing once every metric has what it needs, and a dry-run metric never asks', () => {
    expect(canaryShortfall([{ ...short(1100, 10, 90), verdict: 'pass' }], 0.1)).toBe(0)
    expect(canaryShortfall([{ ...short(1100, 10, 90), dryRun: true }], 0.1)).toBe(0)
  })
  it('is unknown (send at the rate) for an inconclusive metric that names no need', () => {
    expect(canaryShortfall([{ metric: 'p95', verdict: 'inconclusive', value: null, detail: '', dryRun: false }], 0.1)).toBeUndefined()
  })
})
