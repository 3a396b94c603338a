import { describe, it, expect, beforeAll, afterAll, beforeEach, afterEach } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { run as deploy } from '../../actions/deploy/src/main.js'
import { run as smoke } from '../../actions/smoke-test/src/main.js'
import { run as canaryStep } from '../../actions/canary-step/src/main.js'
import { run as report } from '../../actions/report/src/main.js'
import { runPreviewLink } from '../../cli/src/main.js'
import { createWorkspace, freePort, type TestWorkspace } from '../helpers/workspace.js'
import { startGitHubApi, type GitHubApiServer } from '../helpers/github-api.js'

// Private previews at the real local router (previews.private, on by default with a previews block):
// a stranger gets 401, the sign-in link sets a cookie and sends the browser on without the token,
// basic auth and the header pass, smoke-test and the judge's probes get in by themselves, the sticky
// comment carries the link on a private repository and never the token on a public one, and
// `private: false` opens the preview to all.

let gh: GitHubApiServer
let ws: TestWorkspace
let port: number
const SECRET = 'preview-secret-of-the-repository-0123456789'
const TOKEN = 'ghs_TestToken0123456789'

beforeAll(async () => { gh = await startGitHubApi() })
afterAll(async () => gh.close())
beforeEach(async () => {
  gh.reset()
  ws = createWorkspace()
  port = await freePort()
  ws.app('apps/v1')
  ws.app('apps/v2')
})
afterEach(async () => {
  await ws.cleanup()
  expect(gh.rejections).toEqual([])
})

function config(previews = '{ ttl: 7d }', extra = ''): void {
  ws.writeConfig(`version: 1
environments:
  preview:
    pullRequests: true
    name: 'pr-{{pr.number}}'
    url: 'http://127.0.0.1:${port}'
    timeout: 30s
    local: { app: 'apps/{{version}}', start: node server.js, health: /health, port: ${port}, minReady: 100ms }
    previews: ${previews}
${extra}`)
}

const env = (number: number) => ({ GITHUB_EVENT_NAME: 'pull_request', GITHUB_REF: `refs/pull/${number}/merge`, GLIDEPATH_PREVIEW_SECRET: SECRET, GITHUB_API_URL: gh.url, GITHUB_REPOSITORY: 'acme/web', GITHUB_SHA: 'f00d', GITHUB_RUN_ID: '7' })
const payload = (number: number, visibility: 'private' | 'public' = 'private') => {
  const pr = { state: 'open', head: { ref: `feature/f${number}`, sha: 'f00d', repo: { full_name: 'acme/web' } }, base: { ref: 'main', repo: { full_name: 'acme/web' } }, merged_at: null }
  gh.pulls[number] ??= pr
  return { action: 'opened', number, repository: { full_name: 'acme/web', private: visibility === 'private' }, pull_request: { number, title: 'x', ...pr } }
}
const open = (number: number, version = 'v1', inputs: Record<string, string> = {}) => ws.run(deploy, { version, token: TOKEN, ...inputs }, env(number), payload(number))
const fetchRaw = (url: string, headers: Record<string, string> = {}) => fetch(url, { headers, redirect: 'manual', signal: AbortSignal.timeout(5000) })

