import { spawn } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, openSync, closeSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs'
import { join, resolve, relative } from 'node:path'
import { GlidepathError } from '../errors/index.js'
import { render } from '../template/render.js'
import { templateContext, environmentFields } from '../config/resolve.js'
import { readJson, writeJsonAtomic } from '../state/json-file.js'
import { isInside } from '../state/paths.js'
import { sleep, formatDuration, parseDuration } from '../time/duration.js'
import { isRunning, processStart, recordedGroupAlive, stopGroups, type ProcessRef } from '../process/run.js'
import { processesUnder } from '../process/proc.js'
import { LocalRouterClient } from '../traffic/local/client.js'
import { probeHealth } from '../http/request.js'
import { freePort } from '../http/ports.js'
import { cohortsOf } from '../traffic/cohorts.js'
import { ROUTE_HEADER } from '../traffic/local/routes.js'
import type { LocalProviderConfig } from '../config/types.js'
import type { Provider, ProviderDeps, RolloutRequest, RolloutResult, RouterCounters } from './types.js'

// The embedded default (SPEC 3.1): each version is a release directory under the state directory, run
// as a process on this machine with PORT and GLIDEPATH_VERSION, behind the local router. A release
// takes traffic only once its health path answers; until then the previous one keeps serving.

interface ReleaseProcess {
  pid: number
  /** The process's start time, so a pid reused by another process is never taken for it. */
  start?: string
  port: number
  startedAt: string
  /** Started, not yet healthy (a run killed now leaves it for the next run to stop). */
  starting?: boolean
}
interface LocalState {
  running: Record<string, ReleaseProcess>
}

const DEFAULT_PORT = 8080
const LOG_TAIL = 1500
const DEFAULT_MIN_READY = '500ms'
const DRAIN_TIMEOUT_MS = 30_000
const STOP_GRACE_MS = 10_000

export class LocalProvider implements Provider {
  readonly name = 'local'
  readonly router: LocalRouterClient
  private readonly cfg: LocalProviderConfig
  private readonly releasesDir: string
  private readonly stateFile: string

  constructor(private readonly deps: ProviderDeps) {
    this.cfg = deps.environment.config.local as LocalProviderConfig
    this.releasesDir = join(deps.store.dir, 'releases')
    this.stateFile = join(deps.store.dir, 'local.json')
    this.router = new LocalRouterClient(deps.store.dir, this.cfg.port ?? DEFAULT_PORT, this.cfg.listen, cohortsOf(deps.environment.config.canary))
  }

  private appDir(version: string): string {
    return localAppDir(this.deps, version)
  }

  private local(): LocalState {
    return readJson<LocalState>(this.stateFile, { running: {} })
  }

  private updateLocal(change: (state: LocalState) => void): void {
    const state = this.local()
    change(state)
    writeJsonAtomic(this.stateFile, state)
  }

  releaseDir(version: string): string {
    return join(this.releasesDir, version)
  }

  async preflight(request: RolloutRequest): Promise<void> {
    existingAppDir(this.deps, request.version)
  }

  async deploy(request: RolloutRequest): Promise<RolloutResult> {
    await this.copyRelease(request.version)
    const release = await this.start(request.version, request.timeoutMs)
    try {
      await this.router.ensureRunning((m) => this.deps.log.info(m))
      const backend = { version: request.version, url: `http://127.0.0.1:${release.port}` }
      if (request.strategy === 'canary') {
        await this.router.apply({ canary: backend, weight: request.canaryWeight })
        this.deps.log.info(`Router: canary ${request.version} takes ${request.canaryWeight}% of traffic.`)
        return { url: this.router.baseUrl }
      }
      const previous = this.router.routes().stable?.version
      await this.router.apply({ stable: backend, canary: null, weight: 0 })
      this.deps.log.info(`Router: ${request.version} serves 100% of traffic${previous ? ` (was ${previous})` : ''}.`)
      // Rolling stops the old release; blue-green keeps it warm so a rollback is a router switch.
      const prior = request.previousVersion
      const standby = request.strategy === 'blue-green' && prior && prior !== request.version && isRunning(this.local().running[prior]) ? prior : undefined
      await this.stopAllBut(standby ? [request.version, standby] : [request.version])
      return { url: this.router.baseUrl, slot: request.strategy === 'blue-green' ? request.version : undefined, standby }
    } catch (e) {
      // The new release must not outlive a failed deploy (it never took traffic, or traffic went back).
      if (this.router.routes().stable?.url !== `http://127.0.0.1:${release.port}`) await this.stop(request.version)
      throw e
    }
  }

