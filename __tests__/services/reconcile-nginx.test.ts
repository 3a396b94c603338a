import { waitFor } from '../helpers/wait.js'
import { describe, it, expect, beforeAll, afterAll, beforeEach, afterEach } from '@jest/globals'
import { writeFileSync, chmodSync, mkdirSync, cpSync, rmSync, readFileSync } from 'node:fs'
import { execSync, spawnSync } from 'node:child_process'
import { hostname } from 'node:os'
import { join } from 'node:path'
import { run as deploy } from '../../actions/deploy/src/main.js'
import { run as rollback } from '../../actions/rollback/src/main.js'
import { createWorkspace, freePort, DEMO_APP, type TestWorkspace } from '../helpers/workspace.js'
import { startNginx, placeScript, killPlaced, type RealNginx } from '../helpers/real-services.js'
import { httpRequest } from '../../shared/http/request.js'
import { StateStore } from '../../shared/state/store.js'
import { killGroup } from '../../shared/process/run.js'

// The command provider behind a real nginx believes nginx, not its file (issue 35): what nginx was told
// (the managed upstream file's first line), whether nginx runs, and whether each address answers.
let nginx: RealNginx
let ports: { stable: number; canary: number }
let ws: TestWorkspace

beforeAll(async () => {
  ports = { stable: await freePort(), canary: await freePort() }
  nginx = await startNginx('web', `upstream web { server 127.0.0.1:${ports.stable}; }\n`)
})
afterAll(() => nginx?.stop())

const run = () => join(ws.dir, 'run')
const said = (r: { logs: Array<{ message: string }> }) => r.logs.map((l) => l.message).join('\n')
const serving = async () => (await httpRequest(`${nginx.url}/`, { timeoutMs: 3000 })).headers.get('x-version')
const state = () => new StateStore(ws.stateDir, 'edge').read()

beforeEach(async () => {
  ws = createWorkspace()
  for (const v of ['v1', 'v2']) {
    mkdirSync(join(ws.dir, 'apps', v), { recursive: true })
    cpSync(DEMO_APP, join(ws.dir, 'apps', v), { recursive: true })
  }
  writeFileSync(join(ws.dir, 'place.sh'), placeScript(join(ws.dir, 'apps'), run()))
  chmodSync(join(ws.dir, 'place.sh'), 0o755)
  ws.writeConfig(`version: 1
environments:
  edge:
    branches: [main]
    strategy: canary
    timeout: 20s
    command: { deploy: ./place.sh }
    traffic:
      router: nginx
      nginx: { upstream: web, file: ${nginx.upstreamFile}, stable: 127.0.0.1:${ports.stable}, canary: 127.0.0.1:${ports.canary}, test: '${nginx.testCommand}', reload: '${nginx.reloadCommand}', pidFile: ${nginx.pidFile} }
    canary:
      steps: [ {weight: 50, pause: 1s}, {weight: 100} ]
`)
  const first = await ws.run(deploy, { version: 'v1' })
  if (first.failed) throw new Error(first.failed)
})
afterEach(async () => {
  killPlaced(run())
  nginx.reset()
  await ws.cleanup()
})

describe('the command provider behind real nginx reconciles with what nginx serves', () => {
  it('a stable address whose app died is placed again by the next deploy of the serving version, not "nothing changed"', async () => {
    killGroup(Number(readFileSync(join(run(), 'stable.pid'), 'utf8').trim()), 'SIGKILL')
    await waitFor(async () => (await httpRequest(`${nginx.url}/`, { timeoutMs: 3000 })).status === 502, 'nginx to answer 502 for the dead stable')
    const again = await ws.run(deploy, { version: 'v1' })
    expect(again.failed).toBeUndefined()
    expect(said(again)).toMatch(/edge did not serve as recorded \(v1 did not answer its health check\); healed: placed v1 on the stable address again with command\.deploy/)
    expect(said(again)).not.toMatch(/nothing changed/)
    for (let i = 0; i < 5; i++) expect(await serving()).toBe('v1')
  })

  it('a lost state file is rebuilt from what nginx was told: the next version is a canary at its first weight, never a 100% release', async () => {
    rmSync(join(ws.stateDir, 'edge', 'state.json'))
    const next = await ws.run(deploy, { version: 'v2' })
    expect(next.failed).toBeUndefined()
    expect(said(next)).toMatch(/the state named no version, but v1 takes 100%/)
    expect(state()).toMatchObject({ stable: { version: 'v1' }, canary: { version: 'v2', weight: 50 } })
    const seen = new Set<string | null>()
    for (let i = 0; i < 40; i++) seen.add(await serving())
    expect([...seen].sort()).toEqual(['v1', 'v2'])
    // And rollback to v1 (which the lost file had recorded) works from the rebuilt record.
    expect((await ws.run(rollback, { to: 'v1' })).failed).toBeUndefined()
    for (let i = 0; i < 5; i++) expect(await serving()).toBe('v1')
  })

  it('a lost state file and a dead run\'s lock (found by the model): the recovery keeps what nginx was told, and the next version is still a canary', async () => {
    rmSync(join(ws.stateDir, 'edge', 'state.json'))
    // A canary-step killed while it held the lock (its process gone): the next run takes the lock over and recovers first.
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' })
    writeFileSync(join(ws.stateDir, 'edge', 'lock'), JSON.stringify({ pid: Number(dead.stdout), host: hostname(), action: 'canary-step', acquiredAt: new Date().toISOString() }))
    const next = await ws.run(deploy, { version: 'v2' })
    expect(next.failed).toBeUndefined()
    expect(said(next)).toMatch(/stale lock/)
    expect(said(next)).toMatch(/the state named no version, but v1 takes 100%/)
    expect(said(next)).not.toMatch(/Transition initial/)
    expect(state()).toMatchObject({ stable: { version: 'v1' }, canary: { version: 'v2', weight: 50 } })
  })

  it('a stopped nginx stops a deploy with GP-STATE-002 and changes nothing (Glidepath reloads nginx, it does not start it); once nginx runs, the deploy goes', async () => {
    const before = readFileSync(join(ws.stateDir, 'edge', 'state.json'), 'utf8')
    const upstream = readFileSync(nginx.upstreamFile, 'utf8')
    execSync(nginx.reloadCommand.replace(/ -s reload$/, ' -s quit'), { stdio: 'pipe' })
    for (let i = 0; i < 50; i++) {
      try { process.kill(Number(readFileSync(nginx.pidFile, 'utf8').trim()), 0) } catch { break }
      await new Promise((r) => setTimeout(r, 100))
    }
    try {
      const r = await ws.run(deploy, { version: 'v2' })
      expect(r.outputs['error-code']).toBe('GP-STATE-002')
      expect(r.failed).toMatch(/nginx does not run/)
      expect(r.failed).toMatch(/Start nginx/)
      expect(readFileSync(join(ws.stateDir, 'edge', 'state.json'), 'utf8')).toBe(before)
      expect(readFileSync(nginx.upstreamFile, 'utf8')).toBe(upstream)
    } finally {
      execSync(nginx.reloadCommand.replace(/ -s reload$/, ''), { stdio: 'pipe' })
    }
    const ok = await ws.run(deploy, { version: 'v2' })
    expect(ok.failed).toBeUndefined()
    expect(state().canary).toMatchObject({ version: 'v2', weight: 50 })
  })
})
