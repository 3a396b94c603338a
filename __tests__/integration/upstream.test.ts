import { describe, it, expect, beforeAll, afterAll } from '@jest/globals'
import { createServer, type Server } from 'node:http'
import type { Socket } from 'node:net'
import type { Client } from 'undici'
import { Upstream } from '../../shared/traffic/local/upstream.js'
import { forwardHeaders, responseHeaders } from '../../shared/traffic/local/proxy.js'

// The router's connections to a release (upstream.ts) against a real HTTP server: which connection a
// request gets, how many there are at most, and what happens to them when the release closes them or
// the router gives the release up. And the two header passes of the proxy.

let server: Server
let url: string
const sockets = new Set<Socket>()
const held = new Map<string, () => void>()
const waitHeld = async (n: number) => { while (held.size < n) await new Promise((r) => setTimeout(r, 5)) }
const answer = (path: string) => { held.get(path)?.(); held.delete(path) }

beforeAll(async () => {
  server = createServer((req, res) => {
    const reply = () => {
      res.writeHead(200, { 'content-type': 'text/plain' })
      res.end(String(req.socket.remotePort))
    }
    if (req.url?.startsWith('/hold')) held.set(req.url, reply)
    else reply()
  })
  server.on('connection', (s: Socket) => {
    sockets.add(s)
    s.on('close', () => sockets.delete(s))
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  url = `http://127.0.0.1:${(server.address() as { port: number }).port}`
})
afterAll(async () => {
  server.closeAllConnections()
  await new Promise((r) => server.close(r))
})

/** One request on a connection from `upstream`; resolves with the body (the client port that served it). */
function request(upstream: Upstream, path = '/'): { client: Client; done: Promise<string> } {
  const client = upstream.acquire()
  const done = new Promise<string>((resolve, reject) => {
    let body = ''
    client.dispatch({ path, method: 'GET', headers: ['host', 'test'] }, {
      onConnect: () => undefined,
      onHeaders: () => true,
      onData: (chunk) => { body += chunk.toString(); return true },
      onComplete: () => { upstream.release(client); resolve(body) },
      onError: (e) => { upstream.release(client); reject(e) },
    })
  })
  return { client, done }
}

describe('connections to a release', () => {
  it('reuses the most recently freed connection, opening new ones only for concurrent requests', async () => {
    const upstream = new Upstream(url, { max: 8, keepAliveTimeoutMs: 4000, timeoutMs: 5000 })
    const a = request(upstream, '/hold?a')
    const b = request(upstream, '/hold?b')
    expect(a.client).not.toBe(b.client)
    expect(upstream.inflight).toBe(2)
    await waitHeld(2)
    answer('/hold?a') // a answers first
    const portA = await a.done
    answer('/hold?b')
    const portB = await b.done
    expect(upstream.inflight).toBe(0)
    // b was freed last, so the next request rides b's connection, and the one after it too.
    const c = request(upstream)
    expect(c.client).toBe(b.client)
    expect(await c.done).toBe(portB)
    const d = request(upstream)
    expect(d.client).toBe(b.client)
    expect(await d.done).not.toBe(portA)
    await upstream.close()
  })

  it('past max connections, a request waits on the least loaded connection and is answered', async () => {
    const upstream = new Upstream(url, { max: 2, keepAliveTimeoutMs: 4000, timeoutMs: 5000 })
    const first = [request(upstream, '/hold?1'), request(upstream, '/hold?2')]
    const third = request(upstream)
    const fourth = request(upstream)
    expect(new Set([...first, third, fourth].map((r) => r.client)).size).toBe(2)
    expect(third.client).not.toBe(fourth.client) // spread over both, not stacked on one
    expect(upstream.inflight).toBe(4)
    await waitHeld(2)
    answer('/hold?1')
    answer('/hold?2')
    await Promise.all([...first, third, fourth].map((r) => r.done))
    expect(upstream.inflight).toBe(0)
    await upstream.close()
  })

  it('a connection the release closed while idle is opened again for the next request', async () => {
    const upstream = new Upstream(url, { max: 4, keepAliveTimeoutMs: 4000, timeoutMs: 5000 })
    const before = await request(upstream).done
    for (const s of sockets) s.destroy()
    await new Promise((r) => setTimeout(r, 50))
    const after = await request(upstream).done
    expect(after).not.toBe(before)
    await upstream.close()
  })

  it('close() closes idle connections at once and busy ones when their request ends', async () => {
    const upstream = new Upstream(url, { max: 4, keepAliveTimeoutMs: 4000, timeoutMs: 5000 })
    const idle = request(upstream, '/hold?idle')
    const busy = request(upstream, '/hold?busy')
    await waitHeld(2)
    answer('/hold?idle')
    await idle.done
    const closing = upstream.close()
    await closing
    expect(idle.client.closed).toBe(true)
    expect(busy.client.closed).toBe(false)
    answer('/hold?busy')
    await busy.done
    await new Promise((r) => setTimeout(r, 20))
    expect(busy.client.closed).toBe(true)
    // A closed Upstream never hands out a connection that is closed.
    expect(upstream.inflight).toBe(0)
  })
})

describe('header passes', () => {
  it('response: drops hop-by-hop headers and those Connection names, and reads Content-Length', () => {
    const raw = ['Content-Type', 'text/plain', 'Content-Length', '12', 'Connection', 'keep-alive, X-Hop', 'Keep-Alive', 'timeout=5', 'X-Hop', 'secret', 'Transfer-Encoding', 'chunked', 'X-Kept', 'yes'].map((s) => Buffer.from(s, 'latin1'))
    expect(responseHeaders(raw)).toEqual({ headers: ['Content-Type', 'text/plain', 'Content-Length', '12', 'X-Kept', 'yes'], length: 12 })
    expect(responseHeaders(['content-length', '1e3'].map((s) => Buffer.from(s))).length).toBe(-1)
    expect(responseHeaders([]).length).toBe(-1)
  })

  it('request: drops hop-by-hop headers, appends to X-Forwarded-For, keeps Host and reports a body', () => {
    const f = forwardHeaders(['Host', 'shop.example', 'Connection', 'close, x-secret', 'X-Secret', '1', 'X-Forwarded-For', '10.0.0.1', 'Content-Length', '3', 'x-glidepath-route', 'canary', 'TE', 'trailers'], '127.0.0.1', false)
    expect(f.route).toBe('canary')
    expect(f.hasBody).toBe(true)
    expect(f.headers).toEqual(['content-length', '3', 'x-glidepath-route', 'canary', 'x-forwarded-for', '10.0.0.1, 127.0.0.1', 'x-forwarded-proto', 'http', 'x-forwarded-host', 'shop.example', 'host', 'shop.example'])
  })
})
