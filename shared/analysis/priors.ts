import { updateReference, type SequentialState } from './sequential.js'
import { PRIOR_MIN_REQUESTS, type BaselinePrior, type Judgement } from './analyse.js'

// Priors from history (issue 39): what earlier canaries saw of the version now stable, kept in the
// environment's record and handed to the next canary's judge when it starts. Pure: a canary's judgement in,
// the environment's profile of its stable version out.

/** The stable version as the canaries measured it, by metric name. */
export interface StableProfile {
  version: string
  metrics: Record<string, BaselinePrior>
  /** When it was last added to. */
  at: string
}

/** A profile forgets beyond this many requests (older counts scaled down), so it follows a version that drifts. */
const PROFILE_REQUESTS = 50_000

/** The side of a canary's tests that measured `version`: the canary's own counts when promoted, stable's when aborted. */
function sideOf(state: SequentialState, promoted: boolean): BaselinePrior {
  const latency = state.reference !== undefined || state.recent !== undefined
  if (promoted) return latency ? { requests: state.canary.requests, events: 0, ...(state.recent ? { histogram: state.recent } : {}) } : { requests: state.canary.requests, events: state.canary.events }
  return latency ? { requests: state.baseline.requests, events: 0, ...(state.reference ? { histogram: state.reference } : {}) } : { requests: state.baseline.requests, events: state.baseline.events }
}

function merged(older: BaselinePrior | undefined, newer: BaselinePrior): BaselinePrior {
  if (!older) return newer
  const keep = Math.min(1, Math.max(0, PROFILE_REQUESTS - newer.requests) / Math.max(1, older.requests))
  const histogram = newer.histogram && older.histogram ? updateReference(older.histogram.map(([u, n]) => [u, n * keep]), newer.histogram) : (newer.histogram ?? older.histogram)
  return { requests: Math.round(older.requests * keep) + newer.requests, events: Math.round(older.events * keep * 100) / 100 + newer.events, ...(histogram ? { histogram } : {}) }
}

/**
 * The environment's profile once a canary ends: a promoted canary's own measurements describe the new
 * stable version; an aborted one's baseline side adds to what is known of the stable version that stays.
 */
export function profileAfter(previous: StableProfile | null | undefined, judgement: Judgement | undefined, outcome: { promoted: boolean; canary: string; stable: string | null }, at: string): StableProfile | null | undefined {
  const version = outcome.promoted ? outcome.canary : outcome.stable
  if (!version || !judgement) return previous
  const same = previous?.version === version
  const metrics: Record<string, BaselinePrior> = same ? { ...previous.metrics } : {}
  for (const [name, state] of Object.entries(judgement.sequential)) {
    const side = sideOf(state, outcome.promoted)
    if (side.requests > 0) metrics[name] = merged(metrics[name], side)
  }
  if (Object.keys(metrics).length === 0) return same ? previous : null
  return { version, metrics, at }
}

/** The priors a canary starts with: the profile's metrics that have seen enough, when it describes the version now stable. */
export function priorsFor(profile: StableProfile | null | undefined, stable: string | null): Pick<Judgement, 'priors'> {
  if (!profile || !stable || profile.version !== stable) return {}
  const enough = Object.entries(profile.metrics).filter(([, p]) => p.requests >= PRIOR_MIN_REQUESTS)
  return enough.length ? { priors: Object.fromEntries(enough) } : {}
}

/** The priors in words, for the log: "errors: 41 errors in 5,210 requests; latency: 5,210 requests". */
export function describePriors(priors: Record<string, BaselinePrior>): string {
  return Object.entries(priors).map(([name, p]) => `${name}: ${p.histogram ? `${p.requests} requests' latencies` : `${p.events} error(s) in ${p.requests} requests`}`).join('; ')
}
