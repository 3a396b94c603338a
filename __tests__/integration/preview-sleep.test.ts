import { describe, it, expect, beforeAll, afterAll, beforeEach, afterEach } from '@jest/globals'
import { existsSync, readFileSync, statSync } from 'node:fs'
import { request as httpRequest } from 'node:http'
import { join } from 'node:path'
import { run as deploy } from '../../actions/deploy/src/main.js'
import { run as report } from '../../actions/report/src/main.js'
import { createWorkspace, freePort, releaseProcesses, type TestWorkspace } from '../helpers/workspace.js'
import { startGitHubApi, type GitHubApiServer } from '../helpers/github-api.js'
import { previewToken } from '../../shared/traffic/local/access.js'
import { isRunning } from '../../shared/process/run.js'

// Scale to zero for previews (previews.idle) on the real local router and real release processes: the
// scheduled reap puts a preview nobody asked for in `idle` to sleep (its releases and its own router
// stopped) and leaves a busy one awake; a stranger's request to a private sleeping preview is refused
// without waking it; the first request with the token wakes it and is answered (requests arriving
// meanwhile share the one wake); a push to a sleeping preview wakes it and deploys; a sleeping preview
// tears down; and without a front, the preview's own router wakes it.

let gh: GitHubApiServer
let ws: TestWorkspace
let front: number
const SECRET = 'sleep-test-secret-0123456789'
const TOKEN = 'ghs_TestToken0123456789'
const IDLE_S = 4

beforeAll(async () => { gh = await startGitHubApi() })
afterAll(async () => gh.close())
beforeEach(async () => {
  gh.reset()
  ws = createWorkspace()
  front = await freePort()
  ws.app('apps/v1')
  ws.app('apps/v2')
})
afterEach(async () => {
  await ws.cleanup()
  expect(gh.rejections).toEqual([])
})

function config(previews: string): void {
  ws.writeConfig(`version: 1
environments:
  preview:
    pullRequests: true
    name: 'pr-{{pr.number}}'
    timeout: 30s
    local: { app: 'apps/{{version}}', start: node server.js, health: /health, minReady: 100ms }
    previews: ${previews}
`)
}

const env = (number: number) => ({ GITHUB_EVENT_NAME: 'pull_request', GITHUB_REF: `refs/pull/${number}/merge`, GLIDEPATH_PREVIEW_SECRET: SECRET, GITHUB_API_URL: gh.url, GITHUB_REPOSITORY: 'acme/web', GITHUB_SHA: 'f00d', GITHUB_RUN_ID: '7' })
const payload = (number: number, action = 'opened') => {
  const pr = { state: action === 'closed' ? 'closed' : 'open', head: { ref: `feature/f${number}`, sha: 'f00d', repo: { full_name: 'acme/web' } }, base: { ref: 'main', repo: { full_name: 'acme/web' } }, merged_at: null }
  gh.pulls[number] = pr
  return { action, number, pull_request: { number, title: 'x', ...pr } }
}
const push = (number: number, version = 'v1', action = 'opened') => ws.run(deploy, { version, token: TOKEN }, env(number), payload(number, action))
const close = (number: number) => ws.run(deploy, { teardown: 'true', token: TOKEN }, env(number), payload(number, 'closed'))
const reap = () => ws.run(deploy, { token: TOKEN, reap: 'true' }, { ...env(1), GITHUB_EVENT_NAME: 'schedule', GITHUB_REF: 'refs/heads/main' })
const log = (rt: { logs: Array<{ message: string }> }) => rt.logs.map((l) => l.message).join('\n')
const tokenOf = (name: string) => previewToken({ name, config: { pullRequests: true, previews: {}, local: { app: '.', start: '.' } } }, { GLIDEPATH_PREVIEW_SECRET: SECRET }, '/nonexistent') as string
const dirOf = (name: string) => join(ws.stateDir, name)
const asleep = (name: string) => existsSync(join(dirOf(name), 'sleep.json'))
const json = (file: string) => JSON.parse(readFileSync(file, 'utf8'))
const releasesOf = (name: string) => [...new Set(releaseProcesses(ws.stateDir).filter((p) => p.environment === name).map((p) => p.pgid))]
const routerOf = (name: string) => (existsSync(join(dirOf(name), 'router.pid')) ? json(join(dirOf(name), 'router.pid')) : undefined)
const pause = (s: number) => new Promise((r) => setTimeout(r, s * 1000))

/** A request (Host header as a browser sends it) that may wait for a wake: a long timeout. */
function get(port: number, host: string, headers: Record<string, string> = {}, path = '/'): Promise<{ status: number; body: string; version?: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, headers: { host, ...headers }, timeout: 60_000 }, (res) => {
      let body = ''
      res.on('data', (c) => (body += c))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, version: res.headers['x-glidepath-version'] as string | undefined }))
    })
    req.on('error', reject)
    req.on('timeout', () => req.destroy(new Error('timed out')))
    req.end()
  })
}

