#!/usr/bin/env node
// GitHub API calls for a typical deploy -> smoke-test -> report run on a pull request whose preview
// environment has 30 earlier deployments (issue 5). The three action bundles run as the runner runs
// them against the OpenAPI-checked GitHub test server, which counts every call. Beside it, the calls
// bobheadxi/deployments' documented flow makes for the same work (start, finish with its default
// override, plus a sticky-comment action), counted from its code as described in
// ../shared/research/anchor-report-preview-smoke.md section 1.1.
//   node --import tsx bench/github-calls.mjs
import { spawn } from 'node:child_process'
import { mkdtempSync, mkdirSync, writeFileSync, chmodSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'

import { root, machine, writeSection } from './lib/report.mjs'
const { startGitHubApi } = await import(pathToFileURL(join(root, '__tests__', 'helpers', 'github-api.ts')).href)
const gh = await startGitHubApi()
const EARLIER = 30
const HEAD = 'f00dfeedf00dfeedf00dfeedf00dfeedf00dfeed'

// History as Glidepath leaves it: every earlier deployment inactive except the latest, still success.
for (let i = 1; i <= EARLIER; i++) {
  const at = new Date(Date.now() - (EARLIER - i + 1) * 3_600_000).toISOString()
  gh.deployments.unshift({ id: i, sha: `sha${i}`, ref: `sha${i}`, environment: 'pr-42', payload: {}, description: null, production_environment: false, transient_environment: true, created_at: at,
    statuses: (i === EARLIER ? ['in_progress', 'success'] : ['in_progress', 'success', 'inactive']).map((state, k) => ({ id: i * 10 + k, state, description: '', environment_url: '', log_url: '', created_at: at })).reverse() })
}
gh.pulls[42] = { state: 'open', head: { ref: 'feature/login', sha: HEAD, repo: { full_name: 'acme/web' } }, base: { ref: 'main', repo: { full_name: 'acme/web' } }, merged_at: null }
gh.comments.push({ id: 7, issue: 42, body: '<!-- glidepath:pr-42 -->\nprevious report', user: { login: 'github-actions[bot]' } })

const ws = mkdtempSync(join(tmpdir(), 'glidepath-bench-gh-'))
mkdirSync(join(ws, '.github'))
writeFileSync(join(ws, 'ok.sh'), '#!/bin/sh\nexit 0\n')
chmodSync(join(ws, 'ok.sh'), 0o755)
writeFileSync(join(ws, '.github', 'glidepath.yml'), `version: 1
environments:
  preview:
    pullRequests: true
    name: 'pr-{{pr.number}}'
    url: 'https://pr-{{pr.number}}.preview.example.com'
    transient: true
    command: { deploy: ./ok.sh }
`)
const server = spawn(process.execPath, ['-e', "require('http').createServer((q,s)=>s.end('ok')).listen(0,'127.0.0.1',function(){console.log(this.address().port)})"], { stdio: ['ignore', 'pipe', 'inherit'] })
const appPort = await new Promise((resolve) => server.stdout.once('data', (d) => resolve(Number(String(d).trim()))))
writeFileSync(join(ws, 'event.json'), JSON.stringify({ action: 'synchronize', number: 42, pull_request: { number: 42, title: 'Add login', state: 'open', head: { ref: 'feature/login', sha: HEAD, repo: { full_name: 'acme/web' } }, base: { ref: 'main', repo: { full_name: 'acme/web' } } } }))

async function action(name, inputs) {
  const env = { PATH: process.env.PATH, GITHUB_WORKSPACE: ws, GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: join(ws, 'event.json'), GITHUB_REF: 'refs/pull/42/merge', GITHUB_SHA: 'merge0000000000000000000000000000000000000',
    GITHUB_REPOSITORY: 'acme/web', GITHUB_RUN_ID: '1', GITHUB_API_URL: gh.url, GITHUB_OUTPUT: join(ws, 'out'), INPUT_TOKEN: 'ghs_bench' }
  for (const [k, v] of Object.entries(inputs)) env[`INPUT_${k.toUpperCase()}`] = v
  writeFileSync(join(ws, 'out'), '')
  const before = gh.requests.length
  const code = await new Promise((resolve) => spawn(process.execPath, [join(root, 'actions', name, 'dist', 'index.js')], { cwd: ws, env, stdio: 'ignore' }).on('close', resolve))
  if (code !== 0) throw new Error(`${name} exited ${code}`)
  return gh.requests.slice(before)
}

const perAction = {
  deploy: await action('deploy', { version: 'v31' }),
  'smoke-test': await action('smoke-test', { url: `http://127.0.0.1:${appPort}`, checks: 'checks: [{ name: home, path: / }]' }),
  report: await action('report', { comment: 'always' }),
}
server.kill()
await gh.close()
rmSync(ws, { recursive: true, force: true })
if (gh.rejections.length) throw new Error(`the test server rejected requests: ${gh.rejections.join('; ')}`)

const total = Object.values(perAction).reduce((n, calls) => n + calls.length, 0)
// bobheadxi/deployments v1.5.0: start = create + in_progress; finish (override: true by default) =
// list deployments (one page) + for each of the earlier ones: GET its latest status (per_page=1), then
// POST inactive on those not inactive yet (1 here) + POST the final status; a sticky-comment action
// adds list comments + update. It has no closed-PR check.
const bob = { start: 2, 'finish: list': 1, 'finish: latest status of each earlier deployment': EARLIER, 'finish: deactivate': 1, 'finish: status': 1, 'sticky comment (separate action)': 2 }
const bobTotal = Object.values(bob).reduce((a, b) => a + b, 0)
let md = `## GitHub API calls per run\n\n${new Date().toISOString().slice(0, 10)}, ${machine()}. Command: \`node --import tsx bench/github-calls.mjs\`.\n\n`
md += `A pull request's typical run: deploy, then smoke-test, then report with a sticky comment. The preview environment \`pr-42\` already has ${EARLIER} earlier deployments. The three \`dist/index.js\` bundles run the way the runner runs them, against the OpenAPI-checked GitHub test server, which counts every call (and rejected none). Beside it, bobheadxi/deployments' documented flow, counted from its code.\n\n| action | Glidepath calls | operations |\n|---|---|---|\n`
for (const [name, calls] of Object.entries(perAction)) {
  const ops = {}
  for (const c of calls) ops[c.operation] = (ops[c.operation] ?? 0) + 1
  md += `| ${name} | ${calls.length} | ${Object.entries(ops).map(([o, n]) => `${o} x${n}`).join('; ') || '-'} |\n`
}
md += `| **total** | **${total}** | |\n\n| flow | calls |\n|---|---|\n| Glidepath (measured) | ${total} |\n| bobheadxi/deployments + sticky comment (documented flow) | ${bobTotal} (${Object.entries(bob).map(([k, v]) => `${k} ${v}`).join(', ')}) |\n`
md += '\nGlidepath stops deactivating at the first deployment that is already inactive: every run deactivates what came before it, so the cost stays constant as history grows.\n'
console.log(md)
writeSection('github-calls', md)
