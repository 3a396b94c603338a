import { GlidepathError } from '../errors/index.js'
import type { Backend } from '../traffic/local/routes.js'
import type { Endpoint, ReleaseRouter, RouterCounters, Routes } from '../traffic/types.js'
import type { Observation, Provider, ProviderDeps, RolloutRequest, RolloutResult, ServedVersion } from './types.js'
import { sleep } from '../time/duration.js'

// Providers as primitives (Flagger's and Argo Rollouts' shape): a platform that runs releases side by
// side behind a router says how to start, stop, check and list a release (a ReleaseSet) and which
// router sends traffic to them (a ReleaseRouter); rolling, blue-green and canary are written once,
// here, over the two. The local provider (processes behind Glidepath's router) and compose (two slots
// behind Glidepath's router, the one on a host over SSH, or nginx) are such platforms; Kubernetes and
// Helm roll out with the cluster's own machinery, and the command provider with the user's commands.

/** One release as the router reaches it. */
export interface Release {
  version: string
  /** The release's own address (http://host:port): what the router sends its share to. */
  url: string
  /** The platform's name for where it runs (a compose slot), recorded with the deploy. */
  slot?: string
  /** Started, not yet healthy: a run killed now leaves it for the next run to stop. */
  starting?: boolean
}

export interface StartOptions {
  /** The deploy's image input, when the platform runs images. */
  image?: string
  timeoutMs: number
  /** Started again for a rollback: from what the platform kept of it, not from the workspace. */
  again?: boolean
}

/** What a platform runs: releases side by side, each at its own address. */
export interface ReleaseSet {
  /** The releases running now (recorded), including ones still starting. */
  list(): Release[]
  /**
   * Where a new release of `version` goes (the platform's own key for it), and the release already there
   * that has to be stopped first (a slot's previous tenant, or an older copy of the same version).
   */
  place(version: string, routes: Routes): { key: string; replaces?: Release }
  /** Starts a release and waits until it is healthy; one that is not is stopped, and the error says why. */
  start(key: string, version: string, options: StartOptions): Promise<Release>
  /** Stops a release at once (the strategies drain the router first). Safe when it is not running. */
  stop(release: Release): Promise<void>
  /** Whether a running release still answers (a standby before traffic switches back to it). */
  healthy(release: Release): Promise<boolean>
  /**
   * Whether the release still runs at all (its process, its container), whatever it answers: only a release
   * that is gone is started again by a heal, never one that is slow to answer on a busy machine.
   */
  alive?(release: Release): boolean
  /** Refuses (GP-ROLLBACK-002) a rollback to a version the platform cannot start again, before anything changes. */
  restartable(version: string): void
  /** Recovery: stops what runs that no record names (a run killed between starting and recording). */
  prune?(): Promise<void>
  /** Teardown: stops every release (with `retire`, which drains first, when the platform wants it) and removes what they leave. */
  teardown(timeoutMs: number, retire: (release: Release) => Promise<void>): Promise<void>
}

/** How long an abort may take to start a stable that stopped answering, when the caller names no timeout. */
const DEFAULT_ABORT_TIMEOUT_MS = 120_000
const DRAIN_TIMEOUT_MS = 30_000

const backend = (r: Release): Backend => ({ version: r.version, url: r.url })

/** Rolling, blue-green and canary over a platform's releases and its router. */
export abstract class ReleaseProvider implements Pick<Provider, 'deploy' | 'setCanaryWeight' | 'promote' | 'abort' | 'rollback' | 'prune' | 'teardown' | 'routerCounters' | 'canaryEndpoint' | 'stableEndpoint' | 'observe' | 'heal' | 'keepsPrevious'> {
  abstract readonly name: string
  readonly keepsPrevious = true
  protected abstract readonly releases: ReleaseSet
  protected abstract readonly router: ReleaseRouter

  constructor(protected readonly deps: ProviderDeps) {}

  /** How the log names a release (the version, and where it runs when the platform has slots). */
  protected describe(release: Release): string {
    return release.version
  }

  async deploy(request: RolloutRequest): Promise<RolloutResult> {
    const release = await this.launch(request.version, { image: request.image, timeoutMs: request.timeoutMs })
    try {
      const routes = this.router.routes()
      if (request.strategy === 'canary' && routes.stable) {
        await this.route({ stable: routes.stable, canary: backend(release), weight: request.canaryWeight })
        this.deps.log.info(`Router: canary ${this.describe(release)} takes ${request.canaryWeight}% of traffic.`)
        return { url: this.router.url, slot: release.slot }
      }
      await this.route({ stable: backend(release), canary: null, weight: 0 })
      this.deps.log.info(`Router: ${this.describe(release)} serves 100% of traffic${routes.stable ? ` (was ${routes.stable.version})` : ''}.`)
      // Rolling stops the old release; blue-green keeps it warm without traffic, so a rollback is a switch.
      const previous = routes.stable && routes.stable.version !== request.version ? this.find(routes.stable.url) : undefined
      const standby = (request.strategy === 'blue-green' || request.keepPrevious) && previous && !previous.starting ? previous : undefined
      await this.retireAllBut(standby ? [release, standby] : [release])
      return { url: this.router.url, slot: release.slot ?? (request.strategy === 'blue-green' ? release.version : undefined), standby: standby?.version }
    } catch (e) {
      // The new release must not outlive a failed deploy (it never took traffic, or traffic went back).
      if (this.router.routes().stable?.url !== release.url) await this.retire(release)
      throw e
    }
  }

