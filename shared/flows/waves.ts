import { join } from 'node:path'
import { randomUUID } from 'node:crypto'
import { existsSync } from 'node:fs'
import { GlidepathError } from '../errors/index.js'
import { parseDuration, formatDuration, sleep } from '../time/duration.js'
import { wavesOf, waveOf, type Wave } from '../config/targets.js'
import { resolveTargetEnvironment } from '../config/resolve.js'
import { StateStore, carryState, readJson, writeJsonAtomic, type EnvironmentState } from '../state/store.js'
import { acquireLock } from '../state/lock.js'
import { createProvider } from '../providers/index.js'
import { escapeMarkdown } from '../report/markdown.js'
import { hydrateState, type Target } from './target.js'
import { deployTo, type DeploySettings, type DeployOutcome } from './deploy.js'
import { stepTarget, type CanaryStepSettings, type CanaryOutcome } from './canary.js'
import { rollbackTarget, type RollbackSettings, type RollbackOutcome } from './rollback.js'
import type { Runtime } from '../runtime/runtime.js'
import type { StrategyName, TargetConfig } from '../config/types.js'
import type { DeploymentRecord } from '../state/record.js'

// Waves: an environment whose `targets:` (regions, clusters, hosts) roll out wave by wave. Each target is
// an environment of its own to the flows (its own state, lock, provider and GitHub deployment, named
// <environment>/<target>); this module orders them, bakes between waves, halts on the first failure and
// rolls back by policy. Its position is written ahead to waves.json, so a killed job resumes where it was.

export type TargetStatus = 'pending' | 'rolling' | 'succeeded' | 'failed' | 'rolled-back'

export interface WaveTargetProgress {
  name: string
  wave: number
  status: TargetStatus
  /** What the target served before this rollout touched it (null: nothing, a first deploy). */
  previousVersion: string | null
  /** What it serves now, as its state says. */
  serving?: string | null
  transition?: string
  url?: string
  reason?: string
  finishedAt?: string
}

export interface WavesProgress {
  schema: 1
  environment: string
  id: string
  version: string
  strategy: StrategyName
  /** running: in flight (or killed); paused: stopped after the wave a job was asked to run; halted: a target failed. */
  status: 'running' | 'paused' | 'succeeded' | 'halted' | 'rolled-back'
  /** The wave in progress, or the last one finished. */
  wave: number
  waves: number
  startedAt: string
  updatedAt: string
  /** The next wave starts no earlier than this (the bake after the wave before). */
  bakeUntil?: string
  onFailure: 'rollback-failed' | 'rollback-all'
  targets: WaveTargetProgress[]
  reason?: string
}

/** The `state` output of an environment with waves: every target's state and the rollout's position. */
interface CarriedWaves extends EnvironmentState {
  targets?: Record<string, EnvironmentState>
  waves?: WavesProgress
}

interface Member {
  config: TargetConfig
  wave: number
  target: Target
  runtime: Runtime
}

class Waves {
  readonly file: string
  readonly members: Member[]
  readonly plan: Wave[]

  constructor(readonly runtime: Runtime, readonly parent: Target, version?: string) {
    const env = parent.environment
    this.file = join(parent.store.dir, 'waves.json')
    this.plan = wavesOf(env.config)
    const carried = parent.carried as CarriedWaves | undefined
    this.members = (env.config.targets ?? []).map((config) => {
      const environment = resolveTargetEnvironment(env, config, waveOf(env.config, config), runtime.context, version)
      const store = new StateStore(parent.stateDir, environment.name)
      const rt = targetRuntime(runtime, config.name)
      const provider = createProvider({
        environment, store, workspace: parent.workspace, stateDir: parent.stateDir, event: runtime.context,
        env: runtime.env as Record<string, string>, log: { info: (m) => rt.info(m), warning: (m) => rt.warning(m) },
      })
      const target: Target = { config: parent.config, environment, store, provider, stateDir: parent.stateDir, workspace: parent.workspace, github: parent.github, carried: carried?.targets?.[config.name] }
      return { config, wave: waveOf(env.config, config), target, runtime: rt }
    })
  }

