import { describe, it, expect, beforeEach, afterEach } from '@jest/globals'
import { run as deploy } from '../../actions/deploy/src/main.js'
import { run as canaryStep } from '../../actions/canary-step/src/main.js'
import { run as rollback } from '../../actions/rollback/src/main.js'
import { createWorkspace, freePort, get, type TestWorkspace } from '../helpers/workspace.js'
import { StateStore } from '../../shared/state/store.js'

// Deploy windows and freezes on a real environment (issue 25): a deploy or a canary step forward in a
// freeze or outside the windows is refused before anything changes, with the next opening; an override
// goes ahead only where the config allows it, recorded with its reason and who asked; rollbacks and
// aborts are never blocked. The windows are set relative to the real clock.
let ws: TestWorkspace
let port: number
const day = 24 * 3600_000
const iso = (t: number) => new Date(t).toISOString().replace(/\.\d{3}Z$/, 'Z')
const freezeNow = (extra = '') => `    windows:
      freezes: [ { from: "${iso(Date.now() - day)}", to: "${iso(Date.now() + day)}", reason: release freeze } ]
${extra}`
const config = (windows = '', strategy = 'rolling') => `version: 1
environments:
  prod:
    branches: [main]
    strategy: ${strategy}
    timeout: 15s
    local: { app: 'app-{{version}}', start: node server.js, health: /health, port: ${port} }
    canary:
      steps: [ {weight: 50, pause: 1s}, {weight: 100} ]
${windows}`
const state = () => new StateStore(ws.stateDir, 'prod').read()

beforeEach(async () => {
  ws = createWorkspace()
  port = await freePort()
  for (const v of ['v1', 'v2', 'v3']) ws.app(`app-${v}`)
})
afterEach(async () => ws.cleanup())

describe('deploy windows and freezes', () => {
  it('refuses a deploy in a freeze before anything changes, with its reason and the next opening', async () => {
    ws.writeConfig(config(freezeNow()))
    const r = await ws.run(deploy, { version: 'v1' })
    expect(r.outputs['error-code']).toBe('GP-WINDOW-001')
    expect(r.failed).toMatch(/Deploying v1 on prod is refused: a freeze is on from .* \(release freeze\); next opening: \w{3} \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC\. Nothing was changed\./)
    expect(state().records).toEqual([])
    await expect(get(`http://127.0.0.1:${port}/`)).rejects.toThrow()
  })

  it('refuses a deploy outside the allow windows, naming them and the next opening', async () => {
    const now = new Date()
    const hh = (h: number) => String((now.getUTCHours() + h) % 24).padStart(2, '0')
    ws.writeConfig(config(`    windows:
      allow: [ { from: "${hh(2)}:00", to: "${hh(3)}:00" } ]
`))
    const r = await ws.run(deploy, { version: 'v1' })
    expect(r.outputs['error-code']).toBe('GP-WINDOW-001')
    expect(r.failed).toContain(`outside the deploy windows (every day ${hh(2)}:00-${hh(3)}:00, UTC)`)
    expect(r.failed).toContain(` ${hh(2)}:00 UTC`)
  })

  it('an override needs windows.override; with it the deploy goes out, recorded with its reason and who asked', async () => {
    ws.writeConfig(config(freezeNow()))
    const refused = await ws.run(deploy, { version: 'v1', 'override-window': 'incident 42: payment outage' })
    expect(refused.outputs['error-code']).toBe('GP-WINDOW-002')
    expect(state().records).toEqual([])
    ws.writeConfig(config(freezeNow('      override: true\n')))
    const r = await ws.run(deploy, { version: 'v1', 'override-window': 'incident 42: payment outage' }, { GITHUB_ACTOR: 'oncall-ana' })
    expect(r.failed).toBeUndefined()
    expect((await get(`http://127.0.0.1:${port}/`)).version).toBe('v1')
    expect(state().records.at(-1)?.windowOverride).toEqual({ reason: 'incident 42: payment outage', actor: 'oncall-ana', closed: expect.stringContaining('release freeze') })
    expect(r.logs.some((l) => l.level === 'warning' && /Deploy window overridden by oncall-ana: incident 42/.test(l.message))).toBe(true)
    expect(r.summaries.join('\n')).toContain('Deploy window overridden on prod by oncall-ana')
  })

  it('never blocks a rollback or an abort; a canary step forward waits for the window', async () => {
    ws.writeConfig(config('', 'canary'))
    expect((await ws.run(deploy, { version: 'v1' })).failed).toBeUndefined()
    expect((await ws.run(deploy, { version: 'v2', strategy: 'rolling' })).failed).toBeUndefined()
    expect((await ws.run(deploy, { version: 'v3' })).failed).toBeUndefined()
    expect(state().canary?.version).toBe('v3')
    ws.writeConfig(config(freezeNow(), 'canary'))
    const step = await ws.run(canaryStep, { step: 'next' })
    expect(step.outputs['error-code']).toBe('GP-WINDOW-001')
    expect(state().canary?.version).toBe('v3')
    const abort = await ws.run(canaryStep, { step: 'abort', reason: 'freeze' })
    expect(abort.outputs.decision).toBe('abort')
    // After the abort, a rollback settles on stable (v2); the next one goes back to v1: neither waits.
    expect((await ws.run(rollback, { reason: 'after the abort' })).failed).toBeUndefined()
    const rb = await ws.run(rollback, { reason: 'bad v2' })
    expect(rb.failed).toBeUndefined()
    expect((await get(`http://127.0.0.1:${port}/`)).version).toBe('v1')
  })
})
