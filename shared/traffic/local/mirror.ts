import type { TrafficStats } from './window.js'
import type { UpstreamPool } from './upstream.js'
import type { Backend } from './routes.js'

/** Mirrored requests in flight at most; more are dropped (a slow canary must not pile them up). */
const MIRROR_MAX = 64

/**
 * Mirrored copies to the canary (canary.mirror): fire and forget, at most MIRROR_MAX at once (beyond,
 * dropped and counted), never holding up or failing the client's own request. The canary's answers are
 * counted for its judgement and discarded.
 */
export class Mirror {
  inflight = 0
  dropped = 0

  constructor(private readonly pool: UpstreamPool, private readonly stats: TrafficStats, private readonly canary: () => Backend | null) {}

  send(path: string, method: string, headers: string[]): void {
    const canary = this.canary()
    if (!canary) return
    if (this.inflight >= MIRROR_MAX) {
      this.dropped++
      return
    }
    this.inflight++
    const upstream = this.pool.of(canary.url)
    const connection = upstream.acquire()
    const started = performance.now()
    let status = 0
    let done = false
    const end = (error: boolean) => {
      if (done) return
      done = true
      this.inflight--
      upstream.release(connection)
      this.stats.record(canary.version, 'canary', status || 502, performance.now() - started, error)
    }
    try {
      connection.dispatch({ path, method: method as 'GET', headers: [...headers, 'x-glidepath-mirror', '1'], body: null }, {
        onConnect: () => undefined,
        onHeaders: (statusCode) => {
          if (statusCode >= 200) status = statusCode
          return true
        },
        onData: () => true,
        onComplete: () => end(status >= 500),
        onError: () => end(true),
      })
    } catch {
      end(true)
    }
  }
}
