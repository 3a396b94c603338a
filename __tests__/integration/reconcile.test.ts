import { waitFor } from '../helpers/wait.js'
import { describe, it, expect, beforeEach, afterEach } from '@jest/globals'
import { existsSync, writeFileSync, rmSync, unlinkSync, symlinkSync, mkdirSync, readlinkSync, chmodSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { run as deploy } from '../../actions/deploy/src/main.js'
import { run as rollback } from '../../actions/rollback/src/main.js'
import { run as canaryStep } from '../../actions/canary-step/src/main.js'
import { run as report } from '../../actions/report/src/main.js'
import { runStateRebuild } from '../../cli/src/main.js'
import { LocalRouterClient } from '../../shared/traffic/local/client.js'
import { StateStore } from '../../shared/state/store.js'
import { createWorkspace, freePort, get, releaseProcesses, type TestWorkspace } from '../helpers/workspace.js'
import { openTarget, lockTarget } from '../../shared/flows/target.js'
import { createMemoryRuntime } from '../../shared/runtime/memory.js'

// Believe the world, not the file (issue 35), on the local provider with the real router: a lost or odd
// state file, a stopped router, a dead stable or canary, a record the router contradicts, a lock deleted
// under a running operation, and a release whose tree has relative links, each met by the next run.

let ws: TestWorkspace
let port: number

const config = (strategy = 'canary') => `version: 1
environments:
  demo:
    branches: [main]
    strategy: ${strategy}
    timeout: 15s
    local: { app: 'app-{{version}}', start: node server.js, health: /health, port: ${port} }
    canary: { steps: [ {weight: 20, pause: 0s}, {weight: 100} ] }
`

beforeEach(async () => {
  ws = createWorkspace()
  port = await freePort()
  for (const v of ['v1', 'v2', 'v3']) ws.app(`app-${v}`)
  ws.writeConfig(config())
})
afterEach(async () => {
  await ws.cleanup()
})

const dir = () => join(ws.stateDir, 'demo')
const store = () => new StateStore(ws.stateDir, 'demo')
const serving = async () => (await get(`http://127.0.0.1:${port}/`).catch(() => ({ version: 'refused' }))).version
const router = () => new LocalRouterClient(dir(), port)
const said = (r: { logs: Array<{ message: string }> }) => r.logs.map((l) => l.message).join('\n')
const pidOf = (version: string) => releaseProcesses(ws.stateDir).find((p) => p.version === version)?.pid as number

describe('a lost or odd record is never read as a first deploy', () => {
  it('glidepath plan with state.json gone reads what serves: v1 stable, a canary next, not a first deploy; nothing written', async () => {
    const { runPlan } = await import('../../cli/src/main.js')
    expect((await ws.run(deploy, { version: 'v1' })).failed).toBeUndefined()
    rmSync(join(dir(), 'state.json'))
    const r = await ws.run(runPlan, { version: 'v2' })
    expect(r.failed).toBeFalsy()
    const plan = JSON.parse(r.outputs.plan)
    expect(plan).toMatchObject({ stable: 'v1', seen: 'v1 takes 100%' })
    expect(plan.transition.name).not.toBe('initial')
    expect(said(r)).toMatch(/Seen serving: v1 takes 100%/)
    expect(store().exists()).toBe(false)
  })

  it('with state.json gone, the next deploy is a canary at its first weight (the record rebuilt from the router), and rollback to v1 works', async () => {
    expect((await ws.run(deploy, { version: 'v1' })).failed).toBeUndefined()
    rmSync(join(dir(), 'state.json'))
    const r = await ws.run(deploy, { version: 'v2' })
    expect(r.failed).toBeUndefined()
    expect(said(r)).toMatch(/the state named no version, but v1 takes 100%/)
    expect(store().read()).toMatchObject({ stable: { version: 'v1' }, canary: { version: 'v2', weight: 20 } })
    expect(r.outputs.transition).not.toBe('initial')
    expect(router().routes()).toMatchObject({ stable: { version: 'v1' }, canary: { version: 'v2' }, weight: 20 })
    const back = await ws.run(rollback, { to: 'v1', reason: 'after a lost record' })
    expect(back.failed).toBeUndefined()
    expect(await serving()).toBe('v1')
  })

  it.each([['null'], ['[]'], ['{}'], ['{"schema":1,"environment":"demo","stable":null,"canary":null,"records":null}'], ['{"schema":1,"environment":"demo","stable":7,"canary":null,"records":[]}']])('state.json of %s: GP-STATE-001 with the rebuild as its fix, and the lock is released', async (text) => {
    expect((await ws.run(deploy, { version: 'v1' })).failed).toBeUndefined()
    writeFileSync(join(dir(), 'state.json'), text)
    const r = await ws.run(deploy, { version: 'v2' })
    expect(r.outputs['error-code']).toBe('GP-STATE-001')
    expect(r.failed).toContain('glidepath state rebuild')
    expect(existsSync(join(dir(), 'lock'))).toBe(false)
    expect(await serving()).toBe('v1')
    // The rebuild: the router's v1 becomes the record's stable, the broken file kept.
    const rebuilt = createMemoryRuntime({ inputs: { environment: 'demo' }, env: { GITHUB_WORKSPACE: ws.dir }, workspace: ws.dir })
    await runStateRebuild(rebuilt)
    expect(rebuilt.outputs).toMatchObject({ stable: 'v1', canary: '', seen: 'v1 takes 100%' })
    expect(readFileSync(join(dir(), 'state.json.broken'), 'utf8')).toBe(text)
    expect((await ws.run(deploy, { version: 'v2' })).failed).toBeUndefined()
    expect(store().read().canary).toMatchObject({ version: 'v2', weight: 20 })
  })
})

describe('a site that does not serve as recorded is healed, or stops the run', () => {
  it('a stopped router: report says so; a deploy of the serving version restarts it on its routes instead of "nothing changed"', async () => {
    await ws.run(deploy, { version: 'v1' })
    await router().stop()
    expect(await serving()).toBe('refused')
    const before = await ws.run(report, {})
    expect(before.summaries.join('\n')).toMatch(/\[!WARNING\][\s\S]*Seen serving now:\*\* the router does not answer/)
    const r = await ws.run(deploy, { version: 'v1' })
    expect(r.failed).toBeUndefined()
    expect(said(r)).toContain('restarted the router on its recorded routes')
    expect(said(r)).not.toContain('nothing changed')
    expect(await serving()).toBe('v1')
    const after = await ws.run(report, {})
    expect(after.summaries.join('\n')).toContain('**Seen serving now:** v1 takes 100%.')
  })

  it('a killed stable is started again before a rollback to it, and a canary over a killed stable is aborted back to the restarted one', async () => {
    await ws.run(deploy, { version: 'v1' })
    process.kill(-pidOf('v1'), 'SIGKILL')
    const same = await ws.run(rollback, { to: 'v1' })
    expect(same.failed).toBeUndefined()
    expect(said(same)).toMatch(/started v1 again/)
    expect(await serving()).toBe('v1')
    await ws.run(deploy, { version: 'v2' })
    expect(store().read().canary?.version).toBe('v2')
    process.kill(-pidOf('v1'), 'SIGKILL')
    const step = await ws.run(canaryStep, { step: 'next' })
    expect(said(step)).toMatch(/v1 did not answer its health check\); healed: started v1 again/)
    expect(store().read()).toMatchObject({ stable: { version: 'v1' }, canary: null })
    expect(store().read().records.find((x) => x.version === 'v2')?.status).toBe('aborted')
    for (let i = 0; i < 10; i++) expect(await serving()).toBe('v1')
  })

  it('a restarted host (router, stable and the blue-green standby all killed): the next deploy starts the router and stable again, drops the dead standby from the record, and a rollback starts it anew', async () => {
    ws.writeConfig(config('blue-green'))
    expect((await ws.run(deploy, { version: 'v1' })).failed).toBeUndefined()
    expect((await ws.run(deploy, { version: 'v2' })).failed).toBeUndefined()
    expect(store().read().standby?.version).toBe('v1')
    const routerPid = (JSON.parse(readFileSync(join(dir(), 'router.pid'), 'utf8')) as { pid: number }).pid
    for (const pgid of new Set(releaseProcesses(ws.stateDir).map((p) => p.pgid))) process.kill(-pgid, 'SIGKILL')
    process.kill(-routerPid, 'SIGKILL')
    expect(await serving()).toBe('refused')
    const again = await ws.run(deploy, { version: 'v2' })
    expect(again.failed).toBeUndefined()
    expect(said(again)).toMatch(/standby v1 no longer runs/)
    expect(said(again)).toMatch(/started v2 again/)
    expect(store().read()).toMatchObject({ stable: { version: 'v2' }, standby: null })
    expect(await serving()).toBe('v2')
    expect(releaseProcesses(ws.stateDir).map((p) => p.version)).not.toContain('v1')
    const back = await ws.run(rollback, {})
    expect(back.failed).toBeUndefined()
    expect(await serving()).toBe('v1')
  })

  it('a stable killed under load leaves the router running (a refused upstream is retried after undici has failed the connection, never inside its callback), and the next run heals it', async () => {
    await ws.run(deploy, { version: 'v1' })
    let stop = false
    const load = (async () => { while (!stop) await serving() })()
    let served = 0
    const counted = async () => { await serving(); served++ }
    const loads = [load, (async () => { while (!stop) await counted() })(), (async () => { while (!stop) await counted() })()]
    await waitFor(() => served >= 10, '10 requests before the kill')
    process.kill(-pidOf('v1'), 'SIGKILL')
    const after = served
    await waitFor(() => served >= after + 20, '20 requests after the kill (refused, then retried)')
    stop = true
    await Promise.all(loads)
    expect(await router().healthy()).toBe(true)
    const r = await ws.run(deploy, { version: 'v1' })
    expect(said(r)).toMatch(/started v1 again/)
    for (let i = 0; i < 10; i++) expect(await serving()).toBe('v1')
  })

  it('a dead canary is aborted by the next run, not promoted onto a refused port', async () => {
    await ws.run(deploy, { version: 'v1' })
    await ws.run(deploy, { version: 'v2' })
    process.kill(-pidOf('v2'), 'SIGKILL')
    const step = await ws.run(canaryStep, { step: 'next' })
    expect(said(step)).toMatch(/canary v2 stopped answering/)
    expect(store().read()).toMatchObject({ stable: { version: 'v1' }, canary: null })
    for (let i = 0; i < 10; i++) expect(await serving()).toBe('v1')
  })

  it('a record the router contradicts (v999 while v1 serves) stops a deploy with GP-STATE-002 and changes nothing; a rollback goes on', async () => {
    await ws.run(deploy, { version: 'v1' })
    const s = store().read()
    store().write({ ...s, stable: { version: 'v999', recordId: s.stable?.recordId as string } })
    const r = await ws.run(deploy, { version: 'v2' })
    expect(r.outputs['error-code']).toBe('GP-STATE-002')
    expect(r.failed).toContain('the record says v999 is stable, the router sends stable traffic to v1')
    expect(router().routes()).toMatchObject({ stable: { version: 'v1' }, canary: null })
    expect(existsSync(join(dir(), 'lock'))).toBe(false)
    const back = await ws.run(rollback, { to: 'v1' })
    expect(back.failed).toBeUndefined()
    expect(said(back)).toContain('GP-STATE-002')
    expect(await serving()).toBe('v1')
  })
})

