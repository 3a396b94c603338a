import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http'
import { readFileSync, writeFileSync, unlinkSync } from 'node:fs'
import { TrafficStats } from './window.js'
import { ADMIN_PREFIX, ROUTE_HEADER, type RouteTable } from './routes.js'

// The local router process: a small reverse proxy that splits traffic between the stable and the canary
// release by weight and counts requests, errors and latency per version. It runs detached from the
// action that started it, reads its route table from a file, and is changed by POST /.glidepath/reload.

const UPSTREAM_TIMEOUT_MS = 30_000

const isLoopback = (addr: string | undefined) => addr === '127.0.0.1' || addr === '::1' || addr === '::ffff:127.0.0.1'

export function pidFileOf(routesFile: string): string {
  return routesFile.replace(/\.json$/, '.pid')
}

export async function runRouterProcess(routesFile: string): Promise<void> {
  let table = JSON.parse(readFileSync(routesFile, 'utf8')) as RouteTable
  const stats = new TrafficStats()

  const json = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' })
    res.end(JSON.stringify(body))
  }

  const admin = (req: IncomingMessage, res: ServerResponse, path: string) => {
    if (!isLoopback(req.socket.remoteAddress)) return json(res, 403, { error: 'admin endpoints answer on loopback only' })
    const url = new URL(path, 'http://router')
    switch (`${req.method} ${url.pathname}`) {
      case 'GET /.glidepath/health':
        return json(res, 200, { ok: true, pid: process.pid, generation: table.generation })
      case 'GET /.glidepath/routes':
        return json(res, 200, table)
      case 'GET /.glidepath/metrics':
        res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' })
        return res.end(stats.prometheus())
      case 'GET /.glidepath/stats': {
        const window = Math.max(1, Number(url.searchParams.get('window') ?? '60')) * 1000
        return json(res, 200, { window: window / 1000, versions: stats.window(window) })
      }
      case 'POST /.glidepath/reload':
        try {
          table = JSON.parse(readFileSync(routesFile, 'utf8')) as RouteTable
          return json(res, 200, { generation: table.generation, weight: table.weight })
        } catch (e) {
          return json(res, 500, { error: `route table unreadable: ${(e as Error).message}; previous routes kept` })
        }
      case 'POST /.glidepath/stop':
        json(res, 200, { stopping: true })
        setTimeout(() => shutdown(), 20)
        return
      default:
        return json(res, 404, { error: 'unknown admin endpoint' })
    }
  }

  const proxy = (req: IncomingMessage, res: ServerResponse) => {
    const forced = req.headers[ROUTE_HEADER]
    const useCanary = table.canary && (forced === 'canary' || (forced !== 'stable' && Math.random() * 100 < table.weight))
    const backend = useCanary ? table.canary : table.stable
    if (!backend) {
      res.writeHead(503, { 'content-type': 'text/plain' })
      return res.end('No release is serving yet (Glidepath local router).\n')
    }
    const role = useCanary ? 'canary' : 'stable'
    const started = performance.now()
    let done = false
    const finish = (status: number, error: boolean) => {
      if (done) return
      done = true
      stats.record({ at: Date.now(), version: backend.version, role, status, ms: performance.now() - started, error })
    }
    const target = new URL(req.url ?? '/', backend.url)
    const upstream = httpRequest(target, { method: req.method, headers: { ...req.headers, host: target.host }, timeout: UPSTREAM_TIMEOUT_MS }, (up) => {
      const status = up.statusCode ?? 502
      res.writeHead(status, { ...up.headers, 'x-glidepath-version': backend.version, 'x-glidepath-role': role })
      up.pipe(res)
      up.on('end', () => finish(status, status >= 500))
      up.on('error', () => finish(status, true))
    })
    upstream.on('timeout', () => upstream.destroy(new Error('upstream timed out')))
    upstream.on('error', (e) => {
      finish(502, true)
      if (!res.headersSent) {
        res.writeHead(502, { 'content-type': 'text/plain', 'x-glidepath-version': backend.version, 'x-glidepath-role': role })
        res.end(`Upstream ${role} ${backend.version} failed: ${e.message}\n`)
      } else res.destroy()
    })
    req.pipe(upstream)
  }

  const server = createServer((req, res) => {
    const path = req.url ?? '/'
    if (path.startsWith(ADMIN_PREFIX)) admin(req, res, path)
    else proxy(req, res)
  })
  server.keepAliveTimeout = 5000

  const shutdown = () => {
    server.close()
    server.closeAllConnections()
    try { unlinkSync(pidFileOf(routesFile)) } catch { /* already gone */ }
    setTimeout(() => process.exit(0), 50).unref()
  }
  process.on('SIGTERM', shutdown)
  process.on('SIGINT', shutdown)

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(table.port, table.host, () => resolve())
  })
  writeFileSync(pidFileOf(routesFile), JSON.stringify({ pid: process.pid, port: table.port, startedAt: new Date().toISOString() }))
}
