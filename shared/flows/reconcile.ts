import { GlidepathError } from '../errors/index.js'
import { newRecord, finish, type DeploymentRecord } from '../state/record.js'
import { abortCanary, type Exec } from './effects.js'
import { describeServing as describe } from '../report/serving.js'
import type { EnvironmentState } from '../state/store.js'
import type { Observation } from '../providers/types.js'
import type { Reconciled, Target } from './target-types.js'

// Believe the world, not the file (a controller's loop, as Argo Rollouts and Flagger run it): before an
// operation decides anything, what the platform serves is read from the platform and compared with the
// record. What agrees goes on; what can be healed by the rules of a deploy is healed (a stopped router
// restarted on its routes, a dead stable started again, a dead canary aborted); a record lost beside a
// platform that serves is rebuilt from it; and a record the platform contradicts stops the run with a
// coded error that says what differs, before anything changes.

/**
 * Reads what the provider serves (when it can say) and brings the record and the platform together.
 * `strict` (deploys and canary steps): a contradiction or a failed heal stops the run. Otherwise (rollbacks,
 * unlocks: what an operator runs to mend things) they are warnings, and the operation goes on: a rollback
 * is never blocked.
 */
export async function reconcile(x: Exec, strict: boolean): Promise<Reconciled> {
  try {
    return await reconcileOnce(x, strict)
  } catch (e) {
    if (strict || (e as GlidepathError).code === 'GP-LOCK-003') throw e
    x.runtime.warning(`${(e as GlidepathError).code ?? 'GP-INTERNAL-001'}: ${(e as Error).message} ${(e as GlidepathError).fix ?? ''} The operation goes on: it sets what serves itself.`)
    return { healed: [] }
  }
}

async function reconcileOnce(x: Exec, strict: boolean): Promise<Reconciled> {
  const { target, runtime } = x
  const { provider, store, environment } = target
  if (!provider.observe) return { healed: [] }
  let seen = await provider.observe()
  let state = store.read()
  const healed: string[] = []

  if (!state.stable && !state.canary && seen.stable) {
    state = rebuildFrom(target, seen, state)
    store.write(state)
    healed.push(`the record named nothing while ${describe(seen)}: it was rebuilt from what serves`)
    runtime.warning(`${environment.name}: the state named no version, but ${describe(seen)}. The record was rebuilt from the platform (never a first deploy over a live site).`)
  }
  const differs = drift(state, seen)
  if (differs) {
    throw new GlidepathError('GP-STATE-002', `${environment.name}: the record and the platform disagree: ${differs}. Nothing was changed.`, {
      fix: `If the platform is right, rebuild the record from it: glidepath state rebuild --environment ${environment.name} (the old file is kept as .broken). If the record is right, roll back to the version it names (rollback with to: ${state.stable?.version ?? '<version>'}).`,
    })
  }
  // A standby the record keeps warm that no longer runs (the host restarted, it was killed): the record
  // stops naming it, so a rollback starts that version again instead of switching to nothing.
  if (state.standby && seen.warm && !seen.warm.includes(state.standby.version)) {
    healed.push(`standby ${state.standby.version} no longer ran: the record stopped naming it (a rollback starts it again)`)
    runtime.warning(`${environment.name}: the blue-green standby ${state.standby.version} no longer runs; the record no longer names it, and a rollback to it starts it again.`)
    state = { ...state, standby: null }
    store.write(state)
  }
  if (!state.stable || !provider.heal) return { seen, healed }
  void strict

  const stableVersion = state.stable.version
  // Only what is gone is healed (a release whose process or container no longer runs); one that runs but
  // answers slowly (a busy machine) is left serving, with a warning: restarting it would cut its requests.
  const stableDead = seen.stable !== null && !seen.stable.healthy && seen.stable.gone !== false
  const routerDown = seen.routerUp === false
  const nothingRouted = seen.stable === null
  const canaryDead = Boolean(state.canary && seen.canary && !seen.canary.healthy && seen.canary.gone !== false)
  for (const slow of [seen.stable, seen.canary]) {
    if (slow && !slow.healthy && slow.gone === false) runtime.warning(`${environment.name}: ${slow.version} runs but did not answer its health check within about a second; it is left serving.`)
  }
  if (canaryDead && state.canary) {
    healed.push(`canary ${state.canary.version} did not answer: it was aborted`)
    await abortCanary(x, state.canary, `canary ${state.canary.version} stopped answering (seen before ${runtime.context.eventName || 'this run'} acted)`)
    state = store.read()
  }
  if (stableDead || routerDown || nothingRouted) {
    const why = [routerDown && 'the router did not answer', nothingRouted ? 'the router sent it no traffic' : stableDead && `${stableVersion} did not answer its health check`].filter(Boolean).join(', and ')
    const did = await provider.heal(stableVersion, x.timeoutMs)
    if (did.length) healed.push(`${why}: ${did.join('; ')}`)
    runtime.warning(`${environment.name} did not serve as recorded (${why}); healed: ${did.join('; ') || 'nothing to do'}.`)
    state = store.read()
    // A canary judged against a stable that died is judged again from the start, against the restarted one.
    if (state.canary && (stableDead || nothingRouted)) {
      healed.push(`canary ${state.canary.version} was aborted: its baseline ${state.stable?.version} had died`)
      await abortCanary(x, state.canary, `the stable version ${state.stable?.version} had stopped answering and was started again; deploy ${state.canary.version} again to judge it against the healthy stable`)
    }
    seen = await provider.observe()
    if (!seen.stable || seen.routerUp === false || (!seen.stable.healthy && seen.stable.gone !== false)) {
      throw new GlidepathError('GP-STATE-002', `${environment.name} still does not serve ${state.stable?.version} after healing (${describe(seen)}). Nothing more was changed.`, {
        fix: 'See the release log under the state directory (logs/) and the router log; roll back to a version that starts, or fix the release and deploy it again.',
      })
    }
  }
  return { seen, healed }
}

