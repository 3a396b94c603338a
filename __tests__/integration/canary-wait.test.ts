import { describe, it, expect, beforeEach, afterEach } from '@jest/globals'
import { join } from 'node:path'
import { run as deploy } from '../../actions/deploy/src/main.js'
import { run as canaryStep } from '../../actions/canary-step/src/main.js'
import { createWorkspace, freePort, get, type TestWorkspace } from '../helpers/workspace.js'
import { startLoad } from '../helpers/load.js'
import { StateStore } from '../../shared/state/store.js'
import { LocalRouterClient } from '../../shared/traffic/local/client.js'

// A person decides what the judge cannot (issue 25, item 2): with onHold: wait a step that ends without
// enough evidence keeps its weight and ends green with decision wait; a person promotes or aborts it;
// every later run judges it again (harm still aborts at once); past maxWait the next run aborts it.
let ws: TestWorkspace
let port: number
const config = (maxWait = '1h') => `version: 1
environments:
  demo:
    branches: [main]
    strategy: canary
    timeout: 15s
    local: { app: 'app-{{version}}', start: node server.js, health: /health, port: ${port} }
    canary:
      steps: [ {weight: 30, pause: 1s}, {weight: 100} ]
      onHold: wait
      maxWait: ${maxWait}
      holdTimeout: 500ms
      analysis:
        interval: 250ms
        metrics:
          - { name: errors, source: local, metric: error-rate, max: 0.05, minRequests: 40 }
`
const state = () => new StateStore(ws.stateDir, 'demo').read()
const routes = () => new LocalRouterClient(join(ws.stateDir, 'demo'), port).routes()

beforeEach(async () => {
  ws = createWorkspace()
  port = await freePort()
  ws.app('app-v1')
  ws.app('app-v2')
  ws.app('app-v3', { errorRate: 1 })
})
afterEach(async () => ws.cleanup())

async function waiting(version: string, maxWait?: string) {
  ws.writeConfig(config(maxWait))
  await ws.run(deploy, { version: 'v1' })
  expect((await ws.run(deploy, { version })).failed).toBeUndefined()
  const r = await ws.run(canaryStep, { step: 'next' })
  expect(r.failed).toBeUndefined()
  expect(r.outputs.decision).toBe('wait')
  expect(r.outputs.weight).toBe('30')
  expect(routes()).toMatchObject({ weight: 30, canary: { version } })
  expect(state().canary?.holding).toMatchObject({ reason: expect.any(String), until: expect.any(String) })
  expect(r.logs.some((l) => l.level === 'notice' && /waits at step 0 \(30%\) for a person.*canary-step step: promote/.test(l.message))).toBe(true)
  return r
}

describe('onHold: wait', () => {
  it('keeps the weight and ends green with decision wait; a person promotes it', async () => {
    await waiting('v2')
    const p = await ws.run(canaryStep, { step: 'promote', reason: 'checked the dashboards' })
    expect(p.outputs.decision).toBe('promote')
    expect(state().stable?.version).toBe('v2')
    expect((await get(`http://127.0.0.1:${port}/`)).version).toBe('v2')
  })

  it('a waiting canary is judged again by the next run: harm aborts it at once', async () => {
    await waiting('v3')
    const load = startLoad(`http://127.0.0.1:${port}/`)
    const again = await ws.run(canaryStep, { step: 'next' })
    await load.stop()
    expect(again.outputs.decision).toBe('abort')
    expect(again.outputs['error-code']).toBe('GP-CANARY-003')
    expect(routes()).toMatchObject({ canary: null, stable: { version: 'v1' } })
  })

  it('past maxWait the next run aborts it before judging', async () => {
    await waiting('v2', '1s')
    await new Promise((r) => setTimeout(r, 1200))
    const late = await ws.run(canaryStep, { step: 'next' })
    expect(late.outputs.decision).toBe('abort')
    expect(late.outputs['error-code']).toBe('GP-CANARY-004')
    expect(late.failed).toMatch(/waited at step 0 \(30%\) for a decision past .* \(canary\.maxWait 1s\)/)
    expect(state().canary).toBeNull()
    expect(routes()).toMatchObject({ canary: null, weight: 0 })
  })

  it('a scheduled reap leaves a canary within its wait, and aborts it once maxWait has passed', async () => {
    await waiting('v2', '2s')
    const early = await ws.run(deploy, { reap: 'true' })
    expect(early.failed).toBeUndefined()
    expect(early.outputs.reaped).toBe('')
    expect(state().canary).toMatchObject({ version: 'v2', weight: 30 })
    await new Promise((r) => setTimeout(r, 2200))
    const late = await ws.run(deploy, { reap: 'true' })
    expect(late.failed).toBeUndefined()
    expect(late.outputs.reaped).toBe('demo')
    expect(state()).toMatchObject({ stable: { version: 'v1' }, canary: null })
    expect(state().records.find((r) => r.version === 'v2')?.reason).toMatch(/waited for a decision past .* aborted by the scheduled reap/)
    expect(routes()).toMatchObject({ canary: null, weight: 0 })
    expect((await get(`http://127.0.0.1:${port}/`)).version).toBe('v1')
  })
})
