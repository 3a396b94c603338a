import { describe, it, expect, beforeAll, afterAll, beforeEach, afterEach } from '@jest/globals'
import { writeFileSync, chmodSync, existsSync, readFileSync } from 'node:fs'
import { execFileSync } from 'node:child_process'
import { join } from 'node:path'
import { run as command } from '../../actions/command/src/main.js'
import { run as deploy } from '../../actions/deploy/src/main.js'
import { run as report } from '../../actions/report/src/main.js'
import { createWorkspace, type TestWorkspace } from '../helpers/workspace.js'
import { startGitHubApi, type GitHubApiServer } from '../helpers/github-api.js'
import { startServer, json } from '../helpers/http-server.js'
import { StateStore } from '../../shared/state/store.js'

// The comment flow as an attacker meets it (docs/security.md): a pull request that rewrites its own config,
// a commenter who plants the sticky comment's marker first, markdown that hides a command, text built to
// break out of the bot's reply, a permission lookup that answers 404. Each case is run through the actions
// against the OpenAPI-checked GitHub stand-in, and each must change nothing it may not.

let gh: GitHubApiServer
let ws: TestWorkspace
const TOKEN = 'ghs_SecurityToken0123456789'
let nextComment = 70_000

const DEFAULT_BRANCH_CONFIG = `version: 1
environments:
  production:
    branches: [main]
    strategy: rolling
    command: { deploy: ./ops.sh }
    windows:
      freezes: [ { from: 2000-01-01, to: 2100-01-01, reason: change freeze } ]
  preview:
    pullRequests: true
    branches: ['feature/*']
    name: 'pr-{{pr.number}}'
    transient: true
    command: { deploy: ./ops.sh, teardown: ./ops.sh }
`
// What a pull request's head says instead: its branch goes to production, and the freeze is gone.
const HEAD_CONFIG = `version: 1
environments:
  production:
    pullRequests: true
    branches: ['feature/*']
    strategy: rolling
    command: { deploy: ./ops.sh }
`

