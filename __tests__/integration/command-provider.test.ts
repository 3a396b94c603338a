import { describe, it, expect, beforeEach, afterEach } from '@jest/globals'
import { existsSync, readFileSync, writeFileSync, chmodSync } from 'node:fs'
import { join } from 'node:path'
import { run as deploy } from '../../actions/deploy/src/main.js'
import { run as rollback } from '../../actions/rollback/src/main.js'
import { createWorkspace, type TestWorkspace } from '../helpers/workspace.js'

// The command provider runs the config's commands with every value in GLIDEPATH_* variables. The
// scripts here append what they received to a log, so each test reads exactly what a platform saw.

let ws: TestWorkspace
const log = () => (existsSync(join(ws.dir, 'calls.log')) ? readFileSync(join(ws.dir, 'calls.log'), 'utf8').trim().split('\n').map((l) => JSON.parse(l)) : [])

function script(name: string, body = '') {
  const path = join(ws.dir, name)
  writeFileSync(path, `#!/bin/sh
node -e 'const e=process.env;require("fs").appendFileSync("calls.log", JSON.stringify({op:e.GLIDEPATH_OPERATION,version:e.GLIDEPATH_VERSION,previous:e.GLIDEPATH_PREVIOUS_VERSION,to:e.GLIDEPATH_TO_VERSION,weight:e.GLIDEPATH_WEIGHT,strategy:e.GLIDEPATH_STRATEGY,slot:e.GLIDEPATH_SLOT,image:e.GLIDEPATH_IMAGE,branch:e.GLIDEPATH_BRANCH,title:e.GLIDEPATH_PR_TITLE,env:e.GLIDEPATH_ENVIRONMENT,token:e.INPUT_TOKEN||null})+"\\n")'
${body}
`)
  chmodSync(path, 0o755)
}

const config = (strategy: string, commands = 'deploy: ./deploy.sh, rollback: ./rollback.sh, set-weight: ./weight.sh') => `version: 1
environments:
  legacy:
    branches: ['main', 'feature/*']
    strategy: ${strategy}
    command: { ${commands} }
    canary: { steps: [ {weight: 10}, {weight: 100} ] }
`

beforeEach(() => {
  ws = createWorkspace()
  script('deploy.sh')
  script('rollback.sh')
  script('weight.sh')
})
afterEach(async () => ws.cleanup())

