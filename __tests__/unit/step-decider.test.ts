import { describe, it, expect } from '@jest/globals'
import fc from 'fast-check'
import { nextStep, type StepSituation, type StepAction } from '../../shared/machine/step.js'

// The canary step decider (machine/step.ts), tested as decide() is: situations in, actions out.

const DAY = 86_400_000
const NOW = Date.parse('2026-03-01T12:00:00.000Z')
const plan = [{ weight: 0 }, { weight: 10 }, { weight: 50 }, { weight: 100 }]
const at = (step: number, fields: Omit<Partial<StepSituation>, 'canary'> & { canary?: Partial<StepSituation['canary']> } = {}): StepSituation => ({
  steps: plan, request: 'next', policy: { onHold: 'abort', maxWaitMs: DAY }, now: NOW, ...fields,
  canary: { step, weight: plan[step]?.weight ?? 10, applied: true, ...fields.canary },
})
const passed = { decision: 'continue' as const, reason: 'every metric passed' }
const short = { decision: 'hold' as const, reason: 'too few requests' }

describe('the canary step decider', () => {
  it('judges the current step, and says when its pass promotes', () => {
    expect(nextStep(at(1))).toEqual({ kind: 'judge', step: 1, final: false })
    expect(nextStep(at(2))).toEqual({ kind: 'judge', step: 2, final: true })
    expect(nextStep(at(1, { steps: [{ weight: 10 }, { weight: 50 }] }))).toEqual({ kind: 'judge', step: 1, final: true })
  })

  it('finishes entering a step whose traffic never moved before anything else, and never skips it', () => {
    const s = at(1, { canary: { applied: false, holding: { since: '2026-01-01T00:00:00.000Z', reason: 'x', until: '2026-01-02T00:00:00.000Z' } }, request: 3 })
    expect(nextStep(s)).toEqual({ kind: 'enter', step: 1, weight: 10, why: 'resumed step 1', then: 'stop' })
    expect(nextStep(at(3, { canary: { applied: false, weight: 50 } }))).toEqual({ kind: 'promote', step: 3, why: 'resumed step 3' })
  })

  it('moves to a requested index without judging, and promotes when that step weighs 100', () => {
    expect(nextStep(at(1, { request: 2 }))).toEqual({ kind: 'enter', step: 2, weight: 50, why: 'moved to step 2 by request', then: 'stop' })
    expect(nextStep(at(1, { request: 3 }))).toMatchObject({ kind: 'promote', step: 3 })
  })

  it('does not advance twice for a re-run of the same job step, but does for another job step', () => {
    const canary = { advancedBy: { 'r1/deploy/canary': 1 } }
    expect(nextStep(at(1, { stepKey: 'r1/deploy/canary', canary }))).toEqual({ kind: 'reassert', step: 1, advancedTo: 1 })
    expect(nextStep(at(1, { stepKey: 'r2/deploy/canary', canary }))).toMatchObject({ kind: 'judge' })
    expect(nextStep(at(1, { canary }))).toMatchObject({ kind: 'judge' })
  })

  it('aborts a canary that waited for a person past maxWait before judging it, and judges one still inside it', () => {
    const holding = (until: string) => ({ holding: { since: '2026-02-28T00:00:00.000Z', reason: 'too few requests', until } })
    expect(nextStep(at(2, { canary: holding('2026-03-01T12:00:00.000Z') }))).toEqual({ kind: 'expire', step: 2, until: '2026-03-01T12:00:00.000Z' })
    expect(nextStep(at(2, { canary: holding('2026-03-01T12:00:00.001Z') }))).toMatchObject({ kind: 'judge', step: 2 })
  })

  it('after a pass: enters the next step (and judges it under all), or promotes at the end of the plan', () => {
    expect(nextStep(at(1, { verdict: passed }))).toEqual({ kind: 'enter', step: 2, weight: 50, why: 'step 1 passed: every metric passed', then: 'stop' })
    expect(nextStep(at(1, { verdict: passed, request: 'all' }))).toMatchObject({ kind: 'enter', step: 2, then: 'judge' })
    expect(nextStep(at(2, { verdict: passed }))).toEqual({ kind: 'promote', step: 3, why: 'step 2 passed: every metric passed' })
    expect(nextStep(at(1, { steps: [{ weight: 10 }, { weight: 50 }], canary: { weight: 50 }, verdict: passed }))).toEqual({ kind: 'promote', step: 1, why: 'passed the last step (1)' })
  })

  it('after a pass mid-run it judges the next step instead of repeating the checks of a run\'s start', () => {
    // The step just entered carries this job step's key: only a run's start reads that as a re-run.
    const s = at(2, { stepKey: 'r1/j/s', canary: { advancedBy: { 'r1/j/s': 2 } }, request: 'all', underway: true })
    expect(nextStep(s)).toEqual({ kind: 'judge', step: 2, final: true })
  })

  it('after a failed analysis aborts, whatever the hold policy', () => {
    for (const onHold of ['abort', 'fail', 'wait'] as const) {
      expect(nextStep(at(1, { policy: { onHold, maxWaitMs: DAY }, verdict: { decision: 'abort', reason: 'errors: fail' } }))).toEqual({ kind: 'abort', step: 1, reason: 'errors: fail' })
    }
  })

  it('after a hold past the budget follows canary.onHold', () => {
    expect(nextStep(at(1, { verdict: short }))).toEqual({ kind: 'abort-hold', step: 1 })
    expect(nextStep(at(1, { verdict: short, policy: { onHold: 'fail', maxWaitMs: DAY } }))).toEqual({ kind: 'hold', step: 1 })
    // wait: a first hold starts the clock now; a later one keeps the first since, and expires past maxWait.
    const wait = { onHold: 'wait' as const, maxWaitMs: DAY }
    expect(nextStep(at(1, { verdict: short, policy: wait }))).toEqual({ kind: 'wait', step: 1, since: '2026-03-01T12:00:00.000Z', until: '2026-03-02T12:00:00.000Z' })
    const held = { holding: { since: '2026-03-01T00:00:00.000Z', reason: 'too few requests' } }
    expect(nextStep(at(1, { verdict: short, policy: wait, canary: held }))).toEqual({ kind: 'wait', step: 1, since: '2026-03-01T00:00:00.000Z', until: '2026-03-02T00:00:00.000Z' })
    expect(nextStep(at(1, { verdict: short, policy: wait, canary: held, now: Date.parse('2026-03-02T00:00:00.000Z') }))).toEqual({ kind: 'expire', step: 1, until: '2026-03-02T00:00:00.000Z' })
  })

  it('never skips a step, never goes back, and promotes only through a step of 100% or the last step passed (property)', () => {
    const situation = fc.record({
      weights: fc.array(fc.integer({ min: 0, max: 99 }), { minLength: 1, maxLength: 6 }).chain((w) => fc.boolean().map((full) => (full ? [...w.sort((a, b) => a - b), 100] : w.sort((a, b) => a - b)))),
      step: fc.nat(),
      applied: fc.boolean(),
      request: fc.oneof(fc.constant('next' as const), fc.constant('all' as const), fc.nat()),
      rerun: fc.boolean(),
      underway: fc.boolean(),
      onHold: fc.constantFrom('abort' as const, 'fail' as const, 'wait' as const),
      verdict: fc.option(fc.constantFrom('continue' as const, 'abort' as const, 'hold' as const), { nil: undefined }),
    })
    fc.assert(fc.property(situation, (g) => {
      const steps = g.weights.map((weight) => ({ weight }))
      const step = g.step % steps.length
      const request = typeof g.request === 'number' ? g.request % steps.length : g.request
      const s: StepSituation = {
        canary: { step, weight: steps[step].weight, applied: g.applied, ...(g.rerun ? { advancedBy: { k: step } } : {}) },
        steps, request, stepKey: 'k', policy: { onHold: g.onHold, maxWaitMs: DAY }, now: NOW, underway: g.underway,
        ...(g.verdict ? { verdict: { decision: g.verdict, reason: 'r' } } : {}),
      }
      const a: StepAction = nextStep(s)
      if (a.kind === 'enter' || a.kind === 'promote') {
        const allowed = !g.verdict && !g.underway && !g.applied ? [step] : !g.verdict && !g.underway && typeof request === 'number' ? [request] : [step, step + 1]
        expect(allowed).toContain(a.step)
        if (a.kind === 'promote') expect(steps[a.step].weight >= 100 || (a.step === steps.length - 1 && g.verdict === 'continue')).toBe(true)
        else expect(steps[a.step].weight).toBeLessThan(100)
      }
      if (a.kind === 'abort') expect(g.verdict).toBe('abort')
      if (a.kind === 'abort-hold' || a.kind === 'hold' || a.kind === 'wait') expect(g.verdict).toBe('hold')
      // A passed step under next ends the run; under all it goes on judging.
      if (a.kind === 'enter' && g.verdict === 'continue') expect(a.then).toBe(request === 'all' ? 'judge' : 'stop')
    }), { numRuns: 2000 })
  })
})
