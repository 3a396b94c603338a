import { formatDuration } from '../time/duration.js'
import { decide } from '../machine/transitions.js'
import { chooseVersion } from './version.js'
import { metricRules, materialOf, priorRatio, type MetricRule, type BaselinePrior } from '../analysis/analyse.js'
import { priorsFor } from '../analysis/priors.js'
import { powerOf, rateBounds, mixtureWeights, emptySequential, TARGET_POWER } from '../analysis/sequential.js'
import { rehearse } from '../analysis/rehearse.js'
import { syntheticPlan } from '../analysis/synthetic.js'
import type { EnvironmentDurations } from '../config/durations.js'
import type { AnalysisConfig } from '../config/types.js'
import { openTarget, lookAt, canarySteps, type Target } from './target.js'
import { toGlidepathError } from '../errors/index.js'
import { Markdown, md, bold } from '../report/md.js'
import { rebuildFrom } from './reconcile.js'
import { Waves } from './waves/members.js'
import { describeServing } from '../report/serving.js'
import type { Runtime } from '../runtime/runtime.js'
import type { EnvironmentState } from '../state/store.js'
import type { Observation } from '../providers/types.js'

// glidepath plan: what a deploy would do for this event, changing nothing. Which environment and why,
// the transition the state machine would take from the recorded state, the canary's steps and
// judgement, and, given a traffic rate, the evidence each judged metric would have by the end of the
// pauses: whether a healthy release would be promoted within them, and the rate that would do it.

export interface PlanSettings {
  config: string
  environment?: string
  version?: string
  image?: string
  /** Requests per second reaching the environment in all (both versions). */
  rate?: number
  /** Stable's usual error rate (0-1), for the evidence error-rate comparisons will have. */
  errorRate?: number
}

export interface MetricPlan {
  metric: string
  judged: string
  /** At the given rate: the power against a material regression by the end of the last pause. */
  power?: number
  /** At the given rate: seconds until a healthy canary's always-valid bound excludes a material regression. */
  safeAfterSeconds?: number | null
  /** The least rate (requests/s in all) at which a healthy canary would be promoted within the pauses. */
  minRate?: number | null
}

/** One target of an environment with waves, as its platform and record were found. */
export interface TargetPlan {
  name: string
  wave: number
  /** What its record says is stable (read from the target when the runner has none). */
  stable: string | null
  canary: string | null
  /** What its platform was seen serving, in words; absent when it cannot be looked at. */
  seen?: string
  transition?: string
  refused?: string
}

export interface DeployPlan {
  environment: string
  /** What the platform was seen serving (absent when the provider cannot look, or with targets). */
  seen?: string
  /** Environments with targets: each target as found, and what the deploy would do there. */
  targets?: TargetPlan[]
  because: string
  version: string
  provider: string
  strategy: string
  stable: string | null
  canary: string | null
  transition?: { name: string; says: string }
  refused?: string
  steps: Array<{ index: number; weight: number; pause: string; partition?: number; nodes?: number | string }>
  metrics: MetricPlan[]
  rate?: number
  promotesWithinPauses?: boolean
  /**
   * analysis.synthetic: what the steps would send a healthy canary at `rate` (none given: no real
   * traffic at all), rehearsed with the same arithmetic as canary-step: requests per version, and the
   * rehearsal's decision and time.
   */
  synthetic?: { perVersion: number; decision: string; seconds: number }
  verify?: string
}

/**
 * A target's record as a deploy would find it (the runner's copy, else the one the platform keeps), and
 * what serves; a record that is missing beside a live site is read as what serves, never as a first
 * deploy (flows/reconcile.ts does the same before a real deploy). Reads only: nothing is written.
 */
async function found(target: Target, warn: (m: string) => void): Promise<{ state: EnvironmentState; seen?: Observation }> {
  let state = target.store.read()
  if (!target.store.exists() && target.provider.loadState) {
    try {
      state = (await target.provider.loadState()) ?? state
    } catch (e) {
      warn(`Could not read ${target.environment.name}'s state from the ${target.provider.name} target: ${(e as Error).message}`)
    }
  }
  const seen = await lookAt(target.provider, target.environment.name, warn)
  if (seen?.stable && !state.stable) state = rebuildFrom(target, seen, state)
  return { state, seen }
}

