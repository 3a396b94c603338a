import { describe, it, expect, beforeEach, afterEach } from '@jest/globals'
import { writeFileSync, mkdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { runValidate, runPlan } from '../../cli/src/main.js'
import { run as deploy } from '../../actions/deploy/src/main.js'
import { createWorkspace, freePort, type TestWorkspace } from '../helpers/workspace.js'

// glidepath validate and glidepath plan, as a newcomer uses them: before the first deploy, in pre-commit,
// and to ask how much traffic a canary needs. Neither changes anything.
let ws: TestWorkspace
let port: number
const config = (extra = '') => `version: 1
environments:
  production:
    branches: [main]
    strategy: canary
    local: { app: app, start: node server.js, health: /health, port: ${port} }
    smoke: { checks: .github/smoke.yml }
    canary:
      steps: [ {weight: 10, pause: 1m}, {weight: 25, pause: 1m}, {weight: 50, pause: 1m}, {weight: 100} ]
      analysis:
        interval: 10s
        metrics:
          - { name: errors, source: local, metric: error-rate, compare: stable, maxIncrease: 50%, alpha: 0.01${extra} }
`

beforeEach(async () => {
  ws = createWorkspace()
  port = await freePort()
  ws.app('app')
  mkdirSync(join(ws.dir, '.github'), { recursive: true })
  writeFileSync(join(ws.dir, '.github', 'smoke.yml'), 'checks:\n  - { name: health, path: /health, expect: { status: 200 } }\n')
})
afterEach(async () => ws.cleanup())

describe('glidepath validate', () => {
  it('passes a valid config and the check files it names', async () => {
    ws.writeConfig(config())
    const r = await ws.run(runValidate)
    expect(r.failed).toBeUndefined()
    expect(r.outputs).toMatchObject({ valid: 'true', environments: 'production' })
  })

  it('lists every problem of the config and of its check files with file and line, and fails', async () => {
    ws.writeConfig(config().replace('strategy: canary', 'strategi: canary'))
    writeFileSync(join(ws.dir, '.github', 'smoke.yml'), 'checks:\n  - { name: health, path: /health, expect: { statuss: 200 } }\n')
    const r = await ws.run(runValidate)
    expect(r.outputs['error-code']).toBe('GP-CONFIG-002')
    expect(r.failed).toMatch(/problem\(s\)/)
    const logged = r.logs.map((l) => l.message).join('\n')
    expect(logged).toMatch(/glidepath\.yml:line 5: environments\.production\.strategi: unknown key "strategi"/)
    expect(logged).toMatch(/\.github\/smoke\.yml:line 2: checks\[0\]\.expect\.statuss/)
  })
})

describe('glidepath plan', () => {
  it('says which environment, which transition, and the traffic a healthy canary needs to be promoted within its pauses', async () => {
    ws.writeConfig(config())
    const before = await ws.run(runPlan, { version: 'v1', rate: '20' }, { GITHUB_REF: 'refs/heads/main', GITHUB_EVENT_NAME: 'push' })
    expect(before.outputs).toMatchObject({ environment: 'production', transition: 'initial' })
    await ws.run(deploy, { version: 'v1' })
    const state = readFileSync(join(ws.stateDir, 'production', 'state.json'), 'utf8')
    const r = await ws.run(runPlan, { version: 'v2', rate: '20' }, { GITHUB_REF: 'refs/heads/main', GITHUB_EVENT_NAME: 'push' })
    expect(r.outputs).toMatchObject({ environment: 'production', 'promotes-within-pauses': 'true' })
    expect(r.outputs.transition).toMatch(/canary/)
    const plan = JSON.parse(r.outputs.plan)
    expect(plan.metrics[0].minRate).toBeGreaterThan(2)
    expect(plan.metrics[0].minRate).toBeLessThan(6) // the README's 5 requests/s site
    const quiet = await ws.run(runPlan, { version: 'v2', rate: '1' }, { GITHUB_REF: 'refs/heads/main', GITHUB_EVENT_NAME: 'push' })
    expect(quiet.outputs['promotes-within-pauses']).toBe('false')
    expect(quiet.logs.map((l) => l.message).join('\n')).toMatch(/would hold past its pauses: send more traffic, lengthen the pauses or raise minEffect/)
    // A smaller minEffect needs more traffic; nothing was changed by planning.
    ws.writeConfig(config(', minEffect: 1%'))
    const strict = JSON.parse((await ws.run(runPlan, { version: 'v2', rate: '20' }, { GITHUB_REF: 'refs/heads/main', GITHUB_EVENT_NAME: 'push' })).outputs.plan)
    expect(strict.metrics[0].minRate).toBeGreaterThan(plan.metrics[0].minRate * 3)
    expect(readFileSync(join(ws.stateDir, 'production', 'state.json'), 'utf8')).toBe(state)
  })

  it('with analysis.synthetic, says how much synthetic traffic a healthy canary would get, and when it would be promoted', async () => {
    ws.writeConfig(config().replace('        interval: 10s\n', '        interval: 10s\n        synthetic: { rate: 10, max: 1200 }\n'))
    await ws.run(deploy, { version: 'v1' })
    const quiet = await ws.run(runPlan, { version: 'v2', rate: '1' }, { GITHUB_REF: 'refs/heads/main', GITHUB_EVENT_NAME: 'push' })
    const plan = JSON.parse(quiet.outputs.plan)
    expect(plan.synthetic.decision).toBe('promote')
    expect(plan.synthetic.perVersion).toBeGreaterThan(100)
    expect(plan.synthetic.seconds).toBeLessThanOrEqual(180)
    expect(quiet.logs.map((l) => l.message).join('\n')).toMatch(/Synthetic evidence \(analysis.synthetic\): at 1 requests\/s, a healthy release would get about \d+ synthetic requests per version from its steps and be promoted after \d+s/)
    // A busy site gets only the first interval's, sent before the judge has said what it lacks.
    const busy = JSON.parse((await ws.run(runPlan, { version: 'v2', rate: '200' }, { GITHUB_REF: 'refs/heads/main', GITHUB_EVENT_NAME: 'push' })).outputs.plan)
    expect(busy.synthetic.perVersion).toBe(100)
    expect(busy.synthetic.perVersion).toBeLessThan(plan.synthetic.perVersion)
  })

  it('refuses a rate that is not a number, changing nothing', async () => {
    ws.writeConfig(config())
    const r = await ws.run(runPlan, { rate: 'lots' }, { GITHUB_REF: 'refs/heads/main', GITHUB_EVENT_NAME: 'push' })
    expect(r.outputs['error-code']).toBe('GP-INPUT-001')
  })
})
