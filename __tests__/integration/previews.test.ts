import { describe, it, expect, beforeAll, afterAll, beforeEach, afterEach } from '@jest/globals'
import { writeFileSync, chmodSync, readFileSync, existsSync } from 'node:fs'
import { join } from 'node:path'
import { run as deploy } from '../../actions/deploy/src/main.js'
import { run as report } from '../../actions/report/src/main.js'
import { createWorkspace, type TestWorkspace } from '../helpers/workspace.js'
import { startGitHubApi, type GitHubApiServer } from '../helpers/github-api.js'
import { StateStore } from '../../shared/state/store.js'

// Pull-request previews beyond one environment each, against the OpenAPI-checked GitHub test server
// and the command provider: previews.on (a label opens one, its removal tears it down, a fork's own
// event never opens one), previews.ttl (the reap removes a preview long without a deploy, and the
// sticky comment says when), previews.max (the preview deployed longest ago stops, or the new one is
// refused and nothing changes).

let gh: GitHubApiServer
let ws: TestWorkspace
const HEAD = 'f00dfeedf00dfeedf00dfeedf00dfeedf00dfeed'
const TOKEN = 'ghs_TestToken0123456789'

beforeAll(async () => { gh = await startGitHubApi() })
afterAll(async () => gh.close())
beforeEach(() => {
  gh.reset()
  ws = createWorkspace()
  writeFileSync(join(ws.dir, 'ok.sh'), '#!/bin/sh\necho "$GLIDEPATH_OPERATION $GLIDEPATH_ENVIRONMENT $GLIDEPATH_VERSION" >> ops.log\n')
  chmodSync(join(ws.dir, 'ok.sh'), 0o755)
})
afterEach(async () => {
  await ws.cleanup()
  expect(gh.rejections).toEqual([])
})

function config(previews: string): void {
  ws.writeConfig(`version: 1
environments:
  preview:
    pullRequests: true
    name: 'pr-{{pr.number}}'
    url: 'https://pr-{{pr.number}}.preview.example.com'
    transient: true
    command: { deploy: ./ok.sh, teardown: ./ok.sh }
    previews: ${previews}
`)
}

const env = (number: number) => ({ GITHUB_API_URL: gh.url, GITHUB_REPOSITORY: 'acme/web', GITHUB_SHA: HEAD, GITHUB_RUN_ID: '4242', GITHUB_SERVER_URL: 'https://github.com', GITHUB_EVENT_NAME: 'pull_request', GITHUB_REF: `refs/pull/${number}/merge` })
function payload(number: number, action = 'opened', labels: string[] = [], extra: Record<string, unknown> = {}, fork = false) {
  const pr = { state: action === 'closed' ? 'closed' : 'open', head: { ref: `feature/f${number}`, sha: HEAD, repo: { full_name: fork ? 'stranger/web' : 'acme/web' } }, base: { ref: 'main', repo: { full_name: 'acme/web' } }, merged_at: null }
  gh.pulls[number] ??= pr
  return { action, number, pull_request: { number, title: `PR ${number}`, labels: labels.map((name) => ({ name })), ...pr }, ...extra }
}
const open = (number: number, action = 'opened', labels: string[] = [], extra: Record<string, unknown> = {}, fork = false) =>
  ws.run(deploy, { token: TOKEN, version: `v${number}` }, env(number), payload(number, action, labels, extra, fork))
const reap = () => ws.run(deploy, { token: TOKEN, reap: 'true' }, { ...env(1), GITHUB_EVENT_NAME: 'schedule', GITHUB_REF: 'refs/heads/main' })
const log = (rt: { logs: Array<{ message: string }> }) => rt.logs.map((l) => l.message).join('\n')
const ops = () => (existsSync(join(ws.dir, 'ops.log')) ? readFileSync(join(ws.dir, 'ops.log'), 'utf8').trim().split('\n') : [])
const state = (name: string) => new StateStore(ws.stateDir, name).read()
const states = (name: string) => gh.deployments.filter((d) => d.environment === name).map((d) => d.statuses[0].state)

/** Moves a preview's last deploy into the past, as a week without pushes would. */
function age(name: string, ms: number): void {
  const store = new StateStore(ws.stateDir, name)
  const s = store.read()
  store.write({ ...s, records: s.records.map((r) => ({ ...r, startedAt: new Date(Date.parse(r.startedAt) - ms).toISOString() })) })
}

