import { GlidepathError } from '../errors/index.js'
import { parseDuration, sleep, formatDuration } from '../time/duration.js'
import { finish, type DeploymentRecord, type StepRecord } from '../state/record.js'
import { analyse, closeStep, metricRules, type AnalysisResult, type MetricCounters, type MetricResult } from '../analysis/analyse.js'
import { createMetricSource } from '../metrics/index.js'
import { openTarget, lockTarget, reportNoEnvironment, tellGitHub, type CommonSettings, type Target } from './target.js'
import type { Runtime } from '../runtime/runtime.js'
import type { CanaryState } from '../state/store.js'

export type StepRequest = 'next' | 'all' | 'promote' | 'abort' | number
export type CanaryDecision = 'continue' | 'promote' | 'hold' | 'abort' | 'complete'

export interface CanaryStepSettings extends CommonSettings {
  step: StepRequest
  reason?: string
  timeout?: string
  /** Overrides every step's pause (e.g. 0s to step without waiting). */
  pause?: string
}

export interface CanaryOutcome {
  skipped: boolean
  decision: CanaryDecision
  weight: number
  step: number | null
  reason: string
  analysis: Array<{ step: number; results: MetricResult[] }>
  record?: DeploymentRecord
}

const DEFAULT_INTERVAL = '1m'

export function parseStepRequest(raw: string): StepRequest {
  const v = raw.trim() || 'next'
  if (v === 'next' || v === 'all' || v === 'promote' || v === 'abort') return v
  if (/^[0-9]+$/.test(v)) return Number(v)
  throw new GlidepathError('GP-CANARY-002', `step "${v}" is not a canary step.`, { fix: 'Use next, all, promote, abort or a step index (0, 1, ...).' })
}

/**
 * canary-step: advances the environment's canary (SPEC section 5). Step state is written before traffic
 * changes; a re-run of the same job step resumes its step instead of advancing again.
 */
export async function canaryStep(runtime: Runtime, settings: CanaryStepSettings): Promise<CanaryOutcome> {
  const targeting = openTarget(runtime, settings)
  if (targeting.kind === 'none') {
    reportNoEnvironment(runtime, targeting.reason, ['decision', 'weight', 'step', 'analysis', 'reason'])
    return { skipped: true, decision: 'complete', weight: 0, step: null, reason: targeting.reason, analysis: [] }
  }
  const target = targeting.target
  const lock = await lockTarget(runtime, target, 'canary-step', settings.lockTimeout)
  try {
    return await advance(runtime, target, settings)
  } finally {
    await lock.release()
  }
}

