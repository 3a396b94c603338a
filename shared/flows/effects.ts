import { toGlidepathError } from '../errors/index.js'
import { newRecord, finish, type DeploymentRecord, type StepRecord } from '../state/record.js'
import { runUrl } from '../runtime/context.js'
import type { Target } from './target-types.js'
import type { Runtime } from '../runtime/runtime.js'
import { tellGitHub } from '../github/integration.js'
import type { CanaryState, PendingOperation, EnvironmentState } from '../state/store.js'
import { formatDuration, sleep } from '../time/duration.js'
import type { StrategyName } from '../config/types.js'
import type { RolloutResult } from '../providers/types.js'
import { backupBefore, migrate, undoFor, contract, openPreviewDatabase, dropPreviewDatabase } from '../database/on-demand.js'
import { leaveFront } from './preview-front.js'
import type { DatabaseRecord } from '../database/lifecycle.js'
import { profileAfter } from '../analysis/priors.js'

// The effects of the state machine's transitions (shared/machine): each one writes its intent to the
// state first (`pending`), acts through the provider, then writes the outcome and clears the intent.
// A run killed in between leaves the intent, and the next run on the environment finishes or undoes
// it (recoverInterrupted). Every flow and the recovery use these, so each effect exists once.

export interface Exec {
  runtime: Runtime
  target: Target
  timeoutMs: number
}

const now = () => new Date().toISOString()

function intent(x: Exec, op: PendingOperation['op'], version: string, recordId: string): PendingOperation {
  return { op, version, from: x.target.store.read().stable?.version ?? null, recordId, startedAt: now(), pid: process.pid }
}

/**
 * The intent, written before anything changes, goes to the target too where the provider keeps the state
 * there (a host over SSH, a cluster): a run killed on a runner that is then gone leaves it where the next
 * run, on a fresh runner, reads it and finishes or undoes the operation.
 */
async function mirrorIntent(x: Exec): Promise<void> {
  const { provider, store } = x.target
  if (!provider.saveState) return
  try {
    await provider.saveState(store.read())
  } catch (e) {
    x.runtime.warning(`Could not write the intent to the ${provider.name} target: ${toGlidepathError(e).headline()}`)
  }
}

/** The run's actor for a step record, when there is one. */
const actorOf = (x: Exec): { by?: string } => (x.runtime.context.actor ? { by: x.runtime.context.actor } : {})

function withDatabase(x: Exec, record: DeploymentRecord, change: DatabaseRecord): DeploymentRecord {
  const next = { ...record, database: { ...record.database, ...change } }
  x.target.store.saveRecord(next)
  return next
}

/** Weight 0 first, then the canary is stopped; then the record says why. Safe to run twice. */
export async function abortCanary(x: Exec, canary: CanaryState, reason: string, status: 'aborted' | 'rolled_back' | 'superseded' = 'aborted'): Promise<DeploymentRecord | undefined> {
  const { store, provider, environment, github } = x.target
  const state = store.read()
  store.write({ ...state, pending: intent(x, 'abort', canary.version, canary.recordId) })
  await mirrorIntent(x)
  if (status === 'aborted') await stepBack(x, canary)
  await provider.abort(canary.version, x.timeoutMs)
  const stable = store.read().stable?.version ?? null
  const record = state.records.find((r) => r.id === canary.recordId)
  const automatic = environment.config.rollback?.automatic === true || status === 'rolled_back'
  const undone = await undoFor(x, record, stable)
  const done = record
    ? finish({ ...record, weights: { stable: 100, canary: 0 }, rollback: automatic ? { from: canary.version, to: stable ?? '', reason } : record.rollback, ...(undone ? { database: { ...record.database, ...undone } } : {}) }, status, reason)
    : undefined
  // What this canary measured of the stable version that stays is history for the next one's judge.
  const profile = profileAfter(store.read().profile, canary.judgement, { promoted: false, canary: canary.version, stable }, now())
  if (done) store.saveRecord(done, { canary: null, pending: null, profile })
  else store.write({ ...store.read(), canary: null, pending: null, profile })
  x.runtime.info(`Canary ${canary.version} ${status === 'superseded' ? 'superseded' : status === 'rolled_back' ? 'rolled back' : 'aborted'} on ${environment.name}: ${reason}. Traffic is back on ${stable ?? 'nothing'}.`)
  if (github && done?.deploymentId) await tellGitHub(x.runtime, 'abort', () => github.fail(done.deploymentId as string, `Canary ${canary.version} ${status === 'superseded' ? 'superseded' : 'aborted'}: ${reason}`))
  return done
}

