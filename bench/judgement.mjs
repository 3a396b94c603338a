#!/usr/bin/env node
// The judges side by side on the same simulated streams (SPEC section 9, issues 14 and 22), in one run:
//   fixed      Flagger's and Argo Rollouts' threshold analysis: max error rate 1%, max p95 500 ms, checked
//              every interval, abort on the first breach (failureLimit 0)
//   peeking    Kayenta-style: a fixed-horizon test (one-sided two-proportion z-test on errors, Mann-Whitney U
//              on latency samples) at alpha, re-checked after every interval; promote if it never fires
//   glidepath  the canary-step judge (shared/analysis/rehearse.ts runs the same analyse() and step rules):
//              compare: stable, sequential, alpha 0.01, maxIncrease 50% on errors and 20% on p95, default minEffect
//   oracle     Wald's SPRT that knows the true regression (the same null and alpha, the same counts):
//              the fewest samples any test on these streams needs on average, the limit to compare with
// A canary: steps of 10%, 25% and 50% with 1-minute pauses, analysis every 10 s, then 100%. Traffic arrives
// at 1, 5, 20 or 100 requests/s in all (Poisson), split by weight; stable errs 0%, 0.1% or 1% of the time
// and answers in lognormal times (median 40 ms).
//   node --import tsx bench/judgement.mjs [--runs 400] [--real 3]
//   --only-priors, --only-powered: one section, printed, BENCHMARKS.md untouched
import { mkdtempSync, cpSync, writeFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createServer } from 'node:net'
import { spawn } from 'node:child_process'
import { metricRules, emptyJudgement, analyse } from '../shared/analysis/analyse.ts'
import { rehearse } from '../shared/analysis/rehearse.ts'
import { seeded as rng, binomial, poisson, normal } from '../shared/analysis/random.ts'
import { histogramQuantile, normalCdf } from '../shared/analysis/sequential.ts'
import { bucketOf, bucketUpperMs } from '../shared/traffic/local/window.ts'
import { root, machine, writeSection } from './lib/report.mjs'

const arg = (name, fallback) => { const i = process.argv.indexOf(`--${name}`); return i > 0 ? Number(process.argv[i + 1]) : fallback }
const RUNS = arg('runs', 400)
const REAL = arg('real', 3)
const ALPHA = 0.01
const INTERVAL_MS = 10_000
const STEPS = [{ weight: 10, pauseMs: 60_000 }, { weight: 25, pauseMs: 60_000 }, { weight: 50, pauseMs: 60_000 }, { weight: 100, pauseMs: 0 }]
const CANARY_MS = 180_000
const RATES = [1, 5, 20, 100]
const STABLE_ERRORS = [0, 0.001, 0.01]
const LATENCY = { median: 40, sigma: 0.3 }

const GLIDEPATH = metricRules({ metrics: [
  { name: 'errors', source: 'local', metric: 'error-rate', compare: 'stable', alpha: ALPHA, maxIncrease: '50%' },
  { name: 'latency', source: 'local', metric: 'latency-p95', compare: 'stable', alpha: ALPHA, maxIncrease: '20%' },
] })
const FIXED = metricRules({ metrics: [
  { name: 'errors', source: 'local', metric: 'error-rate', max: 0.01 },
  { name: 'latency', source: 'local', metric: 'latency-p95', max: '500ms' },
] })

const histogramOf = (xs) => {
  const m = new Map()
  for (const x of xs) m.set(bucketOf(x), (m.get(bucketOf(x)) ?? 0) + 1)
  return [...m].sort((a, b) => a[0] - b[0]).map(([b, n]) => [bucketUpperMs(b), n])
}
const Z = 2.3263 // one-sided 1%

/** One interval of traffic at a weight: counts and latencies of both versions. */
function traffic(s, weight, r) {
  const n = poisson((s.rps * INTERVAL_MS) / 1000, r)
  const nc = binomial(n, weight / 100, r)
  const nb = n - nc
  const lat = (k, factor) => Array.from({ length: k }, () => LATENCY.median * factor * Math.exp(LATENCY.sigma * normal(r)))
  return { nc, nb, ec: binomial(nc, s.canaryErrors, r), eb: binomial(nb, s.stableErrors, r), lc: lat(nc, s.slow), lb: lat(nb, 1) }
}

function measurements(t) {
  const hc = histogramOf(t.lc)
  const hb = histogramOf(t.lb)
  return [
    { metric: 'errors', value: t.nc ? t.ec / t.nc : null, requests: t.nc, events: t.ec, baseline: { value: t.nb ? t.eb / t.nb : null, requests: t.nb, events: t.eb, label: 'v1' } },
    { metric: 'latency', value: histogramQuantile(hc, 0.95), requests: t.nc, histogram: hc, baseline: { value: histogramQuantile(hb, 0.95), requests: t.nb, histogram: hb, label: 'v1' } },
  ]
}

function mannWhitneyZ(a, b) {
  const all = [...a.map((v) => [v, 0]), ...b.map((v) => [v, 1])].sort((x, y) => x[0] - y[0])
  let rankA = 0
  all.forEach(([, g], i) => { if (g === 0) rankA += i + 1 })
  const n1 = a.length
  const n2 = b.length
  if (!n1 || !n2) return 0
  return (rankA - (n1 * (n1 + 1)) / 2 - (n1 * n2) / 2) / Math.sqrt((n1 * n2 * (n1 + n2 + 1)) / 12)
}

