import { describe, it, expect, beforeAll, afterAll } from '@jest/globals'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { ActWorld, USER_REPO, type UserRepo } from './world.js'

// The reusable comment workflow (.github/workflows/comment.yml) on act, against the OpenAPI-checked API
// server: a writer's /glidepath deploy checks out the pull request's head and deploys it to its preview;
// a reader's is refused with a reply; a fork's pull request deploys nothing; a hostile comment executes
// nothing. The real actions/checkout fetches the head from the git server.

let world: ActWorld
let repo: UserRepo
let out: string
let nextComment = 9000

const CALLER = `name: commands
on:
  issue_comment:
    types: [created]
permissions: {}
jobs:
  command:
    if: github.event.issue.pull_request && contains(github.event.comment.body, '/glidepath')
    permissions: { contents: read, deployments: write, issues: write, pull-requests: write }
    uses: glidepath-dev/glidepath/.github/workflows/comment.yml@v1
`
// What the command provider deploys: the version and the file the pull request changed, so the test sees which tree ran.
const UP = `#!/bin/sh
set -e
mkdir -p "$OUT"
printf '%s %s\\n' "$GLIDEPATH_VERSION" "$(cat feature.txt 2>/dev/null || echo base)" > "$OUT/$GLIDEPATH_ENVIRONMENT"
`
const CONFIG = `version: 1
environments:
  production:
    branches: [main]
    command: { deploy: ./ops/up.sh }
    windows:
      freezes: [ { from: 2000-01-01, to: 2100-01-01, reason: change freeze } ]
      override: true
  preview:
    pullRequests: true
    branches: ['feature/*']
    name: 'pr-{{pr.number}}'
    transient: true
    command: { deploy: ./ops/up.sh, teardown: 'true' }
`

const ok = (run: { code: number; output: string }) => expect({ code: run.code, tail: run.code ? run.output.slice(-4000) : '' }).toEqual({ code: 0, tail: '' })
function commentEvent(number: number, login: string, body: string) {
  const id = nextComment++
  return { id, payload: { action: 'created', comment: { id, body, user: { login } }, issue: { number, pull_request: { url: `${world.gh.url}/repos/${USER_REPO}/pulls/${number}` } }, repository: { full_name: USER_REPO, default_branch: 'main' } } }
}
const deployed = (env: string) => (existsSync(join(out, env)) ? readFileSync(join(out, env), 'utf8').trim() : null)
const replies = (number: number) => world.gh.comments.filter((c) => c.issue === number).map((c) => c.body)
const reactions = (id: number) => world.gh.reactions.filter((r) => r.comment === id).map((r) => r.content)

beforeAll(async () => {
  world = await ActWorld.start()
  out = join(world.dir, 'deployed')
  world.gh.permissions = { alice: 'write', rita: 'read' }
  repo = world.userRepo('web-commands', {
    '.github/workflows/commands.yml': CALLER,
    '.github/glidepath.yml': CONFIG,
    'ops/up.sh': UP,
  })
  repo.publish('main')
}, 120_000)

afterAll(async () => {
  await world?.stop()
})