/**
 * canary.abort.steps: the canary's share moves back to stable in steps (its weights below the canary's,
 * highest first, a pause apart) before the abort takes the rest; a stable that is not ready stops it
 * first (the provider's abort then says why and keeps the split).
 */
async function stepBack(x: Exec, canary: CanaryState): Promise<void> {
  const cfg = x.target.environment.config.canary?.abort
  const weights = (cfg?.steps ?? []).filter((w) => w < canary.weight)
  if (!weights.length) return
  const observed = x.target.provider.observe ? await x.target.provider.observe().catch(() => undefined) : undefined
  if (observed?.stable && !observed.stable.healthy) {
    x.runtime.warning(`Stable ${observed.stable.version} does not answer: the abort does not step back (canary.abort.steps); it moves back at once, once stable is ready.`)
    return
  }
  // A canary that stopped answering is not kept on the way back.
  if (observed?.canary && !observed.canary.healthy) return
  const pauseMs = x.target.environment.durations.canary.abortPause
  x.runtime.info(`Abort of ${canary.version}: its ${canary.weight}% moves back in steps (${weights.map((w) => `${w}%`).join(', then ')}, then 0%), ${formatDuration(pauseMs)} apart (canary.abort.steps).`)
  for (const w of weights) {
    await x.target.provider.setCanaryWeight(canary.version, w, x.timeoutMs)
    x.runtime.info(`  Abort: the canary ${canary.version} at ${w}%.`)
    await sleep(pauseMs)
  }
}

/**
 * rollback.window: how long the previous version keeps running after it stops serving (0: stopped at
 * once), when the provider runs its releases itself. Returns when the window ends, or undefined.
 */
function rollbackWindowEnd(x: Exec): string | undefined {
  const ms = x.target.environment.durations.rollbackWindow
  if (ms === undefined) return undefined
  if (!x.target.provider.keepsPrevious) {
    x.runtime.info(`rollback.window does not apply to the ${x.target.provider.name} provider (it does not run the releases itself); the previous version is not kept.`)
    return undefined
  }
  return ms > 0 ? new Date(Date.now() + ms).toISOString() : undefined
}

/** What the state keeps warm after a version went live: a blue-green standby, or the previous version for the rollback window. */
function standbyAfter(kept: string | undefined, until: string | undefined, strategy: StrategyName): EnvironmentState['standby'] {
  if (!kept) return null
  return strategy === 'blue-green' ? { version: kept } : { version: kept, ...(until ? { until } : {}) }
}

function sayKept(x: Exec, kept: { version: string; until: string }): void {
  x.runtime.info(`${kept.version} keeps running without traffic until ${kept.until} (rollback.window): a rollback to it within the window is one router switch.`)
}

/** The canary takes 100% and becomes stable. */
export async function promoteCanary(x: Exec, canary: CanaryState, record: DeploymentRecord, reason: string, verifying = false): Promise<DeploymentRecord> {
  const { store, provider, environment, github } = x.target
  store.saveRecord(record, { canary: { ...canary, weight: 100, applied: false }, pending: intent(x, 'promote', canary.version, record.id) })
  await mirrorIntent(x)
  // Within a rollback window the old stable keeps running: a rollback is then one router switch.
  const until = rollbackWindowEnd(x)
  const previous = store.read().stable?.version
  await provider.promote(canary.version, x.timeoutMs, until ? { keepPrevious: true } : undefined)
  const kept = until && previous && previous !== canary.version ? { version: previous, until } : null
  if (kept) sayKept(x, kept)
  const steps = environment.config.canary?.steps ?? []
  const final: StepRecord = { step: steps.length - 1, weight: 100, at: now(), decision: 'promote', reason, ...actorOf(x) }
  // The canary's own measurements describe the version that is stable from now on.
  const profile = profileAfter(store.read().profile, canary.judgement, { promoted: true, canary: canary.version, stable: previous ?? null }, now())
  const promoted = { ...record, liveAt: now(), step: steps.length - 1, weights: { stable: 100, canary: 0 }, steps: [...record.steps.filter((s) => s.step !== final.step), final], reason, ...(kept ? { rollbackWindow: kept } : {}) }
  if (verifying) {
    const live: DeploymentRecord = { ...promoted, phase: 'verifying' }
    store.saveRecord(live, { canary: null, stable: { version: canary.version, recordId: live.id }, standby: kept, profile, pending: intent(x, 'verify', canary.version, live.id) })
    x.runtime.info(`Canary ${canary.version} promoted (${reason}); its verify window starts.`)
    if (github && live.deploymentId) await tellGitHub(x.runtime, 'verifying', () => github.progress(live.deploymentId as string, `Canary ${canary.version} promoted; verifying`))
    return live
  }
  let done = finish({ ...promoted, phase: 'stable' }, 'success', reason)
  store.saveRecord(done, { canary: null, stable: { version: canary.version, recordId: done.id }, standby: kept, profile, pending: null })
  const contracted = await contract(x, done)
  if (contracted) done = withDatabase(x, done, { contract: contracted })
  if (github && done.deploymentId) await tellGitHub(x.runtime, 'promote', () => github.succeed(done.deploymentId as string, environment, `Canary ${canary.version} promoted to 100%`))
  x.runtime.info(`Canary ${canary.version} promoted: it is now the stable version of ${environment.name} (${reason}).`)
  return done
}

