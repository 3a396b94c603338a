import { describe, it, expect } from '@jest/globals'
import { parseDuration, formatDuration } from '../../shared/time/duration.js'
import { retry, backoffDelay, retryAfterMs } from '../../shared/time/retry.js'

describe('parseDuration', () => {
  it.each([
    ['500ms', 500], ['30s', 30_000], ['10m', 600_000], ['1h30m', 5_400_000], ['2d', 172_800_000], ['1.5s', 1500], ['15', 15_000], [2, 2000],
  ])('reads %p as %p ms', (input, ms) => {
    expect(parseDuration(input as string | number)).toBe(ms)
  })

  it.each(['-5s', '10 minutes', 'abc', '', '5x', '1m-1s'])('rejects %p with GP-INPUT-002', (input) => {
    expect(() => parseDuration(input)).toThrow(expect.objectContaining({ code: 'GP-INPUT-002' }))
  })

  it('formats durations for people', () => {
    expect(formatDuration(250)).toBe('250ms')
    expect(formatDuration(90_000)).toBe('1m30s')
    expect(formatDuration(600_000)).toBe('10m')
  })
})

describe('retry', () => {
  it('retries until success and reports each retry', async () => {
    let calls = 0
    const seen: number[] = []
    const value = await retry(async () => {
      calls++
      if (calls < 3) throw new Error('flaky')
      return 'ok'
    }, { retries: 5, baseMs: 1, onRetry: (_e, attempt) => seen.push(attempt) })
    expect(value).toBe('ok')
    expect(seen).toEqual([1, 2])
  })

  it('gives up after the retries and rethrows the last error', async () => {
    let calls = 0
    await expect(retry(async () => { calls++; throw new Error(`fail ${calls}`) }, { retries: 2, baseMs: 1 })).rejects.toThrow('fail 3')
  })

  it('does not retry what shouldRetry refuses', async () => {
    let calls = 0
    await expect(retry(async () => { calls++; throw new Error('final') }, { retries: 5, baseMs: 1, shouldRetry: () => false })).rejects.toThrow('final')
    expect(calls).toBe(1)
  })

  it('honours a server-given wait over the computed backoff', async () => {
    const waits: number[] = []
    let calls = 0
    await retry(async () => { if (++calls < 2) throw new Error('429'); return 1 }, { retries: 2, baseMs: 5000, retryAfterMs: () => 5, onRetry: (_e, _a, w) => waits.push(w) })
    expect(waits).toEqual([5])
  })

  it('stops at the deadline', async () => {
    let calls = 0
    await expect(retry(async () => { calls++; throw new Error('down') }, { retries: 100, baseMs: 20, deadline: Date.now() + 60 })).rejects.toThrow('down')
    expect(calls).toBeLessThan(10)
  })

  it('backs off exponentially with jitter inside [ceiling/2, ceiling]', () => {
    expect(backoffDelay(0, 100, 10_000, () => 0)).toBe(50)
    expect(backoffDelay(3, 100, 10_000, () => 1)).toBe(800)
    expect(backoffDelay(20, 100, 1000, () => 1)).toBe(1000)
  })
})

describe('retryAfterMs (GitHub and webhooks alike)', () => {
  const now = Date.parse('2026-12-07T10:00:00Z')
  it('reads seconds and HTTP dates, at most a minute, never negative', () => {
    expect(retryAfterMs('7', now)).toBe(7000)
    expect(retryAfterMs('Mon, 07 Dec 2026 10:00:30 GMT', now)).toBe(30_000)
    expect(retryAfterMs('Mon, 07 Dec 2026 09:59:00 GMT', now)).toBe(0)
    expect(retryAfterMs('3600', now)).toBe(60_000)
  })
  it('is undefined when absent or unreadable', () => {
    expect(retryAfterMs(undefined, now)).toBeUndefined()
    expect(retryAfterMs('soon', now)).toBeUndefined()
  })
})
