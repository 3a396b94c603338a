import { describe, it, expect, beforeAll, afterAll, beforeEach, afterEach } from '@jest/globals'
import { spawn, spawnSync } from 'node:child_process'
import { readFileSync, writeFileSync, existsSync, chmodSync } from 'node:fs'
import { join } from 'node:path'
import { nodeBinaries } from '../helpers/node-versions.js'
import { createWorkspace, freePort, get, ROOT, type TestWorkspace } from '../helpers/workspace.js'
import { startServer, json, type TestServer } from '../helpers/http-server.js'
import { startGitHubApi } from '../helpers/github-api.js'

// Every dist/index.js run the way the runner runs it: INPUT_* variables, GITHUB_OUTPUT,
// GITHUB_STEP_SUMMARY, GITHUB_STATE and GITHUB_EVENT_PATH, on Node 20 and Node 24.
const nodes = nodeBinaries()
let ws: TestWorkspace
let server: TestServer

function parseOutputs(file: string): Record<string, string> {
  const out: Record<string, string> = {}
  if (!existsSync(file)) return out
  const text = readFileSync(file, 'utf8')
  for (const m of text.matchAll(/^([\w-]+)<<(ghadelimiter_[\w-]+)\n([\s\S]*?)\n\2$/gm)) out[m[1]] = m[3]
  return out
}

// Asynchronous, so the test's own HTTP server keeps answering while the bundle runs.
async function runAction(node: string, action: string, inputs: Record<string, string>, event: Record<string, unknown> = {}, extraEnv: Record<string, string> = {}) {
  const files = { output: join(ws.dir, `out-${action}`), summary: join(ws.dir, `summary-${action}`), state: join(ws.dir, `state-${action}`), event: join(ws.dir, 'event.json') }
  for (const f of [files.output, files.summary, files.state]) writeFileSync(f, '')
  writeFileSync(files.event, JSON.stringify(event))
  const env: Record<string, string> = {
    PATH: process.env.PATH as string, HOME: process.env.HOME as string,
    GITHUB_ACTIONS: 'true', GITHUB_WORKSPACE: ws.dir, GITHUB_EVENT_NAME: 'push', GITHUB_EVENT_PATH: files.event,
    GITHUB_REF: 'refs/heads/main', GITHUB_SHA: 'a1b2c3d4e5f6a7b8c9d0a1b2c3d4e5f6a7b8c9d0', GITHUB_REPOSITORY: 'acme/web', GITHUB_RUN_ID: '100', GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_OUTPUT: files.output, GITHUB_STEP_SUMMARY: files.summary, GITHUB_STATE: files.state, RUNNER_TEMP: ws.dir, ...extraEnv,
  }
  for (const [k, v] of Object.entries(inputs)) env[`INPUT_${k.toUpperCase()}`] = v
  const r = await new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(node, [join(ROOT, 'actions', action, 'dist', 'index.js')], { cwd: ws.dir, env, timeout: 60_000 })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (c) => (stdout += c))
    child.stderr.on('data', (c) => (stderr += c))
    child.on('close', (status) => resolve({ status, stdout, stderr }))
  })
  return { ...r, outputs: parseOutputs(files.output), summary: readFileSync(files.summary, 'utf8') }
}

beforeAll(async () => {
  server = await startServer({ '/health': (_q, res) => json(res, 200, { status: 'ok' }), '/hook': (_q, res) => json(res, 200, {}) })
})
afterAll(async () => server.close())
beforeEach(() => {
  ws = createWorkspace()
  writeFileSync(join(ws.dir, 'ok.sh'), '#!/bin/sh\necho "$GLIDEPATH_OPERATION $GLIDEPATH_VERSION $GLIDEPATH_WEIGHT" >> ops.log\n')
  chmodSync(join(ws.dir, 'ok.sh'), 0o755)
})
afterEach(async () => ws.cleanup())

