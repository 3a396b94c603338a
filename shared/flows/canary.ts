import { GlidepathError } from '../errors/index.js'
import { sleep, formatDuration } from '../time/duration.js'
import type { DeploymentRecord, IntervalPoint, MetricUnit } from '../state/record.js'
import { priorsFor, describePriors } from '../analysis/priors.js'
import { analyse, observedShare, closeStep, metricRules, emptyJudgement, provenSafe, type AnalysisResult, type MetricCounters, type MetricResult, type Judgement, type Measurement, type MetricRule } from '../analysis/analyse.js'
import { cohortsOf } from '../traffic/cohorts.js'
import { warmupStep } from '../analysis/warmup.js'
import { createMetricSource } from '../metrics/index.js'
import { SyntheticEvidence } from '../metrics/synthetic.js'
import { syntheticPlan, topUp, canaryShortfall } from '../analysis/synthetic.js'
import type { SyntheticConfig } from '../config/types.js'
import { canarySteps, lockTarget, type Afterwards, type CommonSettings, type Target } from './target.js'
import { decide, type StepRequest, type TransitionName } from '../machine/transitions.js'
import { nextStep, type StepRun } from '../machine/step.js'
import { phaseOf } from '../machine/phase.js'
import { abortCanary, promoteCanary, type Exec } from './effects.js'
import { verifyConfig, measurePrevious, watch, concludeVerify } from './verify.js'
import type { WavesProgress } from '../state/waves.js'
import type { EnvironmentDurations } from '../config/durations.js'
import type { Runtime } from '../runtime/runtime.js'
import { tellGitHub } from '../github/integration.js'
import type { CanaryState } from '../state/store.js'

export type { StepRequest }
export type CanaryDecision = 'continue' | 'promote' | 'hold' | 'wait' | 'abort' | 'complete'

export interface CanaryStepSettings extends CommonSettings {
  step: StepRequest
  reason?: string
  /** The timeout input, in milliseconds (else the environment's). */
  timeoutMs?: number
  /** The pause input, in milliseconds: overrides every step's pause (e.g. 0s to step without waiting). */
  pauseMs?: number
  /** false skips the verify window after a promotion. */
  verify?: boolean
  /** Step forward outside the environment's windows anyway, for this reason (where windows.override allows it). */
  overrideWindow?: string
}

export interface CanaryOutcome {
  skipped: boolean
  /** What serves once it was done, as seen, and what the record names (one target; not for waves). */
  after?: Afterwards
  decision: CanaryDecision
  weight: number
  step: number | null
  reason: string
  analysis: Array<{ step: number; results: MetricResult[] }>
  record?: DeploymentRecord
  transition?: TransitionName
  /** Why the step fails the job (an abort decided by analysis, a hold past its budget, an earlier abort). */
  failure?: GlidepathError
  /** Environments with targets: the rollout's position and every target's outcome. */
  waves?: WavesProgress
}

/** canary-step on one target (an environment, or one target of an environment's waves). */
export async function stepTarget(runtime: Runtime, target: Target, settings: CanaryStepSettings): Promise<CanaryOutcome> {
  const timeoutMs = settings.timeoutMs ?? target.environment.timeoutMs
  const lock = await lockTarget(runtime, target, 'canary-step', settings.lockTimeoutMs, timeoutMs)
  try {
    return await advance({ runtime, target, timeoutMs }, settings)
  } finally {
    await lock.release()
  }
}

