import { join } from 'node:path'
import { resolveFirst, type FirstLook } from './resolve-first.js'
import { StateStore, carryState, parseCarriedState } from '../state/store.js'
import { acquireLock } from '../state/lock.js'
import { formatDuration } from '../time/duration.js'
import { stateDirOf } from '../files/paths.js'
import { createProvider, loadProvider } from '../providers/index.js'
import { GitHubDeployments } from '../github/integration.js'
import { hydrateFromGitHub } from '../github/hydrate.js'
import { previewEnv } from '../database/preview-name.js'
import { processEnv } from './fork.js'
import type { Provider, Observation } from '../providers/types.js'
import { recoverInterrupted, endRollbackWindow } from './effects.js'
import { reconcile } from './reconcile.js'
import type { Target } from './target-types.js'
import type { Runtime } from '../runtime/runtime.js'
import type { CanaryStepConfig } from '../config/types.js'
import type { CommonSettings } from '../runtime/inputs.js'

// What every action does first: load the config, resolve the environment, open its state and provider.

export type { CommonSettings, Target }

export type Targeting = { kind: 'target'; target: Target } | { kind: 'none'; reason: string }

export { DEFAULT_STATE_DIR } from '../files/paths.js'

export async function openTarget(runtime: Runtime, settings: CommonSettings, version?: string, first?: FirstLook): Promise<Targeting> {
  const workspace = runtime.context.workspace
  const look = first ?? resolveFirst(runtime, settings, version)
  if (look.kind === 'none') return { kind: 'none', reason: look.reason }
  const { config, environment } = look
  const stateDir = stateDirOf(workspace, environment.config, config.defaults)
  const store = new StateStore(stateDir, environment.name)
  await loadProvider({ environment })
  // A preview's processes never see the preview secret, a fork's only a safe few of the runner's
  // variables (previews.forks); then a preview's own database URL.
  const env = previewEnv(processEnv(runtime.context, environment.config, runtime.env), environment, (secret) => runtime.mask(secret))
  const provider = createProvider({
    environment,
    store,
    workspace,
    stateDir,
    event: runtime.context,
    env: env as Record<string, string>,
    glidepathEnv: runtime.env,
    log: { info: (m) => runtime.info(m), warning: (m) => runtime.warning(m) },
  })
  const github = GitHubDeployments.from(runtime, settings.token)
  const carried = settings.state ? parseCarriedState(settings.state, environment.name) : undefined
  return { kind: 'target', target: { config, environment, store, provider, stateDir, workspace, github, carried, env } }
}

/** The canary's steps with the weights the platform gives them (a partition's or a node group's share, from the cluster). */
export async function canarySteps(target: Target): Promise<CanaryStepConfig[]> {
  const steps = target.environment.config.canary?.steps ?? []
  const resolve = target.provider.resolveSteps
  return resolve && steps.some((s) => s.partition !== undefined || s.nodes !== undefined) ? resolve.call(target.provider, steps) : steps
}

/** A fresh runner has no state directory: rebuild it from the records in the GitHub Deployment payloads. */
export async function hydrateState(runtime: Runtime, target: Target): Promise<void> {
  if (target.store.exists()) return
  if (target.carried) {
    target.store.write(target.carried)
    runtime.info(`No local state for ${target.environment.name}; using the state an earlier job carried (stable: ${target.carried.stable?.version ?? 'none'}${target.carried.canary ? `, canary: ${target.carried.canary.version}` : ''}).`)
    return
  }
  if (target.provider.loadState) {
    try {
      const state = await target.provider.loadState()
      if (state) {
        target.store.write(state)
        runtime.info(`No local state for ${target.environment.name}; read it from the ${target.provider.name} target (stable: ${state.stable?.version ?? 'none'}${state.canary ? `, canary: ${state.canary.version}` : ''}).`)
        return
      }
    } catch (e) {
      runtime.warning(`Could not read ${target.environment.name}'s state from the ${target.provider.name} target: ${(e as Error).message}`)
    }
  }
  if (!target.github) return
  try {
    const state = await hydrateFromGitHub(target.github.client, target.environment.name)
    if (!state) return
    target.store.write(state)
    runtime.info(`No local state for ${target.environment.name}; rebuilt it from ${state.records.length} GitHub deployment record(s) (stable: ${state.stable?.version ?? 'none'}${state.canary ? `, canary: ${state.canary.version}` : ''}).`)
  } catch (e) {
    runtime.warning(`Could not rebuild ${target.environment.name}'s state from GitHub: ${(e as Error).message}`)
  }
}

export interface TargetLock {
  /** Mirrors the state to the target (when its provider keeps one), then releases the lock. */
  release(): Promise<void>
}

/**
 * Takes the environment's lock (and the target's own, where the provider keeps one), then finishes or
 * undoes what an interrupted run left (effects.recoverInterrupted) before the caller decides anything.
 */