const git = (...args: string[]) => execFileSync('git', args, { cwd: ws.dir, encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com' } }).trim()
const env = (actor: string, sha: string, event = 'issue_comment') => ({ GITHUB_API_URL: gh.url, GITHUB_REPOSITORY: 'acme/web', GITHUB_SHA: sha, GITHUB_REF: 'refs/heads/main', GITHUB_RUN_ID: '77', GITHUB_SERVER_URL: 'https://github.com', GITHUB_EVENT_NAME: event, GITHUB_ACTOR: actor })
const payloadOf = (id: number, login: string, body: string, pr = 7) => ({ action: 'created', comment: { id, body, user: { login } }, issue: { number: pr, pull_request: { url: `https://api.github.com/repos/acme/web/pulls/${pr}` } } })
const ops = () => (existsSync(join(ws.dir, 'ops.log')) ? readFileSync(join(ws.dir, 'ops.log'), 'utf8').trim().split('\n').filter(Boolean) : [])
const replies = (pr = 7) => gh.comments.filter((c) => c.issue === pr).map((c) => c.body)

let base: string
let head: string

beforeAll(async () => { gh = await startGitHubApi() })
afterAll(async () => gh.close())
beforeEach(() => {
  gh.reset()
  gh.permissions = { alice: 'write', rita: 'read' }
  ws = createWorkspace()
  // ops.sh logs what it is asked to do outside the repository's tree, so a checkout does not change it.
  writeFileSync(join(ws.dir, 'ops.sh'), `#!/bin/sh\necho "$GLIDEPATH_OPERATION $GLIDEPATH_ENVIRONMENT $GLIDEPATH_VERSION" >> "${join(ws.dir, 'ops.log')}"\n`)
  chmodSync(join(ws.dir, 'ops.sh'), 0o755)
  writeFileSync(join(ws.dir, '.gitignore'), '.glidepath/\nops.log\n')
  ws.writeConfig(DEFAULT_BRANCH_CONFIG)
  git('init', '-q', '-b', 'main')
  git('add', '-A')
  git('commit', '-q', '-m', 'base')
  base = git('rev-parse', 'HEAD')
  git('checkout', '-q', '-b', 'feature/login')
  ws.writeConfig(HEAD_CONFIG)
  writeFileSync(join(ws.dir, 'feature.txt'), 'login\n')
  git('add', '-A')
  git('commit', '-q', '-m', 'login page, and a config of its own')
  head = git('rev-parse', 'HEAD')
  git('checkout', '-q', 'main')
  gh.pulls[7] = { state: 'open', head: { ref: 'feature/login', sha: head, repo: { full_name: 'acme/web' } }, base: { ref: 'main', repo: { full_name: 'acme/web' } }, merged_at: null }
})
afterEach(async () => {
  await ws.cleanup()
  expect(gh.rejections).toEqual([])
})

/** The reusable workflow's two phases on one checkout: check on the default branch, then the head checked out, then run. */
async function commentFlow(login: string, body: string, options: { passDecision?: boolean; tamper?: (decision: string) => string } = {}) {
  const id = nextComment++
  const payload = payloadOf(id, login, body)
  const check = await ws.run(command, { token: TOKEN, phase: 'check' }, env(login, base), payload)
  if (check.outputs.allowed !== 'true') return { check }
  git('checkout', '-q', check.outputs.command === 'deploy' ? check.outputs.sha : base)
  const decision = options.tamper ? options.tamper(check.outputs.decision) : check.outputs.decision
  const run = await ws.run(command, { token: TOKEN, ...(options.passDecision === false ? {} : { decision }) }, env(login, base), payload)
  return { check, run }
}

describe("the config that decides is the one a writer merged, never the pull request's", () => {
  it("a writer's /glidepath deploy goes where the default branch's config sends the pull request (its preview), though its head maps it to production", async () => {
    const { check, run } = await commentFlow('alice', '/glidepath deploy')
    expect(check.outputs).toMatchObject({ allowed: 'true', command: 'deploy', environment: 'preview', 'environment-name': 'pr-7', sha: head })
    expect(JSON.parse(check.outputs.decision)).toMatchObject({ v: 1, command: 'deploy', environment: 'preview', sha: head, config: DEFAULT_BRANCH_CONFIG })
    expect(run?.failed).toBeUndefined()
    expect(run?.outputs).toMatchObject({ environment: 'preview', result: head.slice(0, 12) })
    expect(ops()).toEqual([`deploy pr-7 ${head.slice(0, 12)}`])
    expect(new StateStore(join(ws.stateDir), 'production').exists()).toBe(false)
    // The code deployed is the head's; only the policy is the default branch's.
    expect(readFileSync(join(ws.dir, 'feature.txt'), 'utf8')).toBe('login\n')
  })

  it("the default branch's freeze holds though the head's config drops it: /glidepath deploy to production is refused", async () => {
    const { run } = await commentFlow('alice', '/glidepath deploy to production')
    expect(run?.outputs['error-code']).toBe('GP-WINDOW-001')
    expect(replies().at(-1)).toMatch(/change freeze/)
    expect(ops()).toEqual([])
  })

  it("a fork cannot let itself in: previews.forks in its own config is not read, and a writer's deploy of it is refused (GP-COMMAND-003) with nothing run", async () => {
    // The pull request comes from a fork whose head turns on fork previews and asks for the runner's token.
    git('checkout', '-q', 'feature/login')
    ws.writeConfig(DEFAULT_BRANCH_CONFIG.replace("    command: { deploy: ./ops.sh, teardown: ./ops.sh }\n", "    command: { deploy: ./ops.sh, teardown: ./ops.sh }\n    previews: { on: [command], forks: command, forkSecrets: [GITHUB_TOKEN] }\n"))
    git('commit', '-qam', 'let forks in')
    const forkHead = git('rev-parse', 'HEAD')
    git('checkout', '-q', 'main')
    gh.pulls[7] = { ...gh.pulls[7], head: { ref: 'feature/login', sha: forkHead, repo: { full_name: 'mallory/web' } } }
    for (const body of ['/glidepath deploy', '/glidepath deploy to preview', '/glidepath deploy to production']) {
      const { check, run } = await commentFlow('alice', body)
      expect(run).toBeUndefined()
      expect(check.outputs.allowed).toBe('false')
      expect(check.outputs.refusal).toMatch(/^GP-COMMAND-003: #7 comes from a fork: .*(previews.forks is not command|only ever deploys to a pull-request preview)/)
    }
    expect(ops()).toEqual([])
  })

  it('a run phase on the head without the decision is refused (GP-COMMAND-004) and deploys nothing', async () => {
    const { run } = await commentFlow('alice', '/glidepath deploy', { passDecision: false })
    expect(run?.outputs['error-code']).toBe('GP-COMMAND-004')
    expect(run?.failed).toContain(`holds commit ${head.slice(0, 12)}`)
    expect(ops()).toEqual([])
    expect(gh.deployments).toEqual([])
  })

  it('a decision made for another comment, or not the JSON the check writes, is refused and deploys nothing', async () => {
    const other = await commentFlow('alice', '/glidepath deploy', { tamper: (d) => JSON.stringify({ ...JSON.parse(d), comment: 1 }) })
    expect(other.run?.outputs['error-code']).toBe('GP-COMMAND-004')
    expect(other.run?.failed).toContain('made for comment 1')
    git('checkout', '-q', 'main')
    const junk = await commentFlow('alice', '/glidepath deploy', { tamper: () => '{"v":1,"comment":"x"}' })
    expect(junk.run?.outputs['error-code']).toBe('GP-COMMAND-004')
    git('checkout', '-q', 'main')
    const swapped = await commentFlow('alice', '/glidepath status', { tamper: (d) => JSON.stringify({ ...JSON.parse(d), command: 'deploy' }) })
    expect(swapped.run?.outputs['error-code']).toBe('GP-COMMAND-004')
    expect(ops()).toEqual([])
  })

  it('a reader is refused at the check, so nothing is checked out or run', async () => {
    const { check, run } = await commentFlow('rita', '/glidepath deploy to production')
    expect(check.outputs.refusal).toMatch(/^GP-COMMAND-002/)
    expect(run).toBeUndefined()
    expect(ops()).toEqual([])
  })

  it("a permission lookup that answers 404 (no such collaborator) is a refusal with a reply, not a failed job", async () => {
    gh.faults.push({ method: 'GET', path: /\/collaborators\/ghost\/permission$/, status: 404, body: { message: 'Not Found' }, times: 1 })
    const { check } = await commentFlow('ghost', '/glidepath deploy')
    expect(check.failed).toBeUndefined()
    expect(check.outputs.refusal).toMatch(/^GP-COMMAND-002: @ghost has none access/)
    expect(replies().at(-1)).toContain('GP-COMMAND-002')
  })
})

describe("Glidepath's comments are Glidepath's", () => {
  const pushEnv = () => ({ ...env('alice', head, 'pull_request'), GITHUB_REF: 'refs/pull/7/merge', GITHUB_HEAD_REF: 'feature/login', GITHUB_BASE_REF: 'main' })
  const prPayload = () => ({ action: 'synchronize', number: 7, pull_request: { number: 7, title: 'login', head: { ref: 'feature/login', sha: head, repo: { full_name: 'acme/web' } }, base: { ref: 'main', repo: { full_name: 'acme/web' } }, state: 'open', merged: false } })

  it("a commenter who posts the marker first never gets the report: Glidepath writes its own comment, and edits only that one", async () => {
    await ws.run(deploy, { token: TOKEN, version: 'v1' }, pushEnv(), prPayload())
    gh.comments.push({ id: 1, issue: 7, body: '<!-- glidepath:pr-7 -->\nmallory was here', user: { login: 'mallory', type: 'User' } })
    const first = await ws.run(report, { token: TOKEN }, pushEnv(), prPayload())
    expect(first.failed).toBeUndefined()
    expect(first.outputs['comment-id']).not.toBe('1')
    expect(gh.comments.find((c) => c.id === 1)?.body).toBe('<!-- glidepath:pr-7 -->\nmallory was here')
    const again = await ws.run(report, { token: TOKEN }, pushEnv(), prPayload())
    expect(again.outputs['comment-id']).toBe(first.outputs['comment-id'])
    expect(gh.comments.filter((c) => c.body.startsWith('<!-- glidepath:pr-7 -->'))).toHaveLength(2)
    // Another bot's comment with the marker is not Glidepath's either.
    gh.comments.unshift({ id: 2, issue: 7, body: '<!-- glidepath:pr-7 -->\nother bot', user: { login: 'other-app[bot]', type: 'Bot' } })
    const third = await ws.run(report, { token: TOKEN }, pushEnv(), prPayload())
    expect(third.outputs['comment-id']).toBe(first.outputs['comment-id'])
    expect(gh.foreignEdits).toEqual([])
  })

  it("with a person's token (GET /user answers), the sticky comment is that person's; with an App's, the comment-author input names it", async () => {
    const pat = 'ghp_PersonalToken0123456789'
    gh.userTokens[pat] = 'deploy-bot-user'
    await ws.run(deploy, { token: pat, version: 'v1' }, pushEnv(), prPayload())
    gh.comments.push({ id: 3, issue: 7, body: '<!-- glidepath:pr-7 -->\nplanted', user: { login: 'github-actions[bot]', type: 'Bot' } })
    const r = await ws.run(report, { token: pat }, pushEnv(), prPayload())
    expect(gh.comments.find((c) => String(c.id) === r.outputs['comment-id'])?.user.login).toBe('deploy-bot-user')
    expect(gh.comments.find((c) => c.id === 3)?.body).toBe('<!-- glidepath:pr-7 -->\nplanted')
    expect(gh.foreignEdits).toEqual([])
  })
})

describe('replies and reasons are inert where they land', () => {
  it('a refused comment is echoed whole in a code span no backtick breaks out of, and a mention in it notifies no one', async () => {
    const body = '/glidepath deploy to ` @acme/admins **bold** [x](https://evil.example) `'
    const { check } = await commentFlow('alice', body)
    expect(check.outputs.refusal).toMatch(/^GP-COMMAND-001/)
    const reply = replies().at(-1) as string
    const echo = /^🚫 (`+) (.*?) \1 by @alice/.exec(reply)
    expect(echo?.[1].length).toBeGreaterThan(1)
    expect(echo?.[2]).toBe(body.slice(0, 120))
    // Outside the code span, the message quotes the words again: escaped, the mention broken.
    const rest = reply.slice((echo?.[0] ?? '').length)
    expect(rest).not.toMatch(/(^|[^\u200d])@acme/)
    expect(rest).not.toMatch(/(?<!\\)\[x\]\(/)
  })

  it('lock and abort reasons reach the status reply escaped, and Slack text with <, > and & as text', async () => {
    git('checkout', '-q', 'feature/login')
    const pushed = { ...env('alice', head, 'push'), GITHUB_REF: 'refs/heads/main' }
    ws.writeConfig(DEFAULT_BRANCH_CONFIG.replace(/    windows:\n.*\n/, ''))
    git('commit', '-qam', 'no freeze')
    const tip = git('rev-parse', 'HEAD')
    git('checkout', '-q', 'main')
    git('merge', '-q', '--ff-only', 'feature/login')
    base = tip
    await ws.run(deploy, { token: TOKEN, environment: 'production', version: 'v1' }, { ...pushed, GITHUB_SHA: tip })
    const lock = await commentFlow('alice', '/glidepath lock production <!channel> ping @acme/oncall <https://evil.example|click>')
    expect(lock.run?.failed).toBeUndefined()
    const status = await commentFlow('alice', '/glidepath status production')
    expect(status.run?.failed).toBeUndefined()
    const said = replies().at(-1) as string
    expect(said).toContain('\\<!channel\\>')
    expect(said).not.toMatch(/(^|[^\u200d])@acme\/oncall/)
    const hook = await startServer({ '/slack': (_q, res) => json(res, 200, {}) })
    try {
      await ws.run(deploy, { token: TOKEN, environment: 'production', version: 'v2' }, { ...pushed, GITHUB_SHA: tip, GITHUB_ACTOR: 'alice' })
      const { run: rollback } = await commentFlow('alice', '/glidepath rollback production <!here> <https://evil.example|login> & more')
      expect(rollback?.failed).toBeUndefined()
      await ws.run(report, { token: TOKEN, environment: 'production', 'slack-webhook': `${hook.url}/slack` }, { ...pushed, GITHUB_SHA: tip })
      const text = JSON.parse(hook.requests[0].body).text as string
      expect(text).toContain('&lt;!here&gt; &lt;https://evil.example|login&gt; &amp; more')
      expect(text).not.toMatch(/<[!@#h]/)
    } finally {
      await hook.close()
    }
  })
})