describe('command provider', () => {
  it('rolling: runs deploy with the values as environment variables, then rolls back with rollback', async () => {
    ws.writeConfig(config('rolling'))
    expect((await ws.run(deploy, { version: 'v1', image: 'ghcr.io/acme/web:v1' })).failed).toBeUndefined()
    await ws.run(deploy, { version: 'v2' })
    const rb = await ws.run(rollback, { reason: 'bad' })
    expect(rb.outputs).toMatchObject({ 'from-version': 'v2', 'to-version': 'v1', 'rolled-back': 'true' })
    expect(log()).toEqual([
      expect.objectContaining({ op: 'deploy', version: 'v1', previous: '', image: 'ghcr.io/acme/web:v1', strategy: 'rolling', env: 'legacy' }),
      expect.objectContaining({ op: 'deploy', version: 'v2', previous: 'v1' }),
      expect.objectContaining({ op: 'rollback', version: 'v1', to: 'v1', previous: 'v2' }),
    ])
  })

  it('blue-green: alternates slots and switches traffic with set-weight 100', async () => {
    ws.writeConfig(config('blue-green'))
    await ws.run(deploy, { version: 'v1' })
    await ws.run(deploy, { version: 'v2' })
    const calls = log()
    expect(calls.map((c) => `${c.op}:${c.version}:${c.slot}:${c.weight}`)).toEqual(['deploy:v1:blue:', 'set-weight:v1:blue:100', 'deploy:v2:green:', 'set-weight:v2:green:100'])
  })

  it('canary: the first deploy goes straight to 100% (nothing to compare against); the next one starts at the first step weight', async () => {
    ws.writeConfig(config('canary'))
    const first = await ws.run(deploy, { version: 'v1' })
    expect(first.outputs).toMatchObject({ strategy: 'canary', transition: 'initial' })
    expect(log().map((c) => `${c.op}:${c.weight}:${c.strategy}`)).toEqual(['deploy::rolling'])
    expect(JSON.parse(first.outputs.record)).toMatchObject({ status: 'success', initial: true, phase: 'stable', weights: { canary: 0, stable: 100 } })
    const r = await ws.run(deploy, { version: 'v2' })
    expect(r.outputs).toMatchObject({ strategy: 'canary', transition: 'start-canary' })
    expect(log().slice(1).map((c) => `${c.op}:${c.weight}`)).toEqual(['deploy:', 'set-weight:10'])
    expect(JSON.parse(r.outputs.record)).toMatchObject({ status: 'in_progress', phase: 'canary', step: 0, weights: { canary: 10, stable: 90 } })
  })

  it('without a rollback command, rolls back by deploying the previous version', async () => {
    ws.writeConfig(config('rolling', 'deploy: ./deploy.sh'))
    await ws.run(deploy, { version: 'v1' })
    await ws.run(deploy, { version: 'v2' })
    await ws.run(rollback, {})
    expect(log().at(-1)).toMatchObject({ op: 'deploy', version: 'v1', to: 'v1' })
  })

  it('tears down with command.teardown, and says so when there is none', async () => {
    script('teardown.sh')
    ws.writeConfig(config('rolling', 'deploy: ./deploy.sh, teardown: ./teardown.sh'))
    await ws.run(deploy, { version: 'v1' })
    const r = await ws.run(deploy, { teardown: 'true' })
    expect(r.failed).toBeUndefined()
    expect(log().at(-1)).toMatchObject({ op: 'teardown', version: 'v1' })
    ws.writeConfig(config('rolling', 'deploy: ./deploy.sh'))
    const none = await ws.run(deploy, { teardown: 'true' })
    expect(none.outputs['error-code']).toBe('GP-PROVIDER-006')
  })

  it('fails with GP-PROVIDER-004 when a command exits non-zero, and records why', async () => {
    script('deploy.sh', 'echo "cannot reach host" >&2; exit 7')
    ws.writeConfig(config('rolling'))
    const r = await ws.run(deploy, { version: 'v1' })
    expect(r.outputs['error-code']).toBe('GP-PROVIDER-004')
    expect(r.failed).toContain('exited with code 7')
    expect(r.logs.some((l) => l.message.includes('[deploy] cannot reach host'))).toBe(true)
  })

  it('stops a command at the timeout with GP-PROVIDER-005', async () => {
    script('deploy.sh', 'sleep 30')
    ws.writeConfig(config('rolling'))
    const r = await ws.run(deploy, { version: 'v1', timeout: '1s' })
    expect(r.outputs['error-code']).toBe('GP-PROVIDER-005')
  })

  it('passes hostile branch names and PR titles as data, never as shell', async () => {
    ws.writeConfig(config('rolling'))
    const hostile = 'feature/$(touch pwned)`touch pwned2`;touch pwned3'
    const title = '"; touch pwned4; echo "::set-output name=x::y'
    const payload = { pull_request: { number: 7, title, head: { ref: hostile, sha: 'abc1234def' }, base: { ref: 'main' } } }
    ws.writeConfig(config('rolling').replace("branches: ['main', 'feature/*']", "branches: ['**']\n    pullRequests: true"))
    const r = await ws.run(deploy, { version: 'v1', token: 'ghs_secrettoken123' }, { GITHUB_EVENT_NAME: 'pull_request', GITHUB_REF: 'refs/pull/7/merge', GITHUB_REPOSITORY: '' }, payload)
    expect(r.failed).toBeUndefined()
    expect(log()[0]).toMatchObject({ branch: hostile, title, token: null })
    for (const f of ['pwned', 'pwned2', 'pwned3', 'pwned4']) expect(existsSync(join(ws.dir, f))).toBe(false)
    expect(r.masked).toContain('ghs_secrettoken123')
  })
})