  async setCanaryWeight(version: string, weight: number): Promise<void> {
    const routes = this.router.routes()
    if (routes.canary?.version !== version || !routes.stable) {
      throw new GlidepathError('GP-CANARY-001', `The ${this.name} provider's router has no canary ${version}.`, { fix: 'Deploy the version with strategy canary first.' })
    }
    await this.route({ ...routes, weight })
  }

  async promote(version: string, _timeoutMs?: number, opts: { keepPrevious?: boolean } = {}): Promise<void> {
    const routes = this.router.routes()
    if (routes.canary?.version !== version) {
      if (routes.stable?.version === version) return
      throw new GlidepathError('GP-CANARY-001', `No canary ${version} to promote.`, { fix: 'Deploy with strategy canary first.' })
    }
    await this.route({ stable: routes.canary, canary: null, weight: 0 })
    // Within a rollback window the old stable keeps running without traffic: a rollback is then one switch.
    const previous = opts.keepPrevious && routes.stable ? this.find(routes.stable.url) : undefined
    await this.retireAllBut([this.find(routes.canary.url), previous])
  }

  /** The canary gets no traffic, then is stopped; so is a release of `version` that never took any. A blue-green standby of another version stays. */
  async abort(version: string | null, timeoutMs = DEFAULT_ABORT_TIMEOUT_MS): Promise<void> {
    let routes = this.router.routes()
    if (routes.canary) {
      // Stable must be ready to take the canary's share back (Argo Rollouts #3888): never all traffic to a
      // version that does not answer. One that does not is started again first; if it cannot be, traffic
      // stays split (the canary keeps answering what stable cannot) and the next run finishes the abort.
      const stable = routes.stable
      if (stable && !(await this.answers(this.find(stable.url)))) {
        this.deps.log.warning(`${stable.version} (stable) does not answer its health check; it is started again before the canary's ${routes.weight}% moves back to it.`)
        let why: string | undefined
        try {
          await this.heal(stable.version, timeoutMs)
          routes = this.router.routes()
          if (routes.stable && !(await this.answers(this.find(routes.stable.url)))) why = 'it still runs but does not answer, and a running release is never killed for being slow'
        } catch (e) {
          why = `it could not be started again: ${(e as Error).message}`
        }
        if (why) {
          throw new GlidepathError('GP-PROVIDER-007', `The canary was not aborted: stable ${stable.version} does not answer its health check, and ${why}. Traffic stays split, so the canary keeps answering what stable cannot.`, {
            fix: `Make ${stable.version} answer (its process, its host, its release files), then run again: the next run finishes the abort. Or roll back to a version that starts.`,
          })
        }
        this.deps.log.info(`${stable.version} answers again; the canary's traffic moves back to it.`)
      }
    }
    await this.dropCanary(version)
  }

  /** The canary off traffic (all of it back on stable as routed), then stopped; and any other release of `version`. */
  private async dropCanary(version: string | null): Promise<void> {
    const routes = this.router.routes()
    if (routes.canary) {
      await this.route({ stable: routes.stable, canary: null, weight: 0 })
      const canary = this.find(routes.canary.url)
      if (canary) await this.retire(canary)
    }
    const stable = this.router.routes().stable?.url
    if (version) for (const r of this.releases.list()) if (r.version === version && r.url !== stable) await this.retire(r)
  }

  async rollback(to: string, _from: string | null, timeoutMs: number): Promise<void> {
    // The rollback makes `to` answer itself (below), so the canary goes without an abort's check of stable.
    await this.dropCanary(null)
    const routes = this.router.routes()
    // Serving already (a deploy that never took traffic is undone), or kept warm (blue-green standby).
    const serving = (r: Release) => Number(r.url === routes.stable?.url)
    const candidates = this.releases.list().filter((r) => r.version === to && !r.starting).sort((a, b) => serving(b) - serving(a))
    let release: Release | undefined
    for (const r of candidates) if (await this.releases.healthy(r)) { release = r; break }
    if (release && release.url !== routes.stable?.url) this.deps.log.info(`${this.describe(release)} is still running (blue-green standby or rollback window) and answers its health check; switching traffic back.`)
    let started = false
    if (!release) {
      this.releases.restartable(to)
      release = await this.launch(to, { timeoutMs, again: true })
      started = true
    }
    try {
      await this.route({ stable: backend(release), canary: null, weight: 0 })
    } catch (e) {
      // Started for this rollback and never routed: stopped, so nothing runs that no route names.
      if (started) await this.releases.stop(release).catch(() => undefined)
      throw e
    }
    await this.retireAllBut([release])
  }

