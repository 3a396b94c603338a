#!/usr/bin/env node
// Previews on one machine (issue 38 item 7), through the glidepath CLI (the bundles the runner runs):
// from a pull request's event to its preview answering at its host name through the front (previews.host,
// private, a free port of its own), beside the floor of starting the same app by hand and waiting for it
// to answer; then the memory of N previews awake on one host (every router, the front and the apps,
// resident set sizes from /proc) and asleep (previews.idle), beside the same N apps started bare, and
// the first request to a sleeping preview (its wake) beside one to an awake preview, in one run.
//   node bench/previews.mjs [--previews 20] [--runs 5]
import { spawn } from 'node:child_process'
import { mkdtempSync, mkdirSync, cpSync, writeFileSync, readFileSync, readdirSync, readlinkSync, rmSync } from 'node:fs'
import { createServer, request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { root, machine, writeSection } from './lib/report.mjs'

const arg = (name, fallback) => { const i = process.argv.indexOf(`--${name}`); return i > 0 ? Number(process.argv[i + 1]) : fallback }
const N = arg('previews', 20)
const RUNS = arg('runs', 5)
const cli = join(root, 'bin', 'glidepath.js')
const SECRET = 'bench-preview-secret'
const freePort = () => new Promise((resolve) => { const s = createServer().listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => resolve(p)) }) })
const sleep = (ms) => new Promise((r) => setTimeout(r, ms))

function glidepath(ws, number, ...args) {
  const event = join(ws, `event-${number}.json`)
  writeFileSync(event, JSON.stringify({ action: 'opened', number, pull_request: { number, title: 'bench', state: 'open', head: { ref: `feature/f${number}`, sha: 'f00d', repo: { full_name: 'acme/web' } }, base: { ref: 'main', repo: { full_name: 'acme/web' } } } }))
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, ...args, '--json', '--event-name', 'pull_request', '--event-path', event, '--ref', `refs/pull/${number}/merge`], { cwd: ws, env: { ...process.env, GITHUB_WORKSPACE: ws, GLIDEPATH_PREVIEW_SECRET: SECRET }, stdio: ['ignore', 'ignore', 'pipe'] })
    let err = ''
    child.stderr.on('data', (c) => (err += c))
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`glidepath ${args.join(' ')} exited ${code}: ${err.slice(-800)}`))))
  })
}

/** One GET with a Host header (and the preview's token in the header scripts use); its status, or 0. */
function get(port, host, headers = {}) {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path: '/health', headers: { host, ...headers }, timeout: 2000 }, (res) => { res.resume(); res.on('end', () => resolve(res.statusCode)) })
    req.on('error', () => resolve(0))
    req.on('timeout', () => { req.destroy(); resolve(0) })
    req.end()
  })
}

async function answered(port, host, headers) {
  for (;;) { if ((await get(port, host, headers)) === 200) return; await sleep(10) }
}

function rssKiB(pid) {
  try { return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) } catch { return 0 }
}

/** Processes whose working directory is under `dir` (what the previews run), by /proc. */
function processesUnder(dir) {
  const out = []
  for (const e of readdirSync('/proc')) {
    if (!/^\d+$/.test(e)) continue
    try { if (readlinkSync(`/proc/${e}/cwd`).startsWith(dir)) out.push(Number(e)) } catch { /* gone */ }
  }
  return out
}

function workspace(front, idle) {
  const ws = mkdtempSync(join(tmpdir(), 'glidepath-bench-previews-'))
  mkdirSync(join(ws, '.github'), { recursive: true })
  cpSync(join(root, 'examples', 'demo-app'), join(ws, 'apps', 'v1'), { recursive: true })
  writeFileSync(join(ws, '.github', 'glidepath.yml'), `version: 1
environments:
  preview:
    pullRequests: true
    name: 'pr-{{pr.number}}'
    url: 'http://pr-{{pr.number}}.preview.test:${front}'
    timeout: 60s
    local: { app: 'apps/{{version}}', start: node server.js, health: /health, minReady: 100ms }
    previews: { ttl: 3d, ${idle ? `idle: ${idle}, ` : ''}host: { port: ${front}, name: 'pr-{{pr.number}}.preview.test' } }
`)
  return ws
}

