#!/usr/bin/env node
// Rollback benchmark (issue 37 item 2): on the local provider and its router, through the glidepath CLI
// (the bundles the runner runs), a rollback of v2 back to v1 within rollback.window (v1 kept running:
// one router switch) beside today's rollback (v1 started again, health-checked, routed), in one run,
// each under a closed-loop load that counts every failed request.
//   node bench/rollback-window.mjs [--runs 5]
import { spawn } from 'node:child_process'
import { mkdtempSync, mkdirSync, cpSync, writeFileSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { root, machine, writeSection } from './lib/report.mjs'

const runsArg = process.argv.indexOf('--runs')
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 5
const cli = join(root, 'bin', 'glidepath.js')

const freePort = () => new Promise((resolve) => { const s = createServer().listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => resolve(p)) }) })

function glidepath(ws, ...args) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, ...args, '--json', '--ref', 'main'], { cwd: ws, env: { ...process.env, GITHUB_WORKSPACE: ws }, stdio: ['ignore', 'ignore', 'pipe'] })
    let err = ''
    child.stderr.on('data', (c) => (err += c))
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`glidepath ${args.join(' ')} exited ${code}: ${err.slice(-800)}`))))
  })
}

/** Four clients in a closed loop against the router; every failure counted. */
function load(url) {
  let go = true
  const seen = { sent: 0, failed: 0 }
  const loops = Promise.all([0, 1, 2, 3].map(async () => {
    while (go) {
      seen.sent++
      try { if ((await fetch(url)).status !== 200) seen.failed++ } catch { seen.failed++ }
    }
  }))
  return { stop: async () => { go = false; await loops; return seen } }
}

async function once(window) {
  const ws = mkdtempSync(join(tmpdir(), 'glidepath-bench-rollback-'))
  const port = await freePort()
  mkdirSync(join(ws, '.github'), { recursive: true })
  for (const v of ['v1', 'v2']) cpSync(join(root, 'examples', 'demo-app'), join(ws, 'apps', v), { recursive: true })
  writeFileSync(join(ws, '.github', 'glidepath.yml'), `version: 1
environments:
  demo:
    branches: [main]
    strategy: rolling
    timeout: 30s
    local: { app: 'apps/{{version}}', start: node server.js, health: /health, port: ${port} }
${window ? `    rollback: { window: ${window} }\n` : ''}`)
  try {
    await glidepath(ws, 'deploy', '--environment', 'demo', '--version', 'v1')
    await glidepath(ws, 'deploy', '--environment', 'demo', '--version', 'v2')
    const l = load(`http://127.0.0.1:${port}/`)
    await new Promise((r) => setTimeout(r, 200))
    const t = process.hrtime.bigint()
    await glidepath(ws, 'rollback', '--environment', 'demo', '--to', 'v1')
    const seconds = Number(process.hrtime.bigint() - t) / 1e9
    await new Promise((r) => setTimeout(r, 200))
    const seen = await l.stop()
    return { seconds, ...seen }
  } finally {
    await glidepath(ws, 'deploy', '--environment', 'demo', '--teardown').catch(() => undefined)
    rmSync(ws, { recursive: true, force: true })
  }
}

const results = { window: [], restart: [] }
for (let i = 0; i < RUNS; i++) {
  // Alternating, so that a busy moment of the machine falls on both.
  results.window.push(await once('1h'))
  results.restart.push(await once(undefined))
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
const row = (label, rs) => `| ${label} | ${median(rs.map((r) => r.seconds)).toFixed(2)} | ${Math.min(...rs.map((r) => r.seconds)).toFixed(2)} | ${Math.max(...rs.map((r) => r.seconds)).toFixed(2)} | ${rs.reduce((a, r) => a + r.sent, 0)} | ${rs.reduce((a, r) => a + r.failed, 0)} |`
mkdirSync(join(root, 'bench', 'results'), { recursive: true })
writeFileSync(join(root, 'bench', 'results', 'rollback-window.json'), JSON.stringify({ runs: RUNS, results }, null, 2))
const md = `## Rollback within rollback.window, beside today's rollback

${new Date().toISOString().slice(0, 10)}, ${machine()}. Command: \`node bench/rollback-window.mjs --runs ${RUNS}\`.

The local provider and its router, each step run by the glidepath CLI (the bundles the runner runs): v1 then
v2 deployed rolling, then \`glidepath rollback --to v1\` timed from the process start to its exit. With
\`rollback: { window: 1h }\` v1 still runs (kept warm after v2 went live), so the rollback checks its health
and switches the router; without it v1 is started again, waits for its health path, then takes traffic.
Four clients in a closed loop send requests through the router during each rollback; every failed
request is counted. Alternating runs; seconds.

| rollback | median | min | max | requests under load | failed |
|---|---|---|---|---|---|
${row('within rollback.window (v1 kept running: one router switch)', results.window)}
${row('without a window (v1 started again, health-checked, routed)', results.restart)}

The CLI's own start-up (Node, the bundle, the config) is inside both figures.
`
console.log(md)
writeSection('rollback-window', md)
