import { escapeMarkdown } from './markdown.js'
import { wavesHeadline } from './headline.js'
import { servesPlainly, type TargetStatus, type WavesProgress } from '../state/waves.js'

// The job summary's table of a rollout across targets: one row per target, in wave order.

const STATUS_ICON: Record<TargetStatus, string> = { pending: '⏸️', rolling: '🟡', succeeded: '✅', failed: '❌', 'rolled-back': '↩️', 'rollback-failed': '⚠️' }

export function renderWavesSummary(p: WavesProgress): string {
  const e = escapeMarkdown
  let md = `### Waves of ${e(p.environment)}: ${e(p.version)} ${p.status}\n\n**${e(wavesHeadline(p))}**\n\n`
  if (p.reason) md += `${e(p.reason)}\n\n`
  md += '| wave | target | status | was | serves (seen) | reason |\n|---|---|---|---|---|---|\n'
  for (const t of [...p.targets].sort((a, b) => a.wave - b.wave)) {
    // What the platform was seen serving where it could be seen; a record that disagrees is said beside it.
    const serves = t.seen === undefined ? `${e(t.serving ?? '(nothing)')} (recorded; not seen)` : servesPlainly(t) ? e(t.serving ?? '(nothing)') : `${t.healthy === false ? '⚠️ ' : ''}${e(t.seen)}`
    const record = t.recorded !== undefined ? `; the record says ${e(t.recorded ?? 'nothing')}` : ''
    md += `| ${t.wave} | ${e(t.name)} | ${STATUS_ICON[t.status]} ${t.status} | ${t.status === 'pending' ? '' : e(t.previousVersion ?? '(none)')} | ${serves}${record} | ${e(t.reason ?? '')} |\n`
  }
  return md
}
