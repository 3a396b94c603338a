import { spawn } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, openSync, closeSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs'
import { join, resolve, relative } from 'node:path'
import { GlidepathError } from '../errors/index.js'
import { render } from '../template/render.js'
import { templateContext, environmentFields } from '../config/resolve.js'
import { readJson, writeJsonAtomic } from '../state/json-file.js'
import { isInside } from '../state/paths.js'
import { sleep, formatDuration, parseDuration } from '../time/duration.js'
import { isRunning, processStart, stopGroups, type ProcessRef } from '../process/run.js'
import { processesUnder } from '../process/proc.js'
import { treeDigest, copyFolderModes } from '../state/tree.js'
import { LocalRouterClient, LocalReleaseRouter } from '../traffic/local/client.js'
import { probeHealth } from '../http/request.js'
import { freePort } from '../http/ports.js'
import { cohortsOf } from '../traffic/cohorts.js'
import { DEFAULT_ROUTER_PORT } from '../traffic/local/routes.js'
import { previewAccess } from '../traffic/local/access.js'
import { ReleaseProvider, type Release, type ReleaseSet, type StartOptions } from './releases.js'
import type { LocalProviderConfig } from '../config/types.js'
import type { Provider, ProviderDeps, RolloutRequest } from './types.js'

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

const LOG_TAIL = 1500
const DEFAULT_MIN_READY = '500ms'
const STOP_GRACE_MS = 10_000
/** Release directories kept for rollbacks beside the running ones. */
const KEPT_RELEASES = 5

/**
 * The local provider: its releases (processes on this machine) and Glidepath's router in front; the
 * strategies are the shared ones (releases.ts).
 */
export class LocalProvider extends ReleaseProvider implements Provider {
  readonly name = 'local'
  protected readonly releases: LocalReleases
  protected readonly router: LocalReleaseRouter

  constructor(deps: ProviderDeps) {
    super(deps)
    const cfg = deps.environment.config.local as LocalProviderConfig
    const client = new LocalRouterClient(deps.store.dir, cfg.port ?? (deps.environment.config.pullRequests ? undefined : DEFAULT_ROUTER_PORT), cfg.listen, cohortsOf(deps.environment.config.canary), () => previewAccess(deps))
    this.router = new LocalReleaseRouter(client, deps.log)
    this.releases = new LocalReleases(deps, cfg)
  }

  async preflight(request: RolloutRequest): Promise<void> {
    existingAppDir(this.deps, request.version)
  }

  /** A rollback's re-send: the version's release put in place from its source, to be started by the rollback. */
  keep(version: string): void {
    this.releases.keep(version)
  }
}

/**
 * Releases as processes on this machine: each version's directory copied under releases/, started with
 * PORT and GLIDEPATH_VERSION, healthy once its health path answers for minReady; local.json records
 * them (pid, start time, port), written before the health wait so a killed run leaves them findable.
 */
class LocalReleases implements ReleaseSet {
  private readonly releasesDir: string
  private readonly stateFile: string

  constructor(private readonly deps: ProviderDeps, private readonly cfg: LocalProviderConfig) {
    this.releasesDir = join(deps.store.dir, 'releases')
    this.stateFile = join(deps.store.dir, 'local.json')
  }

  private local(): LocalState {
    return readJson<LocalState>(this.stateFile, { running: {} })
  }

  private updateLocal(change: (state: LocalState) => void): void {
    const state = this.local()
    change(state)
    writeJsonAtomic(this.stateFile, state)
  }

  private releaseDir(version: string): string {
    return join(this.releasesDir, version)
  }

  list(): Release[] {
    return Object.entries(this.local().running).map(([version, p]) => ({ version, url: urlOf(p.port), ...(p.starting ? { starting: true } : {}) }))
  }

  /** A version's release has one place, its directory: an older copy there is stopped first. */
  place(version: string): { key: string; replaces?: Release } {
    return { key: version, replaces: this.list().find((r) => r.version === version) }
  }

  async start(_key: string, version: string, options: StartOptions): Promise<Release> {
    await this.stopUnrecorded(version)
    if (!options.again || !existsSync(this.releaseDir(version))) this.copyRelease(version)
    const proc = await this.spawn(version, options.timeoutMs)
    this.forgetOldReleases()
    return { version, url: urlOf(proc.port) }
  }

  /** Puts a version's release in place from its source (a rollback's re-send), without starting it. */
  keep(version: string): void {
    this.copyRelease(version)
  }

