import { checkVersion } from './version.js'
import { lockTarget, type Afterwards, type CommonSettings } from './target.js'
import { decide, type TransitionName } from '../machine/transitions.js'
import { phaseOf } from '../machine/phase.js'
import { abortCanary, rollBack, type Exec } from './effects.js'
import type { WavesProgress } from '../state/waves.js'
import type { Target } from './target.js'
import type { DeploymentRecord } from '../state/record.js'
import type { Runtime } from '../runtime/runtime.js'

export interface RollbackSettings extends CommonSettings {
  to?: string
  reason?: string
  /** The timeout input, in milliseconds (else the environment's). */
  timeoutMs?: number
}

export interface RollbackOutcome {
  skipped: boolean
  /** What serves once it was done, as seen, and what the record names (one target; not for waves). */
  after?: Afterwards
  rolledBack: boolean
  from?: string
  to?: string
  record?: DeploymentRecord
  transition?: TransitionName
  /** Environments with targets: the rollout's position and every target's outcome. */
  waves?: WavesProgress
}

/** rollback of one target (an environment, or one target of an environment's waves). */
export async function rollbackTarget(runtime: Runtime, target: Target, settings: RollbackSettings): Promise<RollbackOutcome> {
  const { environment, store } = target
  const to = settings.to ? checkVersion(settings.to, 'to') : undefined
  const reason = settings.reason || 'manual rollback'
  const timeoutMs = settings.timeoutMs ?? environment.timeoutMs
  const lock = await lockTarget(runtime, target, 'rollback', settings.lockTimeoutMs, timeoutMs)
  try {
    const state = store.read()
    const decision = decide(state, { kind: 'rollback', to })
    if (decision.kind === 'refuse') throw decision.error
    const t = decision.transition
    const x: Exec = { runtime, target, timeoutMs }
    const stable = state.stable?.version ?? null
    runtime.info(`Transition ${t.name}: ${t.says}.`)
    if (t.name === 'noop') {
      const healed = target.reconciled?.healed ?? []
      runtime.notice(healed.length ? `${environment.name} did not serve ${stable} as recorded; it does again (${healed.join('; ')}).` : `${environment.name} already serves ${stable} (seen answering); nothing to roll back.`)
      return { skipped: false, rolledBack: false, from: stable ?? undefined, to: stable ?? undefined, transition: t.name }
    }
    if (t.abortFirst && state.canary) {
      const canary = state.canary
      runtime.info(`Aborting canary ${canary.version}: traffic goes back to ${stable ?? 'nothing'}.`)
      const aborted = await abortCanary(x, canary, reason, 'rolled_back')
      if (t.name === 'abort-canary') return { skipped: false, rolledBack: true, from: canary.version, to: stable ?? undefined, record: aborted, transition: t.name }
    }
    const toVersion = t.target as string
    const phase = phaseOf(state)
    const from = t.name === 'repair' ? phase.failed?.version ?? stable : stable
    runtime.info(t.name === 'repair'
      ? `${from} never became stable on ${environment.name} (${phase.failed?.status}); restoring ${toVersion}: ${reason}.`
      : `Rolling ${environment.name} back from ${from ?? 'nothing'} to ${toVersion}: ${reason}.`)
    const record = await rollBack(x, toVersion, from, reason, t.name, t.name !== 'repair')
    return { skipped: false, rolledBack: true, from: from ?? undefined, to: toVersion, record, transition: t.name }
  } finally {
    await lock.release()
  }
}
