import { describe, it, expect, beforeAll, afterAll } from '@jest/globals'
import { createServer, request, type Server, type IncomingHttpHeaders } from 'node:http'
import { connect } from 'node:net'
import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { LocalRouterClient } from '../../shared/traffic/local/client.js'
import { freePort } from '../helpers/workspace.js'

// The local router as a proxy (issue 18): hop-by-hop headers dropped, X-Forwarded-* set, request
// bodies streamed, WebSocket upgrades passed through, a slow client not holding others up, a client
// going away mid-response, a release that died served by the other one, and the admin API on a
// loopback listener of its own (the public port only proxies).

let dir: string
let router: LocalRouterClient
let stable: Server
let canary: Server
let stablePort: number
let canaryPort: number
let seen: { headers?: IncomingHttpHeaders; firstChunkAt?: number; bytes?: number } = {}

function app(version: string): Server {
  const server = createServer((req, res) => {
    if (req.url === '/big') {
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'x-version': version })
      const chunk = Buffer.alloc(64 * 1024, 97)
      let sent = 0
      const pump = () => {
        while (sent < 200) {
          sent++
          if (!res.write(chunk)) return void res.once('drain', pump)
        }
        res.end()
      }
      return pump()
    }
    if (req.url === '/events') {
      // Server-sent events: each event must reach the client when it is sent, not with the next one.
      res.writeHead(200, { 'content-type': 'text/event-stream', 'x-version': version })
      res.write('data: one\n\n')
      setTimeout(() => res.end('data: two\n\n'), 600)
      return
    }
    if (req.url === '/upload') {
      let bytes = 0
      req.on('data', (c: Buffer) => {
        seen.firstChunkAt ??= Date.now()
        bytes += c.length
      })
      req.on('end', () => {
        seen.bytes = bytes
        res.writeHead(200, { 'content-type': 'application/json', 'x-version': version })
        res.end(JSON.stringify({ bytes }))
      })
      return
    }
    seen.headers = req.headers
    res.writeHead(200, { 'content-type': 'application/json', 'x-version': version, 'keep-alive': 'timeout=77', 'x-hop': 'drop-me', connection: 'x-hop' })
    res.end(JSON.stringify({ version }))
  })
  server.on('upgrade', (req, socket) => {
    socket.write(`HTTP/1.1 101 Switching Protocols\r\nupgrade: websocket\r\nconnection: Upgrade\r\nx-version: ${version}\r\n\r\n`)
    socket.on('data', (d) => socket.write(Buffer.concat([Buffer.from(`${version}:`), d])))
  })
  return server
}

const listen = (server: Server, port: number) => new Promise<void>((r) => server.listen(port, '127.0.0.1', () => r()))

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'glidepath-router-'))
  stablePort = await freePort()
  canaryPort = await freePort()
  stable = app('v1')
  canary = app('v2')
  await listen(stable, stablePort)
  await listen(canary, canaryPort)
  router = new LocalRouterClient(dir, await freePort())
  await router.ensureRunning()
  await router.apply({ stable: { version: 'v1', url: `http://127.0.0.1:${stablePort}` }, canary: null, weight: 0 })
})
afterAll(async () => {
  await router.stop()
  stable.close()
  canary.close()
  rmSync(dir, { recursive: true, force: true })
})

function raw(path: string, headers: Record<string, string>, body?: Buffer): Promise<{ status: number; headers: IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`${router.baseUrl}${path}`, { method: body ? 'POST' : 'GET', headers, agent: false }, (res) => {
      let text = ''
      res.on('data', (c) => (text += c))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }))
    })
    req.on('error', reject)
    req.end(body)
  })
}

