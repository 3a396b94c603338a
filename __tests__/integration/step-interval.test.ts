import { describe, it, expect, beforeEach, afterEach } from '@jest/globals'
import { run as deploy } from '../../actions/deploy/src/main.js'
import { run as canaryStep } from '../../actions/canary-step/src/main.js'
import { createWorkspace, freePort, type TestWorkspace } from '../helpers/workspace.js'
import { startFetchLoad } from '../helpers/load.js'
import { StateStore } from '../../shared/state/store.js'

// A per-step analysis interval (canary.steps[].interval, issue 39 item 5), on the real local router: the
// step that names one is measured at its own pace, the others at analysis.interval.
let ws: TestWorkspace
let port: number

beforeEach(async () => {
  ws = createWorkspace()
  port = await freePort()
  ws.app('app-v1')
  ws.app('app-v2')
})
afterEach(async () => ws.cleanup())

describe('canary.steps[].interval', () => {
  it('a step with its own interval is measured at that pace; the next at analysis.interval', async () => {
    ws.writeConfig(`version: 1
environments:
  demo:
    branches: [main]
    strategy: canary
    timeout: 20s
    local: { app: 'app-{{version}}', start: node server.js, health: /health, port: ${port}, minReady: 100ms }
    canary:
      steps: [ {weight: 50, pause: 2s, interval: 500ms}, {weight: 60, pause: 2s}, {weight: 100} ]
      analysis:
        interval: 1s
        metrics:
          - { name: errors, source: local, metric: error-rate, max: 0.05 }
`)
    expect((await ws.run(deploy, { version: 'v1' })).failed).toBeUndefined()
    expect((await ws.run(deploy, { version: 'v2' })).failed).toBeUndefined()
    const load = startFetchLoad(`http://127.0.0.1:${port}/`, { workers: 2, pauseMs: 20 })
    try {
      const r = await ws.run(canaryStep, { step: 'all' })
      expect(r.outputs.decision).toBe('promote')
      const log = r.logs.map((l) => l.message).join('\n')
      expect(log).toMatch(/Analysing every 500ms for 2s/)
      expect(log).toMatch(/Analysing every 1s for 2s/)
    } finally {
      await load.stop()
    }
    const steps = new StateStore(ws.stateDir, 'demo').read().records.at(-1)?.steps ?? []
    expect(steps.find((s) => s.step === 0)?.intervals?.length).toBeGreaterThanOrEqual(3)
    expect(steps.find((s) => s.step === 1)?.intervals?.length).toBeLessThanOrEqual(2)
  }, 60_000)
})