export interface RolloutPlan {
  version: string
  image?: string
  /** The environment's strategy (recorded). */
  strategy: StrategyName
  /** What the provider does: the first deploy is always a full rollout. */
  rollout: StrategyName
  canaryWeight: number
  transition: string
  initial: boolean
  /** A verify window follows: the version goes live but its record stays in progress (phase verifying). */
  verifying?: boolean
  /** The deploy went out outside its windows, overridden: who, why and what was closed. */
  windowOverride?: { reason: string; actor: string; closed: string }
}

/**
 * A new version onto the platform: the record and the intent first, then the GitHub deployment (a
 * refused token stops here, before anything changes), then the provider. On failure the provider has
 * left the previous version serving; the record says why.
 */
export async function rollOut(x: Exec, plan: RolloutPlan): Promise<{ record: DeploymentRecord; result: RolloutResult }> {
  const { store, provider, environment, github } = x.target
  const ctx = x.runtime.context
  const previous = store.read().stable?.version ?? null
  let record = newRecord({
    kind: 'deploy', environment: environment.name, version: plan.version, previousVersion: previous,
    image: plan.image, strategy: plan.strategy, provider: environment.provider, url: environment.url,
    ref: ctx.ref, sha: ctx.sha, actor: ctx.actor, runUrl: runUrl(ctx), transition: plan.transition,
    ...(plan.initial ? { initial: true, reason: 'first deploy: nothing to compare against, so it went straight to 100%' } : {}),
    ...(plan.windowOverride ? { windowOverride: plan.windowOverride } : {}),
  })
  const { ttl, idle } = environment.durations.previews
  if (ttl !== undefined && ctx.pr) record = { ...record, expiresAt: new Date(Date.parse(record.startedAt) + ttl).toISOString() }
  if (idle !== undefined && ctx.pr) record = { ...record, sleepsAfter: formatDuration(idle) }
  store.saveRecord(record, { pending: intent(x, 'deploy', plan.version, record.id) })
  await mirrorIntent(x)
  if (github) {
    try {
      record = { ...record, deploymentId: await github.start(record, environment, plan.initial ? `First deploy of ${plan.version}: straight to 100%` : `Deploying ${plan.version} with ${plan.rollout}`) }
      store.saveRecord(record)
    } catch (e) {
      const err = toGlidepathError(e)
      store.saveRecord(finish(record, 'failure', `${err.code}: ${err.message}`), { pending: null })
      throw err
    }
  }
  let result: RolloutResult
  const until = plan.rollout === 'rolling' ? rollbackWindowEnd(x) : undefined
  try {
    // The database first: a preview's own made, a backup before anything changes, then migrations before any traffic moves.
    const preview = await openPreviewDatabase(x)
    if (preview) record = withDatabase(x, record, { preview })
    const backup = preview?.created ? undefined : await backupBefore(x, record)
    if (backup) record = withDatabase(x, record, { backup })
    const migration = await migrate(x, record, (intent) => { record = withDatabase(x, record, { migration: intent }) })
    if (migration) record = withDatabase(x, record, { migration })
  } catch (e) {
    const err = toGlidepathError(e)
    store.saveRecord(finish(record, 'failure', `${err.code}: ${err.message}`), { pending: null })
    if (github && record.deploymentId) await tellGitHub(x.runtime, 'failure', () => github.fail(record.deploymentId as string, `${err.code}: ${err.message}`))
    throw err
  }
  try {
    result = await provider.deploy({ version: plan.version, previousVersion: previous, image: plan.image, strategy: plan.rollout, canaryWeight: plan.canaryWeight, timeoutMs: x.timeoutMs, ...(until ? { keepPrevious: true } : {}) })
  } catch (e) {
    const err = toGlidepathError(e)
    // The previous version serves again: the schema goes back to what it expects (down, restore).
    let undone: DatabaseRecord | undefined
    try {
      undone = await undoFor(x, record, previous)
    } catch (dbError) {
      x.runtime.warning(`After the failed rollout: ${toGlidepathError(dbError).headline()}`)
    }
    // A standby of the same version was restarted for this deploy, and the failure stopped it.
    const standby = store.read().standby
    store.saveRecord(finish(undone ? { ...record, database: { ...record.database, ...undone } } : record, 'failure', `${err.code}: ${err.message}`), { pending: null, ...(standby?.version === plan.version ? { standby: null } : {}) })
    if (github && record.deploymentId) await tellGitHub(x.runtime, 'failure', () => github.fail(record.deploymentId as string, `${err.code}: ${err.message}`))
    throw err
  }
  const standby = standbyAfter(result.standby, until, plan.rollout)
  if (standby?.until) sayKept(x, { version: standby.version, until: standby.until })
  record = { ...record, slot: result.slot, ...(result.resources?.length ? { resources: result.resources } : {}), ...(standby?.until ? { rollbackWindow: { version: standby.version, until: standby.until } } : {}) }
  if (plan.rollout === 'canary') {
    record = { ...record, phase: 'canary', step: 0, weights: { stable: 100 - plan.canaryWeight, canary: plan.canaryWeight },
      steps: [{ step: 0, weight: plan.canaryWeight, at: now(), decision: 'continue', reason: 'canary started', ...actorOf(x) }] }
    // A standby of the same version was restarted as the canary: it is no longer a standby.
    const warm = store.read().standby
    store.saveRecord(record, { canary: { version: plan.version, recordId: record.id, weight: plan.canaryWeight, step: 0, applied: true }, standby: warm?.version === plan.version ? null : warm ?? null, pending: null })
    x.runtime.info(`Canary ${plan.version} started at step 0 with ${plan.canaryWeight}% of traffic; advance it with canary-step.`)
    if (github && record.deploymentId) await tellGitHub(x.runtime, 'canary started', () => github.progress(record.deploymentId as string, `Canary ${plan.version} at ${plan.canaryWeight}% (step 0)`))
    return { record, result }
  }
  if (plan.verifying) {
    record = { ...record, phase: 'verifying', liveAt: now(), weights: { stable: 100, canary: 0 } }
    store.saveRecord(record, { stable: { version: plan.version, recordId: record.id }, canary: null, standby, pending: intent(x, 'verify', plan.version, record.id) })
    x.runtime.info(`${plan.version} is live on ${environment.name}; its verify window starts.`)
    if (github && record.deploymentId) await tellGitHub(x.runtime, 'verifying', () => github.progress(record.deploymentId as string, `${plan.version} is live; verifying`))
    return { record, result }
  }
  record = finish({ ...record, phase: 'stable', liveAt: now(), weights: { stable: 100, canary: 0 } }, 'success')
  store.saveRecord(record, { stable: { version: plan.version, recordId: record.id }, canary: null, standby, pending: null })
  x.runtime.info(plan.initial ? `${plan.version} is live on ${environment.name}: first deploy, straight to 100% (${plan.strategy === 'canary' ? 'a canary needs a stable version to compare against' : plan.strategy}).` : `${plan.version} is live on ${environment.name}.`)
  if (github && record.deploymentId) await tellGitHub(x.runtime, 'success', () => github.succeed(record.deploymentId as string, environment, plan.initial ? `${plan.version} is live (first deploy, straight to 100%)` : `${plan.version} is live (${plan.rollout})`, environment.url ?? result.url))
  return { record, result }
}

