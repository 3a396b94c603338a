import type { EnvironmentConfig } from '../../shared/config/types.js'
import { environmentDurations } from '../../shared/config/durations.js'
import { describe, it, expect } from '@jest/globals'
import { readFileSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { decide, previousGood, type Command } from '../../shared/machine/transitions.js'
import { phaseOf, liveVersions } from '../../shared/machine/phase.js'
import { exampleStates, renderTable } from '../../shared/machine/table.js'
import { recoverInterrupted } from '../../shared/flows/effects.js'
import { StateStore, type EnvironmentState } from '../../shared/state/store.js'
import { newRecord, finish } from '../../shared/state/record.js'
import { createMemoryRuntime } from '../../shared/runtime/memory.js'
import type { Provider } from '../../shared/providers/types.js'
import type { Target } from '../../shared/flows/target.js'

const states = exampleStates()
const transition = (state: EnvironmentState, command: Command) => {
  const d = decide(state, command)
  return d.kind === 'transition' ? d.transition : { name: `refused ${d.error.code}`, to: undefined, rollout: undefined, target: undefined, abortFirst: undefined }
}

describe('the state machine', () => {
  it('docs/state-machine.md holds the table the code produces (npm run docs)', () => {
    const doc = readFileSync(join(process.cwd(), 'docs', 'state-machine.md'), 'utf8')
    const start = doc.indexOf('<!-- transitions:start')
    const body = doc.slice(doc.indexOf('-->', start) + 3, doc.indexOf('<!-- transitions:end -->')).trim()
    expect(body).toBe(renderTable().trim())
  })

  it('reads each example state as its phase', () => {
    for (const [name, state] of Object.entries(states)) expect(phaseOf(state).name).toBe(name)
  })

  it('sends the first deploy straight to 100% whatever the strategy, also after a teardown', () => {
    for (const strategy of ['canary', 'rolling', 'blue-green'] as const) {
      for (const from of [states.empty, states['torn-down']]) {
        const t = transition(from, { kind: 'deploy', version: 'v3', strategy })
        expect(t).toMatchObject({ name: 'initial', to: 'stable', rollout: strategy === 'canary' ? 'rolling' : strategy })
      }
    }
  })

  it('during a canary: the canary version resumes, the stable version aborts it, another supersedes it', () => {
    expect(transition(states.canary, { kind: 'deploy', version: 'v2', strategy: 'canary' }).name).toBe('resume-canary')
    expect(transition(states.canary, { kind: 'deploy', version: 'v1', strategy: 'canary' })).toMatchObject({ name: 'abort-to-stable', abortFirst: 'v2' })
    expect(transition(states.holding, { kind: 'deploy', version: 'v3', strategy: 'canary' })).toMatchObject({ name: 'supersede', abortFirst: 'v2', rollout: 'canary', to: 'canary' })
    expect(transition(states.canary, { kind: 'deploy', version: 'v3', strategy: 'rolling' })).toMatchObject({ name: 'supersede', rollout: 'rolling', to: 'stable' })
  })

  it('deploying the stable version is a no-op', () => {
    expect(transition(states.stable, { kind: 'deploy', version: 'v1', strategy: 'rolling' }).name).toBe('noop')
    expect(transition(states.stable, { kind: 'deploy', version: 'v1', strategy: 'canary' }).name).toBe('noop')
  })

  it('canary-step without a canary: complete after a live version, abort after an aborted one, GP-CANARY-001 on an empty environment', () => {
    expect(transition(states.stable, { kind: 'canary-step', step: 'all' }).name).toBe('complete')
    expect(transition(states.failed, { kind: 'canary-step', step: 'next' }).name).toBe('report-abort')
    expect(transition(states.empty, { kind: 'canary-step', step: 'next' }).name).toBe('refused GP-CANARY-001')
    for (const s of Object.values(states).filter((x) => !x.canary)) expect(transition(s, { kind: 'canary-step', step: 'abort' }).name).toBe('nothing-to-abort')
  })

  it('rollback: nothing to return to is GP-ROLLBACK-001, an unknown version GP-ROLLBACK-002, during a canary it aborts', () => {
    expect(transition(states.empty, { kind: 'rollback' }).name).toBe('refused GP-ROLLBACK-001')
    expect(transition(states['torn-down'], { kind: 'rollback' }).name).toBe('refused GP-ROLLBACK-001')
    expect(transition(states.stable, { kind: 'rollback', to: 'v9' }).name).toBe('refused GP-ROLLBACK-002')
    expect(transition(states.canary, { kind: 'rollback', to: 'v2' }).name).toBe('refused GP-ROLLBACK-002')
    expect(transition(states.canary, { kind: 'rollback' })).toMatchObject({ name: 'abort-canary', abortFirst: 'v2', target: 'v1' })
    expect(transition(states.canary, { kind: 'rollback', to: 'v0' })).toMatchObject({ name: 'abort-and-roll-back', target: 'v0' })
    expect(transition(states.stable, { kind: 'rollback' })).toMatchObject({ name: 'roll-back', target: 'v0' })
    expect(transition(states.failed, { kind: 'rollback' })).toMatchObject({ name: 'repair', target: 'v1' })
    const onlyOne: EnvironmentState = { ...states.stable, records: states.stable.records.slice(1) }
    expect(transition(onlyOne, { kind: 'rollback' }).name).toBe('refused GP-ROLLBACK-001')
  })

  it('a rollback never returns to a version rolled away from, unless it went live again since', () => {
    const rec = (version: string, status: 'success' | 'rolled_back', i: number) => ({ ...finish(newRecord({ kind: 'deploy', environment: 'e', version, previousVersion: null, strategy: 'rolling', provider: 'local' }), status), id: `${version}-${i}`, liveAt: 'x' })
    const state: EnvironmentState = { schema: 1, environment: 'e', canary: null, stable: { version: 'v3', recordId: 'v3-3' }, records: [rec('v1', 'success', 1), rec('v2', 'rolled_back', 2), rec('v3', 'success', 3)] }
    expect(previousGood(state, 'v3')).toBe('v1')
    state.records.push(rec('v2', 'success', 4), rec('v3', 'success', 5))
    expect(previousGood(state, 'v3')).toBe('v2')
    expect(liveVersions(state)).toEqual(['v1', 'v2', 'v3'])
  })

  it('a teardown ends the environment\'s life: what served before it is no rollback target, named or not', () => {
    // v0 and v1 served, then a teardown, then v3 went live on the empty environment (the model found a
    // rollback to v1 here returning a version from before the teardown).
    const v3 = finish(newRecord({ kind: 'deploy', environment: 'production', version: 'v3', previousVersion: null, strategy: 'rolling', provider: 'local' }), 'success')
    const state: EnvironmentState = { ...states['torn-down'], stable: { version: 'v3', recordId: v3.id }, records: [...states['torn-down'].records, { ...v3, liveAt: 'x' }] }
    expect(liveVersions(state)).toEqual(['v3'])
    const d = decide(state, { kind: 'rollback', to: 'v1' })
    expect(d.kind === 'refuse' && [d.error.code, d.error.message]).toEqual(['GP-ROLLBACK-002', 'Version v1 served production only before it was torn down; nothing was changed.'])
    expect(transition(state, { kind: 'rollback' }).name).toBe('refused GP-ROLLBACK-001')
    expect(transition(state, { kind: 'rollback', to: 'v3' }).name).toBe('noop')
  })
})

class FakeProvider implements Provider {
  readonly name = 'fake'
  calls: string[] = []
  async preflight() {}
  async deploy() { this.calls.push('deploy'); return {} }
  async setCanaryWeight(v: string, w: number) { this.calls.push(`weight ${v} ${w}`) }
  async promote(v: string) { this.calls.push(`promote ${v}`) }
  async abort(v: string | null) { this.calls.push(`abort ${v}`) }
  async rollback(to: string, from: string | null) { this.calls.push(`rollback ${to} from ${from}`) }
  async teardown() { this.calls.push('teardown') }
  async prune(keep: string[]) { this.calls.push(`prune ${keep.join(',')}`) }
}

describe('recovery of an interrupted run', () => {
  const setup = (state: EnvironmentState) => {
    const dir = mkdtempSync(join(tmpdir(), 'gp-recover-'))
    const store = new StateStore(dir, 'production')
    store.write(state)
    const provider = new FakeProvider()
    const runtime = createMemoryRuntime({ workspace: dir })
    const target = { store, provider, environment: { name: 'production', key: 'production', config: {}, provider: 'local', strategy: 'rolling', timeoutMs: 1000, durations: environmentDurations({} as EnvironmentConfig, 1000), production: true, transient: false, reason: '' } } as unknown as Target
    return { store, provider, runtime, x: { runtime, target, timeoutMs: 1000 }, done: () => rmSync(dir, { recursive: true, force: true }) }
  }
  const pending = (op: 'deploy' | 'rollback' | 'promote' | 'abort' | 'teardown', version: string, recordId: string) => ({ op, version, from: 'v1', recordId, startedAt: '', pid: 999999 })

  it('undoes an interrupted rollout: the stable version is restored, the record says interrupted', async () => {
    const attempt = { ...newRecord({ kind: 'deploy', environment: 'production', version: 'v3', previousVersion: 'v1', strategy: 'rolling', provider: 'local' }), id: 'r3' }
    const t = setup({ ...states.stable, records: [...states.stable.records, attempt], pending: pending('deploy', 'v3', 'r3') })
    await recoverInterrupted(t.x)
    expect(t.provider.calls).toEqual(['rollback v1 from v3', 'prune v1'])
    const after = t.store.read()
    expect(after.pending).toBeNull()
    expect(after.records.at(-1)).toMatchObject({ id: 'r3', status: 'failure', reason: expect.stringMatching(/interrupted/) })
    expect(phaseOf(after).name).toBe('failed')
    expect(t.runtime.logs.some((l) => l.level === 'warning' && /deploy of v3 .* was interrupted/.test(l.message))).toBe(true)
    t.done()
  })

  it('undoes an interrupted canary start with an abort, and an interrupted first deploy with a teardown', async () => {
    const canary = { ...newRecord({ kind: 'deploy', environment: 'production', version: 'v3', previousVersion: 'v1', strategy: 'canary', provider: 'local' }), id: 'r3' }
    const a = setup({ ...states.stable, records: [...states.stable.records, canary], pending: pending('deploy', 'v3', 'r3') })
    await recoverInterrupted(a.x)
    expect(a.provider.calls).toEqual(['abort v3', 'prune v1'])
    a.done()
    const first = { ...newRecord({ kind: 'deploy', environment: 'production', version: 'v1', previousVersion: null, strategy: 'canary', provider: 'local', initial: true }), id: 'r1' }
    const b = setup({ ...states.empty, records: [first], pending: pending('deploy', 'v1', 'r1') })
    await recoverInterrupted(b.x)
    expect(b.provider.calls).toEqual(['teardown', 'prune '])
    expect(phaseOf(b.store.read()).name).toBe('failed')
    b.done()
  })

  it('finishes an interrupted rollback, promote and abort', async () => {
    const rb = { ...newRecord({ kind: 'rollback', environment: 'production', version: 'v0', previousVersion: 'v1', strategy: 'rolling', provider: 'local' }), id: 'rb' }
    const a = setup({ ...states.stable, records: [...states.stable.records, rb], pending: pending('rollback', 'v0', 'rb') })
    await recoverInterrupted(a.x)
    expect(a.provider.calls).toEqual(['rollback v0 from v1', 'prune v0'])
    expect(a.store.read()).toMatchObject({ stable: { version: 'v0' }, pending: null })
    a.done()
    const canaryRecordId = states.canary.canary?.recordId as string
    const p = setup({ ...states.canary, pending: pending('promote', 'v2', canaryRecordId) })
    await recoverInterrupted(p.x)
    expect(p.provider.calls).toEqual(['promote v2', 'prune v2'])
    expect(p.store.read()).toMatchObject({ stable: { version: 'v2' }, canary: null, pending: null })
    p.done()
    const ab = setup({ ...states.canary, pending: pending('abort', 'v2', canaryRecordId) })
    await recoverInterrupted(ab.x)
    expect(ab.provider.calls).toEqual(['abort v2', 'prune v1'])
    expect(ab.store.read()).toMatchObject({ stable: { version: 'v1' }, canary: null })
    ab.done()
  })

  it('with nothing pending, does nothing; after a stale lock, prunes what the state does not name', async () => {
    const t = setup(states.canary)
    await recoverInterrupted(t.x)
    expect(t.provider.calls).toEqual([])
    await recoverInterrupted(t.x, true)
    expect(t.provider.calls).toEqual(['prune v1,v2'])
    t.done()
  })
})
