import { describe, it, expect, beforeAll, afterAll } from '@jest/globals'
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createWorkspace, freePort, get, ROOT, type TestWorkspace } from '../helpers/workspace.js'

// The installable CLI for other CI systems: `npm pack` gives a package that installs into an empty
// prefix (its bundles need nothing else) and runs every action. Deploy and rollback go through the
// installed copy, as a Jenkins or GitLab job would run them.

let dir: string
let tarball: string
let ws: TestWorkspace
let port: number
const env = () => ({ PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', npm_config_cache: join(dir, 'npm-cache') })
const installed = (...args: string[]) => spawnSync(join(dir, 'prefix', 'bin', 'glidepath'), args, { cwd: ws.dir, encoding: 'utf8', env: env(), timeout: 60_000 })

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'glidepath-pack-'))
  const pack = spawnSync('npm', ['pack', ROOT, '--silent', '--pack-destination', dir], { cwd: dir, encoding: 'utf8', env: env() })
  expect(pack.status).toBe(0)
  tarball = join(dir, readdirSync(dir).find((f) => f.endsWith('.tgz')) as string)
  const install = spawnSync('npm', ['install', '-g', '--prefix', join(dir, 'prefix'), '--no-audit', '--no-fund', tarball], { cwd: dir, encoding: 'utf8', env: env() })
  expect({ status: install.status, stderr: install.stderr }).toMatchObject({ status: 0 })
  ws = createWorkspace()
  port = await freePort()
  ws.app('app')
  ws.writeConfig(`version: 1\nenvironments:\n  demo:\n    branches: [main]\n    local: { app: app, start: node server.js, health: /health, port: ${port} }\n`)
}, 180_000)

afterAll(async () => {
  await ws?.cleanup()
  rmSync(dir, { recursive: true, force: true })
})

describe('the packed CLI', () => {
  it('installs into an empty prefix with nothing but itself, and prints its version', () => {
    const version = installed('--version')
    expect(version.stdout.trim()).toMatch(/^glidepath \d+\.\d+\.\d+$/)
    expect(readdirSync(join(dir, 'prefix', 'lib', 'node_modules'))).toEqual(['glidepath'])
    expect(readdirSync(join(dir, 'prefix', 'lib', 'node_modules', 'glidepath')).sort()).toEqual(['LICENSE', 'README.md', 'actions', 'bin', 'cli', 'package.json', 'schema'])
  })

  it('is publishable: the release script checks the tag and publishes (dry run, no registry needed)', () => {
    const script = join(ROOT, 'scripts', 'release.mjs')
    const ok = spawnSync(process.execPath, [script, '--dry-run', '--no-provenance', '--allow-dirty'], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, GITHUB_REF_NAME: `v${JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version}` }, timeout: 60_000 })
    expect({ status: ok.status, out: ok.stdout + ok.stderr }).toMatchObject({ status: 0, out: expect.stringMatching(/\+ glidepath@\d+\.\d+\.\d+/) })
    const wrongTag = spawnSync(process.execPath, [script, '--dry-run', '--allow-dirty'], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, GITHUB_REF_NAME: 'v99.0.0' } })
    expect(wrongTag.status).toBe(1)
    expect(wrongTag.stderr).toMatch(/the tag v99\.0\.0 is not v/)
  })

  it('runs from the tarball with npx', () => {
    const r = spawnSync('npx', ['--yes', '--package', tarball, 'glidepath', '--version'], { cwd: dir, encoding: 'utf8', env: env(), timeout: 60_000 })
    expect(r.stdout.trim()).toMatch(/^glidepath \d+\.\d+\.\d+$/)
  })

  it('deploys and rolls back through the installed copy', async () => {
    const d1 = installed('deploy', '--environment', 'demo', '--version', 'v1', '--json')
    expect(d1.status).toBe(0)
    expect(JSON.parse(d1.stdout)).toMatchObject({ version: 'v1', transition: 'initial' })
    const d2 = installed('deploy', '--environment', 'demo', '--version', 'v2', '--json')
    expect(JSON.parse(d2.stdout)).toMatchObject({ version: 'v2', 'previous-version': 'v1' })
    expect((await get(`http://127.0.0.1:${port}/`)).version).toBe('v2')
    const rb = installed('rollback', '--environment', 'demo', '--reason', 'from the packed CLI', '--json')
    expect(rb.status).toBe(0)
    expect(JSON.parse(rb.stdout)).toMatchObject({ 'from-version': 'v2', 'to-version': 'v1', 'rolled-back': 'true' })
    expect((await get(`http://127.0.0.1:${port}/`)).version).toBe('v1')
    const smoke = installed('smoke-test', '--url', `http://127.0.0.1:${port}`, '--checks', 'checks:\n  - { name: health, path: /health, expect: { status: 200 } }', '--json')
    expect(JSON.parse(smoke.stdout)).toMatchObject({ passed: 'true' })
  }, 120_000)
  it('validates the config and plans a deploy from the installed copy (the cli bundle)', () => {
    const ok = installed('validate', '--json')
    expect(ok.status).toBe(0)
    expect(JSON.parse(ok.stdout)).toMatchObject({ valid: 'true', environments: 'demo' })
    const plan = installed('plan', '--environment', 'demo', '--version', 'v3', '--json')
    expect(plan.status).toBe(0)
    expect(JSON.parse(plan.stdout)).toMatchObject({ environment: 'demo', transition: expect.any(String) })
  })
})