async function advance(runtime: Runtime, target: Target, settings: CanaryStepSettings): Promise<CanaryOutcome> {
  const { store, provider, environment } = target
  const timeoutMs = settings.timeout ? parseDuration(settings.timeout, 'timeout') : environment.timeoutMs
  const steps = environment.config.canary?.steps ?? []
  const state = store.read()
  const canary = state.canary
  const analysisLog: CanaryOutcome['analysis'] = []
  const recordOf = (c: CanaryState) => state.records.find((r) => r.id === c.recordId) as DeploymentRecord

  if (settings.step === 'abort') {
    if (!canary) {
      runtime.notice(`No canary in progress on ${environment.name}; nothing to abort (traffic is on ${state.stable?.version ?? 'nothing'}).`)
      return { skipped: false, decision: 'abort', weight: 0, step: null, reason: 'no canary in progress', analysis: [] }
    }
    const record = await abortCanary(runtime, target, canary, recordOf(canary), settings.reason || 'aborted by request', timeoutMs)
    return { skipped: false, decision: 'abort', weight: 0, step: canary.step, reason: record.reason ?? '', analysis: [], record }
  }
  if (!canary) {
    const latest = store.latest()
    if (latest?.strategy === 'canary' && latest.status === 'success') {
      runtime.notice(`Canary ${latest.version} on ${environment.name} is already complete.`)
      return { skipped: false, decision: 'complete', weight: 100, step: latest.step, reason: 'canary already promoted', analysis: [], record: latest }
    }
    throw new GlidepathError('GP-CANARY-001', `No canary in progress on ${environment.name}.`, {
      fix: 'Deploy with strategy canary first (deploy action, strategy: canary).',
    })
  }
  if (settings.step === 'promote') {
    const record = await promoteCanary(runtime, target, canary, recordOf(canary), settings.reason || 'promoted by request', timeoutMs)
    return { skipped: false, decision: 'promote', weight: 100, step: canary.step, reason: record.reason ?? '', analysis: [], record }
  }

  const stepKey = runtime.context.runId && runtime.context.stepId ? `${runtime.context.runId}/${runtime.context.job}/${runtime.context.stepId}` : undefined
  let current: CanaryState = canary
  let record = recordOf(canary)
  const outcome = (decision: CanaryDecision, reason: string): CanaryOutcome =>
    ({ skipped: false, decision, weight: decision === 'promote' ? 100 : decision === 'abort' ? 0 : current.weight, step: current.step, reason, analysis: analysisLog, record })

  // Enters step `index`: the step is written first, then traffic moves, then it is marked applied.
  const enter = async (index: number, why: string): Promise<CanaryOutcome | undefined> => {
    const weight = steps[index].weight
    if (weight >= 100) {
      current = { ...current, step: index }
      record = await promoteCanary(runtime, target, current, record, why, timeoutMs)
      return outcome('promote', record.reason ?? why)
    }
    current = { ...current, step: index, weight, applied: false, advancedBy: stepKey ? { ...current.advancedBy, [stepKey]: index } : current.advancedBy }
    record = { ...record, step: index, weights: { stable: 100 - weight, canary: weight }, steps: [...record.steps.filter((s) => s.step !== index), { step: index, weight, at: new Date().toISOString() }] }
    store.saveRecord(record, { canary: current })
    await provider.setCanaryWeight(current.version, weight, timeoutMs)
    current = { ...current, applied: true }
    store.saveRecord(record, { canary: current })
    runtime.info(`Step ${index}: canary ${current.version} takes ${weight}% of traffic.`)
    const github = target.github
    if (github && record.deploymentId) await tellGitHub(runtime, 'canary step', () => github.progress(record.deploymentId as string, `Canary ${current.version} at ${weight}% (step ${index})`))
    return undefined
  }

  if (current.applied === false) {
    // A run died between writing the step and moving traffic: finish entering that step, never skip it.
    runtime.info(`Step ${current.step} was written but its traffic change may not have happened; applying it now.`)
    return (await enter(current.step, `resumed step ${current.step}`)) ?? outcome('continue', `resumed step ${current.step}`)
  }
  if (typeof settings.step === 'number') {
    if (settings.step < 0 || settings.step >= steps.length) {
      throw new GlidepathError('GP-CANARY-002', `Step ${settings.step} does not exist; the plan has steps 0 to ${steps.length - 1}.`, { fix: 'Pass a step index within the plan, or next.' })
    }
    return (await enter(settings.step, `moved to step ${settings.step} by request`)) ?? outcome('continue', `moved to step ${settings.step} by request`)
  }
  if (stepKey && current.advancedBy?.[stepKey] !== undefined) {
    runtime.info(`This job step already advanced the canary to step ${current.advancedBy[stepKey]} (a re-run); it does not advance again.`)
    await provider.setCanaryWeight(current.version, current.weight, timeoutMs)
    return outcome('continue', `re-run: already advanced to step ${current.advancedBy[stepKey]}`)
  }

  // next / all: judge the current step over its pause, then move to the next weight.
  for (;;) {
    const index = current.step
    const pauseMs = parseDuration(settings.pause ?? steps[index].pause ?? 0, 'pause')
    const verdict = await holdAndAnalyse(runtime, target, current, pauseMs)
    analysisLog.push({ step: index, results: verdict.results })
    record = { ...record, steps: record.steps.map((s) => (s.step === index ? { ...s, decision: verdict.decision, reason: verdict.reason, analysis: verdict.results } : s)) }
    store.saveRecord(record, { canary: current })
    if (verdict.decision === 'abort') {
      record = await abortCanary(runtime, target, current, record, `analysis failed at step ${index} (${current.weight}%): ${verdict.reason}`, timeoutMs)
      return outcome('abort', record.reason ?? '')
    }
    if (verdict.decision === 'hold') {
      runtime.warning(`Canary ${current.version} holds at step ${index} (${current.weight}%): ${verdict.reason}`)
      return outcome('hold', verdict.reason)
    }
    const next = Math.min(index + 1, steps.length - 1)
    const entered = next === index ? await promoteAt(index) : await enter(next, `step ${index} passed: ${verdict.reason}`)
    if (entered) return entered
    if (settings.step !== 'all') return outcome('continue', `step ${index} passed: ${verdict.reason}`)
  }

  async function promoteAt(index: number): Promise<CanaryOutcome> {
    record = await promoteCanary(runtime, target, current, record, `passed the last step (${index})`, timeoutMs)
    return outcome('promote', record.reason ?? '')
  }
}

interface StepVerdict {
  decision: 'continue' | 'abort' | 'hold'
  reason: string
  results: MetricResult[]
}

