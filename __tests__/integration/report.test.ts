import { describe, it, expect, beforeAll, afterAll, beforeEach, afterEach } from '@jest/globals'
import { run as report } from '../../actions/report/src/main.js'
import { run as deploy } from '../../actions/deploy/src/main.js'
import { createWorkspace, type TestWorkspace } from '../helpers/workspace.js'
import { startServer, json, type TestServer } from '../helpers/http-server.js'

let server: TestServer
let ws: TestWorkspace
beforeAll(async () => {
  server = await startServer({ '/hook': (_q, res) => json(res, 200, {}) })
})
afterAll(async () => server.close())
beforeEach(() => { ws = createWorkspace() })
afterEach(async () => ws.cleanup())

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
