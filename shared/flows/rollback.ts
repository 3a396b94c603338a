import { GlidepathError, toGlidepathError } from '../errors/index.js'
import { parseDuration } from '../time/duration.js'
import { newRecord, finish, type DeploymentRecord } from '../state/record.js'
import { runUrl } from '../runtime/context.js'
import { checkVersion } from './version.js'
import { openTarget, lockTarget, reportNoEnvironment, type CommonSettings } from './target.js'
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
      return { skipped: false, rolledBack: true, from: canary.version, to: stable ?? undefined, record: aborted }
    }
    const target = to ?? store.previousGood(stable ?? undefined)
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
    if (target === stable) {
      runtime.notice(`${environment.name} already serves ${target}; nothing to roll back.`)
      return { skipped: false, rolledBack: false, from: stable, to: target }
    }
    const ctx = runtime.context
    let record = newRecord({
      kind: 'rollback', environment: environment.name, version: target, previousVersion: stable,
      strategy: environment.strategy, provider: environment.provider, url: environment.url, reason,
      rollback: { from: stable ?? '', to: target, reason }, ref: ctx.ref, sha: ctx.sha, actor: ctx.actor, runUrl: runUrl(ctx),
    })
    store.saveRecord(record)
    runtime.info(`Rolling ${environment.name} back from ${stable ?? 'nothing'} to ${target}: ${reason}.`)
    try {
      await provider.rollback(target, stable, timeoutMs)
    } catch (e) {
      const err = toGlidepathError(e)
      store.saveRecord(finish(record, 'failure', `${err.code}: ${err.message}`))
      throw err
    }
    record = finish({ ...record, phase: 'stable' }, 'success')
    let next = store.saveRecord(record, { stable: { version: target, recordId: record.id } })
    const bad = [...next.records].reverse().find((r) => r.version === stable && r.kind === 'deploy' && r.status === 'success')
    if (bad) next = store.saveRecord({ ...bad, status: 'rolled_back', reason: `rolled back to ${target}: ${reason}` })
    runtime.info(`${target} serves ${environment.name} again.`)
    return { skipped: false, rolledBack: true, from: stable ?? undefined, to: target, record }
  } finally {
    lock.release()
  }
}