/** The true slow share of the canary over the judge's threshold, as a multiple of stable's 5%: the oracle's alternative. */
function trueSlowRatio(slow) {
  const q95 = LATENCY.median * Math.exp(LATENCY.sigma * 1.6449)
  const threshold = Math.max(1.2 * q95, q95 + 10)
  const share = 1 - normalCdf(Math.log(threshold / (LATENCY.median * slow)) / LATENCY.sigma)
  return share / 0.05
}

/** Every judge on one stream of intervals (the same draws for all). */
/** Intervals drawn lazily and shared: every judge at the same moment and weight sees the same traffic (`rewind` before each judge). */
function stream(s, r) {
  const streams = new Map()
  let at = 0
  return {
    rewind: () => { at = 0 },
    draw: (weight) => {
      const key = `${at++}/${weight}`
      if (!streams.has(key)) streams.set(key, traffic(s, weight, r))
      return streams.get(key)
    },
  }
}

function canary(s, r, judge = {}) {
  const { draw, rewind } = stream(s, r)
  const plan = { steps: STEPS, intervalMs: INTERVAL_MS }
  const replay = (rules, priors) => { rewind(); return rehearse(rules, priors ? { ...plan, priors } : plan, (w) => measurements(draw(w))) }
  const glidepath = replay(judge.rules ?? GLIDEPATH, judge.priors?.(s, r))
  const fixed = replay(FIXED)
  // Peeking and the oracle over the three pauses.
  const schedule = STEPS.filter((x) => x.weight < 100).flatMap((x) => Array.from({ length: x.pauseMs / INTERVAL_MS }, () => x.weight))
  rewind()
  const cum = { nc: 0, nb: 0, ec: 0, eb: 0, lc: [], lb: [] }
  let peeking = { decision: 'promote', ms: CANARY_MS }
  let oracle = null
  let logLr = 0
  let oracleRequests = 0
  const ratio = s.kind === 'latency' ? trueSlowRatio(s.slow) : s.stableErrors > 0 ? s.canaryErrors / s.stableErrors : s.canaryErrors > 0 ? Number.POSITIVE_INFINITY : 1
  schedule.forEach((w, i) => {
    const t = draw(w)
    cum.nc += t.nc; cum.nb += t.nb; cum.ec += t.ec; cum.eb += t.eb
    cum.lc.push(...t.lc.slice(0, 60)); cum.lb.push(...t.lb.slice(0, 60))
    if (peeking.decision === 'promote') {
      const pool = (cum.ec + cum.eb) / Math.max(1, cum.nc + cum.nb)
      const z = cum.nc && cum.nb && pool > 0 ? (cum.ec / cum.nc - cum.eb / cum.nb) / Math.sqrt(pool * (1 - pool) * (1 / cum.nc + 1 / cum.nb)) : 0
      if (z > Z || mannWhitneyZ(cum.lc, cum.lb) > Z + 0.3) peeking = { decision: 'abort', ms: (i + 1) * INTERVAL_MS }
    }
    // The oracle: Wald's SPRT on the canary's share of events (errors, or slow requests), H0 ratio 1.5 (errors) or 1, H1 the true ratio.
    if (oracle === null && ratio > (s.kind === 'latency' ? 1 : 1.5)) {
      const rho0 = s.kind === 'latency' ? 1 : 1.5
      const p0 = (t.nc * rho0) / (t.nc * rho0 + t.nb)
      const p1 = Number.isFinite(ratio) ? (t.nc * ratio) / (t.nc * ratio + t.nb) : 1
      let ce = t.ec
      let be = t.eb
      if (s.kind === 'latency') {
        const threshold = Math.max(1.2 * LATENCY.median * Math.exp(LATENCY.sigma * 1.6449), LATENCY.median * Math.exp(LATENCY.sigma * 1.6449) + 10)
        ce = t.lc.filter((x) => x > threshold).length
        be = t.lb.filter((x) => x > LATENCY.median * Math.exp(LATENCY.sigma * 1.6449)).length
      }
      oracleRequests += t.nc
      if (t.nc && t.nb) logLr += ce * Math.log(p1 / p0) + (p1 < 1 ? be * Math.log((1 - p1) / (1 - p0)) : be > 0 ? -Infinity : 0)
      if (logLr >= Math.log(1 / ALPHA)) oracle = { ms: (i + 1) * INTERVAL_MS, requests: oracleRequests }
    }
  })
  return { glidepath, fixed, peeking, oracle }
}

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s.length ? s[Math.floor(s.length / 2)] : null }
const pct = (x) => `${(x * 100).toFixed(x > 0 && x < 0.01 ? 1 : 0)}%`
const secs = (ms) => (ms === null ? 'n/a' : `${Math.round(ms / 1000)} s`)

function run(s, runs, seed) {
  const r = rng(seed)
  const out = []
  for (let i = 0; i < runs; i++) out.push(canary(s, r))
  return out
}

