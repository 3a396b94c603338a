import { waitFor } from '../helpers/wait.js'
import { describe, it, expect, beforeEach, afterEach } from '@jest/globals'
import { cpSync } from 'node:fs'
import { join } from 'node:path'
import { run as deploy } from '../../actions/deploy/src/main.js'
import { run as canaryStep } from '../../actions/canary-step/src/main.js'
import { run as smokeTest } from '../../actions/smoke-test/src/main.js'
import { createWorkspace, freePort, ROOT, type TestWorkspace } from '../helpers/workspace.js'
import { browse, users, cookieOf, report, loadPage } from '../helpers/browsers.js'
import { LocalRouterClient } from '../../shared/traffic/local/client.js'
import { versionTag } from '../../shared/traffic/cohorts.js'
import { httpRequest } from '../../shared/http/request.js'

// Web apps under a canary on the local router (issue 23): a page whose script exists only in its own
// version, loaded by browser-like users with their own cookies. Per-request splitting breaks half the
// page loads of a 50% canary; with canary.affinity none break and no user switches version, raising the
// weight moves new users only, abort moves everyone to stable and promotion everyone to the new version.
let ws: TestWorkspace
let port: number
let base: string

const config = (canary: string) => `version: 1
environments:
  web:
    branches: [main]
    strategy: canary
    timeout: 20s
    local: { app: 'web-{{version}}', start: node server.js, health: /health, port: ${port} }
    canary:
${canary}
`
const STEPS = '      steps: [ {weight: 50, pause: 1m}, {weight: 80, pause: 1m}, {weight: 100} ]'
const router = () => new LocalRouterClient(join(ws.stateDir, 'web'), port)

beforeEach(async () => {
  ws = createWorkspace()
  port = await freePort()
  base = `http://127.0.0.1:${port}`
  for (const v of ['v1', 'v2']) cpSync(join(ROOT, 'examples', 'web-app'), join(ws.dir, `web-${v}`), { recursive: true })
})
afterEach(async () => ws.cleanup())

async function start(canary: string): Promise<void> {
  ws.writeConfig(config(canary))
  const first = await ws.run(deploy, { version: 'v1', strategy: 'rolling' })
  expect(first.failed).toBeUndefined()
  const second = await ws.run(deploy, { version: 'v2' })
  expect(second.failed).toBeUndefined()
}

