import { describe, it, expect, beforeAll, afterAll } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { readFileSync, readdirSync, existsSync } from 'node:fs'
import { join } from 'node:path'
import { ActWorld, USER_REPO, type ActRun, type UserRepo } from '../workflows/act/world.js'
import { freePort, ROOT } from '../helpers/workspace.js'
import { webService } from './fixtures.js'
import { LocalRouterClient } from '../../shared/traffic/local/client.js'

// The compose-vm example caller on act against the real Docker engine of this suite: its workflow as
// written (the image job logs in, builds from the repository's Dockerfile and pushes; the deploy job
// runs deploy, canary-step, rollback and report on the VM), with this suite's local registry in place
// of ghcr.io and glidepath.yml given this host's state dir, ports and short pauses. Two pushes to main
// (a first deploy, then a canary promoted under load with no failed request), then a pull request's
// own compose project, torn down when it closes.

const DOCKER = process.env.GLIDEPATH_DOCKER_CLI ?? 'docker'
const REGISTRY = process.env.GLIDEPATH_REGISTRY as string
const docker = (...args: string[]) => execFileSync(DOCKER, args, { encoding: 'utf8', timeout: 120_000 }).trim()
// act's steps get the engine the way a VM's runner has it: in their environment.
const ENGINE = { DOCKER_HOST: process.env.DOCKER_HOST ?? '', DOCKER_CONFIG: process.env.DOCKER_CONFIG ?? '', DOCKER_BUILDKIT: '0' }
const COMPOSE = `services:\n${webService('ghcr.io/acme/shop:latest')}`

let world: ActWorld
let repo: UserRepo
let port: number
let previewPort: number
const example = (file: string) => readFileSync(join(ROOT, 'workflows-examples', 'compose-vm', file), 'utf8')
const push = (sha: string) => ({ ref: 'refs/heads/main', before: '0'.repeat(40), after: sha, repository: { full_name: USER_REPO, default_branch: 'main' }, head_commit: { id: sha, message: 'change' } })
const ok = (run: ActRun) => expect({ code: run.code, tail: run.code ? run.output.slice(-4000) : '' }).toEqual({ code: 0, tail: '' })
const version = async (p: number) => {
  try {
    const res = await fetch(`http://127.0.0.1:${p}/health`, { signal: AbortSignal.timeout(2000) })
    return ((await res.json()) as { version?: string }).version ?? null
  } catch {
    return null
  }
}
const projects = () => docker('ps', '--format', '{{.Label "com.docker.compose.project"}}').split('\n').filter(Boolean)

/** Requests through the router until stopped, on keep-alive connections; counts the failed ones. */
function load(p: number) {
  let running = true
  let sent = 0
  let failed = 0
  const worker = async () => {
    while (running) {
      sent++
      try {
        const res = await fetch(`http://127.0.0.1:${p}/`, { signal: AbortSignal.timeout(3000) })
        await res.arrayBuffer()
        if (res.status >= 500) failed++
      } catch {
        failed++
      }
    }
  }
  const workers = Array.from({ length: 8 }, worker)
  return { stop: async () => { running = false; await Promise.all(workers); return { sent, failed } } }
}

beforeAll(async () => {
  world = await ActWorld.start()
  port = await freePort()
  previewPort = await freePort()
  const config = example('glidepath.yml')
    .replace('/var/lib/glidepath', join(world.dir, 'vm-state'))
    .replace(/ghcr\.io\/acme\/shop/g, `${REGISTRY}/acme/shop`)
    .replace('port: 8080', `port: ${port}`)
    .replace('port: 9000', `port: ${previewPort}`)
    // The judge promotes on evidence: a step needs enough requests to rule out a canary twice as bad
    // (some tens of thousands at 10% on an app that never errs), which the example's minutes of real
    // traffic give and this test's load gives in seconds.
    .replace(/pause: \d+m/g, 'pause: 15s')
    // Both versions here are the same app: on the boundary of "no worse than stable" the judge may
    // abort one with probability up to alpha, and a p95 within 20% is noise on a shared machine. Wider
    // allowances keep the comparisons (and their evidence) while an equal canary stays inside them.
    .replace('compare: stable, alpha: 0.01', 'compare: stable, maxIncrease: 50%, alpha: 0.01')
    .replace('compare: stable, maxIncrease: 20%', 'compare: stable, maxIncrease: 100%')
    .replace('interval: 20s', 'interval: 500ms')
  expect(config).toContain(`port: ${previewPort}`)
  expect(config).toContain('maxIncrease: 50%, alpha: 0.01')
  expect(config).toContain('maxIncrease: 100%')
  const workflow = example('deploy.yml')
    .replace('docker login ghcr.io', `docker login ${REGISTRY}`)
    .replace(/ghcr\.io\/acme\/shop/g, `${REGISTRY}/acme/shop`)
  expect(workflow).not.toContain('ghcr.io')
  repo = world.userRepo('compose-vm', {
    '.github/workflows/deploy.yml': workflow,
    '.github/glidepath.yml': config,
    'compose.yaml': COMPOSE,
    // The app image: the demo app (a Node binary and server.mjs FROM scratch, built by this suite).
    Dockerfile: 'FROM glidepath-test/app:v1\nLABEL org.opencontainers.image.source=https://github.com/acme/shop\n',
  })
  repo.publish('main')
}, 120_000)

