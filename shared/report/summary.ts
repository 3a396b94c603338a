import { canaryCharts } from './charts.js'
import { escapeMarkdown, codeBlock } from './markdown.js'
import { Markdown, md, bold, raw, inline, table, type Inline } from './md.js'
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
  const status = opts.dryRun ? 'dry run (nothing changed)' : raw(`${ICON[r.status] ?? ''} ${inline(r.status)}${r.phase === 'canary' && r.status === 'in_progress' ? ` (canary at step ${r.step}, ${r.weights.canary}%)` : ''}`)
  const rows: Array<[string, Inline]> = [
    ['Status', status],
    ['Version', r.version],
    ['Previous version', r.previousVersion ?? '(none)'],
    ['Strategy', r.strategy],
    ['Provider', r.provider],
    ['URL', r.url],
    ['Reason', r.reason],
    ['Database', r.database ? databaseCell(r.database as DatabaseSummary) : undefined],
    ['Preview expires', r.expiresAt ? `${r.expiresAt}: the scheduled reap removes it then (previews.ttl), unless a push deploys it again` : undefined],
    ['Preview sleeps', r.sleepsAfter ? `after ${r.sleepsAfter} without a request (previews.idle): its releases stop, and the next request wakes it (it waits a few seconds), as does a push` : undefined],
    ['Rollback window', r.rollbackWindow ? `${r.rollbackWindow.version} keeps running until ${r.rollbackWindow.until}: a rollback to it until then is one router switch` : undefined],
    ['Ref', r.ref && r.sha ? `${r.ref} @ ${r.sha.slice(0, 7)}` : undefined],
    ['Started', r.startedAt],
    ['Finished', r.finishedAt],
  ]
  // One sentence first: what happened, why, and what serves (issue 41).
  const out = new Markdown()
    .heading(r.kind === 'rollback' ? md`Rollback of ${r.environment}` : md`Deploy to ${r.environment}`)
    .para(bold(headline(r, { ...opts, recordedStable: opts.recorded?.stable })))
  if (opts.seen && opts.recorded) out.raw(renderServing(opts.seen, opts.recorded))
  // Then the canary's story as pictures, per metric, when its steps kept their intervals.
  const charts = canaryCharts(r)
  out.raw(charts)
  out.table(['', ''], rows.filter(([, v]) => v))
  if (r.resources?.length) out.table(['object', 'image', 'ready', 'seconds'], r.resources.map((x) => [x.object, x.images.join(', '), x.ready, x.seconds]))
  if (r.steps.length) {
    // Evidence the steps made themselves (analysis.synthetic): how many requests, to each version.
    const made = r.steps.some((s) => s.synthetic)
    const madeCell = (x: (typeof r.steps)[number]) => (x.synthetic ? `${x.synthetic.canary + x.synthetic.stable} (${x.synthetic.canary} canary, ${x.synthetic.stable} stable)` : '')
    if (made) out.table(['step', 'weight', 'decision', 'reason', 'synthetic requests', 'at'], r.steps.map((s) => [s.step, `${s.weight}%`, s.decision, s.reason, madeCell(s), s.at]))
    else out.table(['step', 'weight', 'decision', 'reason', 'at'], r.steps.map((s) => [s.step, `${s.weight}%`, s.decision, s.reason, s.at]))
    if (!charts) out.raw(canaryChart(r))
    const judged = [...r.steps].reverse().find((s) => ((s.analysis as JudgedMetric[] | undefined) ?? []).some((m) => m.evidence))
    if (judged) out.raw(renderEvidence(`Judgement against the stable version (step ${judged.step})`, judged.analysis as JudgedMetric[]))
  }
  if (r.verify) {
    out.para(bold(md`Verify window (${r.verify.window || 'cut short'}): ${r.verify.result}.`), ' ', r.verify.reason)
    if (Array.isArray(r.verify.analysis) && r.verify.analysis.length) out.raw(renderEvidence('Verify', r.verify.analysis as JudgedMetric[]))
  }
  return out.toString()
}

interface DatabaseSummary {
  backup?: { bytes: number; sha256: string }
  migration?: { before?: string; after?: string; applied: boolean; running?: boolean }
  down?: { ran: boolean; version?: string }
  restored?: { backup: string; discarded: Record<string, number> }
  contract?: { ran: boolean }
  preview?: { name: string; created?: boolean; from?: string; seconds?: number; dropped?: boolean }
}

/** What the deploy did to its database, in one cell: the backup, the schema it migrated between, what was undone. */
function databaseCell(d: DatabaseSummary): string | undefined {
  const parts: string[] = []
  const p = d.preview
  if (p) parts.push(p.dropped ? `preview database ${p.name} dropped` : p.created ? `preview database ${p.name} made from ${p.from ?? 'nothing'} in ${p.seconds}s` : p.dropped === false ? `preview database ${p.name} was already gone` : `preview database ${p.name}`)
  if (d.backup) parts.push(`backup taken (${Math.round(d.backup.bytes / 1024)} KiB, sha256 ${d.backup.sha256.slice(0, 12)})`)
  const m = d.migration
  if (m) parts.push(m.running ? 'migration interrupted' : m.applied ? `migrated${m.before || m.after ? ` from schema ${m.before ?? '?'} to ${m.after ?? '?'}` : ''}` : `no migration to apply${m.after ? ` (schema ${m.after})` : ''}`)
  if (d.down?.ran) parts.push(`migrations undone${d.down.version ? ` (schema ${d.down.version})` : ''}`)
  if (d.restored) parts.push(`backup restored (${Object.values(d.restored.discarded).reduce((a, b) => a + b, 0)} row(s) written since discarded)`)
  if (d.contract?.ran) parts.push('contracted')
  return parts.join('; ') || undefined
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
  return table([title, 'verdict', 'test', 'e-value', 'p-value', 'canary/baseline (interval)', 'requests (canary + baseline)', 'evidence to promote'], results.map((m) => {
    const ev = m.evidence
    const effect = ev?.estimate !== undefined ? `${num(ev.estimate)}x${ev.interval ? ` (${num(ev.interval[0])}-${num(ev.interval[1])})` : ''}` : ev ? `${num(ev.baseline)} baseline, bound ${num(ev.bound)}` : m.detail
    return [m.metric, m.verdict, ev ? ev.test : 'bounds', num(ev?.eValue), num(ev?.pValue), effect, ev ? `${ev.canaryRequests} + ${ev.baselineRequests}` : '', ev ? promotionCell(ev) : '']
  })).md
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

/** The decision asked for, in one plain sentence: the same words in the summary, the comment, Slack and the webhook. */
export function decisionSentence(d: DecisionNeeded): string {
  return `Canary ${d.version} on ${d.environment} waits for a decision until ${d.until} (step ${d.step}, ${d.weight}% of traffic): ${d.reason}.`
}

export function renderDecisionNeeded(d: DecisionNeeded): string {
  return new Markdown()
    .heading(md`${raw('⏸️')} ${d.environment} waits for a decision`)
    .para(md`${decisionSentence(d)} Past ${bold(d.until)} the next run aborts it (canary.maxWait).`)
    .para('Answer with a comment on this pull request:')
    .raw(codeBlock(decisionCommands(d).join('\n')))
    .para(raw('or run `canary-step` with `step: promote` or `step: abort`. Every later run judges it again; harm still aborts it at once.'))
    .toString()
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
