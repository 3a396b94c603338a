import { analyse, closeStep, provenSafe, emptyJudgement, type BaselinePrior, type Measurement, type MetricCounters, type MetricRule, type Judgement } from './analyse.js'
import { topUp, canaryShortfall, type SyntheticPlan } from './synthetic.js'

// A canary's steps judged over measurements someone else makes up: the same decisions canary-step takes
// interval by interval (abort on proven harm, pass early on proven safety, the last step needs the
// evidence to promote, a hold budget past the pause), without a clock or a router. The benchmark and the
// tests run it on simulated traffic; `plan` can run it on the traffic a user expects.

export interface RehearsalStep {
  weight: number
  pauseMs: number
  /** This step's interval (canary.steps[].interval; default the plan's). */
  intervalMs?: number
}

export interface RehearsalPlan {
  steps: RehearsalStep[]
  intervalMs: number
  /** How long a step may go on past its pause gathering evidence (canary.holdTimeout; default: the pause). */
  holdBudgetMs?: (pauseMs: number) => number
  /** analysis.synthetic: the step's own requests, decided as canary-step decides them (synthetic.ts). */
  synthetic?: Pick<SyntheticPlan, 'rate' | 'max'>
  /** What earlier canaries saw of the stable version (canary-step reads it from the environment's record). */
  priors?: Record<string, BaselinePrior>
}

export interface Rehearsal {
  decision: 'promote' | 'abort' | 'hold'
  /** Time from the start of the canary to the decision. */
  ms: number
  /** The step the decision was taken at. */
  step: number
  /** The canary's requests measured until then. */
  canaryRequests: number
  /** The decision needed time past a step's pause (the hold budget). */
  extended: boolean
  reason: string
  /** Synthetic requests sent to each version until then (analysis.synthetic). */
  synthetic: number
}

/** Measurements of every rule over one interval at the canary's weight, with `synthetic` more requests to each version. */
export type Measure = (weight: number, intervalMs: number, synthetic: number) => Measurement[]

export function rehearse(rules: MetricRule[], plan: RehearsalPlan, measure: Measure): Rehearsal {
  let judgement: Judgement = plan.priors ? { ...emptyJudgement(), priors: plan.priors } : emptyJudgement()
  let ms = 0
  let canaryRequests = 0
  let extended = false
  let synthetic = 0
  // The judge's shortfall and the canary's real traffic carry from step to step, as in canary-step's run.
  let need: number | undefined
  let realCanary = 0
  const steps = plan.steps
  for (let index = 0; index < steps.length && steps[index].weight < 100; index++) {
    const { weight, pauseMs } = steps[index]
    const intervalMs = steps[index].intervalMs ?? plan.intervalMs
    const final = index + 1 >= steps.length || steps[index + 1].weight >= 100
    const stepMs = Math.max(pauseMs, intervalMs)
    const budget = stepMs + (plan.holdBudgetMs ?? ((p: number) => p))(pauseMs)
    let counters: Record<string, MetricCounters> = {}
    let elapsed = 0
    let sent = 0
    for (;;) {
      const left = Math.ceil(((elapsed < stepMs ? stepMs : budget) - elapsed) / intervalMs)
      const perVersion = plan.synthetic ? topUp(plan.synthetic, intervalMs, { need, intervalsLeft: left, realCanary, sent }) : 0
      sent += 2 * perVersion
      synthetic += perVersion
      elapsed += intervalMs
      ms += intervalMs
      const measurements = measure(weight, intervalMs, perVersion)
      const counted = Math.max(0, ...measurements.map((m) => m.requests ?? 0))
      canaryRequests += counted
      realCanary = Math.max(0, counted - perVersion)
      const r = analyse(rules, measurements, counters, judgement, { canaryShare: weight / 100, intervalMs, final })
      counters = r.counters
      judgement = r.judgement
      if (plan.synthetic) need = canaryShortfall(r.results, weight / 100)
      const end = (decision: Rehearsal['decision'], reason: string): Rehearsal => ({ decision, ms, step: index, canaryRequests, extended, reason, synthetic })
      if (r.decision === 'abort' || r.decision === 'hold') return end(r.decision, r.reason)
      if (provenSafe(rules, r.results)) break
      if (elapsed < stepMs) continue
      if (closeStep(rules, counters).decision === 'continue') break
      // Past the pause without the evidence: canary-step waits within the budget when the ETA fits it.
      const secondsLeft = (budget - elapsed) / 1000
      const etas = r.results.filter((x) => x.verdict === 'inconclusive').map((x) => x.evidence?.etaSeconds ?? Number.POSITIVE_INFINITY)
      if (elapsed >= budget || Math.max(0, ...etas) > secondsLeft) return end('hold', `not enough evidence at step ${index}: ${r.results.filter((x) => x.verdict !== 'pass').map((x) => `${x.metric}: ${x.detail}`).join('; ')}`)
      extended = true
    }
  }
  return { decision: 'promote', ms, step: steps.length - 1, canaryRequests, extended, reason: 'passed the last step', synthetic }
}