async function advance(x: Exec, settings: CanaryStepSettings): Promise<CanaryOutcome> {
  const { runtime, target, timeoutMs } = x
  const { store, provider, environment } = target
  const steps = await canarySteps(target)
  const state = store.read()
  const analysisLog: CanaryOutcome['analysis'] = []
  if (typeof settings.step === 'number' && (settings.step < 0 || settings.step >= steps.length)) {
    throw new GlidepathError('GP-CANARY-002', `Step ${settings.step} does not exist; the plan has steps 0 to ${steps.length - 1}.`, { fix: 'Pass a step index within the plan, or next.' })
  }
  const decision = decide(state, { kind: 'canary-step', step: settings.step })
  if (decision.kind === 'refuse') throw decision.error
  const t = decision.transition
  runtime.info(`Transition ${t.name}: ${t.says}.`)
  const stableRecord = state.records.find((r) => r.id === state.stable?.recordId)
  switch (t.name) {
    case 'nothing-to-abort':
      runtime.notice(`No canary in progress on ${environment.name}; nothing to abort (traffic is on ${state.stable?.version ?? 'nothing'}).`)
      return { skipped: false, decision: 'abort', weight: 0, step: null, reason: 'no canary in progress', analysis: [], transition: t.name }
    case 'complete': {
      const why = stableRecord?.initial
        ? `no canary: ${stableRecord.version} was the first deploy of ${environment.name} and went straight to 100%`
        : `no canary in progress; ${state.stable?.version} is stable${stableRecord?.strategy === 'canary' && stableRecord.kind === 'deploy' ? ' (canary already promoted)' : ''}`
      runtime.notice(`${why}.`)
      return { skipped: false, decision: 'complete', weight: 100, step: stableRecord?.step ?? null, reason: why, analysis: [], record: stableRecord, transition: t.name }
    }
    case 'report-abort': {
      const failed = phaseOf(state).failed as DeploymentRecord
      const why = `no canary in progress: ${failed.version} ended ${failed.status}${failed.reason ? ` (${failed.reason})` : ''}`
      return { skipped: false, decision: 'abort', weight: 0, step: failed.step, reason: why, analysis: [], record: failed, transition: t.name,
        failure: new GlidepathError('GP-CANARY-003', `Canary ${failed.version} was not promoted: ${failed.status}${failed.reason ? `: ${failed.reason}` : ''}.`, { fix: 'See the record\'s reason; deploy a fixed version.' }) }
    }
  }
  const canary = state.canary as CanaryState
  const recordOf = (c: CanaryState) => state.records.find((r) => r.id === c.recordId) as DeploymentRecord
  if (t.name === 'abort') {
    const record = await abortCanary(x, canary, settings.reason || 'aborted by request')
    return { skipped: false, decision: 'abort', weight: 0, step: canary.step, reason: record?.reason ?? '', analysis: [], record, transition: t.name }
  }
  // Promotion, then the environment's verify window when it has one.
  const promote = async (c: CanaryState, r: DeploymentRecord, why: string): Promise<DeploymentRecord> => {
    const verify = verifyConfig(x, settings.verify === false)
    const previous = store.read().stable
    const baseline = verify ? await measurePrevious(x, verify, previous?.version ?? null) : undefined
    const promoted = await promoteCanary(x, c, r, why, Boolean(verify))
    return verify ? concludeVerify(x, promoted, previous, await watch(x, verify, c.version, baseline)) : promoted
  }
  if (t.name === 'promote') {
    const record = await promote(canary, recordOf(canary), settings.reason || 'promoted by request')
    return { skipped: false, decision: 'promote', weight: 100, step: canary.step, reason: record.reason ?? '', analysis: [], record, transition: t.name }
  }

  const stepKey = runtime.context.runId && runtime.context.stepId ? `${runtime.context.runId}/${runtime.context.job}/${runtime.context.stepId}` : undefined
  let current: CanaryState = canary
  let record = recordOf(canary)
  const outcome = (decision: CanaryDecision, reason: string, failure?: GlidepathError): CanaryOutcome =>
    ({ skipped: false, decision, weight: decision === 'promote' ? 100 : decision === 'abort' ? 0 : current.weight, step: current.step, reason, analysis: analysisLog, record, transition: t.name, failure })

  // Enters step `index`: the step is written first, then traffic moves, then it is marked applied.
  const enter = async (index: number, weight: number): Promise<void> => {
    current = { ...current, step: index, weight, applied: false, holding: undefined, advancedBy: stepKey ? { ...current.advancedBy, [stepKey]: index } : current.advancedBy }
    record = { ...record, step: index, weights: { stable: 100 - weight, canary: weight }, steps: [...record.steps.filter((s) => s.step !== index), { step: index, weight, at: new Date().toISOString(), ...(runtime.context.actor ? { by: runtime.context.actor } : {}) }] }
    store.saveRecord(record, { canary: current })
    await provider.setCanaryWeight(current.version, weight, timeoutMs)
    current = { ...current, applied: true }
    store.saveRecord(record, { canary: current })
    runtime.info(`Step ${index}: canary ${current.version} takes ${weight}% of traffic.`)
    const github = target.github
    if (github && record.deploymentId) await tellGitHub(runtime, 'canary step', () => github.progress(record.deploymentId as string, `Canary ${current.version} at ${weight}% (step ${index})`))
  }
  const abortWith = async (reason: string, failure: GlidepathError): Promise<CanaryOutcome> => {
    const aborted = await abortCanary(x, current, reason)
    if (aborted) record = aborted
    return outcome('abort', reason, failure)
  }

  // What to do next is decided apart from doing it (machine/step.ts); this loop carries each action out.
  const holdPolicy = holdPolicyOf(environment.config.canary, environment.durations.canary)
  const request = settings.step as StepRun
  // What the judge still lacks and the canary's real traffic, carried from step to step (analysis.synthetic).
  const evidence: SyntheticCarry = { realCanary: 0 }
  // The verdict on the step judged last; `judged` while the decider has not seen it yet.
  let verdict: StepVerdict = { decision: 'continue', reason: '', results: [] }
  let judged = false
  let pauseMs = 0
  for (let underway = false; ; underway = true) {
    const action = nextStep({ canary: current, steps, request, stepKey, policy: holdPolicy, now: Date.now(), underway, verdict: judged ? verdict : undefined })
    judged = false
    switch (action.kind) {
      case 'judge': {
        const index = action.step
        const timing = target.environment.durations.canary.steps[index]
        pauseMs = settings.pauseMs ?? timing.pause
        judged = true
        verdict = await holdAndAnalyse(runtime, target, current, pauseMs, holdPolicy, action.final, record.steps.find((s) => s.step === 0)?.at ?? record.startedAt, evidence, timing.interval)
        const v = verdict
        if (v.judgement) current = { ...current, judgement: v.judgement }
        if (v.warmedUp) current = { ...current, warmedUp: true }
        analysisLog.push({ step: index, results: v.results })
        record = { ...record, steps: record.steps.map((s) => (s.step === index ? { ...s, decision: v.decision, reason: v.reason, analysis: v.results, ...(v.intervals?.length ? { intervals: [...(s.intervals ?? []), ...v.intervals].slice(-MAX_INTERVALS), units: v.units } : {}), ...(v.synthetic ? { synthetic: addSynthetic(s.synthetic, v.synthetic) } : {}) } : s)) }
        if (v.synthetic) runtime.info(`  Step ${index} sent ${v.synthetic.canary + v.synthetic.stable} synthetic requests (${v.synthetic.canary} to the canary, ${v.synthetic.stable} to stable${v.synthetic.unanswered ? `; ${v.synthetic.unanswered} unanswered` : ''}).`)
        store.saveRecord(record, { canary: current })
        if (v.decision === 'continue' && current.holding) {
          current = { ...current, holding: undefined }
          store.saveRecord(record, { canary: current })
        }
        continue
      }
      case 'enter':
        if (current.applied === false) runtime.info(`Step ${action.step} was written but its traffic change may not have happened; applying it now.`)
        await enter(action.step, action.weight)
        if (action.then === 'stop') return outcome('continue', action.why)
        continue
      case 'promote':
        current = { ...current, step: action.step }
        record = await promote(current, record, action.why)
        return outcome('promote', record.reason ?? action.why)
      case 'reassert':
        runtime.info(`This job step already advanced the canary to step ${action.advancedTo} (a re-run); it does not advance again.`)
        await provider.setCanaryWeight(current.version, current.weight, timeoutMs)
        return outcome('continue', `re-run: already advanced to step ${action.advancedTo}`)
      case 'abort':
        return abortWith(`analysis failed at step ${action.step} (${current.weight}%): ${action.reason}`,
          new GlidepathError('GP-CANARY-003', `Canary ${current.version} aborted at step ${action.step}: ${action.reason}`, { fix: 'Look at the analysis in the summary; the stable version serves all traffic again.' }))
      case 'expire': {
        const reason = `waited at step ${action.step} (${current.weight}%) for a decision past ${action.until} (canary.maxWait ${formatDuration(holdPolicy.maxWaitMs)}): ${current.holding?.reason ?? 'not enough evidence'}`
        return abortWith(reason, new GlidepathError('GP-CANARY-004', `Canary ${current.version} ${reason}.`, { fix: `Nobody promoted or aborted it in time. ${HOLD_FIXES}; or decide sooner (canary-step step: promote).` }))
      }
      case 'wait': {
        const why = verdict.reason
        current = { ...current, holding: { since: action.since, reason: why, until: action.until } }
        record = { ...record, steps: record.steps.map((s) => (s.step === action.step ? { ...s, decision: 'wait' } : s)) }
        store.saveRecord(record, { canary: current })
        const how = `decide with canary-step step: promote or step: abort (or a /glidepath promote | abort comment), or run canary-step again to judge it on more evidence; past ${action.until} the next run aborts it (canary.maxWait)`
        runtime.notice(`Canary ${current.version} waits at step ${action.step} (${current.weight}%) for a person: ${why}. Traffic stays at ${current.weight}%; ${how}.`, { title: 'Glidepath: canary waiting for a decision' })
        return outcome('wait', `${why}; waiting for a decision until ${action.until}`)
      }
      case 'abort-hold': {
        const reason = `held at step ${action.step} (${current.weight}%) past its budget of ${formatDuration(holdPolicy.budget(pauseMs))} without enough evidence: ${verdict.reason} (onHold: abort)`
        return abortWith(reason, new GlidepathError('GP-CANARY-004', `Canary ${current.version} ${reason}.`, { fix: `${HOLD_FIXES}; or set canary.onHold: fail to keep the canary and fail the job instead.` }))
      }
      case 'hold': {
        const why = verdict.reason
        current = { ...current, holding: { since: new Date().toISOString(), reason: why } }
        store.saveRecord(record, { canary: current })
        runtime.warning(`Canary ${current.version} holds at step ${action.step} (${current.weight}%): ${why}`)
        return outcome('hold', why, new GlidepathError('GP-CANARY-004', `Canary ${current.version} holds at step ${action.step} with ${current.weight}% of traffic: ${why} (onHold: fail). Traffic stays split.`, { fix: `Run canary-step again once there is traffic (${HOLD_FIXES}), or abort it (canary-step step: abort, or rollback).` }))
      }
    }
  }
}