describe('a private preview at the local router', () => {
  it('a stranger gets 401; the link signs a browser in with a cookie; basic auth and the header pass', async () => {
    config()
    const d = await open(31)
    expect(d.failed).toBeUndefined()
    const url = `http://127.0.0.1:${port}/`
    const stranger = await fetchRaw(url)
    expect(stranger.status).toBe(401)
    expect(stranger.headers.get('www-authenticate')).toBe('Basic realm="Glidepath preview pr-31", charset="UTF-8"')
    expect(await stranger.text()).toMatch(/This preview is private/)
    expect((await fetchRaw(`${url}?glidepath-preview=guess`)).status).toBe(401)

    const cli = await ws.run(runPreviewLink, { environment: 'preview', pr: '31' }, env(31))
    expect(cli.failed).toBeUndefined()
    const link = cli.outputs.link
    expect(link).toMatch(new RegExp(`^http://127.0.0.1:${port}/\\?glidepath-preview=[A-Za-z0-9_-]{32}$`))
    const token = new URL(link).searchParams.get('glidepath-preview') as string
    const login = await fetchRaw(`http://127.0.0.1:${port}/orders?page=2&glidepath-preview=${token}`)
    expect(login.status).toBe(303)
    expect(login.headers.get('location')).toBe('/orders?page=2')
    const cookie = login.headers.get('set-cookie') as string
    expect(cookie).toMatch(/^glidepath-preview=[A-Za-z0-9_-]{32}; Path=\/; HttpOnly; SameSite=Lax; Max-Age=2592000$/)
    const withCookie = await fetchRaw(url, { cookie: `theme=dark; ${cookie.split(';')[0]}` })
    expect(withCookie.status).toBe(200)
    expect(withCookie.headers.get('x-glidepath-version')).toBe('v1')
    expect((await fetchRaw(url, { authorization: `Basic ${Buffer.from(`anyone:${token}`).toString('base64')}` })).status).toBe(200)
    expect((await fetchRaw(url, { 'x-glidepath-preview': token })).status).toBe(200)
    expect((await fetchRaw(url, { authorization: `Basic ${Buffer.from('anyone:nope').toString('base64')}` })).status).toBe(401)
    // Another pull request's preview has another token.
    const other = await ws.run(runPreviewLink, { environment: 'preview', pr: '32' }, env(32))
    expect(other.outputs.link).not.toBe(link)
  })

  it('smoke-test and a canary\'s probes get in by themselves; the judge counts no 401', async () => {
    config('{}', `    strategy: canary
    canary:
      steps: [ {weight: 50, pause: 2s}, {weight: 100} ]
      analysis: { interval: 2s, metrics: [ { name: probe-errors, source: probe, metric: error-rate, max: 0.05, requests: 10 } ] }
`)
    const first = await open(33)
    expect(first.failed).toBeUndefined()
    const s = await ws.run(smoke, { timeout: '20s', url: `http://127.0.0.1:${port}`, checks: 'checks:\n  - name: home\n    path: /\n    expect: { status: 200 }\n' }, env(33), payload(33))
    expect(s.failed).toBeUndefined()
    expect(s.outputs.passed).toBe('true')
    expect(s.masked.some((m) => m.length === 32)).toBe(true)
    // Without the url input the environment's target is opened for its url, and its token is used as it is.
    const fromConfig = await ws.run(smoke, { timeout: '20s', checks: 'checks:\n  - name: home\n    path: /\n    expect: { status: 200 }\n' }, env(33), payload(33))
    expect(fromConfig.failed).toBeUndefined()
    expect(fromConfig.outputs.passed).toBe('true')
    expect((await open(33, 'v2')).failed).toBeUndefined()
    const step = await ws.run(canaryStep, { step: 'next', token: TOKEN }, env(33), payload(33))
    expect(step.failed).toBeUndefined()
    expect(step.outputs.decision).toBe('promote')
    // The probes reached v2 through the router's door: a 401 never reaches a release and is never counted.
    const pid = JSON.parse(readFileSync(join(ws.stateDir, 'pr-33', 'router.pid'), 'utf8')) as { adminPort: number; adminToken: string }
    const stats = await (await fetch(`http://127.0.0.1:${pid.adminPort}/stats?window=600`, { headers: { 'x-glidepath-admin-token': pid.adminToken } })).json() as { versions: Array<{ version: string; requests: number }> }
    expect(stats.versions.find((v) => v.version === 'v2')?.requests).toBeGreaterThanOrEqual(10)
  })

  it('the sticky comment carries the link on a private repository, and never the token on a public one', async () => {
    config()
    await open(34)
    const token = new URL((await ws.run(runPreviewLink, { environment: 'preview', pr: '34' }, env(34))).outputs.link).searchParams.get('glidepath-preview') as string
    await ws.run(report, { token: TOKEN }, env(34), payload(34, 'private'))
    const privateComment = gh.comments.find((c) => c.issue === 34)?.body ?? ''
    expect(privateComment).toContain(`🔒 This preview is private. [Open it](http://127.0.0.1:${port}/?glidepath-preview=${token})`)
    await ws.run(report, { token: TOKEN }, env(34), payload(34, 'public'))
    const publicComment = gh.comments.find((c) => c.issue === 34)?.body ?? ''
    expect(publicComment).not.toContain(token)
    expect(publicComment).toMatch(/the repository is public, so its sign-in link is not written here.*npx glidepath preview-link --environment preview --pr 34/)
  })

  it('private: false opens the preview to all; preview-link says it needs none', async () => {
    config('{ private: false }')
    const d = await open(35)
    expect(d.failed).toBeUndefined()
    expect((await fetchRaw(`http://127.0.0.1:${port}/`)).status).toBe(200)
    const cli = await ws.run(runPreviewLink, { environment: 'preview', pr: '35' }, env(35))
    expect(cli.outputs['error-code']).toBe('GP-INPUT-001')
    expect(cli.failed).toMatch(/pr-35's previews are not private/)
  })
})
