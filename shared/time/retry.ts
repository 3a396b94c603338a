import { sleep } from './duration.js'

// The one retry helper: exponential backoff with full jitter under an overall deadline.
export interface RetryOptions {
  /** Attempts after the first one. */
  retries: number
  baseMs?: number
  maxMs?: number
  /** Absolute time (Date.now() based) after which no new attempt starts. */
  deadline?: number
  /** Decide whether an error is worth another attempt; defaults to always. */
  shouldRetry?: (error: unknown, attempt: number) => boolean
  /** A server-provided wait (e.g. Retry-After) overrides the computed backoff. */
  retryAfterMs?: (error: unknown) => number | undefined
  onRetry?: (error: unknown, attempt: number, waitMs: number) => void
  random?: () => number
}

export function backoffDelay(attempt: number, baseMs: number, maxMs: number, random: () => number = Math.random): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** attempt)
  return Math.round(ceiling / 2 + (random() * ceiling) / 2)
}

export async function retry<T>(fn: (attempt: number) => Promise<T>, options: RetryOptions): Promise<T> {
  const { retries, baseMs = 200, maxMs = 10_000, deadline, shouldRetry = () => true } = options
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn(attempt)
    } catch (error) {
      if (attempt >= retries || !shouldRetry(error, attempt)) throw error
      let wait = options.retryAfterMs?.(error) ?? backoffDelay(attempt, baseMs, maxMs, options.random)
      if (deadline !== undefined) {
        const left = deadline - Date.now()
        if (left <= 0) throw error
        wait = Math.min(wait, left)
      }
      options.onRetry?.(error, attempt + 1, wait)
      await sleep(wait)
    }
  }
}

/** A Retry-After header (seconds or an HTTP date) as milliseconds to wait, at most a minute; undefined when absent or unreadable. */
export function retryAfterMs(header: string | null | undefined, now = Date.now()): number | undefined {
  if (!header) return undefined
  const secs = Number(header)
  if (Number.isFinite(secs)) return Math.max(0, Math.min(secs * 1000, 60_000))
  const date = Date.parse(header)
  return Number.isNaN(date) ? undefined : Math.max(0, Math.min(date - now, 60_000))
}
