import { Markdown, md, bold, raw } from './md.js'
import { wavesHeadline } from './headline.js'
import { servesPlainly, type TargetStatus, type WavesProgress } from '../state/waves.js'

// The job summary's table of a rollout across targets: one row per target, in wave order.

const STATUS_ICON: Record<TargetStatus, string> = { pending: '⏸️', rolling: '🟡', succeeded: '✅', failed: '❌', 'rolled-back': '↩️', 'rollback-failed': '⚠️' }

export function renderWavesSummary(p: WavesProgress): string {
  const out = new Markdown().heading(md`Waves of ${p.environment}: ${p.version} ${p.status}`).para(bold(wavesHeadline(p))).para(p.reason)
  return out.table(['wave', 'target', 'status', 'was', 'serves (seen)', 'reason'], [...p.targets].sort((a, b) => a.wave - b.wave).map((t) => {
    // What the platform was seen serving where it could be seen; a record that disagrees is said beside it.
    const serves = t.seen === undefined ? md`${t.serving ?? '(nothing)'} (recorded; not seen)` : servesPlainly(t) ? t.serving ?? '(nothing)' : md`${raw(t.healthy === false ? '⚠️ ' : '')}${t.seen}`
    const record = t.recorded !== undefined ? md`; the record says ${t.recorded ?? 'nothing'}` : ''
    return [t.wave, t.name, raw(`${STATUS_ICON[t.status]} ${t.status}`), t.status === 'pending' ? '' : t.previousVersion ?? '(none)', md`${serves}${record}`, t.reason ?? '']
  })).toString()
}
