import { describe, it, expect } from '@jest/globals'
import { warmupStep } from '../../shared/analysis/warmup.js'

describe('warm-up (analysis.warmup)', () => {
  const base = { maxMs: 30_000, sinceStartMs: 5_000, allowance: 0.1, baseline: undefined }
  it('ends at the first interval whose latency meets what it is held to, or at its longest', () => {
    expect(warmupStep({ ...base, current: 300, max: 150 })).toEqual({ warming: true })
    expect(warmupStep({ ...base, current: 120, max: 150 })).toEqual({ warming: false, ended: 'its latency met its bound (120 <= 150)' })
    // Against the stable version: within the larger of the allowance and 20%, plus 5 ms of noise.
    expect(warmupStep({ ...base, current: 40, baseline: 20 })).toEqual({ warming: true })
    expect(warmupStep({ ...base, current: 28, baseline: 20 }).warming).toBe(false)
    expect(warmupStep({ ...base, current: 6, baseline: 1 }).warming).toBe(false)
    expect(warmupStep({ ...base, current: 7, baseline: 1 }).warming).toBe(true)
    // No data: still warming. Past its longest: over, whatever the latency.
    expect(warmupStep({ ...base, current: null, max: 150 })).toEqual({ warming: true })
    expect(warmupStep({ ...base, sinceStartMs: 30_000, current: 900, max: 150 })).toEqual({ warming: false, ended: 'its longest, analysis.warmup (30s), passed' })
  })
})
