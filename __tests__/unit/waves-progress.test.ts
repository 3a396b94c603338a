import { describe, it, expect } from '@jest/globals'
import { advance, newProgress, describeAfterHalt, type WavesProgress } from '../../shared/state/waves.js'
import { renderWavesSummary } from '../../shared/report/waves.js'

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

  it('what each target serves is what was seen, beside a record that disagrees; a target that could not be returned is never called succeeded', () => {
    const running = advance(advance(advance(start(), { type: 'rolling', target: 'a', previousVersion: 'v1' }), { type: 'succeeded', target: 'a', at: 't1' }), { type: 'rolling', target: 'b', previousVersion: 'v1' })
    const halted = advance(running, { type: 'halted', wave: 1, failures: [{ target: 'b', reason: 'boom' }], at: 't2' })
    const p = advance(halted, { type: 'return-failed', target: 'a', reason: 'GP-SSH-002: down' })
    expect(status(p)).toBe('a:rollback-failed b:failed c:pending')
    const seen = advance(p, {
      type: 'serving',
      serving: { a: 'v1', b: 'v1', c: 'v1' },
      recorded: { a: 'v2', b: 'v1', c: 'v1' },
      seen: { a: { said: 'v1 takes 75%, v2 takes 25%', asRouted: true }, b: { said: 'v1 takes 100%', asRouted: true } },
    })
    expect(seen.targets[0]).toMatchObject({ serving: 'v1', recorded: 'v2', seen: 'v1 takes 75%, v2 takes 25%', healthy: true })
    expect(seen.targets[1].recorded).toBeUndefined() // the record agrees: said once
    expect(seen.targets[2].seen).toBeUndefined() // could not be seen: what the record says, marked as such
    expect(describeAfterHalt(seen)).toBe('Now: a: v1 takes 75%, v2 takes 25% (its record says v2), b serves v1.')
    const md = renderWavesSummary(seen)
    expect(md).toContain('| serves (seen) |')
    expect(md).toMatch(/\| a \| ⚠️ rollback-failed \| v1 \| v1 takes 75%, v2 takes 25%; the record says v2 \|/)
    expect(md).toMatch(/\| c \| ⏸️ pending \|  \| v1 \(recorded; not seen\) \|/)
    // A later look replaces what an earlier one saw.
    const later = advance(seen, { type: 'serving', serving: { a: 'v1' }, recorded: { a: 'v1' }, seen: { a: { said: 'v1 takes 100% but does not answer', asRouted: false } } })
    expect(later.targets[0]).toMatchObject({ seen: 'v1 takes 100% but does not answer', healthy: false })
    expect(later.targets[0].recorded).toBeUndefined()
    expect(renderWavesSummary(later)).toContain('⚠️ v1 takes 100% but does not answer')
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
