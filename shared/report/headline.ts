import type { DeploymentRecord, StepRecord } from '../state/record.js'
import { describeServing, type Seen } from './serving.js'
import { servesPlainly, type WavesProgress } from '../state/waves.js'

// One sentence first, on every surface (issue 41): what happened and why, in plain words, then what serves.
// "v3 was aborted at 20%: error-rate worse than v2 by more than 50% (harm proven over 83 canary requests);
// seen serving: v2 takes 100%." What serves comes from what the platform was seen serving when the caller
// looked; otherwise it is said to be the record's word, never passed off as seen. Plain text: each surface
// escapes it for where it lands (markdown, Slack).

interface Judged {
  metric: string
  verdict: string
  detail: string
  evidence?: { canaryRequests?: number; estimate?: number | null; status?: string }
}

const judged = (s: StepRecord | undefined): Judged[] => (Array.isArray(s?.analysis) ? (s.analysis as Judged[]) : [])

/** Why a canary was stopped, from the step that decided it: the failing metric in words, else the record's reason. */
function whyStopped(r: DeploymentRecord): string | undefined {
  const step = [...r.steps].reverse().find((s) => s.decision === 'abort' || judged(s).some((m) => m.verdict === 'fail'))
  const failed = judged(step).find((m) => m.verdict === 'fail')
  if (failed) {
    const what = failed.detail.split(/: |; /)[0]
    const ev = failed.evidence
    const over = ev?.canaryRequests ? ` over ${ev.canaryRequests} canary request${ev.canaryRequests === 1 ? '' : 's'}` : ''
    const ratio = typeof ev?.estimate === 'number' && Number.isFinite(ev.estimate) && ev.estimate > 1 ? `, about ${+ev.estimate.toPrecision(3)}x` : ''
    return `${failed.metric} ${what}${ev?.status === 'harm' ? ` (harm proven${over}${ratio})` : over ? ` (${over.trim()})` : ''}`
  }
  return step?.reason || r.reason || undefined
}

/** Why a step holds, shortly: the metrics still short of evidence, else the first clause of its reason. */
function whyHeld(step: StepRecord): string {
  const short = judged(step).filter((m) => m.verdict === 'inconclusive')
  if (short.length) return `too little evidence (${short.map((m) => `${m.metric}: ${m.detail}`).join('; ')})`
  return step.reason?.split('; ')[0] || 'waiting for evidence or a decision'
}

/** What serves, as seen, else as the record has it (said so). */
function serving(r: DeploymentRecord, seen: Seen | undefined, recordedStable: string | null | undefined): string {
  if (seen) return `seen serving: ${describeServing(seen)}`
  const stable = recordedStable === undefined ? (r.status === 'success' ? r.version : r.previousVersion) : recordedStable
  return stable ? `the record says ${stable} serves` : 'the record says nothing serves'
}

/**
 * The first sentence of a deployment's report. `seen`: what the platform was seen serving now (omit when
 * nobody looked); `recordedStable`: what the environment's record says is stable now, when known.
 */
