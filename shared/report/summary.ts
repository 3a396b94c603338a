import { escapeMarkdown } from '../flows/target.js'
import type { DeploymentRecord } from '../state/record.js'

// Renders the deployment record as the job summary (markdown). Every value that may come from an event
// (versions, reasons, refs) is escaped here, once.
const ICON: Record<string, string> = { success: '✅', failure: '❌', in_progress: '🟡', aborted: '🛑', rolled_back: '↩️', superseded: '⏭️' }

export function renderDeploySummary(r: DeploymentRecord, opts: { dryRun?: boolean } = {}): string {
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
  let md = `### ${title}\n\n| | |\n|---|---|\n`
  for (const [k, v] of rows) if (v) md += `| ${k} | ${k === 'Status' ? v : e(v)} |\n`
  if (r.steps.length) {
    md += `\n| step | weight | decision | reason | at |\n|---|---|---|---|---|\n`
    for (const s of r.steps) md += `| ${s.step} | ${s.weight}% | ${e(s.decision ?? '')} | ${e(s.reason ?? '')} | ${s.at} |\n`
  }
  return md
}
