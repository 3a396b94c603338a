import { GlidepathError, toGlidepathError } from '../errors/index.js'
import { parseDuration } from '../time/duration.js'
import { newRecord, finish, type DeploymentRecord } from '../state/record.js'
import { runUrl } from '../runtime/context.js'
import { checkVersion } from './version.js'
import { openTarget, lockTarget, reportNoEnvironment, tellGitHub, type CommonSettings } from './target.js'
import type { Runtime } from '../runtime/runtime.js'

export interface RollbackSettings extends CommonSettings {
  to?: string
  reason?: string
  timeout?: string
}

export interface RollbackOutcome {
  skipped: boolean
  rolledBack: boolean
  from?: string
  to?: string
  record?: DeploymentRecord
}

/**
 * rollback: a canary in flight is aborted (its traffic back to stable); otherwise the environment
 * returns to the last good version before the current one, or to `to`. The reason is recorded and
 * the version rolled away from is marked so a later rollback never returns to it.
 */
export async function rollback(runtime: Runtime, settings: RollbackSettings): Promise<RollbackOutcome> {
  const targeting = openTarget(runtime, settings)
  if (targeting.kind === 'none') {
    reportNoEnvironment(runtime, targeting.reason, ['from-version', 'to-version', 'rolled-back'])
    return { skipped: true, rolledBack: false }
  }
  const { environment, store, provider } = targeting.target
  const to = settings.to ? checkVersion(settings.to, 'to') : undefined
  const reason = settings.reason || 'manual rollback'
  const timeoutMs = settings.timeout ? parseDuration(settings.timeout, 'timeout') : environment.timeoutMs
  const lock = await lockTarget(runtime, targeting.target, 'rollback', settings.lockTimeout)
  try {
    const state = store.read()
    const stable = state.stable?.version ?? null
    if (state.canary && (!to || to === stable)) {
      const canary = state.canary
      runtime.info(`Aborting canary ${canary.version}: traffic goes back to ${stable ?? 'nothing'}.`)
      await provider.abort(canary.version, timeoutMs)
      const rec = state.records.find((r) => r.id === canary.recordId)
      const aborted = rec ? finish({ ...rec, weights: { stable: 100, canary: 0 }, rollback: { from: canary.version, to: stable ?? '', reason } }, 'rolled_back', reason) : undefined
      if (aborted) store.saveRecord(aborted, { canary: null })
      else store.write({ ...store.read(), canary: null })
      const github = targeting.target.github
      if (github && aborted?.deploymentId) await tellGitHub(runtime, 'rollback', () => github.fail(aborted.deploymentId as string, `Canary ${canary.version} rolled back: ${reason}`))
      return { skipped: false, rolledBack: true, from: canary.version, to: stable ?? undefined, record: aborted }
    }
    // A deploy that failed or a canary that was aborted after the current stable version: that version
    // never kept traffic, so a rollback without `to` restores the stable one (which repairs a partial
    // rollout on platforms driven by commands) instead of going further back.
    const latest = state.records[state.records.length - 1]
    const failedAttempt = !to && stable && latest && latest.kind === 'deploy' && latest.version !== stable && ['failure', 'aborted', 'superseded'].includes(latest.status) ? latest : undefined
    const target = to ?? (failedAttempt ? stable : store.previousGood(stable ?? undefined))
    if (!target) {
      throw new GlidepathError('GP-ROLLBACK-001', `${environment.name} has no earlier good version to roll back to${stable ? ` (it serves ${stable})` : ''}.`, {
        fix: 'Pass `to` with a version deployed here before, or deploy a fixed version.',
      })
    }
    if (to && !state.records.some((r) => r.version === to)) {
      throw new GlidepathError('GP-ROLLBACK-002', `Version ${to} was never deployed to ${environment.name}.`, {
        fix: `Choose one of: ${[...new Set(state.records.map((r) => r.version))].join(', ') || '(none yet)'}.`,
      })
    }
    if (target === stable && !failedAttempt) {
      runtime.notice(`${environment.name} already serves ${target}; nothing to roll back.`)
      return { skipped: false, rolledBack: false, from: stable, to: target }
    }
    const from = failedAttempt ? failedAttempt.version : stable
    const ctx = runtime.context
    let record = newRecord({
      kind: 'rollback', environment: environment.name, version: target, previousVersion: from,
      strategy: environment.strategy, provider: environment.provider, url: environment.url, reason,
      rollback: { from: from ?? '', to: target, reason }, ref: ctx.ref, sha: ctx.sha, actor: ctx.actor, runUrl: runUrl(ctx),
    })
    store.saveRecord(record)
    const github = targeting.target.github
    if (github) {
      const sha = [...state.records].reverse().find((r) => r.version === target && r.sha)?.sha
      record = { ...record, sha: sha ?? record.sha, deploymentId: await github.start({ ...record, sha: sha ?? record.sha }, environment, `Rolling back to ${target}: ${reason}`) }
      store.saveRecord(record)
    }
    runtime.info(failedAttempt
      ? `${from} never became stable on ${environment.name} (${failedAttempt.status}); restoring ${target}: ${reason}.`
      : `Rolling ${environment.name} back from ${from ?? 'nothing'} to ${target}: ${reason}.`)
    try {
      await provider.rollback(target, from, timeoutMs)
    } catch (e) {
      const err = toGlidepathError(e)
      store.saveRecord(finish(record, 'failure', `${err.code}: ${err.message}`))
      if (github && record.deploymentId) await tellGitHub(runtime, 'rollback failure', () => github.fail(record.deploymentId as string, `${err.code}: ${err.message}`))
      throw err
    }
    record = finish({ ...record, phase: 'stable' }, 'success')
    if (github && record.deploymentId) await tellGitHub(runtime, 'rollback success', () => github.succeed(record.deploymentId as string, environment, `Rolled back to ${target}: ${reason}`))
    const next = store.saveRecord(record, { stable: { version: target, recordId: record.id } })
    const bad = failedAttempt ? undefined : [...next.records].reverse().find((r) => r.version === stable && r.kind === 'deploy' && r.status === 'success')
    if (bad) store.saveRecord({ ...bad, status: 'rolled_back', reason: `rolled back to ${target}: ${reason}` })
    runtime.info(`${target} serves ${environment.name} again.`)
    return { skipped: false, rolledBack: true, from: from ?? undefined, to: target, record }
  } finally {
    await lock.release()
  }
}
