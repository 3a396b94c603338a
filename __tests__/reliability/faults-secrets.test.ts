import { describe, it, expect, beforeAll, afterAll, beforeEach, afterEach } from '@jest/globals'
import { spawn } from 'node:child_process'
import { readFileSync, writeFileSync, chmodSync, existsSync, readdirSync, appendFileSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { run as deploy } from '../../actions/deploy/src/main.js'
import { run as canaryStep } from '../../actions/canary-step/src/main.js'
import { run as rollback } from '../../actions/rollback/src/main.js'
import { run as smoke } from '../../actions/smoke-test/src/main.js'
import { run as report } from '../../actions/report/src/main.js'
import { createWorkspace, freePort, get, ROOT, type TestWorkspace } from '../helpers/workspace.js'
import { startGitHubApi, type GitHubApiServer } from '../helpers/github-api.js'
import { startServer, json, type TestServer } from '../helpers/http-server.js'
import { startLoad } from '../helpers/load.js'
import { LocalRouterClient } from '../../shared/traffic/local/client.js'

// Secrets planted everywhere must appear on no output surface; hostile event values must pass through
// every action as data; a cancelled canary-step and a crashing canary must leave traffic on stable.
const RESULTS = join(ROOT, '.reliability', 'faults.jsonl')
const note = (area: string, scenario: string, outcome: string) => {
  mkdirSync(join(ROOT, '.reliability'), { recursive: true })
  appendFileSync(RESULTS, `${JSON.stringify({ area, scenario, outcome })}\n`)
}
let ws: TestWorkspace
let gh: GitHubApiServer
let hooks: TestServer
beforeAll(async () => {
  gh = await startGitHubApi()
  hooks = await startServer({ '*': (q, res) => json(res, q.headers.authorization === `Basic ${Buffer.from('ops:Pa55-word-xyz').toString('base64')}` || q.url?.startsWith('/hooks') ? 200 : 401, { version: 'v1' }, { 'x-version': 'v1' }) })
})
afterAll(async () => { await gh.close(); await hooks.close() })
beforeEach(() => {
  ws = createWorkspace()
  writeFileSync(join(ws.dir, 'ok.sh'), '#!/bin/sh\necho "$GLIDEPATH_OPERATION $GLIDEPATH_VERSION $GLIDEPATH_WEIGHT" >> ops.log\n')
  chmodSync(join(ws.dir, 'ok.sh'), 0o755)
})
afterEach(async () => ws.cleanup())

describe('secrets never appear on any output surface', () => {
  it('keeps a token, webhook URLs, a basic-auth password and URL credentials out of outputs, summaries, logs, records, deployments and comments', async () => {
    const TOKEN = 'ghs_PlantedSecretToken42'
    const PASSWORD = 'Pa55-word-xyz'
    const SLACK = `${hooks.url}/hooks/T000/B000/SlackSecretPath99`
    const HOOK = `${hooks.url}/hooks/generic/GenericSecret77`
    const URL_CRED = 'UrlCredSecret55'
    ws.writeConfig('version: 1\nenvironments:\n  preview:\n    pullRequests: true\n    name: \'pr-{{pr.number}}\'\n    command: { deploy: ./ok.sh }\n')
    const payload = { action: 'opened', number: 5, pull_request: { number: 5, title: 'x', state: 'open', head: { ref: 'feature/x', sha: 'abc1234abc1234abc1234abc1234abc1234abc12', repo: { full_name: 'acme/web' } }, base: { ref: 'main', repo: { full_name: 'acme/web' } } } }
    gh.pulls[5] = { ...payload.pull_request, merged_at: null }
    const env = { GITHUB_API_URL: gh.url, GITHUB_EVENT_NAME: 'pull_request', GITHUB_REF: 'refs/pull/5/merge', OPS_PASSWORD: PASSWORD }
    const runs = [
      await ws.run(deploy, { version: 'v1', token: TOKEN }, env, payload),
      await ws.run(smoke, { token: TOKEN, url: hooks.url.replace('http://', `http://admin:${URL_CRED}@`), checks: 'checks: [{ name: a, path: /, auth: { basic: { username: ops, password: { env: OPS_PASSWORD } } } }]' }, env, payload),
      await ws.run(report, { token: TOKEN, 'slack-webhook': SLACK, 'webhook-url': HOOK, comment: 'always' }, env, payload),
    ]
    const secrets = [TOKEN, PASSWORD, SLACK, HOOK, URL_CRED]
    for (const r of runs) {
      expect(r.failed).toBeUndefined()
      for (const s of [TOKEN, SLACK, HOOK].filter((x) => runs.indexOf(r) !== 0 || x === TOKEN)) if (r === runs[2] || s === TOKEN) expect(r.masked).toContain(s)
    }
    const surfaces: Record<string, string> = {
      outputs: JSON.stringify(runs.map((r) => r.outputs)),
      summaries: runs.flatMap((r) => r.summaries).join('\n'),
      logs: JSON.stringify(runs.map((r) => r.logs)),
      records: readdirSync(ws.stateDir).map((d) => existsSync(join(ws.stateDir, d, 'state.json')) ? readFileSync(join(ws.stateDir, d, 'state.json'), 'utf8') : '').join('\n'),
      deployments: JSON.stringify(gh.deployments),
      comments: JSON.stringify(gh.comments),
      webhookBodies: JSON.stringify(hooks.requests.filter((q) => q.url?.startsWith('/hooks')).map((q) => q.body)),
    }
    const leaks = Object.entries(surfaces).flatMap(([surface, text]) => secrets.filter((s) => text.includes(s)).map((s) => `${surface}: ${s}`))
    note('secrets', `${secrets.length} secrets planted, ${Object.keys(surfaces).length} surfaces searched`, leaks.length ? `LEAKS: ${leaks.join(', ')}` : 'no leak')
    expect(leaks).toEqual([])
    expect(gh.rejections).toEqual([])
  })
})

describe('hostile event values', () => {
  const branch = 'feature/$(touch pwned1)`touch pwned2`;touch pwned3'
  const title = '"; touch pwned4; echo "\n::set-output name=decision::promote\n::stop-commands::x'

  it('pass through every action and the local and command providers without executing or injecting anything', async () => {
    const port = await freePort()
    ws.app('app')
    ws.writeConfig(`version: 1
environments:
  preview:
    pullRequests: true
    branches: ['**']
    name: 'pr-{{pr.number}}'
    strategy: canary
    local: { app: app, start: node server.js, health: /health, port: ${port} }
    canary: { steps: [ {weight: 50}, {weight: 100} ] }
  legacy:
    command: { deploy: ./ok.sh, set-weight: ./ok.sh }
`)
    const payload = { action: 'synchronize', number: 9, pull_request: { number: 9, title, state: 'open', head: { ref: branch, sha: 'abcdef1abcdef1abcdef1abcdef1abcdef1abcde', repo: { full_name: 'acme/web' } }, base: { ref: 'main', repo: { full_name: 'acme/web' } } } }
    const env = { GITHUB_EVENT_NAME: 'pull_request', GITHUB_REF: 'refs/pull/9/merge', GITHUB_HEAD_REF: branch }
    const results = [
      await ws.run(deploy, { version: 'v1', strategy: 'rolling' }, env, payload),
      await ws.run(deploy, { version: 'v2' }, env, payload),
      await ws.run(canaryStep, { step: 'promote', reason: title }, env, payload),
      await ws.run(smoke, { url: `http://127.0.0.1:${port}`, checks: 'checks: [{ name: home, path: / }]' }, env, payload),
      await ws.run(rollback, { reason: title }, env, payload),
      await ws.run(report, {}, env, payload),
      await ws.run(deploy, { version: 'v3', environment: 'legacy' }, env, payload),
    ]
    for (const r of results) expect(r.failed).toBeUndefined()
    expect((await get(`http://127.0.0.1:${port}/`)).version).toBe('v1')
    for (const f of ['pwned1', 'pwned2', 'pwned3', 'pwned4']) expect(existsSync(join(ws.dir, f))).toBe(false)
    // Summaries are markdown: the title's backticks and pipes are escaped, never raw.
    const summaries = results.flatMap((r) => r.summaries).join('\n')
    expect(summaries).not.toMatch(/\n::/)
    note('hostile values', 'branch with $(), backticks, ;  and a PR title with quotes and ::workflow commands through 7 action runs (local and command providers)', 'nothing executed, no workflow command injected')
  })

  it('cannot inject workflow commands through the runner output of a bundle', async () => {
    ws.writeConfig('version: 1\nenvironments:\n  preview:\n    pullRequests: true\n    command: { deploy: ./ok.sh }\n')
    writeFileSync(join(ws.dir, 'event.json'), JSON.stringify({ action: 'opened', number: 3, pull_request: { number: 3, title, head: { ref: branch, sha: 'abcdef1abcdef1abcdef1abcdef1abcdef1abcde' }, base: { ref: 'main' } } }))
    writeFileSync(join(ws.dir, 'out'), '')
    const stdout = await new Promise<string>((resolve) => {
      const child = spawn(process.execPath, [join(ROOT, 'actions', 'deploy', 'dist', 'index.js')], { cwd: ws.dir, env: { PATH: process.env.PATH, GITHUB_WORKSPACE: ws.dir, GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: join(ws.dir, 'event.json'), GITHUB_REF: 'refs/pull/3/merge', GITHUB_OUTPUT: join(ws.dir, 'out'), INPUT_VERSION: 'v1' } })
      let out = ''
      child.stdout.on('data', (c) => (out += c))
      child.on('close', () => resolve(out))
    })
    const commands = stdout.split('\n').filter((l) => l.startsWith('::')).map((l) => l.split('::')[1].split(' ')[0])
    expect(commands.every((c) => ['notice', 'warning', 'error', 'debug', 'add-mask'].includes(c))).toBe(true)
    expect(stdout).not.toContain('::stop-commands::')
    expect(existsSync(join(ws.dir, 'pwned1'))).toBe(false)
  })
})

describe('faults during a canary', () => {
  it('a cancelled job: the post step sets the canary weight to 0 and records why', async () => {
    ws.writeConfig('version: 1\nenvironments:\n  app:\n    branches: [main]\n    strategy: canary\n    command: { deploy: ./ok.sh, set-weight: ./ok.sh }\n    canary: { steps: [ {weight: 30, pause: 60s}, {weight: 100} ] }\n')
    await ws.run(deploy, { version: 'v1', strategy: 'rolling' })
    await ws.run(deploy, { version: 'v2' })
    const stateFile = join(ws.dir, 'gh-state')
    writeFileSync(stateFile, '')
    const base = { PATH: process.env.PATH as string, GITHUB_WORKSPACE: ws.dir, GITHUB_REF: 'refs/heads/main', GITHUB_EVENT_NAME: 'push', GITHUB_STATE: stateFile, GITHUB_OUTPUT: join(ws.dir, 'out'), INPUT_STEP: 'next' }
    writeFileSync(join(ws.dir, 'out'), '')
    const main = spawn(process.execPath, [join(ROOT, 'actions', 'canary-step', 'dist', 'index.js')], { cwd: ws.dir, env: base, stdio: 'ignore' })
    // Wait until the step is holding its 60 s pause, then cancel the job as the runner does.
    for (let i = 0; i < 100 && !readFileSync(stateFile, 'utf8').includes('canary_in_flight'); i++) await new Promise((r) => setTimeout(r, 50))
    await new Promise((r) => setTimeout(r, 300))
    main.kill('SIGTERM')
    await new Promise((r) => main.on('close', r))
    const state: Record<string, string> = {}
    for (const m of readFileSync(stateFile, 'utf8').matchAll(/^([\w-]+)<<(ghadelimiter_[\w-]+)\n([\s\S]*?)\n\2$/gm)) state[`STATE_${m[1]}`] = m[3]
    expect(state.STATE_canary_in_flight).toBe('true')
    const post = await new Promise<number | null>((resolve) => spawn(process.execPath, [join(ROOT, 'actions', 'canary-step', 'dist', 'index.js')], { cwd: ws.dir, env: { ...base, ...state }, stdio: 'ignore' }).on('close', resolve))
    expect(post).toBe(0)
    const ops = readFileSync(join(ws.dir, 'ops.log'), 'utf8').trim().split('\n').map((l) => l.trim())
    expect(ops.at(-1)).toBe('set-weight v2 0')
    const record = JSON.parse(readFileSync(join(ws.stateDir, 'app', 'state.json'), 'utf8'))
    expect(record.canary).toBeNull()
    expect(record.records.at(-1)).toMatchObject({ status: 'aborted', reason: 'job cancelled during canary-step' })
    note('cancellation', 'canary-step killed (SIGTERM) mid-pause, then its post step', 'canary weight 0, record aborted with the reason')
  })

  it('an app crashing mid-canary is caught by analysis and aborted; stable keeps serving', async () => {
    const port = await freePort()
    ws.app('app-v1')
    ws.app('app-v2')
    ws.writeConfig(`version: 1
environments:
  demo:
    branches: [main]
    strategy: canary
    local: { app: 'app-{{version}}', start: node server.js, health: /health, port: ${port} }
    canary:
      steps: [ {weight: 50, pause: 5s}, {weight: 100} ]
      analysis: { interval: 1s, metrics: [ { name: errors, source: local, metric: error-rate, max: 0.05 } ] }
`)
    await ws.run(deploy, { version: 'v1', strategy: 'rolling' })
    await ws.run(deploy, { version: 'v2' })
    const load = startLoad(`http://127.0.0.1:${port}/`)
    const running = JSON.parse(readFileSync(join(ws.stateDir, 'demo', 'local.json'), 'utf8')).running
    setTimeout(() => process.kill(-running.v2.pid, 'SIGKILL'), 1500)
    const r = await ws.run(canaryStep, { step: 'next' })
    await load.stop()
    expect(r.outputs.decision).toBe('abort')
    expect(new LocalRouterClient(join(ws.stateDir, 'demo'), port).routes()).toMatchObject({ canary: null, weight: 0 })
    expect((await get(`http://127.0.0.1:${port}/`)).version).toBe('v1')
    note('app crash', 'canary process killed 1.5 s into a 5 s step under load', `aborted: ${r.outputs.reason}`)
  })
})