export async function planDeploy(runtime: Runtime, settings: PlanSettings): Promise<DeployPlan | { none: string }> {
  const version = chooseVersion(settings.version, settings.image, runtime.context)
  // The environment a deploy would resolve, opened as a deploy opens it (its provider can look).
  const opened = await openTarget(runtime, { config: settings.config, environment: settings.environment }, version)
  if (opened.kind === 'none') return { none: opened.reason }
  const env = opened.target.environment
  const warn = (m: string) => runtime.warning(m)
  let state: EnvironmentState
  let seen: Observation | undefined
  let targets: TargetPlan[] | undefined
  if (env.config.targets?.length) {
    state = opened.target.store.read()
    const w = new Waves(runtime, opened.target, version)
    targets = await Promise.all(w.members.map(async (m): Promise<TargetPlan> => {
      const f = await found(m.target, warn)
      const d = decide(f.state, { kind: 'deploy', version, strategy: m.target.environment.strategy })
      return {
        name: m.config.name, wave: m.wave, stable: f.state.stable?.version ?? null, canary: f.state.canary?.version ?? null,
        ...(f.seen ? { seen: describeServing(f.seen) } : {}),
        ...(d.kind === 'transition' ? { transition: d.transition.name } : { refused: d.error.message }),
      }
    }))
  } else {
    const f = await found(opened.target, warn)
    state = f.state
    seen = f.seen && (f.seen.stable || state.stable) ? f.seen : undefined
  }
  const decision = decide(state, { kind: 'deploy', version, strategy: env.strategy })
  // A partition's or node group's share as the cluster gives it (nominal when the cluster cannot be read).
  const steps = env.strategy === 'canary' ? await canarySteps(opened.target).catch((e) => {
    if (toGlidepathError(e).code === 'GP-CONFIG-002') throw e
    warn(`The steps' shares could not be read from the cluster (${toGlidepathError(e).message}); nominal weights are shown.`)
    return env.config.canary?.steps ?? []
  }) : []
  const timing = env.durations.canary.steps
  const schedule = steps.map((s, i) => ({ weight: s.weight, pauseMs: timing[i].pause })).filter((s) => s.weight < 100)
  const rules = env.strategy === 'canary' ? metricRules(env.config.canary?.analysis).filter((r) => !r.dryRun) : []
  // The judge starts from what earlier canaries measured of the stable version, as canary-step will (analysis.priors).
  const priors = env.config.canary?.analysis?.priors === false ? {} : priorsFor(state.profile, state.stable?.version ?? null)
  const metrics = rules.map((r) => metricPlan(r, schedule, settings, priors.priors?.[r.name]))
  const judged = metrics.filter((m) => m.power !== undefined)
  return {
    environment: env.name,
    ...(seen ? { seen: describeServing(seen) } : {}),
    ...(targets ? { targets } : {}),
    because: env.reason,
    version,
    provider: env.provider,
    strategy: env.strategy,
    stable: state.stable?.version ?? null,
    canary: state.canary?.version ?? null,
    ...(decision.kind === 'transition' ? { transition: { name: decision.transition.name, says: decision.transition.says } } : { refused: decision.error.message }),
    steps: steps.map((s, index) => ({ index, weight: s.weight, pause: s.pause === undefined ? '0s' : formatDuration(timing[index].pause), ...(s.partition !== undefined ? { partition: s.partition } : {}), ...(s.nodes !== undefined ? { nodes: s.nodes } : {}) })),
    metrics,
    rate: settings.rate,
    promotesWithinPauses: settings.rate !== undefined && judged.length ? judged.every((m) => (m.power ?? 0) >= (rules.find((r) => r.name === m.metric)?.power ?? TARGET_POWER) || (m.safeAfterSeconds ?? Number.POSITIVE_INFINITY) <= totalSeconds(schedule)) : undefined,
    ...(env.config.canary?.analysis?.synthetic && rules.length ? { synthetic: syntheticRehearsal(rules, steps, env.config.canary.analysis, settings, env.durations) } : {}),
    verify: env.config.verify ? `${env.config.verify.window}, ${env.config.verify.metrics.length} metric(s) against the previous version` : undefined,
  }
}

