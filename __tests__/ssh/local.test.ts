import { describe, it, expect, beforeAll, afterAll, beforeEach, afterEach } from '@jest/globals'
import { writeFileSync, mkdirSync, cpSync, existsSync, readFileSync, readdirSync, symlinkSync, mkdtempSync, rmSync, readlinkSync, utimesSync } from 'node:fs'
import { join } from 'node:path'
import { tmpdir } from 'node:os'
import { run as deploy } from '../../actions/deploy/src/main.js'
import { run as rollback } from '../../actions/rollback/src/main.js'
import { createWorkspace, freePort, DEMO_APP, type TestWorkspace } from '../helpers/workspace.js'
import { startSshd, clientKey, type RealSshd, type ClientKey } from '../helpers/sshd.js'
import { startPacedLoad, startFetchLoad } from '../helpers/load.js'
import { ROUTER_REVISION } from '../../shared/traffic/local/router-files.js'
import { spawn } from 'node:child_process'
import { pathToFileURL } from 'node:url'
import { httpRequest } from '../../shared/http/request.js'
import { environmentSlug } from '../../shared/state/store.js'
import { processesUnder, procPids } from '../../shared/process/proc.js'
import { selfBundle } from '../../shared/providers/agent-client.js'

// The local provider on plain hosts over SSH (issue 24): the runner puts its own bundle (the deploy
// action's dist, the product) on each host, and a Node.js where the host has none; each version's app
// directory goes there too, and the releases and a Glidepath router run on the host, with the lock and
// the state. Two real OpenSSH servers on their own loopback addresses; the second one's sessions have no
// node on their PATH, so the runner's is put there for Glidepath (its app names its own node). The runner reaches each router only through the
// connection (the judge's counters and the probes).
const HOSTS = ['web-1', 'web-2']
const slug = (host: string) => environmentSlug(`web/${host}`)
let key: ClientKey
let sshd: RealSshd[]
let port: number
let ws: TestWorkspace
let env: Record<string, string>
let noNode: string
const savedSelf = process.env.GLIDEPATH_INTERNAL_SELF

beforeAll(async () => {
  // The runner half runs from source here; what it puts on the hosts is the built bundle.
  process.env.GLIDEPATH_INTERNAL_SELF = JSON.stringify([process.execPath, join(process.cwd(), 'actions/deploy/dist/index.js')])
  key = clientKey()
  // A PATH with every program of /usr/bin but node: a host that has no Node.js.
  noNode = mkdtempSync(join(tmpdir(), 'glidepath-no-node-'))
  for (const f of readdirSync('/usr/bin')) if (!/^node/.test(f)) symlinkSync(join('/usr/bin', f), join(noNode, f))
  port = await freePort()
  sshd = [
    await startSshd('127.0.0.5', await freePort(), key.publicKey),
    await startSshd('127.0.0.6', await freePort(), key.publicKey, [`SetEnv PATH=${noNode}`]),
  ]
})
afterAll(() => {
  sshd?.forEach((s) => s.stop())
  if (noNode) rmSync(noNode, { recursive: true, force: true })
  if (savedSelf === undefined) delete process.env.GLIDEPATH_INTERNAL_SELF
  else process.env.GLIDEPATH_INTERNAL_SELF = savedSelf
})

const config = (opts: { strategy?: string; analysis?: string; start?: string } = {}) => `version: 1
environments:
  web:
    branches: [main]
    strategy: ${opts.strategy ?? 'canary'}
    timeout: 15s
    lock: { timeout: 5s }
    local: { app: 'apps/{{version}}', start: ${opts.start ?? 'node server.js'}, health: /health, minReady: 200ms }
    ssh: { user: root }
    canary:
      steps: [ {weight: 50, pause: ${opts.analysis ? '5s' : '1s'}}, {weight: 100} ]
${opts.analysis ?? ''}    waves: { onFailure: rollback-all }
    targets:
${HOSTS.map((h, i) => `      - name: ${h}
        ssh: { host: ${sshd[i].address}, port: ${sshd[i].port}, dir: ${sshd[i].home} }
        local: { listen: ${sshd[i].address}, port: ${port}${i === 1 ? `, start: ${process.execPath} server.js` : ''} }`).join('\n')}
`