/** Holds the step for its pause, measuring every interval; aborts as soon as a limit is crossed. */
async function holdAndAnalyse(runtime: Runtime, target: Target, canary: CanaryState, pauseMs: number): Promise<StepVerdict> {
  const analysis = target.environment.config.canary?.analysis
  const rules = metricRules(analysis)
  if (rules.length === 0) {
    if (pauseMs > 0) {
      runtime.info(`Holding ${formatDuration(pauseMs)} (no analysis metrics configured).`)
      await sleep(pauseMs)
    }
    return { decision: 'continue', reason: 'no analysis configured', results: [] }
  }
  const intervalMs = parseDuration(analysis?.interval ?? DEFAULT_INTERVAL, 'analysis.interval')
  const metrics = analysis?.metrics ?? []
  // One source per kind and address, so that probe metrics share one sample per interval.
  const byKey = new Map<string, ReturnType<typeof createMetricSource>>()
  const sources = metrics.map((m) => {
    const key = `${m.source} ${m.url ?? ''}`
    if (!byKey.has(key)) byKey.set(key, createMetricSource(m, target.provider, analysis, target.environment.key))
    return byKey.get(key) as ReturnType<typeof createMetricSource>
  })
  const stable = target.store.read().stable?.version ?? null
  let counters: Record<string, MetricCounters> = {}
  let last: AnalysisResult | undefined
  const deadline = Date.now() + Math.max(pauseMs, intervalMs)
  runtime.info(`Analysing every ${formatDuration(intervalMs)} for ${formatDuration(Math.max(pauseMs, intervalMs))} (counters start at zero for this step).`)
  while (Date.now() < deadline) {
    await sleep(Math.min(intervalMs, Math.max(0, deadline - Date.now())))
    const measurements = await Promise.all(metrics.map((m, i) => sources[i].measure(m, { canaryVersion: canary.version, stableVersion: stable, environment: target.environment.name, intervalMs })))
    last = analyse(rules, measurements, counters)
    counters = last.counters
    runtime.info(`  ${last.results.map((r) => `${r.metric}: ${r.verdict} (${r.detail})${r.dryRun ? ' [dry run]' : ''}`).join('; ')}`)
    if (last.decision === 'abort') return { decision: 'abort', reason: last.reason, results: last.results }
    if (last.decision === 'hold') return { decision: 'hold', reason: last.reason, results: last.results }
  }
  const closed = closeStep(rules, counters)
  return { decision: closed.decision, reason: closed.reason, results: last?.results ?? [] }
}

export async function abortCanary(runtime: Runtime, target: Target, canary: CanaryState, record: DeploymentRecord, reason: string, timeoutMs: number): Promise<DeploymentRecord> {
  const { store, provider, environment } = target
  // Traffic first: the canary gets weight 0 before anything is written about why.
  await provider.abort(canary.version, timeoutMs)
  const stable = store.read().stable?.version ?? null
  const automatic = environment.config.rollback?.automatic === true
  const done = finish({ ...record, weights: { stable: 100, canary: 0 }, rollback: automatic ? { from: canary.version, to: stable ?? '', reason } : record.rollback }, 'aborted', reason)
  store.saveRecord(done, { canary: null })
  runtime.info(`Canary ${canary.version} aborted on ${environment.name}: ${reason}. Traffic is back on ${stable ?? 'nothing'}.`)
  const github = target.github
  if (github && done.deploymentId) await tellGitHub(runtime, 'abort', () => github.fail(done.deploymentId as string, `Canary ${canary.version} aborted: ${reason}`))
  return done
}

async function promoteCanary(runtime: Runtime, target: Target, canary: CanaryState, record: DeploymentRecord, reason: string, timeoutMs: number): Promise<DeploymentRecord> {
  const { store, provider, environment } = target
  store.saveRecord(record, { canary: { ...canary, weight: 100, applied: false } })
  await provider.promote(canary.version, timeoutMs)
  const steps = environment.config.canary?.steps ?? []
  const final: StepRecord = { step: steps.length - 1, weight: 100, at: new Date().toISOString(), decision: 'promote', reason }
  const done = finish({ ...record, phase: 'stable', step: steps.length - 1, weights: { stable: 100, canary: 0 }, steps: [...record.steps.filter((s) => s.step !== final.step), final] }, 'success', reason)
  store.saveRecord(done, { canary: null, stable: { version: canary.version, recordId: done.id } })
  const github = target.github
  if (github && done.deploymentId) await tellGitHub(runtime, 'promote', () => github.succeed(done.deploymentId as string, environment, `Canary ${canary.version} promoted to 100%`))
  runtime.info(`Canary ${canary.version} promoted: it is now the stable version of ${environment.name} (${reason}).`)
  return done
}
