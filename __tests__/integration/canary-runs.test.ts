import { describe, it, expect, beforeEach, afterEach } from '@jest/globals'
import { run as deploy } from '../../actions/deploy/src/main.js'
import { run as canaryStep } from '../../actions/canary-step/src/main.js'
import { createWorkspace, freePort, get, type TestWorkspace } from '../helpers/workspace.js'
import { startLoad } from '../helpers/load.js'
import { StateStore } from '../../shared/state/store.js'
import { rmSync } from 'node:fs'
import { join } from 'node:path'

// A canary longer than a job (issue 25, item 4): each run judges one step and ends; the next run, on a
// fresh runner with only the state output of the last, carries on from the recorded step with the
// sequential evidence gathered so far, so alpha bounds a false abort over the whole canary. Three runs.
let ws: TestWorkspace
let port: number
const config = () => `version: 1
environments:
  demo:
    branches: [main]
    strategy: canary
    timeout: 15s
    local: { app: 'app-{{version}}', start: node server.js, health: /health, port: ${port} }
    canary:
      steps: [ {weight: 30, pause: 1500ms}, {weight: 60, pause: 1500ms}, {weight: 80, pause: 1500ms}, {weight: 100} ]
      onHold: fail
      analysis:
        interval: 250ms
        metrics:
          - { name: errors, source: local, metric: error-rate, compare: stable, test: sequential, minRequests: 10 }
`
const store = () => new StateStore(ws.stateDir, 'demo')

beforeEach(async () => {
  ws = createWorkspace()
  port = await freePort()
  ws.app('app-v1')
  ws.app('app-v2')
  ws.writeConfig(config())
})
afterEach(async () => ws.cleanup())

describe('a canary across separate runs', () => {
  it('three runs, each one step, the evidence carried through the state output to a runner without the state', async () => {
    await ws.run(deploy, { version: 'v1' })
    const started = await ws.run(deploy, { version: 'v2' })
    expect(started.failed).toBeUndefined()
    let carried = started.outputs.state
    const seen: number[] = []
    const load = startLoad(`http://127.0.0.1:${port}/`)
    try {
      for (const expected of ['continue', 'continue', 'promote']) {
        // A fresh runner: its state directory holds only the router's files, not the environment's record.
        rmSync(join(store().dir, 'state.json'), { force: true })
        const r = await ws.run(canaryStep, { step: 'next', state: carried })
        expect(r.failed).toBeUndefined()
        expect(r.outputs.decision).toBe(expected)
        carried = r.outputs.state
        const canary = JSON.parse(carried).canary as { judgement?: { sequential: Record<string, { canary: { requests: number } }> } } | null
        if (canary) seen.push(Object.values(canary.judgement?.sequential ?? {})[0]?.canary.requests ?? 0)
      }
    } finally {
      await load.stop()
    }
    // The canary's requests judged so far only grow from run to run: nothing was reset.
    expect(seen).toHaveLength(2)
    expect(seen[0]).toBeGreaterThan(0)
    expect(seen[1]).toBeGreaterThan(seen[0])
    expect(store().read().stable?.version).toBe('v2')
    expect((await get(`http://127.0.0.1:${port}/`)).version).toBe('v2')
  })
})
