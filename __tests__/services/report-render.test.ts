import { describe, it, expect, beforeAll, afterAll, afterEach } from '@jest/globals'
import { mkdirSync, writeFileSync, copyFileSync } from 'node:fs'
import { join } from 'node:path'
import { chromium, type Browser } from 'playwright-core'
import { marked } from 'marked'
import { run as deploy } from '../../actions/deploy/src/main.js'
import { run as canaryStep } from '../../actions/canary-step/src/main.js'
import { run as report } from '../../actions/report/src/main.js'
import { createWorkspace, freePort, ROOT, type TestWorkspace } from '../helpers/workspace.js'
import { startFetchLoad } from '../helpers/load.js'

// The report as a person sees it (issue 41): real canaries on the local provider (aborted, promoted, held
// for a decision, and a fleet in waves) write their summaries, which are also the sticky comment's body;
// each is rendered as GitHub renders it (GFM, then Mermaid 11 for the charts) in headless Chromium,
// screenshotted (kept under test-results/report-screens, two copied to docs/images by
// GLIDEPATH_UPDATE_SCREENSHOTS=1), and checked for what a reader needs: every chart drew with no Mermaid
// error, each chart names its series, and the first sentence names the decision.
const SCREENS = join(ROOT, 'test-results', 'report-screens')
const MERMAID = join(ROOT, 'node_modules', 'mermaid', 'dist', 'mermaid.min.js')
let browser: Browser
let ws: TestWorkspace | undefined

beforeAll(async () => {
  mkdirSync(SCREENS, { recursive: true })
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] })
})
afterAll(async () => browser?.close())
afterEach(async () => {
  await ws?.cleanup()
  ws = undefined
})

interface Rendered {
  charts: number
  drawn: number
  errors: string[]
  titles: string[]
  /** Per chart, the lines and bars drawn with data. */
  marks: number[]
  plotHtml: string[]
  /** The first sentence under each report heading. */
  firsts: string[]
}

/** Renders a summary as GitHub does (GFM, Mermaid blocks drawn, folds opened for the picture) and screenshots it. */
async function render(markdown: string, name: string): Promise<Rendered> {
  const body = (await marked.parse(markdown, { gfm: true })).replace(/<pre><code class="language-mermaid">([\s\S]*?)<\/code><\/pre>/g, '<pre class="mermaid">$1</pre>')
  const page = await browser.newPage({ viewport: { width: 980, height: 800 } })
  try {
    await page.setContent(`<!doctype html><html><head><meta charset="utf-8"><style>
body { font: 14px/1.5 -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; max-width: 920px; margin: 16px auto; color: #1f2328 }
table { border-collapse: collapse } td, th { border: 1px solid #d1d9e0; padding: 4px 10px } pre { background: #f6f8fa; padding: 8px }
pre.mermaid { background: none }
</style></head><body>${body}</body></html>`)
    await page.evaluate(() => document.querySelectorAll('details').forEach((d) => d.setAttribute('open', '')))
    await page.addScriptTag({ path: MERMAID })
    const errors = await page.evaluate(async () => {
      const m = (window as unknown as { mermaid: { initialize(o: object): void; run(o: object): Promise<void> } }).mermaid
      m.initialize({ startOnLoad: false, securityLevel: 'strict' })
      try {
        await m.run({ querySelector: 'pre.mermaid' })
        return [] as string[]
      } catch (e) {
        return [String((e as Error).message ?? e)]
      }
    })
    const found = await page.evaluate(() => ({
      charts: document.querySelectorAll('pre.mermaid').length,
      drawn: document.querySelectorAll('pre.mermaid svg').length,
      errors: [...document.querySelectorAll('pre.mermaid')].filter((p) => /Syntax error|Parse error/i.test(p.textContent ?? '')).map((p) => (p.textContent ?? '').slice(0, 200)),
      titles: [...document.querySelectorAll('pre.mermaid svg')].map((s) => [...s.querySelectorAll('text')].map((t) => t.textContent ?? '').join(' | ')),
      // What a reader sees of each chart's data: lines of two points or more, and bars of some height.
      marks: [...document.querySelectorAll('pre.mermaid svg')].map((s) => [...s.querySelectorAll('g.plot path')].filter((p) => /L/.test(p.getAttribute('d') ?? '')).length +
        [...s.querySelectorAll('g.plot rect')].filter((r) => Number(r.getAttribute('height')) > 0).length),
      plotHtml: [...document.querySelectorAll('pre.mermaid svg')].map((s) => s.querySelector('g.plot')?.outerHTML.slice(0, 400) ?? 'no g.plot'),
      firsts: [...document.querySelectorAll('h3')].map((h) => (h.nextElementSibling?.textContent ?? '').trim()),
    }))
    await page.screenshot({ path: join(SCREENS, `${name}.png`), fullPage: true })
    writeFileSync(join(SCREENS, `${name}.md`), markdown)
    return { ...found, errors: [...errors, ...found.errors] }
  } finally {
    await page.close()
  }
}

const CANARY = (extra = '') => `    canary:
      steps: [ {weight: 30, pause: 2s}, {weight: 60, pause: 2s}, {weight: 100} ]
${extra}      analysis:
        interval: 500ms
        metrics:
          - { name: errors, source: local, metric: error-rate, max: 0.05 }
          - { name: latency, source: local, metric: latency-p95, max: 400ms }
`

