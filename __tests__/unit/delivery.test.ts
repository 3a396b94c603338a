import { describe, it, expect } from '@jest/globals'
import { deliveryMetrics } from '../../shared/report/delivery.js'

describe('deliveryMetrics (pure)', () => {
  const now = Date.parse('2026-11-22T12:00:00Z')
  const h = 3_600_000
  it('says n/a rather than inventing numbers for an empty window', () => {
    expect(deliveryMetrics([], 7, now)).toEqual({ windowDays: 7, deployments: 0, successful: 0, frequencyPerDay: 0, changeFailureRate: null, timeToRestoreMinutes: null, leadTimeHours: null })
  })
  it('counts a failure restored by the next success, and ignores deployments still running', () => {
    const m = deliveryMetrics([
      { createdAt: now - 10 * h, state: 'failure', succeeded: false, finishedAt: now - 10 * h },
      { createdAt: now - 9 * h, state: 'success', succeeded: true, finishedAt: now - 8 * h, commitAt: now - 12 * h },
      { createdAt: now - 1 * h, state: 'in_progress', succeeded: false, finishedAt: now - 1 * h },
    ], 1, now)
    expect(m).toMatchObject({ deployments: 3, successful: 1, changeFailureRate: 0.5, timeToRestoreMinutes: 120, leadTimeHours: 4 })
  })
})
