import { describe, it, expect, beforeEach, afterEach } from '@jest/globals'
import { writeFileSync, mkdirSync, readFileSync, existsSync, chmodSync } from 'node:fs'
import { join } from 'node:path'
import { hostname } from 'node:os'
import { spawnSync } from 'node:child_process'
import { run as deploy } from '../../actions/deploy/src/main.js'
import { createWorkspace, type TestWorkspace } from '../helpers/workspace.js'
import { StateStore } from '../../shared/state/store.js'
import { acquireLock } from '../../shared/state/lock.js'

let ws: TestWorkspace
beforeEach(() => {
  ws = createWorkspace()
  const deployScript = join(ws.dir, 'deploy.sh')
  // Each deploy takes a moment and notes when it started and ended, to show the two never overlap.
  writeFileSync(deployScript, '#!/bin/sh\necho "start $GLIDEPATH_VERSION" >> order.log\nsleep 0.6\necho "end $GLIDEPATH_VERSION" >> order.log\n')
  chmodSync(deployScript, 0o755)
  ws.writeConfig('version: 1\nenvironments:\n  app:\n    branches: [main]\n    command: { deploy: ./deploy.sh }\n')
})
afterEach(async () => ws.cleanup())

describe('environment lock', () => {
  it('serialises two deploys of one environment started together', async () => {
    const [a, b] = await Promise.all([ws.run(deploy, { version: 'v1' }), ws.run(deploy, { version: 'v2' })])
    expect(a.failed).toBeUndefined()
    expect(b.failed).toBeUndefined()
    const order = readFileSync(join(ws.dir, 'order.log'), 'utf8').trim().split('\n')
    const first = order[0].split(' ')[1]
    const second = first === 'v1' ? 'v2' : 'v1'
    expect(order).toEqual([`start ${first}`, `end ${first}`, `start ${second}`, `end ${second}`])
    const waited = [a, b].find((r) => r.logs.some((l) => l.message.includes('is locked by deploy')))
    expect(waited).toBeDefined()
    const state = new StateStore(ws.stateDir, 'app').read()
    expect(state.records.map((r) => r.status)).toEqual(['success', 'success'])
    expect(state.stable?.version).toBe(state.records[1].version)
  })

  it('fails the second deploy clearly when the wait is over, changing nothing', async () => {
    const [a, b] = await Promise.all([ws.run(deploy, { version: 'v1' }), ws.run(deploy, { version: 'v2', 'lock-timeout': '100ms' })])
    const failed = [a, b].filter((r) => r.failed)
    expect(failed).toHaveLength(1)
    expect(failed[0].outputs['error-code']).toBe('GP-LOCK-001')
    expect(failed[0].failed).toMatch(/locked by deploy \(pid \d+/)
    const state = new StateStore(ws.stateDir, 'app').read()
    expect(state.records).toHaveLength(1)
    expect(state.records[0].status).toBe('success')
  })

  it('recovers a lock left by a killed run', async () => {
    const dead = spawnSync('true').pid as number
    mkdirSync(join(ws.stateDir, 'app'), { recursive: true })
    writeFileSync(join(ws.stateDir, 'app', 'lock'), JSON.stringify({ pid: dead, host: hostname(), action: 'deploy', acquiredAt: new Date().toISOString() }))
    const r = await ws.run(deploy, { version: 'v1' })
    expect(r.failed).toBeUndefined()
    expect(r.logs.some((l) => l.level === 'warning' && l.message.includes(`Recovered a stale lock`) && l.message.includes(`pid ${dead} is gone`))).toBe(true)
    expect(existsSync(join(ws.stateDir, 'app', 'lock'))).toBe(false)
  })

  it('treats an empty lock file (writer died mid-write) as stale', async () => {
    const path = join(ws.dir, 'x', 'lock')
    mkdirSync(join(ws.dir, 'x'))
    writeFileSync(path, '')
    const lock = await acquireLock(path, { timeoutMs: 1000, action: 'test' })
    expect(JSON.parse(readFileSync(path, 'utf8')).action).toBe('test')
    lock.release()
    expect(existsSync(path)).toBe(false)
  })
})
