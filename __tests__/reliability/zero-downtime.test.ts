import { waitFor } from '../helpers/wait.js'
import { describe, it, expect, afterAll } from '@jest/globals'
import { appendFileSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import autocannon from 'autocannon'
import { ModelSystem, type Flavour, type ActionName } from '../model/harness.js'

// Zero downtime, measured (docs/state-machine.md): autocannon keeps a closed loop of keep-alive
// connections on the environment's front (the local router, or nginx) while each transition runs, and
// every failed request is counted: connection errors, resets, timeouts and answers that are not 2xx
// (the apps here answer only 200, so any other status is the router's or nginx's own). The rows go to
// RELIABILITY.md through npm run reliability.

const CONNECTIONS = 16
const out = join(process.cwd(), '.reliability')

interface Row {
  front: string
  transition: string
  requests: number
  failed: number
  errors: number
  timeouts: number
  non2xx: number
  resets: number
  /** Connection resets (ECONNRESET): with nginx, idle keep-alive connections closed by a reload. */
  resetsAtReload: number
  /** nginx reloads the transition made (one per weight change; 0 for the local router). */
  reloads: number
  seconds: number
}

async function measure(sys: ModelSystem, front: string, transition: string, steps: Array<[ActionName, Record<string, string>]>): Promise<Row> {
  const errorCodes: Record<string, number> = {}
  let finish: (r: autocannon.Result) => void = () => undefined
  const done = new Promise<autocannon.Result>((resolve) => { finish = resolve })
  const instance = autocannon({ url: sys.url, connections: CONNECTIONS, duration: 3600, timeout: 5 }, (err, result) => finish(result))
  instance.on('reqError', (e: NodeJS.ErrnoException) => { errorCodes[e.code ?? e.message] = (errorCodes[e.code ?? e.message] ?? 0) + 1 })
  let answered = 0
  instance.on('response', () => { answered++ })
  // Load in flight before the first change and after the last, whatever the machine's pace.
  await waitFor(() => answered >= 50, `50 answers from ${sys.url} before ${transition}`)
  const started = Date.now()
  let reloads = 0
  for (const [action, inputs] of steps) {
    const r = await sys.run(action, inputs)
    if (r.failed) throw new Error(`${transition}: ${action} failed: ${r.code}\n${r.log.slice(-1500)}`)
    reloads += (r.log.match(/nginx: upstream \S+ now sends \d+% to the canary/g) ?? []).length
  }
  const after = answered
  await waitFor(() => answered >= after + 50, `50 answers from ${sys.url} after ${transition}`)
  instance.stop()
  const result = await done
  const row: Row = {
    front, transition, requests: result.requests.total + result.errors, errors: result.errors - result.timeouts, timeouts: result.timeouts, non2xx: result.non2xx, resets: result.resets,
    failed: result.errors + result.non2xx, resetsAtReload: errorCodes.ECONNRESET ?? 0, reloads, seconds: Math.round((Date.now() - started) / 100) / 10,
  }
  mkdirSync(out, { recursive: true })
  appendFileSync(join(out, 'zero-downtime.jsonl'), `${JSON.stringify({ ...row, errorCodes })}\n`)
  return row
}

const systems: ModelSystem[] = []
afterAll(async () => { for (const s of systems) await s.dispose() })

describe.each<[Flavour, string]>([['local', 'local router'], ['nginx', 'nginx (command provider)']])('zero downtime on the %s provider', (flavour, front) => {
  it('fails no request during rolling, blue-green, a canary promoted step by step, an abort and a rollback', async () => {
    const sys = await ModelSystem.create(flavour, ['good', 'good', 'good', 'good', 'good'], { load: false })
    systems.push(sys)
    const first = await sys.run('deploy', { version: 'v0', strategy: 'rolling' })
    expect(first.failed).toBe(false)
    const rows = [
      await measure(sys, front, 'rolling v0 → v1', [['deploy', { version: 'v1', strategy: 'rolling' }]]),
      await measure(sys, front, 'blue-green v1 → v2', [['deploy', { version: 'v2', strategy: 'blue-green' }]]),
      await measure(sys, front, 'canary v2 → v3, promoted step by step (30%, 60%, 100%)', [['deploy', { version: 'v3', strategy: 'canary' }], ['canary-step', { step: 'next' }], ['canary-step', { step: 'next' }]]),
      await measure(sys, front, 'canary v3 → v4, aborted at 30%', [['deploy', { version: 'v4', strategy: 'canary' }], ['canary-step', { step: 'abort' }]]),
      await measure(sys, front, 'rollback v3 → v2', [['rollback', {}]]),
    ]
    for (const row of rows) expect(row.requests).toBeGreaterThan(100)
    if (flavour === 'local') {
      for (const row of rows) expect({ transition: row.transition, failed: row.failed }).toEqual({ transition: row.transition, failed: 0 })
      return
    }
    // nginx closes idle keep-alive client connections when it reloads (every weight change is a
    // reload); a request autocannon sends on one at that instant is reset. So resets come only with
    // reloads, at most one per open connection each (a bound from the mechanism: a share of requests
    // is not one, since it falls with a longer transition and not with fewer resets). Nothing else
    // may fail: no refused connection, no timeout, no 5xx of nginx's own.
    for (const row of rows) {
      expect({ transition: row.transition, other: row.failed - row.resetsAtReload, non2xx: row.non2xx, timeouts: row.timeouts }).toEqual({ transition: row.transition, other: 0, non2xx: 0, timeouts: 0 })
      expect(row.reloads).toBeGreaterThan(0)
      expect(row.resetsAtReload).toBeLessThanOrEqual(CONNECTIONS * row.reloads)
    }
  }, 180_000)
})
