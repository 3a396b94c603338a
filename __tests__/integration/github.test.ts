import { describe, it, expect, beforeAll, afterAll, beforeEach, afterEach } from '@jest/globals'
import { writeFileSync, chmodSync, existsSync, readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { run as deploy } from '../../actions/deploy/src/main.js'
import { run as canaryStep } from '../../actions/canary-step/src/main.js'
import { run as rollback } from '../../actions/rollback/src/main.js'
import { run as report } from '../../actions/report/src/main.js'
import { createWorkspace, type TestWorkspace } from '../helpers/workspace.js'
import { startGitHubApi, type GitHubApiServer } from '../helpers/github-api.js'

// The GitHub side of deploy, canary-step, rollback and report, against a test server that checks every
// request against GitHub's OpenAPI description. afterEach fails the test on any rejected request.
let gh: GitHubApiServer
let ws: TestWorkspace
const SHA = 'a1b2c3d4e5f6a7b8c9d0a1b2c3d4e5f6a7b8c9d0'
const HEAD = 'f00dfeedf00dfeedf00dfeedf00dfeedf00dfeed'
const TOKEN = 'ghs_TestToken0123456789'

beforeAll(async () => { gh = await startGitHubApi() })
afterAll(async () => gh.close())
beforeEach(() => {
  gh.reset()
  ws = createWorkspace()
  writeFileSync(join(ws.dir, 'ok.sh'), '#!/bin/sh\necho "$GLIDEPATH_OPERATION $GLIDEPATH_VERSION $GLIDEPATH_WEIGHT" >> ops.log\n')
  chmodSync(join(ws.dir, 'ok.sh'), 0o755)
  writeFileSync(join(ws.dir, 'fail.sh'), '#!/bin/sh\nexit 1\n')
  chmodSync(join(ws.dir, 'fail.sh'), 0o755)
  ws.writeConfig(`version: 1
environments:
  production:
    url: https://app.example.com
    strategy: canary
    command: { deploy: ./ok.sh, set-weight: ./ok.sh, teardown: ./ok.sh }
    canary: { steps: [ {weight: 25}, {weight: 50}, {weight: 100} ] }
  staging:
    branches: [develop]
    command: { deploy: ./ok.sh }
  broken:
    branches: [broken]
    command: { deploy: ./fail.sh }
  preview:
    pullRequests: true
    name: 'pr-{{pr.number}}'
    url: 'https://pr-{{pr.number}}.preview.example.com'
    transient: true
    command: { deploy: ./ok.sh, teardown: ./ok.sh }
`)
})
afterEach(async () => {
  await ws.cleanup()
  expect(gh.rejections).toEqual([])
})

const env = (extra: Record<string, string> = {}) => ({ GITHUB_API_URL: gh.url, GITHUB_REPOSITORY: 'acme/web', GITHUB_SHA: SHA, GITHUB_RUN_ID: '4242', GITHUB_SERVER_URL: 'https://github.com', ...extra })
function prPayload(number: number, action = 'opened', title = 'Add login') {
  const pr = { state: action === 'closed' ? 'closed' : 'open', head: { ref: 'feature/login', sha: HEAD, repo: { full_name: 'acme/web' } }, base: { ref: 'main', repo: { full_name: 'acme/web' } }, merged_at: null }
  gh.pulls[number] ??= pr
  return { action, number, pull_request: { number, title, ...pr } }
}
const run = (action: Parameters<TestWorkspace['run']>[0], inputs: Record<string, string>, extraEnv: Record<string, string> = {}, payload?: Record<string, unknown>) =>
  ws.run(action, { token: TOKEN, ...inputs }, env(extraEnv), payload)
const statesOf = (id: string | number): string[] => gh.deployments.find((d) => d.id === Number(id))?.statuses.map((s) => s.state).reverse() ?? []

describe('Deployments API lifecycle', () => {
  it('creates the deployment with the record as payload, then in_progress -> success with URLs', async () => {
    const r = await run(deploy, { version: 'v1', environment: 'staging' }, { GITHUB_REF: 'refs/heads/develop' })
    expect(r.failed).toBeUndefined()
    const d = gh.deployments[0]
    expect(r.outputs['deployment-id']).toBe(String(d.id))
    expect(d).toMatchObject({ sha: SHA, environment: 'staging', production_environment: false, transient_environment: false })
    expect(d.payload.glidepath).toMatchObject({ version: 'v1', environment: 'staging', strategy: 'rolling' })
    expect(statesOf(d.id)).toEqual(['in_progress', 'success'])
    expect(d.statuses[0]).toMatchObject({ log_url: 'https://github.com/acme/web/actions/runs/4242' })
    const create = gh.requests.find((q) => q.operation === 'POST /repos/{owner}/{repo}/deployments')
    expect(create?.status).toBe(201)
    expect(r.masked).toContain(TOKEN)
  })

  it('deploys a pull request at its head SHA to a transient preview', async () => {
    const r = await run(deploy, { version: 'pr12' }, { GITHUB_EVENT_NAME: 'pull_request', GITHUB_REF: 'refs/pull/12/merge' }, prPayload(12))
    expect(r.failed).toBeUndefined()
    expect(gh.deployments[0]).toMatchObject({ sha: HEAD, environment: 'pr-12', transient_environment: true })
  })

  it('does not deploy a pull request that closed meanwhile', async () => {
    gh.pulls[13] = { state: 'closed', head: { ref: 'feature/login', sha: HEAD, repo: { full_name: 'acme/web' } }, base: { ref: 'main', repo: { full_name: 'acme/web' } }, merged_at: null }
    const r = await run(deploy, { version: 'pr13' }, { GITHUB_EVENT_NAME: 'pull_request', GITHUB_REF: 'refs/pull/13/merge' }, prPayload(13, 'synchronize'))
    expect(r.outputs.skipped).toBe('true')
    expect(gh.deployments).toHaveLength(0)
    expect(existsSync(join(ws.dir, 'ops.log'))).toBe(false)
  })

  it('deactivates superseded deployments, newest first, never the current one', async () => {
    for (let i = 1; i <= 3; i++) await run(deploy, { version: `v${i}`, environment: 'staging' })
    const [v3, v2, v1] = gh.deployments
    expect(statesOf(v3.id)).toEqual(['in_progress', 'success'])
    expect(statesOf(v2.id)).toEqual(['in_progress', 'success', 'inactive'])
    expect(statesOf(v1.id)).toEqual(['in_progress', 'success', 'inactive'])
    // The third run stopped at v1's... it looked at v2, deactivated it, then found v1 inactive and stopped.
    const statusLookups = gh.requests.filter((q) => q.operation === 'GET /repos/{owner}/{repo}/deployments/{deployment_id}/statuses').length
    expect(statusLookups).toBe(3) // run 2: v1; run 3: v2 then v1 (inactive, stop)
  })

  it('marks a failed rollout failure with a description within 140 characters', async () => {
    const r = await run(deploy, { version: 'v1', environment: 'broken' })
    expect(r.outputs['error-code']).toBe('GP-PROVIDER-004')
    const d = gh.deployments[0]
    expect(statesOf(d.id)).toEqual(['in_progress', 'failure'])
    expect(d.statuses[0].description.length).toBeLessThanOrEqual(140)
  })

  it('follows a canary: in_progress per step, success on promotion', async () => {
    await run(deploy, { version: 'v1', strategy: 'rolling' })
    const d = await run(deploy, { version: 'v2' })
    const id = d.outputs['deployment-id']
    await run(canaryStep, { step: 'next' })
    await run(canaryStep, { step: 'next' })
    expect(gh.deployments.find((x) => x.id === Number(id))?.statuses.map((s) => s.description).reverse()).toEqual([
      'Deploying v2 with canary', 'Canary v2 at 25% (step 0)', 'Canary v2 at 50% (step 1)', 'Canary v2 promoted to 100%',
    ])
    expect(statesOf(id).at(-1)).toBe('success')
    expect(statesOf(gh.deployments[1].id).at(-1)).toBe('inactive')
  })

  it('marks an aborted canary failure, and a rollback creates a deployment of the restored version', async () => {
    await run(deploy, { version: 'v1', strategy: 'rolling' })
    const canary = await run(deploy, { version: 'v2' })
    await run(canaryStep, { step: 'abort', reason: 'manual stop' })
    expect(statesOf(canary.outputs['deployment-id']).at(-1)).toBe('failure')
    await run(deploy, { version: 'v3', strategy: 'rolling' })
    const rb = await run(rollback, { reason: 'bad v3' })
    expect(rb.outputs['to-version']).toBe('v1')
    expect(gh.deployments[0].payload.glidepath).toMatchObject({ kind: 'rollback', version: 'v1' })
    expect(statesOf(gh.deployments[0].id)).toEqual(['in_progress', 'success'])
    expect(gh.deployments[0].sha).toBe(SHA)
  })

  it('tears a preview down: every deployment of it inactive', async () => {
    await run(deploy, { version: 'a' }, { GITHUB_EVENT_NAME: 'pull_request', GITHUB_REF: 'refs/pull/12/merge' }, prPayload(12))
    await run(deploy, { version: 'b' }, { GITHUB_EVENT_NAME: 'pull_request', GITHUB_REF: 'refs/pull/12/merge' }, prPayload(12, 'synchronize'))
    const t = await run(deploy, { teardown: 'true' }, { GITHUB_EVENT_NAME: 'pull_request', GITHUB_REF: 'refs/pull/12/merge' }, prPayload(12, 'closed'))
    expect(t.failed).toBeUndefined()
    expect(gh.deployments.every((d) => d.statuses[0].state === 'inactive')).toBe(true)
  })

  it('reaps previews whose pull request closed, and only those', async () => {
    const prEnv = { GITHUB_EVENT_NAME: 'pull_request', GITHUB_REF: 'refs/pull/21/merge' }
    await run(deploy, { version: 'a' }, prEnv, prPayload(21))
    await run(deploy, { version: 'b' }, { ...prEnv, GITHUB_REF: 'refs/pull/22/merge' }, prPayload(22))
    gh.pulls[21].state = 'closed'
    const r = await run(deploy, { reap: 'true' }, { GITHUB_EVENT_NAME: 'schedule', GITHUB_REF: 'refs/heads/main' })
    expect(r.failed).toBeUndefined()
    expect(r.outputs.reaped).toBe('pr-21')
    const byEnv = (name: string) => gh.deployments.filter((d) => d.environment === name).map((d) => d.statuses[0].state)
    expect(byEnv('pr-21')).toEqual(['inactive'])
    expect(byEnv('pr-22')).toEqual(['success'])
    expect(readFileSync(join(ws.dir, 'ops.log'), 'utf8')).toMatch(/teardown/)
  })

  it('rebuilds state on a fresh runner from the deployment payloads: a later run can promote or roll back', async () => {
    await run(deploy, { version: 'v1', strategy: 'rolling' })
    await run(deploy, { version: 'v2', strategy: 'rolling' })
    await run(deploy, { version: 'v3' })
    rmSync(ws.stateDir, { recursive: true, force: true }) // the next job runs on a new machine
    const promote = await run(canaryStep, { step: 'promote', reason: 'approved' })
    expect(promote.failed).toBeUndefined()
    expect(promote.logs.some((l) => l.message.includes('rebuilt it from') && l.message.includes('stable: v2, canary: v3'))).toBe(true)
    expect(statesOf(gh.deployments[0].id).at(-1)).toBe('success')
    rmSync(ws.stateDir, { recursive: true, force: true })
    const rb = await run(rollback, { reason: 'regression' })
    expect(rb.outputs).toMatchObject({ 'from-version': 'v3', 'to-version': 'v2', 'rolled-back': 'true' })
  })

  it('works against GitHub Enterprise Server through GITHUB_API_URL', async () => {
    const r = await run(deploy, { version: 'v1', environment: 'staging' }, { GITHUB_API_URL: `${gh.url}/api/v3` })
    expect(r.failed).toBeUndefined()
    expect(gh.deployments).toHaveLength(1)
  })
})

describe('GitHub failures', () => {
  it('names the missing permission (or a fork\'s read-only token) and deploys nothing', async () => {
    gh.readOnlyTokens.add(TOKEN)
    const r = await run(deploy, { version: 'v1', environment: 'staging' })
    expect(r.outputs['error-code']).toBe('GP-GITHUB-002')
    expect(r.failed).toMatch(/permissions: \{ deployments: write \}.*forks GITHUB_TOKEN is read-only/)
    expect(existsSync(join(ws.dir, 'ops.log'))).toBe(false)
  })

  it('explains a 404 as a repository the token cannot see', async () => {
    gh.faults.push({ path: /\/deployments$/, method: 'POST', status: 404, body: { message: 'Not Found' }, times: 1 })
    const r = await run(deploy, { version: 'v1', environment: 'staging' })
    expect(r.outputs['error-code']).toBe('GP-GITHUB-003')
    expect(r.failed).toMatch(/private repository/)
  })

  it('retries 502 and 429 (honouring Retry-After) and succeeds', async () => {
    gh.faults.push({ path: /\/deployments$/, method: 'POST', status: 502, times: 1 })
    gh.faults.push({ path: /\/statuses$/, method: 'POST', status: 429, headers: { 'retry-after': '1' }, times: 1 })
    gh.faults.push({ path: /\/deployments$/, method: 'GET', status: 403, headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(Math.floor(Date.now() / 1000)) }, body: { message: 'API rate limit exceeded' }, times: 1 })
    const r = await run(deploy, { version: 'v1', environment: 'staging' })
    expect(r.failed).toBeUndefined()
    expect(r.logs.filter((l) => l.level === 'warning' && l.message.includes('retry')).length).toBe(3)
    expect(statesOf(gh.deployments[0].id)).toEqual(['in_progress', 'success'])
  })

  it('fails clearly after retries, with the record saying why', async () => {
    gh.faults.push({ path: /\/deployments$/, method: 'POST', status: 500, times: 10 })
    const r = await run(deploy, { version: 'v1', environment: 'staging' })
    expect(r.outputs['error-code']).toBe('GP-GITHUB-004')
    const state = JSON.parse(readFileSync(join(ws.stateDir, 'staging', 'state.json'), 'utf8'))
    expect(state.records.at(-1)).toMatchObject({ status: 'failure', reason: expect.stringContaining('GP-GITHUB-004') })
    expect(existsSync(join(ws.dir, 'ops.log'))).toBe(false)
  }, 90_000)
})

