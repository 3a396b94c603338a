import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { connect, Server as NetServer, type Socket } from 'node:net'
import { spawn } from 'node:child_process'
import { randomBytes, timingSafeEqual } from 'node:crypto'
import { readFileSync, unlinkSync } from 'node:fs'
import { Upstream } from './upstream.js'
import { TrafficStats } from './window.js'
import { writeJsonAtomic } from '../../files/json-file.js'
import { processStart } from '../../process/run.js'
import type { RouteTable, Backend, Asleep } from './routes.js'
import { ROUTE_HEADER } from '../cohorts.js'
import { Waker } from './wake.js'
import { checkAccess } from './access.js'
import { siteFor, SITE_HEADER } from './sites.js'
import { chooseRole, cohortHeaders, affinityCookie, type Choice } from '../cohorts.js'
import { pidFileOf, successorFileOf, ROUTER_REVISION, ADMIN_TOKEN_HEADER, type RouterPidFile } from './router-files.js'

// The local router process: a reverse proxy that splits traffic between the stable and the canary
// release by weight and counts requests, errors and latency per version. It runs detached from the
// action that started it and reads its route table from a file. Its admin API (routes, reload, stats,
// metrics, in-flight counts, stop) listens on a loopback port of its own, never on the public port.
// Upstream connections are kept alive per release (upstream.ts: undici Clients, hottest first).

const UPSTREAM_TIMEOUT_MS = 30_000
/** Mirrored requests in flight at most; more are dropped (a slow canary must not pile them up). */
const MIRROR_MAX = 64
// Hop-by-hop headers (RFC 9110 7.6.1) are never forwarded; nor are those a Connection header names.
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'proxy-authenticate', 'proxy-authorization', 'te', 'trailer', 'transfer-encoding', 'upgrade', 'host'])
const RETRYABLE = new Set(['GET', 'HEAD', 'OPTIONS'])
// Errors where the request never reached the release (nothing was sent or processed), so it can go to
// the other release, or again on a fresh connection.
const NOT_DELIVERED = new Set(['ECONNREFUSED', 'UND_ERR_CONNECT_TIMEOUT', 'ENOTFOUND', 'EHOSTUNREACH'])
const STALE_SOCKET = new Set(['ECONNRESET', 'UND_ERR_SOCKET', 'EPIPE', 'UND_ERR_CLOSED'])

/** Tests start a router that says it is older (as one left by an earlier Glidepath would be). */
const REVISION_OVERRIDE = 'GLIDEPATH_INTERNAL_ROUTER_REVISION'
const HANDOFF_TIMEOUT_MS = 15_000

type Role = 'stable' | 'canary'

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

