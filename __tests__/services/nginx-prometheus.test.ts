import { describe, it, expect, beforeAll, afterAll, beforeEach, afterEach } from '@jest/globals'
import { writeFileSync, readFileSync, chmodSync, mkdirSync, cpSync } from 'node:fs'
import { join } from 'node:path'
import { run as deploy } from '../../actions/deploy/src/main.js'
import { run as canaryStep } from '../../actions/canary-step/src/main.js'
import { run as rollback } from '../../actions/rollback/src/main.js'
import { createWorkspace, freePort, DEMO_APP, type TestWorkspace } from '../helpers/workspace.js'
import { startNginx, startPrometheus, placeScript, killPlaced, type RealNginx, type RealPrometheus } from '../helpers/real-services.js'
import { startLoad } from '../helpers/load.js'
import { StateStore } from '../../shared/state/store.js'
import { httpRequest } from '../../shared/http/request.js'
import { NginxRouter } from '../../shared/traffic/nginx.js'

// A VM behind nginx (SPEC 3.1): the command provider puts versions on a stable and a canary port, the
// nginx router splits traffic through a real nginx, and a real Prometheus scraping both apps every
// second judges the canary.
let nginx: RealNginx
let prom: RealPrometheus
let stablePort: number
let canaryPort: number
let ws: TestWorkspace
let runDir: string
let testNo = 0
let v: (name: string) => string

beforeAll(async () => {
  stablePort = await freePort()
  canaryPort = await freePort()
  nginx = await startNginx('web', `upstream web { server 127.0.0.1:${stablePort}; }\n`)
  prom = await startPrometheus([`127.0.0.1:${stablePort}`, `127.0.0.1:${canaryPort}`])
})
afterAll(async () => {
  nginx?.stop()
  await prom?.stop()
})

function config(extra: { analysis?: string; reload?: string; canaryAddress?: string } = {}) {
  return `version: 1
environments:
  vm:
    branches: [main]
    strategy: canary
    timeout: 30s
    command: { deploy: ./place.sh }
    traffic:
      router: nginx
      nginx:
        upstream: web
        file: ${nginx.upstreamFile}
        stable: 127.0.0.1:${stablePort}
        canary: ${extra.canaryAddress ?? `127.0.0.1:${canaryPort}`}
        test: '${nginx.testCommand}'
        reload: '${extra.reload ?? nginx.reloadCommand}'
        accessLog: ${nginx.accessLog}
    canary:
      steps: [ {weight: 30, pause: 4s}, {weight: 60, pause: 4s}, {weight: 100} ]
      analysis:
        interval: 1s
        minRequests: 5
        prometheus: { address: ${prom.url} }
${extra.analysis ?? `        metrics:
          - name: errors
            source: prometheus
            query: 'sum(rate(app_requests_total{version="{{canary.version}}",code="5xx"}[3s])) / sum(rate(app_requests_total{version="{{canary.version}}"}[3s]))'
            volumeQuery: 'sum(increase(app_requests_total{version="{{canary.version}}"}[3s]))'
            max: 0.05
          - name: p95
            source: prometheus
            query: 'histogram_quantile(0.95, sum by (le) (rate(app_request_duration_seconds_bucket{version="{{canary.version}}"}[3s]))) * 1000'
            max: 300`}
    rollback: { automatic: true }
`
}

beforeEach(async () => {
  testNo++
  v = (name) => `t${testNo}-${name}`
  ws = createWorkspace()
  runDir = join(ws.dir, 'run')
  for (const [name, behaviour] of [['v1', {}], ['v2', {}], ['bad', { errorRate: 1 }], ['slow', { delayMs: 500 }]] as const) {
    const dir = join(ws.dir, 'apps', v(name))
    mkdirSync(dir, { recursive: true })
    cpSync(DEMO_APP, dir, { recursive: true })
    writeFileSync(join(dir, 'behaviour.json'), JSON.stringify(behaviour))
  }
  writeFileSync(join(ws.dir, 'place.sh'), placeScript(join(ws.dir, 'apps'), runDir))
  chmodSync(join(ws.dir, 'place.sh'), 0o755)
  ws.writeConfig(config())
  const first = await ws.run(deploy, { version: v('v1'), strategy: 'rolling' })
  if (first.failed) throw new Error(first.failed)
})
afterEach(async () => {
  killPlaced(runDir)
  nginx.reset()
  await ws.cleanup()
})

