#!/usr/bin/env node
// The judges side by side (SPEC section 9, issue 14), in one run:
//   fixed      a fixed error-rate / latency limit checked every interval, abort on the first breach
//              (Flagger's and Argo Rollouts' threshold analysis, failureLimit 0)
//   peeking    a fixed-horizon test (one-sided two-proportion z-test for errors, Mann-Whitney U for
//              latency, as Kayenta's judge) at alpha, re-checked after every interval
//   sequential Glidepath's anytime-valid test (shared/analysis/sequential.ts) at the same alpha
// Simulated canaries (seeded): A/A canaries identical to stable, for the share each judge aborts; and
// regressions (errors x2 and x4, latency +50%) at weights 5, 10 and 25%, for the time and requests to
// abort. Then a few canaries on the real local router (processes, the router's own counters).
//   node --import tsx bench/judgement.mjs [--runs 2000] [--real 4]
import { mkdtempSync, cpSync, writeFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createServer } from 'node:net'
import { spawn } from 'node:child_process'
import { emptySequential, updateCounts, slowCounts, eValue } from '../shared/analysis/sequential.ts'
import { bucketOf, bucketUpperMs } from '../shared/traffic/local/window.ts'
import { root, machine, writeSection } from './lib/report.mjs'

const arg = (name, fallback) => { const i = process.argv.indexOf(`--${name}`); return i > 0 ? Number(process.argv[i + 1]) : fallback }
const RUNS = arg('runs', 2000)
const REAL = arg('real', 4)
const ALPHA = 0.05
const INTERVALS = 20
const PER_INTERVAL = 2000 // requests through the router per interval (e.g. 33 req/s with 1-minute intervals)
const BASE_ERRORS = 0.01
const BASE_LATENCY = { median: 40, sigma: 0.5 } // lognormal, ms

function rng(seed) {
  let s = seed >>> 0
  return () => {
    s = (s + 0x6d2b79f5) >>> 0
    let t = s
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}
const binomial = (n, p, r) => {
  let k = 0
  let i = Math.floor(Math.log(1 - r()) / Math.log(1 - p))
  while (i < n) { k++; i += 1 + Math.floor(Math.log(1 - r()) / Math.log(1 - p)) }
  return k
}
const normal = (r) => Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r())
const latencies = (n, factor, r) => Array.from({ length: n }, () => BASE_LATENCY.median * factor * Math.exp(BASE_LATENCY.sigma * normal(r)))
const histogram = (xs) => {
  const m = new Map()
  for (const x of xs) m.set(bucketOf(x), (m.get(bucketOf(x)) ?? 0) + 1)
  return [...m].sort((a, b) => a[0] - b[0]).map(([b, n]) => [bucketUpperMs(b), n])
}
const quantile = (xs, q) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)] }
const Z = 1.6449 // one-sided 5%

function mannWhitneyZ(a, b) {
  // U for "a stochastically larger than b", normal approximation.
  const all = [...a.map((v) => [v, 0]), ...b.map((v) => [v, 1])].sort((x, y) => x[0] - y[0])
  let rankA = 0
  all.forEach(([, g], i) => { if (g === 0) rankA += i + 1 })
  const n1 = a.length
  const n2 = b.length
  const u = rankA - (n1 * (n1 + 1)) / 2
  return (u - (n1 * n2) / 2) / Math.sqrt((n1 * n2 * (n1 + n2 + 1)) / 12)
}

/** One simulated canary; returns the interval each judge aborted at (or null). */
function canary(kind, effect, weight, r) {
  const out = { fixed: null, peeking: null, sequential: null }
  let seq = emptySequential()
  const cum = { c: { n: 0, e: 0, lat: [] }, b: { n: 0, e: 0, lat: [] } }
  for (let i = 1; i <= INTERVALS; i++) {
    const nc = Math.round(PER_INTERVAL * weight)
    const nb = PER_INTERVAL - nc
    if (kind === 'errors') {
      const ec = binomial(nc, BASE_ERRORS * effect, r)
      const eb = binomial(nb, BASE_ERRORS, r)
      cum.c.n += nc; cum.c.e += ec; cum.b.n += nb; cum.b.e += eb
      if (out.fixed === null && ec / nc > 2 * BASE_ERRORS) out.fixed = i // a limit at twice the usual error rate
      const pc = cum.c.e / cum.c.n
      const pb = cum.b.e / cum.b.n
      const pool = (cum.c.e + cum.b.e) / (cum.c.n + cum.b.n)
      if (out.peeking === null && pool > 0 && (pc - pb) / Math.sqrt(pool * (1 - pool) * (1 / cum.c.n + 1 / cum.b.n)) > Z) out.peeking = i
      seq = updateCounts(seq, { canaryRequests: nc, canaryEvents: ec, baselineRequests: nb, baselineEvents: eb }, 1)
    } else {
      const lc = latencies(nc, effect, r)
      const lb = latencies(nb, 1, r)
      // A limit at 1.5 times the usual p95 (what a threshold user would set from a dashboard).
      if (out.fixed === null && quantile(lc, 0.95) > 1.5 * BASE_LATENCY.median * Math.exp(BASE_LATENCY.sigma * 1.6449)) out.fixed = i
      cum.c.lat.push(...lc.slice(0, 60)); cum.b.lat.push(...lb.slice(0, 60)) // Kayenta judges samples
      if (out.peeking === null && mannWhitneyZ(cum.c.lat, cum.b.lat) > Z) out.peeking = i
      const pair = slowCounts(histogram(lc), histogram(lb), 0.95, 0.2)
      if (pair) seq = updateCounts(seq, pair, 1)
    }
    if (out.sequential === null && eValue(seq) >= 1 / ALPHA) out.sequential = i
  }
  return out
}

