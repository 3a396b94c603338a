import { GlidepathError } from '../errors/index.js'
import { openTarget, afterwards, hydrateState, type Target } from './target.js'
import { reportNoEnvironment, DEPLOY_OUTPUTS, type FirstLook } from './resolve-first.js'
import { previewGate, knownPreviews, makeRoom, crowded, type KnownPreview } from './previews.js'
import { formatDuration, sleep } from '../time/duration.js'
import { stopPreview } from './reap.js'
import { joinFront } from './preview-front.js'
import { chooseVersion } from './version.js'
import { checkWindows } from './windows.js'
import { checkHold } from './hold.js'
import { deployTo, teardown, type DeploySettings, type DeployOutcome } from './deploy.js'
import { stepTarget, type CanaryStepSettings, type CanaryOutcome } from './canary.js'
import { rollbackTarget, type RollbackSettings, type RollbackOutcome } from './rollback.js'
import type { Runtime } from '../runtime/runtime.js'
import type { PreviewsConfig } from '../config/types.js'

// The actions' operations (docs/architecture.md), loaded by entries.ts once the environment resolves:
// each opens its target once, checks what applies to the whole environment (deploy windows), then hands
// over to the waves layer (an environment with targets) or to the single-target operation. The layers
// below never import this one, nor waves the operations it orchestrates: no import cycle.

/** The waves layer, loaded only for an environment with targets (a chunk of its own). */
const waves = () => import('./waves.js')

/** deploy, once entries.ts has resolved the environment (`first`): open, gate, check windows, dispatch. */
export async function deploy(runtime: Runtime, settings: DeploySettings, first?: FirstLook): Promise<DeployOutcome> {
  const known = Boolean(settings.version || settings.image || runtime.context.sha)
  const targeting = await openTarget(runtime, settings, known ? chooseVersion(settings.version, settings.image, runtime.context) : undefined, first)
  if (targeting.kind === 'none') {
    reportNoEnvironment(runtime, targeting.reason, [...DEPLOY_OUTPUTS])
    return { skipped: true }
  }
  const { github } = targeting.target
  const gate = settings.teardown ? { open: true } : previewGate(runtime.context, targeting.target.environment.config)
  if (!gate.open) {
    // The label that opened it came off: the preview goes. Otherwise nothing is deployed, and the outputs say why.
    if (gate.teardown && (await runs(runtime, targeting.target))) return teardown(runtime, targeting.target, { ...settings, teardown: true }, gate.reason)
    reportNoEnvironment(runtime, gate.reason as string, [...DEPLOY_OUTPUTS])
    return { skipped: true }
  }
  if (settings.teardown) return targeting.target.environment.config.targets?.length ? (await waves()).teardownWaves(runtime, targeting.target, settings) : teardown(runtime, targeting.target, settings)
  const pr = runtime.context.pr
  if (pr && github && runtime.context.eventName.startsWith('pull_request') && runtime.context.action !== 'closed' && (await github.pullRequestState(pr.number)) === 'closed') {
    // The PR closed while this run queued: deploying it now would resurrect a preview nobody wants.
    reportNoEnvironment(runtime, `pull request #${pr.number} is closed`, [...DEPLOY_OUTPUTS])
    return { skipped: true }
  }
  const version = chooseVersion(settings.version, settings.image, runtime.context)
  // Deploy windows and freezes: checked before anything changes (a preview's teardown never is).
  const windowOverride = checkWindows(runtime, targeting.target.environment, settings.overrideWindow, `Deploying ${version}`)
  checkHold(runtime, targeting.target, `Deploying ${version}`)
  if (windowOverride) settings = { ...settings, windowOverride }
  if (targeting.target.environment.config.targets?.length) return (await waves()).deployWaves(runtime, targeting.target, settings, version)
  if (settings.wave !== undefined) {
    throw new GlidepathError('GP-INPUT-001', `Input wave is ${settings.wave}, but ${targeting.target.environment.name} has no targets to roll out in waves.`, { fix: 'Leave wave empty, or list the environment\'s targets (docs/waves.md).' })
  }
  await makeRoomFor(runtime, targeting.target, settings)
  const outcome = await deployTo(runtime, targeting.target, settings, version)
  if (outcome.dryRun || outcome.skipped) return outcome
  await joinFront(runtime, targeting.target)
  return { ...outcome, after: await afterwards(runtime, targeting.target) }
}

async function runs(runtime: Runtime, target: Target): Promise<boolean> {
  await hydrateState(runtime, target)
  const state = target.store.read()
  return Boolean(state.stable || state.canary)
}

