import { describe, it, expect, beforeEach, afterEach } from '@jest/globals'
import { run as deploy } from '../../actions/deploy/src/main.js'
import { createWorkspace, freePort, type TestWorkspace } from '../helpers/workspace.js'
import { judgeUnderLoad } from '../helpers/load.js'
import { StateStore } from '../../shared/state/store.js'
import { runPlan } from '../../cli/src/main.js'

// Priors from history (issue 39) on the real local router: a promoted canary's own measurements become
// the environment's profile of the new stable version, the next canary's judge starts from it (and says
// so), an aborted canary adds stable's side to it, and analysis.priors: false leaves it out.
let ws: TestWorkspace
let port: number

const config = (priors = '') => `version: 1
environments:
  demo:
    branches: [main]
    strategy: canary
    timeout: 20s
    local: { app: 'app-{{version}}', start: node server.js, health: /health, port: ${port}, minReady: 100ms }
    canary:
      steps: [ {weight: 50, pause: 8s}, {weight: 100} ]
      holdTimeout: 10s
      analysis:
        interval: 1s
${priors}        metrics:
          - { name: errors, source: local, metric: error-rate, compare: stable, minEffect: 5% }
          - { name: latency, source: local, metric: latency-p95, compare: stable, maxIncrease: 50%, minEffect: 200ms }
          # A fixed limit is never proven safe early: each step runs its whole pause, so the history has hundreds of requests.
          - { name: broken, source: local, metric: error-rate, max: 0.4 }
`

beforeEach(async () => {
  ws = createWorkspace()
  port = await freePort()
  for (const v of ['v1', 'v2', 'v3']) ws.app(`app-${v}`)
  ws.app('app-v4', { errorRate: 0.5 })
})
afterEach(async () => ws.cleanup())

const canaryOf = (version: string) => judgeUnderLoad(ws, version, `http://127.0.0.1:${port}/`, { workers: 4, pauseMs: 2 })
const state = () => new StateStore(ws.stateDir, 'demo').read()

describe('analysis priors', () => {
  it('a promoted canary becomes the profile of stable; the next canary starts from it; an abort adds to it', async () => {
    ws.writeConfig(config())
    expect((await ws.run(deploy, { version: 'v1' })).failed).toBeUndefined()
    const first = await canaryOf('v2')
    expect(first.decision).toBe('promote')
    expect(first.log).not.toMatch(/analysis\.priors/)
    const profile = state().profile
    expect(profile?.version).toBe('v2')
    expect(profile?.metrics.errors.requests).toBeGreaterThan(0)
    expect(profile?.metrics.latency.histogram?.length).toBeGreaterThan(0)

    // glidepath plan rehearses with the same prior: stable never erred in its history, so the error test
    // bets on a canary that errs where stable does not: the same traffic gives it more power than without.
    const plan = async () => JSON.parse((await ws.run(runPlan, { version: 'v3', rate: '5' }, { GITHUB_REF: 'refs/heads/main', GITHUB_EVENT_NAME: 'push' })).outputs.plan)
    const primed = await plan()
    const store = new StateStore(ws.stateDir, 'demo')
    store.write({ ...store.read(), profile: null })
    const bare = await plan()
    store.write({ ...store.read(), profile })
    expect(primed.metrics[0].power).toBeGreaterThan(bare.metrics[0].power)

    const second = await canaryOf('v4')
    expect(second.decision).toBe('abort')
    expect(second.log).toMatch(/Judging from what earlier canaries measured of v2 \(analysis\.priors\): errors: \d+ error\(s\) in \d+ requests; latency: \d+ requests' latencies/)
    const after = state().profile
    expect(after?.version).toBe('v2')
    expect(after?.metrics.errors.requests).toBeGreaterThan(profile?.metrics.errors.requests ?? 0)
  })

  it('analysis.priors: false judges each canary on its own evidence', async () => {
    ws.writeConfig(config('        priors: false\n'))
    expect((await ws.run(deploy, { version: 'v1' })).failed).toBeUndefined()
    expect((await canaryOf('v2')).decision).toBe('promote')
    expect(state().profile?.version).toBe('v2')
    const next = await canaryOf('v3')
    expect(next.log).not.toMatch(/analysis\.priors/)
    expect(state().records.at(-1)?.status).toBe('success')
  })
})