beforeEach(() => {
  ws = createWorkspace()
  for (const v of ['v1', 'v2', 'v3']) {
    const dir = join(ws.dir, 'apps', v)
    mkdirSync(dir, { recursive: true })
    cpSync(DEMO_APP, dir, { recursive: true })
  }
  // v3 never becomes healthy.
  writeFileSync(join(ws.dir, 'apps', 'v3', 'behaviour.json'), JSON.stringify({ healthStatus: 503 }))
  env = { GLIDEPATH_SSH_KEY: key.privateKey, GLIDEPATH_SSH_KNOWN_HOSTS: sshd.map((s) => s.knownHosts).join('') }
})
afterEach(async () => {
  await ws.cleanup()
})

const url = (i: number) => `http://${sshd[i].address}:${port}/`
const versionAt = async (i: number) => (await httpRequest(url(i), { timeoutMs: 3000 })).headers.get('x-version')
const hostDir = (i: number) => join(sshd[i].home, '.glidepath', slug(HOSTS[i]))
const hostState = (i: number) => {
  const file = join(hostDir(i), 'state.json')
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) as { stable?: { version: string } } : undefined
}
const text = (r: { logs: Array<{ message: string }> }) => r.logs.map((l) => l.message).join('\n')
const read = (file: string) => { try { return readFileSync(file, 'utf8') } catch { return '' } }
/** Glidepath's agents running on host i (the run's, on its channel; or one started for one operation). */
const agentsOn = (i: number) => procPids().filter((p) => read(`/proc/${p}/environ`).split('\0').some((e) => e === 'GLIDEPATH_INTERNAL_AGENT=serve' || e === 'GLIDEPATH_INTERNAL_AGENT=1') && (() => { try { return readlinkSync(`/proc/${p}/cwd`) === sshd[i].home } catch { return false } })())
/** The killed runner's multiplexed connections (they would idle out on their own), so its sessions end. */
const killMasters = () => {
  for (const p of procPids()) if (read(`/proc/${p}/cmdline`).includes('glidepath-ssh-') && read(`/proc/${p}/cmdline`).includes('ControlPersist')) try { process.kill(p, 'SIGKILL') } catch { /* gone */ }
}

