import { cpSync, existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs'
import { join, resolve, relative } from 'node:path'
import { GlidepathError } from '../errors/index.js'
import { render } from '../template/render.js'
import { templateContext, environmentFields } from '../config/resolve.js'
import { isInside } from '../files/paths.js'
import { isRunning, stopGroups, type ProcessRef } from '../process/run.js'
import { readLocal, startRelease, stopRelease, urlOf, STOP_GRACE_MS, type LocalState, type ReleaseProcess, type ReleaseHealth } from './local-process.js'
import { isAsleep, putToSleep, wakeUp, forgetSleep } from './local-sleep.js'
import { processesUnder } from '../process/proc.js'
import { treeDigest, copyFolderModes } from '../state/tree.js'
import { LocalReleaseRouter } from '../traffic/local/client.js'
import { frontRouter } from '../traffic/factory.js'
import { probeHealth } from '../http/request.js'
import { freePort } from '../http/ports.js'
import { ReleaseProvider, type Release, type ReleaseSet, type StartOptions } from './releases.js'
import type { LocalProviderConfig } from '../config/types.js'
import type { Provider, ProviderDeps, RolloutRequest } from './types.js'

// The embedded default (SPEC 3.1): each version is a release directory under the state directory, run
// as a process on this machine with PORT and GLIDEPATH_VERSION, behind the local router. A release
// takes traffic only once its health path answers; until then the previous one keeps serving.

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
    // Glidepath's router on this machine: the only one the config lets in front of the local provider (config/routers.ts).
    const router = frontRouter(deps)
    if (!(router instanceof LocalReleaseRouter)) throw new Error(`the local provider runs behind Glidepath's router, not ${router.constructor.name}`)
    this.router = router
    this.releases = new LocalReleases(deps, cfg)
  }

  async preflight(request: RolloutRequest): Promise<void> {
    existingAppDir(this.deps, request.version)
  }

  /** A rollback's re-send: the version's release put in place from its source, to be started by the rollback. */
  keep(version: string): void {
    this.releases.keep(version)
  }

  async sleep(idleMs: number): Promise<string | undefined> {
    const { store, environment, stateDir, log } = this.deps
    if (isAsleep(store.dir)) return undefined
    const client = this.router.client
    let activity: { lastRequestAt?: string; startedAt?: string }
    try {
      activity = await client.activity()
    } catch {
      return undefined // no router answers: nothing tells how idle it is
    }
    const last = activity.lastRequestAt ?? activity.startedAt
    if (!last || Date.now() - Date.parse(last) < idleMs) return undefined
    const host = environment.config.previews?.host
    const front = host ? { stateRoot: stateDir, key: environment.key, port: host.port, ...(host.listen ? { listen: host.listen } : {}), name: environment.name } : undefined
    const slept = await putToSleep({ stateRoot: stateDir, storeDir: store.dir, router: client, health: this.releases.health(60_000), front, say: (m) => log.info(m) })
    return slept ? `no request since ${last}${activity.lastRequestAt ? '' : ' (the router started, none since)'}` : undefined
  }

  wake(): Promise<boolean> {
    return wakeUp(this.deps.store.dir, (m) => this.deps.log.info(m), true)
  }

  async teardown(timeoutMs: number): Promise<void> {
    forgetSleep(this.deps.store.dir)
    await super.teardown(timeoutMs)
  }
}

/**
 * Releases as processes on this machine: each version's directory copied under releases/, started with
 * PORT and GLIDEPATH_VERSION, healthy once its health path answers for minReady; local.json records
 * them (pid, start time, port), written before the health wait so a killed run leaves them findable.
 */
class LocalReleases implements ReleaseSet {
  private readonly releasesDir: string

  constructor(private readonly deps: ProviderDeps, private readonly cfg: LocalProviderConfig) {
    this.releasesDir = join(deps.store.dir, 'releases')
  }

  private local(): LocalState {
    return readLocal(this.deps.store.dir)
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
    if (proc && urlOf(proc.port) === release.url) await stopRelease(this.deps.store.dir, release.version, proc.port)
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

  /** How a release's health is waited for (local.health, local.minReady). */
  health(timeoutMs: number): ReleaseHealth {
    return {
      path: this.cfg.health ?? '/',
      minReadyMs: this.deps.environment.durations.minReady,
      timeoutMs,
      fix: `Check local.start ("${this.cfg.start}") runs in its release directory under ${relative(this.deps.workspace, this.releasesDir) || '.'}, listens on $PORT and keeps running.`,
    }
  }

  private async spawn(version: string, timeoutMs: number): Promise<ReleaseProcess> {
    const launch = { version, cwd: this.releaseDir(version), argv: ['/bin/sh', '-c', this.cfg.start], env: { ...this.deps.env, GLIDEPATH_VERSION: version, GLIDEPATH_ENVIRONMENT: this.deps.environment.name } }
    return startRelease(this.deps.store.dir, launch, await freePort(), this.health(timeoutMs), (m) => this.deps.log.info(m))
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