const REGRESSIONS = [
  ['errors +1 point', (e) => ({ canaryErrors: e + 0.01, slow: 1, kind: 'errors' })],
  ['errors +5 points', (e) => ({ canaryErrors: e + 0.05, slow: 1, kind: 'errors' })],
  ['errors x3', (e) => (e > 0 ? { canaryErrors: 3 * e, slow: 1, kind: 'errors' } : null)],
  ['latency +50%', (e) => ({ canaryErrors: e, slow: 1.5, kind: 'latency' })],
  ['latency x3', (e) => ({ canaryErrors: e, slow: 3, kind: 'latency' })],
]
const SYNTHETIC = { rate: 20, max: 2400 }
function withSynthetic(t, k, s, r) {
  if (!k) return t
  const lat = (n, factor) => Array.from({ length: n }, () => LATENCY.median * factor * Math.exp(LATENCY.sigma * normal(r)))
  return { nc: t.nc + k, nb: t.nb + k, ec: t.ec + binomial(k, s.canaryErrors, r), eb: t.eb + binomial(k, s.stableErrors, r), lc: [...t.lc, ...lat(k, s.slow)], lb: [...t.lb, ...lat(k, 1)] }
}
// History priors (analysis: the stable version as earlier canaries measured it): each canary starts with
// what the last one saw of stable, 5,000 requests with their errors and latencies drawn from stable's
// distributions, beside the same judge without it on the same streams. A stale prior (stable then erred
// 0% and answered in 0.7x the time; now it errs 1% at its usual speed) shows what a wrong one costs.
const HISTORY = 5000
function priorOf(s, r, stale = false) {
  const errors = stale ? 0 : s.stableErrors
  const factor = stale ? 0.7 : 1
  const lat = Array.from({ length: 1000 }, () => LATENCY.median * factor * Math.exp(LATENCY.sigma * normal(r)))
  const h = histogramOf(lat).map(([u, n]) => [u, n * (HISTORY / 1000)])
  return { errors: { requests: HISTORY, events: binomial(HISTORY, errors, r) }, latency: { requests: HISTORY, events: 0, histogram: h } }
}
function canaryPrimed(s, r, opts = {}) {
  const { draw, rewind } = stream(s, r)
  const priors = priorOf(s, r, opts.stale)
  const plan = { steps: STEPS, intervalMs: INTERVAL_MS, ...(opts.synthetic ? { synthetic: SYNTHETIC } : {}) }
  const feed = (w, _ms, k) => measurements(opts.synthetic ? withSynthetic(draw(w), k, s, r) : draw(w))
  const bare = rehearse(GLIDEPATH, plan, feed)
  rewind()
  const primed = rehearse(GLIDEPATH, { ...plan, priors }, feed)
  return { bare, primed }
}
function priorsSection() {
  let out = `\n### History priors: the stable version as earlier canaries measured it\n\nEach canary starts with what an earlier one saw of stable (${HISTORY} requests: their errors, and their latencies as a histogram), drawn from stable's own distributions; beside it, the same judge without a prior on the same streams. The prior sets the error test's mixture weights on the material regression it implies and the latency test's first thresholds, both fixed before the canary's data, so alpha holds whatever the prior says; the **stale** rows give every canary a wrong prior (stable then erred 0% and answered in 0.7x the time; now it errs 1% at its usual speed). ${RUNS} canaries per healthy row, ${Math.max(50, Math.round(RUNS / 2))} per regression row; "with synthetic" rows add \`analysis.synthetic: { rate: ${SYNTHETIC.rate}, max: ${SYNTHETIC.max} }\` to both.\n\n| canary | requests/s | stable errors | evidence | without prior: promoted / caught | **with prior: promoted / caught** | with prior: false aborts | median canary requests to decide, without / with |\n|---|---|---|---|---|---|---|---|\n`
  const rows = []
  const cases = [
    ['healthy', (e) => ({ canaryErrors: e, slow: 1, kind: 'errors' })],
    ['healthy, stale prior', (e) => (e > 0 ? { canaryErrors: e, slow: 1, kind: 'errors', stale: true } : null)],
    ['errors +5 points', (e) => ({ canaryErrors: e + 0.05, slow: 1, kind: 'errors' })],
    ['errors x3', (e) => (e > 0 ? { canaryErrors: 3 * e, slow: 1, kind: 'errors' } : null)],
    ['latency +50%', (e) => ({ canaryErrors: e, slow: 1.5, kind: 'latency' })],
  ]
  for (const [label, make] of cases) {
    for (const [rps, synthetic] of [[1, true], [5, false], [5, true], [20, false]]) {
      for (const stableErrors of [0, 0.01]) {
        const made = make(stableErrors)
        if (!made) continue
        const good = label.startsWith('healthy')
        const n = good ? RUNS : Math.max(50, Math.round(RUNS / 2))
        const r = rng(rps * 15485863 + stableErrors * 1e6 + label.length + (synthetic ? 7 : 0))
        const rs = Array.from({ length: n }, () => canaryPrimed({ rps, stableErrors, ...made }, r, { synthetic, stale: made.stale }))
        const want = good ? 'promote' : 'abort'
        const share = (k) => rs.filter((x) => x[k].decision === want && (!good || !x[k].extended)).length / n
        const reqs = (k) => median(rs.filter((x) => x[k].decision === want).map((x) => x[k].canaryRequests))
        const row = { label, rps, synthetic, stableErrors, bare: share('bare'), primed: share('primed'), falseAborts: good ? rs.filter((x) => x.primed.decision === 'abort').length / n : null, reqBare: reqs('bare'), reqPrimed: reqs('primed') }
        rows.push(row)
        out += `| ${label} | ${rps} | ${pct(stableErrors)} | ${synthetic ? 'with synthetic' : 'real only'} | ${pct(row.bare)} | **${pct(row.primed)}** | ${row.falseAborts === null ? 'n/a' : pct(row.falseAborts)} | ${row.reqBare ?? 'n/a'} / ${row.reqPrimed ?? 'n/a'} |\n`
        console.log(`priors ${label} ${rps} req/s${synthetic ? ' synthetic' : ''} stable ${pct(stableErrors)}: ${JSON.stringify(row)}`)
      }
    }
  }
  const aa = rows.filter((x) => x.falseAborts !== null)
  out += `\nFalse aborts with a prior, right or stale: at most ${pct(Math.max(...aa.map((x) => x.falseAborts)))} over ${aa.length} healthy rows (alpha ${pct(ALPHA)} per metric).\n`
  return { out, rows }
}
// Powered for the regression (issue 39 item 3): the oracle knows the regression; a user who wants to catch
// it says so (minEffect, detectIncrease). Glidepath set for each row's regression, with a history prior,
// on the rows where the oracle catches it by the end of the canary in 90% of streams or more.
function poweredFor(label, stableErrors) {
  const errors = { name: 'errors', source: 'local', metric: 'error-rate', compare: 'stable', alpha: ALPHA, maxIncrease: '50%' }
  const latency = { name: 'latency', source: 'local', metric: 'latency-p95', compare: 'stable', alpha: ALPHA, maxIncrease: '20%' }
  if (label === 'errors +1 point') return { setting: 'errors minEffect 1%, power 0.9', rules: metricRules({ metrics: [{ ...errors, minEffect: '1%', power: 0.9 }, latency] }) }
  if (label === 'errors +5 points') return { setting: 'defaults (minEffect 5%)', rules: GLIDEPATH }
  if (label === 'errors x3') return { setting: `errors minEffect ${pct(2 * stableErrors)}`, rules: metricRules({ metrics: [{ ...errors, minEffect: `${200 * stableErrors}%` }, latency] }) }
  // Latency +50% moves about 3.7 times stable's slow share over the 1.2x threshold; x3 moves nearly all of it.
  if (label === 'latency +50%') return { setting: 'latency detectIncrease 270%', rules: metricRules({ metrics: [errors, { ...latency, detectIncrease: '270%' }] }) }
  return { setting: 'defaults', rules: GLIDEPATH }
}
function poweredSection(rows) {
  let out = `\n### Powered for the regression: Glidepath set to catch what the oracle knows\n\nThe oracle is told the regression; a user who wants to catch one says how large it is (\`minEffect\`, \`detectIncrease\`). Here Glidepath is set for each row's regression and starts with a history prior (as above), on every row where the oracle catches the regression by the end of the canary in 90% of streams or more; alpha ${ALPHA} per metric throughout. The ratio is as above: the median, over streams where both aborted, of Glidepath's canary requests to its abort over the oracle's.\n\n| regression | requests/s | stable errors | Glidepath set for it | oracle | Glidepath with defaults | **Glidepath set for it** | samples vs oracle | healthy canaries promoted at this setting |\n|---|---|---|---|---|---|---|---|---|\n`
  const results = []
  for (const row of rows.filter((x) => x.oracle >= 0.9)) {
    const { setting, rules } = poweredFor(row.label, row.stableErrors)
    const made = REGRESSIONS.find(([l]) => l === row.label)[1](row.stableErrors)
    const n = Math.max(50, Math.round(RUNS / 2))
    const r = rng(row.rps * 7919 + row.stableErrors * 1e6 + row.label.length)
    const judge = { rules, priors: priorsOf }
    const rs = Array.from({ length: n }, () => canary({ rps: row.rps, stableErrors: row.stableErrors, ...made }, r, judge))
    const caught = rs.filter((x) => x.glidepath.decision === 'abort').length / n
    const both = rs.filter((x) => x.glidepath.decision === 'abort' && x.oracle)
    const ratio = both.length >= n / 2 ? median(both.map((x) => x.glidepath.canaryRequests / Math.max(1, x.oracle.requests))) : null
    // What the setting costs: healthy canaries at the same rate, promoted within their pauses.
    const rh = rng(row.rps * 31 + row.stableErrors * 1e5)
    const healthyRuns = Array.from({ length: n }, () => canary({ rps: row.rps, stableErrors: row.stableErrors, canaryErrors: row.stableErrors, slow: 1, kind: 'errors' }, rh, judge))
    const promoted = healthyRuns.filter((x) => x.glidepath.decision === 'promote' && !x.glidepath.extended).length / n
    const falseAborts = healthyRuns.filter((x) => x.glidepath.decision === 'abort').length / n
    results.push({ ...row, setting, caught, ratio, promoted, falseAborts })
    out += `| ${row.label} | ${row.rps} | ${pct(row.stableErrors)} | ${setting} | ${pct(row.oracle)} | ${pct(row.glidepath)} | **${pct(caught)}** | ${ratio === null ? 'n/a' : `${ratio.toFixed(2)}x`} | ${pct(promoted)} (false aborts ${pct(falseAborts)}) |\n`
    console.log(`powered ${row.label} ${row.rps} req/s stable ${pct(row.stableErrors)} (${setting}): caught ${pct(caught)} (defaults ${pct(row.glidepath)}, oracle ${pct(row.oracle)}), ratio ${ratio}, healthy promoted ${pct(promoted)}, false aborts ${pct(falseAborts)}`)
  }
  const ratios = results.map((x) => x.ratio).filter((x) => x !== null)
  out += `\nSet for the regression, Glidepath catches it in ${pct(Math.min(...results.map((x) => x.caught)))} to ${pct(Math.max(...results.map((x) => x.caught)))} of streams where the oracle does in 90% or more (${results.length} rows), with ${Math.min(...ratios).toFixed(2)}x to ${Math.max(...ratios).toFixed(2)}x the oracle's canary requests; false aborts at most ${pct(Math.max(...results.map((x) => x.falseAborts)))} on healthy canaries at the same settings.\n`
  return out
}
const priorsOf = (s, r) => { const p = priorOf(s, r); return { errors: p.errors, latency: p.latency } }
if (process.argv.includes('--only-priors')) {
  priorsSection()
  process.exit(0)
}
if (process.argv.includes('--only-powered')) {
  const rows = [
    { label: 'errors +1 point', rps: 20, stableErrors: 0, oracle: 0.91, glidepath: 0.42 },
    { label: 'errors +1 point', rps: 100, stableErrors: 0, oracle: 1, glidepath: 0.93 },
    { label: 'errors +1 point', rps: 100, stableErrors: 0.001, oracle: 1, glidepath: 0.53 },
    { label: 'errors +5 points', rps: 5, stableErrors: 0, oracle: 0.96, glidepath: 0.93 },
    { label: 'errors x3', rps: 100, stableErrors: 0.01, oracle: 0.98, glidepath: 0.56 },
    { label: 'latency +50%', rps: 5, stableErrors: 0, oracle: 0.99, glidepath: 0.97 },
    { label: 'latency +50%', rps: 5, stableErrors: 0.001, oracle: 0.97, glidepath: 0.94 },
    { label: 'latency +50%', rps: 20, stableErrors: 0, oracle: 1, glidepath: 1 },
  ]
  poweredSection(rows)
  process.exit(0)
}

