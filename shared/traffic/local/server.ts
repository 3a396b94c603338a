import { createServer, type IncomingMessage, type ServerResponse, type IncomingHttpHeaders } from 'node:http'
import { connect, type Socket } from 'node:net'
import { readFileSync, unlinkSync } from 'node:fs'
import { Pool } from 'undici'
import { TrafficStats } from './window.js'
import { writeJsonAtomic } from '../../state/store.js'
import { processStart } from '../../process/run.js'
import { ROUTE_HEADER, type RouteTable, type Backend } from './routes.js'

// The local router process: a reverse proxy that splits traffic between the stable and the canary
// release by weight and counts requests, errors and latency per version. It runs detached from the
// action that started it and reads its route table from a file. Its admin API (routes, reload, stats,
// metrics, in-flight counts, stop) listens on a loopback port of its own, never on the public port.
// Upstream connections are kept alive in one undici Pool per release.

const UPSTREAM_TIMEOUT_MS = 30_000
// Hop-by-hop headers (RFC 9110 7.6.1) are never forwarded; nor are those a Connection header names.
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'proxy-authenticate', 'proxy-authorization', 'te', 'trailer', 'transfer-encoding', 'upgrade', 'host'])
const RETRYABLE = new Set(['GET', 'HEAD', 'OPTIONS'])
// Errors where the request never reached the release (nothing was sent or processed), so it can go to
// the other release, or again on a fresh connection.
const NOT_DELIVERED = new Set(['ECONNREFUSED', 'UND_ERR_CONNECT_TIMEOUT', 'ENOTFOUND', 'EHOSTUNREACH'])
const STALE_SOCKET = new Set(['ECONNRESET', 'UND_ERR_SOCKET', 'EPIPE', 'UND_ERR_CLOSED'])

export function pidFileOf(routesFile: string): string {
  return routesFile.replace(/\.json$/, '.pid')
}

export interface RouterPidFile {
  pid: number
  start?: string
  port: number
  adminPort: number
  startedAt: string
}

type Role = 'stable' | 'canary'

/** Request headers as the release receives them: hop-by-hop ones dropped, X-Forwarded-* set. */
export function forwardHeaders(headers: IncomingHttpHeaders, remote: string | undefined, encrypted: boolean): Record<string, string | string[]> {
  const drop = new Set(HOP_BY_HOP)
  const connection = headers.connection
  if (connection) for (const name of String(connection).split(',')) drop.add(name.trim().toLowerCase())
  const out: Record<string, string | string[]> = {}
  for (const [name, value] of Object.entries(headers)) if (value !== undefined && !drop.has(name)) out[name] = value
  const prior = headers['x-forwarded-for']
  out['x-forwarded-for'] = prior ? `${String(prior)}, ${remote ?? ''}` : remote ?? ''
  out['x-forwarded-proto'] = (headers['x-forwarded-proto'] as string | undefined) ?? (encrypted ? 'https' : 'http')
  out['x-forwarded-host'] = (headers['x-forwarded-host'] as string | undefined) ?? headers.host ?? ''
  if (headers.host) out.host = headers.host
  return out
}

function responseHeaders(headers: IncomingHttpHeaders | Record<string, string | string[] | undefined>): Record<string, string | string[]> {
  const drop = new Set(HOP_BY_HOP)
  drop.delete('host')
  const connection = headers.connection
  if (connection) for (const name of String(connection).split(',')) drop.add(name.trim().toLowerCase())
  const out: Record<string, string | string[]> = {}
  for (const [name, value] of Object.entries(headers)) if (value !== undefined && !drop.has(name)) out[name] = value
  return out
}

