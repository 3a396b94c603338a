import { GlidepathError, toGlidepathError } from '../errors/index.js'
import { parseDuration } from '../time/duration.js'
import { newRecord, finish, type DeploymentRecord } from '../state/record.js'
import { runUrl } from '../runtime/context.js'
import { chooseVersion } from './version.js'
import { openTarget, lockTarget, reportNoEnvironment, tellGitHub, type CommonSettings, type Target } from './target.js'
import type { Runtime } from '../runtime/runtime.js'
import type { StrategyName } from '../config/types.js'

export interface DeploySettings extends CommonSettings {
  version?: string
  image?: string
  strategy?: StrategyName
  dryRun: boolean
  timeout?: string
  /** Remove the environment instead of deploying (preview environments when their PR closes). */
  teardown?: boolean
}

export interface DeployOutcome {
  skipped: boolean
  record?: DeploymentRecord
  environmentUrl?: string
  dryRun?: boolean
}

export const DEPLOY_OUTPUTS = ['environment', 'environment-url', 'deployment-id', 'version', 'previous-version', 'strategy', 'record'] as const

/**
 * deploy: resolve the environment, lock it, write an in-progress record, roll the version out with the
 * environment's strategy and record the result. On failure the previous version keeps serving.
 */
export async function deploy(runtime: Runtime, settings: DeploySettings): Promise<DeployOutcome> {
  const known = Boolean(settings.version || settings.image || runtime.context.sha)
  const targeting = openTarget(runtime, settings, known ? chooseVersion(settings.version, settings.image, runtime.context) : undefined)
  if (targeting.kind === 'none') {
    reportNoEnvironment(runtime, targeting.reason, [...DEPLOY_OUTPUTS])
    return { skipped: true }
  }
  const { environment, store, provider, github } = targeting.target
  if (settings.teardown) return teardown(runtime, targeting.target, settings)
  const pr = runtime.context.pr
  if (pr && github && runtime.context.eventName.startsWith('pull_request') && runtime.context.action !== 'closed' && (await github.pullRequestState(pr.number)) === 'closed') {
    // The PR closed while this run queued: deploying it now would resurrect a preview nobody wants.
    reportNoEnvironment(runtime, `pull request #${pr.number} is closed`, [...DEPLOY_OUTPUTS])
    return { skipped: true }
  }
  const version = chooseVersion(settings.version, settings.image, runtime.context)
  const strategy = settings.strategy ?? environment.strategy
  const steps = environment.config.canary?.steps ?? []
  if (strategy === 'canary' && steps.length === 0) {
    throw new GlidepathError('GP-CONFIG-002', `strategy canary needs canary.steps in environments.${environment.key}.`, {
      fix: 'Add canary: { steps: [ {weight: 20, pause: 1m}, {weight: 100} ] } to the environment, or choose another strategy.',
    })
  }
  const timeoutMs = settings.timeout ? parseDuration(settings.timeout, 'timeout') : environment.timeoutMs
  runtime.info(`Environment ${environment.name} (${environment.reason}); provider ${environment.provider}, strategy ${strategy}, version ${version}.`)
  const request = { version, previousVersion: store.read().stable?.version ?? null, image: settings.image, strategy, canaryWeight: steps[0]?.weight ?? 0, timeoutMs }
  await provider.preflight(request)
  if (settings.dryRun) {
    runtime.notice(`Dry run: would deploy ${version} to ${environment.name} with ${strategy} (previous: ${request.previousVersion ?? 'none'}). Nothing was changed.`)
    const record = newRecord({ kind: 'deploy', environment: environment.name, version, previousVersion: request.previousVersion, strategy, provider: environment.provider, url: environment.url })
    return { skipped: false, dryRun: true, record, environmentUrl: environment.url }
  }

  const lock = await lockTarget(runtime, targeting.target, 'deploy', settings.lockTimeout)
  try {
    let state = store.read()
    if (state.canary) {
      // A new version supersedes a canary in flight: its traffic goes back to stable first.
      runtime.warning(`Canary ${state.canary.version} was still in progress; it is aborted in favour of ${version}.`)
      await provider.abort(state.canary.version, timeoutMs)
      const old = state.records.find((r) => r.id === state.canary?.recordId)
      if (old) store.saveRecord(finish({ ...old, weights: { stable: 100, canary: 0 } }, 'superseded', `superseded by ${version}`), { canary: null })
      else store.write({ ...state, canary: null })
      state = store.read()
    }
    if (strategy === 'canary' && state.stable?.version === version) {
      runtime.notice(`${version} is already the stable version of ${environment.name}; no canary started.`)
      const current = state.records.find((r) => r.id === state.stable?.recordId)
      return { skipped: false, record: current, environmentUrl: environment.url }
    }
    const ctx = runtime.context
    let record = newRecord({
      kind: 'deploy', environment: environment.name, version, previousVersion: state.stable?.version ?? null,
      image: settings.image, strategy, provider: environment.provider, url: environment.url,
      ref: ctx.ref, sha: ctx.sha, actor: ctx.actor, runUrl: runUrl(ctx),
    })
    request.previousVersion = record.previousVersion
    store.saveRecord(record)
    if (github) {
      // Recorded on GitHub before anything changes: a refused token (permissions) stops here.
      try {
        record = { ...record, deploymentId: await github.start(record, environment, `Deploying ${version} with ${strategy}`) }
        store.saveRecord(record)
      } catch (e) {
        const err = toGlidepathError(e)
        store.saveRecord(finish(record, 'failure', `${err.code}: ${err.message}`))
        throw err
      }
    }
    try {
      const result = await provider.deploy(request)
      record = { ...record, slot: result.slot, ...(result.resources?.length ? { resources: result.resources } : {}) }
      if (strategy === 'canary') {
        record = { ...record, phase: 'canary', step: 0, weights: { stable: 100 - request.canaryWeight, canary: request.canaryWeight },
          steps: [{ step: 0, weight: request.canaryWeight, at: new Date().toISOString(), decision: 'continue', reason: 'canary started' }] }
        store.saveRecord(record, { canary: { version, recordId: record.id, weight: request.canaryWeight, step: 0 } })
        runtime.info(`Canary ${version} started at step 0 with ${request.canaryWeight}% of traffic; advance it with canary-step.`)
        if (github && record.deploymentId) await tellGitHub(runtime, 'canary started', () => github.progress(record.deploymentId as string, `Canary ${version} at ${request.canaryWeight}% (step 0)`))
      } else {
        record = finish({ ...record, phase: 'stable', weights: { stable: 100, canary: 0 } }, 'success')
        store.saveRecord(record, { stable: { version, recordId: record.id }, canary: null })
        runtime.info(`${version} is live on ${environment.name}.`)
        if (github && record.deploymentId) await tellGitHub(runtime, 'success', () => github.succeed(record.deploymentId as string, environment, `${version} is live (${strategy})`, environment.url ?? result.url))
      }
      return { skipped: false, record, environmentUrl: environment.url ?? result.url }
    } catch (e) {
      const err = toGlidepathError(e)
      store.saveRecord(finish(record, 'failure', `${err.code}: ${err.message}`))
      if (github && record.deploymentId) await tellGitHub(runtime, 'failure', () => github.fail(record.deploymentId as string, `${err.code}: ${err.message}`))
      throw err
    }
  } finally {
    await lock.release()
  }
}