  async setCanaryWeight(version: string, weight: number): Promise<void> {
    const routes = this.router.routes()
    if (routes.canary?.version !== version) {
      throw new GlidepathError('GP-CANARY-001', `The local router has no canary ${version}.`, { fix: 'Deploy the version with strategy canary first.' })
    }
    await this.router.ensureRunning((m) => this.deps.log.info(m))
    await this.router.apply({ weight })
  }

  async promote(version: string): Promise<void> {
    await this.router.ensureRunning((m) => this.deps.log.info(m))
    const routes = this.router.routes()
    if (routes.canary?.version !== version && routes.stable?.version === version) return
    if (!routes.canary) throw new GlidepathError('GP-CANARY-001', `No canary ${version} to promote.`, { fix: 'Deploy with strategy canary first.' })
    await this.router.apply({ stable: routes.canary, canary: null, weight: 0 })
    await this.stopAllBut([version])
  }

  async abort(version: string | null): Promise<void> {
    const routes = this.router.routes()
    if (routes.canary) {
      await this.router.ensureRunning((m) => this.deps.log.info(m))
      await this.router.apply({ canary: null, weight: 0 })
    }
    const stableVersion = this.router.routes().stable?.version
    if (version && version !== stableVersion) await this.stop(version)
  }

  async rollback(to: string, _from: string | null, timeoutMs: number): Promise<void> {
    await this.abort(null)
    const running = this.local().running[to]
    let port = running && isRunning(running) && (await this.healthyAt(running.port)) ? running.port : undefined
    if (port === undefined) {
      if (!existsSync(this.releaseDir(to))) {
        throw new GlidepathError('GP-ROLLBACK-002', `Release ${to} is not kept under ${relative(this.deps.workspace, this.releasesDir)}.`, {
          fix: 'Roll back to a version that was deployed to this environment (see the record history), or deploy it anew.',
        })
      }
      port = (await this.start(to, timeoutMs)).port
    } else this.deps.log.info(`${to} is still running (blue-green standby); switching traffic back.`)
    await this.router.ensureRunning((m) => this.deps.log.info(m))
    await this.router.apply({ stable: { version: to, url: `http://127.0.0.1:${port}` }, canary: null, weight: 0 })
    await this.stopAllBut([to])
  }

  /** Stops release processes the state does not name, and any the router no longer routes to. */
  async prune(keep: string[]): Promise<void> {
    const routes = this.router.routes()
    const routed = [routes.stable?.version, routes.canary?.version].filter(Boolean) as string[]
    const orphans = Object.keys(this.local().running).filter((v) => !keep.includes(v) && !routed.includes(v))
    if (orphans.length) this.deps.log.warning(`Stopping release(s) ${orphans.join(', ')} left running by an interrupted run.`)
    for (const v of orphans) await this.stop(v)
    await this.stopUnrecorded()
    await this.router.stopStrays((m) => this.deps.log.warning(m))
  }