describe.each(Object.entries(nodes))('bundles on %s', (_label, node) => {
  it('reports the Node version it runs', () => {
    const v = spawnSync(node, ['--version'], { encoding: 'utf8' }).stdout
    expect(v).toMatch(_label === 'node20' ? /^v20\./ : /^v24\./)
  })

  it('deploy, canary-step, rollback and report run as actions on the command provider', async () => {
    ws.writeConfig(`version: 1
environments:
  app:
    branches: [main]
    strategy: canary
    command: { deploy: ./ok.sh, set-weight: ./ok.sh }
    canary: { steps: [ {weight: 25}, {weight: 50}, {weight: 100} ] }
`)
    const d1 = await runAction(node, 'deploy', { version: 'v1', strategy: 'rolling' })
    expect(d1.status).toBe(0)
    expect(d1.outputs).toMatchObject({ environment: 'app', version: 'v1', strategy: 'rolling' })
    expect(d1.summary).toContain('### Deploy to app')
    const d2 = await runAction(node, 'deploy', { version: 'v2' })
    expect(d2.outputs).toMatchObject({ version: 'v2', 'previous-version': 'v1', strategy: 'canary' })
    const step = await runAction(node, 'canary-step', { step: 'next' })
    expect(step.status).toBe(0)
    expect(step.outputs).toMatchObject({ decision: 'continue', weight: '50', step: '1' })
    const promote = await runAction(node, 'canary-step', { step: 'next' })
    expect(promote.outputs).toMatchObject({ decision: 'promote', weight: '100' })
    const rb = await runAction(node, 'rollback', { reason: 'bundle test' })
    expect(rb.outputs).toMatchObject({ 'from-version': 'v2', 'to-version': 'v1', 'rolled-back': 'true' })
    const rep = await runAction(node, 'report', { 'webhook-url': `${server.url}/hook` })
    expect(rep.status).toBe(0)
    expect(rep.outputs.notified).toBe('webhook')
    expect(rep.stdout).toContain(`::add-mask::${server.url}/hook`)
    expect(rep.stdout.split('\n').filter((l) => !l.startsWith('::add-mask::')).join('\n')).not.toContain(`${server.url}/hook`)
    expect(readFileSync(join(ws.dir, 'ops.log'), 'utf8').trim().split('\n').map((l) => l.trim())).toEqual(['deploy v1', 'deploy v2', 'set-weight v2 25', 'set-weight v2 50', 'set-weight v2 100', 'deploy v1'])
  })

  it('deploy starts the local router from the bundle itself, and it outlives the step', async () => {
    const port = await freePort()
    ws.app('app')
    ws.writeConfig(`version: 1\nenvironments:\n  demo:\n    branches: [main]\n    local: { app: app, start: node server.js, health: /health, port: ${port} }\n`)
    const d = await runAction(node, 'deploy', { version: 'v1' })
    expect(d.status).toBe(0)
    expect((await get(`http://127.0.0.1:${port}/`)).version).toBe('v1')
  })

  it('a preview the reap put to sleep is woken by its first request through the bundle\'s own waker', async () => {
    const gh = await startGitHubApi()
    try {
      ws.app('app')
      ws.writeConfig(`version: 1\nenvironments:\n  preview:\n    pullRequests: true\n    name: 'pr-{{pr.number}}'\n    local: { app: app, start: node server.js, health: /health, minReady: 100ms }\n    previews: { idle: 1s, private: false }\n`)
      const pr = { number: 9, state: 'open', title: 'x', head: { ref: 'feature/x', sha: 'f00d', repo: { full_name: 'acme/web' } }, base: { ref: 'main', repo: { full_name: 'acme/web' } }, merged_at: null }
      gh.pulls[9] = pr
      const github = { GITHUB_API_URL: gh.url }
      const d = await runAction(node, 'deploy', { version: 'v1', token: 'ghs_TestToken0123456789' }, { action: 'opened', number: 9, pull_request: pr }, { ...github, GITHUB_EVENT_NAME: 'pull_request', GITHUB_REF: 'refs/pull/9/merge' })
      expect(d.status).toBe(0)
      const port = (JSON.parse(readFileSync(join(ws.stateDir, 'pr-9', 'router.json'), 'utf8')) as { port: number }).port
      await new Promise((r) => setTimeout(r, 1500))
      const r = await runAction(node, 'deploy', { reap: 'true', token: 'ghs_TestToken0123456789' }, {}, { ...github, GITHUB_EVENT_NAME: 'schedule' })
      expect(r.status).toBe(0)
      expect(r.outputs.slept).toBe('pr-9')
      const woken = await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(60_000) })
      expect(woken.status).toBe(200)
      expect(woken.headers.get('x-glidepath-version')).toBe('v1')
      expect(readFileSync(join(ws.stateDir, 'pr-9', 'wake.log'), 'utf8')).toMatch(/Woke the preview/)
      expect(gh.rejections).toEqual([])
    } finally {
      await gh.close()
    }
  })

  it('smoke-test runs checks from the action inputs', async () => {
    const r = await runAction(node, 'smoke-test', { url: server.url, checks: 'checks:\n  - { name: health, path: /health, expect: { status: 200, json: { $.status: ok } } }\n' })
    expect(r.status).toBe(0)
    expect(r.outputs).toMatchObject({ passed: 'true', total: '1', failed: '0' })
  })

  it('fails bad input with a coded error annotation and the runner exit code', async () => {
    ws.writeConfig('version: 1\nenvironments:\n  app:\n    branches: [main]\n    strategy: canery\n    command: { deploy: ./ok.sh }\n')
    const r = await runAction(node, 'deploy', { version: 'v1' })
    expect(r.status).toBe(1)
    expect(r.stdout).toMatch(/::error title=GP-CONFIG-002,file=.*glidepath.yml,line=5::.*did you mean "canary"\?/)
    expect(r.outputs['error-code']).toBe('GP-CONFIG-002')
    expect(existsSync(join(ws.dir, 'ops.log'))).toBe(false)
  })

  it('a branch no environment claims is a notice and success', async () => {
    ws.writeConfig('version: 1\nenvironments:\n  app:\n    branches: [main]\n    command: { deploy: ./ok.sh }\n')
    const r = await runAction(node, 'deploy', {}, {}, { GITHUB_REF: 'refs/heads/spike' })
    expect(r.status).toBe(0)
    expect(r.stdout).toContain('::notice')
    expect(r.outputs.skipped).toBe('true')
  })
})