/** The environment serves `to` again instead of `from`; the version rolled away from is marked. */
export async function rollBack(x: Exec, to: string, from: string | null, reason: string, transition: string, markRolledAway: boolean): Promise<DeploymentRecord> {
  const { store, environment, github } = x.target
  const ctx = x.runtime.context
  const state = store.read()
  let record = newRecord({
    kind: 'rollback', environment: environment.name, version: to, previousVersion: from,
    strategy: environment.strategy, provider: environment.provider, url: environment.url, reason, transition,
    rollback: { from: from ?? '', to, reason }, ref: ctx.ref, sha: ctx.sha, actor: ctx.actor, runUrl: runUrl(ctx),
  })
  store.saveRecord(record, { pending: intent(x, 'rollback', to, record.id) })
  await mirrorIntent(x)
  if (github) {
    const sha = [...state.records].reverse().find((r) => r.version === to && r.sha)?.sha
    try {
      record = { ...record, sha: sha ?? record.sha, deploymentId: await github.start({ ...record, sha: sha ?? record.sha }, environment, `Rolling back to ${to}: ${reason}`) }
      store.saveRecord(record)
    } catch (e) {
      const err = toGlidepathError(e)
      store.saveRecord(finish(record, 'failure', `${err.code}: ${err.message}`), { pending: null })
      throw err
    }
  }
  return completeRollback(x, record, from, markRolledAway)
}

