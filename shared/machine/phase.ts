import type { EnvironmentState, CanaryState } from '../state/store.js'
import type { DeploymentRecord } from '../state/record.js'

// The phase of an environment, derived from its state file alone (docs/state-machine.md). Nothing
// here is stored separately: the state file is the one source of truth and this is a reading of it.

export type PhaseName = 'empty' | 'stable' | 'canary' | 'holding' | 'verifying' | 'failed' | 'torn-down'

export interface Phase {
  name: PhaseName
  /** The version serving all traffic outside a canary (null: none has gone live). */
  stable: string | null
  canary: CanaryState | null
  /** The last attempt after the stable version that never kept traffic (failed, aborted, superseded). */
  failed?: DeploymentRecord
}

/** Statuses of an attempt that never kept traffic. */
const FAILED_STATUSES: ReadonlyArray<DeploymentRecord['status']> = ['failure', 'aborted', 'superseded']

export function phaseOf(state: EnvironmentState): Phase {
  const stable = state.stable?.version ?? null
  if (state.canary) return { name: state.canary.holding ? 'holding' : 'canary', stable, canary: state.canary }
  const latest = state.records[state.records.length - 1]
  if (!stable) {
    if (latest?.kind === 'teardown') return { name: 'torn-down', stable: null, canary: null }
    if (latest && latest.kind === 'deploy' && FAILED_STATUSES.includes(latest.status)) return { name: 'failed', stable: null, canary: null, failed: latest }
    return { name: 'empty', stable: null, canary: null }
  }
  const stableRecord = state.records.find((r) => r.id === state.stable?.recordId)
  if (stableRecord?.phase === 'verifying' && stableRecord.status === 'in_progress') return { name: 'verifying', stable, canary: null }
  if (latest && latest.kind === 'deploy' && latest.version !== stable && FAILED_STATUSES.includes(latest.status)) {
    return { name: 'failed', stable, canary: null, failed: latest }
  }
  return { name: 'stable', stable, canary: null }
}

/**
 * Versions that went live here (served all traffic at some point) since the last teardown, newest
 * last. A teardown ends the environment's life: what ran before it is history, not a rollback target
 * (its releases, routes and namespaces are gone), so neither a named nor an implicit rollback reaches it.
 */
export function liveVersions(state: EnvironmentState): string[] {
  let seen: string[] = []
  for (const r of state.records) {
    if (r.kind === 'teardown') seen = []
    else if (wentLive(r) && !seen.includes(r.version)) seen.push(r.version)
  }
  return seen
}

/** A record whose version took all traffic (records older than `liveAt` count when they succeeded). */
export function wentLive(r: DeploymentRecord): boolean {
  return r.kind !== 'teardown' && (Boolean(r.liveAt) || r.status === 'success')
}
