import type { CanaryState } from '../state/store.js'

// The canary step decider: once decide() has chosen to judge or move a canary in flight (judge-step,
// judge-all, move-to-step), what the run does next. Pure: the canary as recorded, the plan's weights,
// the request, the hold policy, the clock and the verdict of the step just judged in; one action out.
// flows/canary.ts carries the actions out (traffic, records, GitHub) and asks again until an action
// ends the run; docs/state-machine.md's step table is rendered from this function.

/** What a canary-step run asks once decide() chose judging or moving. */
export type StepRun = 'next' | 'all' | number

export interface StepPolicy {
  /** What a step that stays short of evidence past its budget does (canary.onHold). */
  onHold: 'abort' | 'fail' | 'wait'
  /** onHold wait: how long a canary waits for a person before the next run aborts it (canary.maxWait). */
  maxWaitMs: number
}

export interface StepSituation {
  canary: Pick<CanaryState, 'step' | 'weight' | 'applied' | 'holding' | 'advancedBy'>
  /** The plan's weights, in order (a weight of 100 promotes). */
  steps: ReadonlyArray<{ weight: number }>
  request: StepRun
  /** This job step's key (run/job/step), when known: a re-run of the same job step never advances twice. */
  stepKey?: string
  policy: StepPolicy
  /** The clock, in ms since the epoch. */
  now: number
  /** This run has already entered or judged a step (the checks of a run's start are behind it). */
  underway?: boolean
  /** The verdict on the current step, when it was just judged. */
  verdict?: { decision: 'continue' | 'abort' | 'hold'; reason: string }
}

export type StepAction =
  /** Judge the current step over its pause; `final` when its pass promotes (it needs the evidence to promote). */
  | { kind: 'judge'; step: number; final: boolean }
  /** Write the step, move traffic to its weight, mark it applied; then stop the run, or judge it (step: all). */
  | { kind: 'enter'; step: number; weight: number; why: string; then: 'stop' | 'judge' }
  /** The canary becomes stable (the step entered weighs 100, or the last step passed). */
  | { kind: 'promote'; step: number; why: string }
  /** A re-run of a job step that already advanced: traffic is put at the recorded weight again, nothing advances. */
  | { kind: 'reassert'; step: number; advancedTo: number }
  /** Analysis failed: the canary is aborted. */
  | { kind: 'abort'; step: number; reason: string }
  /** Waited for a person past canary.maxWait: the canary is aborted. */
  | { kind: 'expire'; step: number; until: string }
  /** onHold wait: traffic stays, a person decides until `until`. */
  | { kind: 'wait'; step: number; since: string; until: string }
  /** onHold abort: held past its budget, the canary is aborted. */
  | { kind: 'abort-hold'; step: number }
  /** onHold fail: held past its budget, traffic stays split and the job fails. */
  | { kind: 'hold'; step: number }

/** Where `index` leads: entering its weight, or promoting when it weighs 100. */
function enter(s: StepSituation, index: number, why: string, then: 'stop' | 'judge'): StepAction {
  const weight = s.steps[index].weight
  return weight >= 100 ? { kind: 'promote', step: index, why } : { kind: 'enter', step: index, weight, why, then }
}

export function nextStep(s: StepSituation): StepAction {
  const index = s.canary.step
  if (s.verdict) return afterVerdict(s, s.verdict)
  if (!s.underway) {
    // A run died between writing the step and moving traffic: finish entering that step, never skip it.
    if (s.canary.applied === false) return enter(s, index, `resumed step ${index}`, 'stop')
    if (typeof s.request === 'number') return enter(s, s.request, `moved to step ${s.request} by request`, 'stop')
    const advancedTo = s.stepKey ? s.canary.advancedBy?.[s.stepKey] : undefined
    if (advancedTo !== undefined) return { kind: 'reassert', step: index, advancedTo }
    // A canary that waited for a person past maxWait is aborted by the next run, before any judging.
    const until = s.canary.holding?.until
    if (until && s.now >= Date.parse(until)) return { kind: 'expire', step: index, until }
  }
  // The step whose pass promotes needs the evidence to promote; a step before it only no proven harm.
  return { kind: 'judge', step: index, final: index + 1 >= s.steps.length || s.steps[index + 1].weight >= 100 }
}

function afterVerdict(s: StepSituation, verdict: NonNullable<StepSituation['verdict']>): StepAction {
  const index = s.canary.step
  if (verdict.decision === 'abort') return { kind: 'abort', step: index, reason: verdict.reason }
  if (verdict.decision === 'hold') {
    // A hold past its budget never ends the job green with traffic split (docs/state-machine.md),
    // unless the config asks a person to decide (onHold: wait), bounded by maxWait.
    if (s.policy.onHold === 'wait') {
      const since = s.canary.holding?.since ?? new Date(s.now).toISOString()
      const until = new Date(Date.parse(since) + s.policy.maxWaitMs).toISOString()
      return s.now >= Date.parse(until) ? { kind: 'expire', step: index, until } : { kind: 'wait', step: index, since, until }
    }
    return { kind: s.policy.onHold === 'abort' ? 'abort-hold' : 'hold', step: index }
  }
  const next = Math.min(index + 1, s.steps.length - 1)
  if (next === index) return { kind: 'promote', step: index, why: `passed the last step (${index})` }
  return enter(s, next, `step ${index} passed: ${verdict.reason}`, s.request === 'all' ? 'judge' : 'stop')
}
