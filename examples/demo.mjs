#!/usr/bin/env node
// npm run demo: the whole chain on this machine with the local provider and router (SPEC section 7).
// v1 goes live; v2 starts as a canary, fails its analysis and is rolled back automatically; v3 is
// promoted step by step to 100%; a manual rollback returns to v1. At each point the demo asks the
// router which version answers. Every action runs through the glidepath CLI, i.e. the same bundles
// the GitHub runner runs. Nothing is left running at the end.
import { spawn } from 'node:child_process'
import { mkdtempSync, mkdirSync, cpSync, writeFileSync, readFileSync, existsSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join, dirname } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const cli = join(root, 'bin', 'glidepath.js')
const started = Date.now()
const ws = mkdtempSync(join(tmpdir(), 'glidepath-demo-'))
const outDir = join(root, '.glidepath-demo')
const color = process.stdout.isTTY ? (c, s) => `\x1b[${c}m${s}\x1b[0m` : (_c, s) => s
const t = () => color('2', `[+${((Date.now() - started) / 1000).toFixed(1).padStart(5)}s]`)
const say = (s) => console.log(`${t()} ${s}`)
const detail = (s) => console.log(color('2', `          │ ${s}`))

const port = await new Promise((resolve) => {
  const s = createServer().listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => resolve(p)) })
})
const routerUrl = `http://127.0.0.1:${port}`

// The workspace: three versions of the demo app and the config the actions read.
mkdirSync(join(ws, '.github'), { recursive: true })
for (const [version, behaviour] of [['v1', {}], ['v2', { errorRate: 0.6 }], ['v3', {}]]) {
  cpSync(join(root, 'examples', 'demo-app'), join(ws, 'releases-src', version), { recursive: true })
  writeFileSync(join(ws, 'releases-src', version, 'behaviour.json'), JSON.stringify(behaviour))
}
writeFileSync(join(ws, '.github', 'glidepath.yml'), `version: 1
environments:
  demo:
    branches: [main]
    provider: local
    local: { app: 'releases-src/{{version}}', start: node server.js, health: /health, port: ${port} }
    strategy: canary
    timeout: 30s
    canary:
      steps: [ {weight: 20, pause: 3s}, {weight: 50, pause: 3s}, {weight: 100} ]
      analysis:
        interval: 1s
        minRequests: 5
        metrics:
          - { name: errors, source: local, metric: error-rate, max: 0.05 }
          - { name: slow, source: local, metric: latency-p95, max: 500ms }
    rollback: { automatic: true }
`)
writeFileSync(join(ws, 'smoke.yml'), `checks:
  - { name: health, path: /health, expect: { status: 200, json: { $.status: ok } } }
  - { name: home, path: /, expect: { status: 200, body-contains: Hello } }
`)

const summaries = []
function glidepath(action, args) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cli, action, ...args, '--json', '--ref', 'main'], { cwd: ws, env: { ...process.env, GITHUB_WORKSPACE: ws } })
    let out = ''
    let err = ''
    child.stdout.on('data', (c) => (out += c))
    child.stderr.on('data', (c) => (err += c))
    child.on('close', (code) => {
      const [log, summary = ''] = err.split(/\n(?=### )/)
      for (const line of log.split('\n').filter(Boolean)) detail(line)
      summaries.push(`${err.slice(err.indexOf('### '))}`.trim())
      resolve({ code, outputs: out.trim() ? JSON.parse(out) : {}, summary })
    })
  })
}

async function whoServes(n = 40) {
  const seen = {}
  for (let i = 0; i < n; i++) {
    try {
      const res = await fetch(`${routerUrl}/`, { signal: AbortSignal.timeout(2000) })
      const v = `${res.headers.get('x-glidepath-version')}${res.status >= 500 ? ' (5xx)' : ''}`
      seen[v] = (seen[v] ?? 0) + 1
      await res.arrayBuffer()
    } catch { seen.down = (seen.down ?? 0) + 1 }
  }
  return Object.entries(seen).map(([v, c]) => `${v}: ${Math.round((c / n) * 100)}%`).join(', ')
}