describe('previews.idle behind a front', () => {
  it('sleeps the idle preview only, refuses a stranger without waking it, wakes on the first request, deploys and tears down while asleep', async () => {
    config(`{ idle: ${IDLE_S}s, host: { port: ${front}, name: 'pr-{{pr.number}}.preview.test' } }`)
    expect((await push(61)).failed).toBeUndefined()
    expect((await push(62)).failed).toBeUndefined()
    // The sticky comment says when it sleeps and what wakes it.
    expect((await ws.run(report, { token: TOKEN }, env(61), payload(61))).failed).toBeUndefined()
    expect(gh.comments.find((c) => c.issue === 61)?.body).toMatch(/Preview sleeps \| after 4s without a request \(previews.idle\): its releases stop, and the next request wakes it/)
    const as61 = { 'x-glidepath-preview': tokenOf('pr-61') }
    const as62 = { 'x-glidepath-preview': tokenOf('pr-62') }
    expect((await get(front, 'pr-61.preview.test', as61)).status).toBe(200)
    await pause(IDLE_S + 0.5)
    // pr-62 is in use; pr-61 had no request for longer than idle.
    expect((await get(front, 'pr-62.preview.test', as62)).status).toBe(200)
    const before = { releases: releasesOf('pr-61'), router: routerOf('pr-61') }
    expect(before.releases.length).toBe(1)
    const reaped = await reap()
    expect(reaped.failed).toBeUndefined()
    expect(reaped.outputs.slept).toBe('pr-61')
    expect(log(reaped)).toMatch(/pr-61: no request since .*, past previews.idle 4s; put to sleep/)
    expect(asleep('pr-61')).toBe(true)
    expect(asleep('pr-62')).toBe(false)
    expect(statSync(join(dirOf('pr-61'), 'sleep.json')).mode & 0o077).toBe(0)
    expect(releasesOf('pr-61')).toEqual([])
    expect(isRunning(before.router)).toBe(false)
    expect(releasesOf('pr-62').length).toBe(1)

    // A stranger is refused at the front, and nothing wakes.
    expect((await get(front, 'pr-61.preview.test')).status).toBe(401)
    expect(asleep('pr-61')).toBe(true)
    expect(releasesOf('pr-61')).toEqual([])

    // The first requests with the token wake it once, and all are answered by the release.
    const answers = await Promise.all([1, 2, 3, 4].map(() => get(front, 'pr-61.preview.test', as61, '/orders')))
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200])
    expect(answers.map((a) => JSON.parse(a.body).version)).toEqual(['v1', 'v1', 'v1', 'v1'])
    expect(asleep('pr-61')).toBe(false)
    expect(releasesOf('pr-61').length).toBe(1)
    expect(readFileSync(join(dirOf('pr-61'), 'wake.log'), 'utf8').match(/Woke the preview/g)).toHaveLength(1)
    expect(json(join(dirOf('pr-61'), 'local.json')).asleep).toBeUndefined()

    // Asleep again, a push wakes it under its lock and deploys the new version.
    await pause(IDLE_S + 0.5)
    expect((await reap()).outputs.slept).toContain('pr-61')
    const pushed = await push(61, 'v2', 'synchronize')
    expect(pushed.failed).toBeUndefined()
    expect(log(pushed)).toMatch(/pr-61 was asleep \(previews.idle\) and was woken first/)
    expect(JSON.parse((await get(front, 'pr-61.preview.test', as61)).body).version).toBe('v2')

    // Asleep again, its teardown works without waking it.
    await pause(IDLE_S + 0.5)
    expect((await reap()).outputs.slept).toContain('pr-61')
    expect((await close(61)).failed).toBeUndefined()
    expect((await get(front, 'pr-61.preview.test', as61)).status).toBe(404)
    expect(releasesOf('pr-61')).toEqual([])
    expect(asleep('pr-61')).toBe(false)
    expect((await close(62)).failed).toBeUndefined()
    expect(releaseProcesses(ws.stateDir)).toEqual([])
  }, 180_000)
})

describe('previews.idle on the preview\'s own router', () => {
  it('the router stays up while its releases sleep, and wakes them on the first request', async () => {
    config(`{ idle: ${IDLE_S}s, private: false }`)
    expect((await push(71)).failed).toBeUndefined()
    const port = json(join(dirOf('pr-71'), 'router.json')).port as number
    await pause(IDLE_S + 0.5)
    expect((await reap()).outputs.slept).toBe('pr-71')
    expect(releasesOf('pr-71')).toEqual([])
    expect(isRunning(routerOf('pr-71'))).toBe(true)
    expect(json(join(dirOf('pr-71'), 'router.json')).asleep).toMatchObject({ dir: dirOf('pr-71') })
    const answer = await get(port, `127.0.0.1:${port}`)
    expect(answer.status).toBe(200)
    expect(answer.version).toBe('v1')
    expect(json(join(dirOf('pr-71'), 'router.json')).asleep).toBeUndefined()
    // Woken and used: the next reap leaves it awake.
    expect((await reap()).outputs.slept).toBeUndefined()
  }, 120_000)
})
