import { describe, it, expect, beforeAll, afterAll } from '@jest/globals'
import { join } from 'node:path'
import { ActWorld, demoApp, USER_REPO, type UserRepo } from './world.js'
import { freePort, stopAll } from '../../helpers/workspace.js'
import { startLoad } from '../../helpers/load.js'

// The reusable deploy workflow (.github/workflows/deploy.yml), called from a user's repository as the
// README shows, run by nektos/act on this host: a first deploy, a healthy canary promoted under load,
// a failing canary aborted and rolled back (the job fails, report says why), an approval environment,
// and workflow_dispatch naming an environment. The app runs on the local provider with its state on
// the host (a self-hosted runner deploying to its own machine), so each job finds what the last left.

let world: ActWorld
let repo: UserRepo
let port: number
let stateDir: string

const CALLER = `name: deploy
on:
  push:
    branches: [main]
  workflow_dispatch:
    inputs:
      environment: { description: Environment, required: false, default: '' }
permissions: {}
jobs:
  deploy:
    permissions: { contents: read, deployments: write, pull-requests: write }
    uses: glidepath-dev/glidepath/.github/workflows/deploy.yml@v1
    with:
      environment: \${{ inputs.environment || '' }}
      smoke-checks: .github/smoke.yml
    secrets: inherit
`
const APPROVAL_CALLER = CALLER.replace('      smoke-checks: .github/smoke.yml', '      smoke-checks: .github/smoke.yml\n      approval-environment: production-approval')

const config = () => `version: 1
environments:
  production:
    branches: [main]
    url: http://127.0.0.1:${port}
    strategy: canary
    timeout: 30s
    local: { app: app, start: node server.js, health: /health, port: ${port}, stateDir: ${stateDir}, minReady: 200ms }
    canary:
      steps: [ {weight: 40, pause: 2s}, {weight: 100} ]
      analysis:
        interval: 500ms
        metrics:
          - { name: errors, source: local, metric: error-rate, max: 0.05 }
    rollback: { automatic: true }
  staging:
    branches: [develop]
    url: http://127.0.0.1:${port + 1}
    local: { app: app, start: node server.js, health: /health, port: ${port + 1}, stateDir: ${stateDir}, minReady: 200ms }
`
const SMOKE = `checks:
  - name: health
    path: /health
    expect: { status: 200, json: { $.status: ok } }
`
const push = (sha: string) => ({ ref: 'refs/heads/main', before: '0'.repeat(40), after: sha, repository: { full_name: USER_REPO, name: 'web', owner: { login: 'acme' }, default_branch: 'main' }, head_commit: { id: sha, message: 'change' }, pusher: { name: 'dev' } })
const short = (sha: string) => sha.slice(0, 12)
const serving = async (url = `http://127.0.0.1:${port}/`) => {
  const res = await fetch(url, { signal: AbortSignal.timeout(3000) })
  return res.headers.get('x-glidepath-version')
}
const deploymentsOf = (env: string) => world.gh.deployments.filter((d) => d.environment === env)
const states = (d: { statuses: Array<{ state: string }> }) => d.statuses.map((s) => s.state).reverse()

beforeAll(async () => {
  world = await ActWorld.start()
  port = await freePort()
  stateDir = join(world.dir, 'host-state')
  repo = world.userRepo('web', {
    '.github/workflows/deploy.yml': CALLER,
    '.github/glidepath.yml': config(),
    '.github/smoke.yml': SMOKE,
    ...demoApp('app'),
  })
}, 120_000)

afterAll(async () => {
  await stopAll(stateDir)
  await world?.stop()
})

