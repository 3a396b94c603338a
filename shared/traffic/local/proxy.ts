import type { IncomingMessage, ServerResponse } from 'node:http'
import { connect, type Socket } from 'node:net'
import { affinityCookie, type Choice } from '../cohorts.js'
import { checkAccess } from './access.js'
import { siteFor, SITE_HEADER } from './sites.js'
import { Waker } from './wake.js'
import { headerReader, type Role, type RouteState } from './routing.js'
import type { Mirror } from './mirror.js'
import type { TrafficStats } from './window.js'
import type { UpstreamPool } from './upstream.js'
import type { Asleep, Backend } from './routes.js'
import { ROUTE_HEADER } from '../cohorts.js'

// The router's public side: each request goes to the release its routes pick (traffic/local/routing.ts)
// over a kept-alive upstream connection (upstream.ts), its bytes straight to the client with backpressure;
// a request that never reached a release is served by the other one, or again on a fresh connection; a
// sleeping preview is woken first; WebSocket upgrades pass through untouched.

// Hop-by-hop headers (RFC 9110 7.6.1) are never forwarded; nor are those a Connection header names.
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'proxy-authenticate', 'proxy-authorization', 'te', 'trailer', 'transfer-encoding', 'upgrade', 'host'])
const RETRYABLE = new Set(['GET', 'HEAD', 'OPTIONS'])
// Errors where the request never reached the release (nothing was sent or processed), so it can go to
// the other release, or again on a fresh connection.
const NOT_DELIVERED = new Set(['ECONNREFUSED', 'UND_ERR_CONNECT_TIMEOUT', 'ENOTFOUND', 'EHOSTUNREACH'])
const STALE_SOCKET = new Set(['ECONNRESET', 'UND_ERR_SOCKET', 'EPIPE', 'UND_ERR_CLOSED'])

/** Names a Connection header lists (they are hop-by-hop too); undefined when it lists none. */
function connectionNames(connection: string | string[] | undefined): Set<string> | undefined {
  if (!connection) return undefined
  // Nearly every request says only keep-alive (or close): names already dropped as hop-by-hop.
  if (typeof connection === 'string' && connection.length <= 10 && HOP_BY_HOP.has(connection.toLowerCase())) return undefined
  const names = new Set<string>()
  for (const name of String(connection).split(',')) names.add(name.trim().toLowerCase())
  return names
}

export interface Forwarded {
  /** Flat name/value pairs, as undici and a raw request head take them. */
  headers: string[]
  /** The x-glidepath-route header (stable or canary), when the client pinned a release. */
  route?: string
  /** Whether the request says it has a body (content-length or transfer-encoding). */
  hasBody: boolean
}

/**
 * Request headers as the release receives them, in one pass over the raw head (Node never builds the
 * headers object): hop-by-hop ones dropped, those the Connection header names too, X-Forwarded-* set.
 */
export function forwardHeaders(raw: string[], remote: string | undefined, encrypted: boolean): Forwarded {
  const out: string[] = []
  let xff: string | undefined
  let proto: string | undefined
  let forwardedHost: string | undefined
  let host: string | undefined
  let route: string | undefined
  let connection: string | undefined
  let hasBody = false
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i].toLowerCase()
    const value = raw[i + 1]
    switch (name) {
      case 'x-forwarded-for': xff = xff === undefined ? value : `${xff}, ${value}`; continue
      case 'x-forwarded-proto': proto ??= value; continue
      case 'x-forwarded-host': forwardedHost ??= value; continue
      case 'host': host ??= value; continue
      case 'connection': connection = connection === undefined ? value : `${connection}, ${value}`; continue
      case 'content-length': case 'transfer-encoding': hasBody = true; break
      case ROUTE_HEADER: route ??= value; break
    }
    if (!HOP_BY_HOP.has(name)) out.push(name, value)
  }
  const extra = connectionNames(connection)
  const headers = extra ? out.filter((_, i) => !extra.has(out[i - (i % 2)])) : out
  headers.push('x-forwarded-for', xff ? `${xff}, ${remote ?? ''}` : remote ?? '', 'x-forwarded-proto', proto ?? (encrypted ? 'https' : 'http'), 'x-forwarded-host', forwardedHost ?? host ?? '')
  if (host !== undefined) headers.push('host', host)
  return { headers, route, hasBody }
}

export interface Response {
  /** Flat name/value pairs as the client gets them. */
  headers: string[]
  /** The body's Content-Length, or -1 when it has none (or an invalid one). */
  length: number
}

/**
 * The release's response headers (raw name/value pairs) as the client gets them, in one pass:
 * hop-by-hop ones dropped, and those the Connection header names.
 */
