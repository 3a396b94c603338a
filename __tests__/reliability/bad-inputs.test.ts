import { describe, it, expect, beforeAll, afterAll } from '@jest/globals'
import { readdirSync, readFileSync, writeFileSync, existsSync, mkdirSync, chmodSync, appendFileSync } from 'node:fs'
import { join } from 'node:path'
import { run as deploy } from '../../actions/deploy/src/main.js'
import { run as canaryStep } from '../../actions/canary-step/src/main.js'
import { run as rollback } from '../../actions/rollback/src/main.js'
import { run as smoke } from '../../actions/smoke-test/src/main.js'
import { run as report } from '../../actions/report/src/main.js'
import { createWorkspace, type TestWorkspace } from '../helpers/workspace.js'

// The bad-input corpus (__tests__/fixtures/bad-inputs): every invalid config, check file and action
// input must end in its coded error and change nothing. "Nothing" is checked by reading the target's
// state file and the provider's log of deploys and weight changes before and after.
const FIX = join(process.cwd(), '__tests__', 'fixtures', 'bad-inputs')
const RESULTS = join(process.cwd(), '.reliability', 'bad-inputs.jsonl')
const ACTIONS = { deploy, 'canary-step': canaryStep, rollback, 'smoke-test': smoke, report }
const BASE_CONFIG = 'version: 1\nenvironments:\n  app:\n    branches: [main]\n    command: { deploy: ./ok.sh, set-weight: ./ok.sh }\n'
let ws: TestWorkspace

const expectOf = (text: string) => /^# expect: (GP-[A-Z]+-\d+)/.exec(text)?.[1] as string
const snapshot = () => ({
  state: readFileSync(join(ws.stateDir, 'app', 'state.json'), 'utf8'),
  ops: existsSync(join(ws.dir, 'ops.log')) ? readFileSync(join(ws.dir, 'ops.log'), 'utf8') : '',
})

beforeAll(async () => {
  mkdirSync(join(process.cwd(), '.reliability'), { recursive: true })
  writeFileSync(RESULTS, '')
  ws = createWorkspace()
  writeFileSync(join(ws.dir, 'ok.sh'), '#!/bin/sh\necho "$GLIDEPATH_OPERATION $GLIDEPATH_VERSION $GLIDEPATH_WEIGHT" >> ops.log\n')
  chmodSync(join(ws.dir, 'ok.sh'), 0o755)
  ws.writeConfig(BASE_CONFIG)
  const first = await ws.run(deploy, { version: 'v1' })
  if (first.failed) throw new Error(first.failed)
})
afterAll(async () => ws.cleanup())

async function check(kind: string, name: string, expected: string, act: () => Promise<{ outputs: Record<string, string> }>) {
  const before = snapshot()
  const r = await act()
  const after = snapshot()
  ws.writeConfig(BASE_CONFIG)
  const ok = r.outputs['error-code'] === expected && after.state === before.state && after.ops === before.ops
  appendFileSync(RESULTS, `${JSON.stringify({ kind, name, expected, got: r.outputs['error-code'] ?? '(none)', unchanged: after.state === before.state && after.ops === before.ops, ok })}\n`)
  expect({ code: r.outputs['error-code'], stateUnchanged: after.state === before.state, noDeployOrWeightChange: after.ops === before.ops })
    .toEqual({ code: expected, stateUnchanged: true, noDeployOrWeightChange: true })
}

describe('bad configs', () => {
  it.each(readdirSync(join(FIX, 'configs')).sort())('%s', async (file) => {
    const text = readFileSync(join(FIX, 'configs', file))
    await check('config', file, expectOf(text.toString('latin1')), async () => {
      writeFileSync(join(ws.dir, '.github', 'glidepath.yml'), text)
      return ws.run(deploy, { version: 'v2' })
    })
  })
})

describe('bad check files', () => {
  it.each(readdirSync(join(FIX, 'checks')).sort())('%s', async (file) => {
    const text = readFileSync(join(FIX, 'checks', file), 'utf8')
    writeFileSync(join(ws.dir, 'checks.yml'), text)
    await check('checks', file, expectOf(text), () => ws.run(smoke, { url: 'http://127.0.0.1:1', checks: 'checks.yml' }))
  })
})

describe('bad action inputs', () => {
  it.each(readdirSync(join(FIX, 'inputs')).sort())('%s', async (file) => {
    const c = JSON.parse(readFileSync(join(FIX, 'inputs', file), 'utf8')) as { action: keyof typeof ACTIONS; inputs: Record<string, string>; expect: string }
    await check('input', file, c.expect, () => ws.run(ACTIONS[c.action], c.inputs))
  })

  it('the corpus has at least 60 cases', () => {
    const n = ['configs', 'checks', 'inputs'].reduce((sum, d) => sum + readdirSync(join(FIX, d)).length, 0)
    expect(n).toBeGreaterThanOrEqual(60)
  })
})
