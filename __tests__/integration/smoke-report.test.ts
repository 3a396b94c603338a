import { describe, it, expect, beforeAll, afterAll, beforeEach, afterEach } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { run as smoke } from '../../actions/smoke-test/src/main.js'
import { run as report } from '../../actions/report/src/main.js'
import { run as deploy } from '../../actions/deploy/src/main.js'
import { createWorkspace, type TestWorkspace } from '../helpers/workspace.js'
import { startServer, json, type TestServer } from '../helpers/http-server.js'

let server: TestServer
let ws: TestWorkspace
let flaky = 0
let switchAt = 0
beforeAll(async () => {
  server = await startServer({
    '/health': (_q, res) => json(res, 200, { status: 'ok', version: 'v2' }, { 'x-version': 'v2' }),
    '/': (_q, res) => { res.writeHead(200, { 'content-type': 'text/html' }); res.end('<h1>Welcome</h1>') },
    '/private': (q, res) => json(res, q.headers.authorization === 'Bearer s3cr3t-token' ? 200 : 401, {}),
    '/flaky': (_q, res) => json(res, ++flaky % 3 === 0 ? 200 : 503, {}),
    '/broken': (_q, res) => json(res, 500, { error: 'database unavailable' }),
    '/version': (_q, res) => json(res, 200, { version: Date.now() > switchAt ? 'v2' : 'v1' }),
    '/hook': (_q, res) => json(res, 200, {}),
  })
})
afterAll(async () => server.close())
beforeEach(() => { ws = createWorkspace() })
afterEach(async () => ws.cleanup())

const checks = `
defaults: { timeout: 2s, retries: 3 }
checks:
  - name: health
    path: /health
    expect: { status: 200, json: { $.status: ok }, max-latency: 1s }
  - name: home
    path: /
    expect: { status: [200, 304], body-contains: Welcome, header: { content-type: text/html } }
  - name: private
    path: /private
    headers: { Authorization: Bearer s3cr3t-token }
    expect: { status: 2xx }
  - name: flaky
    path: /flaky
    expect: { status: 200 }
`

describe('smoke-test', () => {
  it('runs inline checks concurrently with retries and sets the outputs', async () => {
    const r = await ws.run(smoke, { url: server.url, checks, junit: 'reports/smoke.xml' })
    expect(r.failed).toBeUndefined()
    expect(r.outputs).toMatchObject({ passed: 'true', total: '4', failed: '0', 'first-failure': '' })
    const results = JSON.parse(r.outputs.results)
    expect(results.find((x: { name: string }) => x.name === 'flaky').attempts).toBeGreaterThan(1)
    expect(r.masked).toContain('Bearer s3cr3t-token')
    expect(readFileSync(join(ws.dir, 'reports', 'smoke.xml'), 'utf8')).toContain('<testsuite name="glidepath-smoke" tests="4" failures="0">')
  })

  it('fails with one annotation per failing check saying what was expected and what came back', async () => {
    const r = await ws.run(smoke, { url: server.url, checks: 'checks:\n  - { name: broken, path: /broken, retries: 1, expect: { status: 200 } }\n' })
    expect(r.outputs).toMatchObject({ passed: 'false', failed: '1' })
    expect(r.outputs['first-failure']).toBe('broken: expected status 200, got 500')
    const ann = r.logs.find((l) => l.level === 'error')
    expect(ann?.props?.title).toBe('Smoke check failed: broken')
    expect(ann?.message).toMatch(/status 500, \d+ms, 2 attempt\(s\)\)\nbody: \{"error":"database unavailable"\}/)
    expect(r.failed).toMatch(/GP-SMOKE-002/)
  })

  it('rejects bad check definitions before sending any request, listing every problem', async () => {
    const before = server.requests.length
    const r = await ws.run(smoke, { url: server.url, checks: 'checks:\n  - { name: a, path: /x, expect: { status: 999 } }\n  - { name: b, expect: { statuz: 200 } }\n' })
    expect(r.outputs['error-code']).toBe('GP-SMOKE-001')
    expect(r.logs.filter((l) => l.level === 'error').map((l) => l.message)).toEqual(expect.arrayContaining([
      expect.stringContaining('checks[0].expect.status'), expect.stringContaining('did you mean "status"?'),
    ]))
    expect(server.requests.length).toBe(before)
  })

  it('waits for the expected version, then checks', async () => {
    switchAt = Date.now() + 1200
    const r = await ws.run(smoke, { url: server.url, 'expect-version': 'v2', checks: 'version: { path: /version, json: $.version }\nchecks:\n  - { name: health, path: /health }\n' })
    expect(r.failed).toBeUndefined()
    expect(r.outputs['version-verdict']).toBe('ok')
  })

  it('says old-version-serving when the deadline passes on the old version', async () => {
    switchAt = Date.now() + 60_000
    const r = await ws.run(smoke, { url: server.url, 'expect-version': 'v2', timeout: '1s', checks: 'version: { path: /version, json: $.version }\nchecks:\n  - { name: health, path: /health }\n' })
    expect(r.outputs['version-verdict']).toBe('old-version-serving')
    expect(r.outputs['first-failure']).toContain('old-version-serving: expected version v2, saw v1')
  })
})

describe('report', () => {
  it('renders the latest record into the summary and posts it to a webhook', async () => {
    ws.writeConfig('version: 1\nenvironments:\n  app:\n    branches: [main]\n    command: { deploy: "true" }\n')
    await ws.run(deploy, { version: 'v7' })
    const hook = `${server.url}/hook`
    const r = await ws.run(report, { 'webhook-url': hook })
    expect(r.failed).toBeUndefined()
    expect(r.outputs.notified).toBe('webhook')
    expect(r.summaries.join('')).toContain('| Version | v7 |')
    const posted = server.requests.filter((q) => q.url === '/hook').at(-1)
    expect(JSON.parse(posted!.body)).toMatchObject({ event: 'glidepath.report', record: { version: 'v7', status: 'success' } })
    expect(r.masked).toContain(hook)
  })

  it('warns, not fails, when a webhook cannot be reached', async () => {
    ws.writeConfig('version: 1\nenvironments:\n  app:\n    branches: [main]\n    command: { deploy: "true" }\n')
    await ws.run(deploy, { version: 'v7' })
    const r = await ws.run(report, { 'webhook-url': `${server.url}/missing` })
    expect(r.failed).toBeUndefined()
    expect(r.logs.some((l) => l.level === 'warning' && l.message.includes('GP-NET-001'))).toBe(true)
  })
})
