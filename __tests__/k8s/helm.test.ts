import { describe, it, expect, beforeEach, afterEach } from '@jest/globals'
import { cpSync } from 'node:fs'
import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { run as deploy } from '../../actions/deploy/src/main.js'
import { run as rollback } from '../../actions/rollback/src/main.js'
import { createWorkspace, ROOT, type TestWorkspace } from '../helpers/workspace.js'
import { kubectl, namespace, helm, image, MISSING_IMAGE, images, KUBECONFIG } from './kube.js'

// The helm provider with the real helm CLI against the real control plane (npm run test:k8s).

let ws: TestWorkspace
let ns: string
const run = (action: Parameters<TestWorkspace['run']>[0], inputs: Record<string, string> = {}) => ws.run(action, inputs, { KUBECONFIG })
type History = Array<{ revision: number; status: string; description: string }>
const history = (): History => JSON.parse(helm(['history', 'web', '-n', ns, '-o', 'json']))

function config(extra = ''): void {
  ws.writeConfig(`version: 1
environments:
  production:
    branches: [main]
    timeout: 60s
    helm: { release: web, chart: ./chart, namespace: ${ns}, rollbackTimeout: 45s${extra} }
`)
}

beforeEach(() => {
  ws = createWorkspace()
  ns = namespace('gph')
  cpSync(join(ROOT, '__tests__/k8s/fixtures/chart'), join(ws.dir, 'chart'), { recursive: true })
})
afterEach(async () => {
  await ws.cleanup()
  kubectl(['delete', 'namespace', ns, '--wait=false'])
})

describe('helm provider', () => {
  it('upgrade --install with --wait, history with the version, and rollback to the revision that ran it', async () => {
    config()
    expect((await run(deploy, { image: image('v1') })).failed).toBeUndefined()
    expect((await run(deploy, { image: image('v2') })).failed).toBeUndefined()
    expect(images('deployment', 'web', ns)).toEqual([image('v2')])
    const h = history()
    expect(h.map((e) => e.status)).toEqual(['superseded', 'deployed'])
    expect(h[0].description).toMatch(/^glidepath version=v1 sha=0123456789ab/)
    expect(h[1].description).toMatch(/^glidepath version=v2/)

    const rb = await run(rollback, { reason: 'bad' })
    expect(rb.failed).toBeUndefined()
    expect(rb.outputs).toMatchObject({ 'from-version': 'v2', 'to-version': 'v1' })
    expect(rb.logs.map((l) => l.message).join('\n')).toMatch(/helm rollback web to revision 1 \(v1, budget 45s\)/)
    expect(images('deployment', 'web', ns)).toEqual([image('v1')])
    expect(history().at(-1)).toMatchObject({ revision: 3, status: 'deployed', description: 'Rollback to 1' })
  })

  it('finds a version again after its own revision was pruned (the rollback revision that restored it)', async () => {
    config(', historyMax: 3')
    await run(deploy, { image: image('v1') })
    await run(deploy, { image: image('v2') })
    expect((await run(rollback, { to: 'v1' })).failed).toBeUndefined()
    await run(deploy, { image: image('v3') })
    expect(history().map((e) => e.revision)).toEqual([2, 3, 4])
    const rb = await run(rollback, { to: 'v1', reason: 'again' })
    expect(rb.failed).toBeUndefined()
    expect(rb.logs.map((l) => l.message).join('\n')).toMatch(/to revision 3 \(v1,/)
    expect(images('deployment', 'web', ns)).toEqual([image('v1')])
  })

  it('a failed upgrade is rolled back with its own budget and names the cause', async () => {
    config()
    await run(deploy, { image: image('v1') })
    const rt = await run(deploy, { image: MISSING_IMAGE, timeout: '8s' })
    expect(rt.outputs['error-code']).toBe('GP-HELM-003')
    expect(rt.failed).toContain('rolled back to revision 1 (v1)')
    expect(rt.failed).toContain('ImagePullBackOff')
    expect(images('deployment', 'web', ns)).toEqual([image('v1')])
    expect(history().map((e) => e.status)).toEqual(['superseded', 'failed', 'deployed'])
    expect(kubectl(['get', 'deployment', 'web', '-n', ns, '-o', 'jsonpath={.status.availableReplicas}'])).toBe('2')
  })

  it('recovers a release left pending-upgrade by a killed job, then upgrades', async () => {
    config()
    await run(deploy, { image: image('v1') })
    // A job killed mid-upgrade: helm waits on pods that never become ready and is SIGKILLed.
    const stuck = spawn('helm', ['upgrade', 'web', join(ws.dir, 'chart'), '-n', ns, '--wait', '--timeout', '5m', '--set', `image.tag=does-not-exist`, `--kubeconfig=${KUBECONFIG}`], { stdio: 'ignore' })
    const until = Date.now() + 30_000
    while (Date.now() < until && history().at(-1)?.status !== 'pending-upgrade') await new Promise((r) => setTimeout(r, 200))
    stuck.kill('SIGKILL')
    expect(history().at(-1)?.status).toBe('pending-upgrade')

    const rt = await run(deploy, { image: image('v3') })
    expect(rt.failed).toBeUndefined()
    expect(rt.logs.map((l) => l.message).join('\n')).toMatch(/is pending-upgrade at revision 2; rolling back to revision 1 before upgrading/)
    expect(images('deployment', 'web', ns)).toEqual([image('v3')])
    expect(history().at(-1)).toMatchObject({ status: 'deployed' })
  })

  it('recovers a first install that failed, and refuses canary before touching anything', async () => {
    config()
    const failed = await run(deploy, { image: MISSING_IMAGE, timeout: '6s' })
    expect(failed.outputs['error-code']).toBe('GP-HELM-003')
    expect(failed.failed).toContain('no earlier revision')
    expect(history().at(-1)?.status).toBe('failed')
    const rt = await run(deploy, { image: image('v1') })
    expect(rt.failed).toBeUndefined()
    expect(rt.logs.map((l) => l.message).join('\n')).toMatch(/failed with no deployed revision; uninstalling/)
    expect(images('deployment', 'web', ns)).toEqual([image('v1')])

    const canary = await run(deploy, { image: image('v2'), strategy: 'canary' })
    expect(canary.outputs['error-code']).toBe('GP-CONFIG-002')
    expect(images('deployment', 'web', ns)).toEqual([image('v1')])
  })
})
