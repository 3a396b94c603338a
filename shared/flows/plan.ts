import { loadWorkspaceConfig } from '../config/load.js'
import { resolveEnvironment } from '../config/resolve.js'
import { parseDuration, formatDuration } from '../time/duration.js'
import { StateStore } from '../state/store.js'
import { decide } from '../machine/transitions.js'
import { chooseVersion } from './version.js'
import { stateDirOf } from '../state/paths.js'
import { metricRules, materialOf, type MetricRule } from '../analysis/analyse.js'
import { powerOf, rateBounds, mixtureWeights, emptySequential, TARGET_POWER } from '../analysis/sequential.js'
import type { EventContext } from '../runtime/context.js'

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

export interface DeployPlan {
  environment: string
  because: string
  version: string
  provider: string
  strategy: string
  stable: string | null
  canary: string | null
  transition?: { name: string; says: string }
  refused?: string
  steps: Array<{ index: number; weight: number; pause: string }>
  metrics: MetricPlan[]
  rate?: number
  promotesWithinPauses?: boolean
  verify?: string
}

export function planDeploy(ctx: EventContext, settings: PlanSettings): DeployPlan | { none: string } {
  const config = loadWorkspaceConfig(ctx.workspace, settings.config)
  const version = chooseVersion(settings.version, settings.image, ctx)
  const resolution = resolveEnvironment(config, ctx, settings.environment, version)
  if (resolution.kind === 'none') return { none: resolution.reason }
  const env = resolution.environment
  const state = new StateStore(stateDirOf(ctx.workspace, env.config, config.defaults), env.name).read()
  const decision = decide(state, { kind: 'deploy', version, strategy: env.strategy })
  const steps = env.strategy === 'canary' ? env.config.canary?.steps ?? [] : []
  const schedule = steps.filter((s) => s.weight < 100).map((s) => ({ weight: s.weight, pauseMs: parseDuration(s.pause ?? 0, 'pause') }))
  const rules = env.strategy === 'canary' ? metricRules(env.config.canary?.analysis).filter((r) => !r.dryRun) : []
  const metrics = rules.map((r) => metricPlan(r, schedule, settings))
  const judged = metrics.filter((m) => m.power !== undefined)
  return {
    environment: env.name,
    because: env.reason,
    version,
    provider: env.provider,
    strategy: env.strategy,
    stable: state.stable?.version ?? null,
    canary: state.canary?.version ?? null,
    ...(decision.kind === 'transition' ? { transition: { name: decision.transition.name, says: decision.transition.says } } : { refused: decision.error.message }),
    steps: steps.map((s, index) => ({ index, weight: s.weight, pause: s.pause === undefined ? '0s' : formatDuration(parseDuration(s.pause, 'pause')) })),
    metrics,
    rate: settings.rate,
    promotesWithinPauses: settings.rate !== undefined && judged.length ? judged.every((m) => (m.power ?? 0) >= TARGET_POWER || (m.safeAfterSeconds ?? Number.POSITIVE_INFINITY) <= totalSeconds(schedule)) : undefined,
    verify: env.config.verify ? `${env.config.verify.window}, ${env.config.verify.metrics.length} metric(s) against the previous version` : undefined,
  }
}

const totalSeconds = (schedule: Array<{ pauseMs: number }>) => schedule.reduce((s, x) => s + x.pauseMs, 0) / 1000

/** A healthy canary's expected evidence at `rate`, and the least rate that promotes it within the pauses. */
function metricPlan(rule: MetricRule, schedule: Array<{ weight: number; pauseMs: number }>, settings: PlanSettings): MetricPlan {
  if (!(rule.compare === 'stable' && rule.test === 'sequential') || rule.kind === 'value') {
    return { metric: rule.name, judged: rule.compare ? `${rule.test} comparison with ${rule.compare}` : `fixed limits${rule.max !== undefined ? ` (max ${rule.max}${rule.unit})` : ''}${rule.min !== undefined ? ` (min ${rule.min}${rule.unit})` : ''}` }
  }
  const latency = rule.kind === 'latency'
  const rho0 = latency ? 1 : 1 + rule.allowance
  const rb = latency ? 1 - (rule.quantile ?? 0.95) : settings.errorRate ?? 0
  const alt = materialOf(rule, emptySequential(), rho0, rb)
  // A healthy canary: errors at stable's rate; for latency, a quarter of stable's share over its own quantile is over the canary's (higher) threshold.
  const healthy = latency ? rb / 4 : rb
  const weights = mixtureWeights(rule.detectRatio)
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
    return e.power >= TARGET_POWER || e.safeAfter !== null
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
  let md = `### Plan: ${p.version} to ${p.environment}\n\n${p.because}. Provider ${p.provider}, strategy ${p.strategy}. Now: stable ${p.stable ?? 'none'}${p.canary ? `, canary ${p.canary}` : ''}.\n\n`
  md += p.transition ? `Transition **${p.transition.name}**: ${p.transition.says}.\n` : `Refused: ${p.refused}\n`
  if (p.steps.length) md += `\n| step | weight | pause |\n|---|---|---|\n${p.steps.map((s) => `| ${s.index} | ${s.weight}% | ${s.pause} |`).join('\n')}\n`
  if (p.metrics.length) {
    md += `\n| metric | judged by | ${p.rate !== undefined ? `power by the last pause at ${p.rate} req/s | healthy canary proven safe after | ` : ''}promotes within the pauses from |\n|---|---|${p.rate !== undefined ? '---|---|' : ''}---|\n`
    for (const m of p.metrics) {
      const rate = p.rate !== undefined ? `${m.power === undefined ? 'n/a' : m.power.toFixed(2)} | ${m.safeAfterSeconds === undefined ? 'n/a' : m.safeAfterSeconds === null ? 'not within the pauses' : `${m.safeAfterSeconds}s`} | ` : ''
      md += `| ${m.metric} | ${m.judged} | ${rate}${m.minRate === undefined ? 'n/a' : m.minRate === null ? 'no rate' : `${m.minRate} req/s`} |\n`
    }
  }
  if (p.promotesWithinPauses !== undefined) md += `\nAt ${p.rate} requests/s a healthy release ${p.promotesWithinPauses ? 'would be promoted within its pauses' : 'would hold past its pauses: send more traffic, lengthen the pauses or raise minEffect'}.\n`
  if (p.verify) md += `\nVerify window after it goes live: ${p.verify}.\n`
  return md
}
