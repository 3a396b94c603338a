import { describe, it, expect, beforeAll, afterAll, beforeEach, afterEach } from '@jest/globals'
import { writeFileSync, chmodSync, mkdirSync, cpSync, existsSync, readFileSync, rmSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { spawn, spawnSync, execFileSync } from 'node:child_process'
import { pathToFileURL } from 'node:url'
import { run as deploy } from '../../actions/deploy/src/main.js'
import { run as canaryStep } from '../../actions/canary-step/src/main.js'
import { createWorkspace, freePort, DEMO_APP, type TestWorkspace } from '../helpers/workspace.js'
import { startNginx, placeScript, killPlaced, type RealNginx } from '../helpers/real-services.js'
import { startSshd, clientKey, type RealSshd, type ClientKey } from '../helpers/sshd.js'
import { startLoad } from '../helpers/load.js'
import { httpRequest } from '../../shared/http/request.js'
import { environmentSlug } from '../../shared/state/store.js'

const slug = (host: string) => environmentSlug(`fleet/${host}`)

// A fleet of plain hosts deployed over SSH from the runner (issue 24): three real OpenSSH servers on
// their own loopback addresses, each "host" with its own directory and its own nginx in front of a
// stable and a canary port. The command provider's commands and the nginx router's file writes, tests
// and reloads all go over one multiplexed connection per host; the lock and the state are kept on each
// host. Waves move host by host; a host that refuses the connection halts the rollout and the hosts
// already moved are rolled back; a changed host key is refused before anything runs.
const HOSTS = ['app-1', 'app-2', 'app-3']
let key: ClientKey
let sshd: RealSshd[]
let nginx: RealNginx[]
let ports: Array<{ stable: number; canary: number }>
let ws: TestWorkspace
let env: Record<string, string>

beforeAll(async () => {
  key = clientKey()
  sshd = []
  nginx = []
  ports = []
  for (let i = 0; i < HOSTS.length; i++) {
    sshd.push(await startSshd(`127.0.0.${i + 2}`, await freePort(), key.publicKey))
    const p = { stable: await freePort(), canary: await freePort() }
    ports.push(p)
    nginx.push(await startNginx('app', `upstream app { server 127.0.0.1:${p.stable}; }\n`))
  }
})
afterAll(() => {
  sshd?.forEach((s) => s.stop())
  nginx?.forEach((n) => n.stop())
})

const config = (opts: { onFailure?: string; strategy?: string; hostKeys?: string; extra?: string; analysis?: string } = {}) => `version: 1
environments:
  fleet:
    branches: [main]
    strategy: ${opts.strategy ?? 'canary'}
    timeout: 20s
    lock: { timeout: 5s }
    command: { deploy: ${ws.dir}/place.sh }
    ssh: { user: root${opts.hostKeys ? `, hostKeys: ${opts.hostKeys}` : ''} }
    traffic: { router: nginx }
    canary:
      steps: [ {weight: 50, pause: ${opts.analysis ? '4s' : '1s'}}, {weight: 100} ]
${opts.analysis ?? ''}    waves: { onFailure: ${opts.onFailure ?? 'rollback-all'} }
    targets:
${HOSTS.map((h, i) => `      - name: ${h}
        ssh: { host: ${sshd[i].address}, port: ${sshd[i].port}, dir: ${sshd[i].home} }
        traffic:
          nginx: { upstream: app, file: ${nginx[i].upstreamFile}, stable: 127.0.0.1:${ports[i].stable}, canary: 127.0.0.1:${ports[i].canary}, test: '${nginx[i].testCommand}', reload: '${nginx[i].reloadCommand}', settle: 300ms, accessLog: ${nginx[i].accessLog} }`).join('\n')}
${opts.extra ?? ''}`

beforeEach(async () => {
  ws = createWorkspace()
  for (const v of ['v1', 'v2']) {
    const dir = join(ws.dir, 'apps', v)
    mkdirSync(dir, { recursive: true })
    cpSync(DEMO_APP, dir, { recursive: true })
  }
  writeFileSync(join(ws.dir, 'place.sh'), placeScript(join(ws.dir, 'apps'), `${ws.dir}/run/$GLIDEPATH_TARGET`))
  chmodSync(join(ws.dir, 'place.sh'), 0o755)
  env = { GLIDEPATH_SSH_KEY: key.privateKey, GLIDEPATH_SSH_KNOWN_HOSTS: sshd.map((s) => s.knownHosts).join('') }
  for (const s of sshd) rmSync(join(s.home, '.glidepath'), { recursive: true, force: true })
})
afterEach(async () => {
  for (const h of HOSTS) killPlaced(join(ws.dir, 'run', h))
  for (const n of nginx) n.reset()
  await ws.cleanup()
})

const versionAt = async (i: number) => (await httpRequest(`${nginx[i].url}/`, { timeoutMs: 3000 })).headers.get('x-version')
const hostState = (i: number) => {
  const file = join(sshd[i].home, '.glidepath', slug(HOSTS[i]), 'state.json')
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) as { stable?: { version: string } } : undefined
}

