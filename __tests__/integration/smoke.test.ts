import { describe, it, expect, beforeAll, afterAll, beforeEach, afterEach } from '@jest/globals'
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs'
import { createServer } from 'node:https'
import { join } from 'node:path'
import { run as smoke } from '../../actions/smoke-test/src/main.js'
import { createWorkspace, type TestWorkspace } from '../helpers/workspace.js'
import { startServer, json, type TestServer } from '../helpers/http-server.js'
import { selfSignedCertificate } from '../helpers/tls.js'

// smoke-test against real HTTP and HTTPS servers on 127.0.0.1: slow, flapping, redirecting, wrong
// JSON, authenticated, and an old version that switches to the new one after a moment.
let server: TestServer
let tls: { url: string; close: () => void }
let ws: TestWorkspace
let flaky = 0
let switchAt = 0
let inFlight = 0
let maxInFlight = 0

beforeAll(async () => {
  server = await startServer({
    '/health': (_q, res) => json(res, 200, { status: 'ok', version: 'v2', deps: { db: 'up' } }, { 'x-version': 'v2' }),
    '/': (_q, res) => { res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }); res.end('<h1>Welcome</h1>') },
    '/bearer': (q, res) => json(res, q.headers.authorization === 'Bearer s3cr3t-token' ? 200 : 401, {}),
    '/basic': (q, res) => json(res, q.headers.authorization === `Basic ${Buffer.from('ops:hunter2-pass').toString('base64')}` ? 200 : 401, {}),
    '/flaky': (_q, res) => json(res, ++flaky % 3 === 0 ? 200 : 503, {}),
    '/broken': (_q, res) => json(res, 500, { error: 'database unavailable' }),
    '/missing': (_q, res) => json(res, 404, { error: 'no such page' }),
    '/slow': (_q, res) => { setTimeout(() => json(res, 200, {}), 400) },
    '/wrong-json': (_q, res) => json(res, 200, { status: 'degraded' }),
    '/old': (_q, res) => { res.writeHead(301, { location: '/new' }); res.end() },
    '/new': (_q, res) => json(res, 200, { moved: true }),
    '/version': (_q, res) => json(res, 200, { version: Date.now() > switchAt ? 'v2' : 'v1' }),
    '/html-version': (_q, res) => { res.writeHead(200); res.end('<html>no version here</html>') },
    '/concurrent': (_q, res) => {
      inFlight++
      maxInFlight = Math.max(maxInFlight, inFlight)
      setTimeout(() => { inFlight--; json(res, 200, {}) }, 50)
    },
  })
  const { key, cert } = selfSignedCertificate(30)
  const httpsServer = createServer({ key, cert }, (_q, res) => json(res, 200, { secure: true }))
  await new Promise<void>((r) => httpsServer.listen(0, '127.0.0.1', () => r()))
  tls = { url: `https://127.0.0.1:${(httpsServer.address() as { port: number }).port}`, close: () => { httpsServer.closeAllConnections(); httpsServer.close() } }
})
afterAll(async () => { await server.close(); tls.close() })
beforeEach(() => { ws = createWorkspace() })
afterEach(async () => ws.cleanup())

const run = (checks: string, inputs: Record<string, string> = {}, env: Record<string, string> = {}) => ws.run(smoke, { url: server.url, checks, ...inputs }, env)
const everyOutput = (r: Awaited<ReturnType<typeof run>>) => JSON.stringify([r.outputs, r.summaries, r.logs])