const started = Date.now()
let md = `## Canary judgement: saying yes at real traffic, and no to regressions\n\n${new Date().toISOString().slice(0, 10)}, ${machine()}. Command: \`node --import tsx bench/judgement.mjs --runs ${RUNS} --real ${REAL}\`.\n\n`
md += `Simulated canaries (seeded; every judge sees the same traffic): steps of 10%, 25% and 50% with **1-minute pauses**, measured every 10 s, then 100%. Requests arrive at the rate shown in all (Poisson) and split by weight; stable errs at the rate shown and answers in lognormal times (median ${LATENCY.median} ms). Judges: **fixed**, Flagger's and Argo Rollouts' threshold analysis (error rate max 1%, p95 max 500 ms, abort on the first breach); **peeking**, Kayenta-style fixed-horizon tests (two-proportion z-test on errors, Mann-Whitney U on latency) at alpha ${ALPHA}, re-checked every interval; **Glidepath**, the canary-step judge (compare: stable, sequential, alpha ${ALPHA}, maxIncrease 50% on errors and 20% on p95, default minEffect 5% and 10 ms), run through \`shared/analysis/rehearse.ts\`, the same analyse() and step rules as the action; **oracle**, Wald's SPRT that knows the true regression, on the same counts.\n\n`

// 1. Healthy canaries (A/A): promoted within their pauses, the time it took, and false aborts.
md += `### Healthy canaries (the canary is stable's equal): promoted within the pauses, median time to promote, false aborts\n\n${RUNS} canaries per row. "held" is a canary that reached the end of its pauses without the evidence to promote (canary-step then waits up to its hold budget, or onHold decides).\n\n| requests/s | stable errors | fixed: promoted | fixed: false aborts | peeking: false aborts | **Glidepath: promoted** | Glidepath: median time | Glidepath: held | **Glidepath: false aborts** |\n|---|---|---|---|---|---|---|---|---|\n`
const healthy = {}
for (const rps of RATES) {
  for (const stableErrors of STABLE_ERRORS) {
    const rs = run({ rps, stableErrors, canaryErrors: stableErrors, slow: 1, kind: 'errors' }, RUNS, rps * 1000 + stableErrors * 1e5)
    const g = rs.map((x) => x.glidepath)
    const promoted = g.filter((x) => x.decision === 'promote' && !x.extended)
    const row = {
      fixed: rs.filter((x) => x.fixed.decision === 'promote' && !x.fixed.extended).length / RUNS,
      fixedAbort: rs.filter((x) => x.fixed.decision === 'abort').length / RUNS,
      peekAbort: rs.filter((x) => x.peeking.decision === 'abort').length / RUNS,
      glidepath: promoted.length / RUNS,
      time: median(promoted.map((x) => x.ms)),
      held: g.filter((x) => x.decision === 'hold' || x.extended).length / RUNS,
      abort: g.filter((x) => x.decision === 'abort').length / RUNS,
    }
    healthy[`${rps}/${stableErrors}`] = row
    md += `| ${rps} | ${pct(stableErrors)} | ${pct(row.fixed)} | ${pct(row.fixedAbort)} | ${pct(row.peekAbort)} | **${pct(row.glidepath)}** | ${secs(row.time)} | ${pct(row.held)} | **${pct(row.abort)}** |\n`
    console.log(`healthy ${rps} req/s, stable ${pct(stableErrors)}: ${JSON.stringify(row)}${g.filter((x) => x.decision === 'abort').map((x) => `\n  abort: ${x.reason.slice(0, 300)}`).join('')}`)
  }
}

