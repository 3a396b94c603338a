import { describe, it, expect, beforeEach, afterEach, jest } from '@jest/globals'
import { run as deploy } from '../../actions/deploy/src/main.js'
import { run as canaryStep } from '../../actions/canary-step/src/main.js'
import { createWorkspace, freePort, type TestWorkspace } from '../helpers/workspace.js'
import { startPacedLoad } from '../helpers/load.js'
import { StateStore } from '../../shared/state/store.js'

// Issue 22 on the real local router: a modest site (15 requests/s, paced, an app that never errs and
// answers in 40 ms) judged with the README's recommended settings. A healthy release is promoted within its
// pauses; a release failing 5% of requests and one three times slower are aborted. The router's own
// counters are the measurements; the clients see no failed request from a promotion.

jest.setTimeout(150_000)
let ws: TestWorkspace
let port: number

const config = () => `version: 1
environments:
  demo:
    branches: [main]
    strategy: canary
    timeout: 30s
    local: { app: 'app-{{version}}', start: node server.js, health: /health, port: ${port}, minReady: 100ms }
    canary:
      steps: [ {weight: 25, pause: 45s}, {weight: 50, pause: 45s}, {weight: 100} ]
      analysis:
        interval: 5s
        metrics:
          - { name: errors, source: local, metric: error-rate, compare: stable, maxIncrease: 50%, alpha: 0.01 }
          - { name: latency, source: local, metric: latency-p95, compare: stable, maxIncrease: 20%, alpha: 0.01 }
`

beforeEach(async () => {
  ws = createWorkspace()
  port = await freePort()
  ws.app('app-v1', { delayMs: 40 })
  ws.app('app-healthy', { delayMs: 40 })
  ws.app('app-errors', { delayMs: 40, errorRate: 0.05 })
  ws.app('app-slow', { delayMs: 120 })
  ws.writeConfig(config())
  const first = await ws.run(deploy, { version: 'v1' })
  expect(first.failed).toBeUndefined()
})
afterEach(async () => ws.cleanup())

async function canaryOf(version: string) {
  const d = await ws.run(deploy, { version })
  expect(d.failed).toBeUndefined()
  const load = startPacedLoad(`http://127.0.0.1:${port}/`, 15)
  const started = Date.now()
  const step = await ws.run(canaryStep, { step: 'all' })
  const seconds = (Date.now() - started) / 1000
  const seen = await load.stop()
  return { step, seconds, seen, state: new StateStore(ws.stateDir, 'demo').read() }
}

describe('the judge at 15 requests/s on the local router', () => {
  it('promotes a healthy release within its pauses, on evidence (a bound under a material regression, or the power to catch one)', async () => {
    const { step, seconds, seen, state } = await canaryOf('healthy')
    expect(step.outputs.decision).toBe('promote')
    expect(seconds).toBeLessThan(95) // the two pauses and a little: no hold past them
    expect(state.stable?.version).toBe('healthy')
    const steps = JSON.parse(step.outputs.analysis) as Array<{ step: number; results: Array<{ metric: string; evidence?: { status: string } }> }>
    const last = steps.at(-1)?.results ?? []
    for (const r of last) expect(['safe', 'powered']).toContain(r.evidence?.status)
    expect(seen.errors + seen.non2xx).toBe(0)
  })

  it('aborts a release that fails 5% of requests, and one three times slower, back to stable', async () => {
    const errors = await canaryOf('errors')
    expect(errors.step.outputs.decision).toBe('abort')
    expect(errors.step.outputs.reason).toMatch(/errors \(sequential test against stable\): worse than v1/)
    expect(errors.state.stable?.version).toBe('v1')
    const slow = await canaryOf('slow')
    expect(slow.step.outputs.decision).toBe('abort')
    expect(slow.step.outputs.reason).toMatch(/latency \(sequential test against stable\): slower than v1 by more than 20% \(and 10ms\) at p95/)
    expect(slow.seconds).toBeLessThan(45) // within the first pause
    expect(slow.state.stable?.version).toBe('v1')
  })
})
