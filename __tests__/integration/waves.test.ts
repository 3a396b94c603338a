import { describe, it, expect, beforeEach, afterEach } from '@jest/globals'
import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { existsSync, readFileSync } from 'node:fs'
import { pathToFileURL } from 'node:url'
import { run as deploy } from '../../actions/deploy/src/main.js'
import { run as canaryStep } from '../../actions/canary-step/src/main.js'
import { run as rollback } from '../../actions/rollback/src/main.js'
import { createWorkspace, freePort, get, releaseProcesses, ROOT, type TestWorkspace } from '../helpers/workspace.js'
import { StateStore } from '../../shared/state/store.js'
import type { WavesProgress } from '../../shared/state/waves.js'

// Waves on the local provider: three targets on their own ports (their own routers and releases), rolled
// out wave by wave with the real router carrying load on each.
let ws: TestWorkspace
let ports: number[]
const NAMES = ['us-west-2', 'eu-west-1', 'us-east-1']

const config = (opts: { strategy?: string; onFailure?: string; bake?: string; waves?: number[] } = {}) => `version: 1
environments:
  production:
    branches: [main]
    strategy: ${opts.strategy ?? 'canary'}
    timeout: 6s
    url: 'https://{{target}}.shop.test'
    local: { app: 'app-{{version}}', start: node server.js, health: /health, minReady: 200ms }
    canary:
      steps: [ {weight: 50, pause: 1s}, {weight: 100} ]
      analysis:
        interval: 500ms
        onNoData: pass
        metrics:
          - { name: errors, source: local, metric: error-rate, max: 0.05 }
    waves: { bake: ${opts.bake ?? '0s'}, onFailure: ${opts.onFailure ?? 'rollback-failed'} }
    targets:
${NAMES.map((n, i) => `      - { name: ${n}, wave: ${(opts.waves ?? [1, 2, 3])[i]}, local: { port: ${ports[i]}${n === 'eu-west-1' ? ", app: 'eu-{{version}}'" : ''} } }`).join('\n')}
`
const state = (name: string) => new StateStore(ws.stateDir, `production/${name}`).read()
const serving = async (i: number) => (await get(`http://127.0.0.1:${ports[i]}/`)).version
const log = (rt: { logs: Array<{ level: string; message: string }> }, level?: string) => rt.logs.filter((l) => !level || l.level === level).map((l) => l.message).join('\n')
const progress = () => JSON.parse(readFileSync(join(ws.stateDir, 'production', 'waves.json'), 'utf8')) as WavesProgress

/** Load on every target's router, counting the requests that failed. */
function loadAll(): { stop(): Promise<Array<{ sent: number; failed: number }>> } {
  let running = true
  const counts = ports.map(() => ({ sent: 0, failed: 0 }))
  const workers = ports.flatMap((port, i) => [0, 1].map(async () => {
    while (running) {
      counts[i].sent++
      try {
        const res = await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(3000) })
        await res.arrayBuffer()
        if (res.status >= 500) counts[i].failed++
      } catch {
        counts[i].failed++
      }
      await new Promise((r) => setTimeout(r, 5))
    }
  }))
  return { stop: async () => { running = false; await Promise.all(workers); return counts } }
}

beforeEach(async () => {
  ws = createWorkspace()
  ports = [await freePort(), await freePort(), await freePort()]
  for (const v of ['v1', 'v2', 'v3']) {
    ws.app(`app-${v}`)
    ws.app(`eu-${v}`, v === 'v3' ? { healthStatus: 503 } : undefined)
  }
  ws.writeConfig(config())
  const first = await ws.run(deploy, { version: 'v1' })
  expect(first.failed).toBeFalsy()
})
afterEach(async () => ws.cleanup())