// 2. Regressions: caught by the end of the canary, time to abort, samples against the oracle's.
const runsR = Math.max(50, Math.round(RUNS / 2))
const busy = Object.entries(healthy).filter(([k]) => Number(k.split('/')[0]) >= 5)
const targets = {
  promoted: busy.every(([, x]) => x.glidepath >= x.fixed),
  falseAborts: Math.max(...Object.values(healthy).map((x) => x.abort)),
  fixedOver: Math.max(...Object.values(healthy).map((x) => x.fixedAbort)),
  peekOver: Math.max(...Object.values(healthy).map((x) => x.peekAbort)),
}
md += `\n${targets.promoted ? 'Wherever 5 requests/s or more reach the environment, Glidepath promotes healthy canaries within their pauses at least as often as fixed limits do' : 'Somewhere at 5 requests/s or more, fixed limits promote healthy canaries more often than Glidepath'}; its false aborts are at most ${pct(targets.falseAborts)} (alpha is ${pct(ALPHA)} per metric), against up to ${pct(targets.fixedOver)} for fixed limits and ${pct(targets.peekOver)} for peeking. At 1 request/s no judge can tell a healthy canary from a +5-point regression within three minutes (the oracle below rarely can), so Glidepath holds and says how long it needs.\n`
const caughtRows = []
md += `\n### Regressions: share caught by the end of the canary, median time to abort, and canary requests to abort against the oracle's\n\n${runsR} canaries per row. The ratio is the median, over the streams where both aborted, of Glidepath's canary requests to its abort over the oracle's (Wald's SPRT knowing the true regression) on the same stream; "n/a" where fewer than half the streams have both (the oracle itself cannot decide within the canary).\n\n| regression | requests/s | stable errors | fixed | peeking | oracle | **Glidepath** | Glidepath: median time to abort | samples vs oracle |\n|---|---|---|---|---|---|---|---|---|\n`
for (const [label, make] of REGRESSIONS) {
  for (const rps of RATES) {
    for (const stableErrors of STABLE_ERRORS) {
      const made = make(stableErrors)
      if (!made) continue
      const rs = run({ rps, stableErrors, ...made }, runsR, rps * 7919 + stableErrors * 1e6 + label.length)
      const caught = (j) => rs.filter((x) => x[j].decision === 'abort').length / runsR
      const g = rs.filter((x) => x.glidepath.decision === 'abort')
      const oracleCaught = rs.filter((x) => x.oracle).length / runsR
      // Paired on the same stream: Glidepath's canary requests to its abort over the oracle's, where both aborted.
      const both = rs.filter((x) => x.glidepath.decision === 'abort' && x.oracle)
      const ratio = both.length >= runsR / 2 ? median(both.map((x) => x.glidepath.canaryRequests / Math.max(1, x.oracle.requests))) : null
      caughtRows.push({ label, rps, stableErrors, oracle: oracleCaught, glidepath: g.length / runsR, ratio })
      md += `| ${label} | ${rps} | ${pct(stableErrors)} | ${pct(caught('fixed'))} | ${pct(caught('peeking'))} | ${pct(oracleCaught)} | **${pct(g.length / runsR)}** | ${secs(median(g.map((x) => x.glidepath.ms)))} | ${ratio === null ? 'n/a' : `${ratio.toFixed(2)}x`} |\n`
      console.log(`${label} ${rps} req/s stable ${pct(stableErrors)}: glidepath ${pct(g.length / runsR)}, oracle ${pct(oracleCaught)}, ratio ${ratio}`)
    }
  }
}

