import { existsSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { GlidepathError } from '../../errors/index.js'
import { readJson, writeJsonAtomic } from '../../files/json-file.js'
import { sleep } from '../../time/duration.js'
import { isRunning, killGroup, signalRecordedGroup, startDetached, stopGroups, type ProcessRef } from '../../process/run.js'
import { processesUnder, processEnv } from '../../process/proc.js'
import { getSelfCommand, ROUTER_ENV } from '../../runtime/self.js'
import { childEnv } from '../../runtime/runtime.js'
import { describeFetchError, httpRequest } from '../../http/request.js'
import { pidFileOf, successorFileOf, ROUTER_REVISION, ADMIN_TOKEN_HEADER, type RouterPidFile } from './router-files.js'
import { DEFAULT_ROUTER_PORT, type RouteTable, type Backend, type Site } from './routes.js'
import { ROUTE_HEADER } from '../cohorts.js'
import { freePort } from '../../http/ports.js'
import { routeAccess, ACCESS_HEADER } from './access.js'
import type { Cohorts } from '../cohorts.js'
import type { WindowStats } from './window.js'
import type { Endpoint, ReleaseRouter, RouterCounters, Routes } from '../types.js'

/** How long an upgrade waits for the old router to finish its open connections (keep-alive: 5 s idle). */
const OLD_ROUTER_WAIT_MS = 15_000

// The action's handle on the local router process of one environment. The public port only proxies;
// everything here goes to the router's admin listener (loopback, its port in the pid file).
export class LocalRouterClient {
  readonly routesFile: string
  readonly logFile: string

  private chosen?: number

  /**
   * `port` undefined (a pull-request environment that names none): a free port chosen when the router
   * first starts and kept in its routes file, so that many previews on one machine each get their own
   * (the environment's URL output says which).
   */
  constructor(readonly dir: string, private readonly configured: number | undefined, readonly host = '127.0.0.1', readonly cohorts?: Cohorts, private readonly accessOf?: () => { name: string; token: string } | undefined) {
    this.routesFile = join(dir, 'router.json')
    this.logFile = join(dir, 'router.log')
  }

  private access?: { name: string; token: string } | null

  /** A private preview's token (made once, on first use), for the route table and the probes' header. */
  get token(): { name: string; token: string } | undefined {
    if (this.access === undefined) this.access = this.accessOf?.() ?? null
    return this.access ?? undefined
  }

  get port(): number {
    if (this.configured !== undefined) return this.configured
    if (this.chosen === undefined && existsSync(this.routesFile)) this.chosen = readJson<Partial<RouteTable>>(this.routesFile, {}).port
    return this.chosen ?? DEFAULT_ROUTER_PORT
  }

  get baseUrl(): string {
    return `http://${this.host}:${this.port}`
  }

  routes(): RouteTable {
    return readJson<RouteTable>(this.routesFile, { port: this.port, host: this.host, stable: null, canary: null, weight: 0, generation: 0 })
  }

  private pidFile(): Partial<RouterPidFile> {
    return readJson<Partial<RouterPidFile>>(pidFileOf(this.routesFile), {})
  }

  pid(): number | undefined {
    return this.pidFile().pid
  }

  /** The router process as recorded (pid and start time), when it wrote its pid file. */
  process(): ProcessRef | undefined {
    const { pid, start } = this.pidFile()
    return pid ? { pid, start } : undefined
  }

  /** The admin API's base URL, when a router process has written its pid file. */
  adminUrl(): string | undefined {
    const { adminPort } = this.pidFile()
    return adminPort ? `http://127.0.0.1:${adminPort}` : undefined
  }

  /** The headers an admin request carries: the router's secret, from its pid file (readable by its owner alone). */
  adminHeaders(): Record<string, string> {
    const { adminToken } = this.pidFile()
    return adminToken ? { [ADMIN_TOKEN_HEADER]: adminToken } : {}
  }

  private async admin(path: string, options: { method?: string; timeoutMs: number }) {
    const base = this.adminUrl()
    if (!base) throw new Error('the local router is not running')
    return httpRequest(`${base}${path}`, { ...options, headers: this.adminHeaders() })
  }

  /** The running router's revision when it answers as the one recorded; undefined when none does. */
  private async running(): Promise<number | undefined> {
    try {
      const res = await this.admin('/health', { timeoutMs: 1000 })
      if (res.status !== 200) return undefined
      const body = JSON.parse(res.body) as { pid?: number; revision?: number }
      return body.pid === this.pid() && isRunning(this.process()) ? body.revision ?? 1 : undefined
    } catch {
      return undefined
    }
  }

  async healthy(): Promise<boolean> {
    return (await this.running()) !== undefined
  }

  /**
   * Starts the router if it is not running; it keeps running after this process exits. A router of
   * another revision (left by an earlier Glidepath) hands its listening socket to one of this build.
   */
  async ensureRunning(say?: (message: string) => void): Promise<void> {
    const revision = await this.running()
    if (revision === ROUTER_REVISION) return
    if (revision !== undefined) return this.upgrade(revision, say)
    // One that no pid file names would hold the port the new one needs.
    await this.stopStrays(say)
    mkdirSync(this.dir, { recursive: true })
    if (this.configured === undefined && !existsSync(this.routesFile)) this.chosen = await freePort()
    if (!existsSync(this.routesFile)) writeJsonAtomic(this.routesFile, this.routes())
    const [cmd, ...args] = getSelfCommand()
    const logFrom = existsSync(this.logFile) ? statSync(this.logFile).size : 0
    const child = startDetached([cmd, ...args], { cwd: this.dir, env: { ...childEnv(process.env), [ROUTER_ENV]: this.routesFile }, logFile: this.logFile })
    const started = Date.now()
    const deadline = started + 15_000
    while (Date.now() < deadline) {
      if (child.exitCode !== null) break
      if (this.pid() === child.pid && (await this.healthy())) return
      await sleep(50)
    }
    const exited = child.exitCode !== null ? `it exited (code ${child.exitCode})` : `it did not answer within ${Math.round((Date.now() - started) / 1000)} s`
    killGroup(child.pid, 'SIGTERM')
    // What the router said is the reason (a port in use, a routes file it could not read): quoted, not guessed.
    const said = logTail(this.logFile, logFrom)
    const inUse = /EADDRINUSE/.test(said)
    throw new GlidepathError('GP-ROUTER-001', `The local router did not start on ${this.host}:${this.port}: ${exited}${said ? `; its log says: ${said}` : ''} (log: ${this.logFile}).`, {
      fix: inUse || !said ? `Free port ${this.port} or set local.port to a free port in the environment's config.` : 'See the router\'s words above and its log; run again once the cause is fixed.',
    })
  }

  /**
   * Replaces a running router of another revision by one of this build without refusing a connection:
   * the old one starts the new one with its listening socket (POST /handoff, the command in the
   * successor file), then finishes what it has in flight. A failed handoff leaves the old one serving.
   */
  private async upgrade(from: number, log?: (message: string) => void): Promise<void> {
    const before = this.pid()
    writeJsonAtomic(successorFileOf(this.routesFile), { command: getSelfCommand() })
    let answer: { pid?: number; error?: string } = {}
    try {
      answer = JSON.parse((await this.admin('/handoff', { method: 'POST', timeoutMs: 20_000 })).body) as typeof answer
    } catch (e) {
      answer = { error: describeFetchError(e) }
    }
    const deadline = Date.now() + 5_000
    while (answer.pid && Date.now() < deadline && !(this.pid() === answer.pid && (await this.running()) === ROUTER_REVISION)) await sleep(25)
    if (!answer.pid || this.pid() !== answer.pid) {
      log?.(`The local router (revision ${from}, pid ${before}) could not be upgraded to revision ${ROUTER_REVISION}: ${answer.error ?? 'the new one did not answer'}; the running one keeps serving.`)
      return
    }
    // The old one still answers on the connections it had (each closes after its next answer, an idle
    // one after the keep-alive timeout) with the routes it had: no route changes until it is gone.
    const old = before ? { pid: before } : undefined
    const gone = Date.now() + OLD_ROUTER_WAIT_MS
    while (isRunning(old) && Date.now() < gone) await sleep(50)
    log?.(`Router upgraded in place from revision ${from} to ${ROUTER_REVISION} (pid ${before} -> ${answer.pid}): its listening socket was handed over, no connection refused${isRunning(old) ? `; the old one still has connections open after ${OLD_ROUTER_WAIT_MS / 1000}s` : ', and the old one finished its connections'}.`)
  }

  /**
   * Stops router processes of this environment other than the one its pid file names: one whose starter
   * was killed before it answered, or that lost a race to another's start. Found by their working
   * directory and the routes file they were started for (Linux /proc; elsewhere there is nothing to find).
   */
  async stopStrays(say?: (message: string) => void): Promise<void> {
    const recorded = this.process()
    const strays: ProcessRef[] = []
    for (const p of processesUnder(this.dir)) {
      // A router is its own process group's leader (started detached); what it runs itself (under tsx in
      // tests, esbuild's service) has its working directory and environment but is no router.
      if (p.relative !== '' || p.pid !== p.pgid || p.pid === recorded?.pid || processEnv(p.pid, ROUTER_ENV) !== this.routesFile) continue
      strays.push({ pid: p.pid, start: p.start })
    }
    if (!strays.length) return
    say?.(`Stopping ${strays.length} local router process(es) that no pid file names (pid ${strays.map((r) => r.pid).join(', ')}), left by an interrupted run.`)
    await stopGroups(strays, 5_000)
  }

  /** Writes the new route table first, then asks the router to load it and checks it did. */
  async apply(change: { stable?: Backend | null; canary?: Backend | null; weight?: number; sites?: Site[] }): Promise<RouteTable> {
    const current = this.routes()
    const token = this.token
    const next: RouteTable = { ...current, ...change, port: this.port, host: this.host, generation: current.generation + 1, cohorts: this.cohorts, access: token ? routeAccess(token.name, token.token) : undefined }
    if (!next.canary) next.weight = 0
    return this.write(next)
  }

  /** Changes only what `change` names, keeping the rest of the table (its cohorts and access) as it is. */
  patch(change: Partial<Pick<RouteTable, 'stable' | 'canary' | 'asleep'>>): Promise<RouteTable> {
    const current = this.routes()
    return this.write({ ...current, ...change, generation: current.generation + 1 })
  }

  private async write(next: RouteTable): Promise<RouteTable> {
    writeJsonAtomic(this.routesFile, next)
    let answer: { generation?: number; error?: string }
    try {
      const res = await this.admin('/reload', { method: 'POST', timeoutMs: 5000 })
      answer = JSON.parse(res.body) as typeof answer
    } catch (e) {
      throw new GlidepathError('GP-ROUTER-002', `The local router did not answer the reload: ${describeFetchError(e)}.`, {
        fix: `Check ${this.logFile}; the next run restarts the router with the routes on disk.`,
      })
    }
    if (answer.generation !== next.generation) {
      throw new GlidepathError('GP-ROUTER-002', `The local router did not apply the new routes: ${answer.error ?? 'generation mismatch'}.`, {
        fix: `Check ${this.logFile}.`,
      })
    }
    return next
  }

  /** When the router last passed on a request (undefined: none since it started), and when it started. */
  async activity(): Promise<{ lastRequestAt?: string; startedAt?: string }> {
    const res = await this.admin('/activity', { timeoutMs: 5000 })
    const body = JSON.parse(res.body) as { lastRequestAt?: string | null }
    return { lastRequestAt: body.lastRequestAt ?? undefined, startedAt: this.pidFile().startedAt }
  }

  async stats(windowSeconds: number): Promise<WindowStats[]> {
    const res = await this.admin(`/stats?window=${windowSeconds}`, { timeoutMs: 5000 })
    return (JSON.parse(res.body) as { versions: WindowStats[] }).versions
  }

  /** Waits until no request is in flight to `url` (a release that no longer takes traffic), bounded. */
  async drain(url: string, timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs
    for (;;) {
      try {
        const res = await this.admin('/inflight', { timeoutMs: 2000 })
        if (!((JSON.parse(res.body) as Record<string, number>)[url] > 0)) return true
      } catch {
        return true // no router: nothing can be in flight through it
      }
      if (Date.now() >= deadline) return false
      await sleep(25)
    }
  }

  async stop(): Promise<void> {
    const router = this.process()
    try {
      await this.admin('/stop', { method: 'POST', timeoutMs: 2000 })
    } catch {
      signalRecordedGroup(router, 'SIGTERM')
    }
    const deadline = Date.now() + 5000
    while (isRunning(router) && Date.now() < deadline) await sleep(50)
    if (isRunning(router)) signalRecordedGroup(router, 'SIGKILL')
  }
}

/**
 * The local router as the release strategies drive it: started (or upgraded in place) before routes
 * change, its own routes file the record of what it serves, its counters for `source: local`, and the
 * route header for probes that pin a version.
 */
export class LocalReleaseRouter implements ReleaseRouter {
  constructor(readonly client: LocalRouterClient, private readonly log: { info(m: string): void; warning(m: string): void }) {}

  get url(): string {
    return this.client.baseUrl
  }

  routes(): Routes {
    return this.client.routes()
  }

  async apply(routes: Routes): Promise<void> {
    await this.client.ensureRunning((m) => this.log.info(m))
    await this.client.apply(routes)
  }

  drain(url: string, timeoutMs: number): Promise<boolean> {
    return this.client.drain(url, timeoutMs)
  }

  up(): Promise<boolean> {
    return this.client.healthy()
  }

  counters(): RouterCounters {
    return this.client
  }

  async endpoint(which: 'stable' | 'canary'): Promise<Endpoint> {
    const token = this.client.token
    return { url: `${this.client.baseUrl}/`, headers: { [ROUTE_HEADER]: which, ...(token ? { [ACCESS_HEADER]: token.token } : {}) } }
  }

  prune(): Promise<void> {
    return this.client.stopStrays((m) => this.log.warning(m))
  }

  async remove(): Promise<void> {
    await this.client.stop()
    rmSync(this.client.routesFile, { force: true })
  }
}

/** The last lines written to a router's log from `from` on (the log is shared by the routers that ran before it). */
function logTail(file: string, from: number): string {
  try {
    const lines = readFileSync(file).subarray(from).toString('utf8').split('\n').map((l) => l.trim()).filter(Boolean)
    // A crash prints a stack: its error line is the reason.
    const error = lines.find((l) => /^(\w*Error|Glidepath\w*)\b|\bE[A-Z]{4,}\b/.test(l))
    return (error ?? lines.slice(-3).join(' | ')).slice(-600)
  } catch {
    return ''
  }
}