/** One environment on the local provider (the port given), with this canary section. */
const WEB = (port: number, canary: string) => `version: 1
environments:
  web:
    branches: [main]
    strategy: canary
    timeout: 20s
    local: { app: 'apps/{{version}}', start: node server.js, health: /health, port: ${port}, minReady: 200ms }
${canary}`

function setup(config: (port: number) => string, ports = 1): Promise<number[]> {
  ws = createWorkspace()
  for (const [v, behaviour] of [['v1', undefined], ['v2', { errorRate: 0.6 }], ['v3', undefined]] as const) ws.app(join('apps', v), behaviour)
  return Promise.all(Array.from({ length: ports }, () => freePort())).then((p) => {
    ws!.writeConfig(config(p[0]).replace(/PORT(\d)/g, (_, i: string) => String(p[Number(i)])))
    return p
  })
}

const expectReadable = (r: Rendered) => {
  expect(r.errors).toEqual([])
  expect(r.drawn).toBe(r.charts)
  // Each series named: in the title (lines by colour) or on the axis (one interval: a bar per series).
  for (const t of r.titles) expect(t).toMatch(/canary red| canary /)
  for (const [i, m] of r.marks.entries()) if (m < 1) throw new Error(`chart ${i} drew no data: ${r.plotHtml[i]}`)
}

describe('the report as a person sees it (GFM and Mermaid in headless Chromium)', () => {
  it('an aborted and a promoted canary: a chart per metric that draws, names its series, marks the abort; the first sentence says what happened', async () => {
    const [port] = await setup((p) => WEB(p, CANARY()))
    expect((await ws!.run(deploy, { version: 'v1', strategy: 'rolling' })).failed).toBeUndefined()
    const load = startFetchLoad(`http://127.0.0.1:${port}/`, { workers: 4, pauseMs: 5 })
    try {
      await ws!.run(deploy, { version: 'v2' })
      const aborted = await ws!.run(canaryStep, { step: 'all' })
      expect(aborted.outputs.decision).toBe('abort')
      const a = await render((await ws!.run(report, {})).summaries.join('\n'), 'aborted')
      expectReadable(a)
      expect(a.charts).toBe(2)
      expect(a.titles.join('\n')).toMatch(/errors at 30% [\d.]+s ✗ aborted/)
      expect(a.titles.join('\n')).toMatch(/canary \| allowance/)
      expect(a.firsts[0]).toMatch(/v2 was aborted at 30%: errors .* v1 takes 100%/)
      await ws!.run(deploy, { version: 'v3' })
      const promoted = await ws!.run(canaryStep, { step: 'all' })
      expect(promoted.outputs.decision).toBe('promote')
      const p = await render((await ws!.run(report, {})).summaries.join('\n'), 'promoted')
      expectReadable(p)
      expect(p.charts).toBe(2)
      expect(p.titles.join('\n')).toMatch(/30% .*60% .*✓ promoted/)
      expect(p.firsts[0]).toMatch(/v3 .*promoted|v3 went live/)
    } finally {
      await load.stop()
    }
  }, 120_000)

  it('a canary held for a decision and a fleet in waves: charts and the table of what each target serves render, the first sentence says so', async () => {
    const ports = await setup((p) => `${WEB(p, CANARY('      onHold: wait\n      holdTimeout: 1s\n').replace('max: 0.05 }', 'max: 0.05, minRequests: 100000 }'))}  fleet:
    branches: [main]
    strategy: canary
    timeout: 20s
    local: { app: 'apps/{{version}}', start: node server.js, health: /health, minReady: 200ms }
    canary:
      steps: [ {weight: 50, pause: 1s}, {weight: 100} ]
    targets:
      - { name: eu-west-1, local: { port: PORT1 } }
      - { name: us-east-1, local: { port: PORT2 } }
`, 3)
    expect((await ws!.run(deploy, { environment: 'web', version: 'v1', strategy: 'rolling' })).failed).toBeUndefined()
    await ws!.run(deploy, { environment: 'web', version: 'v3' })
    const load = startFetchLoad(`http://127.0.0.1:${ports[0]}/`, { workers: 2, pauseMs: 10 })
    const held = await ws!.run(canaryStep, { environment: 'web', step: 'next' }).finally(() => load.stop())
    expect(held.outputs.decision).toBe('wait')
    const h = await render((await ws!.run(report, { environment: 'web' })).summaries.join('\n'), 'held')
    expectReadable(h)
    expect(h.titles.join('\n')).toMatch(/⏸ held/)
    expect(h.firsts[0]).toMatch(/^v3 waits at 30% beside v1 for a person to promote or abort it: too little evidence \(errors: \d+ request\(s\), below minRequests 100000\)/)
    expect((await ws!.run(deploy, { environment: 'fleet', version: 'v1' })).failed).toBeUndefined()
    expect((await ws!.run(deploy, { environment: 'fleet', version: 'v3' })).failed).toBeUndefined()
    const f = await render((await ws!.run(report, { environment: 'fleet' })).summaries.join('\n'), 'fleet')
    expectReadable(f)
    expect(f.firsts[0]).toMatch(/v3 .*every target|v3 serves/)
    if (process.env.GLIDEPATH_UPDATE_SCREENSHOTS === '1') {
      mkdirSync(join(ROOT, 'docs', 'images'), { recursive: true })
      for (const name of ['aborted', 'fleet']) copyFileSync(join(SCREENS, `${name}.png`), join(ROOT, 'docs', 'images', `report-${name}.png`))
    }
  }, 120_000)
})