describe('locks are fenced', () => {
  it('a run whose lock file was removed and taken by another stops before its next write (GP-LOCK-003), and releases nothing of the other', async () => {
    await ws.run(deploy, { version: 'v1' })
    const rt = createMemoryRuntime({ workspace: ws.dir, env: { GITHUB_WORKSPACE: ws.dir } })
    const first = await openTarget(rt, { config: '.github/glidepath.yml', environment: 'demo' })
    if (first.kind !== 'target') throw new Error('no target')
    const held = await lockTarget(rt, first.target, 'canary-step', 5_000, 15_000)
    unlinkSync(join(dir(), 'lock'))
    const other = await ws.run(deploy, { version: 'v2' })
    expect(other.failed).toBeUndefined()
    expect(() => first.target.store.write(first.target.store.read())).toThrow(expect.objectContaining({ code: 'GP-LOCK-003' }))
    await held.release()
    expect(store().read()).toMatchObject({ stable: { version: 'v1' }, canary: { version: 'v2', weight: 20 } })
  })
})

describe('a release reaches its place byte for byte', () => {
  it('relative links stay relative (a venv, node_modules/.bin), folder modes are kept, and a kept release starts again after its source is gone', async () => {
    const app = join(ws.dir, 'app-v1')
    mkdirSync(join(app, 'venv', 'bin'), { recursive: true })
    writeFileSync(join(app, 'venv', 'bin', 'python3'), '#!/bin/sh\n')
    chmodSync(join(app, 'venv', 'bin', 'python3'), 0o755)
    symlinkSync('python3', join(app, 'venv', 'bin', 'python'))
    mkdirSync(join(app, 'private'), { mode: 0o700 })
    ws.writeConfig(config('blue-green'))
    await ws.run(deploy, { version: 'v1' })
    await ws.run(deploy, { version: 'v2' })
    const release = join(dir(), 'releases', 'v1')
    expect(readlinkSync(join(release, 'venv', 'bin', 'python'))).toBe('python3')
    rmSync(app, { recursive: true, force: true })
    process.kill(-pidOf('v1'), 'SIGKILL')
    const back = await ws.run(rollback, { to: 'v1' })
    expect(back.failed).toBeUndefined()
    expect(await serving()).toBe('v1')
  })
})