/** What a user can change when the evidence to promote is short (issue 22: holds say what to do). */
const HOLD_FIXES = 'send the canary more traffic (a larger weight, or a probe source that makes its own requests), lengthen the last step\'s pause or canary.holdTimeout, or raise the metric\'s minEffect (the smallest regression worth catching)'

export interface HoldPolicy {
  onHold: 'abort' | 'fail' | 'wait'
  /** How long a step may go on past its pause gathering evidence before onHold decides. */
  budget(pauseMs: number): number
  /** onHold wait: how long a canary waits for a person before the next run aborts it. */
  maxWaitMs: number
}

function holdPolicyOf(canary: { onHold?: 'abort' | 'fail' | 'wait' } | undefined, durations: EnvironmentDurations['canary']): HoldPolicy {
  return { onHold: canary?.onHold ?? 'abort', budget: (pauseMs) => durations.holdTimeout ?? pauseMs, maxWaitMs: durations.maxWait }
}

interface StepVerdict {
  decision: 'continue' | 'abort' | 'hold'
  reason: string
  results: MetricResult[]
  /** What the judgements against the stable version gathered (carried to the next step). */
  judgement?: Judgement
  /** The step interval by interval, for the report's charts. */
  intervals?: IntervalPoint[]
  units?: Record<string, MetricUnit>
  /** The canary's warm-up ended in this step (analysis.warmup): later steps and runs judge its latency from the start. */
  warmedUp?: boolean
  /** Requests the step sent itself (analysis.synthetic), per version. */
  synthetic?: { canary: number; stable: number; unanswered: number }
}