  /** Stops releases the state does not keep and the router does not send traffic to, then what no record names. */
  async prune(keep: string[]): Promise<void> {
    const routes = this.router.routes()
    const routed = [routes.stable?.url, routes.canary?.url]
    const orphans = this.releases.list().filter((r) => !routed.includes(r.url) && (!keep.includes(r.version) || r.starting))
    if (orphans.length) this.deps.log.warning(`Stopping ${orphans.map((r) => this.describe(r)).join(', ')}, left running by an interrupted run.`)
    for (const r of orphans) await this.retire(r)
    await this.releases.prune?.()
    await this.router.prune?.()
  }

  /** Stops every release of this environment and its router, and removes what they leave. */
  async teardown(timeoutMs: number): Promise<void> {
    await this.releases.teardown(timeoutMs, (r) => this.retire(r))
    await this.router.remove()
  }

  async observe(): Promise<Observation> {
    const routes = this.router.routes()
    const routerUp = this.router.up ? await this.router.up() : undefined
    const served = async (b: Backend | null, weight: number): Promise<ServedVersion | null> => {
      if (!b) return null
      const release = this.find(b.url)
      const healthy = await this.answers(release)
      return { version: b.version, weight, healthy, ...(healthy ? {} : { gone: !release || !this.releases.alive || !this.releases.alive(release) }) }
    }
    const routed = [routes.stable?.url, routes.canary?.url]
    const alive = this.releases.alive?.bind(this.releases)
    const warm = alive ? [...new Set(this.releases.list().filter((r) => !routed.includes(r.url) && !r.starting && alive(r)).map((r) => r.version))] : undefined
    return { routerUp, stable: await served(routes.stable, routes.canary ? 100 - routes.weight : 100), canary: await served(routes.canary, routes.weight), ...(warm ? { warm } : {}) }
  }

  async heal(stable: string, timeoutMs: number): Promise<string[]> {
    const done: string[] = []
    let routes = this.router.routes()
    const current = routes.stable?.version === stable ? this.find(routes.stable.url) : undefined
    // A release that still runs but is slow to answer is left alone: restarting it would cut what it serves.
    const gone = !current || this.releases.alive?.(current) === false || (!this.releases.alive && !(await this.answers(current)))
    const routerDown = this.router.up ? !(await this.router.up()) : false
    if (gone) {
      // A running release of the version that answers (routes lost, a standby) is routed; else it starts again from what was kept.
      const warm = this.releases.list().filter((r) => r.version === stable && !r.starting && r.url !== current?.url)
      let release: Release | undefined
      for (const r of warm) if (await this.answers(r)) { release = r; break }
      if (!release) {
        this.releases.restartable(stable)
        release = await this.launch(stable, { timeoutMs, again: true })
        done.push(`started ${this.describe(release)} again (${current ? 'it did not answer' : 'nothing served it'})`)
      } else done.push(`routed ${this.describe(release)} again (it ran, but the router did not send it traffic)`)
      routes = { ...this.router.routes(), stable: backend(release) }
      await this.route(routes)
      // Routing starts a stopped router (a restarted host loses both): said too, so the summary names all it did.
      if (routerDown) done.unshift('restarted the router on its recorded routes')
    } else if (routerDown) {
      await this.route(routes)
      done.push('restarted the router on its recorded routes')
    }
    return done
  }

  /** A release answers its health check: asked up to three times over about a second, so a busy machine's slow answer is not taken for a dead release. */
  private async answers(release: Release | undefined): Promise<boolean> {
    if (!release || release.starting) return false
    for (let attempt = 0; attempt < 3; attempt++) {
      if (await this.releases.healthy(release)) return true
      if (attempt < 2) await sleep(400)
    }
    return false
  }

  routerCounters(): RouterCounters | undefined {
    return this.router.counters()
  }

  canaryEndpoint(): Promise<Endpoint | undefined> {
    return this.router.endpoint('canary')
  }

  stableEndpoint(): Promise<Endpoint | undefined> {
    return this.router.endpoint('stable')
  }

  /** Places a new release (stopping what was there, off traffic first) and starts it. */
  private async launch(version: string, options: StartOptions): Promise<Release> {
    const routes = this.router.routes()
    const { key, replaces } = this.releases.place(version, routes)
    if (replaces) {
      // Never start over a release that still takes traffic: the router leaves it first.
      if (replaces.url === routes.canary?.url) await this.route({ stable: routes.stable, canary: null, weight: 0 })
      await this.retire(replaces)
    }
    return this.releases.start(key, version, options)
  }

  /** Every route change is fenced: a run that no longer holds the environment's lock changes no traffic. */
  private async route(routes: Routes): Promise<void> {
    this.deps.store?.fence?.()
    await this.router.apply(routes)
  }

  private find(url: string): Release | undefined {
    return this.releases.list().find((r) => r.url === url)
  }

  /** Stops a release once the requests it has in flight through the router are done (bounded). */
  private async retire(release: Release): Promise<void> {
    await this.router.drain(release.url, DRAIN_TIMEOUT_MS)
    await this.releases.stop(release)
  }

  private async retireAllBut(keep: Array<Release | undefined>): Promise<void> {
    const urls = keep.map((r) => r?.url)
    for (const r of this.releases.list()) if (!urls.includes(r.url)) await this.retire(r)
  }
}