  /**
   * Stops release processes that local.json does not record: a run killed between starting a release and
   * writing its pid down leaves one that no state names and nothing else would ever stop. Found by their
   * working directory under the releases directory (Linux /proc; elsewhere there is nothing to find).
   */
  private async stopUnrecorded(version?: string): Promise<void> {
    const recorded = new Set(Object.values(this.local().running).map((p) => p.pid))
    const strays = new Map<number, { ref: ProcessRef; version: string }>()
    for (const p of processesUnder(this.releasesDir)) {
      const v = p.relative.split('/')[0]
      if (!v || (version && v !== version) || recorded.has(p.pgid) || strays.has(p.pgid)) continue
      strays.set(p.pgid, { ref: { pid: p.pgid, start: p.pid === p.pgid ? p.start : undefined }, version: v })
    }
    if (!strays.size) return
    this.deps.log.warning(`Stopping release process(es) of ${[...new Set([...strays.values()].map((s) => s.version))].join(', ')} that no state records (left by a run killed while starting them).`)
    await stopGroups([...strays.values()].map((s) => s.ref), STOP_GRACE_MS)
  }

  /** The local router's counters (`source: local`). */
  routerCounters(): RouterCounters {
    return this.router
  }

  canaryEndpoint(): { url: string; headers: Record<string, string> } {
    return { url: `${this.router.baseUrl}/`, headers: { [ROUTE_HEADER]: 'canary' } }
  }

  stableEndpoint(): { url: string; headers: Record<string, string> } {
    return { url: `${this.router.baseUrl}/`, headers: { [ROUTE_HEADER]: 'stable' } }
  }

  /** Stops the release processes of this environment; stops the router too when nothing is left. */
  async teardown(): Promise<void> {
    await this.stopAllBut([])
    await this.router.stop()
    rmSync(this.releasesDir, { recursive: true, force: true })
    rmSync(this.router.routesFile, { force: true })
  }

  private async copyRelease(version: string): Promise<void> {
    const src = this.appDir(version)
    const dest = this.releaseDir(version)
    await this.stop(version)
    await this.stopUnrecorded(version)
    rmSync(dest, { recursive: true, force: true })
    mkdirSync(this.releasesDir, { recursive: true })
    const stateRoot = resolve(this.deps.stateDir)
    const keep = (p: string) => !p.split(/[\\/]/).includes('.git') && !(resolve(p) + '/').startsWith(stateRoot + '/')
    // Entry by entry: with `app: .` the state directory (and so the release) is inside the app, and
    // cpSync refuses to copy a directory into itself before any filter runs.
    mkdirSync(dest, { recursive: true })
    for (const entry of readdirSync(src)) {
      if (keep(join(src, entry))) cpSync(join(src, entry), join(dest, entry), { recursive: true, filter: keep })
    }
  }