const token = async (ws, number) => new Promise((resolve, reject) => {
  const child = spawn(process.execPath, [cli, 'preview-link', '--environment', 'preview', '--pr', String(number), '--json'], { cwd: ws, env: { ...process.env, GITHUB_WORKSPACE: ws, GLIDEPATH_PREVIEW_SECRET: SECRET }, stdio: ['ignore', 'pipe', 'pipe'] })
  let out = ''
  let err = ''
  child.stdout.on('data', (c) => (out += c))
  child.stderr.on('data', (c) => (err += c))
  child.on('close', (code) => (code === 0 ? resolve(new URL(JSON.parse(out).link).searchParams.get('glidepath-preview')) : reject(new Error(`preview-link exited ${code}: ${err.slice(-600)}`))))
})

/** The floor: the same app started by hand and waited for. */
async function bare(port) {
  const dir = mkdtempSync(join(tmpdir(), 'glidepath-bench-bare-'))
  cpSync(join(root, 'examples', 'demo-app'), dir, { recursive: true })
  const t = performance.now()
  const child = spawn(process.execPath, ['server.js'], { cwd: dir, env: { ...process.env, PORT: String(port), GLIDEPATH_VERSION: 'v1' }, stdio: 'ignore' })
  await answered(port, '127.0.0.1', {})
  const ms = performance.now() - t
  return { ms, child, dir }
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
const ready = { glidepath: [], bare: [] }
for (let i = 0; i < RUNS; i++) {
  const front = await freePort()
  const ws = workspace(front)
  const number = 100 + i
  try {
    const tok = await token(ws, number)
    const t = performance.now()
    await glidepath(ws, number, 'deploy', '--version', 'v1')
    await answered(front, `pr-${number}.preview.test`, { 'x-glidepath-preview': tok })
    ready.glidepath.push(performance.now() - t)
    await glidepath(ws, number, 'deploy', '--teardown', 'true')
  } finally {
    rmSync(ws, { recursive: true, force: true })
  }
  const b = await bare(await freePort())
  ready.bare.push(b.ms)
  b.child.kill('SIGKILL')
  rmSync(b.dir, { recursive: true, force: true })
}

/** The two GitHub calls the reap makes, answered as for open pull requests (no network here). */
async function githubStub() {
  const server = createServer((req, res) => {
    res.setHeader('content-type', 'application/json')
    if (/^\/repos\/acme\/web\/deployments/.test(req.url)) return res.end('[]')
    const pull = /^\/repos\/acme\/web\/pulls\/(\d+)$/.exec(req.url)
    if (pull) return res.end(JSON.stringify({ number: Number(pull[1]), state: 'open' }))
    res.statusCode = 404
    res.end('{"message":"Not Found"}')
  })
  await new Promise((r) => server.listen(0, '127.0.0.1', r))
  return server
}

function reap(ws, api) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, 'deploy', '--reap', 'true', '--token', 'bench', '--json', '--event-name', 'schedule', '--ref', 'refs/heads/main'], { cwd: ws, env: { ...process.env, GITHUB_WORKSPACE: ws, GLIDEPATH_PREVIEW_SECRET: SECRET, GITHUB_TOKEN: 'bench', GITHUB_API_URL: api, GITHUB_REPOSITORY: 'acme/web' }, stdio: ['ignore', 'ignore', 'pipe'] })
    let err = ''
    child.stderr.on('data', (c) => (err += c))
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`reap exited ${code}: ${err.slice(-800)}`))))
  })
}

/** One request's time to its 200 through the front (a sleeping preview's wake included). */
async function timed(port, host, headers) {
  const t = performance.now()
  const status = await getLong(port, host, headers)
  if (status !== 200) throw new Error(`${host} answered ${status}`)
  return performance.now() - t
}
function getLong(port, host, headers) {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path: '/health', headers: { host, ...headers }, timeout: 120_000 }, (res) => { res.resume(); res.on('end', () => resolve(res.statusCode)) })
    req.on('error', () => resolve(0))
    req.end()
  })
}