// Users of the demo service: steady traffic through the router while canaries are judged.
let loadOn = false
let sent = 0
async function load() {
  while (loadOn && sent < 50_000) {
    sent++
    try { const r = await fetch(`${routerUrl}/`, { signal: AbortSignal.timeout(2000) }); await r.arrayBuffer() } catch { /* switching */ }
    await new Promise((r) => setTimeout(r, 10))
  }
}
const startLoad = () => { loadOn = true; return Promise.all([load(), load(), load()]) }

async function stopEverything() {
  const envDir = join(ws, '.glidepath', 'demo')
  const pids = []
  if (existsSync(join(envDir, 'local.json'))) for (const p of Object.values(JSON.parse(readFileSync(join(envDir, 'local.json'), 'utf8')).running)) pids.push(p.pid)
  if (existsSync(join(envDir, 'router.pid'))) pids.push(JSON.parse(readFileSync(join(envDir, 'router.pid'), 'utf8')).pid)
  for (const pid of pids) { try { process.kill(-pid, 'SIGTERM') } catch { try { process.kill(pid, 'SIGTERM') } catch { /* gone */ } } }
  const alive = (pid) => { try { process.kill(pid, 0); return !/\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8')) } catch { return false } }
  for (let i = 0; i < 100 && pids.some(alive); i++) await new Promise((r) => setTimeout(r, 50))
  return pids.filter(alive).length
}

let failed = false
try {
  console.log(color('1', `Glidepath demo: the local provider and router on ${routerUrl} (workspace ${ws})\n`))

  say(color('1', '1. Deploy v1 (first release, rolling)'))
  let r = await glidepath('deploy', ['--version', 'v1', '--strategy', 'rolling'])
  say(`deploy → version ${r.outputs.version}; router says ${await whoServes()}`)
  r = await glidepath('smoke-test', ['--url', routerUrl, '--checks', 'smoke.yml'])
  say(`smoke-test → passed=${r.outputs.passed} (${r.outputs.total} checks)`)

  say(color('1', '2. Canary v2 (it answers 5xx to 60% of requests)'))
  const load2 = startLoad()
  r = await glidepath('deploy', ['--version', 'v2'])
  say(`deploy → canary ${r.outputs.version} at step 0; router says ${await whoServes()}`)
  r = await glidepath('canary-step', ['--step', 'all'])
  say(`canary-step → decision ${color('31', r.outputs.decision)}, weight ${r.outputs.weight}%: ${r.outputs.reason}`)
  loadOn = false
  await load2
  say(`after the automatic rollback the router says ${await whoServes()}`)

  say(color('1', '3. Canary v3 (healthy), promoted step by step'))
  const load3 = startLoad()
  r = await glidepath('deploy', ['--version', 'v3'])
  say(`deploy → canary ${r.outputs.version}; router says ${await whoServes()}`)
  r = await glidepath('canary-step', ['--step', 'next'])
  say(`canary-step → decision ${r.outputs.decision}, weight ${r.outputs.weight}%; router says ${await whoServes()}`)
  r = await glidepath('canary-step', ['--step', 'next'])
  say(`canary-step → decision ${color('32', r.outputs.decision)}, weight ${r.outputs.weight}%`)
  loadOn = false
  await load3
  say(`router says ${await whoServes()}`)

  say(color('1', '4. Manual rollback to the last good version before v3'))
  r = await glidepath('rollback', ['--reason', 'demo: show a manual rollback'])
  say(`rollback → from ${r.outputs['from-version']} to ${r.outputs['to-version']}; router says ${await whoServes()}`)

  say(color('1', '5. Report'))
  r = await glidepath('report', [])
  mkdirSync(outDir, { recursive: true })
  writeFileSync(join(outDir, 'report.md'), `# Glidepath demo report\n\n${summaries.filter(Boolean).join('\n\n')}\n`)
  say(`report → job summary written to ${join('.glidepath-demo', 'report.md')}`)
} catch (e) {
  failed = true
  console.error(e)
} finally {
  loadOn = false
  const left = await stopEverything()
  say(`stopped every process the demo started (${left} left running); ${sent} requests were sent through the router.`)
  rmSync(ws, { recursive: true, force: true })
  if (failed || left) process.exitCode = 1
}