{
  // The issue's targets, read off the rows above: where the oracle catches a +5-point or x3 regression
  // by the end of the canary, how often Glidepath does; and the worst samples-to-abort ratio.
  const feasible = caughtRows.filter((x) => /\+5 points|x3/.test(x.label) && x.oracle >= 0.9)
  const worst = feasible.reduce((a, b) => (b.glidepath < a.glidepath ? b : a), feasible[0])
  const ratios = caughtRows.map((x) => x.ratio).filter((x) => x !== null)
  md += `\nWhere the oracle catches a +5-point or x3 regression by the end of the canary in 90% of streams or more (${feasible.length} rows), Glidepath catches it in ${pct(Math.min(...feasible.map((x) => x.glidepath)))} to ${pct(Math.max(...feasible.map((x) => x.glidepath)))} (the lowest: ${worst.label} at ${worst.rps} requests/s, stable ${pct(worst.stableErrors)}, against the oracle's ${pct(worst.oracle)}). Its canary requests to abort are ${Math.min(...ratios).toFixed(2)}x to ${Math.max(...ratios).toFixed(2)}x the oracle's on the same streams.\n`
}

// 2a. The same rows with Glidepath set for each regression (issue 39 item 3).
md += poweredSection(caughtRows)

// 2b. Evidence on demand (analysis.synthetic): the same judge when the step tops both versions up with
// its own requests (drawn from the same distributions as real ones), at the rates where real traffic
// is short. Glidepath without them on the same real streams, beside.
function canaryFed(s, r) {
  const { draw, rewind } = stream(s, r)
  const bare = rehearse(GLIDEPATH, { steps: STEPS, intervalMs: INTERVAL_MS }, (w) => measurements(draw(w)))
  rewind()
  const fed = rehearse(GLIDEPATH, { steps: STEPS, intervalMs: INTERVAL_MS, synthetic: SYNTHETIC }, (w, _ms, k) => measurements(withSynthetic(draw(w), k, s, r)))
  return { bare, fed }
}
{
  md += `\n### Evidence on demand: \`analysis.synthetic\` where real traffic is short\n\nThe same canaries, with the step topping both versions up with its own requests (\`synthetic: { rate: ${SYNTHETIC.rate}, max: ${SYNTHETIC.max} }\`: the least that brings the judge its power by the step's end, at most ${SYNTHETIC.rate} requests/s per version, ${SYNTHETIC.max} per step), decided by the same \`shared/analysis/synthetic.ts\` arithmetic as canary-step, beside the same judge on the same real traffic without them. ${RUNS} canaries per healthy row, ${runsR} per regression row.\n\n| canary | requests/s | stable errors | Glidepath alone: promoted / caught | **with synthetic: promoted / caught** | with synthetic: held | **with synthetic: false aborts** | median time | synthetic requests per version (median) |\n|---|---|---|---|---|---|---|---|---|\n`
  const rowsS = []
  for (const [label, make] of [['healthy', (e) => ({ canaryErrors: e, slow: 1, kind: 'errors' })], ...REGRESSIONS.filter(([l]) => /\+5 points|latency x3|errors x3/.test(l))]) {
    for (const rps of [1, 5]) {
      for (const stableErrors of [0, 0.01]) {
        const made = make(stableErrors)
        if (!made) continue
        const n = label === 'healthy' ? RUNS : runsR
        const r = rng(rps * 104729 + stableErrors * 1e6 + label.length)
        const rs = Array.from({ length: n }, () => canaryFed({ rps, stableErrors, ...made }, r))
        const good = label === 'healthy'
        const share = (k, d) => rs.filter((x) => x[k].decision === d && (d !== 'promote' || !x[k].extended)).length / n
        const decided = rs.filter((x) => x.fed.decision === (good ? 'promote' : 'abort'))
        const row = { label, rps, stableErrors, bare: share('bare', good ? 'promote' : 'abort'), fed: share('fed', good ? 'promote' : 'abort'), held: rs.filter((x) => x.fed.decision === 'hold' || (good && x.fed.extended)).length / n, falseAborts: good ? share('fed', 'abort') : null }
        rowsS.push(row)
        md += `| ${label} | ${rps} | ${pct(stableErrors)} | ${pct(row.bare)} | **${pct(row.fed)}** | ${pct(row.held)} | **${row.falseAborts === null ? 'n/a' : pct(row.falseAborts)}** | ${secs(median(decided.map((x) => x.fed.ms)))} | ${median(rs.map((x) => x.fed.synthetic))} |\n`
        console.log(`synthetic ${label} ${rps} req/s stable ${pct(stableErrors)}: ${JSON.stringify(row)}`)
      }
    }
  }
  const h1 = rowsS.filter((x) => x.label === 'healthy' && x.rps === 1)
  const r1 = rowsS.filter((x) => x.label !== 'healthy' && x.rps === 1 && /\+5 points|latency x3/.test(x.label))
  md += `\nAt 1 request/s with synthetic evidence, ${pct(Math.min(...h1.map((x) => x.fed)))} to ${pct(Math.max(...h1.map((x) => x.fed)))} of healthy canaries are promoted within their pauses (without it: ${pct(Math.max(...h1.map((x) => x.bare)))} at most), with false aborts at most ${pct(Math.max(...h1.map((x) => x.falseAborts)))} (alpha ${pct(ALPHA)} per metric); errors +5 points and latency x3 are caught by the end of the canary in ${pct(Math.min(...r1.map((x) => x.fed)))} to ${pct(Math.max(...r1.map((x) => x.fed)))}.\n`
}

