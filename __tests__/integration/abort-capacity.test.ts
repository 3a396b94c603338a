import { describe, it, expect, beforeEach, afterEach } from '@jest/globals'
import { readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { run as deploy } from '../../actions/deploy/src/main.js'
import { run as canaryStep } from '../../actions/canary-step/src/main.js'
import { createWorkspace, freePort, get, type TestWorkspace } from '../helpers/workspace.js'
import { startFetchLoad } from '../helpers/load.js'
import { StateStore } from '../../shared/state/store.js'

// Abort without a capacity cliff (issue 37 item 3), on the real local router: an abort never moves the
// canary's traffic to a stable release that does not answer. A stable that died is started again
// first; one that cannot be is left alone, traffic stays split (the canary answers) and the error says
// so, and the next run finishes the abort once stable can start.
let ws: TestWorkspace
let port: number

beforeEach(async () => {
  ws = createWorkspace()
  port = await freePort()
  ws.app('app-v1')
  ws.app('app-v2')
  ws.writeConfig(`version: 1
environments:
  demo:
    branches: [main]
    strategy: canary
    timeout: 20s
    local: { app: 'app-{{version}}', start: node server.js, health: /health, port: ${port}, minReady: 100ms }
    canary:
      steps: [ {weight: 90, pause: 8s}, {weight: 100} ]
      analysis:
        interval: 500ms
        metrics: [ { name: errors, source: local, metric: error-rate, max: 0.05 } ]
`)
})
afterEach(async () => ws.cleanup())

const killStable = () => {
  const local = JSON.parse(readFileSync(join(ws.stateDir, 'demo', 'local.json'), 'utf8')) as { running: Record<string, { pid: number }> }
  process.kill(-local.running.v1.pid, 'SIGKILL')
}
const versions = async (n: number) => {
  const seen: Array<string | null> = []
  for (let i = 0; i < n; i++) seen.push((await get(`http://127.0.0.1:${port}/`)).version)
  return seen
}

/**
 * A canary step judged under load; `midway` runs once the step is under way (past the lock's own check
 * of what serves), then the canary starts failing, so the step aborts in the same run.
 */
async function abortMidway(midway: () => void) {
  expect((await ws.run(deploy, { version: 'v1' })).failed).toBeUndefined()
  expect((await ws.run(deploy, { version: 'v2' })).failed).toBeUndefined()
  const load = startFetchLoad(`http://127.0.0.1:${port}/`, { workers: 2, pauseMs: 20 })
  const step = ws.run(canaryStep, { step: 'next' })
  await new Promise((r) => setTimeout(r, 1500))
  midway()
  writeFileSync(join(ws.stateDir, 'demo', 'releases', 'v2', 'FAIL'), '')
  const r = await step
  await load.stop()
  return r
}

describe('abort: stable ready before the traffic moves back', () => {
  it('a stable that died during the canary is started again before the canary\'s 90% moves back to it', async () => {
    const ab = await abortMidway(killStable)
    expect(ab.outputs.decision).toBe('abort')
    expect(ab.logs.map((l) => l.message).join('\n')).toMatch(/v1 \(stable\) does not answer its health check; it is started again before the canary's 90% moves back to it/)
    expect(ab.logs.map((l) => l.message).join('\n')).toMatch(/v1 answers again; the canary's traffic moves back to it/)
    expect(await versions(10)).toEqual(Array(10).fill('v1'))
  })

  it('a stable that cannot start again keeps the split (the canary answers); the next run finishes the abort once it can', async () => {
    // Gone for good: its process, its kept release and its source.
    const ab = await abortMidway(() => {
      killStable()
      rmSync(join(ws.stateDir, 'demo', 'releases', 'v1'), { recursive: true, force: true })
      rmSync(join(ws.dir, 'app-v1'), { recursive: true, force: true })
    })
    expect(ab.outputs['error-code']).toBe('GP-PROVIDER-007')
    expect(ab.failed).toMatch(/The canary was not aborted: stable v1 does not answer its health check, and it could not be started again/)
    expect(new StateStore(ws.stateDir, 'demo').read().canary?.version).toBe('v2')
    // Every request is still answered by a release: the router sends what stable refuses to the canary.
    expect(await versions(5)).toEqual(Array(5).fill('v2'))
    ws.app('app-v1')
    const again = await ws.run(canaryStep, { step: 'abort', reason: 'manual' })
    expect(again.failed).toBeUndefined()
    expect(new StateStore(ws.stateDir, 'demo').read().canary ?? null).toBeNull()
    expect(await versions(5)).toEqual(Array(5).fill('v1'))
  })

  it('canary.abort.steps: the canary\'s share moves back in steps, a pause apart, and every request is answered', async () => {
    ws.writeConfig(`version: 1
environments:
  demo:
    branches: [main]
    strategy: canary
    timeout: 20s
    local: { app: 'app-{{version}}', start: node server.js, health: /health, port: ${port}, minReady: 100ms }
    canary:
      steps: [ {weight: 90, pause: 1m}, {weight: 100} ]
      abort: { steps: [50, 90, 20], pause: 300ms }
`)
    const bad = await ws.run(canaryStep, { step: 'abort' })
    expect(bad.outputs['error-code']).toBe('GP-CONFIG-002') // the way back must go down
    ws.writeConfig(readFileSync(join(ws.dir, '.github', 'glidepath.yml'), 'utf8').replace('[50, 90, 20]', '[50, 20]'))
    expect((await ws.run(deploy, { version: 'v1' })).failed).toBeUndefined()
    expect((await ws.run(deploy, { version: 'v2' })).failed).toBeUndefined()
    const load = startFetchLoad(`http://127.0.0.1:${port}/`, { workers: 2, pauseMs: 10 })
    const weights: number[] = []
    const sample = () => {
      try { weights.push(JSON.parse(readFileSync(join(ws.stateDir, 'demo', 'router.json'), 'utf8')).weight) } catch { /* mid-write */ }
    }
    sample()
    const watch = setInterval(sample, 50)
    const ab = await ws.run(canaryStep, { step: 'abort', reason: 'manual' })
    clearInterval(watch)
    // The run shares this process's event loop: its last write may land after the last tick, so read it once more.
    sample()
    const seen = await load.stop()
    expect(ab.failed).toBeUndefined()
    expect(ab.logs.map((l) => l.message).join('\n')).toMatch(/Abort of v2: its 90% moves back in steps \(50%, then 20%, then 0%\), 300ms apart \(canary.abort.steps\)/)
    // The router's weight went 90 -> 50 -> 20 -> 0, in that order.
    const order = weights.filter((w, i) => i === 0 || w !== weights[i - 1])
    expect(order).toEqual([90, 50, 20, 0])
    expect(seen.errors + seen.non2xx).toBe(0)
    expect(await versions(5)).toEqual(Array(5).fill('v1'))
  })
})