describe('smoke-test assertions', () => {
  it('passes the SPEC 5.1 example shape: status, JSON path, latency, body, media-type header', async () => {
    const r = await run(`
defaults: { timeout: 2s, retries: 0 }
checks:
  - name: health
    path: /health
    expect: { status: 200, json: { $.status: ok, $.deps.db: up, $.version: { exists: true } }, max-latency: 1s }
  - name: home
    path: /
    headers: { Accept: text/html }
    expect: { status: [200, 304], body-contains: Welcome, body-matches: '<h1>\\w+</h1>', header: { content-type: text/html } }
  - name: missing
    path: /missing
    expect: { status: 4xx, header: { content-type: { matches: '^application/json' } } }
`)
    expect(r.failed).toBeUndefined()
    expect(r.outputs).toMatchObject({ passed: 'true', total: '3', failed: '0' })
  })

  it.each([
    ['wrong JSON value', '{ name: j, path: /wrong-json, expect: { json: { $.status: ok } } }', 'expected $.status = "ok", got "degraded"'],
    ['missing JSON path', '{ name: j, path: /health, expect: { json: { $.nope: 1 } } }', 'expected $.nope in the JSON body, it is missing'],
    ['status class', '{ name: s, path: /missing, expect: { status: 2xx } }', 'expected status 2xx, got 404'],
    ['latency budget', '{ name: l, path: /slow, expect: { max-latency: 100ms } }', /expected an answer within 100ms, took \d+ms/],
    ['body regex', '{ name: b, path: /, expect: { body-matches: "Goodbye" } }', 'expected the body to match /Goodbye/'],
    ['header equals', '{ name: h, path: /, expect: { header: { content-type: { equals: text/html } } } }', 'expected content-type = "text/html", got "text/html; charset=utf-8"'],
    ['header absent', '{ name: h, path: /, expect: { header: { x-frame: { exists: true } } } }', 'expected header x-frame, it is missing'],
  ])('reports a failing %s with what was expected and what came back', async (_name, check, message) => {
    const r = await run(`checks:\n  - ${check}\n`, { retries: '0' })
    expect(r.outputs.passed).toBe('false')
    expect(JSON.parse(r.outputs.results)[0].failure).toMatch(message)
  })

  it('follows redirects by default, and with redirect: manual asserts the Location', async () => {
    const r = await run(`checks:
  - { name: follow, path: /old, expect: { status: 200, json: { $.moved: true } } }
  - { name: manual, path: /old, redirect: manual, expect: { status: 301, location: /new } }
  - { name: wrong-location, path: /old, redirect: manual, retries: 0, expect: { location: /elsewhere } }
`)
    const results = JSON.parse(r.outputs.results)
    expect(results.map((x: { passed: boolean }) => x.passed)).toEqual([true, true, false])
    expect(results[2].failure).toBe('expected Location = "/elsewhere", got "/new"')
  })

  it('checks TLS days left on a self-signed certificate', async () => {
    const r = await ws.run(smoke, { checks: `checks:
  - { name: ok, url: '${tls.url}/', insecure: true, expect: { status: 200, tls-days-left: 14 } }
  - { name: expiring, url: '${tls.url}/', insecure: true, retries: 0, expect: { tls-days-left: 60 } }
  - { name: untrusted, url: '${tls.url}/', retries: 0 }
` })
    const results = JSON.parse(r.outputs.results)
    expect(results[0].passed).toBe(true)
    expect(results[1].failure).toMatch(/expected the certificate to be valid 60 more days, it expires in (29|30) \(/)
    expect(results[2].failure).toMatch(/request failed: TLS: self.signed certificate/)
  })

  it('sends bearer and basic credentials, from the environment, and masks them everywhere', async () => {
    const r = await run(`checks:
  - { name: bearer, path: /bearer, auth: { bearer: { env: API_TOKEN } }, expect: { status: 200 } }
  - { name: basic, path: /basic, auth: { basic: { username: ops, password: { env: OPS_PASSWORD } } }, expect: { status: 200 } }
  - { name: header, path: /bearer, headers: { X-Api-Key: { env: API_TOKEN } }, retries: 0, expect: { status: 200 } }
`, {}, { API_TOKEN: 's3cr3t-token', OPS_PASSWORD: 'hunter2-pass' })
    const results = JSON.parse(r.outputs.results)
    expect(results.map((x: { passed: boolean }) => x.passed)).toEqual([true, true, false])
    expect(r.masked).toEqual(expect.arrayContaining(['s3cr3t-token', 'hunter2-pass', 'Bearer s3cr3t-token']))
    expect(everyOutput(r)).not.toContain('s3cr3t-token')
    expect(everyOutput(r)).not.toContain('hunter2-pass')
  })

  it('masks credentials in the url input', async () => {
    const url = server.url.replace('http://', 'http://admin:pa55word-xyz@')
    const r = await ws.run(smoke, { url, checks: 'checks: [{ name: h, path: /health }]' })
    expect(r.masked).toContain('pa55word-xyz')
  })
})

describe('smoke-test retries, concurrency and deadline', () => {
  it('retries 5xx with backoff until it passes', async () => {
    flaky = 0
    const r = await run('checks: [{ name: flaky, path: /flaky, retries: 4 }]')
    expect(JSON.parse(r.outputs.results)[0]).toMatchObject({ passed: true, attempts: 3 })
  })

  it('does not retry 4xx unless asked', async () => {
    const fast = await run('checks: [{ name: m, path: /missing, retries: 3 }]')
    expect(JSON.parse(fast.outputs.results)[0]).toMatchObject({ passed: false, attempts: 1, kind: '4xx' })
    const asked = await run('checks: [{ name: m, path: /missing, retries: 2 }]', { 'retry-on': '4xx' })
    expect(JSON.parse(asked.outputs.results)[0]).toMatchObject({ attempts: 3 })
  })

  it('retries connection errors', async () => {
    const r = await ws.run(smoke, { url: 'http://127.0.0.1:1', checks: 'checks: [{ name: down, path: /, retries: 2 }]' })
    expect(JSON.parse(r.outputs.results)[0]).toMatchObject({ passed: false, attempts: 3, kind: 'connect', failure: 'request failed: connection refused' })
  })

  it('runs checks concurrently, never more than the bound', async () => {
    maxInFlight = 0
    const checks = `checks:\n${Array.from({ length: 12 }, (_, i) => `  - { name: c${i}, path: /concurrent }`).join('\n')}\n`
    const r = await run(checks, { concurrency: '4' })
    expect(r.outputs.passed).toBe('true')
    expect(maxInFlight).toBe(4)
  })

  it('stops retrying at the overall deadline', async () => {
    const started = Date.now()
    const r = await ws.run(smoke, { url: 'http://127.0.0.1:1', timeout: '1s', checks: 'checks: [{ name: down, path: /, retries: 20 }]' })
    expect(r.outputs.passed).toBe('false')
    expect(Date.now() - started).toBeLessThan(5000)
  })

  it('writes a JUnit report with failures', async () => {
    const r = await run('checks:\n  - { name: ok, path: /health }\n  - { name: "bad <one>", path: /broken, retries: 0 }\n', { junit: 'out/junit.xml' })
    const xml = readFileSync(join(ws.dir, 'out', 'junit.xml'), 'utf8')
    expect(xml).toContain('tests="2" failures="1"')
    expect(xml).toContain('<testcase classname="smoke" name="bad &lt;one&gt;"')
    expect(xml).toContain('expected status 2xx, got 500')
    expect(r.summaries.join('')).toContain('| bad \\<one\\> | ❌ | 500 |')
  })
})

describe('smoke-test expect-version', () => {
  const versionFile = 'version: { path: /version, json: $.version }\nchecks:\n  - { name: health, path: /health }\n'
  it('waits until the new version serves', async () => {
    switchAt = Date.now() + 1500
    const r = await run(versionFile, { 'expect-version': 'v2' })
    expect(r.outputs).toMatchObject({ 'version-verdict': 'ok', passed: 'true' })
  })

  it('reads the version from a header', async () => {
    const r = await run('version: { path: /health, header: x-version }\nchecks: [{ name: h, path: /health }]\n', { 'expect-version': 'v2' })
    expect(r.outputs['version-verdict']).toBe('ok')
  })

  it.each([
    ['old-version-serving', 'version: { path: /version, json: $.version }', 'http'],
    ['wrong-content', 'version: { path: /html-version, json: $.version }', 'http'],
    ['down', 'version: { path: /version, json: $.version }', 'down'],
  ])('says %s at the deadline', async (verdict, version, target) => {
    switchAt = Date.now() + 60_000
    const r = await ws.run(smoke, { url: target === 'down' ? 'http://127.0.0.1:1' : server.url, 'expect-version': 'v2', timeout: '1s', checks: `${version}\nchecks: [{ name: h, path: /health }]\n` })
    expect(r.outputs).toMatchObject({ 'version-verdict': verdict, passed: 'false' })
    expect(r.outputs['first-failure']).toContain(`${verdict}: expected version v2`)
  })
})

describe('smoke-test bad definitions', () => {
  it('lists every problem with its line before sending a request', async () => {
    mkdirSync(join(ws.dir, '.github'), { recursive: true })
    writeFileSync(join(ws.dir, '.github', 'smoke.yml'), `checks:
  - { name: a, path: /x, expect: { status: 999 } }
  - { name: b, expect: { statuz: 200 } }
  - { name: a, path: no-slash, method: FETCH, expect: { body-matches: '(' } }
  - { name: d, path: /y, auth: { bearer: { env: NOT_SET_ANYWHERE } } }
`)
    const before = server.requests.length
    const r = await run('.github/smoke.yml')
    expect(r.outputs['error-code']).toBe('GP-SMOKE-001')
    const errors = r.logs.filter((l) => l.level === 'error')
    expect(errors.map((e) => `${e.props?.startLine} ${e.message}`)).toEqual(expect.arrayContaining([
      expect.stringMatching(/^2 .*checks\[0\]\.expect\.status: got 999/),
      expect.stringMatching(/^3 .*checks\[1\]\.expect\.statuz: unknown key "statuz".*did you mean "status"\?/),
      expect.stringMatching(/^4 .*checks\[2\]\.path/),
      expect.stringMatching(/^4 .*checks\[2\]\.method/),
    ]))
    expect(server.requests.length).toBe(before)
  })

  it('rejects a checks file outside the workspace', async () => {
    const r = await run('../../etc/passwd')
    expect(r.outputs['error-code']).toBe('GP-INPUT-003')
  })

  it('names a missing environment variable for a secret', async () => {
    const r = await run('checks: [{ name: d, path: /y, auth: { bearer: { env: NOT_SET_ANYWHERE } } }]')
    expect(r.outputs['error-code']).toBe('GP-SMOKE-001')
    expect(r.logs.some((l) => l.message.includes('environment variable NOT_SET_ANYWHERE is not set'))).toBe(true)
  })
})
