import { randomBytes, timingSafeEqual } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { ADMIN_TOKEN_HEADER } from './router-files.js'
import type { RouteState } from './routing.js'
import type { TrafficStats } from './window.js'
import type { UpstreamPool } from './upstream.js'
import type { Mirror } from './mirror.js'

// The router process's admin API, on a loopback port of its own (never the public one): health, routes,
// counters (Prometheus text and windows), in-flight counts, activity, reload, handoff and stop. Any local
// process can reach a loopback port: only one that can read the pid file (the owner) holds the secret,
// and without it nothing is changed or read but liveness and the Prometheus counters.

export interface AdminContext {
  routes: RouteState
  stats: TrafficStats
  pool: UpstreamPool
  mirror: Mirror
  revision: number
  /** When the last request came (ms since the epoch; 0: none since the router started). */
  lastRequestAt(): number
  /** Hands the listening socket to a router of the action's build; resolves with its pid. */
  handOff(): Promise<number>
  stop(): void
}

const json = (res: ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'content-type': 'application/json' })
  res.end(JSON.stringify(body))
}

/** The admin API's request handler and the secret it asks for (written to the 0600 pid file). */
export function adminApi(x: AdminContext): { token: string; handle(req: IncomingMessage, res: ServerResponse): void } {
  const token = randomBytes(32).toString('hex')
  const authorised = (req: IncomingMessage) => {
    const given = Buffer.from(String(req.headers[ADMIN_TOKEN_HEADER] ?? ''))
    const wanted = Buffer.from(token)
    return given.length === wanted.length && timingSafeEqual(given, wanted)
  }
  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://router')
    const route = `${req.method} ${url.pathname}`
    if (route !== 'GET /health' && route !== 'GET /metrics' && !authorised(req)) {
      return json(res, 401, { error: `the admin API needs the ${ADMIN_TOKEN_HEADER} header from the router's pid file` })
    }
    const table = x.routes.table
    switch (route) {
      case 'GET /health':
        return json(res, 200, { ok: true, pid: process.pid, generation: table.generation, revision: x.revision })
      case 'GET /routes':
        return json(res, 200, { ...table, inflight: x.pool.inflight() })
      case 'GET /metrics':
        res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' })
        return res.end(x.stats.prometheus())
      case 'GET /stats': {
        const window = Math.max(0.25, Number(url.searchParams.get('window') ?? '60')) * 1000
        return json(res, 200, { window: window / 1000, versions: x.stats.window(window) })
      }
      case 'GET /mirror':
        return json(res, 200, { inflight: x.mirror.inflight, dropped: x.mirror.dropped })
      case 'GET /inflight':
        return json(res, 200, x.pool.inflight())
      case 'GET /activity': {
        const last = x.lastRequestAt()
        return json(res, 200, { lastRequestAt: last ? new Date(last).toISOString() : null, asleep: Boolean(table.asleep) })
      }
      case 'POST /reload':
        try {
          const next = x.routes.reload()
          x.pool.closeUnrouted(x.routes.routed())
          return json(res, 200, { generation: next.generation, weight: next.weight })
        } catch (e) {
          return json(res, 500, { error: `route table unreadable: ${(e as Error).message}; previous routes kept` })
        }
      case 'POST /handoff':
        x.handOff().then((pid) => json(res, 200, { pid }), (e: Error) => json(res, 500, { error: e.message }))
        return
      case 'POST /stop':
        json(res, 200, { stopping: true })
        setTimeout(() => x.stop(), 20)
        return
      default:
        return json(res, 404, { error: 'unknown admin endpoint' })
    }
  }
  return { token, handle }
}