const addSynthetic = (a: StepVerdict['synthetic'], b: NonNullable<StepVerdict['synthetic']>) => ({ canary: (a?.canary ?? 0) + b.canary, stable: (a?.stable ?? 0) + b.stable, unanswered: (a?.unanswered ?? 0) + b.unanswered })

/** The step's synthetic evidence, where the provider names the canary's and stable's pinned endpoints; otherwise said once and left out. */
async function syntheticFor(runtime: Runtime, target: Target, cfg: SyntheticConfig): Promise<SyntheticEvidence | undefined> {
  const [canary, stable] = await Promise.all([target.provider.canaryEndpoint?.(), target.provider.stableEndpoint?.()])
  if (!canary || !stable) {
    runtime.warning(`analysis.synthetic: the ${target.provider.name} provider names no address where the canary and the stable version each answer, so no synthetic evidence is sent; the step judges real traffic alone.`)
    return undefined
  }
  const plan = syntheticPlan(cfg)
  runtime.info(`Synthetic evidence on: each version topped up to ${plan.rate} requests/s while real traffic is short (at most ${plan.max} this step), through ${new URL(canary.url).origin}.`)
  return new SyntheticEvidence(plan, { canary, stable })
}

/** Points kept per step for the charts: a long hold keeps every k-th interval and the last. */
const MAX_INTERVALS = 40

