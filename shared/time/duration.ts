import { GlidepathError } from '../errors/index.js'

// The one duration syntax used by config files and inputs: "500ms", "30s", "10m", "1h30m", "2d".
// A bare number is seconds, as in GitHub's own `timeout-minutes`-style fields users already know.
export const DURATION_PATTERN = '^([0-9]+(\\.[0-9]+)?(ms|s|m|h|d))+$|^[0-9]+(\\.[0-9]+)?$'
const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }

export function parseDuration(value: string | number, what = 'duration'): number {
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value < 0) throw invalid(String(value), what)
    return Math.round(value * 1000)
  }
  const text = value.trim()
  if (!new RegExp(DURATION_PATTERN).test(text)) throw invalid(value, what)
  if (/^[0-9.]+$/.test(text)) return Math.round(Number(text) * 1000)
  let total = 0
  for (const m of text.matchAll(/([0-9]+(?:\.[0-9]+)?)(ms|s|m|h|d)/g)) total += Number(m[1]) * UNIT_MS[m[2]]
  return Math.round(total)
}

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`
  if (ms < 60_000) return `${+(ms / 1000).toFixed(1)}s`
  const m = Math.floor(ms / 60_000)
  const s = Math.round((ms % 60_000) / 1000)
  return s ? `${m}m${s}s` : `${m}m`
}

function invalid(value: string, what: string): GlidepathError {
  return new GlidepathError('GP-INPUT-002', `${what} "${value}" is not a duration.`, {
    fix: 'Write a positive duration such as 500ms, 30s, 10m, 1h30m (a bare number means seconds).',
  })
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))
