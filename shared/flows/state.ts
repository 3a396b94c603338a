import { existsSync, renameSync } from 'node:fs'
import { join } from 'node:path'
import { GlidepathError } from '../errors/index.js'
import { acquireLock } from '../state/lock.js'
import { hydrateFromGitHub } from '../github/hydrate.js'
import { openTarget, type CommonSettings } from './target.js'
import { rebuildFrom } from './reconcile.js'
import { describeServing as describe } from '../report/serving.js'
import type { EnvironmentState } from '../state/store.js'
import type { Runtime } from '../runtime/runtime.js'

// glidepath state rebuild: the environment's record made again from what the platform serves (its router
// and releases), with the history the old file still holds, else the GitHub deployments' records. What
// every "the state is broken" error offers instead of deleting the file: nothing is ever read as a first
// deploy over a live site. The old file is kept beside the new one as state.json.broken.

export interface RebuildOutcome {
  environment: string
  stable: string | null
  canary: string | null
  /** Where the history came from. */
  history: 'state' | 'github' | 'none'
  /** What the platform was seen serving. */
  seen: string
  /** The unreadable or contradicted file, kept. */
  kept?: string
}

export async function rebuildState(runtime: Runtime, settings: CommonSettings): Promise<RebuildOutcome> {
  const targeting = await openTarget(runtime, settings)
  if (targeting.kind === 'none') throw new GlidepathError('GP-CONFIG-004', `No environment to rebuild: ${targeting.reason}.`, { fix: 'Name it: glidepath state rebuild --environment <name>.' })
  const { store, provider, environment, github } = targeting.target
  if (!provider.observe) {
    throw new GlidepathError('GP-PROVIDER-006', `The ${provider.name} provider cannot say what it serves, so ${environment.name}'s record cannot be rebuilt from it.`, {
      fix: 'Restore the state from a backup, or from GitHub: remove the broken file and let the next run read the GitHub deployments (with a token).',
    })
  }
  store.ensureDir()
  const lock = await acquireLock(join(store.dir, 'lock'), { timeoutMs: 60_000, action: 'state rebuild', runId: runtime.context.runId || undefined })
  try {
    let old: EnvironmentState | undefined
    let kept: string | undefined
    if (store.exists()) {
      try {
        old = store.read()
      } catch (e) {
        runtime.warning((e as Error).message)
      }
      kept = join(store.dir, 'state.json.broken')
      renameSync(join(store.dir, 'state.json'), kept)
    }
    let history: RebuildOutcome['history'] = old ? 'state' : 'none'
    if (!old && github) {
      try {
        old = await hydrateFromGitHub(github.client, environment.name)
        if (old) history = 'github'
      } catch (e) {
        runtime.warning(`Could not read ${environment.name}'s records from GitHub: ${(e as Error).message}`)
      }
    }
    const seen = await provider.observe()
    const base: EnvironmentState = { schema: 1, environment: environment.name, stable: null, canary: null, records: old?.records ?? [], hold: old?.hold ?? null }
    const rebuilt = seen.stable ? rebuildFrom(targeting.target, seen, base) : base
    store.write(rebuilt)
    const said = describe(seen)
    runtime.info(`${environment.name}: ${said}. The record now says stable ${rebuilt.stable?.version ?? 'none'}${rebuilt.canary ? `, canary ${rebuilt.canary.version} at ${rebuilt.canary.weight}%` : ''}, with ${rebuilt.records.length} record(s) of history from ${history === 'none' ? 'nowhere (none was readable)' : history === 'github' ? 'the GitHub deployments' : 'the old state file'}.${kept && existsSync(kept) ? ` The old file is kept as ${kept}.` : ''}`)
    return { environment: environment.name, stable: rebuilt.stable?.version ?? null, canary: rebuilt.canary?.version ?? null, history, seen: said, kept }
  } finally {
    lock.release()
  }
}
