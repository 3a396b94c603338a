import { describe, it, expect, beforeEach, afterEach } from '@jest/globals'
import { writeFileSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { run as deploy } from '../../actions/deploy/src/main.js'
import { createWorkspace, freePort, getAs, type TestWorkspace } from '../helpers/workspace.js'

// Many previews on one machine behind one front (previews.host), on the real local router: each
// preview keeps its own router on a free port and joins the front under its host name; a request
// reaches the preview it names by Host, by the x-glidepath-preview-name header or under /<name>/; an
// unknown host gets 404; two previews deploying at once both land; a private preview still asks for
// its token behind the front; teardowns take previews out, and the front stops with the last.

let ws: TestWorkspace
let front: number

const APP = `import { createServer } from 'node:http'
createServer((req, res) => {
  if (req.url === '/health') { res.writeHead(200); return res.end('ok') }
  res.writeHead(200, { 'content-type': 'application/json' })
  res.end(JSON.stringify({ pr: process.env.GLIDEPATH_ENVIRONMENT, version: process.env.GLIDEPATH_VERSION, path: req.url, host: req.headers.host }))
}).listen(Number(process.env.PORT), '127.0.0.1')
`

beforeEach(async () => {
  ws = createWorkspace()
  front = await freePort()
  mkdirSync(join(ws.dir, 'apps', 'v1'), { recursive: true })
  writeFileSync(join(ws.dir, 'apps', 'v1', 'server.mjs'), APP)
})
afterEach(async () => ws.cleanup())

function config(extra = 'private: false'): void {
  ws.writeConfig(`version: 1
environments:
  preview:
    pullRequests: true
    name: 'pr-{{pr.number}}'
    url: 'http://pr-{{pr.number}}.preview.test:${front}'
    timeout: 30s
    local: { app: 'apps/{{version}}', start: node server.mjs, health: /health, minReady: 100ms }
    previews: { ${extra}, host: { port: ${front}, name: 'pr-{{pr.number}}.preview.test' } }
`)
}

const event = (number: number, action = 'opened') => [{ GITHUB_EVENT_NAME: 'pull_request', GITHUB_REF: `refs/pull/${number}/merge`, GLIDEPATH_PREVIEW_SECRET: 'front-test-secret' },
  { action, number, pull_request: { number, title: 'x', state: action === 'closed' ? 'closed' : 'open', head: { ref: `feature/f${number}`, sha: 'f00d', repo: { full_name: 'acme/web' } }, base: { ref: 'main', repo: { full_name: 'acme/web' } } } }] as const
const open = (number: number) => ws.run(deploy, { version: 'v1' }, ...event(number))
const close = (number: number) => ws.run(deploy, { teardown: 'true' }, ...event(number, 'closed'))

/** A request to the front with the Host header a browser would send for `host`. */
const via = (host: string, path = '/', headers: Record<string, string> = {}) => getAs(front, host, path, headers)
const json = async (p: Promise<{ status: number; body: string }>) => JSON.parse((await p).body)

describe('one front for many previews (previews.host)', () => {
  it('routes by host name, header or path; 404 for an unknown host; teardowns leave, and the front stops with the last', async () => {
    config()
    // Two previews deploying at once both join the front.
    const [a, b] = await Promise.all([open(51), open(52)])
    expect([a.failed, b.failed]).toEqual([undefined, undefined])
    expect(a.logs.map((l) => l.message).join('\n')).toMatch(new RegExp(`pr-51 answers at pr-51.preview.test through the preview front http://127.0.0.1:${front}`))
    expect(await json(via(`pr-51.preview.test:${front}`))).toMatchObject({ pr: 'pr-51', path: '/', host: `pr-51.preview.test:${front}` })
    expect(await json(via('PR-52.Preview.Test'))).toMatchObject({ pr: 'pr-52' })
    expect(await json(via('127.0.0.1', '/orders?x=1', { 'x-glidepath-preview-name': 'pr-52' }))).toMatchObject({ pr: 'pr-52', path: '/orders?x=1' })
    expect(await json(via('127.0.0.1', '/pr-51/orders?x=1'))).toMatchObject({ pr: 'pr-51', path: '/orders?x=1' })
    expect(await via('pr-99.preview.test')).toMatchObject({ status: 404, body: expect.stringMatching(/No preview answers at this address/) })

    expect((await close(51)).failed).toBeUndefined()
    expect((await via('pr-51.preview.test')).status).toBe(404)
    expect(await json(via('pr-52.preview.test'))).toMatchObject({ pr: 'pr-52' })
    const last = await close(52)
    expect(last.failed).toBeUndefined()
    expect(last.logs.map((l) => l.message).join('\n')).toMatch(/The preview front at .* stopped: no preview is left behind it/)
    await expect(via('pr-52.preview.test')).rejects.toThrow(/ECONNREFUSED/)
  })

  it('a private preview behind the front still asks for its token', async () => {
    config('ttl: 3d')
    expect((await open(53)).failed).toBeUndefined()
    expect((await via('pr-53.preview.test')).status).toBe(401)
  })
})