export async function runRouterProcess(routesFile: string): Promise<void> {
  let table = JSON.parse(readFileSync(routesFile, 'utf8')) as RouteTable
  const stats = new TrafficStats()
  const upstreams = new Map<string, Upstream>()
  const inflight = () => Object.fromEntries([...upstreams].map(([url, upstream]) => [url, upstream.inflight]))

  const upstreamFor = (b: Backend): Upstream => {
    let upstream = upstreams.get(b.url)
    if (!upstream) {
      upstream = new Upstream(b.url, { max: 256, keepAliveTimeoutMs: 4_000, timeoutMs: UPSTREAM_TIMEOUT_MS })
      upstreams.set(b.url, upstream)
    }
    return upstream
  }
  // Connections to releases no longer routed are closed once their last request is answered.
  const routedUrls = () => new Set([table.stable?.url, table.canary?.url, ...(table.sites ?? []).map((x) => x.url)])
  const closeUnrouted = () => {
    const routed = routedUrls()
    for (const [url, upstream] of upstreams) {
      if (routed.has(url) || upstream.inflight > 0) continue
      upstreams.delete(url)
      void upstream.close()
    }
  }

  // The request headers cohort rules read (Cookie, match headers), looked up in the raw head only then.
  let cohortNames = table.cohorts ? cohortHeaders(table.cohorts) : undefined
  const headerReader = (raw: string[]) => (name: string): string | undefined => {
    let value: string | undefined
    for (let i = 0; i < raw.length; i += 2) {
      if (raw[i].length !== name.length || raw[i].toLowerCase() !== name) continue
      value = value === undefined ? raw[i + 1] : `${value}${name === 'cookie' ? '; ' : ', '}${raw[i + 1]}`
    }
    return value
  }
  const noHeaders = () => undefined
  const pick = (forced: string | undefined, raw: string[], method = 'GET', hasBody = false): (Choice & { backend: Backend }) | undefined => {
    if (!table.stable && !table.canary) return undefined
    const choice = chooseRole(table, { route: forced, header: cohortNames?.size ? headerReader(raw) : noHeaders }, Math.random, method, hasBody)
    const backend = choice.role === 'canary' ? table.canary : table.stable
    return backend ? { ...choice, backend } : undefined
  }
  // Mirrored copies to the canary: fire and forget, at most MIRROR_MAX at once (beyond, dropped and
  // counted), never holding up or failing the client's own request. The canary's answers are counted for
  // its judgement and discarded.
  let mirrorInflight = 0
  let mirrorDropped = 0
  const mirror = (path: string, method: string, headers: string[]) => {
    const canary = table.canary
    if (!canary) return
    if (mirrorInflight >= MIRROR_MAX) {
      mirrorDropped++
      return
    }
    mirrorInflight++
    const upstream = upstreamFor(canary)
    const connection = upstream.acquire()
    const started = performance.now()
    let status = 0
    let done = false
    const end = (error: boolean) => {
      if (done) return
      done = true
      mirrorInflight--
      upstream.release(connection)
      stats.record(canary.version, 'canary', status || 502, performance.now() - started, error)
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
  const other = (role: Role): { backend: Backend; role: Role } | undefined =>
    role === 'canary' ? (table.stable ? { backend: table.stable, role: 'stable' } : undefined) : table.canary ? { backend: table.canary, role: 'canary' } : undefined

  // A sleeping preview (previews.idle) is woken by the request, which then goes on (traffic/local/wake.ts).
  const waker = new Waker()
  // A number on the hot path; made a date only when asked (GET /activity).
  let lastRequestAt = 0
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
    if (handingOff) (res as ServerResponse & { shouldKeepAlive: boolean }).shouldKeepAlive = false
    if (!woken) lastRequestAt = Date.now()
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
    } else first = pick(route, req.rawHeaders, method, hasBody)
    if (!first) {
      res.writeHead(503, { 'content-type': 'text/plain' })
      res.end('No release is serving yet (Glidepath local router).\n')
      return
    }
    if (first.mirror) mirror(req.url ?? '/', method, headers)
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
      const upstream = upstreamFor(backend)
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
        if (backend.url !== table.stable?.url && backend.url !== table.canary?.url && !table.sites) closeUnrouted()
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
          if (setCookie && table.cohorts?.affinity) response.headers.push('set-cookie', backend === first.backend ? setCookie : affinityCookie(table.cohorts.affinity, backend.version))
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
            const next = NOT_DELIVERED.has(code) ? other(role) ?? target : target
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
    const target = pick(route, req.rawHeaders)
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

  const json = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' })
    res.end(JSON.stringify(body))
  }
  // Any local process can reach a loopback port: only one that can read the pid file (the owner) holds the
  // secret, and without it nothing is changed or read but liveness and the Prometheus counters.
  const adminToken = randomBytes(32).toString('hex')
  const authorised = (req: IncomingMessage) => {
    const given = Buffer.from(String(req.headers[ADMIN_TOKEN_HEADER] ?? ''))
    const wanted = Buffer.from(adminToken)
    return given.length === wanted.length && timingSafeEqual(given, wanted)
  }
  const admin = (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://router')
    const route = `${req.method} ${url.pathname}`
    if (route !== 'GET /health' && route !== 'GET /metrics' && !authorised(req)) {
      return json(res, 401, { error: `the admin API needs the ${ADMIN_TOKEN_HEADER} header from the router's pid file` })
    }
    switch (route) {
      case 'GET /health':
        return json(res, 200, { ok: true, pid: process.pid, generation: table.generation, revision })
      case 'GET /routes':
        return json(res, 200, { ...table, inflight: inflight() })
      case 'GET /metrics':
        res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' })
        return res.end(stats.prometheus())
      case 'GET /stats': {
        const window = Math.max(0.25, Number(url.searchParams.get('window') ?? '60')) * 1000
        return json(res, 200, { window: window / 1000, versions: stats.window(window) })
      }
      case 'GET /mirror':
        return json(res, 200, { inflight: mirrorInflight, dropped: mirrorDropped })
      case 'GET /inflight':
        return json(res, 200, inflight())
      case 'GET /activity':
        return json(res, 200, { lastRequestAt: lastRequestAt ? new Date(lastRequestAt).toISOString() : null, asleep: Boolean(table.asleep) })
      case 'POST /reload':
        try {
          table = JSON.parse(readFileSync(routesFile, 'utf8')) as RouteTable
          cohortNames = table.cohorts ? cohortHeaders(table.cohorts) : undefined
          closeUnrouted()
          return json(res, 200, { generation: table.generation, weight: table.weight })
        } catch (e) {
          return json(res, 500, { error: `route table unreadable: ${(e as Error).message}; previous routes kept` })
        }
      case 'POST /handoff':
        handOff().then((pid) => json(res, 200, { pid }), (e: Error) => json(res, 500, { error: e.message }))
        return
      case 'POST /stop':
        json(res, 200, { stopping: true })
        setTimeout(() => shutdown(), 20)
        return
      default:
        return json(res, 404, { error: 'unknown admin endpoint' })
    }
  }

  const revision = Number(process.env[REVISION_OVERRIDE] ?? ROUTER_REVISION)
  /** Set once another router took over the listening socket: answers close their connections. */
  let handingOff = false
  const server = createServer(proxy)
  server.on('upgrade', upgrade)
  server.keepAliveTimeout = 5000
  const adminServer = createServer(admin)

  const shutdown = () => {
    server.close()
    adminServer.close()
    server.closeIdleConnections()
    for (const upstream of upstreams.values()) void upstream.close()
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
  /**
   * Hands this router's listening socket to a router of the action's build (the command in the
   * successor file), started as its child with an IPC channel: the successor accepts on the very same
   * socket, so no connection is ever refused. Then this one stops accepting, answers what its open
   * connections still send with `Connection: close` (their clients reconnect to the successor), and
   * exits once they are done. Resolves with the successor's pid once it is serving.
   */
  const handOff = async (): Promise<number> => {
    if (handingOff) throw new Error('a handoff is already under way')
    const { command } = JSON.parse(readFileSync(successorFileOf(routesFile), 'utf8')) as { command: string[] }
    const env: Record<string, string> = {}
    for (const [k, v] of Object.entries(process.env)) if (v !== undefined && k !== REVISION_OVERRIDE) env[k] = v
    const child = spawn(command[0], command.slice(1), { detached: true, stdio: ['ignore', 'inherit', 'inherit', 'ipc'], env, cwd: process.cwd() })
    const ready = await new Promise<boolean>((done) => {
      const timer = setTimeout(() => done(false), HANDOFF_TIMEOUT_MS)
      child.once('message', (m: { type?: string }) => { clearTimeout(timer); done(m?.type === 'glidepath-ready') })
      child.once('exit', () => { clearTimeout(timer); done(false) })
      child.once('error', () => { clearTimeout(timer); done(false) })
      child.send({ type: 'glidepath-listen' }, server)
    })
    if (!ready) {
      try { process.kill(-(child.pid as number), 'SIGKILL') } catch { /* gone */ }
      throw new Error('the successor router did not take over; this one keeps serving')
    }
    handingOff = true
    child.disconnect()
    child.unref()
    // Stop accepting without closing idle keep-alive connections at once (http.Server#close would, and a
    // request sent on one at that moment would fail): each ends after its next answer, or idles out.
    NetServer.prototype.close.call(server, () => process.exit(0))
    adminServer.close()
    setTimeout(() => process.exit(0), UPSTREAM_TIMEOUT_MS + 5_000).unref()
    return child.pid as number
  }

  // Started by a router handing over: its listening socket arrives over IPC instead of being bound.
  const inherited = process.send ? await new Promise<NetServer>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no listening socket arrived from the router handing over')), HANDOFF_TIMEOUT_MS)
    process.once('message', (m: { type?: string }, handle: NetServer) => {
      clearTimeout(timer)
      if (m?.type === 'glidepath-listen' && handle) resolve(handle)
      else reject(new Error('the router handing over sent no listening socket'))
    })
  }) : undefined
  if (inherited) await new Promise<void>((resolve, reject) => { server.once('error', reject); server.listen(inherited, resolve) })
  else await listen(server, table.port, table.host)
  const adminPort = await listen(adminServer, 0, '127.0.0.1')
  const pidFile: RouterPidFile = { pid: process.pid, start: processStart(process.pid), port: table.port, adminPort, startedAt: new Date().toISOString(), adminToken }
  writeJsonAtomic(pidFileOf(routesFile), pidFile, 0o600)
  if (inherited && process.send) {
    process.send({ type: 'glidepath-ready', pid: process.pid })
    process.disconnect()
  }
}