describe('the local provider on hosts over SSH', () => {
  it('puts Glidepath and the app on each host, runs its router there, and judges each host\'s canary on its router\'s counters under load with no failed request', async () => {
    ws.writeConfig(config({ strategy: 'rolling' }))
    const first = await ws.run(deploy, { version: 'v1' }, env)
    expect(first.failed).toBeUndefined()
    expect(await Promise.all(HOSTS.map((_, i) => versionAt(i)))).toEqual(['v1', 'v1'])
    const log = text(first)
    // The bundle goes to each host once per build; the host without node gets the runner's.
    expect(log).toMatch(/Putting Glidepath \([0-9a-f]{16}\) on root@127\.0\.0\.5/)
    expect(log).toMatch(/root@127\.0\.0\.6:\d+ has no Node\.js 20\+: putting the runner's/)
    expect(log).not.toMatch(/root@127\.0\.0\.5:\d+ has no Node\.js/)
    expect(existsSync(join(sshd[1].home, '.glidepath', 'node', process.version, 'node'))).toBe(true)
    expect(log).not.toContain('PRIVATE KEY')
    // The releases and the router are the hosts' processes, run from the bundle put there.
    for (let i = 0; i < HOSTS.length; i++) {
      const procs = processesUnder(sshd[i].home)
      expect(procs.some((p) => /\.glidepath\/agent\/[0-9a-f]{16}\/index\.js/.test(readFileSync(`/proc/${p.pid}/cmdline`, 'utf8').replace(/\0/g, ' ')))).toBe(true)
      expect(procs.some((p) => p.relative.startsWith(`.glidepath/${slug(HOSTS[i])}/releases/v1`))).toBe(true)
      expect(hostState(i)?.stable?.version).toBe('v1')
    }

    // A canary per host, judged on what its router counted of real requests (paced, as users send them).
    ws.writeConfig(config({ analysis: `      analysis:
        interval: 1s
        metrics:
          - { name: errors, source: local, metric: error-rate, max: 0.02 }
          - { name: p95, source: local, metric: latency-p95, max: 500ms }
` }))
    const loads = HOSTS.map((_, i) => startPacedLoad(url(i), 20))
    const canary = await ws.run(deploy, { version: 'v2' }, env)
    const seen = await Promise.all(loads.map((l) => l.stop()))
    expect(canary.failed).toBeUndefined()
    const canaryLog = text(canary)
    expect(canaryLog).not.toMatch(/Putting Glidepath/)
    for (const h of HOSTS) expect(canaryLog).toMatch(new RegExp(`\\[${h}\\]\\s+errors: pass`))
    expect(canaryLog).toMatch(/root@127\.0\.0\.5:\d+\] Router: canary v2 takes 50% of traffic/)
    for (const s of seen) {
      expect(s.sent).toBeGreaterThan(100)
      expect(s.errors).toBe(0)
      expect(s.non2xx).toBe(0)
    }
    expect(await Promise.all(HOSTS.map((_, i) => versionAt(i)))).toEqual(['v2', 'v2'])
    expect(HOSTS.map((_, i) => hostState(i)?.stable?.version)).toEqual(['v2', 'v2'])
    for (let i = 0; i < HOSTS.length; i++) {
      expect(existsSync(join(hostDir(i), 'lock'))).toBe(false)
      // v1 was stopped once v2 took all traffic; nothing the runner uploaded is left beside the releases.
      expect(processesUnder(hostDir(i)).some((p) => p.relative.startsWith('releases/v1'))).toBe(false)
      expect(readdirSync(join(hostDir(i), 'incoming'))).toEqual([])
    }
  })

  it('upgrades a router of an older Glidepath on the host in place, under load, without a failed request', async () => {
    ws.writeConfig(config({ strategy: 'rolling' }))
    expect((await ws.run(deploy, { version: 'v1' }, env)).failed).toBeUndefined()
    // web-1's router becomes one an earlier Glidepath left there (an older revision), from the bundle on the host.
    const dir = hostDir(0)
    const pidFile = join(dir, 'router.pid')
    const old = JSON.parse(readFileSync(pidFile, 'utf8')) as { pid: number }
    process.kill(old.pid, 'SIGTERM')
    for (let i = 0; i < 100 && existsSync(pidFile); i++) await new Promise((r) => setTimeout(r, 50))
    const agent = readdirSync(join(sshd[0].home, '.glidepath', 'agent'))[0]
    const older = spawn(process.execPath, [join(sshd[0].home, '.glidepath', 'agent', agent, 'index.js')], {
      cwd: dir, detached: true, stdio: 'ignore',
      env: { PATH: process.env.PATH ?? '', GLIDEPATH_INTERNAL_ROUTER: join(dir, 'router.json'), GLIDEPATH_INTERNAL_ROUTER_REVISION: String(ROUTER_REVISION - 1) },
    })
    older.unref()
    for (let i = 0; i < 200 && !(existsSync(pidFile) && JSON.parse(readFileSync(pidFile, 'utf8')).pid === older.pid); i++) await new Promise((r) => setTimeout(r, 50))
    expect(await versionAt(0)).toBe('v1')
    const load = startFetchLoad(url(0), { workers: 8, pauseMs: 20 })
    const d = await ws.run(deploy, { version: 'v2' }, env)
    const seen = await load.stop()
    expect(d.failed).toBeUndefined()
    expect(text(d)).toMatch(new RegExp(`root@127\\.0\\.0\\.5:\\d+\\] Router upgraded in place from revision ${ROUTER_REVISION - 1} to ${ROUTER_REVISION} \\(pid ${older.pid} -> \\d+\\)`))
    expect(seen.sent).toBeGreaterThan(100)
    expect(seen.failures).toEqual([])
    expect(seen.non2xx).toBe(0)
    expect(await versionAt(0)).toBe('v2')
    expect(JSON.parse(readFileSync(pidFile, 'utf8')).pid).not.toBe(older.pid)
  })

  it('a release that never becomes healthy halts the waves on its host, names it, and every host keeps serving', async () => {
    ws.writeConfig(config({ strategy: 'rolling' }))
    expect((await ws.run(deploy, { version: 'v1' }, env)).failed).toBeUndefined()
    const r = await ws.run(deploy, { version: 'v3' }, { ...env })
    expect(r.failed).toMatch(/GP-WAVES-001.*web-1 failed \(GP-PROVIDER-003: On root@127\.0\.0\.5:\d+: Release v3 did not become healthy/)
    expect(r.failed).toMatch(/Not started: web-2/)
    expect(await Promise.all(HOSTS.map((_, i) => versionAt(i)))).toEqual(['v1', 'v1'])
    expect(processesUnder(hostDir(0)).some((p) => p.relative.startsWith('releases/v3'))).toBe(false)
  }, 120_000)

  it('a fresh runner rolls every host back from the state on the hosts', async () => {
    ws.writeConfig(config({ strategy: 'rolling' }))
    expect((await ws.run(deploy, { version: 'v1' }, env)).failed).toBeUndefined()
    expect((await ws.run(deploy, { version: 'v2' }, env)).failed).toBeUndefined()
    expect(await Promise.all(HOSTS.map((_, i) => versionAt(i)))).toEqual(['v2', 'v2'])
    rmSync(ws.stateDir, { recursive: true, force: true })
    const back = await ws.run(rollback, {}, env)
    expect(back.failed).toBeUndefined()
    expect(await Promise.all(HOSTS.map((_, i) => versionAt(i)))).toEqual(['v1', 'v1'])
    expect(HOSTS.map((_, i) => hostState(i)?.stable?.version)).toEqual(['v1', 'v1'])
  })

  it('a rollback restarts a kept release whose tree has relative links (node_modules/.bin, a venv\'s python) on every host', async () => {
    // The app's entry point is a relative link, as venv/bin/python -> python3 or node_modules/.bin/* are:
    // a transfer that rewrote it into an absolute link to a transient folder would start once, never again.
    // Versions no earlier test sent: the hosts outlive each test, and a version once sent is immutable there.
    for (const v of ['v7', 'v8']) {
      const dir = join(ws.dir, 'apps', v)
      rmSync(dir, { recursive: true, force: true })
      mkdirSync(join(dir, 'lib'), { recursive: true })
      mkdirSync(join(dir, 'node_modules', '.bin'), { recursive: true })
      cpSync(DEMO_APP, join(dir, 'lib'), { recursive: true })
      symlinkSync('lib/server.js', join(dir, 'server.js'))
      symlinkSync('../../lib/server.js', join(dir, 'node_modules', '.bin', 'serve'))
    }
    ws.writeConfig(config({ strategy: 'rolling' }))
    expect((await ws.run(deploy, { version: 'v7' }, env)).failed).toBeUndefined()
    expect((await ws.run(deploy, { version: 'v8' }, env)).failed).toBeUndefined()
    expect(await Promise.all(HOSTS.map((_, i) => versionAt(i)))).toEqual(['v8', 'v8'])
    for (let i = 0; i < HOSTS.length; i++) {
      // Kept on the host, stopped, with its links as they were.
      expect(processesUnder(hostDir(i)).some((p) => p.relative.startsWith('releases/v7'))).toBe(false)
      expect(readlinkSync(join(hostDir(i), 'releases', 'v7', 'server.js'))).toBe('lib/server.js')
      expect(readlinkSync(join(hostDir(i), 'releases', 'v7', 'node_modules', '.bin', 'serve'))).toBe('../../lib/server.js')
    }
    const back = await ws.run(rollback, {}, env)
    expect(back.failed).toBeUndefined()
    expect(await Promise.all(HOSTS.map((_, i) => versionAt(i)))).toEqual(['v7', 'v7'])
    expect(HOSTS.map((_, i) => hostState(i)?.stable?.version)).toEqual(['v7', 'v7'])
    expect(JSON.stringify(back.outputs)).not.toMatch(/failed/)
  })

  it('a run killed while a release starts on a host is undone by the next run on a fresh runner: the half-started release stopped, the intent read on the host', async () => {
    // v2 takes a while to start on web-1: the run is killed while it starts there.
    ws.writeConfig(config({ strategy: 'rolling', start: `'[ "$GLIDEPATH_VERSION" != v2 ] || sleep 3; exec node server.js'` }))
    expect((await ws.run(deploy, { version: 'v1' }, env)).failed).toBeUndefined()
    // The agent this process's own run keeps on the host (its channel idles out later) is not the killed run's.
    const earlier = new Set(agentsOn(0))
    const killedRuns = () => agentsOn(0).filter((p) => !earlier.has(p))
    const loader = pathToFileURL(join(process.cwd(), 'node_modules', 'tsx', 'dist', 'loader.mjs')).href
    const child = spawn(process.execPath, ['--import', loader, join(process.cwd(), '__tests__/model/run-action.ts'), 'deploy', '--environment', 'web', '--version', 'v2', '--workspace', ws.dir, '--json'], {
      cwd: ws.dir, stdio: 'ignore', env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', GLIDEPATH_INTERNAL_SELF: process.env.GLIDEPATH_INTERNAL_SELF ?? '', ...env },
    })
    const starting = () => processesUnder(hostDir(0)).some((p) => p.relative.startsWith('releases/v2'))
    const deadline = Date.now() + 20_000
    while (!starting() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50))
    expect(starting()).toBe(true)
    expect(killedRuns().length).toBe(1)
    child.kill('SIGKILL')
    await new Promise((r) => child.on('close', r))
    // The agent on the host goes with its connection (it would otherwise go on changing things there).
    killMasters()
    for (let i = 0; i < 100 && killedRuns().length; i++) await new Promise((r) => setTimeout(r, 50))
    expect(killedRuns()).toEqual([])
    // A fresh runner: no state of its own, and the lock on the host stopped being renewed.
    rmSync(ws.stateDir, { recursive: true, force: true })
    const holder = join(hostDir(0), 'lock', 'holder')
    if (existsSync(holder)) writeFileSync(holder, `${readFileSync(holder, 'utf8').split('\n')[0]}\n${Math.floor(Date.now() / 1000) - 600}\n`)
    const next = await ws.run(deploy, { version: 'v2' }, env)
    expect(next.failed).toBeUndefined()
    expect(text(next)).toMatch(/A deploy of v2 on web\/web-1 was interrupted .*undoing it first/)
    expect(await Promise.all(HOSTS.map((_, i) => versionAt(i)))).toEqual(['v2', 'v2'])
    // One v2 release per host: the one the killed run started is gone.
    const v2 = processesUnder(hostDir(0)).filter((p) => p.relative.startsWith('releases/v2')).map((p) => p.pgid)
    expect(new Set(v2).size).toBe(1)
    expect(hostState(0)).toMatchObject({ stable: { version: 'v2' }, pending: null })
  }, 90_000)

  it('believes the hosts, not the files: a restarted host is healed, a lost record is rebuilt from what serves there (a canary next, never a first deploy), a stopped router is started again', async () => {
    ws.writeConfig(config())
    expect((await ws.run(deploy, { version: 'v1' }, env)).failed).toBeUndefined()
    expect(await Promise.all(HOSTS.map((_, i) => versionAt(i)))).toEqual(['v1', 'v1'])
    // web-1 restarted: every process of the environment there gone at once (its router and v1), pid files left.
    const routerOf = (i: number) => (JSON.parse(readFileSync(join(hostDir(i), 'router.pid'), 'utf8')) as { pid: number }).pid
    for (const pgid of new Set([routerOf(0), ...processesUnder(hostDir(0)).map((p) => p.pgid)])) try { process.kill(-pgid, 'SIGKILL') } catch { /* gone */ }
    // web-2: its record lost on the host, and the runner is a fresh one (no state of its own).
    rmSync(join(hostDir(1), 'state.json'), { force: true })
    rmSync(ws.stateDir, { recursive: true, force: true })
    let refused = ''
    for (let i = 0; i < 50 && !refused; i++) refused = await versionAt(0).then(() => '', (e: Error) => (/connection refused/.test(e.message) ? e.message : ''))
    expect(refused).toMatch(/connection refused/)
    // A deploy of the serving version heals web-1 instead of saying "nothing changed".
    const same = await ws.run(deploy, { version: 'v1' }, env)
    expect(same.failed).toBeUndefined()
    expect(text(same)).toMatch(/\[web-1\] web\/web-1 did not serve as recorded \(the router did not answer, and v1 did not answer its health check\); healed: restarted the router on its recorded routes; started v1 again/)
    expect(text(same)).not.toMatch(/nothing changed/)
    expect(await Promise.all(HOSTS.map((_, i) => versionAt(i)))).toEqual(['v1', 'v1'])
    expect(HOSTS.map((_, i) => hostState(i)?.stable?.version)).toEqual(['v1', 'v1'])
    // The next version is a canary on every host (web-2's record was rebuilt from its router), not a 100% release.
    rmSync(join(hostDir(1), 'state.json'), { force: true })
    rmSync(ws.stateDir, { recursive: true, force: true })
    const next = await ws.run(deploy, { version: 'v2' }, env)
    expect(next.failed).toBeUndefined()
    expect(text(next)).toMatch(/the state named no version, but v1 takes 100%/)
    for (const h of HOSTS) expect(text(next)).toMatch(new RegExp(`\\[${h}\\] Canary v2 started at step 0 with 50% of traffic`))
    expect(text(next)).not.toMatch(/Transition initial/)
    // web-2's router stopped by hand: a rollback starts it again on its routes, and both hosts serve v1.
    process.kill(-routerOf(1), 'SIGKILL')
    const back = await ws.run(rollback, { to: 'v1' }, env)
    expect(back.failed).toBeUndefined()
    expect(text(back)).toMatch(/\[web-2\] .*\(the router did not answer\); healed: restarted the router on its recorded routes/)
    expect(await Promise.all(HOSTS.map((_, i) => versionAt(i)))).toEqual(['v1', 'v1'])
    expect(HOSTS.map((_, i) => hostState(i)?.stable?.version)).toEqual(['v1', 'v1'])
  }, 120_000)

  it('rollback.window keeps the previous release running on each host after a promotion; a rollback within it is a switch there', async () => {
    ws.writeConfig(config().replace('    waves:', '    rollback: { window: 1h }\n    waves:'))
    expect((await ws.run(deploy, { version: 'v1' }, env)).failed).toBeUndefined()
    const promoted = await ws.run(deploy, { version: 'v2' }, env)
    expect(promoted.failed).toBeUndefined()
    const releases = (i: number) => [...new Set(processesUnder(join(hostDir(i), 'releases')).map((p) => p.relative.split('/')[0]))].sort()
    for (let i = 0; i < HOSTS.length; i++) expect(releases(i)).toEqual(['v1', 'v2'])
    expect(HOSTS.map((_, i) => (hostState(i) as { standby?: { version: string; until?: string } }).standby)).toEqual([
      { version: 'v1', until: expect.any(String) }, { version: 'v1', until: expect.any(String) },
    ])
    const back = await ws.run(rollback, { to: 'v1' }, env)
    expect(back.failed).toBeUndefined()
    for (const h of HOSTS) expect(text(back)).toMatch(new RegExp(`\\[${h}\\] .*v1 is still running \\(blue-green standby or rollback window\\) and answers its health check; switching traffic back`))
    expect(text(back)).not.toMatch(/Started v1/)
    expect(await Promise.all(HOSTS.map((_, i) => versionAt(i)))).toEqual(['v1', 'v1'])
    for (let i = 0; i < HOSTS.length; i++) expect(releases(i)).toEqual(['v1'])
  }, 120_000)

  it('without the key nothing changes on any host', async () => {
    ws.writeConfig(config({ strategy: 'rolling' }))
    const before = await Promise.all(HOSTS.map((_, i) => versionAt(i)))
    const states = HOSTS.map((_, i) => hostState(i))
    const r = await ws.run(deploy, { version: 'v3' }, { ...env, GLIDEPATH_SSH_KEY: '' })
    expect(r.failed).toMatch(/GP-SSH-001.*GLIDEPATH_SSH_KEY/)
    expect(HOSTS.map((_, i) => hostState(i))).toEqual(states)
    expect(await Promise.all(HOSTS.map((_, i) => versionAt(i)))).toEqual(before)
    for (let i = 0; i < HOSTS.length; i++) expect(existsSync(join(hostDir(i), 'incoming', 'v3'))).toBe(false)
  })

  it('blue-green keeps the previous release warm on each host, a rollback is a switch there, and teardown leaves nothing running on the hosts', async () => {
    ws.writeConfig(config({ strategy: 'blue-green' }))
    expect((await ws.run(deploy, { version: 'v1' }, env)).failed).toBeUndefined()
    const second = await ws.run(deploy, { version: 'v2' }, env)
    expect(second.failed).toBeUndefined()
    expect(await Promise.all(HOSTS.map((_, i) => versionAt(i)))).toEqual(['v2', 'v2'])
    const releases = (i: number) => [...new Set(processesUnder(join(hostDir(i), 'releases')).map((p) => p.relative.split('/')[0]))].sort()
    for (let i = 0; i < HOSTS.length; i++) expect(releases(i)).toEqual(['v1', 'v2'])
    const back = await ws.run(rollback, {}, env)
    expect(back.failed).toBeUndefined()
    expect(text(back)).toMatch(/v1 is still running \(blue-green standby or rollback window\) and answers its health check; switching traffic back/)
    expect(await Promise.all(HOSTS.map((_, i) => versionAt(i)))).toEqual(['v1', 'v1'])
    const down = await ws.run(deploy, { teardown: 'true' }, env)
    expect(down.failed).toBeUndefined()
    for (let i = 0; i < HOSTS.length; i++) {
      expect(processesUnder(hostDir(i))).toEqual([])
      await expect(versionAt(i)).rejects.toThrow(/connection refused/)
    }
  })

  it('a new build goes on a host once, and older builds no process runs from are removed there, the newest two kept', async () => {
    ws.writeConfig(config({ strategy: 'rolling' }))
    const agentDir = join(sshd[0].home, '.glidepath', 'agent')
    const current = selfBundle().hash
    // Five older builds (dated after any an earlier test left, so they are the newest others); the oldest still
    // has a process running from it, as a router of that build would.
    const old = ['a', 'b', 'c', 'd', 'e'].map((c) => c.repeat(16))
    for (const [i, hash] of old.entries()) {
      mkdirSync(join(agentDir, hash), { recursive: true })
      writeFileSync(join(agentDir, hash, 'index.js'), '')
      const at = Date.now() / 1000 + 3600 * (5 - i)
      utimesSync(join(agentDir, hash), at, at)
    }
    const user = spawn('sh', ['-c', 'sleep 60; true', join(agentDir, old[4], 'index.js')], { stdio: 'ignore' })
    try {
      // This build's bundle looks unfinished on web-1: it is put there again, as a new build would be.
      rmSync(join(agentDir, current, '.glidepath-complete'), { force: true })
      const r = await ws.run(deploy, { version: 'v1' }, env)
      expect(r.failed).toBeUndefined()
      expect(text(r)).toMatch(/Putting Glidepath \([0-9a-f]{16}\) on root@127\.0\.0\.5/)
      expect(text(r)).toMatch(/Removed \d+ older Glidepath bundle\(s\) from root@127\.0\.0\.5/)
      const left = readdirSync(agentDir)
      expect(left).toEqual(expect.arrayContaining([current, old[0], old[1], old[4]]))
      expect(left).not.toContain(old[2])
      expect(left).not.toContain(old[3])
      expect(await Promise.all(HOSTS.map((_, i) => versionAt(i)))).toEqual(['v1', 'v1'])
    } finally {
      user.kill('SIGKILL')
      for (const hash of old) rmSync(join(agentDir, hash), { recursive: true, force: true })
    }
  })
})