// N previews awake behind one front, then asleep (previews.idle, put to sleep by the reap), and N bare
// apps, each measured alone; then the first request to sleeping previews (the wake) beside one to awake ones.
const front = await freePort()
const ws = workspace(front, '1s')
const api = await githubStub()
const apiUrl = `http://127.0.0.1:${api.address().port}`
let awake = { processes: 0, kib: 0 }
let asleep = { processes: 0, kib: 0 }
const WAKES = Math.min(5, N)
const wake = { asleep: [], awake: [] }
try {
  for (let n = 1; n <= N; n++) await glidepath(ws, n, 'deploy', '--version', 'v1')
  await sleep(1000)
  const pids = processesUnder(ws)
  awake = { processes: pids.length, kib: pids.reduce((a, p) => a + rssKiB(p), 0) }
  await sleep(1500)
  await reap(ws, apiUrl)
  await sleep(1000)
  const left = processesUnder(ws)
  asleep = { processes: left.length, kib: left.reduce((a, p) => a + rssKiB(p), 0) }
  for (let n = 1; n <= WAKES; n++) {
    const headers = { 'x-glidepath-preview': await token(ws, n) }
    wake.asleep.push(await timed(front, `pr-${n}.preview.test`, headers))
    wake.awake.push(await timed(front, `pr-${n}.preview.test`, headers))
  }
} finally {
  api.close()
  for (let n = 1; n <= N; n++) await glidepath(ws, n, 'deploy', '--teardown', 'true').catch(() => undefined)
  rmSync(ws, { recursive: true, force: true })
}
const bares = []
for (let n = 0; n < N; n++) bares.push(await bare(await freePort()))
await sleep(1000)
const bareKiB = bares.reduce((a, b) => a + rssKiB(b.child.pid), 0)
for (const b of bares) { b.child.kill('SIGKILL'); rmSync(b.dir, { recursive: true, force: true }) }

const s = (ms) => (ms / 1000).toFixed(2)
const mib = (kib) => (kib / 1024).toFixed(0)
let md = `## Previews on one machine\n\n${new Date().toISOString().slice(0, 10)}, ${machine()}. Command: \`node bench/previews.mjs --previews ${N} --runs ${RUNS}\`.\n\n`
md += `Through the glidepath CLI (the action bundles), the demo app as a pull request's preview with the local provider: private (previews.private), behind one front (previews.host), on a free port of its own. **Ready** is from the deploy command's start (the pull request's event) to the preview answering 200 at its host name through the front with its token; the floor is the same app started by hand (\`node server.js\`) and waited for. Medians of ${RUNS}, seconds.\n\n`
md += '| path | seconds |\n|---|---|\n'
md += `| Glidepath: event to the preview answering at its host name | ${s(median(ready.glidepath))} |\n`
md += `| the app started by hand, to its first answer | ${s(median(ready.bare))} |\n\n`
md += `**Memory**: ${N} previews awake on one host, the resident set of every process under the previews' directory (each preview's router and release, and the front), beside ${N} bare apps.\n\n`
md += '| | processes | resident MiB |\n|---|---|---|\n'
md += `| ${N} Glidepath previews behind one front, awake | ${awake.processes} | ${mib(awake.kib)} |\n`
md += `| the same ${N} asleep (previews.idle: the reap stopped their releases and own routers) | ${asleep.processes} | ${mib(asleep.kib)} |\n`
md += `| ${N} bare apps | ${N} | ${mib(bareKiB)} |\n`
md += `\nAwake, each preview runs three processes (its router, and its release: the start command's shell and the app), plus one front for all; the difference from the bare apps is Glidepath's routers, about ${mib((awake.kib - bareKiB) / (N + 1))} MiB each (a Node process apiece, most of it Node's own floor). Asleep, only the front is left.\n\n`
md += `**Waking**: the first request to a sleeping preview through the front (with its token) waits while the front starts the waker, which starts the release as it ran, waits for its health (minReady 100ms) and the preview's own router, then is answered; beside the next request, to the same preview awake. Medians of ${WAKES} previews, seconds.\n\n`
md += '| request | seconds |\n|---|---|\n'
md += `| first request to a sleeping preview (the wake included) | ${(median(wake.asleep) / 1000).toFixed(3)} |\n`
md += `| a request to an awake preview | ${(median(wake.awake) / 1000).toFixed(3)} |\n`
console.log(md)
writeSection('previews', md)
