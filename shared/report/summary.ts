import { canaryCharts } from './charts.js'
import { escapeMarkdown } from './markdown.js'
import type { DeploymentRecord } from '../state/record.js'
import { headline } from './headline.js'
import { renderServing, type Seen } from './serving.js'

// Renders the deployment record as the job summary (markdown). Every value that may come from an event
// (versions, reasons, refs) is escaped here, once.
const ICON: Record<string, string> = { success: '✅', failure: '❌', in_progress: '🟡', aborted: '🛑', rolled_back: '↩️', superseded: '⏭️' }

/**
 * `seen` (what the platform was seen serving when the caller looked) and `recorded` (what the environment's
 * record names now) make the first sentence say what serves, and add the line that says whether it agrees.
 */
export function renderDeploySummary(r: DeploymentRecord, opts: { dryRun?: boolean; seen?: Seen; recorded?: { stable: string | null; canary: string | null } } = {}): string {
  const e = escapeMarkdown
  const title = r.kind === 'rollback' ? `Rollback of ${e(r.environment)}` : `Deploy to ${e(r.environment)}`
  const status = opts.dryRun ? 'dry run (nothing changed)' : `${ICON[r.status] ?? ''} ${r.status}${r.phase === 'canary' && r.status === 'in_progress' ? ` (canary at step ${r.step}, ${r.weights.canary}%)` : ''}`
  const rows: Array<[string, string | undefined]> = [
    ['Status', status],
    ['Version', r.version],
    ['Previous version', r.previousVersion ?? '(none)'],
    ['Strategy', r.strategy],
    ['Provider', r.provider],
    ['URL', r.url],
    ['Reason', r.reason],
    ['Ref', r.ref && r.sha ? `${r.ref} @ ${r.sha.slice(0, 7)}` : undefined],
    ['Started', r.startedAt],
    ['Finished', r.finishedAt],
  ]
  // One sentence first: what happened, why, and what serves (issue 41).
  let md = `### ${title}\n\n**${e(headline(r, { ...opts, recordedStable: opts.recorded?.stable }))}**\n\n`
  if (opts.seen && opts.recorded) md += renderServing(opts.seen, opts.recorded)
  // Then the canary's story as pictures, per metric, when its steps kept their intervals.
  const charts = canaryCharts(r)
  if (charts) md += `${charts}\n`
  md += '| | |\n|---|---|\n'
  for (const [k, v] of rows) if (v) md += `| ${k} | ${k === 'Status' ? v : e(v)} |\n`
  if (r.resources?.length) {
    md += `\n| object | image | ready | seconds |\n|---|---|---|---|\n`
    for (const x of r.resources) md += `| ${e(x.object)} | ${e(x.images.join(', '))} | ${e(x.ready)} | ${x.seconds} |\n`
  }
  if (r.steps.length) {
    md += `\n| step | weight | decision | reason | at |\n|---|---|---|---|---|\n`
    for (const s of r.steps) md += `| ${s.step} | ${s.weight}% | ${e(s.decision ?? '')} | ${e(s.reason ?? '')} | ${s.at} |\n`
    if (!charts) md += `\n${canaryChart(r)}`
    const judged = [...r.steps].reverse().find((s) => ((s.analysis as JudgedMetric[] | undefined) ?? []).some((m) => m.evidence))
    if (judged) md += `\n${renderEvidence(`Judgement against the stable version (step ${judged.step})`, judged.analysis as JudgedMetric[])}`
  }
  if (r.verify) {
    md += `\n**Verify window (${e(r.verify.window || 'cut short')}): ${r.verify.result}.** ${e(r.verify.reason)}\n`
    if (Array.isArray(r.verify.analysis) && r.verify.analysis.length) md += `\n${renderEvidence('Verify', r.verify.analysis as JudgedMetric[])}`
  }
  return md
}

interface JudgedMetric {
  metric: string
  verdict: string
  detail: string
  evidence?: {
    test: string; baseline: number | null; bound: number; eValue?: number; pValue?: number; estimate?: number | null; interval?: [number, number] | null; canaryRequests: number; baselineRequests: number
    status?: string; power?: number; material?: string; upperBound?: number; materialRate?: number; etaSeconds?: number
  }
}

