import { join } from 'node:path'
import { existsSync } from 'node:fs'
import { formatDuration } from '../../time/duration.js'
import { wavesOf, waveOf, type Wave } from '../../config/targets.js'
import { resolveTargetEnvironment } from '../../config/resolve.js'
import { StateStore, carryState, type EnvironmentState } from '../../state/store.js'
import { readJson, writeJsonAtomic } from '../../files/json-file.js'
import { advance, type WavesEvent, type WavesProgress } from '../../state/waves.js'
import { acquireLock } from '../../state/lock.js'
import { createProvider } from '../../providers/index.js'
import { renderWavesSummary } from '../../report/waves.js'
import { describeServing, servesAsRouted } from '../../report/serving.js'
import { prefixedRuntime } from '../../runtime/prefixed.js'
import { lookAt, type Target } from '../target.js'
import type { Runtime } from '../../runtime/runtime.js'
import type { TargetConfig } from '../../config/types.js'

// The targets of an environment with waves, opened once per run (each its own state, provider and
// runtime, named <environment>/<target>), and the rollout's position: read from waves.json (or the
// carried state), moved only by events through the pure `advance`, written ahead after each one so a
// killed job resumes where it was. The waves layer (../waves.ts) orchestrates on top of this.

/** The `state` output of an environment with waves: every target's state and the rollout's position. */
interface CarriedWaves extends EnvironmentState {
  targets?: Record<string, EnvironmentState>
  waves?: WavesProgress
}

export interface Member {
  config: TargetConfig
  wave: number
  target: Target
  runtime: Runtime
}

export class Waves {
  readonly file: string
  readonly members: Member[]
  readonly plan: Wave[]
  private position?: WavesProgress

  constructor(readonly runtime: Runtime, readonly parent: Target, version?: string) {
    const env = parent.environment
    this.file = join(parent.store.dir, 'waves.json')
    this.plan = wavesOf(env.config)
    const carried = parent.carried as CarriedWaves | undefined
    this.members = (env.config.targets ?? []).map((config) => {
      const environment = resolveTargetEnvironment(env, config, waveOf(env.config, config), runtime.context, version)
      const store = new StateStore(parent.stateDir, environment.name)
      const rt = prefixedRuntime(runtime, config.name)
      const provider = createProvider({
        environment, store, workspace: parent.workspace, stateDir: parent.stateDir, event: runtime.context,
        env: parent.env as Record<string, string>, log: { info: (m) => rt.info(m), warning: (m) => rt.warning(m) },
      })
      const target: Target = { config: parent.config, environment, store, provider, stateDir: parent.stateDir, workspace: parent.workspace, github: parent.github, carried: carried?.targets?.[config.name], env: parent.env }
      return { config, wave: waveOf(env.config, config), target, runtime: rt }
    })
  }

  get name(): string {
    return this.parent.environment.name
  }

  /** The last rollout on record (waves.json, or the state a job carried here). */
  read(): WavesProgress | undefined {
    if (existsSync(this.file)) return readJson<WavesProgress | undefined>(this.file, undefined)
    return (this.parent.carried as CarriedWaves | undefined)?.waves
  }

  /** The position this run works on (set by begin). */
  get progress(): WavesProgress {
    if (!this.position) throw new Error('waves: no rollout begun')
    return this.position
  }

  /** Works on `p` from now on, and writes it ahead. */
  begin(p: WavesProgress): WavesProgress {
    this.position = p
    this.save()
    return this.progress
  }

  /** Moves the position by one event and writes it ahead. */
  apply(e: WavesEvent): WavesProgress {
    this.position = advance(this.progress, e)
    this.save()
    return this.progress
  }

  private save(): void {
    this.position = { ...this.progress, updatedAt: new Date().toISOString() }
    this.parent.store.ensureDir()
    writeJsonAtomic(this.file, this.position)
  }

  async lock(action: string, lockTimeoutMs?: number): Promise<{ release(): void }> {
    const timeoutMs = lockTimeoutMs ?? this.parent.environment.durations.lockTimeout
    return acquireLock(join(this.parent.store.dir, 'waves.lock'), {
      timeoutMs, action, runId: this.runtime.context.runId || undefined,
      onWait: (owner) => this.runtime.info(`The waves of ${this.name} are locked by ${owner ? `${owner.action} (pid ${owner.pid})` : 'another run'}; waiting up to ${formatDuration(timeoutMs)}.`),
      onRecover: (owner) => this.runtime.warning(`Recovered a stale waves lock on ${this.name} left by ${owner.action} (pid ${owner.pid} is gone).`),
    })
  }

  member(name: string): Member {
    return this.members.find((m) => m.config.name === name) as Member
  }

  /** Sets the `state` output: every target's state and the position, for a later job on another runner. */
  carry(p: WavesProgress | undefined): void {
    const targets: Record<string, EnvironmentState> = {}
    for (const m of this.members) if (m.target.store.exists()) targets[m.config.name] = JSON.parse(carryState(m.target.store.read())) as EnvironmentState
    const bundle: CarriedWaves = { schema: 1, environment: this.name, stable: null, canary: null, records: [], targets, waves: p }
    this.runtime.setOutput('state', JSON.stringify(bundle))
  }

  /**
   * Records what each target serves now: as seen on its platform where its provider can look (the
   * router's table and whether each routed release answers), beside what its state records.
   */
  async refreshServing(): Promise<WavesProgress> {
    return this.apply(await this.servingNow())
  }

  /** What each target serves now, as an event (report applies it without writing the position). */
  async servingNow(): Promise<WavesEvent & { type: 'serving' }> {
    const seen = await Promise.all(this.members.map((m) => lookAt(m.target.provider, m.config.name, (w) => m.runtime.warning(w))))
    const recorded = this.members.map((m) => this.serving(m))
    return {
      type: 'serving',
      serving: Object.fromEntries(this.members.map((m, i) => [m.config.name, seen[i] ? seen[i]!.stable?.version ?? null : recorded[i]])),
      recorded: Object.fromEntries(this.members.map((m, i) => [m.config.name, recorded[i]])),
      seen: Object.fromEntries(this.members.flatMap((m, i) => (seen[i] ? [[m.config.name, { said: describeServing(seen[i]!), asRouted: servesAsRouted(seen[i]!) }]] : []))),
    }
  }

  /** However the run ended: what each target serves, the summary table, the waves and state outputs. */
  async finish(): Promise<void> {
    if (this.position) {
      const p = await this.refreshServing()
      this.runtime.summary(renderWavesSummary(p))
      this.runtime.setOutput('waves', JSON.stringify(p))
    }
    this.carry(this.position)
  }

  serving(m: Member): string | null {
    return m.target.store.exists() ? m.target.store.read().stable?.version ?? null : null
  }
}

/** The last rollout of an environment with targets (waves.json, or the carried state), for report. */
export async function readWavesProgress(runtime: Runtime, parent: Target): Promise<WavesProgress | undefined> {
  const w = new Waves(runtime, parent)
  const p = w.read()
  // What each target serves as seen now, never only what the last run wrote down.
  return p ? advance(p, await w.servingNow()) : undefined
}