function simulate(kind, effect, weight, runs, seed) {
  const r = rng(seed)
  const at = { fixed: [], peeking: [], sequential: [] }
  for (let i = 0; i < runs; i++) {
    const o = canary(kind, effect, weight, r)
    for (const j of Object.keys(at)) at[j].push(o[j])
  }
  const summary = {}
  for (const [j, xs] of Object.entries(at)) {
    const hits = xs.filter((x) => x !== null).sort((a, b) => a - b)
    summary[j] = { rate: hits.length / runs, median: hits.length ? hits[Math.floor(hits.length / 2)] : null }
  }
  return summary
}

const pct = (x) => `${(x * 100).toFixed(1)}%`
const started = Date.now()
let md = `## Canary judgement: false aborts and time to detect\n\n${new Date().toISOString().slice(0, 10)}, ${machine()}. Command: \`node --import tsx bench/judgement.mjs --runs ${RUNS} --real ${REAL}\`.\n\n`
md += `Simulated canaries (seeded): ${INTERVALS} intervals of ${PER_INTERVAL} requests through the router, the canary taking its weight of them; stable answers ${pct(BASE_ERRORS)} errors and lognormal latencies (median ${BASE_LATENCY.median} ms). Judges at alpha ${ALPHA}: **fixed**, a limit at twice the usual error rate (or 1.5 times the usual p95) checked every interval, abort on the first breach (Flagger and Argo Rollouts threshold analysis, failureLimit 0); **peeking**, a fixed-horizon test (one-sided two-proportion z-test on errors, Mann-Whitney U on latency samples as Kayenta) re-checked after every interval; **sequential**, Glidepath's anytime-valid test.\n\n`

md += `### A/A: canaries identical to stable (${RUNS} per weight)\n\nShare aborted although nothing is wrong; alpha is ${ALPHA}.\n\n| metric | weight | fixed | peeking | sequential |\n|---|---|---|---|---|\n`
for (const kind of ['errors', 'latency']) {
  for (const w of [0.05, 0.1, 0.25]) {
    const s = simulate(kind, 1, w, kind === 'latency' ? Math.min(RUNS, 400) : RUNS, 1000 + w * 100)
    md += `| ${kind} | ${w * 100}% | ${pct(s.fixed.rate)} | ${pct(s.peeking.rate)} | **${pct(s.sequential.rate)}** |\n`
  }
}
md += `\n### Regressions: share detected within ${INTERVALS} intervals, and the median interval of the abort\n\n| regression | weight | fixed | peeking | sequential | requests to the sequential abort (median) |\n|---|---|---|---|---|---|\n`
const cases = [['errors', 2, 'errors x2'], ['errors', 4, 'errors x4'], ['latency', 1.5, 'latency +50%']]
for (const [kind, effect, label] of cases) {
  for (const w of [0.05, 0.1, 0.25]) {
    const s = simulate(kind, effect, w, kind === 'latency' ? 300 : 1000, 2000 + effect * 10 + w * 100)
    const cell = (x) => `${pct(x.rate)}${x.median ? ` (interval ${x.median})` : ''}`
    md += `| ${label} | ${w * 100}% | ${cell(s.fixed)} | ${cell(s.peeking)} | **${cell(s.sequential)}** | ${s.sequential.median ? s.sequential.median * PER_INTERVAL : 'n/a'} |\n`
  }
}
// A regression that stays under a fixed limit: stable at 0.5%, the canary at 1.5% (3x), the limit at 3%.
{
  const r = rng(77)
  let fixed = 0
  let sequential = 0
  const LIMIT = 0.03 // a limit set well above the usual 0.5% so that it does not abort good canaries
  for (let i = 0; i < 1000; i++) {
    let seq = emptySequential()
    let f = false
    let sq = false
    for (let k = 0; k < INTERVALS; k++) {
      const nc = PER_INTERVAL * 0.25
      const ec = binomial(nc, 0.015, r)
      const eb = binomial(PER_INTERVAL - nc, 0.005, r)
      if (ec / nc > LIMIT) f = true
      seq = updateCounts(seq, { canaryRequests: nc, canaryEvents: ec, baselineRequests: PER_INTERVAL - nc, baselineEvents: eb }, 1)
      if (eValue(seq) >= 1 / ALPHA) sq = true
    }
    if (f) fixed++
    if (sq) sequential++
  }
  md += `| errors x3 (1.5%, stable 0.5%) under a 3% limit | 25% | ${pct(fixed / 1000)} | n/a | **${pct(sequential / 1000)}** | |\n`
}

