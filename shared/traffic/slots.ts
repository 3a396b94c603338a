import { NginxRouter, type NginxHost, type NginxRouterConfig } from './nginx.js'
import type { Cohorts } from './cohorts.js'
import type { Backend } from './local/routes.js'
import type { Endpoint, ReleaseRouter, RouterCounters, Routes } from './types.js'

// Routers in front of a platform's slots (compose's blue and green projects): the slots record which of
// them serves as stable and which as canary, since the router in front (Glidepath's on a host, nginx)
// cannot always be asked.

/** What a router in front of slots reads and writes of them. */
export interface SlotRecord {
  /** The routes in force, as the slots record them. */
  routes(): Routes
  /** Records the routes applied. */
  record(routes: Routes): void
}

/** nginx in front of slots: its configuration and how to reach a slot's port (over SSH, a forwarded one). */
export interface NginxSlotsOptions {
  nginx: NginxRouterConfig
  /** The address the runner reaches a slot's port at. */
  reach(port: number, what: string): Promise<string>
  /** The routes in force (the slot router's). */
  routes(): Routes
  cohorts: Cohorts | undefined
  cwd: string
  env: Record<string, string>
  timeoutMs: number
  log(message: string): void
  host: NginxHost | undefined
}

/**
 * The router in front of the slots, whatever it is: compose.json records which slot serves as stable and
 * which as canary (the router on a host or nginx cannot be asked), and the router is pointed at them.
 */
export class SlotRouter implements ReleaseRouter {
  /** Whether the router answers, when the router in front can say (the local router can; nginx cannot here). */
  readonly up?: () => Promise<boolean>

  constructor(private readonly slots: SlotRecord, private readonly inner: Omit<ReleaseRouter, 'routes'>) {
    if (inner.up) this.up = () => inner.up!()
  }

  get url(): string | undefined {
    return this.inner.url
  }

  routes(): Routes {
    return this.slots.routes()
  }

  async apply(routes: Routes): Promise<void> {
    const weight = routes.canary ? routes.weight : 0
    await this.inner.apply({ ...routes, weight })
    this.slots.record({ ...routes, weight })
  }

  drain(url: string, timeoutMs: number): Promise<unknown> {
    return this.inner.drain(url, timeoutMs)
  }

  counters(): RouterCounters | undefined {
    return this.inner.counters()
  }

  endpoint(which: 'stable' | 'canary'): Promise<Endpoint | undefined> {
    return this.inner.endpoint(which)
  }

  prune(): Promise<void> {
    return this.inner.prune?.() ?? Promise.resolve()
  }

  remove(): Promise<void> {
    return this.inner.remove()
  }
}

/**
 * nginx in front of the slots: its stable address is the stable slot's, its canary address the canary
 * slot's; its access log is the counters (traffic.nginx.accessLog), and probes reach a slot directly.
 */
export class NginxSlots implements Omit<ReleaseRouter, 'routes'> {
  constructor(private readonly o: NginxSlotsOptions) {}

  private router(routes: Routes): NginxRouter {
    const address = (b: Backend | null) => (b ? b.url.replace(/^http:\/\//, '') : this.o.nginx.stable)
    return new NginxRouter({ ...this.o.nginx, stable: address(routes.stable), canary: address(routes.canary ?? routes.stable), cohorts: this.o.cohorts }, { cwd: this.o.cwd, env: this.o.env, timeoutMs: this.o.timeoutMs, log: this.o.log, host: this.o.host })
  }

  async apply(routes: Routes): Promise<void> {
    await this.router(routes).setWeight(routes.weight, { stable: routes.stable?.version ?? null, canary: routes.canary?.version ?? null })
  }

  /** nginx cannot say what it has in flight: a slot leaving traffic is taken down at once (nginx reloads gracefully). */
  async drain(): Promise<void> {}

  counters(): RouterCounters | undefined {
    if (!this.o.nginx.accessLog) return undefined
    return { stats: (windowSeconds, versions) => this.router(this.o.routes()).stats(windowSeconds, versions) }
  }

  async endpoint(which: 'stable' | 'canary'): Promise<Endpoint | undefined> {
    const backend = this.o.routes()[which]
    const port = backend ? Number(/:(\d+)$/.exec(backend.url)?.[1]) : undefined
    return port ? { url: `http://${await this.o.reach(port, `${which} release`)}/`, headers: {} } : undefined
  }

  async remove(): Promise<void> {}
}