function thin(points: IntervalPoint[]): IntervalPoint[] {
  if (points.length <= MAX_INTERVALS) return points
  const k = Math.ceil(points.length / (MAX_INTERVALS - 1))
  return [...points.filter((_, i) => i % k === 0 && i !== points.length - 1), points[points.length - 1]]
}

/** One interval's values per metric: the canary's, the stable's (compare), and the bound the canary was held to. */
function intervalPoint(s: number, rules: MetricRule[], measurements: Measurement[], results: MetricResult[]): IntervalPoint {
  const metrics: IntervalPoint['metrics'] = {}
  rules.forEach((rule, i) => {
    const m = measurements.find((x) => x.metric === rule.name)
    const ev = results[i]?.evidence
    const stable = m?.baseline?.value ?? null
    const bound = ev ? (ev.test === 'fixed' ? ev.bound : stable !== null && Number.isFinite(ev.bound) ? stable * ev.bound : null) : rule.max ?? null
    const round = (v: number | null) => (v === null || !Number.isFinite(v) ? null : +v.toPrecision(4))
    metrics[rule.name] = { canary: round(m && !m.error ? m.value : null), ...(rule.compare ? { stable: round(stable) } : {}), ...(bound !== null && Number.isFinite(bound) ? { bound: round(bound) } : {}) }
  })
  return { s, metrics }
}

/**
 * Holds the step for its pause, measuring every interval; aborts as soon as a limit is crossed. When the
 * pause ends without every metric having passed, it goes on measuring for the hold budget before
 * returning hold (too little traffic is never a silent pass).
 */
/** analysis.synthetic across the steps of one run: the judge's last shortfall, and the canary's real requests of the last interval. */
interface SyntheticCarry {
  need?: number
  realCanary: number
}

