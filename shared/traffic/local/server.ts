import { createServer } from 'node:http'
import { Server as NetServer } from 'node:net'
import { spawn } from 'node:child_process'
import { readFileSync, unlinkSync } from 'node:fs'
import { UpstreamPool } from './upstream.js'
import { RouteState } from './routing.js'
import { Mirror } from './mirror.js'
import { adminApi } from './admin.js'
import { createProxy } from './proxy.js'
import { TrafficStats } from './window.js'
import { writeJsonAtomic } from '../../files/json-file.js'
import { processStart } from '../../process/run.js'
import { pidFileOf, successorFileOf, ROUTER_REVISION, type RouterPidFile } from './router-files.js'

// The local router process: a reverse proxy that splits traffic between the stable and the canary
// release by weight and counts requests, errors and latency per version. It runs detached from the
// action that started it and reads its route table from a file. This file starts it, stops it and hands
// its listening socket over; the parts are their own files: the public side (proxy.ts), what it routes
// by (routing.ts), the upstreams (upstream.ts: undici Clients, hottest first), mirrored copies
// (mirror.ts) and the admin API on a loopback port of its own, never the public one (admin.ts).

const UPSTREAM_TIMEOUT_MS = 30_000
/** Tests start a router that says it is older (as one left by an earlier Glidepath would be). */
const REVISION_OVERRIDE = 'GLIDEPATH_INTERNAL_ROUTER_REVISION'
const HANDOFF_TIMEOUT_MS = 15_000

export async function runRouterProcess(routesFile: string): Promise<void> {
  const routes = new RouteState(routesFile)
  const stats = new TrafficStats()
  const pool = new UpstreamPool({ max: 256, keepAliveTimeoutMs: 4_000, timeoutMs: UPSTREAM_TIMEOUT_MS })
  const mirror = new Mirror(pool, stats, () => routes.table.canary)

  // A number on the hot path; made a date only when asked (GET /activity).
  const activity = { lastRequestAt: 0 }
  const { proxy, upgrade } = createProxy({ routes, stats, pool, mirror, activity, handingOff: () => handingOff })

  const revision = Number(process.env[REVISION_OVERRIDE] ?? ROUTER_REVISION)
  /** Set once another router took over the listening socket: answers close their connections. */
  let handingOff = false
  const server = createServer(proxy)
  server.on('upgrade', upgrade)
  server.keepAliveTimeout = 5000
  const admin = adminApi({ routes, stats, pool, mirror, revision, lastRequestAt: () => activity.lastRequestAt, handOff: () => handOff(), stop: () => shutdown() })
  const adminServer = createServer(admin.handle)

  const shutdown = () => {
    server.close()
    adminServer.close()
    server.closeIdleConnections()
    pool.closeAll()
    try { unlinkSync(pidFileOf(routesFile)) } catch { /* already gone */ }
    // In-flight requests get a moment to finish; then the process goes.
    setTimeout(() => process.exit(0), 2000).unref()
    server.on('close', () => setTimeout(() => process.exit(0), 10))
  }
  process.on('SIGTERM', shutdown)
  process.on('SIGINT', shutdown)

  const listen = (srv: typeof server, port: number, host: string) => new Promise<number>((resolve, reject) => {
    srv.once('error', reject)
    srv.listen(port, host, () => {
      const addr = srv.address()
      resolve(typeof addr === 'object' && addr ? addr.port : port)
    })
  })
  /**
   * Hands this router's listening socket to a router of the action's build (the command in the
   * successor file), started as its child with an IPC channel: the successor accepts on the very same
   * socket, so no connection is ever refused. Then this one stops accepting, answers what its open
   * connections still send with `Connection: close` (their clients reconnect to the successor), and
   * exits once they are done. Resolves with the successor's pid once it is serving.
   */
  const handOff = async (): Promise<number> => {
    if (handingOff) throw new Error('a handoff is already under way')
    const { command } = JSON.parse(readFileSync(successorFileOf(routesFile), 'utf8')) as { command: string[] }
    const env: Record<string, string> = {}
    for (const [k, v] of Object.entries(process.env)) if (v !== undefined && k !== REVISION_OVERRIDE) env[k] = v
    const child = spawn(command[0], command.slice(1), { detached: true, stdio: ['ignore', 'inherit', 'inherit', 'ipc'], env, cwd: process.cwd() })
    const ready = await new Promise<boolean>((done) => {
      const timer = setTimeout(() => done(false), HANDOFF_TIMEOUT_MS)
      child.once('message', (m: { type?: string }) => { clearTimeout(timer); done(m?.type === 'glidepath-ready') })
      child.once('exit', () => { clearTimeout(timer); done(false) })
      child.once('error', () => { clearTimeout(timer); done(false) })
      child.send({ type: 'glidepath-listen' }, server)
    })
    if (!ready) {
      try { process.kill(-(child.pid as number), 'SIGKILL') } catch { /* gone */ }
      throw new Error('the successor router did not take over; this one keeps serving')
    }
    handingOff = true
    child.disconnect()
    child.unref()
    // Stop accepting without closing idle keep-alive connections at once (http.Server#close would, and a
    // request sent on one at that moment would fail): each ends after its next answer, or idles out.
    NetServer.prototype.close.call(server, () => process.exit(0))
    adminServer.close()
    setTimeout(() => process.exit(0), UPSTREAM_TIMEOUT_MS + 5_000).unref()
    return child.pid as number
  }

  // Started by a router handing over: its listening socket arrives over IPC instead of being bound.
  const inherited = process.send ? await new Promise<NetServer>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no listening socket arrived from the router handing over')), HANDOFF_TIMEOUT_MS)
    process.once('message', (m: { type?: string }, handle: NetServer) => {
      clearTimeout(timer)
      if (m?.type === 'glidepath-listen' && handle) resolve(handle)
      else reject(new Error('the router handing over sent no listening socket'))
    })
  }) : undefined
  if (inherited) await new Promise<void>((resolve, reject) => { server.once('error', reject); server.listen(inherited, resolve) })
  else await listen(server, routes.table.port, routes.table.host)
  const adminPort = await listen(adminServer, 0, '127.0.0.1')
  const pidFile: RouterPidFile = { pid: process.pid, start: processStart(process.pid), port: routes.table.port, adminPort, startedAt: new Date().toISOString(), adminToken: admin.token }
  writeJsonAtomic(pidFileOf(routesFile), pidFile, 0o600)
  if (inherited && process.send) {
    process.send({ type: 'glidepath-ready', pid: process.pid })
    process.disconnect()
  }
}