/**
 * A healthy canary rehearsed with analysis.synthetic: real traffic at `rate` split by weight, stable's
 * error rate on both, the same latency on both, and the step's own requests as canary-step decides them.
 */
function syntheticRehearsal(rules: MetricRule[], steps: Array<{ weight: number; pause?: string | number; interval?: string | number }>, analysis: AnalysisConfig, settings: PlanSettings, durations: EnvironmentDurations): { perVersion: number; decision: string; seconds: number } {
  const intervalMs = durations.analysis.interval
  const rate = settings.rate ?? 0
  const errors = settings.errorRate ?? 0
  const plan = { steps: steps.map((s, i) => ({ weight: s.weight, pauseMs: durations.canary.steps[i].pause, ...(durations.canary.steps[i].interval !== undefined ? { intervalMs: durations.canary.steps[i].interval } : {}) })), intervalMs, synthetic: syntheticPlan(analysis.synthetic ?? {}) }
  const judged = rules.filter((r) => r.kind !== 'value')
  const r = rehearse(judged, plan, (weight, ms, k) => {
    const n = (rate * ms) / 1000
    const nc = Math.round((n * weight) / 100) + k
    const nb = Math.round((n * (100 - weight)) / 100) + k
    const ec = Math.round(nc * errors)
    const eb = Math.round(nb * errors)
    return judged.map((rule) => rule.kind === 'latency'
      ? { metric: rule.name, value: 50, requests: nc, histogram: [[50, nc]] as Array<[number, number]>, baseline: { value: 50, requests: nb, histogram: [[50, nb]] as Array<[number, number]>, label: 'stable' } }
      : { metric: rule.name, value: nc ? ec / nc : null, requests: nc, events: ec, baseline: { value: nb ? eb / nb : null, requests: nb, events: eb, label: 'stable' } })
  })
  return { perVersion: r.synthetic, decision: r.decision, seconds: Math.round(r.ms / 1000) }
}

const totalSeconds = (schedule: Array<{ pauseMs: number }>) => schedule.reduce((s, x) => s + x.pauseMs, 0) / 1000

/** A healthy canary's expected evidence at `rate`, and the least rate that promotes it within the pauses. */
function metricPlan(rule: MetricRule, schedule: Array<{ weight: number; pauseMs: number }>, settings: PlanSettings, prior?: BaselinePrior): MetricPlan {
  if (!(rule.compare === 'stable' && rule.test === 'sequential') || rule.kind === 'value') {
    return { metric: rule.name, judged: rule.compare ? `${rule.test} comparison with ${rule.compare}` : `fixed limits${rule.max !== undefined ? ` (max ${rule.max}${rule.unit})` : ''}${rule.min !== undefined ? ` (min ${rule.min}${rule.unit})` : ''}` }
  }
  const latency = rule.kind === 'latency'
  const rho0 = latency ? 1 : 1 + rule.allowance
  const rb = latency ? 1 - (rule.quantile ?? 0.95) : settings.errorRate ?? 0
  const alt = materialOf(rule, emptySequential(), rho0, rb)
  // A healthy canary: errors at stable's rate; for latency, a quarter of stable's share over its own quantile is over the canary's (higher) threshold.
  const healthy = latency ? rb / 4 : rb
  const weights = mixtureWeights(rule.detectRatio, priorRatio(rule, prior, rho0))
  const evidence = (rate: number) => {
    const exposure = schedule.map((s): [number, number, number] => [s.weight / 100, (rate * s.pauseMs * s.weight) / 1e5, (rate * s.pauseMs * (100 - s.weight)) / 1e5])
    const power = powerOf(exposure, rho0, rule.alpha, alt, weights)
    let seconds = 0
    let nc = 0
    let nb = 0
    let safeAfter: number | null = null
    for (const s of schedule) {
      for (let t = 0; t < s.pauseMs / 1000 && safeAfter === null; t += 5) {
        nc += (rate * 5 * s.weight) / 100
        nb += (rate * 5 * (100 - s.weight)) / 100
        seconds += 5
        const upper = rateBounds(healthy * nc, nc, latency ? rule.alpha : rule.alpha / 2)[1]
        const lower = latency ? rb : rateBounds(rb * nb, nb, rule.alpha / 2)[0]
        const material = latency ? alt.canaryRate : materialOf(rule, emptySequential(), rho0, lower).canaryRate
        if (upper < material) safeAfter = seconds
      }
    }
    return { power, safeAfter }
  }
  const promotes = (rate: number) => {
    const e = evidence(rate)
    return e.power >= rule.power || e.safeAfter !== null
  }
  let minRate: number | null = null
  if (schedule.length) {
    let hi = 0.05
    while (!promotes(hi) && hi < 1e5) hi *= 2
    if (promotes(hi)) {
      let lo = hi / 2
      for (let i = 0; i < 20; i++) {
        const mid = (lo + hi) / 2
        if (promotes(mid)) hi = mid
        else lo = mid
      }
      minRate = Math.round(hi * 100) / 100
    }
  }
  const at = settings.rate !== undefined ? evidence(settings.rate) : undefined
  const judged = `sequential comparison with stable, alpha ${rule.alpha}, material: ${latency ? `${rule.detectRatio}x stable's slow share` : `${Math.round(alt.canaryRate * 1000) / 10}% errors (stable ${Math.round(rb * 1000) / 10}%)`}`
  return { metric: rule.name, judged, power: at?.power, safeAfterSeconds: at ? at.safeAfter : undefined, minRate }
}

