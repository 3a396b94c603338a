// A new release's first seconds (issue 39): caches cold, connections to open, code to compile. Its
// latency then is measured but not judged, so a warming release is not aborted as a slow one; errors
// and crashes still abort at once. The warm-up ends as soon as the data says the release is warm (an
// interval in which its latency meets what it is held to: the metric's max, or the stable version's
// latency over the same interval with the allowance), or at analysis.warmup at the latest, like Argo
// Rollouts' initialDelay but adaptive. It is judged from the next interval on. Warm-up samples never
// enter a latency test, so its alpha is unchanged; a release that stays slow never meets its bound and is
// judged, and caught, once analysis.warmup has passed. Pure: values in, a verdict out.

/** Relative slack over the stable version's latency that counts as warm, at least (the allowance when larger). */
const WARM_RATIO = 0.2
/** Milliseconds of scheduler noise a fast app's latency moves by without being cold. */
const SLACK_MS = 5

export interface WarmupInput {
  /** analysis.warmup: the longest a warm-up lasts. */
  maxMs: number
  /** Since the canary started taking traffic. */
  sinceStartMs: number
  /** The canary's latency this interval (null: no data). */
  current: number | null
  /** The metric's fixed bound (max), when it has one. */
  max?: number
  /** The stable version's latency over the same interval, when measured. */
  baseline: number | null | undefined
  /** The metric's relative allowance over the baseline (0.5 = +50%). */
  allowance: number
}

/** Whether this interval is still warm-up; when it ended here, why. */
export function warmupStep(w: WarmupInput): { warming: boolean; ended?: string } {
  if (w.sinceStartMs >= w.maxMs) return { warming: false, ended: `its longest, analysis.warmup (${Math.round(w.maxMs / 1000)}s), passed` }
  if (w.current === null) return { warming: true }
  if (w.max !== undefined && w.current <= w.max) return { warming: false, ended: `its latency met its bound (${+w.current.toPrecision(3)} <= ${w.max})` }
  if (w.max === undefined && w.baseline !== null && w.baseline !== undefined && w.current <= w.baseline * (1 + Math.max(w.allowance, WARM_RATIO)) + SLACK_MS) {
    return { warming: false, ended: 'its latency is at the stable version\'s' }
  }
  return { warming: true }
}