describe('reusable deploy.yml on act', () => {
  it('a first deploy into a canary environment goes straight to 100%; the workflow ends green and says so', async () => {
    const sha = repo.sha()
    const run = await world.act(repo, 'push', '.github/workflows/deploy.yml', push(sha))
    expect({ code: run.code, tail: run.code ? run.output.slice(-4000) : '' }).toEqual({ code: 0, tail: '' })
    expect(await serving()).toBe(short(sha))
    const [d] = deploymentsOf('production')
    expect(d).toMatchObject({ sha, environment: 'production', production_environment: true })
    expect(d.payload.glidepath).toMatchObject({ version: short(sha), initial: true, transition: 'initial' })
    expect(states(d)).toEqual(['in_progress', 'success'])
    expect(d.statuses[0]).toMatchObject({ log_url: expect.stringMatching(/\/acme\/web\/actions\/runs\/\d+$/), environment_url: `http://127.0.0.1:${port}` })
    expect(run.output).toMatch(/decision=complete|"decision":"complete"|::set-output:: decision=complete/)
    expect(world.gh.rejections).toEqual([])
  }, 600_000)

  it('a healthy canary is promoted step by step under traffic; the earlier deployment is marked inactive', async () => {
    const before = await serving()
    const sha = repo.commit('v2', { 'app/behaviour.json': '{}' })
    const load = startLoad(`http://127.0.0.1:${port}/`, { concurrency: 4 })
    const run = await world.act(repo, 'push', '.github/workflows/deploy.yml', push(sha))
    const sent = await load.stop()
    expect({ code: run.code, tail: run.code ? run.output.slice(-4000) : '' }).toEqual({ code: 0, tail: '' })
    expect(sent).toBeGreaterThan(50)
    expect(await serving()).toBe(short(sha))
    expect(run.output).toMatch(/Transition start-canary/)
    expect(run.output).toMatch(/::set-output:: decision=promote/)
    const [latest, first] = deploymentsOf('production')
    expect(latest).toMatchObject({ sha, payload: { glidepath: { version: short(sha), transition: 'start-canary' } } })
    expect(states(latest)).toEqual(['in_progress', 'in_progress', 'success'])
    expect(latest.statuses.map((x) => x.description).reverse()).toEqual([expect.stringMatching(/^Deploying/), expect.stringMatching(/^Canary .* at 40% \(step 0\)/), expect.stringMatching(/promoted to 100%/)])
    expect(first.payload.glidepath.version).toBe(before)
    expect(states(first).at(-1)).toBe('inactive')
    expect(world.gh.rejections).toEqual([])
  }, 600_000)

  it('a failing canary is aborted: the rollback step runs, the job fails, report says why, the stable version serves', async () => {
    const stable = await serving()
    const sha = repo.commit('v3 breaks', { 'app/behaviour.json': JSON.stringify({ errorRate: 1 }) })
    const load = startLoad(`http://127.0.0.1:${port}/`, { concurrency: 4 })
    const run = await world.act(repo, 'push', '.github/workflows/deploy.yml', push(sha))
    await load.stop()
    expect(run.code).not.toBe(0)
    expect(run.output).toMatch(/GP-CANARY-003/)
    expect(run.output).toMatch(/Run Main glidepath-dev\/glidepath\/actions\/rollback@v1/)
    expect(run.output).toMatch(/Report[^\n]*🏁  Job succeeded/)
    expect(run.output).toMatch(/Report[^\n]*::set-output:: record=.*"status":"aborted".*"reason":"analysis failed at step 0 \(40%\): errors failed/)
    expect(await serving()).toBe(stable)
    const [restored, failed] = deploymentsOf('production')
    expect(failed.sha).toBe(sha)
    // failure when the canary was aborted, then inactive once the rollback's deployment superseded it
    // (report writes no status over it).
    expect(states(failed)).toEqual(['in_progress', 'in_progress', 'failure', 'inactive'])
    expect(failed.statuses[1].description).toMatch(/aborted: analysis failed at step 0/)
    // The rollback step records the stable version serving again as the environment's latest deployment.
    expect(restored.payload.glidepath).toMatchObject({ kind: 'rollback', version: stable, transition: 'repair' })
    expect(states(restored)).toEqual(['in_progress', 'success'])
    expect(world.gh.rejections).toEqual([])
  }, 600_000)

  it('with an approval environment, deploy stops at the canary and the approve job promotes it from the carried state', async () => {
    repo.write({ '.github/workflows/deploy.yml': APPROVAL_CALLER, 'app/behaviour.json': '{}' })
    const sha = repo.commit('v4 with approval')
    const load = startLoad(`http://127.0.0.1:${port}/`, { concurrency: 2 })
    const run = await world.act(repo, 'push', '.github/workflows/deploy.yml', push(sha))
    await load.stop()
    expect({ code: run.code, tail: run.code ? run.output.slice(-4000) : '' }).toEqual({ code: 0, tail: '' })
    expect(run.output).toMatch(/Promote the canary \(approval\)[^\n]*::set-output:: decision=promote/)
    expect(await serving()).toBe(short(sha))
    const [latest] = deploymentsOf('production')
    expect(states(latest).at(-1)).toBe('success')
    expect(latest.statuses[0].description).toMatch(/promoted to 100%/)
    repo.commit('back to the plain caller', { '.github/workflows/deploy.yml': CALLER })
  }, 600_000)

  it('workflow_dispatch deploys to the environment it names', async () => {
    const sha = repo.sha()
    const run = await world.act(repo, 'workflow_dispatch', '.github/workflows/deploy.yml', { ref: 'refs/heads/main', inputs: { environment: 'staging' }, repository: { full_name: USER_REPO, default_branch: 'main' } })
    expect({ code: run.code, tail: run.code ? run.output.slice(-4000) : '' }).toEqual({ code: 0, tail: '' })
    expect(await serving(`http://127.0.0.1:${port + 1}/`)).toBe(short(sha))
    const [staging] = deploymentsOf('staging')
    expect(staging).toMatchObject({ sha, production_environment: false })
    expect(states(staging)).toEqual(['in_progress', 'success'])
    expect(world.gh.rejections).toEqual([])
  }, 600_000)
})
