import { describe, it, expect, beforeEach, afterEach } from '@jest/globals'
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { createWorkspace, freePort, get, ROOT, type TestWorkspace } from '../helpers/workspace.js'

// The CLI runs the same bundles as the runner, with inputs from flags.
let ws: TestWorkspace
let port: number
const cli = (...args: string[]) => spawnSync(process.execPath, [join(ROOT, 'bin', 'glidepath.js'), ...args], { cwd: ws.dir, encoding: 'utf8', env: { PATH: process.env.PATH, HOME: process.env.HOME }, timeout: 60_000 })

beforeEach(async () => {
  ws = createWorkspace()
  port = await freePort()
  ws.app('app')
  ws.writeConfig(`version: 1\nenvironments:\n  demo:\n    branches: [main]\n    local: { app: app, start: node server.js, health: /health, port: ${port} }\n`)
})
afterEach(async () => ws.cleanup())

describe('glidepath CLI', () => {
  it('deploys, rolls back and prints outputs and the summary', async () => {
    const d1 = cli('deploy', '--environment', 'demo', '--version', 'v1')
    expect(d1.status).toBe(0)
    expect(d1.stdout).toContain('version=v1\n')
    expect(d1.stderr).toContain('### Deploy to demo')
    expect((await get(`http://127.0.0.1:${port}/`)).version).toBe('v1')
    const d2 = cli('deploy', '--version=v2', '--ref', 'main', '--json')
    expect(JSON.parse(d2.stdout)).toMatchObject({ environment: 'demo', version: 'v2', 'previous-version': 'v1' })
    expect((await get(`http://127.0.0.1:${port}/`)).version).toBe('v2')
    const rb = cli('rollback', '--environment', 'demo', '--reason', 'cli test')
    expect(rb.status).toBe(0)
    expect(rb.stdout).toContain('to-version=v1')
    expect((await get(`http://127.0.0.1:${port}/`)).version).toBe('v1')
  })

  it('exits non-zero with a coded error on bad input', () => {
    const r = cli('deploy', '--environment', 'nope', '--version', 'v1')
    expect(r.status).toBe(1)
    expect(r.stderr).toContain('GP-CONFIG-004')
    expect(r.stdout).toContain('error-code=GP-CONFIG-004')
    const bad = cli('deploi')
    expect(bad.status).toBe(2)
    expect(bad.stderr).toContain('unknown action "deploi"')
    const stray = cli('deploy', 'v1')
    expect(stray.status).toBe(2)
    expect(stray.stderr).toContain('GP-INPUT-001')
  })

  it('prints usage', () => {
    const r = cli('--help')
    expect(r.status).toBe(0)
    expect(r.stdout).toContain('Usage: glidepath <action>')
  })
})