// A new connection per request, so that no request rides on a worker left over from before a reload.
async function split(n = 60): Promise<Record<string, number>> {
  const seen: Record<string, number> = {}
  for (let i = 0; i < n; i++) {
    const res = await httpRequest(`${nginx.url}/`)
    const ver = res.headers.get('x-version') ?? `status ${res.status}`
    seen[ver] = (seen[ver] ?? 0) + 1
  }
  return seen
}
const upstream = () => readFileSync(nginx.upstreamFile, 'utf8')
const state = () => new StateStore(ws.stateDir, 'vm').read()

describe('canary through real nginx, judged by real Prometheus', () => {
  it('promotes a healthy canary: weights in the upstream file and in the traffic, then all on the new version', async () => {
    const d = await ws.run(deploy, { version: v('v2') })
    expect(d.failed).toBeUndefined()
    expect(upstream()).toContain(`server 127.0.0.1:${stablePort} weight=70;`)
    expect(upstream()).toContain(`server 127.0.0.1:${canaryPort} weight=30;`)
    const seen = await split(100)
    expect(seen[v('v2')]).toBe(30) // nginx's weighted round robin is exact over 100 requests
    await prom.ready(2)
    const load = startLoad(`${nginx.url}/`)
    const s1 = await ws.run(canaryStep, { step: 'next' })
    expect(s1.outputs).toMatchObject({ decision: 'continue', weight: '60' })
    expect(upstream()).toContain('weight=40;')
    const s2 = await ws.run(canaryStep, { step: 'next' })
    await load.stop()
    expect(s2.outputs.decision).toBe('promote')
    expect(upstream()).not.toContain(`${canaryPort}`)
    expect(await split(20)).toEqual({ [v('v2')]: 20 })
    expect(state().stable?.version).toBe(v('v2'))
  })

  it('aborts a canary answering 5xx: nginx back to stable only, reason recorded', async () => {
    await ws.run(deploy, { version: v('bad') })
    await prom.ready(2)
    const load = startLoad(`${nginx.url}/`)
    const s = await ws.run(canaryStep, { step: 'all' })
    await load.stop()
    expect(s.outputs.decision).toBe('abort')
    expect(s.outputs.reason).toMatch(/errors failed/)
    expect(upstream()).not.toContain(`${canaryPort}`)
    expect(await split(20)).toEqual({ [v('v1')]: 20 })
    expect(state().records.at(-1)).toMatchObject({ status: 'aborted', version: v('bad') })
    const twice = await ws.run(canaryStep, { step: 'abort' })
    expect(twice.failed).toBeUndefined()
    expect(await split(10)).toEqual({ [v('v1')]: 10 })
  })

  /** Waits until Prometheus has a non-zero count of the version's requests over the queries' 2 s window. */
  async function scrapedRequests(version: string, timeoutMs = 20_000) {
    const end = Date.now() + timeoutMs
    for (;;) {
      const body = (await (await fetch(`${prom.url}/api/v1/query?query=${encodeURIComponent(`sum(increase(app_requests_total{version="${version}"}[2s]))`)}`)).json()) as { data: { result: Array<{ value: [number, string] }> } }
      if (Number(body.data.result[0]?.value[1] ?? 0) > 0) return
      if (Date.now() > end) throw new Error(`Prometheus never counted requests of ${version}`)
      await new Promise((r) => setTimeout(r, 250))
    }
  }

  it('judges the canary against stable with Prometheus queries rendered for each version (sequential), and a probe of both', async () => {
    ws.writeConfig(config({ analysis: `        metrics:
          - name: errors-vs-stable
            source: prometheus
            metric: error-rate
            compare: stable
            alpha: 0.01
            query: 'sum(rate(app_requests_total{version="{{version}}",code="5xx"}[2s])) / sum(rate(app_requests_total{version="{{version}}"}[2s]))'
            volumeQuery: 'sum(increase(app_requests_total{version="{{version}}"}[2s]))'
          - { name: probe-vs-stable, source: probe, metric: error-rate, compare: stable, test: fixed, maxDifference: 0.5, requests: 10 }` }))
    await ws.run(deploy, { version: v('bad') })
    await prom.ready(2)
    const load = startLoad(`${nginx.url}/`, { concurrency: 6 })
    // Prometheus has scraped both versions' requests before the step judges (a busy machine delays the scrapes,
    // and an abort by the probe in the first interval would leave the Prometheus metric without evidence).
    for (const version of [v('bad'), v('v1')]) await scrapedRequests(version)
    const s = await ws.run(canaryStep, { step: 'all' })
    await load.stop()
    expect(s.outputs.decision).toBe('abort')
    expect(s.outputs.reason).toMatch(/(errors-vs-stable \(sequential test against stable\): worse than t\d+-v1|probe-vs-stable \(fixed test against stable\))/)
    // Each metric's last judgement (on a busy machine the interval that decided may hold only the metric that decided).
    const intervals = JSON.parse(s.outputs.analysis) as Array<{ results: Array<{ metric: string; evidence?: Record<string, unknown> }> }>
    const lastOf = (name: string) => intervals.map((i) => i.results.find((r) => r.metric === name)).filter((r) => r?.evidence).at(-1) as { evidence: Record<string, number> }
    const prometheus = lastOf('errors-vs-stable')
    expect(prometheus.evidence).toMatchObject({ test: 'sequential', canaryRequests: expect.any(Number), baselineRequests: expect.any(Number) })
    expect(prometheus.evidence.baselineRequests).toBeGreaterThan(0) // Prometheus gave the stable version's counts too
    const probe = lastOf('probe-vs-stable')
    expect(probe.evidence).toMatchObject({ test: 'fixed', baseline: 0, canaryRequests: 10, baselineRequests: 10 })
    expect(upstream()).not.toContain(`${canaryPort}`)
  })

  it('judges real requests from nginx\'s own access log (source local): a 5xx canary aborted against stable, a healthy one promoted', async () => {
    ws.writeConfig(config({ analysis: `        metrics:
          - { name: errors, source: local, metric: error-rate, compare: stable, alpha: 0.01 }
          - { name: p95, source: local, metric: latency-p95, max: 400ms }` }))
    await ws.run(deploy, { version: v('bad') })
    let load = startLoad(`${nginx.url}/`, { concurrency: 6 })
    const s = await ws.run(canaryStep, { step: 'all' })
    await load.stop()
    expect(s.outputs.decision).toBe('abort')
    expect(s.outputs.reason).toMatch(new RegExp(`errors \\(sequential test against stable\\): worse than ${v('v1')}`))
    const errors = JSON.parse(s.outputs.analysis).at(-1).results.find((r: { metric: string }) => r.metric === 'errors')
    // Both versions' counts came from nginx's log, sorted by the upstream address that answered.
    expect(errors.evidence).toMatchObject({ test: 'sequential', canaryRequests: expect.any(Number), baselineRequests: expect.any(Number) })
    expect(errors.evidence.canaryRequests).toBeGreaterThan(0)
    expect(errors.evidence.baselineRequests).toBeGreaterThan(errors.evidence.canaryRequests)
    expect(upstream()).not.toContain(`${canaryPort}`)

    await ws.run(deploy, { version: v('v2') })
    load = startLoad(`${nginx.url}/`, { concurrency: 4 })
    const ok = await ws.run(canaryStep, { step: 'all' })
    await load.stop()
    expect(ok.failed).toBeUndefined()
    expect(ok.outputs.decision).toBe('promote')
    expect(await split(10)).toEqual({ [v('v2')]: 10 })
    const p95 = JSON.parse(ok.outputs.analysis).at(-1).results.find((r: { metric: string }) => r.metric === 'p95')
    expect(p95).toMatchObject({ verdict: 'pass', value: expect.any(Number) })
    expect(p95.requests).toBeGreaterThan(20) // the canary's own requests through nginx, from its log
  })

  it('source local without an access log is refused before anything changes', async () => {
    ws.writeConfig(config({ analysis: `        metrics:
          - { name: errors, source: local, metric: error-rate, max: 0.01 }` }).replace(/\n\s+accessLog: .*\n/, '\n'))
    const d = await ws.run(deploy, { version: v('v2') })
    expect(d.outputs['error-code']).toBe('GP-CONFIG-002')
    expect(d.logs.map((l) => l.message).join('\n')).toMatch(/source local reads the counters of the router in front/)
    expect(upstream()).not.toContain(`${canaryPort}`)
    expect(state().stable?.version).toBe(v('v1'))
  })

  it('aborts a slow canary on p95 latency from a Prometheus histogram', async () => {
    await ws.run(deploy, { version: v('slow') })
    await prom.ready(2)
    const load = startLoad(`${nginx.url}/`, { concurrency: 8 })
    const s = await ws.run(canaryStep, { step: 'next' })
    await load.stop()
    expect(s.outputs.decision).toBe('abort')
    expect(s.outputs.reason).toMatch(/p95 failed/)
  })

  it('holds with no traffic (the volume query keeps it inconclusive), then aborts past the hold budget: nginx back to stable', async () => {
    await ws.run(deploy, { version: v('v2') })
    const s = await ws.run(canaryStep, { step: 'next' })
    expect(s.outputs.decision).toBe('abort')
    expect(s.outputs['error-code']).toBe('GP-CANARY-004')
    expect(s.outputs.reason).toMatch(/without enough evidence: no passing measurement/)
    expect(upstream()).not.toContain('weight=30;')
    expect(state().canary).toBeNull()
  })

  it('counts an unreachable Prometheus as errors and aborts after errorLimit, never promoting', async () => {
    ws.writeConfig(config({ analysis: `        errorLimit: 2
        metrics:
          - { name: errors, source: prometheus, url: 'http://127.0.0.1:1', query: 'sum(rate(app_requests_total[3s]))', max: 0.05 }` }))
    await ws.run(deploy, { version: v('v2') })
    const s = await ws.run(canaryStep, { step: 'all' })
    expect(s.outputs.decision).toBe('abort')
    expect(s.outputs.reason).toMatch(/could not be measured 3 time\(s\), over errorLimit 2: prometheus: connection refused/)
    expect(state().stable?.version).toBe(v('v1'))
  })

  it('treats an empty result as no data (hold), never a pass', async () => {
    ws.writeConfig(config({ analysis: `        metrics:
          - { name: ghost, source: prometheus, query: 'sum(rate(no_such_metric{version="{{canary.version}}"}[3s]))', max: 1 }` }))
    await ws.run(deploy, { version: v('v2') })
    const s = await ws.run(canaryStep, { step: 'next' })
    expect(s.outputs.decision).toBe('abort')
    expect(s.outputs['error-code']).toBe('GP-CANARY-004')
    expect(JSON.parse(s.outputs.analysis)[0].results[0]).toMatchObject({ verdict: 'inconclusive', detail: 'no data' })
  })

  it('leaves the old weights serving when nginx fails to reload, and fails the step clearly', async () => {
    ws.writeConfig(config({ reload: 'false' }))
    const before = upstream()
    const d = await ws.run(deploy, { version: v('v2') })
    expect(d.outputs['error-code']).toBe('GP-ROUTER-002')
    expect(d.failed).toMatch(/nginx did not reload/)
    expect(upstream()).toBe(before)
    expect(await split(10)).toEqual({ [v('v1')]: 10 })
  })

  it('rejects an upstream nginx -t refuses, keeping the file and traffic', async () => {
    const before = upstream()
    const router = new NginxRouter(
      { upstream: 'web', file: nginx.upstreamFile, stable: `127.0.0.1:${stablePort}`, canary: '127.0.0.1:notaport', test: nginx.testCommand, reload: nginx.reloadCommand },
      { cwd: ws.dir, env: { PATH: process.env.PATH as string }, timeoutMs: 10_000, log: () => undefined },
    )
    await expect(router.setWeight(50, { stable: v('v1'), canary: v('v2') })).rejects.toMatchObject({ code: 'GP-ROUTER-002', message: expect.stringMatching(/nginx rejected the new upstream[\s\S]*invalid port/) })
    expect(upstream()).toBe(before)
    expect(await split(10)).toEqual({ [v('v1')]: 10 })
  })

  it('re-applies a step written before a crash, without advancing twice', async () => {
    await ws.run(deploy, { version: v('v2') })
    const store = new StateStore(ws.stateDir, 'vm')
    const s = store.read()
    store.write({ ...s, canary: { ...s.canary!, step: 1, weight: 60, applied: false } })
    expect(upstream()).toContain('weight=30;')
    const r = await ws.run(canaryStep, { step: 'next' })
    expect(r.outputs).toMatchObject({ step: '1', weight: '60', decision: 'continue' })
    expect(upstream()).toContain('weight=60;')
  })

  it('rolls back a promoted version through the stable address', async () => {
    await ws.run(deploy, { version: v('v2') })
    await ws.run(canaryStep, { step: 'promote' })
    expect(await split(10)).toEqual({ [v('v2')]: 10 })
    const r = await ws.run(rollback, { reason: 'regression' })
    expect(r.outputs).toMatchObject({ 'from-version': v('v2'), 'to-version': v('v1') })
    expect(await split(10)).toEqual({ [v('v1')]: 10 })
  })
})