describe('the local router as a proxy', () => {
  it('drops hop-by-hop headers both ways and sets X-Forwarded-For, -Proto and -Host', async () => {
    const res = await raw('/', { connection: 'x-private, keep-alive', 'x-private': 'secret hop', 'keep-alive': 'timeout=1', 'proxy-authorization': 'Basic abc', te: 'trailers', host: 'shop.example.com', 'x-forwarded-for': '203.0.113.7' })
    expect(res.status).toBe(200)
    const h = seen.headers as IncomingHttpHeaders
    expect(h['x-private']).toBeUndefined()
    expect(h['keep-alive']).toBeUndefined()
    expect(h['proxy-authorization']).toBeUndefined()
    expect(h.te).toBeUndefined()
    expect(h['x-forwarded-for']).toBe('203.0.113.7, 127.0.0.1')
    expect(h['x-forwarded-proto']).toBe('http')
    expect(h['x-forwarded-host']).toBe('shop.example.com')
    expect(h.host).toBe('shop.example.com')
    expect(res.headers['x-hop']).toBeUndefined()
    expect(res.headers['keep-alive']).not.toBe('timeout=77') // the router's own, not the release's
    expect(res.headers).toMatchObject({ 'x-glidepath-version': 'v1', 'x-glidepath-role': 'stable' })
  })

  it('streams request bodies: the release reads the first bytes before the client has sent the last', async () => {
    seen = {}
    const chunks = 20
    let lastSentAt = 0
    const result = await new Promise<{ bytes: number }>((resolve, reject) => {
      const req = request(`${router.baseUrl}/upload`, { method: 'POST', headers: { 'transfer-encoding': 'chunked' }, agent: false }, (res) => {
        let text = ''
        res.on('data', (c) => (text += c))
        res.on('end', () => resolve(JSON.parse(text)))
      })
      req.on('error', reject)
      let i = 0
      const tick = () => {
        if (i++ < chunks) {
          req.write(Buffer.alloc(100_000, 98))
          lastSentAt = Date.now()
          setTimeout(tick, 20)
        } else req.end()
      }
      tick()
    })
    expect(result.bytes).toBe(chunks * 100_000)
    expect(seen.firstChunkAt as number).toBeLessThan(lastSentAt)
  })

  it('passes a streamed response on as it arrives (server-sent events)', async () => {
    const started = Date.now()
    const arrivals = await new Promise<Array<{ text: string; at: number }>>((resolve, reject) => {
      request(`${router.baseUrl}/events`, { agent: false }, (res) => {
        const got: Array<{ text: string; at: number }> = []
        res.on('data', (c) => got.push({ text: c.toString(), at: Date.now() - started }))
        res.on('end', () => resolve(got))
      }).on('error', reject).end()
    })
    expect(arrivals.map((a) => a.text).join('')).toBe('data: one\n\ndata: two\n\n')
    expect(arrivals[0].text).toBe('data: one\n\n')
    expect(arrivals[0].at).toBeLessThan(400)
  })

  it('passes a WebSocket upgrade through and relays bytes both ways', async () => {
    const socket = connect(router.port, '127.0.0.1')
    const got = await new Promise<string>((resolve, reject) => {
      let text = ''
      socket.on('data', (d) => {
        text += d.toString()
        if (text.includes('\r\n\r\n') && !text.includes('v1:')) socket.write('ping')
        if (text.includes('v1:ping')) resolve(text)
      })
      socket.on('error', reject)
      socket.write('GET /ws HTTP/1.1\r\nhost: example.com\r\nconnection: Upgrade\r\nupgrade: websocket\r\nsec-websocket-version: 13\r\nsec-websocket-key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n')
    })
    socket.destroy()
    expect(got).toMatch(/^HTTP\/1\.1 101 Switching Protocols/)
    expect(got).toContain('v1:ping')
  })

  it('a client reading slowly holds nobody else up, and one going away mid-response leaves the router up', async () => {
    const slow = await new Promise<import('node:http').IncomingMessage>((resolve) => request(`${router.baseUrl}/big`, { agent: false }, resolve).end())
    slow.pause() // reads nothing: the router's buffers toward it fill up
    await new Promise((r) => setTimeout(r, 200))
    const started = Date.now()
    for (let i = 0; i < 20; i++) expect((await raw('/', {})).status).toBe(200)
    expect(Date.now() - started).toBeLessThan(5000)
    slow.destroy()
    await new Promise((r) => setTimeout(r, 100))
    expect(await router.healthy()).toBe(true)
    expect((await raw('/', {})).status).toBe(200)
  })

  it('serves a request the canary could not take (its process gone) from stable, counting it as the canary\'s error', async () => {
    const dead = await freePort()
    await router.apply({ canary: { version: 'v9', url: `http://127.0.0.1:${dead}` }, weight: 100 })
    const res = await raw('/', {})
    expect(res.status).toBe(200)
    expect(res.headers['x-glidepath-version']).toBe('v1')
    const stats = await router.stats(60)
    expect(stats.find((s) => s.version === 'v9')).toMatchObject({ errors: 1 })
    await router.apply({ canary: null, weight: 0 })
  })

  it('keeps its admin API off the public port, on a loopback listener of its own', async () => {
    const publicAnswer = await raw('/.glidepath/routes', {})
    expect(publicAnswer.headers['x-glidepath-version']).toBe('v1') // proxied to the app like any path
    const admin = router.adminUrl() as string
    expect(admin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    expect(Number(new URL(admin).port)).not.toBe(router.port)
    const routes = await (await fetch(`${admin}/routes`, { headers: router.adminHeaders() })).json() as { stable: { version: string } }
    expect(routes.stable.version).toBe('v1')
    expect((await fetch(`${admin}/metrics`)).headers.get('content-type')).toMatch(/^text\/plain/)
  })

  it('changes nothing for a local process without the secret from its pid file (mode 0600): no stop, no reload, no handoff, no routes', async () => {
    const admin = router.adminUrl() as string
    const pidFile = join(dir, 'router.pid')
    expect(statSync(pidFile).mode & 0o077).toBe(0)
    for (const [method, path] of [['POST', '/stop'], ['POST', '/reload'], ['POST', '/handoff'], ['GET', '/routes'], ['GET', '/stats']] as const) {
      for (const headers of [{}, { 'x-glidepath-admin-token': 'guess' }, { 'x-glidepath-admin-token': '' }] as Array<Record<string, string>>) {
        const res = await fetch(`${admin}${path}`, { method, headers })
        expect([method, path, res.status]).toEqual([method, path, 401])
      }
    }
    expect(await router.healthy()).toBe(true)
    expect((await raw('/', {})).headers['x-glidepath-version']).toBe('v1')
  })
})