describe('web canaries on the local router', () => {
  it('without affinity a 50% canary breaks page loads and moves users between versions (the problem)', async () => {
    await start(STEPS)
    const r = await browse(base, users(100), 3)
    expect(r.loads).toBe(300)
    expect(r.broken).toBeGreaterThan(60)
    expect(r.switched).toBeGreaterThan(30)
  })

  it('with affinity: no broken load, no switch; a raised weight moves new users only; promotion keeps the canary\'s users', async () => {
    await start(`${STEPS}\n      affinity: { cookie: gp-canary, maxAge: 2h }`)
    const first = users(200)
    const r = await browse(base, first, 3)
    expect(r).toMatchObject({ loads: 600, broken: 0, switched: 0 })
    const onCanary = first.filter((u) => u.versions[0] === 'v2')
    expect(onCanary.length).toBeGreaterThan(60)
    expect(onCanary.length).toBeLessThan(140)
    // Each user carries the tag of the version it met.
    for (const u of first) expect(cookieOf(u)).toBe(versionTag(u.versions[0]))

    const raised = await ws.run(canaryStep, { step: '1' })
    expect(raised.outputs.weight).toBe('80')
    const again = await browse(base, first, 2)
    expect(again).toMatchObject({ broken: 0, switched: 0 })
    const newcomers = users(200, {}, 1000)
    const n = await browse(base, newcomers, 2)
    expect(n).toMatchObject({ broken: 0, switched: 0 })
    expect(newcomers.filter((u) => u.versions[0] === 'v2').length).toBeGreaterThan(130)

    const promoted = await ws.run(canaryStep, { step: 'promote' })
    expect(promoted.outputs.decision).toBe('promote')
    await browse(base, [...first, ...newcomers], 1)
    const after = report([...first, ...newcomers])
    expect(after.broken).toBe(0)
    expect(after.byVersion).toEqual({ v2: 400 })
    // Users who were on the canary never changed version.
    expect(onCanary.every((u) => new Set(u.versions).size === 1)).toBe(true)
  })

  it('under continuous browser-like load: a raised weight breaks no page and fails no request; promotion fails no request', async () => {
    await start(`${STEPS}\n      affinity: {}`)
    const list = users(40)
    let running = true
    let phase: 'raise' | 'promote' = 'raise'
    const brokenIn = { raise: 0, promote: 0 }
    let pages = 0
    const morePages = (n: number) => { const target = pages + n; return waitFor(() => pages >= target, `${n} more pages`) }
    const loops = list.map(async (u) => {
      while (running) {
        const before = u.broken
        await loadPage(base, u)
        pages++
        if (u.broken > before) brokenIn[phase]++
      }
    })
    await morePages(40)
    expect((await ws.run(canaryStep, { step: '1' })).outputs.weight).toBe('80')
    await morePages(40)
    phase = 'promote'
    expect((await ws.run(canaryStep, { step: 'promote' })).outputs.decision).toBe('promote')
    await morePages(40)
    running = false
    await Promise.all(loops)
    const r = report(list)
    expect(r.loads).toBeGreaterThan(200)
    expect(brokenIn.raise).toBe(0)
    // A page whose HTML came from the old stable just before the promotion asks for its script after it:
    // at most one such load per user in flight at that moment. Every HTML request was answered 200.
    expect(brokenIn.promote).toBeLessThanOrEqual(list.length)
    expect(list.every((u) => !u.versions.includes('?'))).toBe(true)
    // Before the promotion nobody switched; after it everyone is on v2.
    expect(r.byVersion).toEqual({ v2: 40 })
  })

  it('abort moves every user to stable at once, with no broken load', async () => {
    await start(`${STEPS}\n      affinity: {}`)
    const list = users(100)
    const before = await browse(base, list, 2)
    expect(before).toMatchObject({ broken: 0, switched: 0 })
    expect(before.byVersion.v2).toBeGreaterThan(20)
    const aborted = await ws.run(canaryStep, { step: 'abort' })
    expect(aborted.outputs.decision).toBe('abort')
    const after = await browse(base, list, 2)
    expect(after.broken).toBe(0)
    expect(after.byVersion).toEqual({ v1: 100 })
  })

  it('match: a weight-0 step sends testers (by header or cookie) to the canary and nobody else', async () => {
    await start(`      steps: [ {weight: 0, pause: 1m}, {weight: 50, pause: 1m}, {weight: 100} ]
      affinity: {}
      match:
        - header: { name: x-tester, value: insiders }
        - cookie: { name: beta, value: "1" }`)
    const everyone = await browse(base, users(100), 2)
    expect(everyone).toMatchObject({ broken: 0, byVersion: { v1: 100 } })
    const testers = await browse(base, users(20, { 'x-tester': 'insiders' }), 2)
    expect(testers).toMatchObject({ broken: 0, switched: 0, byVersion: { v2: 20 } })
    const beta = await browse(base, users(20, { cookie: 'beta=1' }), 2)
    expect(beta).toMatchObject({ broken: 0, byVersion: { v2: 20 } })
    const wrongValue = await browse(base, users(20, { 'x-tester': 'outsiders' }), 1)
    expect(wrongValue.byVersion).toEqual({ v1: 20 })
  })

  it('smoke-test target: canary checks the canary alone through the router, stable the stable', async () => {
    await start(`      steps: [ {weight: 0, pause: 1m}, {weight: 100} ]
      affinity: {}`)
    const checks = (version: string) => `checks:\n  - { name: health, path: /health, retries: 0, expect: { status: 200, json: { $.version: ${version} } } }\n`
    const canary = await ws.run(smokeTest, { url: base, checks: checks('v2'), target: 'canary' })
    expect(canary.outputs.passed).toBe('true')
    const stable = await ws.run(smokeTest, { url: base, checks: checks('v1'), target: 'stable' })
    expect(stable.outputs.passed).toBe('true')
    const users = await ws.run(smokeTest, { url: base, checks: checks('v2') })
    expect(users.outputs.passed).toBe('false') // weight 0: what users reach is stable
  })

  it('mirror: copies of stable\'s GETs reach the canary, no user sees its answers, and the router counts them for the judgement', async () => {
    await start(`      steps: [ {weight: 0, pause: 1m}, {weight: 100} ]
      mirror: { weight: 100 }`)
    const r = await browse(base, users(50), 2)
    expect(r).toMatchObject({ broken: 0, byVersion: { v1: 50 } })
    // Copies go out after the users' answers, on their own: on a busy machine the last ones land a moment later.
    let canary: Awaited<ReturnType<ReturnType<typeof router>['stats']>>[number] | undefined
    for (let i = 0; i < 50 && (canary?.requests ?? 0) < 150; i++) {
      if (i) await new Promise((r) => setTimeout(r, 100))
      canary = (await router().stats(60)).find((s) => s.version === 'v2')
    }
    expect(canary?.requests).toBeGreaterThanOrEqual(150)
    // The mirrored script requests name v1's asset, which v2 answers 404: a client error, not the canary's.
    expect(canary?.errors).toBe(0)
  })
})

describe('cohort config errors', () => {
  it('smoke-test target canary on a router with no way to reach the canary alone is refused, naming it', async () => {
    ws.writeConfig(`version: 1
environments:
  web:
    branches: [main]
    strategy: canary
    command: { deploy: 'true', set-weight: 'true' }
    canary:
      steps: [ {weight: 50}, {weight: 100} ]
`)
    const r = await ws.run(smokeTest, { url: 'http://127.0.0.1:1', checks: 'checks:\n  - { name: h, path: /health }\n', target: 'canary' })
    expect(r.outputs['error-code']).toBe('GP-INPUT-001')
    expect(r.failed).toMatch(/routes through command, which offers no way to reach the canary alone/)
  })

  it('refuses affinity on a router that cannot carry it, naming the router, and deploys nothing', async () => {
    port = await freePort()
    ws.writeConfig(`version: 1
environments:
  web:
    branches: [main]
    strategy: canary
    command: { deploy: 'true', set-weight: 'true' }
    canary:
      steps: [ {weight: 50}, {weight: 100} ]
      affinity: {}
`)
    const r = await ws.run(deploy, { version: 'v1' })
    expect(r.outputs['error-code']).toBe('GP-CONFIG-002')
    const log = r.logs.map((l) => l.message).join('\n')
    expect(log).toMatch(/environments\.web\.canary\.affinity.*router command cannot carry canary\.affinity/)
    expect(log).toMatch(/local, nginx/)
    const res = await httpRequest(`${base}/`, { timeoutMs: 500 }).catch(() => undefined)
    expect(res).toBeUndefined()
  })
})
