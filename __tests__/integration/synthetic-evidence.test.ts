import { describe, it, expect, beforeEach, afterEach } from '@jest/globals'
import { run as deploy } from '../../actions/deploy/src/main.js'
import { createWorkspace, freePort, type TestWorkspace } from '../helpers/workspace.js'
import { judgeUnderLoad } from '../helpers/load.js'
import { StateStore } from '../../shared/state/store.js'
import { renderDeploySummary } from '../../shared/report/summary.js'

// Evidence on demand (analysis.synthetic, issue 39) on the real local router: at 1 request/s of real
// traffic, a canary step tops both versions up with its own pinned requests, so a healthy canary is
// promoted within its pause (held and aborted without them) and a failing one is aborted; the record
// and the summary say how many requests the step made, and to which version.
let ws: TestWorkspace
let port: number

const config = (synthetic: string) => `version: 1
environments:
  demo:
    branches: [main]
    strategy: canary
    timeout: 20s
    local: { app: 'app-{{version}}', start: node server.js, health: /health, port: ${port}, minReady: 100ms }
    canary:
      steps: [ {weight: 10, pause: 8s}, {weight: 100} ]
      holdTimeout: 4s
      analysis:
        interval: 1s
${synthetic}        metrics:
          - { name: errors, source: local, metric: error-rate, compare: stable, minEffect: 20% }
`

beforeEach(async () => {
  ws = createWorkspace()
  port = await freePort()
  ws.app('app-v1')
  ws.app('app-v2')
  ws.app('app-v3', { errorRate: 0.3 })
})
afterEach(async () => ws.cleanup())

/** A canary of `version` under 1 request/s of real traffic, judged to the end. */
const canaryOf = (version: string) => judgeUnderLoad(ws, version, `http://127.0.0.1:${port}/`, { workers: 1, pauseMs: 1000 })

describe('analysis.synthetic', () => {
  it('at 1 request/s, a healthy canary is promoted on evidence the step makes itself, and held without it', async () => {
    ws.writeConfig(config(''))
    expect((await ws.run(deploy, { version: 'v1' })).failed).toBeUndefined()
    const starved = await canaryOf('v2')
    expect(starved.decision).not.toBe('promote')
    expect(starved.log).toMatch(/held at step 0 .* without enough evidence/)

    ws.writeConfig(config('        synthetic: { rate: 50, requests: [ { path: / }, { path: /health, method: HEAD } ] }\n'))
    const fed = await canaryOf('v2')
    expect(fed.decision).toBe('promote')
    expect(fed.log).toMatch(/Synthetic evidence on: each version topped up to 50 requests\/s while real traffic is short \(at most 600 this step\)/)
    const step = new StateStore(ws.stateDir, 'demo').read().records.at(-1)?.steps.find((s) => s.step === 0)
    expect(step?.synthetic?.canary).toBeGreaterThan(20)
    expect(step?.synthetic?.stable).toBe(step?.synthetic?.canary)
    expect(step?.synthetic?.canary).toBeLessThanOrEqual(300) // the least that reached the power, under the 600 budget
    const record = new StateStore(ws.stateDir, 'demo').read().records.at(-1)
    expect(renderDeploySummary(record as NonNullable<typeof record>)).toMatch(/\| synthetic requests \|[^\n]*\n[^\n]*\n\| 0 \| 10% \| [^|]+ \| [^|]+ \| \d+ \(\d+ canary, \d+ stable\) \|/)
  }, 120_000)

  it('a canary failing 30% of requests is aborted on the step\'s own evidence', async () => {
    ws.writeConfig(config('        synthetic: { rate: 50, max: 200 }\n'))
    expect((await ws.run(deploy, { version: 'v1' })).failed).toBeUndefined()
    const failing = await canaryOf('v3')
    expect(failing.decision).toBe('abort')
    expect(failing.log).toMatch(/errors: fail \(worse than v1/)
    const step = new StateStore(ws.stateDir, 'demo').read().records.at(-1)?.steps.find((s) => s.step === 0)
    expect((step?.synthetic?.canary ?? 0) + (step?.synthetic?.stable ?? 0)).toBeLessThanOrEqual(200)
  }, 120_000)
})