/**
 * previews.max: before a new preview deploys, the previews deployed longest ago stop (or GP-PREVIEW-001
 * refuses it); with onMax: wait, it waits up to previews.maxWait for one to close, be reaped or torn down.
 */
async function makeRoomFor(runtime: Runtime, target: Target, settings: DeploySettings): Promise<void> {
  const { environment, config, workspace, github } = target
  const cfg = environment.config.previews
  if (!cfg?.max || !runtime.context.pr) return
  const known = () => knownPreviews(config, environment.key, workspace, github)
  if (cfg.onMax === 'wait') return waitForRoom(runtime, known, environment.name, environment.key, cfg, environment.durations.previews.maxWait)
  const stop = makeRoom(await known(), environment.name, cfg, environment.key)
  for (const p of stop) {
    const why = `stopped to make room for ${environment.name} (previews.max ${cfg.max}; it deployed longest ago, ${p.lastDeploy ?? 'at an unknown time'}); a push to #${p.number} deploys it again`
    if (settings.dryRun) runtime.notice(`Dry run: would stop ${p.name}: ${why}.`)
    else await stopPreview(runtime, settings, environment.key, p.number, 'open', why)
  }
}


async function waitForRoom(runtime: Runtime, known: () => Promise<KnownPreview[]>, self: string, key: string, cfg: PreviewsConfig, waitMs: number): Promise<void> {
  const max = cfg.max as number
  const pollMs = Math.min(15_000, Math.max(250, waitMs / 20))
  const started = Date.now()
  for (let said = false; ; said = true) {
    const previews = await known()
    const running = crowded(previews, self, max)
    if (!running) {
      if (said) runtime.info(`Room for ${self} after ${formatDuration(Date.now() - started)} (previews.max ${max}).`)
      return
    }
    const waited = Date.now() - started
    if (waited >= waitMs) {
      try {
        makeRoom(previews, self, cfg, key)
      } catch (e) {
        const err = e as GlidepathError
        throw new GlidepathError(err.code, `${err.message} It waited ${formatDuration(waited)} (previews.maxWait ${formatDuration(waitMs)}) for one to close.`, { fix: err.fix })
      }
    }
    if (!said) runtime.info(`${running.length} previews of ${key} run (${running.map((p) => p.name).join(', ')}), and previews.max is ${max}: ${self} waits for one to close, be reaped or torn down (previews.onMax: wait, up to ${formatDuration(waitMs)}).`)
    await sleep(pollMs)
  }
}

/** canary-step, once entries.ts has resolved the environment: deploy windows for a step forward, then dispatch. */
export async function canaryStep(runtime: Runtime, settings: CanaryStepSettings, first?: FirstLook): Promise<CanaryOutcome> {
  const targeting = await openTarget(runtime, settings, undefined, first)
  if (targeting.kind === 'none') {
    reportNoEnvironment(runtime, targeting.reason, ['decision', 'weight', 'step', 'analysis', 'reason'])
    return { skipped: true, decision: 'complete', weight: 0, step: null, reason: targeting.reason, analysis: [] }
  }
  // A step forward (or a promotion) is a new version taking traffic: deploy windows apply. An abort never waits.
  if (settings.step !== 'abort' && (targeting.target.environment.config.targets?.length || targeting.target.store.read().canary)) {
    checkWindows(runtime, targeting.target.environment, settings.overrideWindow, `Canary step ${settings.step}`)
    checkHold(runtime, targeting.target, `Canary step ${settings.step}`)
  }
  if (targeting.target.environment.config.targets?.length) return (await waves()).stepWaves(runtime, targeting.target, settings)
  const outcome = await stepTarget(runtime, targeting.target, settings)
  return { ...outcome, after: await afterwards(runtime, targeting.target) }
}

/** rollback, once entries.ts has resolved the environment; the version rolled away from is marked so a later rollback never returns to it. */
export async function rollback(runtime: Runtime, settings: RollbackSettings, first?: FirstLook): Promise<RollbackOutcome> {
  const targeting = await openTarget(runtime, settings, undefined, first)
  if (targeting.kind === 'none') {
    reportNoEnvironment(runtime, targeting.reason, ['from-version', 'to-version', 'rolled-back'])
    return { skipped: true, rolledBack: false }
  }
  if (targeting.target.environment.config.targets?.length) return (await waves()).rollbackWaves(runtime, targeting.target, settings)
  const outcome = await rollbackTarget(runtime, targeting.target, settings)
  return { ...outcome, after: await afterwards(runtime, targeting.target) }
}