afterAll(async () => {
  for (const id of docker('ps', '-aq', '--filter', 'label=glidepath.environment').split('\n').filter(Boolean)) docker('rm', '-f', id)
  // The routers the workflow's deploys started in front of the releases (the example has no teardown of production).
  const states = join(world?.dir ?? '', 'vm-state')
  if (world && existsSync(states)) {
    for (const env of readdirSync(states)) if (existsSync(join(states, env, 'router.json'))) await new LocalRouterClient(join(states, env), 0).stop()
  }
  await world?.stop()
})

describe('the compose-vm example on act', () => {
  it('two pushes to main: an image built and pushed, a first deploy, then a canary promoted under load', async () => {
    const first = repo.sha()
    ok(await world.act(repo, 'push', '.github/workflows/deploy.yml', push(first), { env: ENGINE }))
    expect(await version(port)).toBe(first.slice(0, 12))
    // The image the job pushed is in the registry, and the release runs it.
    expect(docker('ps', '--filter', 'label=glidepath.environment=production', '--format', '{{.Image}}')).toBe(`${REGISTRY}/acme/shop:${first.slice(0, 12)}`)

    const second = repo.commit('v2', { 'NOTES.md': 'v2\n' })
    repo.publish('main')
    const traffic = load(port)
    const run = await world.act(repo, 'push', '.github/workflows/deploy.yml', push(second), { env: ENGINE })
    const counts = await traffic.stop()
    ok(run)
    expect(run.output).toMatch(/::set-output:: decision=promote/)
    expect(await version(port)).toBe(second.slice(0, 12))
    expect(counts.sent).toBeGreaterThan(100)
    expect(counts.failed).toBe(0)
    const production = world.gh.deployments.filter((d) => d.environment === 'production')
    expect(production.map((d) => d.statuses[0]?.state)).toEqual(['success', 'inactive']) // the first one superseded
    expect(world.gh.rejections).toEqual([])
  }, 900_000)

  it('a pull request gets its own compose project, torn down when it closes', async () => {
    repo.checkout('feature/cart', true)
    const head = repo.commit('cart', { 'cart.txt': 'cart\n' })
    repo.publish('main', 'feature/cart')
    const number = 42
    const pr = (action: string) => world.pullRequest(repo, { number, action, head: 'feature/cart', sha: head, title: 'Cart' })
    ok(await world.act(repo, 'pull_request', '.github/workflows/deploy.yml', pr('opened'), { env: ENGINE }))
    expect(await version(previewPort)).not.toBeNull()
    expect(projects().some((p) => p.startsWith('shop-pr-42-'))).toBe(true)
    expect(world.gh.deployments.find((d) => d.environment === 'pr-42')).toMatchObject({ transient_environment: true })

    ok(await world.act(repo, 'pull_request', '.github/workflows/deploy.yml', pr('closed'), { env: ENGINE }))
    expect(projects().some((p) => p.startsWith('shop-pr-42-'))).toBe(false)
    expect(await version(previewPort)).toBeNull()
    expect(projects().some((p) => !p.startsWith('shop-pr-'))).toBe(true) // production untouched
    expect(world.gh.rejections).toEqual([])
  }, 900_000)
})