describe('report', () => {
  it('writes one sticky PR comment, updated in place, with the canary chart', async () => {
    const prEnv = { GITHUB_EVENT_NAME: 'pull_request', GITHUB_REF: 'refs/pull/12/merge' }
    await run(deploy, { version: 'a' }, prEnv, prPayload(12))
    const first = await run(report, {}, prEnv, prPayload(12))
    expect(first.outputs['comment-id']).not.toBe('')
    await run(deploy, { version: 'b' }, prEnv, prPayload(12, 'synchronize'))
    const second = await run(report, {}, prEnv, prPayload(12, 'synchronize'))
    expect(second.outputs['comment-id']).toBe(first.outputs['comment-id'])
    expect(gh.comments).toHaveLength(1)
    expect(gh.comments[0].body).toMatch(/^<!-- glidepath:pr-12 -->/)
    expect(gh.comments[0].body).toContain('| Version | b |')
    expect(second.outputs['comment-url']).toContain('#issuecomment-')
  })

  it('escapes event text and does not fail without a pull request', async () => {
    await run(deploy, { version: 'v1', environment: 'staging' })
    const r = await run(report, { environment: 'staging', comment: 'always', status: 'success', 'deployment-id': String(gh.deployments[0].id) })
    expect(r.failed).toBeUndefined()
    expect(r.outputs['comment-id']).toBe('')
    expect(r.logs.filter((l) => l.level === 'notice').map((l) => l.message)).toContain('No pull request in this run; no comment was written.')
  })

  it('writes a deployment status only when the state changes, always with the run as log_url', async () => {
    const d = await run(deploy, { version: 'v1', environment: 'staging' }, { GITHUB_REF: 'refs/heads/develop' })
    const id = d.outputs['deployment-id']
    const r = await run(report, { environment: 'staging', status: 'success', 'deployment-id': id })
    expect(r.failed).toBeUndefined()
    expect(statesOf(id)).toEqual(['in_progress', 'success'])
    // A canary whose job was cancelled mid-step: the record is still in progress, so report ends it.
    await run(deploy, { version: 'v1', strategy: 'rolling' })
    const c = await run(deploy, { version: 'v2' })
    const cancelled = await run(report, { status: 'cancelled', 'deployment-id': c.outputs['deployment-id'] })
    expect(cancelled.failed).toBeUndefined()
    const canary = gh.deployments.find((x) => x.id === Number(c.outputs['deployment-id']))
    expect(canary?.statuses[0]).toMatchObject({ state: 'error', log_url: 'https://github.com/acme/web/actions/runs/4242', description: expect.stringMatching(/^v2: job cancelled, in_progress/) })
    const again = await run(report, { status: 'cancelled', 'deployment-id': c.outputs['deployment-id'] })
    expect(again.failed).toBeUndefined()
    expect(canary?.statuses.filter((x) => x.state === 'error')).toHaveLength(1)
  })

  it('degrades, never fails, when the record is missing; a fresh runner reads it from the deployment payload', async () => {
    const d = await run(deploy, { version: 'v1', environment: 'staging' }, { GITHUB_REF: 'refs/heads/develop' })
    rmSync(ws.stateDir, { recursive: true, force: true })
    const fresh = await run(report, { environment: 'staging', status: 'success', 'deployment-id': d.outputs['deployment-id'] })
    expect(fresh.failed).toBeUndefined()
    expect(fresh.summaries.join('')).toContain('| Version | v1 |')
    const missing = await ws.run(report, { environment: 'staging', 'deployment-id': '123456', status: 'failure' }, { GITHUB_REF: 'refs/heads/develop' })
    expect(missing.failed).toBeUndefined()
    expect(missing.logs.some((l) => l.level === 'warning' && /no record of deployment 123456/.test(l.message))).toBe(true)
  })

  it('draws the canary as a Mermaid chart in the summary', async () => {
    await run(deploy, { version: 'v1', strategy: 'rolling' })
    await run(deploy, { version: 'v2' })
    await run(canaryStep, { step: 'next' })
    const r = await run(report, {})
    expect(r.summaries.join('')).toMatch(/```mermaid\nxychart-beta\n  title "Canary v2: weight % per step"\n  x-axis \["step 0", "step 1"\]\n  y-axis "weight %" 0 --> 100\n  bar \[25, 50\]/)
  })
})

describe('delivery metrics', () => {
  it('computes the four keys from the environment\'s deployment history', async () => {
    const day = 86_400_000
    const t = (daysAgo: number, minutes = 0) => new Date(Date.now() - daysAgo * day + minutes * 60_000).toISOString()
    const seed = (id: number, daysAgo: number, states: string[], sha: string) => {
      gh.deployments.push({ id, sha, ref: sha, environment: 'staging', payload: {}, description: null, production_environment: false, transient_environment: false, created_at: t(daysAgo),
        statuses: states.map((state, i) => ({ id: id * 10 + i, state, description: '', environment_url: '', log_url: '', created_at: t(daysAgo, (i + 1) * 10) })).reverse() })
      gh.commits[sha] = t(daysAgo, -120)
    }
    // Newest first, as GitHub lists them: 4 in the window (one failed, restored 3h later), 1 outside.
    seed(5, 1, ['in_progress', 'success'], 'c5')
    seed(4, 2, ['in_progress', 'success', 'inactive'], 'c4')
    seed(3, 2.125, ['in_progress', 'failure'], 'c3')
    seed(2, 5, ['in_progress', 'success', 'inactive'], 'c2')
    seed(1, 40, ['in_progress', 'success', 'inactive'], 'c1')
    ws.writeConfig('version: 1\nenvironments:\n  staging:\n    command: { deploy: ./ok.sh }\n')
    await run(deploy, { version: 'v9', environment: 'staging', 'github-deployments': 'false' })
    const r = await run(report, { environment: 'staging', 'delivery-metrics': '30d' })
    expect(r.failed).toBeUndefined()
    expect(r.outputs).toMatchObject({ 'deployment-frequency': '0.1', 'change-failure-rate': '0.25', 'time-to-restore': '180', 'lead-time': '2.33' })
    expect(r.summaries.join('')).toContain('| Change failure rate | 25.0% |')
  })
})
