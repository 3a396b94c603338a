import { GlidepathError } from '../errors/index.js'
import { newRecord, type DeploymentRecord } from '../state/record.js'
import { canarySteps, lockTarget, type Afterwards, type CommonSettings, type Target } from './target.js'
import { decide, type TransitionName } from '../machine/transitions.js'
import { abortCanary, rollOut, tearDown, type Exec } from './effects.js'
import { verifyConfig, measurePrevious, watch, concludeVerify } from './verify.js'
import type { WavesProgress } from '../state/waves.js'
import { checkDatabase } from '../database/on-demand.js'
import type { WindowOverride } from './windows.js'
import type { Runtime } from '../runtime/runtime.js'
import type { StrategyName } from '../config/types.js'

export interface DeploySettings extends CommonSettings {
  version?: string
  image?: string
  strategy?: StrategyName
  dryRun: boolean
  /** The timeout input, in milliseconds (else the environment's). */
  timeoutMs?: number
  /** Remove the environment instead of deploying (preview environments when their PR closes). */
  teardown?: boolean
  /** false skips the environment's verify window. */
  verify?: boolean
  /** Environments with targets: roll out up to and including this wave, then pause (one job per wave). */
  wave?: number
  /** Deploy outside the environment's windows anyway, for this reason (where windows.override allows it). */
  overrideWindow?: string
  /** Set by the window gate: the override this deploy went out under, for its record. */
  windowOverride?: WindowOverride
}

export interface DeployOutcome {
  skipped: boolean
  /** What serves once it was done, as seen, and what the record names (one target; not for waves). */
  after?: Afterwards
  record?: DeploymentRecord
  environmentUrl?: string
  dryRun?: boolean
  /** The state machine's transition (docs/state-machine.md). */
  transition?: TransitionName
  /** Environments with targets: the rollout's position and every target's outcome. */
  waves?: WavesProgress
}


/** deploy to one target (an environment, or one target of an environment's waves). */
export async function deployTo(runtime: Runtime, target: Target, settings: DeploySettings, version: string): Promise<DeployOutcome> {
  const { environment, store, provider } = target
  const strategy = settings.strategy ?? environment.strategy
  const steps = strategy === 'canary' ? await canarySteps(target) : []
  if (strategy === 'canary' && steps.length === 0) {
    throw new GlidepathError('GP-CONFIG-002', `strategy canary needs canary.steps in environments.${environment.key}.`, {
      fix: 'Add canary: { steps: [ {weight: 20, pause: 1m}, {weight: 100} ] } to the environment, or choose another strategy.',
    })
  }
  const timeoutMs = settings.timeoutMs ?? environment.timeoutMs
  runtime.info(`Environment ${environment.name} (${environment.reason}); provider ${environment.provider}, strategy ${strategy}, version ${version}.`)
  const request = { version, previousVersion: store.read().stable?.version ?? null, image: settings.image, strategy, canaryWeight: steps[0]?.weight ?? 0, timeoutMs }
  await provider.preflight(request)
  await checkDatabase({ runtime, target, timeoutMs })
  if (settings.dryRun) {
    const planned = decide(store.read(), { kind: 'deploy', version, strategy })
    const what = planned.kind === 'transition' ? `${planned.transition.name}: ${planned.transition.says}` : planned.error.message
    runtime.notice(`Dry run: would deploy ${version} to ${environment.name} with ${strategy} (previous: ${request.previousVersion ?? 'none'}; ${what}). Nothing was changed.`)
    const record = newRecord({ kind: 'deploy', environment: environment.name, version, previousVersion: request.previousVersion, strategy, provider: environment.provider, url: environment.url })
    return { skipped: false, dryRun: true, record, environmentUrl: environment.url, transition: planned.kind === 'transition' ? planned.transition.name : undefined }
  }

  const lock = await lockTarget(runtime, target, 'deploy', settings.lockTimeoutMs, timeoutMs)
  try {
    const decision = decide(store.read(), { kind: 'deploy', version, strategy })
    if (decision.kind === 'refuse') throw decision.error
    const t = decision.transition
    const x: Exec = { runtime, target, timeoutMs }
    runtime.info(`Transition ${t.name}: ${t.says}.`)
    const state = store.read()
    if (t.name === 'noop' || t.name === 'resume-canary') {
      const current = state.records.find((r) => r.id === (t.name === 'noop' ? state.stable?.recordId : state.canary?.recordId))
      const healed = target.reconciled?.healed ?? []
      runtime.notice(t.name === 'noop'
        ? healed.length ? `${version} is the stable version of ${environment.name}, but it did not serve as recorded; it does again (${healed.join('; ')}).` : `${version} is already the stable version of ${environment.name} (seen answering); nothing changed.`
        : `${version} is already the canary in flight on ${environment.name} (step ${state.canary?.step}, ${state.canary?.weight}%); it carries on from there.`)
      if (t.name === 'resume-canary' && state.canary && state.canary.applied === false) {
        await provider.setCanaryWeight(version, state.canary.weight, timeoutMs)
        store.write({ ...store.read(), canary: { ...state.canary, applied: true } })
      }
      return { skipped: false, record: current, environmentUrl: environment.url, transition: t.name }
    }
    if (t.abortFirst && state.canary) {
      runtime.warning(`Canary ${state.canary.version} was still in progress; it is aborted${t.name === 'supersede' ? ` in favour of ${version}` : ` and ${version} stays stable`}.`)
      const aborted = await abortCanary(x, state.canary, t.name === 'supersede' ? `superseded by ${version}` : `${version} was deployed again`, 'superseded')
      if (t.name === 'abort-to-stable') {
        const current = store.read().records.find((r) => r.id === store.read().stable?.recordId)
        return { skipped: false, record: current ?? aborted, environmentUrl: environment.url, transition: t.name }
      }
    }
    // Rolling and blue-green versions (and a first deploy) are watched once live, when the environment says so.
    const rollout = t.rollout ?? strategy
    const verify = rollout === 'canary' ? undefined : verifyConfig(x, settings.verify === false)
    const previous = store.read().stable
    const baseline = verify ? await measurePrevious(x, verify, previous?.version ?? null) : undefined
    let { record, result } = await rollOut(x, {
      version, image: settings.image, strategy, rollout, canaryWeight: steps[0]?.weight ?? 0,
      transition: t.name, initial: t.name === 'initial', verifying: Boolean(verify), windowOverride: settings.windowOverride,
    })
    if (verify) record = await concludeVerify(x, record, previous, await watch(x, verify, version, baseline))
    return { skipped: false, record, environmentUrl: environment.url ?? result.url, transition: t.name }
  } finally {
    await lock.release()
  }
}

export async function teardown(runtime: Runtime, target: Target, settings: DeploySettings, reason?: string): Promise<DeployOutcome> {
  const { environment } = target
  const timeoutMs = settings.timeoutMs ?? environment.timeoutMs
  if (settings.dryRun) {
    runtime.notice(`Dry run: would tear down ${environment.name}. Nothing was changed.`)
    return { skipped: false, dryRun: true }
  }
  const lock = await lockTarget(runtime, target, 'teardown', settings.lockTimeoutMs, timeoutMs)
  try {
    const record = await tearDown({ runtime, target, timeoutMs }, reason)
    return { skipped: false, record, environmentUrl: environment.url, transition: 'teardown' }
  } finally {
    await lock.release()
  }
}
