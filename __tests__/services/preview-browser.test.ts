import { describe, it, expect, beforeAll, afterAll, beforeEach, afterEach } from '@jest/globals'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { chromium, type Browser } from 'playwright-core'
import { run as deploy } from '../../actions/deploy/src/main.js'
import { runPreviewLink } from '../../cli/src/main.js'
import { createWorkspace, freePort, type TestWorkspace } from '../helpers/workspace.js'

// A private preview in a real browser (headless Chromium): the sign-in link from the pull request's
// comment logs the browser in and lands on the page without the token in its address; the page's
// stylesheet and script load after login (they carry the cookie); a stranger's browser is asked for a
// password and gets no asset; a tampered link does not log in; the token as that password does.

let browser: Browser
let ws: TestWorkspace
let port: number

const APP = `import { createServer } from 'node:http'
const version = process.env.GLIDEPATH_VERSION
createServer((req, res) => {
  const path = new URL(req.url, 'http://x').pathname
  if (path === '/health') { res.writeHead(200); return res.end('ok') }
  if (path === '/app.css') { res.writeHead(200, { 'content-type': 'text/css' }); return res.end('body { background: rgb(1, 2, 3) }') }
  if (path === '/app.js') { res.writeHead(200, { 'content-type': 'text/javascript' }); return res.end('document.body.dataset.version = ' + JSON.stringify(version)) }
  res.writeHead(200, { 'content-type': 'text/html' })
  res.end('<!doctype html><html><head><link rel="stylesheet" href="/app.css"></head><body><h1>Shop ' + version + '</h1><script src="/app.js"></script></body></html>')
}).listen(Number(process.env.PORT), '127.0.0.1')
`

beforeAll(async () => {
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] })
})
afterAll(async () => browser?.close())
beforeEach(async () => {
  ws = createWorkspace()
  port = await freePort()
  mkdirSync(join(ws.dir, 'apps', 'v1'), { recursive: true })
  writeFileSync(join(ws.dir, 'apps', 'v1', 'server.mjs'), APP)
  ws.writeConfig(`version: 1
environments:
  preview:
    pullRequests: true
    name: 'pr-{{pr.number}}'
    url: 'http://127.0.0.1:${port}/'
    timeout: 30s
    local: { app: 'apps/{{version}}', start: node server.mjs, health: /health, port: ${port}, minReady: 100ms }
    previews: { ttl: 3d }
`)
})
afterEach(async () => ws.cleanup())

const env = { GITHUB_EVENT_NAME: 'pull_request', GITHUB_REF: 'refs/pull/41/merge', GLIDEPATH_PREVIEW_SECRET: 'a-repository-secret-for-previews' }
const payload = { action: 'opened', number: 41, pull_request: { number: 41, title: 'x', state: 'open', head: { ref: 'feature/shop', sha: 'f00d', repo: { full_name: 'acme/web' } }, base: { ref: 'main', repo: { full_name: 'acme/web' } } } }

describe('a private preview in headless Chromium', () => {
  it('the link logs the browser in and its assets load; a stranger is asked for a password and sees nothing; the token as password works', async () => {
    expect((await ws.run(deploy, { version: 'v1' }, env, payload)).failed).toBeUndefined()
    const link = (await ws.run(runPreviewLink, { environment: 'preview', pr: '41' }, env)).outputs.link

    const team = await browser.newContext()
    try {
      const page = await team.newPage()
      const assets: Array<{ url: string; status: number }> = []
      page.on('response', (r) => assets.push({ url: new URL(r.url()).pathname, status: r.status() }))
      await page.goto(link)
      await page.waitForFunction(() => document.body?.dataset.version === 'v1', undefined, { timeout: 10_000 })
      expect(new URL(page.url()).search).toBe('') // the token left the address bar
      expect(await page.textContent('h1')).toBe('Shop v1')
      expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe('rgb(1, 2, 3)')
      expect(assets.filter((a) => a.url === '/app.css' || a.url === '/app.js').map((a) => a.status)).toEqual([200, 200])
      const cookie = (await team.cookies()).find((c) => c.name === 'glidepath-preview')
      expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' })
      // A reload, and a page opened later, need no link.
      const again = await team.newPage()
      expect((await again.goto(`http://127.0.0.1:${port}/`))?.status()).toBe(200)
    } finally {
      await team.close()
    }

    // A stranger's browser is asked for a password (basic auth) and, without one, shows nothing of the app.
    const stranger = await browser.newContext()
    try {
      const page = await stranger.newPage()
      const requests: string[] = []
      page.on('request', (r) => requests.push(new URL(r.url()).pathname))
      await expect(page.goto(`http://127.0.0.1:${port}/`)).rejects.toThrow(/ERR_INVALID_AUTH_CREDENTIALS/)
      await expect(page.goto(link.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')))).rejects.toThrow(/ERR_INVALID_AUTH_CREDENTIALS/)
      expect(requests).not.toContain('/app.js')
      expect(await stranger.cookies()).toEqual([])
      const answer = await stranger.request.get(`http://127.0.0.1:${port}/`)
      expect(answer.status()).toBe(401)
      expect(await answer.text()).toMatch(/This preview is private/)
    } finally {
      await stranger.close()
    }

    // The token typed as the password of the browser's prompt lets a person in too.
    const token = new URL(link).searchParams.get('glidepath-preview') as string
    const typed = await browser.newContext({ httpCredentials: { username: 'me', password: token } })
    try {
      const page = await typed.newPage()
      expect((await page.goto(`http://127.0.0.1:${port}/`))?.status()).toBe(200)
      await page.waitForFunction(() => document.body?.dataset.version === 'v1', undefined, { timeout: 10_000 })
    } finally {
      await typed.close()
    }
  })
})
