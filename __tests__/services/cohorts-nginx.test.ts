import { describe, it, expect, beforeAll, afterAll, beforeEach, afterEach } from '@jest/globals'
import { writeFileSync, chmodSync, mkdirSync, cpSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { run as deploy } from '../../actions/deploy/src/main.js'
import { run as canaryStep } from '../../actions/canary-step/src/main.js'
import { createWorkspace, freePort, ROOT, type TestWorkspace } from '../helpers/workspace.js'
import { startNginx, placeScript, killPlaced, type RealNginx } from '../helpers/real-services.js'
import { browse, users, report } from '../helpers/browsers.js'
import { httpRequest } from '../../shared/http/request.js'

// Web canaries behind a real nginx (Debian's nginx-light, no commercial module), issue 23: the command
// provider places versions on a stable and a canary port; with canary.affinity and match the nginx
// router writes cohort maps beside its upstream and a location file the server's location includes.
// Browser-like users on a page whose script exists only in its own version: no load breaks, nobody
// switches, a raised weight moves new users only, testers reach the canary at weight 0, abort and
// promotion move everyone at once.
let nginx: RealNginx
let ports: { stable: number; canary: number }
let ws: TestWorkspace
let locationFile: string

beforeAll(async () => {
  ports = { stable: await freePort(), canary: await freePort() }
  nginx = await startNginx('web', `upstream web { server 127.0.0.1:${ports.stable}; }\n`, (prefix) => {
    locationFile = join(prefix, 'glidepath-web.location')
    writeFileSync(locationFile, 'proxy_pass http://web;\n')
    return `include ${locationFile};`
  })
})
afterAll(() => nginx?.stop())

const config = (canary: string) => `version: 1
environments:
  web:
    branches: [main]
    strategy: canary
    timeout: 20s
    command: { deploy: ./place.sh }
    traffic:
      router: nginx
      nginx: { upstream: web, file: ${nginx.upstreamFile}, location: ${locationFile}, stable: 127.0.0.1:${ports.stable}, canary: 127.0.0.1:${ports.canary}, test: '${nginx.testCommand}', reload: '${nginx.reloadCommand}', pidFile: ${nginx.pidFile} }
    canary:
${canary}
`

beforeEach(async () => {
  ws = createWorkspace()
  for (const v of ['v1', 'v2']) {
    const dir = join(ws.dir, 'apps', v)
    mkdirSync(dir, { recursive: true })
    cpSync(join(ROOT, 'examples', 'web-app'), dir, { recursive: true })
  }
  writeFileSync(join(ws.dir, 'place.sh'), placeScript(join(ws.dir, 'apps'), join(ws.dir, 'run')))
  chmodSync(join(ws.dir, 'place.sh'), 0o755)
})
afterEach(async () => {
  killPlaced(join(ws.dir, 'run'))
  // The location file goes back with the upstream (it names the upstream's cohort maps).
  writeFileSync(locationFile, 'proxy_pass http://web;\n')
  nginx.reset()
  await ws.cleanup()
})

async function start(canary: string): Promise<void> {
  ws.writeConfig(config(canary))
  const first = await ws.run(deploy, { version: 'v1', strategy: 'rolling' })
  expect(first.failed).toBeUndefined()
  const second = await ws.run(deploy, { version: 'v2' })
  expect(second.failed).toBeUndefined()
}

describe('web canaries behind real nginx', () => {
  it('affinity: no broken load and no switch at 50%; a raised weight moves new users only; promotion keeps the canary\'s users', async () => {
    await start(`      steps: [ {weight: 50, pause: 1m}, {weight: 80, pause: 1m}, {weight: 100} ]
      affinity: { cookie: gp-canary, maxAge: 2h }`)
    expect(readFileSync(locationFile, 'utf8')).toContain('proxy_pass http://web__$glidepath_web_route;')
    const first = users(200)
    const r = await browse(nginx.url, first, 3)
    expect(r).toMatchObject({ loads: 600, broken: 0, switched: 0 })
    const onCanary = first.filter((u) => u.versions[0] === 'v2')
    expect(onCanary.length).toBeGreaterThan(60)
    expect(onCanary.length).toBeLessThan(140)

    const raised = await ws.run(canaryStep, { step: '1' })
    expect(raised.outputs.weight).toBe('80')
    expect(await browse(nginx.url, first, 2)).toMatchObject({ broken: 0, switched: 0 })
    const newcomers = users(200, {}, 1000)
    expect(await browse(nginx.url, newcomers, 2)).toMatchObject({ broken: 0, switched: 0 })
    expect(newcomers.filter((u) => u.versions[0] === 'v2').length).toBeGreaterThan(130)

    const promoted = await ws.run(canaryStep, { step: 'promote' })
    expect(promoted.outputs.decision).toBe('promote')
    await browse(nginx.url, [...first, ...newcomers], 1)
    const after = report([...first, ...newcomers])
    expect(after.broken).toBe(0)
    expect(after.byVersion).toEqual({ v2: 400 })
    expect(onCanary.every((u) => new Set(u.versions).size === 1)).toBe(true)
  })

  it('mirror: copies of stable\'s GETs reach the canary through nginx, no user sees its answers, POSTs are never copied', async () => {
    await start(`      steps: [ {weight: 0, pause: 1m}, {weight: 100} ]
      mirror: { weight: 100 }`)
    const mirrored = async () => (JSON.parse((await httpRequest(`http://127.0.0.1:${ports.canary}/health`, { timeoutMs: 2000 })).body) as { mirrored: number }).mirrored
    expect(await browse(nginx.url, users(30), 2)).toMatchObject({ broken: 0, byVersion: { v1: 30 } })
    // nginx sends the copies alongside; they may land a moment after the users' answers.
    for (let i = 0; i < 50 && (await mirrored()) < 120; i++) await new Promise((r) => setTimeout(r, 50))
    expect(await mirrored()).toBe(120)
    const before = await mirrored()
    for (let i = 0; i < 5; i++) expect((await httpRequest(`${nginx.url}/`, { method: 'POST', body: 'x', timeoutMs: 2000 })).status).toBe(200)
    await new Promise((r) => setTimeout(r, 200))
    expect(await mirrored()).toBe(before)
  })

  it('match at weight 0 sends testers only; abort moves everyone to stable', async () => {
    await start(`      steps: [ {weight: 0, pause: 1m}, {weight: 50, pause: 1m}, {weight: 100} ]
      affinity: {}
      match:
        - header: { name: x-tester, value: insiders }
        - cookie: { name: beta, value: "1" }`)
    expect(await browse(nginx.url, users(100), 2)).toMatchObject({ broken: 0, byVersion: { v1: 100 } })
    const testers = users(20, { 'x-tester': 'insiders' })
    expect(await browse(nginx.url, testers, 2)).toMatchObject({ broken: 0, switched: 0, byVersion: { v2: 20 } })
    expect(await browse(nginx.url, users(20, { cookie: 'beta=1' }), 2)).toMatchObject({ broken: 0, byVersion: { v2: 20 } })
    expect((await browse(nginx.url, users(20, { cookie: 'beta=10' }), 1)).byVersion).toEqual({ v1: 20 })
    const aborted = await ws.run(canaryStep, { step: 'abort' })
    expect(aborted.outputs.decision).toBe('abort')
    const after = await browse(nginx.url, testers, 1)
    expect(after.broken).toBe(0)
    expect(after.byVersion).toEqual({ v1: 20 })
  })
})
