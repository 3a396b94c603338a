import { Client } from 'undici'

// The router's keep-alive connections to one release: undici Clients (one connection each, no
// pipelining), the most recently used idle one first. undici's Pool scans its clients for a free one on
// every request and queues through a layer of its own; at the router's request rates that scan and
// layer cost more than the rest of the proxy's own work, and reusing the hottest connection first keeps
// the others idle long enough to be closed by their keep-alive timeout. Past `max` connections a request
// waits in the queue of the connection with the fewest requests, as it would in a Pool.

export interface UpstreamOptions {
  /** Connections at most (each a Client); past it, requests queue. */
  max: number
  keepAliveTimeoutMs: number
  /** Time to the response head, and between body chunks. */
  timeoutMs: number
}

/** One keep-alive connection, with the requests it carries (in flight and queued). */
class Connection extends Client {
  requests = 0
}

export class Upstream {
  /** Requests in flight (or queued) to this release. */
  inflight = 0
  private readonly idle: Connection[] = []
  private readonly live = new Set<Connection>()
  private closing = false

  constructor(readonly url: string, private readonly options: UpstreamOptions) {}

  /**
   * A connection for one request: the most recently idle one, a new one, or (all `max` busy) the queue of
   * the least loaded. Give it back with release() when the request has ended.
   */
  acquire(): Client {
    const connection = this.take()
    connection.requests++
    this.inflight++
    return connection
  }

  /** Gives a connection back when its request has ended (answered, failed or aborted). */
  release(client: Client): void {
    const connection = client as Connection
    connection.requests--
    this.inflight--
    if (connection.requests > 0) return
    if (connection.closed || connection.destroyed) this.live.delete(connection)
    else if (this.closing) void this.drop(connection)
    else this.idle.push(connection)
  }

  /** Closes every connection once its requests have ended; no new ones are opened. */
  async close(): Promise<void> {
    this.closing = true
    this.idle.length = 0
    await Promise.all([...this.live].filter((c) => c.requests === 0).map((c) => this.drop(c)))
  }

  private take(): Connection {
    for (let connection = this.idle.pop(); connection; connection = this.idle.pop()) {
      if (!connection.closed && !connection.destroyed) return connection
      this.live.delete(connection)
    }
    if (this.live.size >= this.options.max) {
      let least: Connection | undefined
      for (const c of this.live) if (!c.closed && !c.destroyed && (!least || c.requests < least.requests)) least = c
      if (least) return least
    }
    const { keepAliveTimeoutMs, timeoutMs } = this.options
    const connection = new Connection(this.url, { keepAliveTimeout: keepAliveTimeoutMs, headersTimeout: timeoutMs, bodyTimeout: timeoutMs, pipelining: 1 })
    this.live.add(connection)
    return connection
  }

  private async drop(connection: Connection): Promise<void> {
    this.live.delete(connection)
    await connection.close().catch(() => undefined)
  }
}

/**
 * The router's upstreams, one per release address: made on first use, closed once the release is no longer
 * routed and its last request has been answered.
 */
export class UpstreamPool {
  private readonly upstreams = new Map<string, Upstream>()

  constructor(private readonly options: UpstreamOptions) {}

  /** The upstream of a release address (made on first use). */
  of(url: string): Upstream {
    let upstream = this.upstreams.get(url)
    if (!upstream) {
      upstream = new Upstream(url, this.options)
      this.upstreams.set(url, upstream)
    }
    return upstream
  }

  /** Requests in flight per release address (GET /inflight, a drain's wait). */
  inflight(): Record<string, number> {
    return Object.fromEntries([...this.upstreams].map(([url, upstream]) => [url, upstream.inflight]))
  }

  /** Closes the connections of every address not in `routed` that has nothing in flight. */
  closeUnrouted(routed: Set<string | undefined>): void {
    for (const [url, upstream] of this.upstreams) {
      if (routed.has(url) || upstream.inflight > 0) continue
      this.upstreams.delete(url)
      void upstream.close()
    }
  }

  /** Closes every connection (the router stops). */
  closeAll(): void {
    for (const upstream of this.upstreams.values()) void upstream.close()
  }
}