export async function teardown(runtime: Runtime, target: Target, settings: DeploySettings): Promise<DeployOutcome> {
  const { environment, store, provider } = target
  const timeoutMs = settings.timeout ? parseDuration(settings.timeout, 'timeout') : environment.timeoutMs
  if (settings.dryRun) {
    runtime.notice(`Dry run: would tear down ${environment.name}. Nothing was changed.`)
    return { skipped: false, dryRun: true }
  }
  const lock = await lockTarget(runtime, target, 'teardown', settings.lockTimeout)
  try {
    const state = store.read()
    const current = state.canary?.version ?? state.stable?.version ?? null
    let record = newRecord({ kind: 'teardown', environment: environment.name, version: current ?? '', previousVersion: current, strategy: environment.strategy, provider: environment.provider, url: environment.url, reason: 'teardown' })
    store.saveRecord(record)
    await provider.teardown(timeoutMs)
    if (target.github) {
      const github = target.github
      await tellGitHub(runtime, 'teardown', async () => runtime.info(`Marked ${await github.deactivateAll(environment, 'environment torn down')} GitHub deployment(s) of ${environment.name} inactive.`))
    }
    record = finish({ ...record, weights: { stable: 0, canary: 0 } }, 'inactive', 'environment torn down')
    const next = store.saveRecord(record, { stable: null, canary: null })
    for (const r of next.records) if (r.status === 'success' || r.status === 'in_progress') store.saveRecord({ ...r, status: 'inactive' })
    runtime.info(`${environment.name} is torn down${current ? ` (it ran ${current})` : ''}.`)
    return { skipped: false, record, environmentUrl: environment.url }
  } finally {
    await lock.release()
  }
}
