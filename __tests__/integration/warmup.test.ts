import { describe, it, expect, beforeEach, afterEach } from '@jest/globals'
import { run as deploy } from '../../actions/deploy/src/main.js'
import { createWorkspace, freePort, type TestWorkspace } from '../helpers/workspace.js'
import { judgeUnderLoad } from '../helpers/load.js'
import { StateStore } from '../../shared/state/store.js'

// Warm-up is not a regression (issue 39): a release slow only for its first seconds (a cache to fill) is
// promoted when analysis.warmup is set, and aborted without it; a release that stays slow is still caught
// once its latency settles. The real local router and its counters, under real load.
let ws: TestWorkspace
let port: number

const config = (warmup: string) => `version: 1
environments:
  demo:
    branches: [main]
    strategy: canary
    timeout: 20s
    local: { app: 'app-{{version}}', start: node server.js, health: /health, port: ${port}, minReady: 100ms }
    canary:
      steps: [ {weight: 50, pause: 5s}, {weight: 100} ]
      holdTimeout: 6s
      analysis:
        interval: 500ms
${warmup}        metrics:
          - { name: errors, source: local, metric: error-rate, max: 0.05 }
          - { name: latency, source: local, metric: latency-p95, max: 150ms }
`

beforeEach(async () => {
  ws = createWorkspace()
  port = await freePort()
  ws.app('app-v1')
  // Slow for its first 2.5 s (each answer 300 ms late), then as fast as v1.
  ws.app('app-v2', { coldForMs: 2500, coldDelayMs: 300 })
  // Slow for good.
  ws.app('app-v3', { delayMs: 300 })
})
afterEach(async () => ws.cleanup())

const canaryOf = (version: string) => judgeUnderLoad(ws, version, `http://127.0.0.1:${port}/`, { workers: 4, pauseMs: 5 })

describe('analysis.warmup', () => {
  it('a release slow only while it warms up is promoted with analysis.warmup, and aborted as slow without it', async () => {
    ws.writeConfig(config(''))
    expect((await ws.run(deploy, { version: 'v1' })).failed).toBeUndefined()
    const cold = await canaryOf('v2')
    expect(cold.decision).toBe('abort')
    expect(cold.log).toMatch(/latency failed/)

    ws.writeConfig(config('        warmup: 10s\n'))
    const warm = await canaryOf('v2')
    expect(warm.decision).toBe('promote')
    expect(warm.log).toMatch(/latency: \w+ \(warm-up, not judged: /)
    expect(warm.log).toMatch(/Warm-up of v2 over: its latency met its bound \([\d.]+ <= 150\); its latency is judged from the next interval/)
    // Judged after warm-up: a latency verdict that decided, not only warm ones.
    expect(warm.log).toMatch(/latency: pass \([\d.]+ms within max 150ms\)/)
    const steps = new StateStore(ws.stateDir, 'demo').read().records.filter((r) => r.version === 'v2').at(-1)?.steps ?? []
    expect(steps[0].intervals?.some((p) => p.warm)).toBe(true)
    expect(steps[0].intervals?.some((p) => !p.warm)).toBe(true)
  }, 90_000)

  it('a release that stays slow never meets its bound: it is judged, and aborted, once analysis.warmup has passed; errors abort during warm-up', async () => {
    ws.writeConfig(config('        warmup: 2s\n'))
    expect((await ws.run(deploy, { version: 'v1' })).failed).toBeUndefined()
    const slow = await canaryOf('v3')
    expect(slow.decision).toBe('abort')
    expect(slow.log).toMatch(/Warm-up of v3 over: its longest, analysis.warmup \(2s\), passed; its latency is judged from this interval/)
    expect(slow.log).toMatch(/latency failed/)
    expect(new StateStore(ws.stateDir, 'demo').read().stable?.version).toBe('v1')
    // Errors are never warm-up: a failing release is aborted at the first interval that shows it.
    ws.app('app-v4', { errorRate: 0.6, coldForMs: 10_000, coldDelayMs: 300 })
    const failing = await canaryOf('v4')
    expect(failing.decision).toBe('abort')
    expect(failing.log).toMatch(/errors failed/)
    expect(failing.log).not.toMatch(/Warm-up of v4 over/)
  }, 90_000)
})