async function holdAndAnalyse(runtime: Runtime, target: Target, canary: CanaryState, pauseMs: number, policy: HoldPolicy, final: boolean, canaryStartedAt: string, carry: SyntheticCarry = { realCanary: 0 }, stepIntervalMs?: number): Promise<StepVerdict> {
  const analysis = target.environment.config.canary?.analysis
  const rules = metricRules(analysis)
  if (rules.length === 0) {
    if (pauseMs > 0) {
      runtime.info(`Holding ${formatDuration(pauseMs)} (no analysis metrics configured).`)
      await sleep(pauseMs)
    }
    return { decision: 'continue', reason: 'no analysis configured', results: [] }
  }
  const intervalMs = stepIntervalMs ?? target.environment.durations.analysis.interval
  const metrics = analysis?.metrics ?? []
  // One source per kind and address, so that probe metrics share one sample per interval.
  const byKey = new Map<string, ReturnType<typeof createMetricSource>>()
  const sources = metrics.map((m) => {
    const key = `${m.source} ${m.url ?? ''}`
    if (!byKey.has(key)) byKey.set(key, createMetricSource(m, target.provider, analysis, target.environment.key))
    return byKey.get(key) as ReturnType<typeof createMetricSource>
  })
  const stable = target.store.read().stable?.version ?? null
  const cohorts = cohortsOf(target.environment.config.canary)
  let counters: Record<string, MetricCounters> = {}
  // Sequential tests accumulate over the whole canary: alpha bounds a false abort across every step.
  // A canary's first judgement starts from what earlier canaries measured of the stable version (analysis.priors).
  let judgement: Judgement = canary.judgement ?? { ...emptyJudgement(), ...(analysis?.priors === false ? {} : priorsFor(target.store.read().profile, stable)) }
  if (!canary.judgement && judgement.priors) runtime.info(`Judging from what earlier canaries measured of ${stable} (analysis.priors): ${describePriors(judgement.priors)}.`)
  let last: AnalysisResult | undefined
  const stepMs = Math.max(pauseMs, intervalMs)
  const deadline = Date.now() + stepMs
  const holdUntil = deadline + policy.budget(pauseMs)
  runtime.info(`Analysing every ${formatDuration(intervalMs)} for ${formatDuration(stepMs)} (counters start at zero for this step).`)
  let extended = false
  const began = Date.now()
  const points: IntervalPoint[] = []
  const units = Object.fromEntries(rules.map((r) => [r.name, r.kind === 'counts' ? 'ratio' : r.kind === 'latency' ? 'ms' : 'value'])) as Record<string, MetricUnit>
  // The release's warm-up (analysis.warmup): latency measured, not judged, until it settles (analysis/warmup.ts).
  const warmupMs = target.environment.durations.analysis.warmup
  const latency = rules.filter((r) => r.kind === 'latency')
  let warm = warmupMs > 0 && !canary.warmedUp && latency.length > 0
  let warmedUp = false
  const endWarmup = (why: string, from = 'the next interval') => {
    warm = false
    warmedUp = true
    runtime.info(`  Warm-up of ${canary.version} over: ${why}; its latency is judged from ${from}.`)
  }
  // While warm, latency rules measure and report but decide nothing (as dry-run ones do).
  const deciding = () => (warm ? rules.map((r) => (r.kind === 'latency' ? { ...r, dryRun: true } : r)) : rules)
  // A step whose pass promotes needs every metric judged: latency still warm there holds (and is judged once warm-up ends).
  const closing = () => (final ? rules : deciding())
  // Evidence on demand (analysis.synthetic): the step's own requests top each version up while real traffic is short.
  const synthetic = analysis?.synthetic ? await syntheticFor(runtime, target, analysis.synthetic) : undefined
  const verdict = (v: Omit<StepVerdict, 'intervals' | 'units' | 'warmedUp' | 'synthetic'>): StepVerdict => ({ ...v, intervals: thin(points), units, ...(warmedUp ? { warmedUp } : {}), ...(synthetic?.total ? { synthetic: { ...synthetic.sent } } : {}) })
  for (;;) {
    const end = extended ? holdUntil : deadline
    if (Date.now() >= end) break
    const waitMs = Math.min(intervalMs, Math.max(0, end - Date.now()))
    const before = synthetic?.sent.canary ?? 0
    const perVersion = synthetic ? topUp(synthetic.plan, waitMs, { need: carry.need, intervalsLeft: Math.ceil((end - Date.now()) / intervalMs), realCanary: carry.realCanary, sent: synthetic.total }) : 0
    // Spread over most of the interval, so the last answers are in before it is measured.
    const sending = synthetic?.send(perVersion, waitMs * 0.8)
    await sleep(waitMs)
    await sending
    const measurements = await Promise.all(metrics.map((m, i) => sources[i].measure(m, { canaryVersion: canary.version, stableVersion: stable, environment: target.environment.name, target: target.environment.target, intervalMs, compareWith: m.compare === 'stable' && stable ? stable : undefined })))
    // The canary's real requests this interval (what it was sent by the step itself taken off), for the next top-up.
    if (synthetic) carry.realCanary = Math.max(0, Math.max(0, ...measurements.map((m) => m.requests ?? 0)) - (synthetic.sent.canary - before))
    const share = cohorts ? observedShare(measurements, canary.weight / 100) : canary.weight / 100
    if (warm && Date.now() - Date.parse(canaryStartedAt) >= warmupMs) endWarmup(`its longest, analysis.warmup (${formatDuration(warmupMs)}), passed`, 'this interval')
    const wasWarm = warm
    last = analyse(deciding(), measurements, counters, judgement, { canaryShare: share, intervalMs, final })
    if (wasWarm) {
      // Warm-up samples never enter a latency test or its counts: its alpha and limits see only the warm release.
      for (const r of latency) {
        if (judgement.sequential[r.name]) last.judgement.sequential[r.name] = judgement.sequential[r.name]
        else delete last.judgement.sequential[r.name]
        if (judgement.streaks[r.name] !== undefined) last.judgement.streaks[r.name] = judgement.streaks[r.name]
        else delete last.judgement.streaks[r.name]
        if (counters[r.name]) last.counters[r.name] = counters[r.name]
        else delete last.counters[r.name]
      }
      const names = new Set(latency.map((r) => r.name))
      last = { ...last, results: last.results.map((x) => (names.has(x.metric) ? { ...x, dryRun: true, detail: `warm-up, not judged: ${x.detail}` } : x)) }
      const m = measurements.find((x) => x.metric === latency[0].name)
      const step = warmupStep({ maxMs: warmupMs, sinceStartMs: Date.now() - Date.parse(canaryStartedAt), current: m && !m.error ? m.value : null, max: latency[0].max, baseline: m?.baseline?.value, allowance: latency[0].allowance })
      if (!step.warming) endWarmup(step.ended as string)
    }
    counters = last.counters
    judgement = last.judgement
    if (synthetic) carry.need = canaryShortfall(last.results, share)
    points.push({ ...intervalPoint(Math.round((Date.now() - began) / 100) / 10, rules, measurements, last.results), ...(wasWarm ? { warm: true } : {}) })
    runtime.info(`  ${last.results.map((r) => `${r.metric}: ${r.verdict} (${r.detail})${r.dryRun ? ' [dry run]' : ''}`).join('; ')}`)
    if (last.decision === 'abort') return verdict({ decision: 'abort', reason: last.reason, results: last.results, judgement })
    if (last.decision === 'hold') return verdict({ decision: 'hold', reason: last.reason, results: last.results, judgement })
    // Safety proven for every deciding metric: the step need not wait out its pause.
    const proven = provenSafe(closing(), last.results)
    if (proven) {
      runtime.info(`Every metric is proven free of a material regression; step passes before its pause ends (${proven}).`)
      return verdict({ decision: 'continue', reason: `proven safe: ${proven}`, results: last.results, judgement })
    }
    if (extended && closeStep(closing(), counters).decision === 'continue') break
    if (Date.now() >= deadline && closeStep(closing(), counters).decision === 'hold') {
      // Traffic-aware: when the evidence a sequential test still needs will not arrive within the hold
      // budget at this rate, waiting is pointless; the hold policy decides now.
      const left = Math.max(0, holdUntil - Date.now()) / 1000
      const short = last.results.filter((r) => r.verdict === 'inconclusive')
      const etas = short.map((r) => r.evidence?.etaSeconds ?? (r.evidence?.status === 'short' ? Number.POSITIVE_INFINITY : undefined)).filter((t): t is number => t !== undefined)
      const slowest = Math.max(0, ...etas)
      if (slowest > left) {
        const eta = Number.isFinite(slowest) ? `about ${slowest}s more at the current rate to judge` : 'more evidence than this traffic can bring'
        return verdict({ decision: 'hold', reason: `not enough traffic: ${eta}, ${Math.round(left)}s left in the hold budget (${short.map((r) => `${r.metric}: ${r.detail}`).join('; ')}); to decide within the pause, ${HOLD_FIXES}`, results: last.results, judgement })
      }
      if (!extended && holdUntil > deadline) {
        extended = true
        runtime.info(`The pause ended without enough evidence; measuring up to ${formatDuration(holdUntil - deadline)} more${slowest ? ` (about ${slowest}s at this rate)` : ''} before the hold policy (onHold: ${policy.onHold}) decides.`)
      }
    }
  }
  const closed = closeStep(closing(), counters)
  const short = (last?.results ?? []).filter((r) => r.verdict === 'inconclusive').map((r) => `${r.metric}: ${r.detail}`)
  const reason = closed.decision === 'hold' && short.length ? `${closed.reason} (${short.join('; ')}); ${HOLD_FIXES}` : closed.reason
  return verdict({ decision: closed.decision, reason, results: last?.results ?? [], judgement })
}