/** Where the record and the platform disagree beyond what healing mends, in words; undefined when they agree. */
function drift(state: EnvironmentState, seen: Observation): string | undefined {
  if (state.stable && seen.stable && seen.stable.version !== state.stable.version) {
    return `the record says ${state.stable.version} is stable, the router sends stable traffic to ${seen.stable.version}`
  }
  if (state.canary && state.canary.applied !== false) {
    if (!seen.canary) {
      // A canary the record names at a weight the router gives nobody: the router lost it (healing re-routes stable only).
      if (state.canary.weight > 0 && state.canary.weight < 100) return `the record says canary ${state.canary.version} takes ${state.canary.weight}%, the router routes no canary`
    } else if (seen.canary.version !== state.canary.version) {
      return `the record says canary ${state.canary.version} at ${state.canary.weight}%, the router sends ${seen.canary.weight}% to ${seen.canary.version}`
    } else if (!seen.approximate && Math.abs(seen.canary.weight - state.canary.weight) > 0 && state.canary.weight < 100) {
      return `the record says canary ${state.canary.version} takes ${state.canary.weight}%, the router gives it ${seen.canary.weight}%`
    }
  } else if (!state.canary && seen.canary && seen.canary.weight > 0) {
    return `the record names no canary, the router sends ${seen.canary.weight}% to ${seen.canary.version}`
  }
  return undefined
}

/** A record of what serves, for an environment whose record was lost: never read as a first deploy. */
export function rebuildFrom(target: Target, seen: Observation, state: EnvironmentState): EnvironmentState {
  const { environment } = target
  const base = { environment: environment.name, strategy: environment.strategy, provider: environment.provider, url: environment.url, reason: 'rebuilt from what the platform served (the record was missing)' }
  const at = new Date().toISOString()
  const stable = seen.stable as NonNullable<Observation['stable']>
  const stableRecord: DeploymentRecord = finish({ ...newRecord({ ...base, kind: 'deploy', version: stable.version, previousVersion: null }), liveAt: at, phase: 'stable' }, 'success')
  const records: DeploymentRecord[] = [...state.records, stableRecord]
  let canary: EnvironmentState['canary'] = null
  if (seen.canary) {
    const steps = environment.config.canary?.steps ?? []
    const step = Math.max(0, steps.findIndex((s) => s.weight >= (seen.canary as NonNullable<Observation['canary']>).weight))
    const canaryRecord: DeploymentRecord = { ...newRecord({ ...base, kind: 'deploy', version: seen.canary.version, previousVersion: stable.version, strategy: 'canary' }), phase: 'canary', step, weights: { stable: 100 - seen.canary.weight, canary: seen.canary.weight } }
    records.push(canaryRecord)
    canary = { version: seen.canary.version, recordId: canaryRecord.id, weight: seen.canary.weight, step, applied: true }
  }
  return { ...state, stable: { version: stable.version, recordId: stableRecord.id }, canary, records }
}