export async function runRouterProcess(routesFile: string): Promise<void> {
  let table = JSON.parse(readFileSync(routesFile, 'utf8')) as RouteTable
  const stats = new TrafficStats()
  const pools = new Map<string, Pool>()
  const inflight = new Map<string, number>()

  const poolFor = (b: Backend): Pool => {
    let pool = pools.get(b.url)
    if (!pool) {
      pool = new Pool(b.url, { connections: 256, keepAliveTimeout: 4_000, headersTimeout: UPSTREAM_TIMEOUT_MS, bodyTimeout: UPSTREAM_TIMEOUT_MS })
      pools.set(b.url, pool)
    }
    return pool
  }
  const track = (url: string, delta: number) => inflight.set(url, (inflight.get(url) ?? 0) + delta)
  // Pools of releases no longer routed are closed once their last request is answered.
  const closeUnrouted = () => {
    const routed = new Set([table.stable?.url, table.canary?.url])
    for (const [url, pool] of pools) {
      if (routed.has(url) || (inflight.get(url) ?? 0) > 0) continue
      pools.delete(url)
      void pool.close().catch(() => undefined)
    }
  }

  const pick = (req: IncomingMessage): { backend: Backend; role: Role } | undefined => {
    const forced = req.headers[ROUTE_HEADER]
    const useCanary = table.canary && (forced === 'canary' || (forced !== 'stable' && Math.random() * 100 < table.weight))
    if (useCanary && table.canary) return { backend: table.canary, role: 'canary' }
    if (table.stable) return { backend: table.stable, role: 'stable' }
    if (table.canary) return { backend: table.canary, role: 'canary' }
    return undefined
  }
  const other = (role: Role): { backend: Backend; role: Role } | undefined =>
    role === 'canary' ? (table.stable ? { backend: table.stable, role: 'stable' } : undefined) : table.canary ? { backend: table.canary, role: 'canary' } : undefined

  const proxy = (req: IncomingMessage, res: ServerResponse) => {
    const first = pick(req)
    if (!first) {
      res.writeHead(503, { 'content-type': 'text/plain' })
      res.end('No release is serving yet (Glidepath local router).\n')
      return
    }
    const started = performance.now()
    const headers = forwardHeaders(req.headers, req.socket.remoteAddress, false)
    const method = req.method ?? 'GET'
    const noBody = RETRYABLE.has(method) && !req.headers['content-length'] && !req.headers['transfer-encoding']
    let aborted = false
    res.on('close', () => { aborted = !res.writableFinished })

    const attempt = (target: { backend: Backend; role: Role }, tries: number) => {
      const { backend, role } = target
      track(backend.url, 1)
      let settled = false
      const settle = (status: number, error: boolean) => {
        if (settled) return
        settled = true
        track(backend.url, -1)
        stats.record(backend.version, role, status, performance.now() - started, error)
        closeUnrouted()
      }
      poolFor(backend).request({ path: req.url ?? '/', method: method as 'GET', headers, body: noBody ? null : req, signal: undefined }).then(
        (up) => {
          // Every exit of the body (end, error, the client going away) settles the request exactly once.
          up.body.on('error', () => { settle(up.statusCode, !aborted); if (!res.destroyed) res.destroy() })
          if (aborted) {
            up.body.destroy()
            return settle(up.statusCode, false)
          }
          const out = responseHeaders(up.headers)
          out['x-glidepath-version'] = backend.version
          out['x-glidepath-role'] = role
          res.writeHead(up.statusCode, out)
          up.body.on('end', () => settle(up.statusCode, up.statusCode >= 500))
          up.body.pipe(res)
          res.on('close', () => { if (!res.writableFinished) { aborted = true; up.body.destroy(); settle(up.statusCode, false) } })
        },
        (e: NodeJS.ErrnoException) => {
          const code = e.code ?? ''
          // The request never reached this release: count the failure against it, then serve it from the
          // other release (a crashed canary must not fail users) or again on a fresh connection.
          if (noBody && tries < 2 && !aborted && (NOT_DELIVERED.has(code) || STALE_SOCKET.has(code))) {
            settle(502, true)
            const next = NOT_DELIVERED.has(code) ? other(role) ?? target : target
            attempt(next, tries + 1)
            return
          }
          settle(502, true)
          if (aborted) return
          if (!res.headersSent) {
            res.writeHead(502, { 'content-type': 'text/plain', 'x-glidepath-version': backend.version, 'x-glidepath-role': role })
            res.end(`Upstream ${role} ${backend.version} failed: ${e.message}\n`)
          } else res.destroy()
        },
      )
    }
    attempt(first, 0)
  }

  // WebSocket (and any other) upgrades: the request head goes to the chosen release as is, then bytes
  // flow both ways untouched.
  const upgrade = (req: IncomingMessage, client: Socket, head: Buffer) => {
    const target = pick(req)
    if (!target) return client.end('HTTP/1.1 503 Service Unavailable\r\nconnection: close\r\n\r\n')
    const url = new URL(target.backend.url)
    const upstream = connect(Number(url.port), url.hostname, () => {
      const h = forwardHeaders(req.headers, req.socket.remoteAddress, false)
      h.connection = 'Upgrade'
      h.upgrade = String(req.headers.upgrade ?? '')
      const lines = [`${req.method} ${req.url} HTTP/1.1`, ...Object.entries(h).flatMap(([k, v]) => (Array.isArray(v) ? v.map((x) => `${k}: ${x}`) : [`${k}: ${v}`]))]
      upstream.write(`${lines.join('\r\n')}\r\n\r\n`)
      if (head.length) upstream.write(head)
      upstream.pipe(client)
      client.pipe(upstream)
    })
    const close = () => { upstream.destroy(); client.destroy() }
    upstream.on('error', () => {
      stats.record(target.backend.version, target.role, 502, 0, true)
      if (!client.destroyed) client.end('HTTP/1.1 502 Bad Gateway\r\nconnection: close\r\n\r\n')
    })
    client.on('error', close)
    upstream.on('close', () => client.destroy())
  }

  const json = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' })
    res.end(JSON.stringify(body))
  }
  const admin = (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://router')
    switch (`${req.method} ${url.pathname}`) {
      case 'GET /health':
        return json(res, 200, { ok: true, pid: process.pid, generation: table.generation })
      case 'GET /routes':
        return json(res, 200, { ...table, inflight: Object.fromEntries(inflight) })
      case 'GET /metrics':
        res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' })
        return res.end(stats.prometheus())
      case 'GET /stats': {
        const window = Math.max(0.25, Number(url.searchParams.get('window') ?? '60')) * 1000
        return json(res, 200, { window: window / 1000, versions: stats.window(window) })
      }
      case 'GET /inflight':
        return json(res, 200, Object.fromEntries(inflight))
      case 'POST /reload':
        try {
          table = JSON.parse(readFileSync(routesFile, 'utf8')) as RouteTable
          closeUnrouted()
          return json(res, 200, { generation: table.generation, weight: table.weight })
        } catch (e) {
          return json(res, 500, { error: `route table unreadable: ${(e as Error).message}; previous routes kept` })
        }
      case 'POST /stop':
        json(res, 200, { stopping: true })
        setTimeout(() => shutdown(), 20)
        return
      default:
        return json(res, 404, { error: 'unknown admin endpoint' })
    }
  }

  const server = createServer(proxy)
  server.on('upgrade', upgrade)
  server.keepAliveTimeout = 5000
  const adminServer = createServer(admin)

  const shutdown = () => {
    server.close()
    adminServer.close()
    server.closeIdleConnections()
    for (const pool of pools.values()) void pool.close().catch(() => undefined)
    try { unlinkSync(pidFileOf(routesFile)) } catch { /* already gone */ }
    // In-flight requests get a moment to finish; then the process goes.
    setTimeout(() => process.exit(0), 2000).unref()
    server.on('close', () => setTimeout(() => process.exit(0), 10))
  }
  process.on('SIGTERM', shutdown)
  process.on('SIGINT', shutdown)

  const listen = (srv: typeof server, port: number, host: string) => new Promise<number>((resolve, reject) => {
    srv.once('error', reject)
    srv.listen(port, host, () => {
      const addr = srv.address()
      resolve(typeof addr === 'object' && addr ? addr.port : port)
    })
  })
  await listen(server, table.port, table.host)
  const adminPort = await listen(adminServer, 0, '127.0.0.1')
  const pidFile: RouterPidFile = { pid: process.pid, start: processStart(process.pid), port: table.port, adminPort, startedAt: new Date().toISOString() }
  writeJsonAtomic(pidFileOf(routesFile), pidFile)
}
