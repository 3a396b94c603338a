import { waitFor } from '../helpers/wait.js'
import { describe, it, expect, beforeAll, afterAll, beforeEach, afterEach } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { writeFileSync, readFileSync, existsSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { run as deploy } from '../../actions/deploy/src/main.js'
import { run as canaryStep } from '../../actions/canary-step/src/main.js'
import { run as rollback } from '../../actions/rollback/src/main.js'
import { createWorkspace, freePort, get, type TestWorkspace } from '../helpers/workspace.js'
import { startNginx, type RealNginx } from '../helpers/real-services.js'
import { startSshd, clientKey, type RealSshd, type ClientKey } from '../helpers/sshd.js'
import { environmentSlug } from '../../shared/state/store.js'
import { processesUnder, processEnv } from '../../shared/process/proc.js'
import { webService } from './fixtures.js'

// The compose provider on a host reached over SSH (issue 24), from a runner that has only the Docker CLI
// and Compose: a real OpenSSH server on 127.0.0.2 whose sessions reach the test's Docker engine (the
// "host's" engine, DOCKER_HOST set by sshd's SetEnv) and the host's own nginx in front of the two slots.
// The runner is given no DOCKER_HOST: Glidepath drives the engine with docker's ssh:// transport over
// the host's multiplexed connection, writes and reloads nginx over it, probes the slots through it, and
// keeps the environment's lock and state on the host.

const DOCKER = process.env.GLIDEPATH_DOCKER_CLI ?? 'docker'
const docker = (...args: string[]) => execFileSync(DOCKER, args, { encoding: 'utf8', timeout: 120_000 }).trim()
const containers = (filter: string) => docker('ps', '--all', '--filter', filter, '--format', '{{.Names}} {{.State}} {{.Label "glidepath.version"}}').split('\n').filter(Boolean)

const COMPOSE = `services:\n${webService('placeholder/replaced-by-glidepath')}`

let key: ClientKey
let sshd: RealSshd
let nginx: RealNginx
let slots: { blue: number; green: number }
let ws: TestWorkspace
let project: string

beforeAll(async () => {
  key = clientKey()
  sshd = await startSshd('127.0.0.2', await freePort(), key.publicKey, [`SetEnv DOCKER_HOST=${process.env.DOCKER_HOST}`])
})
afterAll(() => sshd?.stop())

beforeEach(async () => {
  ws = createWorkspace()
  project = `gs${Math.random().toString(36).slice(2, 8)}`
  slots = { blue: await freePort(), green: await freePort() }
  nginx = await startNginx('web', `upstream web { server 127.0.0.1:${slots.blue}; }\n`)
  writeFileSync(join(ws.dir, 'compose.yaml'), COMPOSE)
  rmSync(join(sshd.home, '.glidepath'), { recursive: true, force: true })
})
afterEach(async () => {
  for (const id of docker('ps', '-aq', '--filter', `label=com.docker.compose.project`).split('\n').filter(Boolean)) {
    const p = docker('inspect', '--format', '{{index .Config.Labels "com.docker.compose.project"}}', id)
    if (p.startsWith(project)) docker('rm', '-f', id)
  }
  for (const net of docker('network', 'ls', '--filter', `name=${project}`, '--format', '{{.Name}}').split('\n').filter(Boolean)) docker('network', 'rm', net)
  nginx?.stop()
  await ws.cleanup()
})

const config = (opts: { strategy?: string; router?: string } = {}) => `version: 1
environments:
  production:
    branches: [main]
    strategy: ${opts.strategy ?? 'canary'}
    timeout: 60s
    compose: { file: compose.yaml, service: web, targetPort: 3000, image: 'glidepath-test/app:{{version}}', health: /health, project: ${project} }
    ssh: { host: ${sshd.address}, port: ${sshd.port}, dir: ${sshd.home} }
    canary:
      steps: [ {weight: 50, pause: 1s}, {weight: 100} ]
      analysis:
        interval: 1s
        metrics:
          - { name: errors, source: probe, metric: error-rate, max: 0, requests: 20 }
    traffic: { router: ${opts.router ?? 'nginx'}, nginx: { upstream: web, file: ${nginx.upstreamFile}, stable: 127.0.0.1:${slots.blue}, canary: 127.0.0.1:${slots.green}, test: '${nginx.testCommand}', reload: '${nginx.reloadCommand}', settle: 300ms } }
`

// Only the key and the host's key: the runner has no DOCKER_HOST (nor DOCKER_CONFIG beyond the compose plugin's).
const SSH_ENV = () => ({ GLIDEPATH_SSH_KEY: key.privateKey, GLIDEPATH_SSH_KNOWN_HOSTS: sshd.knownHosts, DOCKER_CONFIG: process.env.DOCKER_CONFIG ?? '' })
const run = (...[action, inputs, env]: Parameters<TestWorkspace['run']>) => ws.run(action, inputs, { ...SSH_ENV(), ...env })
const served = async () => (JSON.parse((await get(`${nginx.url}/`)).body) as { version: string }).version
const hostState = () => JSON.parse(readFileSync(join(sshd.home, '.glidepath', environmentSlug('production'), 'state.json'), 'utf8')) as { stable?: { version: string }; records: Array<{ version: string; status: string }> }

/** Requests through the host's nginx on new connections, counting failures and the versions that answered. */
function countedLoad(url: string) {
  let running = true
  const seen: Record<string, number> = {}
  let failed = 0
  const worker = async () => {
    while (running) {
      try {
        const res = await fetch(url, { signal: AbortSignal.timeout(5000), headers: { connection: 'close' } })
        const body = (await res.json()) as { version?: string }
        if (res.status >= 500) failed++
        else seen[body.version ?? '?'] = (seen[body.version ?? '?'] ?? 0) + 1
      } catch {
        failed++
      }
      await new Promise((r) => setTimeout(r, 20))
    }
  }
  const workers = Array.from({ length: 3 }, worker)
  const answered = () => failed + Object.values(seen).reduce((a, b) => a + b, 0)
  /** Waits until `n` more requests were answered (or failed): load after a change, whatever the machine's pace. */
  const more = (n: number) => { const target = answered() + n; return waitFor(() => answered() >= target, `${n} more requests to ${url}`) }
  return { more, stop: async () => { running = false; await Promise.all(workers); return { failed, seen } } }
}

describe('compose on a host over SSH', () => {
  it('deploys, runs a judged canary under load and promotes it, all through the host\'s connection; lock and state on the host', async () => {
    ws.writeConfig(config())
    const first = await run(deploy, { version: 'v1' })
    expect(first.failed).toBeUndefined()
    expect((await served())).toBe('v1')
    const load = countedLoad(`${nginx.url}/`)
    const c = await run(deploy, { version: 'v2' })
    expect(c.failed).toBeUndefined()
    expect(readFileSync(nginx.upstreamFile, 'utf8')).toMatch(new RegExp(`server 127.0.0.1:${slots.blue} weight=50;\\s+server 127.0.0.1:${slots.green} weight=50;`))
    const s = await run(canaryStep, { step: 'all' })
    expect(s.failed).toBeUndefined()
    await load.more(20)
    const traffic = await load.stop()
    expect(traffic.failed).toBe(0)
    expect(traffic.seen.v1).toBeGreaterThan(0)
    expect(traffic.seen.v2).toBeGreaterThan(0)
    for (let i = 0; i < 5; i++) expect((await served())).toBe('v2')
    // The judge's probes reached the canary slot through the SSH connection, never a port opened to the runner.
    const logs = [...c.logs, ...s.logs].map((l) => l.message)
    expect(logs.some((m) => new RegExp(`Probes reach the canary release at 127.0.0.1:${slots.green} on root@127.0.0.2:${sshd.port} through the SSH connection`).test(m))).toBe(true)
    // The engine's containers carry the release; the old slot is down.
    expect(containers(`label=com.docker.compose.project=${project}-green`)).toEqual([expect.stringMatching(/ running v2$/)])
    expect(containers(`label=com.docker.compose.project=${project}-blue`)).toEqual([])
    // The state lives on the host, and the key never appears in anything the run wrote.
    expect(hostState().stable?.version).toBe('v2')
    const secretLine = key.privateKey.split('\n')[1]
    for (const r of [first, c, s]) expect(JSON.stringify([r.outputs, r.logs, r.summaries])).not.toContain(secretLine)
  })

  it('a fresh runner reads the state from the host and rolls back to the recorded image', async () => {
    ws.writeConfig(config({ strategy: 'rolling' }))
    expect((await run(deploy, { version: 'v1' })).failed).toBeUndefined()
    expect((await run(deploy, { version: 'v2' })).failed).toBeUndefined()
    expect((await served())).toBe('v2')
    rmSync(ws.stateDir, { recursive: true, force: true })
    const r = await run(rollback, {})
    expect(r.failed).toBeUndefined()
    expect(r.logs.some((l) => /read it from the compose target \(stable: v2\)/.test(l.message))).toBe(true)
    expect((await served())).toBe('v1')
    expect(hostState().stable?.version).toBe('v1')
    expect(containers(`label=glidepath.environment=production`).filter((l) => l.startsWith(project))).toEqual([expect.stringMatching(/ running v1$/)])
  })

  it('a release that never gets healthy on the host is taken down and the host keeps serving; bad input changes nothing', async () => {
    ws.writeConfig(config({ strategy: 'rolling' }))
    expect((await run(deploy, { version: 'v1' })).failed).toBeUndefined()
    const bad = await run(deploy, { version: 'v2', image: 'glidepath-test/app:unhealthy', timeout: '8s' })
    expect(bad.outputs['error-code']).toBe('GP-COMPOSE-005')
    expect(bad.failed).toMatch(/unhealthy/)
    expect((await served())).toBe('v1')
    expect(hostState().records.at(-1)).toMatchObject({ version: 'v2', status: 'failure' })
    // No key: GP-SSH-001 before any docker command runs.
    ws.writeConfig(config({ strategy: 'rolling' }))
    const noKey = await run(deploy, { version: 'v3' }, { GLIDEPATH_SSH_KEY: '' })
    expect(noKey.outputs['error-code']).toBe('GP-SSH-001')
    expect((await served())).toBe('v1')
    expect(containers(`label=glidepath.version=v3`)).toEqual([])
    expect(existsSync(join(ws.stateDir, 'production', 'compose', 'green.yaml'))).toBe(false)
  })
})

describe('compose on a host over SSH with Glidepath\'s own router there', () => {
  const self = process.env.GLIDEPATH_INTERNAL_SELF
  // The runner half runs from source here; what it puts on the host (and runs the router there) is the built bundle.
  beforeAll(() => { process.env.GLIDEPATH_INTERNAL_SELF = JSON.stringify([process.execPath, join(process.cwd(), 'actions/deploy/dist/index.js')]) })
  afterAll(() => { process.env.GLIDEPATH_INTERNAL_SELF = self })

  it('needs no nginx: the router goes on the host, judges the canary on its counters under load, promotes it with no failed request, and teardown removes it', async () => {
    const port = await freePort()
    ws.writeConfig(`version: 1
environments:
  production:
    branches: [main]
    strategy: canary
    timeout: 60s
    compose: { file: compose.yaml, service: web, targetPort: 3000, image: 'glidepath-test/app:{{version}}', health: /health, project: ${project}, port: ${port} }
    ssh: { host: ${sshd.address}, port: ${sshd.port}, dir: ${sshd.home} }
    canary:
      steps: [ {weight: 50, pause: 3s}, {weight: 100} ]
      analysis:
        interval: 1s
        metrics:
          - { name: errors, source: local, metric: error-rate, max: 0.02 }
`)
    const first = await run(deploy, { version: 'v1' })
    expect(first.failed).toBeUndefined()
    const url = `http://127.0.0.1:${port}/`
    expect((JSON.parse((await get(url)).body) as { version: string }).version).toBe('v1')
    const load = countedLoad(url)
    const c = await run(deploy, { version: 'v2' })
    expect(c.failed).toBeUndefined()
    const s = await run(canaryStep, { step: 'all' })
    expect(s.failed).toBeUndefined()
    await load.more(20)
    const traffic = await load.stop()
    expect(traffic.failed).toBe(0)
    expect(traffic.seen.v1).toBeGreaterThan(0)
    expect(traffic.seen.v2).toBeGreaterThan(0)
    expect((JSON.parse((await get(url)).body) as { version: string }).version).toBe('v2')
    const logs = [first, c, s].flatMap((r) => r.logs.map((l) => l.message)).join('\n')
    expect(logs).toMatch(/Putting Glidepath \([0-9a-f]{16}\) on root@127\.0\.0\.2/)
    // The judge read the host router's counters (source local) through the connection.
    expect(logs).toMatch(/errors: pass/)
    // The router is the host's process, in the environment's directory there.
    const routers = () => processesUnder(join(sshd.home, '.glidepath', environmentSlug('production'))).filter((p) => p.relative === '' && processEnv(p.pid, 'GLIDEPATH_INTERNAL_ROUTER'))
    expect(routers().length).toBe(1)
    expect(hostState().stable?.version).toBe('v2')
    const down = await run(deploy, { teardown: 'true' })
    expect(down.failed).toBeUndefined()
    expect(routers()).toEqual([])
    expect(containers(`label=glidepath.environment=production`).filter((l) => l.startsWith(project))).toEqual([])
  })
})

describe('compose on two hosts over SSH, in waves', () => {
  let second: RealSshd
  let nginx2: RealNginx
  let slots2: { blue: number; green: number }
  beforeAll(async () => {
    second = await startSshd('127.0.0.3', await freePort(), key.publicKey, [`SetEnv DOCKER_HOST=${process.env.DOCKER_HOST}`])
  })
  afterAll(() => second?.stop())
  beforeEach(async () => {
    slots2 = { blue: await freePort(), green: await freePort() }
    nginx2 = await startNginx('web', `upstream web { server 127.0.0.1:${slots2.blue}; }\n`)
  })
  afterEach(() => nginx2?.stop())

  // Each host its own engine in real life; here both reach this suite's engine, so each gets its own project.
  const fleet = () => {
    const hosts = [{ s: sshd, n: nginx, p: slots }, { s: second, n: nginx2, p: slots2 }]
    return `version: 1
environments:
  production:
    branches: [main]
    strategy: canary
    timeout: 60s
    compose: { file: compose.yaml, service: web, targetPort: 3000, image: 'glidepath-test/app:{{version}}', health: /health }
    ssh: { user: root }
    traffic: { router: nginx }
    canary:
      steps: [ {weight: 50, pause: 3s}, {weight: 100} ]
      analysis:
        interval: 1s
        metrics:
          - { name: errors, source: local, metric: error-rate, max: 0.02 }
    waves: { onFailure: rollback-all }
    targets:
${hosts.map((h, i) => `      - name: vm-${i + 1}
        compose: { project: ${project}-${i + 1} }
        ssh: { host: ${h.s.address}, port: ${h.s.port}, dir: ${h.s.home} }
        traffic:
          nginx: { upstream: web, file: ${h.n.upstreamFile}, stable: 127.0.0.1:${h.p.blue}, canary: 127.0.0.1:${h.p.green}, test: '${h.n.testCommand}', reload: '${h.n.reloadCommand}', settle: 300ms, accessLog: ${h.n.accessLog} }`).join('\n')}
`
  }
  const fleetEnv = () => ({ GLIDEPATH_SSH_KNOWN_HOSTS: sshd.knownHosts + second.knownHosts })
  const versionAt = async (n: RealNginx) => (JSON.parse((await get(`${n.url}/`)).body) as { version: string }).version

  it('a canary per host judged on its nginx\'s log under load, host after host; a release that fails on the first host halts the rollout', async () => {
    ws.writeConfig(fleet())
    expect((await run(deploy, { version: 'v1', strategy: 'rolling' }, fleetEnv())).failed).toBeUndefined()
    expect([await versionAt(nginx), await versionAt(nginx2)]).toEqual(['v1', 'v1'])
    const loads = [nginx, nginx2].map((n) => countedLoad(`${n.url}/`))
    const c = await run(deploy, { version: 'v2' }, fleetEnv())
    const traffic = await Promise.all(loads.map((l) => l.stop()))
    expect(c.failed).toBeUndefined()
    const log = c.logs.map((l) => l.message).join('\n')
    expect(log).toMatch(/\[vm-1\]\s+errors: pass/)
    expect(log).toMatch(/\[vm-2\]\s+errors: pass/)
    expect(log).toMatch(/Wave 2 of 2: vm-2/)
    for (const t of traffic) expect(t.failed).toBe(0)
    expect([await versionAt(nginx), await versionAt(nginx2)]).toEqual(['v2', 'v2'])
    expect(containers(`label=com.docker.compose.project=${project}-1-green`)).toEqual([expect.stringMatching(/ running v2$/)])
    expect(containers(`label=com.docker.compose.project=${project}-2-green`)).toEqual([expect.stringMatching(/ running v2$/)])

    // A release that never gets healthy: the first host fails, the rollout halts there, the second is never touched.
    const bad = await run(deploy, { version: 'v3', image: 'glidepath-test/app:unhealthy', strategy: 'rolling', timeout: '8s' }, fleetEnv())
    expect(bad.failed).toMatch(/GP-WAVES-001.*vm-1/)
    expect([await versionAt(nginx), await versionAt(nginx2)]).toEqual(['v2', 'v2'])
    expect(containers('label=glidepath.version=v3')).toEqual([])
  })
})
