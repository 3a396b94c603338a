import { escapeMarkdown } from './markdown.js'
import type { TargetStatus, WavesProgress } from '../state/waves.js'

// The job summary's table of a rollout across targets: one row per target, in wave order.

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