async function completeRollback(x: Exec, record: DeploymentRecord, from: string | null, markRolledAway: boolean): Promise<DeploymentRecord> {
  const { store, provider, environment, github } = x.target
  const to = record.version
  try {
    await provider.rollback(to, from, x.timeoutMs)
  } catch (e) {
    const err = toGlidepathError(e)
    store.saveRecord(finish(record, 'failure', `${err.code}: ${err.message}`), { pending: null })
    if (github && record.deploymentId) await tellGitHub(x.runtime, 'rollback failure', () => github.fail(record.deploymentId as string, `${err.code}: ${err.message}`))
    throw err
  }
  // The version rolled away from took its migrations with it: undone once traffic is back on `to`.
  const fromRecord = [...store.read().records].reverse().find((r) => r.kind === 'deploy' && r.version === from && r.database)
  const undone = await undoFor(x, fromRecord, to)
  if (fromRecord && undone) store.saveRecord({ ...fromRecord, database: { ...fromRecord.database, ...undone } })
  const done = finish({ ...record, phase: 'stable', liveAt: now(), ...(undone ? { database: undone } : {}) }, 'success')
  if (github && done.deploymentId) await tellGitHub(x.runtime, 'rollback success', () => github.succeed(done.deploymentId as string, environment, `Rolled back to ${to}: ${record.reason ?? ''}`))
  const next = store.saveRecord(done, { stable: { version: to, recordId: done.id }, standby: null, pending: null })
  if (markRolledAway && from) {
    const bad = [...next.records].reverse().find((r) => r.version === from && r.status === 'success' && r.id !== done.id)
    if (bad) store.saveRecord({ ...bad, status: 'rolled_back', reason: `rolled back to ${to}: ${record.reason ?? ''}` })
  }
  x.runtime.info(`${to} serves ${environment.name} again.`)
  return done
}

/** Everything the environment runs stops; its history stays. Safe to run twice. */
export async function tearDown(x: Exec, reason = 'environment torn down'): Promise<DeploymentRecord> {
  const { store, provider, environment, github } = x.target
  const state = store.read()
  const current = state.canary?.version ?? state.stable?.version ?? null
  let record = newRecord({ kind: 'teardown', environment: environment.name, version: current ?? '', previousVersion: current, strategy: environment.strategy, provider: environment.provider, url: environment.url, reason: 'teardown', transition: 'teardown' })
  store.saveRecord(record, { pending: intent(x, 'teardown', current ?? '', record.id) })
  await mirrorIntent(x)
  await leaveFront(x.runtime, x.target)
  await provider.teardown(x.timeoutMs)
  const preview = await dropPreviewDatabase(x)
  if (preview) record = { ...record, database: { preview } }
  if (github) await tellGitHub(x.runtime, 'teardown', async () => x.runtime.info(`Marked ${await github.deactivateAll(environment, reason)} GitHub deployment(s) of ${environment.name} inactive.`))
  record = finish({ ...record, weights: { stable: 0, canary: 0 } }, 'inactive', reason)
  const next = store.saveRecord(record, { stable: null, canary: null, standby: null, pending: null })
  for (const r of next.records) if (r.status === 'success' || r.status === 'in_progress') store.saveRecord({ ...r, status: 'inactive' })
  x.runtime.info(`${environment.name} is torn down${current ? ` (it ran ${current})` : ''}.`)
  return record
}

/**
 * A run that died mid-operation left its intent in the state. Under the lock, the next run finishes
 * what can only go forward (rollback, promote, abort, teardown: their target is known and safe) and
 * undoes a deploy (the version never finished its checks, so the stable version is restored). Then,
 * after any interrupted run (an intent left, a lock whose holder is gone), whatever the provider runs
 * beyond what the state names is stopped.
 */