export async function lockTarget(runtime: Runtime, target: Target, action: string, lockTimeoutMs: number | undefined, operationTimeoutMs: number): Promise<TargetLock> {
  await hydrateState(runtime, target)
  const timeoutMs = lockTimeoutMs ?? target.environment.durations.lockTimeout
  target.store.ensureDir()
  const started = Date.now()
  let staleLock = false
  const held = await acquireLock(join(target.store.dir, 'lock'), {
    timeoutMs,
    action,
    runId: runtime.context.runId || undefined,
    onWait: (owner) => runtime.info(`Environment ${target.environment.name} is locked by ${owner ? `${owner.action} (pid ${owner.pid})` : 'another run'}; waiting up to ${formatDuration(timeoutMs)}.`),
    onRecover: (owner) => {
      staleLock = true
      runtime.warning(`Recovered a stale lock on ${target.environment.name} left by ${owner.action} (pid ${owner.pid} is gone).`)
    },
  })
  target.store.fence = () => held.check()
  let remote: { release(): Promise<void> } | undefined
  try {
    remote = await target.provider.lock?.({
      timeoutMs: Math.max(0, timeoutMs - (Date.now() - started)),
      action,
      runId: runtime.context.runId || undefined,
      onWait: (holder) => runtime.info(`Environment ${target.environment.name} is locked in the ${target.provider.name} target by ${holder}; waiting up to ${formatDuration(timeoutMs)}.`),
      onRecover: (holder) => {
        staleLock = true
        runtime.warning(`Took over a stale ${target.provider.name} lock on ${target.environment.name} left by ${holder} (it stopped renewing).`)
      },
      onSkip: (why) => runtime.info(`No ${target.provider.name} lock for ${target.environment.name}: ${why}.`),
    })
  } catch (e) {
    target.store.fence = undefined
    held.release()
    throw e
  }
  const lock: TargetLock = {
    // Every exit path releases: a state that cannot be read (or saved) is reported, never a lock left behind.
    release: async () => {
      try {
        // Whatever happened, a later job (another runner) can carry on from here with the state output.
        if (target.store.exists()) runtime.setOutput('state', carryState(target.store.read()))
        if (target.provider.saveState && target.store.exists()) {
          held.check()
          await target.provider.saveState(target.store.read())
        }
      } catch (e) {
        runtime.warning(`Could not carry or save ${target.environment.name}'s state${target.provider.saveState ? ` to the ${target.provider.name} target` : ''}: ${(e as Error).message}`)
      }
      try {
        await remote?.release()
      } catch (e) {
        runtime.warning(`Could not release the ${target.provider.name} lock on ${target.environment.name}: ${(e as Error).message}`)
      } finally {
        target.store.fence = undefined
        held.release()
      }
    },
  }
  try {
    const x = { runtime, target, timeoutMs: operationTimeoutMs }
    // A sleeping preview (previews.idle) is woken before anything is decided about it; a teardown or a sleep leaves it.
    if (action !== 'teardown' && action !== 'sleep' && (await target.provider.wake?.())) runtime.info(`${target.environment.name} was asleep (previews.idle) and was woken first.`)
    await recoverInterrupted(x, staleLock)
    await endRollbackWindow(x)
    // Then believe the world: what serves is read and compared with the record before anything is decided.
    if (action !== 'teardown' && action !== 'sleep') target.reconciled = await reconcile(x, action === 'deploy' || action === 'canary-step')
  } catch (e) {
    await lock.release()
    throw e
  }
  return lock
}

/** The no-op path for a branch that maps to no environment: a notice, empty outputs, success. */

/**
 * What a provider's platform serves, for a report, a summary or a plan: undefined when it cannot look
 * (no observe, an error, which is warned, or no answer within the bound), never a failure of the caller.
 */
/** What serves after an operation, as seen, beside what the record names (for the summary's first sentence). */
export interface Afterwards {
  seen?: Observation
  recorded: { stable: string | null; canary: string | null }
}

/** Looks at what serves once an operation is done (its lock released): read only, bounded, never a failure. */
export async function afterwards(runtime: Runtime, target: Target): Promise<Afterwards> {
  const seen = await lookAt(target.provider, target.provider.name, (m) => runtime.warning(m))
  const s = target.store.exists() ? target.store.read() : undefined
  return { seen, recorded: { stable: s?.stable?.version ?? null, canary: s?.canary?.version ?? null } }
}

export async function lookAt(provider: Provider, what: string, warn: (message: string) => void, timeoutMs = 15_000): Promise<Observation | undefined> {
  if (!provider.observe) return undefined
  let timer: NodeJS.Timeout | undefined
  try {
    return await Promise.race([
      provider.observe(),
      new Promise<undefined>((resolve) => { timer = setTimeout(() => resolve(undefined), timeoutMs) }),
    ])
  } catch (e) {
    warn(`Could not see what ${what} serves: ${(e as Error).message}`)
    return undefined
  } finally {
    clearTimeout(timer)
  }
}