  get name(): string {
    return this.parent.environment.name
  }

  read(): WavesProgress | undefined {
    if (existsSync(this.file)) return readJson<WavesProgress | undefined>(this.file, undefined)
    return (this.parent.carried as CarriedWaves | undefined)?.waves
  }

  save(p: WavesProgress): void {
    p.updatedAt = new Date().toISOString()
    this.parent.store.ensureDir()
    writeJsonAtomic(this.file, p)
  }

  async lock(action: string, lockTimeout?: string): Promise<{ release(): void }> {
    const timeoutMs = parseDuration(lockTimeout || this.parent.environment.config.lock?.timeout || '5m', 'lock-timeout')
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

  /** However the run ended: what each target serves, the summary table, the waves and state outputs. */
  finish(p: WavesProgress | undefined): void {
    if (p) {
      for (const t of p.targets) t.serving = this.serving(this.member(t.name))
      this.save(p)
      this.runtime.summary(renderWavesSummary(p))
      this.runtime.setOutput('waves', JSON.stringify(p))
    }
    this.carry(p)
  }

  serving(m: Member): string | null {
    return m.target.store.exists() ? m.target.store.read().stable?.version ?? null : null
  }
}

/** The last rollout of an environment with targets (waves.json, or the carried state), for report. */
export function readWavesProgress(runtime: Runtime, parent: Target): WavesProgress | undefined {
  return new Waves(runtime, parent).read()
}

function targetRuntime(runtime: Runtime, name: string): Runtime {
  const p = (m: string) => `[${name}] ${m}`
  return {
    kind: runtime.kind,
    context: runtime.context,
    env: runtime.env,
    input: (n) => runtime.input(n),
    // Each target's own outputs and summary would overwrite one another: the waves report once for all.
    setOutput: () => undefined,
    summary: () => undefined,
    info: (m) => runtime.info(p(m)),
    debug: (m) => runtime.debug(p(m)),
    warning: (m, props) => runtime.warning(p(m), props),
    error: (m, props) => runtime.error(p(m), props),
    notice: (m, props) => runtime.notice(p(m), props),
    mask: (s) => runtime.mask(s),
    saveState: (n, v) => runtime.saveState(n, v),
    getState: (n) => runtime.getState(n),
    setFailed: (m) => runtime.setFailed(p(m)),
  }
}

const errorText = (e: unknown) => (e instanceof GlidepathError ? `${e.code}: ${e.message}` : (e as Error).message)

/** deploy on an environment with targets: wave by wave, each target with the environment's strategy. */
export async function deployWaves(runtime: Runtime, parent: Target, settings: DeploySettings & { pause?: string }, version: string): Promise<DeployOutcome> {
  const w = new Waves(runtime, parent, version)
  const strategy = settings.strategy ?? parent.environment.strategy
  const onFailure = parent.environment.config.waves?.onFailure ?? 'rollback-failed'
  const bakeMs = parseDuration(parent.environment.config.waves?.bake ?? 0, `environments.${parent.environment.key}.waves.bake`)
  const last = settings.wave ?? w.plan.length
  if (!Number.isInteger(last) || last < 1 || last > w.plan.length) {
    throw new GlidepathError('GP-INPUT-001', `Input wave is ${settings.wave}, but ${w.name} has waves 1 to ${w.plan.length}.`, { fix: `Pass a wave between 1 and ${w.plan.length}, or no wave to run them all.` })
  }
  runtime.info(`Environment ${w.name} (${parent.environment.reason}) rolls ${version} out in ${w.plan.length} wave(s): ${w.plan.map((p) => `${p.number}: ${p.targets.map((t) => t.name).join(', ')}`).join('; ')}; strategy ${strategy}, bake ${formatDuration(bakeMs)}, on failure ${onFailure}.`)

  if (settings.dryRun) {
    let record: DeploymentRecord | undefined
    for (const m of w.members) {
      await hydrateState(m.runtime, m.target)
      const planned = await deployTo(m.runtime, m.target, settings, version)
      record ??= planned.record
    }
    return { skipped: false, dryRun: true, record, environmentUrl: parent.environment.url }
  }

  const lock = await w.lock('deploy', settings.lockTimeout)
  let p: WavesProgress | undefined
  try {
    const before = w.read()
    const resuming = before && before.version === version && (before.status === 'running' || before.status === 'paused')
    if (resuming) {
      p = before
      runtime.notice(`Resuming the rollout of ${version} on ${w.name} at wave ${p.wave} of ${p.waves} (it ${p.status === 'paused' ? 'paused there' : 'was interrupted'}; targets already on ${version} are left as they are).`)
    } else {
      if (before && (before.status === 'running' || before.status === 'paused')) {
        runtime.warning(`The rollout of ${before.version} on ${w.name} stopped at wave ${before.wave} of ${before.waves}; ${version} takes over from there.`)
      }
      const now = new Date().toISOString()
      p = {
        schema: 1, environment: w.name, id: randomUUID(), version, strategy, status: 'running', wave: 1, waves: w.plan.length,
        startedAt: now, updatedAt: now, onFailure,
        targets: w.members.map((m) => ({ name: m.config.name, wave: m.wave, status: 'pending', previousVersion: null })),
      }
    }
    const progress = p
    progress.status = 'running'
    w.save(progress)

    for (const wave of w.plan) {
      const entries = progress.targets.filter((t) => t.wave === wave.number)
      if (entries.every((t) => t.status === 'succeeded')) continue
      if (wave.number > last) {
        progress.status = 'paused'
        runtime.notice(`Waves 1 to ${last} of ${w.name} are on ${version}; the rollout pauses before wave ${wave.number} (${wave.targets.map((t) => t.name).join(', ')}) until a deploy of ${version} with wave ${wave.number} or later.`)
        break
      }
      const bakeLeft = progress.bakeUntil ? Date.parse(progress.bakeUntil) - Date.now() : 0
      if (bakeLeft > 0) {
        runtime.info(`Baking wave ${wave.number - 1} for ${formatDuration(bakeLeft)} before wave ${wave.number} starts.`)
        await sleep(bakeLeft)
      }
      progress.wave = wave.number
      progress.bakeUntil = undefined
      w.save(progress)
      runtime.info(`Wave ${wave.number} of ${w.plan.length}: ${entries.map((e) => e.name).join(', ')}.`)
      const results = await Promise.allSettled(entries.map((entry) => rollTarget(w, w.member(entry.name), entry, progress, settings, version, strategy)))
      const failed = entries.filter((_, i) => results[i].status === 'rejected')
      if (failed.length > 0) {
        failed.forEach((entry) => {
          entry.status = 'failed'
          entry.reason = errorText((results[entries.indexOf(entry)] as PromiseRejectedResult).reason)
          entry.finishedAt = new Date().toISOString()
        })
        progress.status = 'halted'
        progress.reason = `wave ${wave.number} failed on ${failed.map((f) => f.name).join(', ')}`
        w.save(progress)
        await halt(w, progress, settings)
        const untouched = progress.targets.filter((t) => t.wave > wave.number).map((t) => t.name)
        throw new GlidepathError('GP-WAVES-001', `The rollout of ${version} on ${w.name} halted in wave ${wave.number} of ${w.plan.length}: ${failed.map((f) => `${f.name} failed (${f.reason})`).join('; ')}. ${describeAfterHalt(progress)}${untouched.length ? ` Not started: ${untouched.join(', ')}.` : ''}`, {
          fix: 'Investigate the failed target (its record and analysis above), then deploy a fixed version; targets already on it are left as they are.',
        })
      }
      if (wave.number < w.plan.length && bakeMs > 0) progress.bakeUntil = new Date(Date.now() + bakeMs).toISOString()
      w.save(progress)
    }
    if (progress.status === 'running') {
      progress.status = 'succeeded'
      progress.bakeUntil = undefined
      runtime.notice(`${version} is on every target of ${w.name}: ${progress.targets.map((t) => t.name).join(', ')}.`)
    }
    w.save(progress)
    const record = lastRecord(w)
    return { skipped: false, record, environmentUrl: parent.environment.url, transition: undefined, waves: progress }
  } finally {
    w.finish(p)
    lock.release()
  }
}

async function rollTarget(w: Waves, m: Member, entry: WaveTargetProgress, progress: WavesProgress, settings: DeploySettings & { pause?: string }, version: string, strategy: StrategyName): Promise<void> {
  await hydrateState(m.runtime, m.target)
  if (entry.status !== 'rolling') entry.previousVersion = w.serving(m)
  entry.status = 'rolling'
  entry.reason = undefined
  w.save(progress)
  const deployed = await deployTo(m.runtime, m.target, { ...settings, state: undefined }, version)
  entry.transition = deployed.transition
  entry.url = deployed.environmentUrl
  if (strategy === 'canary' && m.target.store.read().canary?.version === version) {
    const stepped = await stepTarget(m.runtime, m.target, canarySettings(settings, 'all'))
    if (stepped.failure) throw stepped.failure
    if (stepped.decision === 'abort') throw new GlidepathError('GP-CANARY-003', `Canary ${version} aborted on ${m.target.environment.name}: ${stepped.reason}.`, { fix: 'See the analysis in the record.' })
  }
  if (m.target.store.read().stable?.version !== version) {
    throw new GlidepathError('GP-WAVES-001', `${m.target.environment.name} does not serve ${version} after its rollout.`, { fix: 'See the target\'s record.' })
  }
  entry.status = 'succeeded'
  entry.finishedAt = new Date().toISOString()
  w.save(progress)
}

function canarySettings(settings: { config: string; lockTimeout?: string; token?: string; timeout?: string; verify?: boolean; pause?: string }, step: CanaryStepSettings['step'], reason?: string): CanaryStepSettings {
  return { config: settings.config, lockTimeout: settings.lockTimeout, token: settings.token, timeout: settings.timeout, verify: settings.verify, pause: settings.pause, step, reason }
}

/** After a failure: the failed targets return to what they served; under rollback-all, every target moved. */
async function halt(w: Waves, p: WavesProgress, settings: { config: string; lockTimeout?: string; token?: string; timeout?: string }): Promise<void> {
  const reason = `the rollout of ${p.version} halted: ${p.reason}`
  const back = p.targets.filter((t) => t.status === 'failed' || (p.onFailure === 'rollback-all' && t.status === 'succeeded'))
  for (const wave of [...w.plan].reverse()) {
    await Promise.all(back.filter((t) => t.wave === wave.number).map((t) => returnTarget(w, t, p, { ...settings, reason })))
  }
}

/** Returns one target to the version it served before this rollout (or its last good one). */
async function returnTarget(w: Waves, t: WaveTargetProgress, p: WavesProgress, settings: RollbackSettings): Promise<RollbackOutcome | undefined> {
  const m = w.member(t.name)
  await hydrateState(m.runtime, m.target)
  const state = m.target.store.exists() ? m.target.store.read() : undefined
  const serving = state?.stable?.version ?? null
  if (!state?.canary && serving === (settings.to ?? t.previousVersion) && serving !== null) {
    m.runtime.info(`${m.target.environment.name} already serves ${serving}.`)
    if (t.status !== 'pending') t.status = t.status === 'failed' ? 'failed' : 'rolled-back'
    w.save(p)
    return undefined
  }
  if (!state?.canary && (settings.to ?? t.previousVersion) === null) {
    m.runtime.warning(`${m.target.environment.name} had nothing before ${p.version} (a first deploy): there is no version to return it to, so it keeps serving ${serving ?? 'nothing'}.`)
    return undefined
  }
  try {
    const out = await rollbackTarget(m.runtime, m.target, { ...settings, to: settings.to ?? t.previousVersion ?? undefined, state: undefined })
    t.status = t.status === 'failed' ? 'failed' : 'rolled-back'
    if (t.status === 'failed') t.reason = `${t.reason ?? ''}; rolled back to ${out.to ?? 'nothing'}`.replace(/^; /, '')
    w.save(p)
    return out
  } catch (e) {
    t.reason = `${t.reason ? `${t.reason}; ` : ''}rollback failed: ${errorText(e)}`
    w.save(p)
    throw e
  }
}

function describeAfterHalt(p: WavesProgress): string {
  const moved = p.targets.filter((t) => t.status !== 'pending').map((t) => `${t.name} serves ${t.serving ?? 'nothing'}`)
  return moved.length ? `Now: ${moved.join(', ')}.` : ''
}

function lastRecord(w: Waves): DeploymentRecord | undefined {
  for (const m of [...w.members].reverse()) {
    if (!m.target.store.exists()) continue
    const r = m.target.store.read().records.at(-1)
    if (r) return r
  }
  return undefined
}

/** canary-step on an environment with targets: abort returns every moved target; otherwise the rollout goes on. */
export async function stepWaves(runtime: Runtime, parent: Target, settings: CanaryStepSettings): Promise<CanaryOutcome> {
  const w = new Waves(runtime, parent)
  if (settings.step === 'abort') {
    const out = await rollbackWaves(runtime, parent, { ...settings, reason: settings.reason || 'aborted by request' })
    return { skipped: false, decision: 'abort', weight: 0, step: null, reason: settings.reason || 'aborted by request', analysis: [], record: out.record, waves: out.waves }
  }
  const p = w.read()
  if (!p || (p.status !== 'running' && p.status !== 'paused')) {
    const why = p ? `no rollout in progress on ${w.name}: ${p.version} ${p.status}${p.reason ? ` (${p.reason})` : ''}` : `no rollout in progress on ${w.name}`
    runtime.notice(`${why}.`)
    w.carry(p)
    if (p?.status === 'halted' || p?.status === 'rolled-back') {
      return { skipped: false, decision: 'abort', weight: 0, step: null, reason: why, analysis: [],
        failure: new GlidepathError('GP-WAVES-001', `The rollout of ${p.version} on ${w.name} did not finish: ${p.status}${p.reason ? ` (${p.reason})` : ''}.`, { fix: 'See the deploy step\'s summary; deploy a fixed version.' }) }
    }
    return { skipped: false, decision: 'complete', weight: 100, step: null, reason: why, analysis: [] }
  }
  if (settings.step === 'promote') {
    for (const m of w.members) {
      await hydrateState(m.runtime, m.target)
      if (m.target.store.exists() && m.target.store.read().canary?.version === p.version) await stepTarget(m.runtime, m.target, canarySettings(settings, 'promote', settings.reason))
    }
  }
  runtime.info(`Continuing the rollout of ${p.version} on ${w.name} from wave ${p.wave} of ${p.waves}.`)
  const out = await deployWaves(runtime, parent, { ...settings, strategy: p.strategy, dryRun: false, version: p.version }, p.version)
  const done = out.waves?.status === 'succeeded'
  return { skipped: false, decision: done ? 'complete' : 'continue', weight: 100, step: null, reason: done ? `${p.version} is on every target` : `paused after wave ${out.waves?.wave}`, analysis: [], record: out.record, waves: out.waves }
}

/** rollback on an environment with targets: every target the last rollout moved returns, last wave first. */
export async function rollbackWaves(runtime: Runtime, parent: Target, settings: RollbackSettings): Promise<RollbackOutcome> {
  const w = new Waves(runtime, parent)
  const lock = await w.lock('rollback', settings.lockTimeout)
  let p: WavesProgress | undefined
  try {
    p = w.read()
    const reason = settings.reason || 'manual rollback'
    const unknownHistory = !p
    if (!p) {
      // No rollout on record (state lost): every target steps back to its last good version.
      const now = new Date().toISOString()
      p = {
        schema: 1, environment: w.name, id: randomUUID(), version: '(unknown)', strategy: parent.environment.strategy, status: 'running', wave: w.plan.length, waves: w.plan.length,
        startedAt: now, updatedAt: now, onFailure: 'rollback-all',
        targets: w.members.map((m) => ({ name: m.config.name, wave: m.wave, status: 'succeeded', previousVersion: null })),
      }
    }
    const progress = p
    const moved = progress.targets.filter((t) => t.status === 'rolling' || t.status === 'succeeded' || t.status === 'failed')
    runtime.info(`Rolling ${w.name} back: ${moved.length ? moved.map((t) => t.name).join(', ') : 'no target moved'} (${reason}).`)
    const errors: string[] = []
    let record: DeploymentRecord | undefined
    let rolledBack = false
    for (const wave of [...w.plan].reverse()) {
      const batch = moved.filter((t) => t.wave === wave.number)
      const results = await Promise.allSettled(batch.map(async (t) => {
        if (t.previousVersion !== null || settings.to || !unknownHistory) {
          return returnTarget(w, t, progress, { ...settings, reason, to: settings.to ?? t.previousVersion ?? undefined })
        }
        // No rollout on record: the target's own rollback picks its last good version.
        const m = w.member(t.name)
        const out = await rollbackTarget(m.runtime, m.target, { ...settings, reason, state: undefined })
        t.status = 'rolled-back'
        return out
      }))
      results.forEach((r, i) => {
        if (r.status === 'rejected') errors.push(`${batch[i].name}: ${errorText(r.reason)}`)
        else if (r.value?.rolledBack) {
          rolledBack = true
          record = r.value.record ?? record
        }
      })
    }
    progress.status = 'rolled-back'
    progress.reason = reason
    progress.bakeUntil = undefined
    w.save(progress)
    if (errors.length) {
      throw new GlidepathError('GP-WAVES-002', `Rolling ${w.name} back left ${errors.length} target(s) where they were: ${errors.join('; ')}.`, { fix: 'Fix what the error names and run rollback again: targets already back are left as they are.' })
    }
    return { skipped: false, rolledBack, from: progress.version, to: summariseTo(progress, w), record, waves: progress }
  } finally {
    w.finish(p)
    lock.release()
  }
}

function summariseTo(p: WavesProgress, w: Waves): string | undefined {
  const serving = [...new Set(p.targets.map((t) => w.serving(w.member(t.name)) ?? 'nothing'))]
  return serving.length === 1 ? serving[0] : serving.join(',')
}

const STATUS_ICON: Record<TargetStatus, string> = { pending: '⏸️', rolling: '🟡', succeeded: '✅', failed: '❌', 'rolled-back': '↩️' }

export function renderWavesSummary(p: WavesProgress): string {
  const e = escapeMarkdown
  let md = `### Waves of ${e(p.environment)}: ${e(p.version)} ${p.status}\n\n`
  if (p.reason) md += `${e(p.reason)}\n\n`
  md += '| wave | target | status | was | serves | reason |\n|---|---|---|---|---|---|\n'
  for (const t of [...p.targets].sort((a, b) => a.wave - b.wave)) {
    md += `| ${t.wave} | ${e(t.name)} | ${STATUS_ICON[t.status]} ${t.status} | ${t.status === 'pending' ? '' : e(t.previousVersion ?? '(none)')} | ${e(t.serving ?? '(nothing)')} | ${e(t.reason ?? '')} |\n`
  }
  return md
}