export async function recoverInterrupted(x: Exec, staleLock = false): Promise<void> {
  const { store, provider, environment, github } = x.target
  const state = store.read()
  const p = state.pending
  if (!p && !staleLock && state.canary?.applied !== false) return
  // A dead run's commands go first: nothing it started may still be placing a version while this run recovers.
  await provider.stopStrays?.()
  if (p) {
    const record = state.records.find((r) => r.id === p.recordId)
    x.runtime.warning(`${p.op === 'abort' ? 'An' : 'A'} ${p.op} of ${p.version || environment.name} on ${environment.name} was interrupted (its run, pid ${p.pid}, stopped before finishing); ${p.op === 'deploy' ? 'undoing it' : 'finishing it'} first.`)
    switch (p.op) {
      case 'deploy': {
        if (state.canary?.recordId === p.recordId || state.stable?.recordId === p.recordId) break
        const stable = state.stable?.version ?? null
        const asCanary = record?.strategy === 'canary' && !record.initial
        if (asCanary) await provider.abort(p.version, x.timeoutMs)
        else if (stable) await provider.rollback(stable, p.version, x.timeoutMs)
        else await provider.teardown(x.timeoutMs)
        // A standby survives only an undone canary of another version: the deploy restarted a standby of
        // its own version, and a rollback to the stable version keeps nothing else running.
        if (state.standby && (!asCanary || state.standby.version === p.version)) store.write({ ...store.read(), standby: null })
        try {
          const undone = await undoFor(x, record, stable)
          if (record && undone) Object.assign(record, { database: { ...record.database, ...undone } })
        } catch (e) {
          x.runtime.warning(`Undoing the interrupted deploy's migrations: ${toGlidepathError(e).headline()}`)
        }
        if (record) {
          store.saveRecord(finish(record, 'failure', `interrupted: the run deploying ${p.version} stopped before it finished; ${stable ? `${stable} was restored` : 'nothing had gone live'}`))
          if (github && record.deploymentId) await tellGitHub(x.runtime, 'interrupted deploy', () => github.fail(record.deploymentId as string, `Interrupted before it finished; ${stable ?? 'nothing'} serves`, 'error'))
        }
        break
      }
      case 'rollback':
        if (record && record.status === 'in_progress') await completeRollback(x, record, p.from, true)
        break
      case 'promote':
        if (state.canary && record) await promoteCanary(x, state.canary, record, 'promotion interrupted and completed by the next run')
        break
      case 'abort':
        if (state.canary) await abortCanary(x, state.canary, 'abort interrupted and completed by the next run')
        break
      case 'teardown':
        await tearDown(x, 'teardown interrupted and completed by the next run')
        break
      case 'verify':
        // The version went live; only its watch was cut short. It stays, and the record says so.
        if (record && record.status === 'in_progress') {
          store.saveRecord(finish({ ...record, phase: 'stable', verify: { result: 'interrupted', window: '', reason: 'the run watching it stopped before the verify window ended' } }, 'success', 'verify window interrupted; the version stays live'))
          if (github && record.deploymentId) await tellGitHub(x.runtime, 'verify interrupted', () => github.succeed(record.deploymentId as string, environment, `${record.version} is live (verify window interrupted)`))
        }
        break
    }
    const after = store.read()
    if (after.pending) store.write({ ...after, pending: null })
  }
  const named = namedVersions(store.read())
  await provider.prune?.(named)
}

/**
 * A rollback window that ended: the version kept for it is no longer named, and stops (under the lock, at
 * the start of the first run after the window; nothing runs between runs to stop it sooner).
 */
export async function endRollbackWindow(x: Exec): Promise<void> {
  const { store, provider } = x.target
  const warm = store.read().standby
  if (!warm?.until || Date.parse(warm.until) > Date.now()) return
  store.write({ ...store.read(), standby: null })
  x.runtime.info(`The rollback window of ${warm.version} ended at ${warm.until}: it is stopped now.`)
  await provider.prune?.(namedVersions(store.read()))
}

/** The versions the state says should be running. */
function namedVersions(state: { stable: { version: string } | null; canary: { version: string } | null; standby?: { version: string } | null }): string[] {
  return [state.stable?.version, state.canary?.version, state.standby?.version].filter((v): v is string => Boolean(v))
}