  private async start(version: string, timeoutMs: number): Promise<ReleaseProcess> {
    const dir = this.releaseDir(version)
    const port = await freePort()
    const logFile = join(this.deps.store.dir, 'logs', `${version}.log`)
    mkdirSync(join(this.deps.store.dir, 'logs'), { recursive: true })
    const log = openSync(logFile, 'a')
    const child = spawn('/bin/sh', ['-c', this.cfg.start], {
      cwd: dir,
      detached: true,
      stdio: ['ignore', log, log],
      env: { ...this.deps.env, PORT: String(port), GLIDEPATH_VERSION: version, GLIDEPATH_ENVIRONMENT: this.deps.environment.name },
    })
    closeSync(log)
    child.unref()
    // Recorded at once, so a run killed during the health wait leaves a process the next run can find.
    const proc: ReleaseProcess = { pid: child.pid as number, start: processStart(child.pid), port, startedAt: new Date().toISOString(), starting: true }
    this.updateLocal((st) => { st.running[version] = proc })
    let exit: { code: number | null; signal: string | null } | undefined
    child.on('exit', (code, signal) => {
      exit = { code, signal }
    })
    const health = this.cfg.health ?? '/'
    const minReadyMs = parseDuration(this.cfg.minReady ?? DEFAULT_MIN_READY, 'local.minReady')
    this.deps.log.info(`Started ${version} (pid ${child.pid}, port ${port}); waiting for ${health} to answer 2xx for ${formatDuration(minReadyMs)} (up to ${formatDuration(timeoutMs)}).`)
    const deadline = Date.now() + timeoutMs
    let last = 'no answer yet'
    let healthySince: number | undefined
    const fail = async (error: GlidepathError): Promise<never> => {
      await this.stop(version, false)
      throw error
    }
    while (Date.now() < deadline) {
      if (exit) {
        await fail(new GlidepathError('GP-PROVIDER-002', `Release ${version} exited (${exit.signal ?? `code ${exit.code}`}) ${healthySince ? 'right after its health path first answered (within local.minReady)' : 'before it became healthy'}; it never took traffic. Last output:\n${tail(logFile)}`, {
          fix: `Check local.start ("${this.cfg.start}") runs in ${relative(this.deps.workspace, dir)}, listens on $PORT and keeps running.`,
        }))
      }
      const probe = await probeHealth(`http://127.0.0.1:${port}${health}`)
      if (probe.ok) {
        healthySince ??= Date.now()
        // Healthy for minReady without a miss: a release that crashes right after start never takes traffic.
        if (Date.now() - healthySince >= minReadyMs && isRunning(proc)) {
          const ready = { pid: proc.pid, start: proc.start, port, startedAt: proc.startedAt }
          this.updateLocal((st) => { st.running[version] = ready })
          return ready
        }
      } else {
        healthySince = undefined
        last = probe.last
      }
      await sleep(healthySince ? 50 : 100)
    }
    return fail(new GlidepathError('GP-PROVIDER-003', `Release ${version} did not become healthy within ${formatDuration(timeoutMs)} (${health} ${last}); it was stopped and the previous version keeps serving. Last output:\n${tail(logFile)}`, {
      fix: `Make ${health} answer 2xx once the app is ready, or raise the timeout.`,
    }))
  }

  private async healthyAt(port: number): Promise<boolean> {
    return (await probeHealth(`http://127.0.0.1:${port}${this.cfg.health ?? '/'}`)).ok
  }

  /**
   * Stops a release. When it may still have requests in flight through the router (it served traffic),
   * they finish first (bounded), then it gets SIGTERM, then SIGKILL after a grace period.
   */
  private async stop(version: string, drain = true): Promise<void> {
    const proc = this.local().running[version]
    if (!proc) return
    if (drain && recordedGroupAlive(proc)) await this.router.drain(`http://127.0.0.1:${proc.port}`, DRAIN_TIMEOUT_MS)
    await stopGroups([proc], STOP_GRACE_MS)
    this.updateLocal((st) => { delete st.running[version] })
  }

  private async stopAllBut(keep: string[]): Promise<void> {
    for (const version of Object.keys(this.local().running)) if (!keep.includes(version)) await this.stop(version)
  }
}

/** The release's source directory for a version (local.app rendered), inside the workspace. */
function localAppDir(deps: Pick<ProviderDeps, 'environment' | 'event' | 'workspace'>, version: string): string {
  const cfg = deps.environment.config.local as LocalProviderConfig
  const path = render(cfg.app, templateContext(deps.event, { ...environmentFields(deps.environment), version }), 'local.app')
  if (!isInside(deps.workspace, path)) {
    throw new GlidepathError('GP-INPUT-003', `local.app "${path}" leaves the workspace.`, { fix: 'Point local.app at a directory inside the repository.' })
  }
  return resolve(deps.workspace, path)
}

/** localAppDir, refused (before anything changes) when it is not a directory. */
export function existingAppDir(deps: Pick<ProviderDeps, 'environment' | 'event' | 'workspace'>, version: string): string {
  const dir = localAppDir(deps, version)
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new GlidepathError('GP-PROVIDER-001', `Application directory ${relative(deps.workspace, dir) || '.'} (local.app) does not exist.`, {
      fix: `Create it or correct environments.${deps.environment.key}.local.app.`,
    })
  }
  return dir
}

function tail(file: string): string {
  try {
    const text = readFileSync(file, 'utf8')
    return text.slice(-LOG_TAIL).trimEnd() || '(no output)'
  } catch {
    return '(no output)'
  }
}