describe('reusable comment.yml on act', () => {
  it("a writer's /glidepath deploy checks out the pull request head and deploys it to its preview, with a reaction and a reply", async () => {
    repo.checkout('feature/login', true)
    const head = repo.commit('login page', { 'feature.txt': 'login' })
    repo.publish('main', 'feature/login')
    repo.checkout('main') // issue_comment runs on the default branch
    world.pullRequest(repo, { number: 41, action: 'opened', head: 'feature/login', sha: head })
    const c = commentEvent(41, 'alice', 'Ready for a look:\n/glidepath deploy')
    const run = await world.act(repo, 'issue_comment', '.github/workflows/commands.yml', c.payload, { env: { OUT: out } })
    ok(run)
    expect(deployed('pr-41')).toBe(`${head.slice(0, 12)} login`)
    expect(reactions(c.id)).toEqual(['eyes', 'rocket'])
    expect(replies(41)).toHaveLength(1)
    expect(replies(41)[0]).toMatch(/^✅ `\/glidepath deploy` on \*\*preview\*\* by @alice/)
    const [d] = world.gh.deployments.filter((x) => x.environment === 'pr-41')
    expect(d).toMatchObject({ sha: head, transient_environment: true })
    expect(world.gh.rejections).toEqual([])
  }, 600_000)

  it("a pull request that rewrites its own config cannot steer a writer's deploy: the default branch's config decides (docs/security.md)", async () => {
    repo.checkout('feature/steer', true)
    const head = repo.commit('steer to production', {
      'feature.txt': 'steer',
      // The head's own config: its branch to production, with no freeze.
      '.github/glidepath.yml': `version: 1
environments:
  production:
    pullRequests: true
    branches: ['feature/*']
    command: { deploy: ./ops/up.sh }
`,
    })
    repo.publish('main', 'feature/steer')
    repo.checkout('main')
    world.pullRequest(repo, { number: 44, action: 'opened', head: 'feature/steer', sha: head })
    const c = commentEvent(44, 'alice', '/glidepath deploy')
    ok(await world.act(repo, 'issue_comment', '.github/workflows/commands.yml', c.payload, { env: { OUT: out } }))
    expect(deployed('pr-44')).toBe(`${head.slice(0, 12)} steer`)
    expect(deployed('production')).toBeNull()
    expect(replies(44).at(-1)).toMatch(/^✅ `\/glidepath deploy` on \*\*preview\*\* by @alice/)
    const named = commentEvent(44, 'alice', '/glidepath deploy to production')
    const frozen = await world.act(repo, 'issue_comment', '.github/workflows/commands.yml', named.payload, { env: { OUT: out } })
    expect(frozen.code).not.toBe(0)
    expect(replies(44).at(-1)).toMatch(/GP-WINDOW-001.*change freeze/s)
    expect(deployed('production')).toBeNull()
    expect(world.gh.rejections).toEqual([])
  }, 600_000)

  it("a reader's command is refused with a reply that says why; a hostile one executes nothing; neither deploys", async () => {
    const deployments = world.gh.deployments.length
    const reader = commentEvent(41, 'rita', '/glidepath deploy to production')
    ok(await world.act(repo, 'issue_comment', '.github/workflows/commands.yml', reader.payload, { env: { OUT: out } }))
    expect(replies(41).at(-1)).toMatch(/^🚫 .*GP-COMMAND-002.*@\u200d?rita has read access/s)
    expect(reactions(reader.id)).toEqual(['eyes', '-1'])
    const marker = join(world.dir, 'pwned')
    const hostile = commentEvent(41, 'alice', `/glidepath deploy to production;touch ${marker} $(touch ${marker})`)
    ok(await world.act(repo, 'issue_comment', '.github/workflows/commands.yml', hostile.payload, { env: { OUT: out } }))
    expect(replies(41).at(-1)).toMatch(/GP-COMMAND-001/)
    expect(existsSync(marker)).toBe(false)
    expect(deployed('production')).toBeNull()
    expect(world.gh.deployments.length).toBe(deployments)
    expect(world.gh.rejections).toEqual([])
  }, 600_000)

  it("a fork's pull request never deploys from a comment, even a writer's", async () => {
    world.pullRequest(repo, { number: 42, action: 'opened', head: 'feature/evil', sha: repo.sha(), fork: true })
    const c = commentEvent(42, 'alice', '/glidepath deploy')
    const run = await world.act(repo, 'issue_comment', '.github/workflows/commands.yml', c.payload, { env: { OUT: out } })
    ok(run)
    expect(replies(42).at(-1)).toMatch(/GP-COMMAND-003/)
    expect(deployed('pr-42')).toBeNull()
    expect(world.gh.deployments.filter((x) => x.environment === 'pr-42')).toEqual([])
    expect(world.gh.rejections).toEqual([])
  }, 600_000)

  it('a deploy to production in a freeze is refused with the next opening, and goes out with override <reason>', async () => {
    repo.checkout('feature/login')
    const head = repo.sha()
    repo.checkout('main')
    world.pullRequest(repo, { number: 43, action: 'opened', head: 'feature/login', sha: head })
    const frozen = commentEvent(43, 'alice', '/glidepath deploy to production')
    const refused = await world.act(repo, 'issue_comment', '.github/workflows/commands.yml', frozen.payload, { env: { OUT: out } })
    expect(refused.code).not.toBe(0) // the operation failed: the step fails, after answering
    expect(replies(43).at(-1)).toMatch(/^❌ .*GP-WINDOW-001.*change freeze/s)
    expect(reactions(frozen.id)).toEqual(['eyes', 'confused'])
    expect(deployed('production')).toBeNull()
    const override = commentEvent(43, 'alice', '/glidepath deploy to production override incident 42: payments down')
    ok(await world.act(repo, 'issue_comment', '.github/workflows/commands.yml', override.payload, { env: { OUT: out } }))
    expect(deployed('production')).toBe(`${head.slice(0, 12)} login`)
    expect(replies(43).at(-1)).toMatch(/^✅ `\/glidepath deploy` on \*\*production\*\* by @alice/)
    const [d] = world.gh.deployments.filter((x) => x.environment === 'production')
    expect(d.payload).toMatchObject({ glidepath: { windowOverride: { reason: 'incident 42: payments down', actor: 'alice' } } })
    expect(world.gh.rejections).toEqual([])
  }, 600_000)
})