// 2c. History priors (issue 39 item 2).
md += priorsSection().out

// 3. A canary in one step at 5 requests/s: the evidence both ways, as the action logs it.
{
  const r = rng(5)
  const s = { rps: 20, stableErrors: 0, canaryErrors: 0, slow: 1, kind: 'errors' }
  let j = emptyJudgement()
  let counters = {}
  const lines = []
  for (let i = 1; i <= 6; i++) {
    const out = analyse(GLIDEPATH, measurements(traffic(s, 20, r)), counters, j, { canaryShare: 0.2, intervalMs: INTERVAL_MS, final: true })
    j = out.judgement
    counters = out.counters
    lines.push(`${i * 10} s: ${out.results.map((x) => `${x.metric} ${x.evidence?.status}`).join(', ')}`)
  }
  md += `\nOne healthy canary at 20 requests/s and 20% (the issue's datasette case), interval by interval: ${lines.join('; ')}.\n`
}

// A few canaries on the real local router: canary-step with the README's settings, under open-loop traffic.
async function real(rps = 15, synthetic = '') {
  const freePort = () => new Promise((resolve) => { const s = createServer().listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => resolve(p)) }) })
  const cli = join(root, 'bin', 'glidepath.js')
  const run1 = (ws, action, args) => new Promise((resolve) => {
    const c = spawn(process.execPath, [cli, action, ...args, '--json', '--ref', 'main'], { cwd: ws, env: { ...process.env, GITHUB_WORKSPACE: ws } })
    let out = ''
    c.stdout.on('data', (d) => (out += d))
    c.on('close', () => resolve(out.trim() ? JSON.parse(out) : {}))
  })
  const rows = []
  for (const [label, behaviour] of [['healthy (never errs, 40 ms)', { delayMs: 40 }], ['5% errors', { delayMs: 40, errorRate: 0.05 }], ['3x slower', { delayMs: 120 }]]) {
    const decisions = []
    const times = []
    for (let i = 0; i < REAL; i++) {
      const ws = mkdtempSync(join(tmpdir(), 'glidepath-judge-'))
      const port = await freePort()
      for (const [v, b] of [['v1', { delayMs: 40 }], ['v2', behaviour]]) {
        cpSync(join(root, 'examples', 'demo-app'), join(ws, `app-${v}`), { recursive: true })
        writeFileSync(join(ws, `app-${v}`, 'behaviour.json'), JSON.stringify(b))
        writeFileSync(join(ws, `app-${v}`, 'package.json'), '{"type":"module"}')
      }
      writeFileSync(join(ws, 'glidepath.yml'), `version: 1\nenvironments:\n  demo:\n    branches: [main]\n    strategy: canary\n    local: { app: 'app-{{version}}', start: node server.js, health: /health, port: ${port}, minReady: 100ms }\n    canary:\n      steps: [ {weight: 25, pause: 30s}, {weight: 50, pause: 30s}, {weight: 100} ]\n      analysis:\n        interval: 5s\n${synthetic}        metrics:\n          - { name: errors, source: local, metric: error-rate, compare: stable, maxIncrease: 50%, alpha: 0.01 }\n          - { name: latency, source: local, metric: latency-p95, compare: stable, maxIncrease: 20%, alpha: 0.01 }\n`)
      const cfg = ['--config', 'glidepath.yml', '--environment', 'demo']
      await run1(ws, 'deploy', [...cfg, '--version', 'v1'])
      await run1(ws, 'deploy', [...cfg, '--version', 'v2'])
      // Open loop: rps requests/s whatever the answers take.
      let on = true
      const inflight = new Set()
      const timer = setInterval(() => {
        if (!on) return
        const p = fetch(`http://127.0.0.1:${port}/`).then((res) => res.arrayBuffer()).catch(() => {})
        inflight.add(p)
        p.finally(() => inflight.delete(p))
      }, 1000 / rps)
      const t0 = performance.now()
      const out = await run1(ws, 'canary-step', [...cfg, '--step', 'all'])
      const seconds = (performance.now() - t0) / 1000
      on = false
      clearInterval(timer)
      await Promise.all(inflight)
      decisions.push(out.decision)
      times.push(seconds)
      console.log(`real ${rps} req/s${synthetic ? ' synthetic' : ''} ${label} #${i + 1}: ${out.decision} after ${seconds.toFixed(1)} s (${(out.reason ?? '').slice(0, 200)})`)
      await run1(ws, 'deploy', [...cfg, '--teardown'])
      rmSync(ws, { recursive: true, force: true })
    }
    const count = (d) => decisions.filter((x) => x === d).length
    rows.push(`| ${label} | ${REAL} | ${count('promote')} | ${count('abort')} | ${median(times).toFixed(1)} s |`)
  }
  return rows
}
if (REAL > 0) {
  md += `\n### On the real local router\n\nThe canary-step action with the README's settings (steps 25% and 50% with 30 s pauses, every 5 s, alpha ${ALPHA}, maxIncrease 50% on errors and 20% on p95) under open-loop traffic at 15 requests/s; the router's own counters are the measurements.\n\n| canary | runs | promoted | aborted | median time to decide |\n|---|---|---|---|---|\n${(await real()).join('\n')}\n`
  md += `\nThe same at **1 request/s** of real traffic, with \`analysis.synthetic: { rate: 20 }\` (the steps' own requests through the router's pin, the least that brings the judge its power):\n\n| canary | runs | promoted | aborted | median time to decide |\n|---|---|---|---|---|\n${(await real(1, '        synthetic: { rate: 20 }\n')).join('\n')}\n`
}
md += `\nTook ${Math.round((Date.now() - started) / 1000)} s.\n`
writeSection('judgement', md)
