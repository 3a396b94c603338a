import { describe, it, expect, beforeEach, afterEach } from '@jest/globals'
import { writeFileSync, chmodSync, readFileSync, existsSync } from 'node:fs'
import { join } from 'node:path'
import { run as deploy } from '../../actions/deploy/src/main.js'
import { createWorkspace, freePort, get, type TestWorkspace } from '../helpers/workspace.js'
import { StateStore } from '../../shared/state/store.js'

// One rollout across a mixed fleet (issue 40 item 2): targets of different providers in one wave plan.
// Wave 1 is a release behind the real local router; wave 2 a platform driven by commands (a script
// standing in for a VM fleet's tooling). A failure in wave 2 halts the rollout and, with rollback-all,
// wave 1 serves the previous version again; one record per target, one rollout.
let ws: TestWorkspace
let port: number

beforeEach(async () => {
  ws = createWorkspace()
  port = await freePort()
  ws.app('app-v1')
  ws.app('app-v2')
  // The command platform: records what it was asked, and refuses v2 (a broken migration there, say).
  writeFileSync(join(ws.dir, 'batch.sh'), '#!/bin/sh\necho "$GLIDEPATH_OPERATION $GLIDEPATH_ENVIRONMENT $GLIDEPATH_VERSION" >> batch.log\nif [ "$GLIDEPATH_OPERATION" = deploy ] && [ "$GLIDEPATH_VERSION" = v2 ]; then echo "v2 does not start on the batch hosts" >&2; exit 1; fi\n')
  chmodSync(join(ws.dir, 'batch.sh'), 0o755)
  ws.writeConfig(`version: 1
environments:
  production:
    branches: [main]
    strategy: rolling
    timeout: 20s
    local: { app: 'app-{{version}}', start: node server.js, health: /health, minReady: 100ms }
    waves: { onFailure: rollback-all }
    targets:
      - { name: edge, wave: 1, local: { port: ${port} } }
      - { name: batch, wave: 2, provider: command, command: { deploy: ./batch.sh, rollback: ./batch.sh } }
`)
})
afterEach(async () => ws.cleanup())

const state = (name: string) => new StateStore(ws.stateDir, `production/${name}`).read()
const batch = () => (existsSync(join(ws.dir, 'batch.log')) ? readFileSync(join(ws.dir, 'batch.log'), 'utf8').trim().split('\n') : [])

describe('a mixed fleet in one wave plan', () => {
  it('rolls out a local target and a command target in turn; a failure in wave 2 halts it and returns wave 1 (rollback-all)', async () => {
    const first = await ws.run(deploy, { version: 'v1' })
    expect({ failed: first.failed, log: first.failed ? first.logs.map((l) => l.message).join('\n') : '' }).toEqual({ failed: undefined, log: '' })
    expect((await get(`http://127.0.0.1:${port}/`)).version).toBe('v1')
    expect(batch()).toEqual(['deploy production/batch v1'])
    expect([state('edge').stable?.version, state('batch').stable?.version]).toEqual(['v1', 'v1'])
    expect([state('edge').records.at(-1)?.provider, state('batch').records.at(-1)?.provider]).toEqual(['local', 'command'])

    const second = await ws.run(deploy, { version: 'v2' })
    expect(second.failed).toMatch(/GP-WAVES-001/)
    expect(second.logs.map((l) => l.message).join('\n')).toMatch(/v2 does not start on the batch hosts/)
    // Wave 1 had gone to v2, and came back; the batch hosts never left v1.
    expect((await get(`http://127.0.0.1:${port}/`)).version).toBe('v1')
    expect(state('edge').records.map((r) => r.version)).toEqual(['v1', 'v2', 'v1'])
    expect(state('edge').records.at(-1)!.reason).toMatch(/halted: wave 2 failed on batch/)
    expect(state('batch').stable?.version).toBe('v1')
    expect(JSON.parse(second.outputs.waves)).toMatchObject({ status: 'halted' })
  }, 60_000)

  it('refuses a target\'s settings of another provider unless the target names it', async () => {
    ws.writeConfig(`version: 1
environments:
  production:
    branches: [main]
    local: { app: 'app-{{version}}', start: node server.js, health: /health }
    targets:
      - { name: edge, local: { port: ${port} } }
      - { name: batch, command: { deploy: ./batch.sh } }
`)
    const r = await ws.run(deploy, { version: 'v1' })
    expect(r.outputs['error-code']).toBe('GP-CONFIG-002')
    expect(r.logs.map((l) => l.message).join('\n')).toMatch(/target batch sets command settings but the environment deploys with local.*provider: command on the environment \(or on this target, for a mixed fleet\)/s)
    expect(batch()).toEqual([])
  })
})
