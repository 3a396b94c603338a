import { describe, it, expect } from '@jest/globals'
import { advance, newProgress, describeAfterHalt, type WavesProgress } from '../../shared/state/waves.js'

// The rollout's position across targets is a pure reducer (issue 27): events in, the next position out,
// the one before left as it was.
const start = (): WavesProgress => newProgress({ environment: 'prod', id: 'r1', version: 'v2', strategy: 'rolling', waves: 2, onFailure: 'rollback-all', at: '2026-12-03T00:00:00.000Z', targets: [{ name: 'a', wave: 1 }, { name: 'b', wave: 1 }, { name: 'c', wave: 2 }] })
const status = (p: WavesProgress) => p.targets.map((t) => `${t.name}:${t.status}`).join(' ')

describe('waves position (state/waves.ts)', () => {
  it('a rollout that halts in wave 1 and rolls back: each step a new position, the old one untouched', () => {
    const p0 = start()
    const p1 = advance(advance(p0, { type: 'wave', wave: 1 }), { type: 'rolling', target: 'a', previousVersion: 'v1' })
    const p2 = advance(advance(p1, { type: 'rolling', target: 'b', previousVersion: 'v1' }), { type: 'succeeded', target: 'a', at: 't1' })
    const p3 = advance(p2, { type: 'halted', wave: 1, failures: [{ target: 'b', reason: 'GP-SSH-002: lost' }], at: 't2' })
    expect(status(p0)).toBe('a:pending b:pending c:pending')
    expect(status(p3)).toBe('a:succeeded b:failed c:pending')
    expect(p3).toMatchObject({ status: 'halted', reason: 'wave 1 failed on b' })
    const p4 = advance(advance(p3, { type: 'returned', target: 'a', to: 'v1' }), { type: 'returned', target: 'b', to: 'v1' })
    expect(status(p4)).toBe('a:rolled-back b:failed c:pending')
    expect(p4.targets[1].reason).toBe('GP-SSH-002: lost; rolled back to v1')
    const p5 = advance(p4, { type: 'serving', serving: { a: 'v1', b: 'v1', c: 'v1' } })
    expect(describeAfterHalt(p5)).toBe('Now: a serves v1, b serves v1.')
    expect(p4.targets[0].serving).toBeUndefined()
  })

  it('a target restarted in the same rollout keeps what it served before it first moved', () => {
    const p = advance(advance(start(), { type: 'rolling', target: 'a', previousVersion: 'v1' }), { type: 'rolling', target: 'a', previousVersion: 'v2' })
    expect(p.targets[0].previousVersion).toBe('v1')
  })

  it('finished only ends a running rollout; a paused one stays paused', () => {
    expect(advance(advance(start(), { type: 'baking', until: 'later' }), { type: 'finished' })).toMatchObject({ status: 'succeeded', bakeUntil: undefined })
    expect(advance(advance(start(), { type: 'paused' }), { type: 'finished' }).status).toBe('paused')
  })

  it('a failed rollback of a target is added to its reason; a target already back keeps its status', () => {
    const halted = advance(start(), { type: 'halted', wave: 1, failures: [{ target: 'a', reason: 'boom' }], at: 't' })
    expect(advance(halted, { type: 'return-failed', target: 'a', reason: 'GP-SSH-002: down' }).targets[0].reason).toBe('boom; rollback failed: GP-SSH-002: down')
    expect(advance(halted, { type: 'returned', target: 'a', to: 'v1', already: true }).targets[0]).toMatchObject({ status: 'failed', reason: 'boom' })
  })
})
