import { describe, it, expect, beforeEach, afterEach } from '@jest/globals'
import { spawn } from 'node:child_process'
import { openSync, closeSync } from 'node:fs'
import { join } from 'node:path'
import { run as deploy } from '../../actions/deploy/src/main.js'
import { createWorkspace, freePort, type TestWorkspace } from '../helpers/workspace.js'
import { startFetchLoad } from '../helpers/load.js'
import { LocalRouterClient } from '../../shared/traffic/local/client.js'
import { ROUTER_REVISION } from '../../shared/traffic/local/router-files.js'
import { isRunning } from '../../shared/process/run.js'
import { httpRequest } from '../../shared/http/request.js'

// A router left running by an earlier Glidepath (another revision) is replaced by the next action that
// drives it, under load, without a refused or failed request: it hands its listening socket to a router
// of the action's build, then finishes what it has in flight. A handoff that fails leaves it serving.
let ws: TestWorkspace
let port: number
const config = () => `version: 1
environments:
  demo:
    branches: [main]
    strategy: rolling
    timeout: 15s
    local: { app: 'app-{{version}}', start: node server.js, health: /health, port: ${port}, minReady: 100ms }
`
const client = () => new LocalRouterClient(join(ws.stateDir, 'demo'), port)

/** Replaces the running router with one that says it is of an older revision (as an earlier Glidepath's would). */
async function startOlderRouter(revision = ROUTER_REVISION - 1): Promise<number> {
  const router = client()
  await router.stop()
  const [cmd, ...args] = JSON.parse(process.env.GLIDEPATH_INTERNAL_SELF as string) as string[]
  const log = openSync(router.logFile, 'a')
  const child = spawn(cmd, args, {
    detached: true,
    stdio: ['ignore', log, log],
    cwd: router.dir,
    env: { ...process.env, GLIDEPATH_INTERNAL_ROUTER: router.routesFile, GLIDEPATH_INTERNAL_ROUTER_REVISION: String(revision) },
  })
  closeSync(log)
  child.unref()
  for (let i = 0; i < 200 && !(router.pid() === child.pid && (await router.healthy())); i++) await new Promise((r) => setTimeout(r, 50))
  expect(router.pid()).toBe(child.pid)
  return child.pid as number
}

const revisionNow = async () => JSON.parse((await httpRequest(`${client().adminUrl()}/health`, { timeoutMs: 2000 })).body).revision as number

beforeEach(async () => {
  ws = createWorkspace()
  port = await freePort()
  ws.app('app-v1')
  ws.app('app-v2')
  ws.writeConfig(config())
  expect((await ws.run(deploy, { version: 'v1' })).failed).toBeUndefined()
})
afterEach(async () => ws.cleanup())

describe('upgrading the local router in place', () => {
  it('hands the listening socket of an older router to one of this build under load: no request fails, and the old one exits', async () => {
    const old = await startOlderRouter()
    expect(await revisionNow()).toBe(ROUTER_REVISION - 1)
    const load = startFetchLoad(`http://127.0.0.1:${port}/`, { workers: 16, pauseMs: 20 })
    await load.more(200)
    const d = await ws.run(deploy, { version: 'v2' })
    await load.more(200)
    const seen = await load.stop()
    expect(d.failed).toBeUndefined()
    const log = d.logs.map((l) => l.message).join('\n')
    expect(log).toMatch(new RegExp(`Router upgraded in place from revision ${ROUTER_REVISION - 1} to ${ROUTER_REVISION} \\(pid ${old} -> \\d+\\)`))
    expect(client().pid()).not.toBe(old)
    expect(await revisionNow()).toBe(ROUTER_REVISION)
    expect(seen.sent).toBeGreaterThan(300)
    expect(seen.failures).toEqual([])
    expect(seen.errors).toBe(0)
    expect(seen.non2xx).toBe(0)
    expect((await httpRequest(`http://127.0.0.1:${port}/`, { timeoutMs: 2000 })).headers.get('x-version')).toBe('v2')
    // The old router finishes its connections (they idle out at most) and goes.
    for (let i = 0; i < 200 && isRunning({ pid: old }); i++) await new Promise((r) => setTimeout(r, 50))
    expect(isRunning({ pid: old })).toBe(false)
  }, 60_000)

  it('a successor that cannot start leaves the older router serving, and the deploy goes on', async () => {
    const old = await startOlderRouter()
    const self = process.env.GLIDEPATH_INTERNAL_SELF
    process.env.GLIDEPATH_INTERNAL_SELF = JSON.stringify([process.execPath, '-e', 'process.exit(3)'])
    try {
      const d = await ws.run(deploy, { version: 'v2' })
      expect(d.failed).toBeUndefined()
      expect(d.logs.map((l) => l.message).join('\n')).toMatch(/could not be upgraded to revision \d+: the successor router did not take over; this one keeps serving.*the running one keeps serving/)
    } finally {
      process.env.GLIDEPATH_INTERNAL_SELF = self
    }
    expect(client().pid()).toBe(old)
    expect(isRunning({ pid: old })).toBe(true)
    expect((await httpRequest(`http://127.0.0.1:${port}/`, { timeoutMs: 2000 })).headers.get('x-version')).toBe('v2')
  }, 60_000)

  it('a router no pid file names, holding the port (its starter killed before it answered), is stopped before a new one starts', async () => {
    // A router that serves but whose pid file is gone: what a start racing a killed run's can leave.
    const stray = await startOlderRouter(ROUTER_REVISION)
    const router = client()
    const { rmSync } = await import('node:fs')
    rmSync(`${router.routesFile.replace(/\.json$/, '')}.pid`)
    // A process with another routes file (another environment's router) is not this one's business.
    const other = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { cwd: router.dir, detached: true, stdio: 'ignore', env: { ...process.env, GLIDEPATH_INTERNAL_ROUTER: `${router.routesFile}.other` } })
    other.unref()
    // Nor is a process a router runs itself (under tsx, esbuild's service): its directory and environment,
    // but not a process group of its own.
    const helper = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { cwd: router.dir, stdio: 'ignore', env: { ...process.env, GLIDEPATH_INTERNAL_ROUTER: router.routesFile } })
    try {
      const d = await ws.run(deploy, { version: 'v2' })
      expect(d.failed).toBeUndefined()
      expect(d.logs.map((l) => l.message).join('\n')).toMatch(new RegExp(`Stopping 1 local router process\\(es\\) that no pid file names \\(pid ${stray}\\)`))
      expect(isRunning({ pid: stray })).toBe(false)
      expect(isRunning({ pid: other.pid as number })).toBe(true)
      expect(isRunning({ pid: helper.pid as number })).toBe(true)
      expect(router.pid()).not.toBe(stray)
      expect((await httpRequest(`http://127.0.0.1:${port}/`, { timeoutMs: 2000 })).headers.get('x-version')).toBe('v2')
    } finally {
      for (const p of [other, helper]) try { process.kill(p.pid as number, 'SIGKILL') } catch { /* gone */ }
    }
  }, 60_000)
})