md += `\nThe sequential judge stays at or under alpha however often it looks; the fixed-horizon test re-checked every interval does not, and a fixed limit aborts good canaries whenever noise crosses it (more often the smaller the canary's sample). The sequential judge aborts four-times regressions within the first intervals and catches regressions that never cross a fixed limit.\n`

// A few canaries on the real local router: the canary-step action, the router's own counters.
async function real() {
  const freePort = () => new Promise((resolve) => { const s = createServer().listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => resolve(p)) }) })
  const cli = join(root, 'bin', 'glidepath.js')
  const run = (ws, action, args) => new Promise((resolve) => {
    const c = spawn(process.execPath, [cli, action, ...args, '--json', '--ref', 'main'], { cwd: ws, env: { ...process.env, GITHUB_WORKSPACE: ws } })
    let out = ''
    c.stdout.on('data', (d) => (out += d))
    c.on('close', () => resolve(out.trim() ? JSON.parse(out) : {}))
  })
  const rows = []
  for (const [label, canaryErrors] of [['A/A (both 2% errors)', 0.02], ['errors x4 (8% vs 2%)', 0.08]]) {
    let aborted = 0
    const times = []
    for (let i = 0; i < REAL; i++) {
      const ws = mkdtempSync(join(tmpdir(), 'glidepath-judge-'))
      const port = await freePort()
      for (const [v, e] of [['v1', 0.02], ['v2', canaryErrors]]) {
        cpSync(join(root, 'examples', 'demo-app'), join(ws, `app-${v}`), { recursive: true })
        writeFileSync(join(ws, `app-${v}`, 'behaviour.json'), JSON.stringify({ errorRate: e }))
        writeFileSync(join(ws, `app-${v}`, 'package.json'), '{"type":"module"}')
      }
      writeFileSync(join(ws, 'glidepath.yml'), `version: 1\nenvironments:\n  demo:\n    branches: [main]\n    strategy: canary\n    local: { app: 'app-{{version}}', start: node server.js, health: /health, port: ${port}, minReady: 100ms }\n    canary:\n      steps: [ {weight: 25, pause: 20s}, {weight: 100} ]\n      holdTimeout: 20s\n      analysis:\n        interval: 1s\n        metrics:\n          - { name: errors, source: local, metric: error-rate, compare: stable, alpha: ${ALPHA} }\n`)
      const cfg = ['--config', 'glidepath.yml', '--environment', 'demo']
      await run(ws, 'deploy', [...cfg, '--version', 'v1'])
      await run(ws, 'deploy', [...cfg, '--version', 'v2'])
      let on = true
      const load = Promise.all(Array.from({ length: 8 }, async () => {
        while (on) { try { await (await fetch(`http://127.0.0.1:${port}/`)).arrayBuffer() } catch { /* switching */ } }
      }))
      const t0 = performance.now()
      const out = await run(ws, 'canary-step', [...cfg, '--step', 'next'])
      const seconds = (performance.now() - t0) / 1000
      on = false
      await load
      if (out.decision === 'abort') { aborted++; times.push(seconds) }
      console.log(`real ${label} #${i + 1}: ${out.decision} after ${seconds.toFixed(1)} s (${out.reason ?? ''})`)
      await run(ws, 'deploy', [...cfg, '--teardown'])
      rmSync(ws, { recursive: true, force: true })
    }
    times.sort((a, b) => a - b)
    rows.push(`| ${label} | ${REAL} | ${aborted} | ${times.length ? `${times[Math.floor(times.length / 2)].toFixed(1)} s` : 'n/a'} |`)
  }
  return rows
}
if (REAL > 0) {
  md += `\n### On the real local router\n\nThe canary-step action (sequential judge, alpha ${ALPHA}, 1 s intervals, 25% weight, a 20 s step) under 8 closed-loop clients; the router's own counters are the measurements.\n\n| canary | runs | aborted | median time to abort |\n|---|---|---|---|\n${(await real()).join('\n')}\n`
}
md += `\nTook ${Math.round((Date.now() - started) / 1000)} s.\n`
writeSection('judgement', md)
