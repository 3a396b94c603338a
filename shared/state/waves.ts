import type { StrategyName } from '../config/types.js'

// A rollout's position across an environment's targets (waves.json): what each target served before,
// where each stands, which wave runs, whether it halted. Pure, like machine/: the waves layer says what
// happened (an event) and `advance` answers the next position; nothing here reads or writes anything.

export type TargetStatus = 'pending' | 'rolling' | 'succeeded' | 'failed' | 'rolled-back' | 'rollback-failed'

export interface WaveTargetProgress {
  name: string
  wave: number
  status: TargetStatus
  /** What the target served before this rollout touched it (null: nothing, a first deploy). */
  previousVersion: string | null
  /** The version it serves now: as seen on its platform where it can be seen, else as its state says. */
  serving?: string | null
  /** What its state records as serving, when that differs from what was seen. */
  recorded?: string | null
  /** What was seen serving, in words ("v2 takes 75%, v4 takes 25%"), and whether all of it answers. */
  seen?: string
  healthy?: boolean
  transition?: string
  url?: string
  reason?: string
  finishedAt?: string
}

export interface WavesProgress {
  schema: 1
  environment: string
  id: string
  version: string
  strategy: StrategyName
  /** running: in flight (or killed); paused: stopped after the wave a job was asked to run; halted: a target failed. */
  status: 'running' | 'paused' | 'succeeded' | 'halted' | 'rolled-back'
  /** The wave in progress, or the last one finished. */
  wave: number
  waves: number
  startedAt: string
  updatedAt: string
  /** The next wave starts no earlier than this (the bake after the wave before). */
  bakeUntil?: string
  onFailure: 'rollback-failed' | 'rollback-all'
  targets: WaveTargetProgress[]
  reason?: string
}

/** What the waves layer reports; `at` is the time it happened (ISO), so `advance` stays pure. */
export type WavesEvent =
  | { type: 'running' }
  | { type: 'paused' }
  | { type: 'wave'; wave: number }
  /** A target starts (or restarts) its rollout; `previousVersion` is what it serves, kept from its first start. */
  | { type: 'rolling'; target: string; previousVersion: string | null }
  | { type: 'deployed'; target: string; transition?: string; url?: string }
  | { type: 'succeeded'; target: string; at: string }
  | { type: 'halted'; wave: number; failures: Array<{ target: string; reason: string }>; at: string }
  | { type: 'baking'; until: string | undefined }
  | { type: 'finished' }
  /** A target is back on what it served before (`already`: it never left it). */
  | { type: 'returned'; target: string; to: string | null; already?: boolean }
  | { type: 'return-failed'; target: string; reason: string }
  | { type: 'rolled-back'; reason: string }
  | { type: 'serving'; serving: Record<string, string | null>; recorded?: Record<string, string | null>; seen?: Record<string, { said: string; asRouted: boolean }> }

/** A new rollout of `version`: every target pending, wave 1. */
export function newProgress(fields: { environment: string; id: string; version: string; strategy: StrategyName; waves: number; onFailure: WavesProgress['onFailure']; at: string; targets: Array<{ name: string; wave: number }>; status?: TargetStatus }): WavesProgress {
  return {
    schema: 1, environment: fields.environment, id: fields.id, version: fields.version, strategy: fields.strategy, status: 'running', wave: 1, waves: fields.waves,
    startedAt: fields.at, updatedAt: fields.at, onFailure: fields.onFailure,
    targets: fields.targets.map((t) => ({ name: t.name, wave: t.wave, status: fields.status ?? 'pending', previousVersion: null })),
  }
}

export function advance(p: WavesProgress, e: WavesEvent): WavesProgress {
  const target = (name: string, change: (t: WaveTargetProgress) => WaveTargetProgress): WavesProgress =>
    ({ ...p, targets: p.targets.map((t) => (t.name === name ? change(t) : t)) })
  switch (e.type) {
    case 'running':
      return { ...p, status: 'running' }
    case 'paused':
      return { ...p, status: 'paused' }
    case 'wave':
      return { ...p, wave: e.wave, bakeUntil: undefined }
    case 'rolling':
      return target(e.target, (t) => ({ ...t, previousVersion: t.status === 'rolling' ? t.previousVersion : e.previousVersion, status: 'rolling', reason: undefined }))
    case 'deployed':
      return target(e.target, (t) => ({ ...t, transition: e.transition, url: e.url }))
    case 'succeeded':
      return target(e.target, (t) => ({ ...t, status: 'succeeded', finishedAt: e.at }))
    case 'halted': {
      const why = new Map(e.failures.map((f) => [f.target, f.reason]))
      return {
        ...p,
        status: 'halted',
        reason: `wave ${e.wave} failed on ${e.failures.map((f) => f.target).join(', ')}`,
        targets: p.targets.map((t) => (why.has(t.name) ? { ...t, status: 'failed', reason: why.get(t.name), finishedAt: e.at } : t)),
      }
    }
    case 'baking':
      return { ...p, bakeUntil: e.until }
    case 'finished':
      return p.status === 'running' ? { ...p, status: 'succeeded', bakeUntil: undefined } : p
    case 'returned':
      return target(e.target, (t) => {
        // A failed target stays "failed" (the rollout's outcome for it), its reason saying where it went.
        if (t.status === 'failed') return e.already ? t : { ...t, reason: `${t.reason ?? ''}; rolled back to ${e.to ?? 'nothing'}`.replace(/^; /, '') }
        return e.already && t.status === 'pending' ? t : { ...t, status: 'rolled-back' }
      })
    case 'return-failed':
      // A target that could not be returned is never reported as if its rollout stood.
      return target(e.target, (t) => ({ ...t, status: t.status === 'failed' ? 'failed' : 'rollback-failed', reason: `${t.reason ? `${t.reason}; ` : ''}rollback failed: ${e.reason}` }))
    case 'rolled-back':
      return { ...p, status: 'rolled-back', reason: e.reason, bakeUntil: undefined }
    case 'serving':
      return {
        ...p,
        targets: p.targets.map((t) => {
          if (!(t.name in e.serving)) return t
          const seen = e.seen?.[t.name]
          const recorded = e.recorded?.[t.name]
          const { recorded: _r, seen: _s, healthy: _h, ...rest } = t
          return {
            ...rest,
            serving: e.serving[t.name],
            ...(recorded !== undefined && recorded !== e.serving[t.name] ? { recorded } : {}),
            ...(seen ? { seen: seen.said, healthy: seen.asRouted } : {}),
          }
        }),
      }
  }
}

/** After a halt: what each target that moved serves now. */
export function describeAfterHalt(p: WavesProgress): string {
  const moved = p.targets.filter((t) => t.status !== 'pending')
    .map((t) => `${servesPlainly(t) ? `${t.name} serves ${t.serving ?? 'nothing'}` : `${t.name}: ${t.seen}`}${t.recorded !== undefined ? ` (its record says ${t.recorded ?? 'nothing'})` : ''}`)
  return moved.length ? `Now: ${moved.join(', ')}.` : ''
}

/** Whether a target serves one version to everyone and it answers (or it could not be seen): said as the version alone. */
export function servesPlainly(t: WaveTargetProgress): boolean {
  return !t.seen || (t.healthy !== false && t.seen === `${t.serving} takes 100%`)
}