describe('waves on the local provider', () => {
  it('rolls a canary out wave by wave with no failed request on any target', async () => {
    const load = loadAll()
    const d = await ws.run(deploy, { version: 'v2' })
    const counts = await load.stop()
    expect(d.failed).toBeFalsy()
    const waves = JSON.parse(d.outputs.waves) as WavesProgress
    expect(waves).toMatchObject({ environment: 'production', version: 'v2', status: 'succeeded', waves: 3 })
    expect(waves.targets.map((t) => [t.name, t.wave, t.status, t.previousVersion, t.serving])).toEqual(NAMES.map((n, i) => [n, i + 1, 'succeeded', 'v1', 'v2']))
    // The environment's url names {{target}}: each target has its own.
    expect(waves.targets.map((t) => t.url)).toEqual(NAMES.map((n) => `https://${n}.shop.test`))
    expect(d.outputs).toMatchObject({ environment: 'production', version: 'v2', 'previous-version': 'v1', strategy: 'canary' })
    for (let i = 0; i < 3; i++) expect(await serving(i)).toBe('v2')
    // Each target ran its own canary: a step at 50% judged on its own router's traffic, then promotion.
    for (const n of NAMES) expect(state(n).records.at(-1)).toMatchObject({ environment: `production/${n}`, version: 'v2', status: 'success', strategy: 'canary' })
    // Waves run in order: a target's promotion comes before the next wave's deploy starts.
    const finished = NAMES.map((n) => Date.parse(state(n).records.at(-1)!.finishedAt!))
    const started = NAMES.map((n) => Date.parse(state(n).records.at(-1)!.startedAt))
    expect(started[1]).toBeGreaterThanOrEqual(finished[0])
    expect(started[2]).toBeGreaterThanOrEqual(finished[1])
    for (const c of counts) {
      expect(c.sent).toBeGreaterThan(50)
      expect(c.failed).toBe(0)
    }
    expect(d.summaries.join('\n')).toMatch(/Waves of production: v2 succeeded[\s\S]*\| 2 \| eu-west-1 \| ✅ succeeded \| v1 \| v2 \|/)
    // The state output carries every target, so a later job on another runner can continue.
    const carried = JSON.parse(d.outputs.state)
    expect(Object.keys(carried.targets)).toEqual(NAMES)
    expect(carried.waves.status).toBe('succeeded')
    // canary-step after a finished rollout: complete, nothing moves.
    const step = await ws.run(canaryStep, { step: 'all' })
    expect(step.outputs.decision).toBe('complete')
  })

  it('halts when a target of wave 2 fails: wave 3 never starts, the failed target keeps its version, wave 1 stays (rollback-failed)', async () => {
    const load = loadAll()
    const d = await ws.run(deploy, { version: 'v3' })
    const counts = await load.stop()
    expect(d.failed).toMatch(/GP-WAVES-001.*halted in wave 2 of 3: eu-west-1 failed \(GP-PROVIDER-003/)
    expect(d.failed).toMatch(/Not started: us-east-1/)
    expect(d.outputs['error-code']).toBe('GP-WAVES-001')
    expect(await serving(0)).toBe('v3')
    expect(await serving(1)).toBe('v1')
    expect(await serving(2)).toBe('v1')
    expect(state('us-east-1').records.map((r) => r.version)).toEqual(['v1'])
    expect(progress()).toMatchObject({ status: 'halted', wave: 2, reason: 'wave 2 failed on eu-west-1' })
    expect(progress().targets.map((t) => t.status)).toEqual(['succeeded', 'failed', 'pending'])
    for (const c of counts) expect(c.failed).toBe(0)
    expect(d.summaries.join('\n')).toMatch(/\| 2 \| eu-west-1 \| ❌ failed \| v1 \| v1 \|/)
    // A later canary-step reports the halted rollout as a failure rather than a green "complete".
    const step = await ws.run(canaryStep, { step: 'next' })
    expect(step.outputs.decision).toBe('abort')
    expect(step.failed).toMatch(/GP-WAVES-001/)
    // rollback of the environment returns every target that moved (only us-west-2 did).
    const r = await ws.run(rollback, { reason: 'halted rollout' })
    expect(r.failed).toBeFalsy()
    expect(r.outputs).toMatchObject({ 'rolled-back': 'true', 'from-version': 'v3', 'to-version': 'v1' })
    for (let i = 0; i < 3; i++) expect(await serving(i)).toBe('v1')
  })

  it('rollback-all returns the finished waves too', async () => {
    ws.writeConfig(config({ onFailure: 'rollback-all' }))
    const d = await ws.run(deploy, { version: 'v3' })
    expect(d.failed).toMatch(/GP-WAVES-001/)
    for (let i = 0; i < 3; i++) expect(await serving(i)).toBe('v1')
    expect(progress().targets.map((t) => t.status)).toEqual(['rolled-back', 'failed', 'pending'])
    expect(state('us-west-2').records.at(-1)).toMatchObject({ kind: 'rollback', version: 'v1' })
    expect(state('us-west-2').records.at(-1)!.reason).toMatch(/halted: wave 2 failed on eu-west-1/)
  })

  it('targets of one wave roll out together; wave input pauses after a wave and the next job carries on', async () => {
    ws.writeConfig(config({ waves: [1, 2, 2], strategy: 'rolling' }))
    const first = await ws.run(deploy, { version: 'v2', wave: '1' })
    expect(first.failed).toBeFalsy()
    expect(JSON.parse(first.outputs.waves)).toMatchObject({ status: 'paused', wave: 1 })
    expect([await serving(0), await serving(1), await serving(2)]).toEqual(['v2', 'v1', 'v1'])
    // Another runner: no state directory, only the state output of the first job.
    const carried = first.outputs.state
    const again = await ws.run(deploy, { version: 'v2', wave: '2', state: carried })
    expect(again.failed).toBeFalsy()
    expect(log(again, 'notice')).toMatch(/Resuming the rollout of v2 on production at wave 1 of 2 \(it paused there/)
    expect([await serving(0), await serving(1), await serving(2)]).toEqual(['v2', 'v2', 'v2'])
    // Wave 1's target was not deployed again.
    expect(state('us-west-2').records.map((r) => r.version)).toEqual(['v1', 'v2'])
    const bad = await ws.run(deploy, { version: 'v2', wave: '3' })
    expect(bad.failed).toMatch(/GP-INPUT-001.*waves 1 to 2/)
    const notNumber = await ws.run(deploy, { version: 'v2', wave: 'two' })
    expect(notNumber.failed).toMatch(/GP-INPUT-001.*not a wave number/)
  })

  it('a job killed while baking between waves resumes where it stopped', async () => {
    ws.writeConfig(config({ strategy: 'rolling', bake: '4s' }))
    const loader = pathToFileURL(join(ROOT, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href
    const child = spawn(process.execPath, ['--import', loader, join(ROOT, '__tests__/model/run-action.ts'), 'deploy', '--environment', 'production', '--version', 'v2', '--workspace', ws.dir, '--json'], {
      cwd: ws.dir, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', GLIDEPATH_INTERNAL_SELF: process.env.GLIDEPATH_INTERNAL_SELF ?? '' }, stdio: 'ignore',
    })
    const file = join(ws.stateDir, 'production', 'waves.json')
    const deadline = Date.now() + 20_000
    while (!(existsSync(file) && progress().bakeUntil) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50))
    expect(progress()).toMatchObject({ status: 'running', wave: 1 })
    child.kill('SIGKILL')
    await new Promise((r) => child.on('close', r))
    expect([await serving(0), await serving(1)]).toEqual(['v2', 'v1'])
    const resumed = await ws.run(deploy, { version: 'v2' })
    expect(resumed.failed).toBeFalsy()
    expect(log(resumed, 'notice')).toMatch(/Resuming the rollout of v2 on production at wave 1 of 3 \(it was interrupted/)
    expect(log(resumed)).toMatch(/Recovered a stale waves lock|Baking wave 1 for/)
    expect([await serving(0), await serving(1), await serving(2)]).toEqual(['v2', 'v2', 'v2'])
    expect(state('us-west-2').records.map((r) => r.version)).toEqual(['v1', 'v2'])
    expect(progress().status).toBe('succeeded')
  })

  it('dry run plans every target and changes nothing', async () => {
    const d = await ws.run(deploy, { version: 'v2', 'dry-run': 'true' })
    expect(d.failed).toBeFalsy()
    expect(d.logs.filter((l) => l.level === 'notice' && l.message.includes('Dry run: would deploy v2')).length).toBe(3)
    for (let i = 0; i < 3; i++) expect(await serving(i)).toBe('v1')
  })

  it('teardown tears every target down, last wave first, and a dry run changes nothing', async () => {
    const dry = await ws.run(deploy, { teardown: 'true', 'dry-run': 'true' })
    expect(log(dry, 'notice')).toMatch(/Dry run: would tear down production on us-west-2, eu-west-1, us-east-1\. Nothing was changed\./)
    for (let i = 0; i < 3; i++) expect(await serving(i)).toBe('v1')
    const down = await ws.run(deploy, { teardown: 'true' })
    expect(down.failed).toBeFalsy()
    expect(log(down)).toMatch(/Tore down production on us-west-2, eu-west-1, us-east-1/)
    for (let i = 0; i < 3; i++) {
      await expect(get(`http://127.0.0.1:${ports[i]}/`)).rejects.toThrow()
      expect(state(NAMES[i]).stable).toBeNull()
    }
    // Last wave first: us-east-1's teardown record is the oldest of the three.
    const at = NAMES.map((n) => state(n).records.find((r) => r.kind === 'teardown')?.startedAt ?? '')
    expect(at[2] <= at[1] && at[1] <= at[0]).toBe(true)
  })
})

describe('plan on an environment with targets', () => {
  it('reads every target as found: a target whose record is gone is read from what it serves, never as a first deploy', async () => {
    const { runPlan } = await import('../../cli/src/main.js')
    const { rmSync } = await import('node:fs')
    rmSync(join(new StateStore(ws.stateDir, 'production/eu-west-1').dir, 'state.json'))
    const r = await ws.run(runPlan, { version: 'v2' })
    expect(r.failed).toBeFalsy()
    const plan = JSON.parse(r.outputs.plan)
    expect(plan.targets.map((t: { name: string; stable: string; seen: string; transition: string }) => `${t.name}:${t.stable}:${t.seen}`)).toEqual(NAMES.map((n) => `${n}:v1:v1 takes 100%`))
    expect(plan.targets.every((t: { transition: string }) => t.transition !== 'initial')).toBe(true)
    expect(log(r)).toMatch(/\| 2 \| eu-west-1 \| v1 \| v1 takes 100% \|/)
    // Planning changed nothing: the record stays gone until a run under the lock rebuilds it.
    expect(new StateStore(ws.stateDir, 'production/eu-west-1').exists()).toBe(false)
  })
})

describe('report on an environment with targets', () => {
  it('renders every target of the last rollout', async () => {
    const { run: report } = await import('../../actions/report/src/main.js')
    await ws.run(deploy, { version: 'v3' })
    const r = await ws.run(report, {})
    expect(r.failed).toBeFalsy()
    expect(r.summaries.join('\n')).toMatch(/Waves of production: v3 halted[\s\S]*\| 1 \| us-west-2 \| ✅ succeeded \| v1 \| v3 \|[\s\S]*\| 2 \| eu-west-1 \| ❌ failed \| v1 \| v1 \|[\s\S]*\| 3 \| us-east-1 \| ⏸️ pending \|  \| v1 \|/)
    // One sentence first: where it halted, which target failed, what each serves.
    expect(r.summaries.join('\n')).toMatch(/\*\*The rollout of v3 halted at wave 2 of 3: eu-west-1 failed \(.*\); seen serving: v3 on us-west-2; v1 on eu-west-1 and us-east-1\.\*\*/)
    // The table says what each target was seen serving when the report ran, not what the rollout wrote
    // down: us-west-2's release killed since, its row says so.
    const v3 = releaseProcesses(ws.stateDir).filter((p) => p.version === 'v3')
    expect(v3.length).toBeGreaterThan(0)
    for (const p of v3) process.kill(-p.pgid, 'SIGKILL')
    const after = await ws.run(report, {})
    expect(after.failed).toBeFalsy()
    expect(after.summaries.join('\n')).toMatch(/\| 1 \| us-west-2 \| ✅ succeeded \| v1 \| ⚠️ v3 takes 100% but does not answer \|/)
  })
})
