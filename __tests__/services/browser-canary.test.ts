import { describe, it, expect, beforeAll, afterAll, beforeEach, afterEach } from '@jest/globals'
import { cpSync } from 'node:fs'
import { join } from 'node:path'
import { chromium, type Browser } from 'playwright-core'
import { run as deploy } from '../../actions/deploy/src/main.js'
import { run as canaryStep } from '../../actions/canary-step/src/main.js'
import { createWorkspace, freePort, ROOT, type TestWorkspace } from '../helpers/workspace.js'

// A real browser (Debian's Chromium, headless, driven by playwright-core) loads a web page through the
// local router during a 50% canary with canary.affinity (issue 23): each browser profile keeps its
// cookies, every load runs the page's own script (its file exists only in the version that served the
// page) and no profile ever sees two versions, across a raised weight; after the abort all see stable.
let browser: Browser
let ws: TestWorkspace
let port: number

beforeAll(async () => {
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  })
})
afterAll(async () => {
  await browser?.close()
})

beforeEach(async () => {
  ws = createWorkspace()
  port = await freePort()
  for (const v of ['v1', 'v2']) cpSync(join(ROOT, 'examples', 'web-app'), join(ws.dir, `web-${v}`), { recursive: true })
  ws.writeConfig(`version: 1
environments:
  web:
    branches: [main]
    strategy: canary
    timeout: 20s
    local: { app: 'web-{{version}}', start: node server.js, health: /health, port: ${port} }
    canary:
      steps: [ {weight: 50, pause: 1m}, {weight: 80, pause: 1m}, {weight: 100} ]
      affinity: {}
`)
  expect((await ws.run(deploy, { version: 'v1', strategy: 'rolling' })).failed).toBeUndefined()
  expect((await ws.run(deploy, { version: 'v2' })).failed).toBeUndefined()
})
afterEach(async () => ws.cleanup())

describe('a real browser under a web canary', () => {
  it('every load runs its own script and no browser switches version; abort brings all to stable', async () => {
    const contexts = await Promise.all(Array.from({ length: 12 }, () => browser.newContext()))
    const pages = await Promise.all(contexts.map((c) => c.newPage()))
    // The page's script replaces "loading" with "ok <version>": when it ran, it came from the same version.
    const load = async (i: number) => {
      await pages[i].goto(`http://127.0.0.1:${port}/`)
      await pages[i].waitForFunction(() => document.getElementById('app')?.textContent !== 'loading', undefined, { timeout: 5000, polling: 50 }).catch(() => undefined)
      return (await pages[i].textContent('#app')) ?? ''
    }
    const seen: string[][] = contexts.map(() => [])
    const loadAll = async () => Promise.all(pages.map(async (_, i) => seen[i].push(await load(i))))
    for (let n = 0; n < 3; n++) await loadAll()
    await ws.run(canaryStep, { step: '1' })
    await loadAll()
    const loads = seen.flat()
    expect(loads.every((text) => /^ok v[12]$/.test(text))).toBe(true)
    expect(seen.every((texts) => new Set(texts).size === 1)).toBe(true)
    expect(new Set(loads).size).toBe(2) // 12 browsers at 50%: both versions met (1 in 2048 to fail by chance)
    await ws.run(canaryStep, { step: 'abort' })
    const after = await Promise.all(pages.map((_, i) => load(i)))
    expect(after.every((text) => text === 'ok v1')).toBe(true)
    await Promise.all(contexts.map((c) => c.close()))
  })
})