describe('previews.on', () => {
  it('a label opens the preview, a push without it deploys nothing, and taking the label off tears it down', async () => {
    config('{ on: ["labeled:preview"] }')
    const bare = await open(5, 'opened')
    expect(bare.failed).toBeUndefined()
    expect(bare.outputs.skipped).toBe('true')
    expect(log(bare)).toMatch(/pull request #5 has not got the label preview \(previews.on: labeled:preview\)/)
    expect(ops()).toEqual([])
    const labeled = await open(5, 'labeled', ['preview'], { label: { name: 'preview' } })
    expect(labeled.failed).toBeUndefined()
    expect(labeled.outputs.environment).toBe('pr-5')
    expect((await open(5, 'synchronize', ['preview'])).failed).toBeUndefined()
    expect(state('pr-5').stable?.version).toBe('v5')
    const off = await open(5, 'unlabeled', [], { label: { name: 'preview' } })
    expect(off.failed).toBeUndefined()
    expect(state('pr-5').stable).toBeNull()
    expect(ops()).toEqual(['deploy pr-5 v5', 'teardown pr-5 v5'])
    expect(states('pr-5').every((s) => s === 'inactive')).toBe(true)
    // Another label's removal changes nothing.
    await open(5, 'labeled', ['preview'], { label: { name: 'preview' } })
    const other = await open(5, 'unlabeled', ['preview'], { label: { name: 'wip' } })
    expect(other.failed).toBeUndefined()
    expect(state('pr-5').stable?.version).toBe('v5')
  })

  it('a fork\'s own pull-request event never opens a preview once previews.on is set', async () => {
    config('{ on: [opened] }')
    const r = await open(6, 'opened', [], {}, true)
    expect(r.outputs.skipped).toBe('true')
    expect(log(r)).toMatch(/pull request #6 comes from a fork, and its own events never open a preview/)
    expect(ops()).toEqual([])
    expect(gh.deployments).toHaveLength(0)
  })
})

describe('previews.ttl', () => {
  it('the reap removes a preview past its ttl and keeps a fresh one; the sticky comment says when it expires', async () => {
    config('{ ttl: 3d }')
    await open(7)
    await open(8)
    const c = await ws.run(report, { token: TOKEN }, env(8), payload(8))
    expect(c.failed).toBeUndefined()
    const comment = gh.comments.find((x) => x.issue === 8)?.body ?? ''
    expect(comment).toMatch(/Preview expires \| \d{4}-\d\d-\d\dT[\d:.]+Z: the scheduled reap removes it then \(previews.ttl\), unless a push deploys it again/)
    age('pr-7', 4 * 86_400_000)
    const r = await reap()
    expect(r.failed).toBeUndefined()
    expect(r.outputs.reaped).toBe('pr-7')
    expect(log(r)).toMatch(/pr-7: no deploy since .*, past previews.ttl 3d; removing it/)
    expect(state('pr-7').stable).toBeNull()
    expect(state('pr-8').stable?.version).toBe('v8')
    expect(states('pr-7')).toEqual(['inactive'])
    // Nothing left to reap: a second run changes nothing.
    expect((await reap()).outputs.reaped ?? '').toBe('')
  })
})

describe('previews.max', () => {
  it('at max, the preview deployed longest ago stops to make room; a push to it deploys it again', async () => {
    config('{ max: 2 }')
    await open(1)
    await open(2)
    age('pr-1', 60_000)
    await open(2, 'synchronize') // an update to a running preview needs no room
    expect(ops().filter((l) => l.startsWith('teardown'))).toEqual([])
    const third = await open(3)
    expect(third.failed).toBeUndefined()
    expect(log(third)).toMatch(/pr-1: stopped to make room for pr-3 \(previews.max 2; it deployed longest ago/)
    expect(state('pr-1').stable).toBeNull()
    expect(state('pr-2').stable?.version).toBe('v2')
    expect(state('pr-3').stable?.version).toBe('v3')
    expect(states('pr-1')).toEqual(['inactive'])
    expect(state('pr-1').records.at(-1)?.reason).toMatch(/stopped to make room for pr-3/)
  })

  it('previews.max lowered below what runs: the reap stops the previews deployed longest ago', async () => {
    config('{ max: 5 }')
    for (const n of [11, 12, 13]) await open(n)
    age('pr-11', 120_000)
    age('pr-13', 60_000)
    config('{ max: 1 }')
    const r = await reap()
    expect(r.failed).toBeUndefined()
    expect(r.outputs.reaped).toBe('pr-11,pr-13')
    expect(log(r)).toMatch(/pr-11: previews.max is 1 and 3 ran; it deployed longest ago/)
    expect([11, 12, 13].map((n) => state(`pr-${n}`).stable?.version ?? null)).toEqual([null, 'v12', null])
  })

  it('onMax: refuse stops the new preview with GP-PREVIEW-001 and changes nothing', async () => {
    config('{ max: 1, onMax: refuse }')
    await open(1)
    const r = await open(2)
    expect(r.outputs['error-code']).toBe('GP-PREVIEW-001')
    expect(r.failed).toMatch(/1 previews of preview run \(pr-1\), and previews.max is 1; pr-2 was not deployed and nothing changed/)
    expect(ops()).toEqual(['deploy pr-1 v1'])
    expect(state('pr-1').stable?.version).toBe('v1')
    expect(gh.deployments.filter((d) => d.environment === 'pr-2')).toHaveLength(0)
  })

  it('onMax: wait holds the new preview until one closes, then deploys it; with none closing it is refused after maxWait, nothing changed', async () => {
    config('{ max: 1, onMax: wait, maxWait: 20s }')
    await open(1)
    const waiting = open(2)
    await new Promise((r) => setTimeout(r, 1500))
    expect(ops()).toEqual(['deploy pr-1 v1']) // still waiting
    const closed = await ws.run(deploy, { token: TOKEN, teardown: 'true' }, env(1), payload(1, 'closed'))
    expect(closed.failed).toBeUndefined()
    const second = await waiting
    expect(second.failed).toBeUndefined()
    expect(log(second)).toMatch(/1 previews of preview run \(pr-1\), and previews.max is 1: pr-2 waits for one to close, be reaped or torn down \(previews.onMax: wait, up to 20s\)/)
    expect(log(second)).toMatch(/Room for pr-2 after [\d.]+s \(previews.max 1\)/)
    expect(state('pr-2').stable?.version).toBe('v2')

    config('{ max: 1, onMax: wait, maxWait: 1s }')
    const third = await open(3)
    expect(third.outputs['error-code']).toBe('GP-PREVIEW-001')
    expect(third.failed).toMatch(/pr-3 was not deployed and nothing changed\. It waited [\d.]+s \(previews.maxWait 1s\) for one to close/)
    expect(ops()).toEqual(['deploy pr-1 v1', 'teardown pr-1 v1', 'deploy pr-2 v2'])
    expect(gh.deployments.filter((d) => d.environment === 'pr-3')).toHaveLength(0)
  })
})