export function responseHeaders(raw: Buffer[]): Response {
  const out: string[] = []
  let connection: string | undefined
  let length = -1
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i].toString('latin1')
    const lower = name.toLowerCase()
    if (lower === 'connection') {
      const value = raw[i + 1].toString('latin1')
      connection = connection === undefined ? value : `${connection}, ${value}`
      continue
    }
    if (lower !== 'host' && HOP_BY_HOP.has(lower)) continue
    const value = raw[i + 1].toString('latin1')
    if (lower === 'content-length') length = /^\d+$/.test(value) ? Number(value) : -1
    out.push(name, value)
  }
  const extra = connectionNames(connection)
  return { headers: extra ? out.filter((_, i) => !extra.has(out[i - (i % 2)].toLowerCase())) : out, length }
}

/** What the proxy reads and counts: the routes, the counters, the upstreams, the mirror, the last request's time. */
export interface ProxyContext {
  routes: RouteState
  stats: TrafficStats
  pool: UpstreamPool
  mirror: Mirror
  activity: { lastRequestAt: number }
  /** Another router took over the listening socket: answers close their connections. */
  handingOff(): boolean
}

/** The router's request and upgrade handlers. */
export function createProxy(x: ProxyContext): { proxy: (req: IncomingMessage, res: ServerResponse) => void; upgrade: (req: IncomingMessage, client: Socket, head: Buffer) => void } {
  const { routes, stats, pool, mirror } = x
  // A sleeping preview (previews.idle) is woken by the request, which then goes on (traffic/local/wake.ts).
  const waker = new Waker()
  const wakeThen = (asleep: Asleep, req: IncomingMessage, res: ServerResponse) => {
    void waker.wake(asleep).then((awake) => {
      if (res.writableEnded || res.destroyed) return
      if (awake) return proxy(req, res, true)
      res.writeHead(503, { 'content-type': 'text/plain', 'retry-after': '5' })
      res.end(`This preview is asleep and could not be woken (see ${asleep.dir}/wake.log).\n`)
    })
  }
  const proxy = (req: IncomingMessage, res: ServerResponse, woken = false) => {
    // Handed over: this answer ends its connection, and the client's next one reaches the successor.
    if (x.handingOff()) (res as ServerResponse & { shouldKeepAlive: boolean }).shouldKeepAlive = false
    if (!woken) x.activity.lastRequestAt = Date.now()
    const table = routes.table
    if (table.access) {
      // A private preview: only its token passes (a cookie from the comment's link, basic auth, the header).
      const verdict = checkAccess(table.access, headerReader(req.rawHeaders), req.url ?? '/', false)
      if (verdict.kind === 'login') {
        res.writeHead(303, { location: verdict.location, 'set-cookie': verdict.cookie, 'cache-control': 'no-store' })
        return res.end()
      }
      if (verdict.kind === 'denied') {
        res.writeHead(401, verdict.headers)
        return res.end(verdict.body)
      }
    }
    if (table.asleep && !woken) return wakeThen(table.asleep, req, res)
    const { headers, route, hasBody } = forwardHeaders(req.rawHeaders, req.socket.remoteAddress, false)
    const method = req.method ?? 'GET'
    let path = req.url ?? '/'
    let first: (Choice & { backend: Backend }) | undefined
    if (table.sites) {
      // A front for many previews: the request's host name (or name) picks the preview's own router.
      const read = headerReader(req.rawHeaders)
      const found = siteFor(table.sites, read('host'), read(SITE_HEADER), path)
      if (!found) {
        res.writeHead(404, { 'content-type': 'text/plain' })
        res.end('No preview answers at this address (Glidepath preview front).\n')
        return
      }
      const asleep = found.site.asleep
      if (asleep && !woken) {
        // A stranger's request to a private preview is refused here, without waking it.
        const verdict = asleep.access ? checkAccess(asleep.access, read, req.url ?? '/', false) : undefined
        if (verdict?.kind === 'denied') {
          res.writeHead(401, verdict.headers)
          return res.end(verdict.body)
        }
        return wakeThen(asleep, req, res)
      }
      path = found.path
      first = { role: 'stable', backend: { version: found.site.name, url: found.site.url } }
    } else first = routes.pick(route, req.rawHeaders, method, hasBody)
    if (!first) {
      res.writeHead(503, { 'content-type': 'text/plain' })
      res.end('No release is serving yet (Glidepath local router).\n')
      return
    }
    if (first.mirror) mirror.send(req.url ?? '/', method, headers)
    const setCookie = first.setCookie
    const started = performance.now()
    const noBody = RETRYABLE.has(method) && !hasBody
    let aborted = false
    // One listener for the client going away, whichever attempt is running: before the response head it
    // only marks the request aborted (the attempt then drops the answer); after it, the upstream request
    // is cut too and counted with the status it had.
    let onClientClose: (() => void) | undefined
    res.once('close', () => {
      if (res.writableFinished) return
      aborted = true
      onClientClose?.()
    })

    const attempt = (target: { backend: Backend; role: Role }, tries: number) => {
      const { backend, role } = target
      const upstream = pool.of(backend.url)
      const connection = upstream.acquire()
      let settled = false
      let status = 0
      let abortUpstream: ((e?: Error) => void) | undefined
      let length = -1
      let received = 0
      const settle = (code: number, error: boolean) => {
        if (settled) return
        settled = true
        upstream.release(connection)
        stats.record(backend.version, role, code, performance.now() - started, error)
        // A release taken out of the routes gives its connections up with its last request.
        const now = routes.table
        if (backend.url !== now.stable?.url && backend.url !== now.canary?.url && !now.sites) pool.closeUnrouted(routes.routed())
      }
      onClientClose = undefined
      let resume: (() => void) | undefined
      // undici's dispatch handler: no promise, no body stream object per request; the release's bytes go
      // straight to the client, with backpressure (a slow client pauses this upstream only).
      connection.dispatch({ path, method: method as 'GET', headers, body: noBody ? null : req }, {
        onConnect: (abort) => {
          abortUpstream = abort
          if (aborted) abort()
        },
        onHeaders: (statusCode, rawHeaders, resumeUpstream) => {
          if (statusCode < 200) return true // 1xx: wait for the final response
          status = statusCode
          if (aborted) {
            abortUpstream?.()
            settle(statusCode, false)
            return false
          }
          const response = responseHeaders(rawHeaders as unknown as Buffer[])
          length = method === 'HEAD' || statusCode === 204 || statusCode === 304 ? -1 : response.length
          response.headers.push('x-glidepath-version', backend.version, 'x-glidepath-role', role)
          // The client's version as assigned; a retry on the other release (the first never got the
          // request) assigns the one that answered.
          const affinity = routes.table.cohorts?.affinity
          if (setCookie && affinity) response.headers.push('set-cookie', backend === first.backend ? setCookie : affinityCookie(affinity, backend.version))
          res.writeHead(statusCode, response.headers)
          resume = resumeUpstream
          onClientClose = () => {
            abortUpstream?.()
            settle(status, false)
          }
          return true
        },
        // The chunk that completes a body of known length goes out with end(): a small response leaves
        // in one write. Anything else (a stream, server-sent events) is written as it arrives; a client
        // that cannot take it pauses this upstream until it drains.
        onData: (chunk) => {
          received += chunk.length
          if (length >= 0 && received >= length) {
            res.end(chunk)
            return true
          }
          if (res.write(chunk)) return true
          if (resume) res.once('drain', resume)
          return false
        },
        onComplete: () => {
          if (!res.writableEnded) res.end()
          settle(status, status >= 500)
        },
        onError: (e: Error & { code?: string }) => {
          const code = e.code ?? ''
          if (status) {
            // The response had started: the client gets a cut-off response, never a second one.
            settle(status, !aborted)
            if (!res.destroyed) res.destroy()
            return
          }
          // The request never reached this release: count the failure against it, then serve it from the
          // other release (a crashed canary must not fail users) or again on a fresh connection.
          if (noBody && tries < 2 && !aborted && (NOT_DELIVERED.has(code) || STALE_SOCKET.has(code))) {
            settle(502, true)
            const next = NOT_DELIVERED.has(code) ? routes.other(role) ?? target : target
            // Not from inside undici's error callback: it is still failing this connection's queue, and a
            // request dispatched onto the same connection now trips its assertion and kills the router
            // (found by the model's fault of a killed stable release). Next turn, the connection is clean.
            setImmediate(() => {
              if (aborted) return settle(502, false)
              attempt(next, tries + 1)
            })
            return
          }
          settle(502, !aborted)
          if (aborted) return
          if (!res.headersSent) {
            res.writeHead(502, { 'content-type': 'text/plain', 'x-glidepath-version': backend.version, 'x-glidepath-role': role })
            res.end(`Upstream ${role} ${backend.version} failed: ${e.message}\n`)
          } else res.destroy()
        },
      })
    }
    attempt(first, 0)
  }

  // WebSocket (and any other) upgrades: the request head goes to the chosen release as is, then bytes
  // flow both ways untouched.
  const upgrade = (req: IncomingMessage, client: Socket, head: Buffer) => {
    const { headers, route } = forwardHeaders(req.rawHeaders, req.socket.remoteAddress, false)
    const target = routes.pick(route, req.rawHeaders)
    if (!target) return client.end('HTTP/1.1 503 Service Unavailable\r\nconnection: close\r\n\r\n')
    const url = new URL(target.backend.url)
    const upstream = connect(Number(url.port), url.hostname, () => {
      headers.push('connection', 'Upgrade', 'upgrade', String(req.headers.upgrade ?? ''))
      const lines = [`${req.method} ${req.url} HTTP/1.1`]
      for (let i = 0; i < headers.length; i += 2) lines.push(`${headers[i]}: ${headers[i + 1]}`)
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

  return { proxy, upgrade }
}