/** Why a sequential verdict is what it is, in a cell: harm, safety proven, the power to promote, or what is short. */
function promotionCell(ev: NonNullable<JudgedMetric['evidence']>): string {
  const pct = (x: number | undefined) => (x === undefined ? 'n/a' : `${+(x * 100).toPrecision(3)}%`)
  switch (ev.status) {
    case 'harm': return 'harm proven'
    case 'safe': return `safe: bound ${pct(ev.upperBound)} < ${pct(ev.materialRate)}`
    case 'powered': return `power ${num(ev.power, 2)} against ${ev.material ?? 'a material regression'}`
    case 'step': return `no harm; power ${num(ev.power, 2)} so far`
    case 'short': return `short: power ${num(ev.power, 2)} of 0.8${ev.etaSeconds !== undefined ? `, ~${ev.etaSeconds}s more at this rate` : ''}`
    default: return ''
  }
}

const num = (v: number | null | undefined, digits = 3) => (v === null || v === undefined ? 'n/a' : Number.isFinite(v) ? `${+v.toPrecision(digits)}` : 'inf')

/** The evidence behind each judgement: test, e-value, p-value, estimated effect with its interval, requests. */
function renderEvidence(title: string, results: JudgedMetric[]): string {
  let md = `| ${escapeMarkdown(title)} | verdict | test | e-value | p-value | canary/baseline (interval) | requests (canary + baseline) | evidence to promote |\n|---|---|---|---|---|---|---|---|\n`
  for (const m of results) {
    const ev = m.evidence
    md += `| ${escapeMarkdown(m.metric)} | ${escapeMarkdown(m.verdict)} | ${ev ? escapeMarkdown(ev.test) : 'bounds'} | ${num(ev?.eValue)} | ${num(ev?.pValue)} | ${ev?.estimate !== undefined ? `${num(ev.estimate)}x${ev.interval ? ` (${num(ev.interval[0])}-${num(ev.interval[1])})` : ''}` : ev ? `${num(ev.baseline)} baseline, bound ${num(ev.bound)}` : escapeMarkdown(m.detail)} | ${ev ? `${ev.canaryRequests} + ${ev.baselineRequests}` : ''} | ${ev ? escapeMarkdown(promotionCell(ev)) : ''} |\n`
  }
  return md
}

interface StepMetric {
  metric: string
  value: number | null
}

/** The canary's weight per step as bars and each metric's last value per step as lines (Mermaid, which GitHub renders). */
/** A canary that waits for a person (canary.onHold: wait): the evidence, the deadline and how to answer. */
export interface DecisionNeeded {
  environment: string
  version: string
  weight: number
  step: number
  reason: string
  until: string
}

export function decisionCommands(d: DecisionNeeded): string[] {
  return [`/glidepath promote ${d.environment}`, `/glidepath abort ${d.environment} <reason>`]
}

export function renderDecisionNeeded(d: DecisionNeeded): string {
  const e = escapeMarkdown
  const [promote, abort] = decisionCommands(d)
  return `\n### ⏸️ ${e(d.environment)} waits for a decision\n\nCanary **${e(d.version)}** holds at step ${d.step} with ${d.weight}% of traffic: ${e(d.reason)}.\n` +
    `Past **${e(d.until)}** the next run aborts it (canary.maxWait).\n\nAnswer with a comment on this pull request:\n\n\`\`\`\n${promote}\n${abort}\n\`\`\`\n\n` +
    `or run \`canary-step\` with \`step: promote\` or \`step: abort\`. Every later run judges it again; harm still aborts it at once.\n`
}

function canaryChart(r: DeploymentRecord): string {
  const steps = [...r.steps].sort((a, b) => a.step - b.step)
  const label = (s: string) => s.replace(/["\n\r]/g, ' ').slice(0, 60)
  const lines: string[] = ['```mermaid', 'xychart-beta', `  title "Canary ${label(r.version)}: weight % per step"`, `  x-axis [${steps.map((s) => `"step ${s.step}"`).join(', ')}]`, '  y-axis "weight %" 0 --> 100', `  bar [${steps.map((s) => s.weight).join(', ')}]`]
  const metrics = new Set<string>()
  for (const s of steps) for (const m of (s.analysis as StepMetric[] | undefined) ?? []) metrics.add(m.metric)
  let legend = ''
  for (const name of metrics) {
    const values = steps.map((s) => ((s.analysis as StepMetric[] | undefined) ?? []).find((m) => m.metric === name)?.value ?? 0)
    const max = Math.max(...values.map(Math.abs), 1e-9)
    // Each metric is scaled to 0-100 so it shares the weight axis; the table above has the raw values.
    lines.push(`  line [${values.map((v) => +(v / max * 100).toFixed(1)).join(', ')}]`)
    legend += `${legend ? ', ' : ''}${escapeMarkdown(name)} (max ${+max.toPrecision(3)})`
  }
  lines.push('```')
  return `${lines.join('\n')}\n${legend ? `\nLines, scaled to their largest value: ${legend}.\n` : ''}`
}