export function renderPlan(p: DeployPlan): string {
  const out = new Markdown()
    .heading(md`Plan: ${p.version} to ${p.environment}`)
    .para(md`${p.because}. Provider ${p.provider}, strategy ${p.strategy}. Now: stable ${p.stable ?? 'none'}${p.canary ? md`, canary ${p.canary}` : ''}.`)
  if (p.seen) out.para(md`Seen serving: ${p.seen}.`)
  out.para(p.transition ? md`Transition ${bold(p.transition.name)}: ${p.transition.says}.` : md`Refused: ${p.refused}`)
  if (p.targets?.length) {
    out.table(['wave', 'target', 'record says', 'seen serving', 'the deploy would'], [...p.targets].sort((a, b) => a.wave - b.wave).map((t) => [
      t.wave, t.name, md`${t.stable ?? 'none'}${t.canary ? md`, canary ${t.canary}` : ''}`, t.seen ?? '(could not look)', t.transition ?? `refuse: ${t.refused}`,
    ]))
  }
  if (p.steps.length) out.table(['step', 'weight', 'pause'], p.steps.map((s) => [s.index, `${s.weight}%${s.partition !== undefined ? ` (partition ${s.partition})` : s.nodes !== undefined ? ` (nodes ${s.nodes})` : ''}`, s.pause]))
  if (p.metrics.length) {
    const rated = p.rate !== undefined
    out.table(['metric', 'judged by', ...(rated ? [`power by the last pause at ${p.rate} req/s`, 'healthy canary proven safe after'] : []), 'promotes within the pauses from'], p.metrics.map((m) => [
      m.metric, m.judged,
      ...(rated ? [m.power === undefined ? 'n/a' : m.power.toFixed(2), m.safeAfterSeconds === undefined ? 'n/a' : m.safeAfterSeconds === null ? 'not within the pauses' : `${m.safeAfterSeconds}s`] : []),
      m.minRate === undefined ? 'n/a' : m.minRate === null ? 'no rate' : `${m.minRate} req/s`,
    ]))
  }
  if (p.synthetic) out.para(`Synthetic evidence (analysis.synthetic): ${p.rate ? `at ${p.rate} requests/s` : 'with no real traffic'}, a healthy release would get about ${p.synthetic.perVersion} synthetic requests per version from its steps and be ${p.synthetic.decision === 'promote' ? `promoted after ${p.synthetic.seconds}s` : p.synthetic.decision === 'hold' ? `held after ${p.synthetic.seconds}s: raise analysis.synthetic.rate or max, or lengthen the pauses` : `aborted after ${p.synthetic.seconds}s`}.`)
  if (p.promotesWithinPauses !== undefined) out.para(`At ${p.rate} requests/s a healthy release ${p.promotesWithinPauses ? 'would be promoted within its pauses' : 'would hold past its pauses: send more traffic, lengthen the pauses or raise minEffect'}.`)
  if (p.verify) out.para(md`Verify window after it goes live: ${p.verify}.`)
  return out.toString()
}