export function headline(r: DeploymentRecord, opts: { seen?: Seen; recordedStable?: string | null; dryRun?: boolean } = {}): string {
  const v = r.version
  const prev = r.previousVersion
  const serves = serving(r, opts.seen, opts.recordedStable)
  const lastStep = r.steps.at(-1)
  if (opts.dryRun) return `Dry run: ${v} would be deployed${prev ? ` over ${prev}` : ''} by ${r.strategy}; nothing changed.`
  if (r.kind === 'teardown') return r.status === 'success' || r.status === 'inactive' ? `${r.environment} was torn down${r.reason && r.reason !== 'environment torn down' ? ` (${r.reason})` : ''}; ${serves}.` : `Tearing down ${r.environment} ${r.status === 'in_progress' ? 'is under way' : 'failed'}${r.reason ? `: ${r.reason}` : ''}; ${serves}.`
  if (r.kind === 'rollback') {
    if (r.status === 'success') return `Rolled back ${prev ? `from ${prev} ` : ''}to ${v}${r.reason ? ` (${r.reason})` : ''}; ${serves}.`
    return `The rollback to ${v} ${r.status === 'in_progress' ? 'is under way' : 'failed'}${r.reason ? `: ${r.reason}` : ''}; ${serves}.`
  }
  switch (r.status) {
    case 'success': {
      if (r.initial || !prev) return `${v} went live (the first deploy here, at 100%); ${serves}.`
      const judgedSteps = r.steps.filter((s) => judged(s).length > 0).length
      if (r.strategy === 'canary') return `${v} was promoted over ${prev} after ${r.steps.length} canary step${r.steps.length === 1 ? '' : 's'}${judgedSteps ? ` (${judgedSteps} judged against ${prev})` : ''}; ${serves}.`
      return `${v} replaced ${prev} (${r.strategy}); ${serves}.`
    }
    case 'in_progress': {
      if (r.phase === 'verifying') return `${v} is live and watched by its verify window; ${serves}.`
      if (r.phase === 'canary') {
        const beside = `at ${r.weights.canary}% beside ${prev ?? 'nothing'}`
        if (lastStep?.decision === 'wait') return `${v} waits ${beside} for a person to promote or abort it: ${whyHeld(lastStep)}; ${serves}.`
        if (lastStep?.decision === 'hold') return `${v} holds ${beside}: ${whyHeld(lastStep)}; ${serves}.`
        return `${v} is a canary ${beside}; ${serves}.`
      }
      return `${v} is being deployed${prev ? ` over ${prev}` : ''}; ${serves}.`
    }
    case 'aborted': {
      const why = whyStopped(r)
      const at = lastStep ? ` at ${lastStep.weight}%` : ''
      return `${v} was aborted${at}${why ? `: ${why}` : ''}; ${serves}.`
    }
    case 'rolled_back':
      return `${v} went live and was rolled back${r.reason ? ` (${r.reason})` : ''}; ${serves}.`
    case 'superseded':
      return `${v} was superseded by a later deploy; ${serves}.`
    default: {
      const why = whyStopped(r)
      return `The deploy of ${v} failed${why ? `: ${why}` : ''}; ${serves}.`
    }
  }
}

/** What each target serves, grouped: "seen serving: v2 on web-1 and web-2; v1 on web-3" (the record's word where it was not seen). */
function fleetServing(p: WavesProgress): string {
  const groups = new Map<string, string[]>()
  for (const t of p.targets) {
    const said = t.seen === undefined ? `${t.serving ?? 'nothing'} (recorded; not seen)` : servesPlainly(t) ? (t.serving ?? 'nothing') : t.seen
    groups.set(said, [...(groups.get(said) ?? []), t.name])
  }
  const list = (names: string[]) => (names.length === p.targets.length && names.length > 1 ? 'every target' : names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names.at(-1)}` : names[0])
  return `${p.targets.some((t) => t.seen !== undefined) ? 'seen serving' : 'serving'}: ${[...groups].map(([said, names]) => `${said} on ${list(names)}`).join('; ')}`
}

/** The first sentence of a rollout across targets (waves). */
export function wavesHeadline(p: WavesProgress): string {
  const n = p.targets.length
  const done = p.targets.filter((t) => t.status === 'succeeded').length
  const serves = fleetServing(p)
  const failed = p.targets.filter((t) => t.status === 'failed' || t.status === 'rollback-failed')
  const why = failed.length ? `: ${failed.map((t) => `${t.name} ${t.status === 'failed' ? 'failed' : 'could not be returned'}${t.reason ? ` (${t.reason.length > 160 ? `${t.reason.slice(0, 159)}…` : t.reason})` : ''}`).join('; ')}` : p.reason ? `: ${p.reason}` : ''
  switch (p.status) {
    case 'succeeded': return `${p.version} rolled out to ${n === 1 ? 'its target' : `all ${n} targets`} in ${p.waves} wave${p.waves === 1 ? '' : 's'}; ${serves}.`
    case 'running': case 'paused': return `${p.version} is rolling out, wave ${p.wave} of ${p.waves} (${done} of ${n} targets done${p.status === 'paused' ? ', paused' : ''}); ${serves}.`
    case 'halted': return `The rollout of ${p.version} halted at wave ${p.wave} of ${p.waves}${why}; ${serves}.`
    case 'rolled-back': return `The rollout of ${p.version} was rolled back${why}; ${serves}.`
  }
}