  /** Releases kept for rollbacks: the newest KEPT_RELEASES by when they were copied, and every running one. */
  private forgetOldReleases(): void {
    if (!existsSync(this.releasesDir)) return
    const running = new Set(Object.keys(this.local().running))
    const kept = readdirSync(this.releasesDir).map((v) => ({ v, at: statSync(this.releaseDir(v)).mtimeMs })).sort((a, b) => b.at - a.at)
    for (const { v } of kept.slice(KEPT_RELEASES)) if (!running.has(v)) rmSync(this.releaseDir(v), { recursive: true, force: true })
  }

  async stop(release: Release): Promise<void> {
    const proc = this.local().running[release.version]
    if (!proc || urlOf(proc.port) !== release.url) return
    await stopGroups([proc], STOP_GRACE_MS)
    this.updateLocal((st) => { delete st.running[release.version] })
  }

  alive(release: Release): boolean {
    const proc = this.local().running[release.version]
    return Boolean(proc && urlOf(proc.port) === release.url && isRunning(proc))
  }

  async healthy(release: Release): Promise<boolean> {
    const proc = this.local().running[release.version]
    return isRunning(proc) && (await probeHealth(`${release.url}${this.cfg.health ?? '/'}`)).ok
  }

  restartable(version: string): void {
    if (existsSync(this.releaseDir(version)) || this.versionedSource(version)) return
    throw new GlidepathError('GP-ROLLBACK-002', `Release ${version} is not kept under ${relative(this.deps.workspace, this.releasesDir) || this.releasesDir} (the newest ${KEPT_RELEASES} are), and local.app ("${this.cfg.app}") names no directory of its own for ${version} to send again.`, {
      fix: `Deploy ${version} anew (check out its commit and run deploy with version ${version}), or give each version its own app directory (local.app: 'releases/{{version}}') so a rollback can re-send it.`,
    })
  }

  /** The version's own source directory, when local.app names one per version (app-{{version}}) and it exists. */
  private versionedSource(version: string): string | undefined {
    if (!/\{\{\s*version\s*\}\}/.test(this.cfg.app)) return undefined
    try {
      const dir = localAppDir(this.deps, version)
      return existsSync(dir) && statSync(dir).isDirectory() ? dir : undefined
    } catch {
      return undefined
    }
  }

  prune(): Promise<void> {
    return this.stopUnrecorded()
  }

  async teardown(_timeoutMs: number, retire: (release: Release) => Promise<void>): Promise<void> {
    for (const r of this.list()) await retire(r)
    rmSync(this.releasesDir, { recursive: true, force: true })
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

  private copyRelease(version: string): void {
    const src = localAppDir(this.deps, version)
    const dest = this.releaseDir(version)
    rmSync(dest, { recursive: true, force: true })
    mkdirSync(this.releasesDir, { recursive: true })
    const stateRoot = resolve(this.deps.stateDir)
    const keep = (p: string) => !p.split(/[\\/]/).includes('.git') && !(resolve(p) + '/').startsWith(stateRoot + '/')
    // Entry by entry: with `app: .` the state directory (and so the release) is inside the app, and
    // cpSync refuses to copy a directory into itself before any filter runs.
    mkdirSync(dest, { recursive: true })
    // verbatimSymlinks: a relative link (venv/bin/python -> python3, node_modules/.bin/*) stays relative;
    // resolved, it would point back into the source, which is gone once an upload is removed.
    for (const entry of readdirSync(src)) {
      if (keep(join(src, entry))) cpSync(join(src, entry), join(dest, entry), { recursive: true, filter: keep, verbatimSymlinks: true })
    }
    copyFolderModes(src, dest)
    const relativeKeep = (rel: string) => keep(join(src, rel))
    const want = treeDigest(src, (rel) => !relativeKeep(rel))
    const got = treeDigest(dest)
    if (want !== got) {
      rmSync(dest, { recursive: true, force: true })
      throw new GlidepathError('GP-PROVIDER-004', `The copy of ${version}'s release differs from its source (a file, mode or link changed while it was copied); nothing was started.`, {
        fix: 'Run again; if it persists, check that nothing writes into the app directory during a deploy.',
      })
    }
  }

  private async spawn(version: string, timeoutMs: number): Promise<ReleaseProcess> {
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
      await this.stop({ version, url: urlOf(port) })
      throw error
    }
    while (Date.now() < deadline) {
      if (exit) {
        await fail(new GlidepathError('GP-PROVIDER-002', `Release ${version} exited (${exit.signal ?? `code ${exit.code}`}) ${healthySince ? 'right after its health path first answered (within local.minReady)' : 'before it became healthy'}; it never took traffic. Last output:\n${tail(logFile)}`, {
          fix: `Check local.start ("${this.cfg.start}") runs in ${relative(this.deps.workspace, dir)}, listens on $PORT and keeps running.`,
        }))
      }
      const probe = await probeHealth(`${urlOf(port)}${health}`)
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
}

const urlOf = (port: number) => `http://127.0.0.1:${port}`

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
