import { describe, it, expect, beforeAll, afterAll, beforeEach, afterEach } from '@jest/globals'
import { writeFileSync, chmodSync, existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { run as command } from '../../actions/command/src/main.js'
import { run as deploy } from '../../actions/deploy/src/main.js'
import { run as rollback } from '../../actions/rollback/src/main.js'
import { run as canaryStep } from '../../actions/canary-step/src/main.js'
import { run as report } from '../../actions/report/src/main.js'
import { freePort } from '../helpers/workspace.js'
import { startServer, json } from '../helpers/http-server.js'
import { createWorkspace, type TestWorkspace } from '../helpers/workspace.js'
import { startGitHubApi, type GitHubApiServer } from '../helpers/github-api.js'
import { StateStore } from '../../shared/state/store.js'

// /glidepath commands in pull-request comments, end to end through the command action against the
// OpenAPI-checked GitHub test server (every request checked; afterEach fails on a rejected one) and the
// command provider (a script that logs what it was asked to do).
let gh: GitHubApiServer
let ws: TestWorkspace
const HEAD = 'f00dfeedf00dfeedf00dfeedf00dfeedf00dfeed'
const TOKEN = 'ghs_TestToken0123456789'
let commentId = 5000

beforeAll(async () => { gh = await startGitHubApi() })
afterAll(async () => gh.close())
beforeEach(() => {
  gh.reset()
  gh.permissions = { alice: 'write', bob: 'maintain', carol: 'admin', rita: 'read', tom: 'triage' }
  gh.pulls[7] = { state: 'open', head: { ref: 'feature/login', sha: HEAD, repo: { full_name: 'acme/web' } }, base: { ref: 'main', repo: { full_name: 'acme/web' } }, merged_at: null }
  gh.pulls[8] = { state: 'open', head: { ref: 'feature/evil', sha: 'e'.repeat(40), repo: { full_name: 'mallory/web' } }, base: { ref: 'main', repo: { full_name: 'acme/web' } }, merged_at: null }
  ws = createWorkspace()
  writeFileSync(join(ws.dir, 'ok.sh'), '#!/bin/sh\necho "$GLIDEPATH_OPERATION $GLIDEPATH_ENVIRONMENT $GLIDEPATH_VERSION $GLIDEPATH_WEIGHT" >> ops.log\n')
  chmodSync(join(ws.dir, 'ok.sh'), 0o755)
  ws.writeConfig(`version: 1
environments:
  production:
    strategy: canary
    command: { deploy: ./ok.sh, set-weight: ./ok.sh }
    canary: { steps: [ {weight: 25, pause: 0s}, {weight: 100} ] }
  preview:
    pullRequests: true
    name: 'pr-{{pr.number}}'
    transient: true
    command: { deploy: ./ok.sh, teardown: ./ok.sh }
`)
})
afterEach(async () => {
  await ws.cleanup()
  expect(gh.rejections).toEqual([])
})

const env = (actor: string, event = 'issue_comment') => ({ GITHUB_API_URL: gh.url, GITHUB_REPOSITORY: 'acme/web', GITHUB_SHA: 'a'.repeat(40), GITHUB_REF: 'refs/heads/main', GITHUB_RUN_ID: '4242', GITHUB_SERVER_URL: 'https://github.com', GITHUB_EVENT_NAME: event, GITHUB_ACTOR: actor })
function comment(login: string, body: string, opts: { pr?: number; action?: string; issue?: boolean } = {}) {
  const id = commentId++
  const payload = { action: opts.action ?? 'created', comment: { id, body, user: { login } }, issue: { number: opts.pr ?? 7, ...(opts.issue ? {} : { pull_request: { url: `https://api.github.com/repos/acme/web/pulls/${opts.pr ?? 7}` } }) } }
  return { id, run: (inputs: Record<string, string> = {}) => ws.run(command, { token: TOKEN, ...inputs }, env(login), payload) }
}
const ops = () => (existsSync(join(ws.dir, 'ops.log')) ? readFileSync(join(ws.dir, 'ops.log'), 'utf8').trim().split('\n') : [])
const reactions = (id: number) => gh.reactions.filter((r) => r.comment === id).map((r) => r.content)
const replies = () => gh.comments.filter((c) => c.issue === 7 || c.issue === 8).map((c) => c.body)
const state = (name: string) => new StateStore(join(ws.dir, '.glidepath'), name).read()
const pushDeploy = (version: string, actor = 'ci-bot') => ws.run(deploy, { token: TOKEN, environment: 'production', version }, { ...env(actor, 'push') })

describe('/glidepath commands in pull-request comments', () => {
  it('a writer deploys the pull request head to its preview: reaction at once, a reply with the outcome and the run, the record names who asked', async () => {
    const c = comment('alice', 'Looks good.\n/glidepath deploy')
    const r = await c.run()
    expect(r.failed).toBeUndefined()
    expect(r.outputs).toMatchObject({ command: 'deploy', allowed: 'true', environment: 'preview', sha: HEAD, ref: 'refs/heads/feature/login', result: HEAD.slice(0, 12) })
    expect(ops()).toEqual([`deploy pr-7 ${HEAD.slice(0, 12)}`])
    expect(reactions(c.id)).toEqual(['eyes', 'rocket'])
    expect(r.logs.map((l) => l.message).join('\n')).toContain('pull request head branch feature/login matches')
    expect(replies()).toHaveLength(1)
    expect(replies()[0]).toMatch(/^✅ `\/glidepath deploy` on \*\*preview\*\* by @alice: f00dfeedf00d is live/)
    expect(replies()[0]).toContain('[Run](https://github.com/acme/web/actions/runs/4242)')
    const record = state('pr-7').records.at(-1)
    expect(record).toMatchObject({ kind: 'deploy', status: 'success', actor: 'alice', sha: HEAD })
    expect(gh.deployments[0]).toMatchObject({ environment: 'pr-7', sha: HEAD })
  })

  it('someone with read or triage access is refused: a reply says why, nothing is deployed, the step does not fail', async () => {
    for (const login of ['rita', 'tom', 'stranger']) {
      const c = comment(login, '/glidepath deploy to production')
      const r = await c.run()
      expect(r.failed).toBeUndefined()
      expect(r.outputs).toMatchObject({ allowed: 'false' })
      expect(r.outputs.refusal).toMatch(/^GP-COMMAND-002: @\w+ has (read|triage|none) access/)
      expect(reactions(c.id)).toEqual(['eyes', '-1'])
    }
    expect(ops()).toEqual([])
    expect(gh.deployments).toEqual([])
    expect(replies()).toHaveLength(3)
    expect(replies()[0]).toContain('🚫')
    expect(replies()[0]).toContain('GP-COMMAND-002')
    expect(replies()[0]).toContain('write access')
  })

  it("a fork's pull request never deploys from a comment, even a maintainer's; other commands still answer", async () => {
    const c = comment('bob', '/glidepath deploy', { pr: 8 })
    const r = await c.run()
    expect(r.outputs).toMatchObject({ allowed: 'false' })
    expect(r.outputs.refusal).toMatch(/^GP-COMMAND-003/)
    expect(ops()).toEqual([])
    const s = await comment('bob', '/glidepath status production', { pr: 8 }).run()
    expect(s.outputs).toMatchObject({ command: 'status', allowed: 'true' })
    expect(gh.comments.at(-1)?.body).toContain('stable **none**')
  })

  it("a fork's preview on a writer's word (previews.forks: command): its pinned head deploys, seeing none of the runner's secrets but forkSecrets; a database not listed refuses", async () => {
    writeFileSync(join(ws.dir, 'fork.sh'), '#!/bin/sh\necho "$GLIDEPATH_OPERATION $GLIDEPATH_VERSION secret=${SECRET_X:-none} allowed=${ALLOWED_X:-none} preview=${GLIDEPATH_PREVIEW_SECRET:-none} path=${PATH:+set}" >> fork.log\n')
    chmodSync(join(ws.dir, 'fork.sh'), 0o755)
    const configWith = (extra: string) => ws.writeConfig(`version: 1
environments:
  preview:
    pullRequests: true
    name: 'pr-{{pr.number}}'
    transient: true
    command: { deploy: ./fork.sh, teardown: ./fork.sh }
    previews: { on: [command], forks: command, forkSecrets: [ALLOWED_X] }
${extra}`)
    configWith('')
    const secrets = { SECRET_X: 'runner-secret', ALLOWED_X: 'allowed-value', GLIDEPATH_PREVIEW_SECRET: 'preview-secret' }
    const c = comment('alice', '/glidepath deploy', { pr: 8 })
    const r = await ws.run(command, { token: TOKEN }, { ...env('alice'), ...secrets }, { action: 'created', comment: { id: c.id, body: '/glidepath deploy', user: { login: 'alice' } }, issue: { number: 8, pull_request: { url: 'https://api.github.com/repos/acme/web/pulls/8' } } })
    expect(r.failed).toBeUndefined()
    expect(r.outputs).toMatchObject({ command: 'deploy', allowed: 'true', environment: 'preview', sha: 'e'.repeat(40) })
    expect(readFileSync(join(ws.dir, 'fork.log'), 'utf8').trim()).toBe(`deploy ${'e'.repeat(12)} secret=none allowed=allowed-value preview=none path=set`)
    expect(r.logs.map((l) => l.message).join('\n')).toMatch(/Deploying a fork's code \(#8, eeeeeeeeeeee, pinned when @alice asked\) to preview: it sees only ALLOWED_X of the runner's secrets/)
    // The repository's own pull request sees the runner's variables, but never the preview secret either.
    const own = await ws.run(command, { token: TOKEN }, { ...env('alice'), ...secrets }, { action: 'created', comment: { id: commentId++, body: '/glidepath deploy', user: { login: 'alice' } }, issue: { number: 7, pull_request: { url: 'https://api.github.com/repos/acme/web/pulls/7' } } })
    expect(own.failed).toBeUndefined()
    expect(readFileSync(join(ws.dir, 'fork.log'), 'utf8').trim().split('\n')[1]).toBe(`deploy ${HEAD.slice(0, 12)} secret=runner-secret allowed=allowed-value preview=none path=set`)
    // A preview with a database runs the fork's migrations with the server's role: refused unless its URL is listed.
    configWith('    database: { postgres: { urlEnv: DATABASE_URL }, migrate: ./fork.sh }\n')
    const d = await comment('alice', '/glidepath deploy', { pr: 8 }).run()
    expect(d.outputs).toMatchObject({ allowed: 'false' })
    expect(d.outputs.refusal).toMatch(/^GP-COMMAND-003: #8 comes from a fork: preview's previews have a database, whose steps would run the fork's migrations, and previews.forkSecrets does not list DATABASE_URL/)
    expect(readFileSync(join(ws.dir, 'fork.log'), 'utf8').trim().split('\n')).toHaveLength(2)
  })

  it('a hostile comment executes nothing: shell syntax is not an environment, and a reason is recorded as text', async () => {
    const marker = join(ws.dir, 'pwned')
    const bad = await comment('alice', `/glidepath deploy to production;touch ${marker}`).run()
    expect(bad.outputs.refusal).toMatch(/^GP-COMMAND-001: "production;touch/)
    expect(bad.outputs.refusal).toContain('is not an environment')
    await pushDeploy('v1')
    await pushDeploy('v2')
    const abort = await comment('alice', `/glidepath abort production $(touch ${marker}) \`touch ${marker}\``).run()
    expect(abort.failed).toBeUndefined()
    expect(abort.outputs).toMatchObject({ command: 'abort', result: 'abort' })
    expect(existsSync(marker)).toBe(false)
    const record = state('production').records.find((r) => r.version === 'v2')
    expect(record?.reason).toContain(`$(touch ${marker})`)
    expect(record?.reason).toContain('(/glidepath abort by @alice)')
    expect(state('production')).toMatchObject({ stable: { version: 'v1' }, canary: null })
  })

  it('promote decides a canary in production; rollback to a version returns to it', async () => {
    await pushDeploy('v1')
    await pushDeploy('v2')
    expect(state('production').canary).toMatchObject({ version: 'v2', weight: 25 })
    const p = await comment('bob', '/glidepath promote production').run()
    expect(p.failed).toBeUndefined()
    expect(p.outputs).toMatchObject({ command: 'promote', result: 'promote' })
    expect(state('production')).toMatchObject({ stable: { version: 'v2' }, canary: null })
    expect(gh.comments.at(-1)?.body).toMatch(/^✅ `\/glidepath promote` on \*\*production\*\* by @bob: promote/)
    const rb = await comment('carol', '/glidepath rollback production to v1 errors in checkout').run()
    expect(rb.outputs).toMatchObject({ command: 'rollback', result: 'v1' })
    const last = state('production').records.at(-1)
    expect(last).toMatchObject({ kind: 'rollback', actor: 'carol', rollback: { to: 'v1', reason: 'errors in checkout (/glidepath rollback by @carol)' } })
  })

  it('an operation that fails is answered, then fails the step with its code', async () => {
    const r = await comment('alice', '/glidepath promote production').run()
    expect(r.failed).toBeDefined()
    expect(r.outputs['error-code']).toBe('GP-CANARY-001')
    expect(gh.comments.at(-1)?.body).toMatch(/^❌ `\/glidepath promote production` by @alice: \*\*GP-CANARY-001\*\*/)
    expect(reactions(commentId - 1)).toEqual(['eyes', 'confused'])
  })

  it('lock holds an environment: others cannot deploy or promote (a push deploy neither), rollbacks still run, unlock releases it', async () => {
    await pushDeploy('v1')
    const lock = await comment('alice', '/glidepath lock production demo to the board at 3pm').run()
    expect(lock.outputs).toMatchObject({ command: 'lock', allowed: 'true' })
    expect(state('production').hold).toMatchObject({ by: 'alice', reason: 'demo to the board at 3pm' })
    const theirs = await pushDeploy('v2', 'ci-bot')
    expect(theirs.outputs['error-code']).toBe('GP-LOCK-002')
    expect(theirs.failed).toContain('held by @alice')
    expect(state('production').stable?.version).toBe('v1')
    const bobs = await comment('bob', '/glidepath lock production').run()
    expect(bobs.outputs['error-code']).toBe('GP-LOCK-002')
    // The holder deploys; a rollback by anyone is never blocked.
    expect((await pushDeploy('v2', 'alice')).failed).toBeUndefined()
    expect((await ws.run(rollback, { token: TOKEN, environment: 'production', reason: 'bad' }, env('ci-bot', 'push'))).outputs['error-code']).toBeUndefined()
    const status = await comment('bob', '/glidepath status production').run()
    expect(status.failed).toBeUndefined()
    expect(gh.comments.at(-1)?.body).toContain('held by @alice')
    await comment('bob', '/glidepath unlock production').run()
    expect(state('production').hold).toBeNull()
    expect((await pushDeploy('v3', 'ci-bot')).failed).toBeUndefined()
  })

  it('the check phase parses, authorises and reacts, and says what to check out; it deploys and replies nothing', async () => {
    const c = comment('alice', '/glidepath deploy')
    const r = await c.run({ phase: 'check' })
    expect(r.outputs).toMatchObject({ command: 'deploy', allowed: 'true', environment: 'preview', sha: HEAD })
    expect(ops()).toEqual([])
    expect(replies()).toEqual([])
    expect(reactions(c.id)).toEqual(['eyes'])
  })

  it('answers misunderstood commands with the usage, and ignores what is not a new /glidepath comment on a pull request', async () => {
    const typo = await comment('alice', '/glidepath promte').run()
    expect(typo.outputs.refusal).toContain('did you mean /glidepath promote?')
    expect(gh.comments.at(-1)?.body).toContain('/glidepath rollback [<environment>] [to <version>] [<reason>]')
    const before = gh.requests.length
    for (const [body, opts] of [['ship it', {}], ['/glidepath deploy', { action: 'edited' }], ['> /glidepath deploy\nquoted', {}], ['```\n/glidepath deploy\n```', {}], ['/glidepathdeploy', {}]] as const) {
      const r = await comment('alice', body, opts).run()
      expect([body, r.outputs.allowed, r.failed]).toEqual([body, 'false', undefined])
    }
    expect(gh.requests.length).toBe(before)
    const onIssue = await comment('alice', '/glidepath status', { issue: true }).run()
    expect(onIssue.outputs.refusal).toMatch(/^GP-COMMAND-001: .*is an issue/)
    const wrongEvent = await ws.run(command, { token: TOKEN }, env('alice', 'push'))
    expect(wrongEvent.outputs['error-code']).toBe('GP-INPUT-001')
    expect(ops()).toEqual([])
  })
})

describe('a canary that waits for a person asks, and a comment answers', () => {
  it('report asks on the pull request the commit came from (and in the webhook payload); /glidepath promote on it decides', async () => {
    const port = await freePort()
    ws.app('app-v1')
    ws.app('app-v2')
    ws.writeConfig(`version: 1
environments:
  web:
    branches: [main]
    strategy: canary
    timeout: 15s
    local: { app: 'app-{{version}}', start: node server.js, health: /health, port: ${port} }
    canary:
      steps: [ {weight: 30, pause: 500ms}, {weight: 100} ]
      onHold: wait
      holdTimeout: 300ms
      analysis:
        interval: 250ms
        metrics:
          - { name: errors, source: local, metric: error-rate, max: 0.05, minRequests: 40 }
`)
    const hook = await startServer({ '/hook': (_req, res) => json(res, 200, {}) })
    try {
      // Merged as pull request #7: its merge commit is what main deploys.
      gh.pulls[7] = { ...gh.pulls[7], state: 'closed', merged_at: new Date().toISOString() }
      gh.commitPulls[HEAD] = [7]
      const push = { ...env('alice', 'push'), GITHUB_SHA: HEAD }
      await ws.run(deploy, { token: TOKEN, version: 'v1' }, push)
      await ws.run(deploy, { token: TOKEN, version: 'v2' }, push)
      const step = await ws.run(canaryStep, { token: TOKEN, step: 'next' }, push)
      expect(step.outputs.decision).toBe('wait')
      const r = await ws.run(report, { token: TOKEN, 'webhook-url': `${hook.url}/hook` }, push)
      expect(r.failed).toBeUndefined()
      const asked = gh.comments.filter((c) => c.issue === 7)
      expect(asked).toHaveLength(1)
      expect(asked[0].body).toContain('web waits for a decision')
      expect(asked[0].body).toContain('/glidepath promote web')
      expect(asked[0].body).toContain('/glidepath abort web <reason>')
      const payload = JSON.parse(hook.requests[0].body)
      expect(payload).toMatchObject({ event: 'glidepath.decision-needed', decision: { environment: 'web', version: 'v2', weight: 30, commands: ['/glidepath promote web', '/glidepath abort web <reason>'] } })
      expect(r.summaries.join('')).toContain('waits for a decision')
      // The answer: a comment on the merged pull request.
      const answer = await comment('bob', '/glidepath promote web').run()
      expect(answer.failed).toBeUndefined()
      expect(answer.outputs).toMatchObject({ command: 'promote', result: 'promote' })
      expect(state('web')).toMatchObject({ stable: { version: 'v2' }, canary: null })
      expect(state('web').records.at(-1)?.steps.at(-1)).toMatchObject({ decision: 'promote', by: 'bob' })
      // The answer replaces the question in the same comment.
      await ws.run(report, { token: TOKEN }, push)
      const after = gh.comments.filter((c) => c.issue === 7 && c.body.startsWith('<!-- glidepath:web -->'))
      expect(after).toHaveLength(1)
      expect(after[0].body).not.toContain('waits for a decision')
      expect(after[0].body).toContain('✅ success')
    } finally {
      await hook.close()
    }
  })
})
