import type { SshHost } from '../ssh/host.js'
import type { WindowStats } from './local/window.js'
import { ROUTE_HEADER } from './cohorts.js'
import type { Endpoint, ReleaseRouter, RouterCounters, Routes } from './types.js'

/** The router's operations Glidepath's agent on the host carries out (providers/agent.ts). */
type RouterOperation = 'router-apply' | 'router-drain' | 'router-stop' | 'router-stats' | 'free-port'

/** How the router's operations reach the host: Glidepath's agent there (providers/agent-client.ts), over the host's connection. */
export interface AgentTransport {
  readonly host: Pick<SshHost, 'forward'>
  ready(): Promise<unknown>
  call(op: RouterOperation, args: unknown[], timeoutMs: number, extra: { router: { port: number } }): Promise<unknown>
}

/**
 * Glidepath's local router on a host over SSH: each operation runs on the host through the agent, and the
 * runner reaches the router's public port through the connection. Compose over SSH drives it (keeping
 * the routes with its slots); the local provider over SSH reads its counters and probes through it.
 */
export class AgentRouter implements Omit<ReleaseRouter, 'routes'> {
  constructor(private readonly agent: AgentTransport, private readonly router: { port: number; listen?: string }, private readonly timeoutMs: number) {}

  private call(op: RouterOperation, args: unknown[], timeoutMs = this.timeoutMs): Promise<unknown> {
    return this.agent.call(op, args, timeoutMs, { router: { port: this.router.port } })
  }

  /** Checks (and puts there, once) what the host needs to run the router: before anything changes. */
  async prepare(): Promise<void> {
    await this.agent.ready()
  }

  /** Points the router on the host at these routes, starting it there first (or upgrading it) when needed: one call. */
  async apply(change: Routes): Promise<void> {
    await this.call('router-apply', [change])
  }

  /** Waits on the host until no request is in flight to `url` through the router, bounded. */
  async drain(url: string, timeoutMs: number): Promise<boolean> {
    return (await this.call('router-drain', [url, timeoutMs], timeoutMs)) as boolean
  }

  /** Stops the router on the host and forgets its routes (teardown). */
  async remove(): Promise<void> {
    await this.call('router-stop', [])
  }

  /** The router's counters on the host, read through the connection. */
  counters(): RouterCounters {
    return { stats: async (windowSeconds) => (await this.call('router-stats', [windowSeconds], 30_000)) as WindowStats[] }
  }

  /** A port nothing listens on on the host (for a release to publish). */
  async freePort(): Promise<number> {
    return (await this.call('free-port', [], 30_000)) as number
  }

  /** The router's public address as the runner reaches it: a local port forwarded through the connection. */
  async endpoint(which: 'stable' | 'canary'): Promise<Endpoint> {
    const listen = this.router.listen
    const address = !listen || listen === '0.0.0.0' || listen === '::' ? '127.0.0.1' : listen
    return { url: `http://${await this.agent.host.forward(`${address}:${this.router.port}`, 30_000)}/`, headers: { [ROUTE_HEADER]: which } }
  }
}
