import { describe, it, expect, beforeEach, afterEach } from '@jest/globals'
import { run as deploy } from '../../actions/deploy/src/main.js'
import { run as canaryStep } from '../../actions/canary-step/src/main.js'
import { run as rollback } from '../../actions/rollback/src/main.js'
import { createWorkspace, freePort, get, type TestWorkspace } from '../helpers/workspace.js'
import { startLoad } from '../helpers/load.js'
import { StateStore } from '../../shared/state/store.js'
import { LocalRouterClient } from '../../shared/traffic/local/client.js'
import { join } from 'node:path'
import { writeFileSync, rmSync } from 'node:fs'

// Canaries on the local provider: the real router splits traffic, its counters feed the analysis.
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
      steps: [ {weight: 30, pause: 2s}, {weight: 60, pause: 2s}, {weight: 100} ]
      analysis:
        interval: 1s
        metrics:
          - { name: errors, source: local, metric: error-rate, max: 0.05 }
          - { name: slow, source: local, metric: latency-p95, max: 400ms }
    rollback: { automatic: true }
`
const routes = () => new LocalRouterClient(join(ws.stateDir, 'demo'), port).routes()
const state = () => new StateStore(ws.stateDir, 'demo').read()

beforeEach(async () => {
  ws = createWorkspace()
  port = await freePort()
  ws.app('app-v1')
  ws.app('app-v2')
  ws.app('app-v3', { errorRate: 1 })
  ws.app('app-v4', { delayMs: 800 })
  ws.writeConfig(config())
  await ws.run(deploy, { version: 'v1', strategy: 'rolling' })
})
afterEach(async () => ws.cleanup())

describe('canary on the local router', () => {
  it('promotes a healthy canary step by step to 100%', async () => {
    const d = await ws.run(deploy, { version: 'v2' })
    expect(JSON.parse(d.outputs.record)).toMatchObject({ phase: 'canary', step: 0, weights: { canary: 30 } })
    expect(routes()).toMatchObject({ weight: 30, canary: { version: 'v2' }, stable: { version: 'v1' } })
    const load = startLoad(`http://127.0.0.1:${port}/`)
    const s1 = await ws.run(canaryStep, { step: 'next' })
    expect(s1.outputs).toMatchObject({ decision: 'continue', weight: '60', step: '1' })
    expect(routes().weight).toBe(60)
    const analysis = JSON.parse(s1.outputs.analysis)
    expect(analysis[0].results.map((r: { verdict: string }) => r.verdict)).toEqual(['pass', 'pass'])
    const s2 = await ws.run(canaryStep, { step: 'next' })
    await load.stop()
    expect(s2.outputs).toMatchObject({ decision: 'promote', weight: '100' })
    expect(routes()).toMatchObject({ stable: { version: 'v2' }, canary: null, weight: 0 })
    expect(state().stable?.version).toBe('v2')
    expect((await get(`http://127.0.0.1:${port}/`)).version).toBe('v2')
    const again = await ws.run(canaryStep, { step: 'next' })
    expect(again.outputs.decision).toBe('complete')
  })

  it('aborts a canary answering 5xx: weight 0 first, stable serves, reason recorded', async () => {
    await ws.run(deploy, { version: 'v3' })
    const load = startLoad(`http://127.0.0.1:${port}/`)
    const s = await ws.run(canaryStep, { step: 'all' })
    await load.stop()
    expect(s.outputs.decision).toBe('abort')
    expect(s.outputs.weight).toBe('0')
    expect(s.outputs.reason).toMatch(/errors failed 1 time\(s\), over failureLimit 0: 1 > max 0\.0500/)
    expect(s.failed).toMatch(/GP-CANARY-003.*Canary v3 aborted at step 0/)
    expect(s.outputs['error-code']).toBe('GP-CANARY-003')
    expect(routes()).toMatchObject({ canary: null, weight: 0, stable: { version: 'v1' } })
    expect(state().records.at(-1)).toMatchObject({ version: 'v3', status: 'aborted', rollback: { from: 'v3', to: 'v1' } })
    // Abort twice is safe and changes nothing.
    const twice = await ws.run(canaryStep, { step: 'abort' })
    expect(twice.failed).toBeUndefined()
    expect(twice.outputs.decision).toBe('abort')
    expect((await get(`http://127.0.0.1:${port}/`)).version).toBe('v1')
  })

  it('aborts a slow canary on latency', async () => {
    await ws.run(deploy, { version: 'v4' })
    const load = startLoad(`http://127.0.0.1:${port}/`, { concurrency: 8 })
    const s = await ws.run(canaryStep, { step: 'next' })
    await load.stop()
    expect(s.outputs.decision).toBe('abort')
    expect(s.outputs.reason).toMatch(/slow failed/)
  })

  it('a step without traffic is never a pass: past its hold budget it aborts by default (never a green job with traffic split)', async () => {
    await ws.run(deploy, { version: 'v2' })
    const s = await ws.run(canaryStep, { step: 'all' })
    expect(s.outputs.decision).toBe('abort')
    expect(s.outputs.reason).toMatch(/held at step 0 \(30%\) past its budget of 2s without enough evidence: no passing measurement for errors, slow.*onHold: abort/)
    expect(s.failed).toMatch(/GP-CANARY-004/)
    expect(routes()).toMatchObject({ canary: null, weight: 0, stable: { version: 'v1' } })
    expect(state().canary).toBeNull()
  })

  it('onHold: fail keeps the canary where it is and fails the job; the next run judges the step again', async () => {
    ws.writeConfig(config().replace('canary:\n      steps', 'canary:\n      onHold: fail\n      holdTimeout: 1s\n      steps'))
    await ws.run(deploy, { version: 'v2' })
    const s = await ws.run(canaryStep, { step: 'next' })
    expect(s.outputs.decision).toBe('hold')
    expect(s.outputs.transition).toBe('judge-step')
    expect(s.failed).toMatch(/GP-CANARY-004.*holds at step 0 with 30% of traffic.*Traffic stays split/)
    expect(routes().weight).toBe(30)
    expect(state().canary).toMatchObject({ version: 'v2', step: 0, holding: { reason: expect.stringMatching(/no passing measurement/) } })
    const load = startLoad(`http://127.0.0.1:${port}/`)
    const again = await ws.run(canaryStep, { step: 'next' })
    await load.stop()
    expect(again.outputs).toMatchObject({ decision: 'continue', step: '1', weight: '60' })
    expect(state().canary?.holding).toBeUndefined()
  })

  it('never advances twice when the same job step is re-run', async () => {
    await ws.run(deploy, { version: 'v2' })
    const env = { GITHUB_RUN_ID: '777', GITHUB_JOB: 'canary', GITHUB_ACTION: 'step1' }
    const load = startLoad(`http://127.0.0.1:${port}/`)
    const first = await ws.run(canaryStep, { step: 'next', pause: '0s' }, env)
    await load.stop()
    expect(first.outputs.step).toBe('1')
    const rerun = await ws.run(canaryStep, { step: 'next', pause: '0s' }, { ...env, GITHUB_RUN_ATTEMPT: '2' })
    expect(rerun.outputs.step).toBe('1')
    expect(rerun.logs.some((l) => l.message.includes('already advanced the canary to step 1'))).toBe(true)
    expect(routes().weight).toBe(60)
  })

  it('resumes the written step after a crash between writing state and shifting traffic', async () => {
    await ws.run(deploy, { version: 'v2' })
    const store = new StateStore(ws.stateDir, 'demo')
    const s = store.read()
    // As if a run wrote step 1 and died before the router changed.
    store.write({ ...s, canary: { ...s.canary!, step: 1, weight: 60, applied: false } })
    expect(routes().weight).toBe(30)
    const r = await ws.run(canaryStep, { step: 'next', pause: '0s' })
    expect(r.outputs).toMatchObject({ step: '1', weight: '60' })
    expect(routes().weight).toBe(60)
  })

  it('rollback after an analysis abort keeps stable and never goes further back', async () => {
    await ws.run(deploy, { version: 'v3' })
    const load = startLoad(`http://127.0.0.1:${port}/`)
    const s = await ws.run(canaryStep, { step: 'next' })
    await load.stop()
    expect(s.outputs.decision).toBe('abort')
    // The workflow's `rollback if: failure()` step runs next.
    const rb = await ws.run(rollback, { reason: 'canary failed' })
    expect(rb.failed).toBeUndefined()
    expect(rb.outputs).toMatchObject({ 'from-version': 'v3', 'to-version': 'v1', 'rolled-back': 'true' })
    expect(routes()).toMatchObject({ stable: { version: 'v1' }, canary: null })
    expect(state().stable?.version).toBe('v1')
  })

  it('rollback during a canary aborts it and keeps stable', async () => {
    await ws.run(deploy, { version: 'v2' })
    const r = await ws.run(rollback, { reason: 'manual stop' })
    expect(r.outputs).toMatchObject({ 'from-version': 'v2', 'to-version': 'v1', 'rolled-back': 'true' })
    expect(routes()).toMatchObject({ canary: null, weight: 0 })
  })

  it('promotes a flapping canary whose failures stay within failureLimit', async () => {
    ws.writeConfig(config().replace('- { name: errors, source: local, metric: error-rate, max: 0.05 }', '- { name: errors, source: local, metric: error-rate, max: 0.05, failureLimit: 3 }').replace('{weight: 30, pause: 2s}', '{weight: 30, pause: 4s}'))
    await ws.run(deploy, { version: 'v2' })
    const load = startLoad(`http://127.0.0.1:${port}/`)
    const failFlag = join(ws.stateDir, 'demo', 'releases', 'v2', 'FAIL')
    setTimeout(() => writeFileSync(failFlag, ''), 1200)
    setTimeout(() => rmSync(failFlag, { force: true }), 2000)
    const s = await ws.run(canaryStep, { step: 'next' })
    await load.stop()
    expect(s.outputs.decision).toBe('continue')
    const record = new StateStore(ws.stateDir, 'demo').read().records.at(-1)
    expect(record?.steps[0].decision).toBe('continue')
    expect(s.logs.some((l) => l.message.includes('errors: fail'))).toBe(true)
  })

  it('judges with the probe source: synthetic requests to the canary alone', async () => {
    ws.writeConfig(config().replace(/metrics:\n[\s\S]*?rollback/, `metrics:
          - { name: probe-errors, source: probe, metric: error-rate, max: 0.05, requests: 10 }
          - { name: probe-p95, source: probe, metric: latency-p95, max: 400ms }
    rollback`))
    await ws.run(deploy, { version: 'v3' })
    const s = await ws.run(canaryStep, { step: 'next' })
    expect(s.outputs.decision).toBe('abort')
    expect(s.outputs.reason).toMatch(/probe-errors failed 1 time\(s\), over failureLimit 0: 1 > max/)
    await ws.run(deploy, { version: 'v2' })
    const ok = await ws.run(canaryStep, { step: 'next' })
    expect(ok.outputs.decision).toBe('continue')
  })

  it('judges with the http source and treats a non-number as an error', async () => {
    const { startServer, json } = await import('../helpers/http-server.js')
    let value: unknown = 0.01
    const srv = await startServer({ '/stats': (q, res) => json(res, 200, { canary: { version: new URL(q.url!, 'http://x').searchParams.get('v'), errorRate: value } }) })
    try {
      ws.writeConfig(config().replace(/metrics:\n[\s\S]*?rollback/, `metrics:
          - { name: ext, source: http, url: '${srv.url}/stats?v={{canary.version}}', path: $.canary.errorRate, max: 0.05, errorLimit: 1 }
    rollback`))
      await ws.run(deploy, { version: 'v2' })
      const ok = await ws.run(canaryStep, { step: 'next' })
      expect(ok.outputs.decision).toBe('continue')
      expect(srv.requests.some((r) => r.url === '/stats?v=v2')).toBe(true)
      value = 'garbage'
      const bad = await ws.run(canaryStep, { step: 'next' })
      expect(bad.outputs.decision).toBe('abort')
      expect(bad.outputs.reason).toMatch(/could not be measured 2 time\(s\), over errorLimit 1: http: \$\.canary\.errorRate is "garbage", not a number/)
    } finally {
      await srv.close()
    }
  })

  it('promote and abort work as explicit manual gates', async () => {
    await ws.run(deploy, { version: 'v2' })
    const p = await ws.run(canaryStep, { step: 'promote', reason: 'approved by reviewer' })
    expect(p.outputs).toMatchObject({ decision: 'promote', weight: '100' })
    expect(state().records.at(-1)).toMatchObject({ status: 'success', reason: 'approved by reviewer' })
  })
})