describe('a fleet of hosts over SSH', () => {
  it('deploys three hosts wave by wave, runs a canary per host and promotes it; the lock and the state live on each host', async () => {
    ws.writeConfig(config())
    const first = await ws.run(deploy, { version: 'v1', strategy: 'rolling' }, env)
    expect(first.failed).toBeUndefined()
    expect(await Promise.all(HOSTS.map((_, i) => versionAt(i)))).toEqual(['v1', 'v1', 'v1'])
    expect(HOSTS.map((_, i) => hostState(i)?.stable?.version)).toEqual(['v1', 'v1', 'v1'])
    const log = first.logs.map((l) => l.message).join('\n')
    expect(log).toMatch(/Running command\.deploy \(canary\) on root@127\.0\.0\.2/)
    expect(log).not.toContain('PRIVATE KEY')
    // plan reads every host's own record: v1 on each, a canary next, never "stable none ... first deploy".
    const { runPlan } = await import('../../cli/src/main.js')
    const plan = await ws.run(runPlan, { version: 'v2' }, env)
    expect(plan.failed).toBeUndefined()
    const planned = JSON.parse(plan.outputs.plan).targets as Array<{ name: string; stable: string; transition?: string }>
    expect(planned.map((t) => `${t.name}:${t.stable}`)).toEqual(HOSTS.map((h) => `${h}:v1`))
    expect(planned.every((t) => t.transition !== undefined && t.transition !== 'initial')).toBe(true)

    // Each host runs its whole canary in its wave: 50% through its own nginx, then promotion.
    const canary = await ws.run(deploy, { version: 'v2' }, env)
    expect(canary.failed).toBeUndefined()
    const canaryLog = canary.logs.map((l) => l.message).join('\n')
    for (const h of HOSTS) expect(canaryLog).toMatch(new RegExp(`\\[${h}\\] nginx: upstream app now sends 50% to the canary`))
    expect((await ws.run(canaryStep, { step: 'next' }, env)).outputs.decision).toBe('complete')
    expect(await Promise.all(HOSTS.map((_, i) => versionAt(i)))).toEqual(['v2', 'v2', 'v2'])
    expect(HOSTS.map((_, i) => hostState(i)?.stable?.version)).toEqual(['v2', 'v2', 'v2'])
    // Released: no lock left on any host.
    for (let i = 0; i < HOSTS.length; i++) expect(existsSync(join(sshd[i].home, '.glidepath', slug(HOSTS[i]), 'lock'))).toBe(false)
  })

  it('a mixed fleet: a release on the runner behind the local router, then two hosts over SSH, in one rollout; the second host failing halts it and returns the others', async () => {
    const edge = await freePort()
    // The hosts' deploy refuses v2 on app-2 (its disk is full, say); the runner's target is the local provider.
    writeFileSync(join(ws.dir, 'mixed.sh'), `#!/bin/sh\nif [ "$GLIDEPATH_TARGET" = app-2 ] && [ "$GLIDEPATH_VERSION" = v2 ]; then echo "no space left on app-2" >&2; exit 1; fi\nexec ${ws.dir}/place.sh\n`)
    chmodSync(join(ws.dir, 'mixed.sh'), 0o755)
    ws.writeConfig(`version: 1
environments:
  fleet:
    branches: [main]
    strategy: rolling
    timeout: 20s
    command: { deploy: ${ws.dir}/mixed.sh }
    ssh: { user: root }
    traffic: { router: nginx }
    waves: { onFailure: rollback-all }
    targets:
      - name: edge
        wave: 1
        provider: local
        local: { app: 'apps/{{version}}', start: node server.js, health: /health, port: ${edge}, minReady: 100ms }
${HOSTS.slice(0, 2).map((h, i) => `      - name: ${h}
        wave: ${i + 2}
        ssh: { host: ${sshd[i].address}, port: ${sshd[i].port}, dir: ${sshd[i].home} }
        traffic:
          nginx: { upstream: app, file: ${nginx[i].upstreamFile}, stable: 127.0.0.1:${ports[i].stable}, canary: 127.0.0.1:${ports[i].canary}, test: '${nginx[i].testCommand}', reload: '${nginx[i].reloadCommand}', settle: 300ms }`).join('\n')}
`)
    const edgeVersion = async () => (await httpRequest(`http://127.0.0.1:${edge}/`, { timeoutMs: 3000 })).headers.get('x-glidepath-version')
    const first = await ws.run(deploy, { version: 'v1' }, env)
    expect(first.failed).toBeUndefined()
    expect([await edgeVersion(), await versionAt(0), await versionAt(1)]).toEqual(['v1', 'v1', 'v1'])
    const second = await ws.run(deploy, { version: 'v2' }, env)
    expect(second.failed).toMatch(/GP-WAVES-001/)
    expect(second.logs.map((l) => l.message).join('\n')).toMatch(/no space left on app-2/)
    // The runner's release and app-1 had moved to v2; both serve v1 again, and app-2 never left it.
    expect([await edgeVersion(), await versionAt(0), await versionAt(1)]).toEqual(['v1', 'v1', 'v1'])
    expect(JSON.parse(second.outputs.waves).targets.map((t: { name: string; status: string }) => `${t.name}:${t.status}`)).toEqual(['edge:rolled-back', 'app-1:rolled-back', 'app-2:failed'])
  })

  it('judges each host\'s canary on the real requests in its nginx\'s access log, read over the host\'s connection', async () => {
    ws.writeConfig(config({ strategy: 'rolling' }))
    expect((await ws.run(deploy, { version: 'v1' }, env)).failed).toBeUndefined()
    ws.writeConfig(config({ analysis: `      analysis:
        interval: 1s
        metrics:
          - { name: errors, source: local, metric: error-rate, max: 0.02 }
          - { name: p95, source: local, metric: latency-p95, max: 500ms }
` }))
    const loads = nginx.map((n) => startLoad(`${n.url}/`, { concurrency: 2 }))
    const canary = await ws.run(deploy, { version: 'v2' }, env)
    await Promise.all(loads.map((l) => l.stop()))
    expect(canary.failed).toBeUndefined()
    const log = canary.logs.map((l) => l.message).join('\n')
    for (const h of HOSTS) expect(log).toMatch(new RegExp(`\\[${h}\\]\\s+errors: pass`))
    expect(await Promise.all(HOSTS.map((_, i) => versionAt(i)))).toEqual(['v2', 'v2', 'v2'])
    // Each host's figures are its own canary's requests, counted from its log.
    const analysis = canary.logs.filter((l) => /errors: pass/.test(l.message)).map((l) => l.message)
    expect(analysis.length).toBeGreaterThanOrEqual(3)
    expect(log).not.toMatch(/counters are unavailable/)
  })

  it('a host that refuses the connection is found before the first wave moves: nothing changes on any host, and the error names it', async () => {
    ws.writeConfig(config({ strategy: 'rolling' }))
    expect((await ws.run(deploy, { version: 'v1' }, env)).failed).toBeUndefined()
    const down = { ...sshd[2] }
    const text = config({ strategy: 'rolling' }).replace(`port: ${sshd[2].port}`, `port: ${await freePort()}`)
    ws.writeConfig(text)
    const r = await ws.run(deploy, { version: 'v2' }, env)
    // Knowable at the start: every host is reached before the first wave moves, so nothing moves.
    expect(r.failed).toMatch(/GP-SSH-002.*Before any wave of v2 on fleet moved, 1 of 3 target\(s\) could not be readied: app-3/)
    expect(r.failed).toMatch(/Could not run on root@127\.0\.0\.4/)
    expect(await Promise.all(HOSTS.map((_, i) => versionAt(i)))).toEqual(['v1', 'v1', 'v1'])
    void down
  })

  it('a connection dropped mid-step halts the waves at that host, names it and the cause, and every host ends on a known version', async () => {
    ws.writeConfig(config({ strategy: 'rolling' }))
    expect((await ws.run(deploy, { version: 'v1' }, env)).failed).toBeUndefined()
    // app-2's deploy command says it started, then waits: the test cuts every connection to app-2 then.
    const started = join(ws.dir, 'app-2.started')
    const place = readFileSync(join(ws.dir, 'place.sh'), 'utf8')
    writeFileSync(join(ws.dir, 'place.sh'), place.replace('set -e\n', `set -e\nif [ "$GLIDEPATH_TARGET" = app-2 ] && [ "$GLIDEPATH_VERSION" = v2 ] && [ ! -f "${started}" ]; then touch "${started}"; sleep 30; fi\n`))
    const running = ws.run(deploy, { version: 'v2' }, env)
    for (let i = 0; i < 400 && !existsSync(started); i++) await new Promise((r) => setTimeout(r, 50))
    expect(existsSync(started)).toBe(true)
    expect(sshd[1].dropConnections()).toBeGreaterThan(0)
    const r = await running
    expect(r.failed).toMatch(/GP-WAVES-001.*halted in wave 2 of 3.*app-2 failed \(GP-SSH-002/)
    expect(r.failed).toMatch(/root@127\.0\.0\.3/)
    expect(r.failed).toMatch(/Now: app-1 serves v1, app-2 serves v1\. Not started: app-3/)
    // rollback-all: app-1 went back, app-2 (reconnected) is on v1, app-3 was never touched.
    expect(await Promise.all(HOSTS.map((_, i) => versionAt(i)))).toEqual(['v1', 'v1', 'v1'])
    expect(HOSTS.map((_, i) => hostState(i)?.stable?.version)).toEqual(['v1', 'v1', 'v1'])
    const waves = JSON.parse(r.outputs.waves) as { targets: Array<{ name: string; status: string; reason?: string }> }
    expect(waves.targets.map((t) => [t.name, t.status])).toEqual([['app-1', 'rolled-back'], ['app-2', 'failed'], ['app-3', 'pending']])
    expect(waves.targets[1].reason).toMatch(/GP-SSH-002: Could not run on root@127\.0\.0\.3:\d+: the connection was lost/)
    expect(r.failed).toMatch(/app-2 failed \(GP-SSH-002: Could not run on root@127\.0\.0\.3:\d+: the connection was lost/)
  })

  it('a host out of disk fails before anything changes there, halts the waves, names the host and the cause', async () => {
    // app-2's state directory is a small filesystem of its own, filled up after the first deploy.
    const full = join(sshd[1].home, '.glidepath')
    mkdirSync(full, { recursive: true })
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', full])
    try {
      ws.writeConfig(config({ strategy: 'rolling' }))
      expect((await ws.run(deploy, { version: 'v1' }, env)).failed).toBeUndefined()
      spawnSync('dd', ['if=/dev/zero', `of=${join(full, 'filler')}`, 'bs=4k'], { stdio: 'ignore' })
      const r = await ws.run(deploy, { version: 'v2' }, env)
      expect(r.failed).toMatch(/GP-WAVES-001.*halted in wave 2 of 3: app-2 failed \(GP-SSH-002: Could not take the lock .* on root@127\.0\.0\.3:\d+: .*(No space left on device|I\/O error).*could not write .*\/lock\/holder/s)
      expect(r.failed).toMatch(/Not started: app-3/)
      expect(await Promise.all(HOSTS.map((_, i) => versionAt(i)))).toEqual(['v1', 'v1', 'v1'])
      expect(hostState(1)?.stable?.version).toBe('v1')
      // No lock was left there without its holder (the next run would have taken it for stale at once).
      expect(existsSync(join(full, slug('app-2'), 'lock'))).toBe(false)
    } finally {
      spawnSync('umount', ['-l', full])
    }
  })

  it('refuses a changed host key before anything runs there, and a missing key before anything changes', async () => {
    ws.writeConfig(config({ strategy: 'rolling' }))
    const wrong = { ...env, GLIDEPATH_SSH_KNOWN_HOSTS: env.GLIDEPATH_SSH_KNOWN_HOSTS.replace(sshd[0].knownHosts, sshd[1].knownHosts.replace(`[${sshd[1].address}]:${sshd[1].port}`, `[${sshd[0].address}]:${sshd[0].port}`)) }
    const r = await ws.run(deploy, { version: 'v1' }, wrong)
    expect(r.failed).toMatch(/GP-SSH-003.*root@127\.0\.0\.2/)
    expect(hostState(0)).toBeUndefined()
    const noKey = await ws.run(deploy, { version: 'v1' }, { ...env, GLIDEPATH_SSH_KEY: '' })
    expect(noKey.failed).toMatch(/GP-SSH-001.*GLIDEPATH_SSH_KEY/)
    expect(HOSTS.map((_, i) => hostState(i))).toEqual([undefined, undefined, undefined])
    // An ssh.dir the host does not have is a configuration problem, named as such, and nothing runs.
    ws.writeConfig(config({ strategy: 'rolling' }).replace(`dir: ${sshd[0].home}`, `dir: ${sshd[0].home}/missing`))
    const noDir = await ws.run(deploy, { version: 'v1' }, env)
    expect(noDir.failed).toMatch(/GP-SSH-004.*Before any wave of v1 on fleet moved.*app-1: The directory .*\/missing \(ssh\.dir\) does not exist on root@127\.0\.0\.2/)
    expect(existsSync(join(sshd[0].home, 'missing'))).toBe(false)
    expect(HOSTS.map((_, i) => hostState(i))).toEqual([undefined, undefined, undefined])
  })

  it('accept-new trusts a host the first time, records its key, and refuses it once it changes', async () => {
    ws.writeConfig(config({ strategy: 'rolling', hostKeys: 'accept-new' }))
    const open = { GLIDEPATH_SSH_KEY: key.privateKey }
    expect((await ws.run(deploy, { version: 'v1' }, open)).failed).toBeUndefined()
    const recorded = readFileSync(join(ws.stateDir, slug('app-1'), 'ssh_known_hosts'), 'utf8')
    expect(recorded).toContain(sshd[0].knownHosts.split(' ')[2].trim())
    await sshd[0].rekey()
    const r = await ws.run(deploy, { version: 'v2' }, open)
    expect(r.failed).toMatch(/GP-SSH-003/)
    expect(await versionAt(0)).toBe('v1')
  })

  it('waits for a lock held on the host and takes over one its holder stopped renewing', async () => {
    ws.writeConfig(config({ strategy: 'rolling' }))
    const lock = join(sshd[0].home, '.glidepath', slug('app-1'), 'lock')
    mkdirSync(lock, { recursive: true })
    writeFileSync(join(lock, 'holder'), `deploy run 1 pid 1@elsewhere\n${Math.floor(Date.now() / 1000)}\n`)
    const held = await ws.run(deploy, { version: 'v1' }, env)
    expect(held.failed).toMatch(/GP-LOCK-001.*locked on root@127\.0\.0\.2:\d+ by deploy run 1 pid 1@elsewhere/)
    expect(await versionAt(0).catch(() => null)).not.toBe('v1')
    writeFileSync(join(lock, 'holder'), `deploy run 1 pid 1@elsewhere\n${Math.floor(Date.now() / 1000) - 600}\n`)
    const taken = await ws.run(deploy, { version: 'v1' }, env)
    expect(taken.failed).toBeUndefined()
    expect(taken.logs.map((l) => l.message).join('\n')).toMatch(/Took over a stale command lock.*deploy run 1 pid 1@elsewhere on root@127\.0\.0\.2/)
    expect(existsSync(lock)).toBe(false)
  })

  it('a run killed mid-deploy on a runner that is then gone is undone by the next run on a fresh runner, from the intent on the host', async () => {
    ws.writeConfig(config({ strategy: 'rolling' }))
    expect((await ws.run(deploy, { version: 'v1' }, env)).failed).toBeUndefined()
    // The next release takes a while on the host: the run is killed while it runs there.
    writeFileSync(join(ws.dir, 'slow.sh'), `#!/bin/sh\nsleep 4\nexec ${ws.dir}/place.sh "$@"\n`)
    chmodSync(join(ws.dir, 'slow.sh'), 0o755)
    ws.writeConfig(config({ strategy: 'rolling' }).replace(`deploy: ${ws.dir}/place.sh`, `deploy: ${ws.dir}/slow.sh`))
    const masters = () => new Set(readdirSync('/proc').filter((p) => /^\d+$/.test(p) && (() => { try { return readFileSync(`/proc/${p}/cmdline`, 'utf8').includes('glidepath-ssh-') } catch { return false } })()))
    const before = masters()
    const loader = pathToFileURL(join(process.cwd(), 'node_modules', 'tsx', 'dist', 'loader.mjs')).href
    const child = spawn(process.execPath, ['--import', loader, join(process.cwd(), '__tests__/model/run-action.ts'), 'deploy', '--environment', 'fleet', '--version', 'v2', '--workspace', ws.dir, '--json'], {
      cwd: ws.dir, stdio: 'ignore', env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', GLIDEPATH_INTERNAL_SELF: process.env.GLIDEPATH_INTERNAL_SELF ?? '', ...env },
    })
    const deadline = Date.now() + 20_000
    const pendingOnHost = () => (hostState(0) as { pending?: { op: string; version: string } } | undefined)?.pending
    while (pendingOnHost()?.version !== 'v2' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50))
    expect(pendingOnHost()).toMatchObject({ op: 'deploy', version: 'v2' })
    child.kill('SIGKILL')
    await new Promise((r) => child.on('close', r))
    // Its multiplexed connections go with it (they would idle out on their own).
    for (const pid of masters()) if (!before.has(pid)) try { process.kill(Number(pid), 'SIGKILL') } catch { /* gone */ }
    // A fresh runner: no state of its own, and the lock on the host stopped being renewed.
    rmSync(ws.stateDir, { recursive: true, force: true })
    for (let i = 0; i < HOSTS.length; i++) {
      const holder = join(sshd[i].home, '.glidepath', slug(HOSTS[i]), 'lock', 'holder')
      if (existsSync(holder)) writeFileSync(holder, `${readFileSync(holder, 'utf8').split('\n')[0]}\n${Math.floor(Date.now() / 1000) - 600}\n`)
    }
    ws.writeConfig(config({ strategy: 'rolling' }))
    const next = await ws.run(deploy, { version: 'v2' }, env)
    expect(next.failed).toBeUndefined()
    const log = next.logs.map((l) => l.message).join('\n')
    expect(log).toMatch(/read it from the command target/)
    expect(log).toMatch(/A deploy of v2 on fleet\/app-1 was interrupted \(its run, pid \d+, stopped before finishing\); undoing it first/)
    expect(await Promise.all(HOSTS.map((_, i) => versionAt(i)))).toEqual(['v2', 'v2', 'v2'])
    expect(HOSTS.map((_, i) => hostState(i))).toEqual(HOSTS.map(() => expect.objectContaining({ stable: expect.objectContaining({ version: 'v2' }), pending: null })))
    const records = (hostState(0) as unknown as { records: Array<{ version: string; status: string; reason?: string }> }).records
    expect(records.find((r) => r.version === 'v2' && r.status === 'failure')?.reason).toMatch(/interrupted/)
  }, 90_000)
})
