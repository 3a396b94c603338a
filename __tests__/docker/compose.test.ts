import { waitFor } from '../helpers/wait.js'
import { describe, it, expect, beforeEach, afterEach } from '@jest/globals'
import { execFileSync, spawn } from 'node:child_process'
import { writeFileSync, readFileSync, existsSync, openSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { run as deploy } from '../../actions/deploy/src/main.js'
import { run as canaryStep } from '../../actions/canary-step/src/main.js'
import { run as rollback } from '../../actions/rollback/src/main.js'
import { runPreviewLink } from '../../cli/src/main.js'
import { createWorkspace, freePort, get, getAs, stopAll, ROOT, type TestWorkspace } from '../helpers/workspace.js'
import { startNginx, type RealNginx } from '../helpers/real-services.js'
import { StateStore } from '../../shared/state/store.js'
import { webService } from './fixtures.js'

// The compose provider against a real Docker engine (Debian's dockerd, Compose v2, a local registry),
// started by scripts/docker-engine.mjs (`npm run test:docker`), with test images built locally:
// glidepath-test/app:v1..v3 (healthy), :unhealthy (health answers 503), :crash (exits once healthy),
// :failing (every request 500). Each release runs as <project>-blue or -green from the user's compose
// file plus Glidepath's override; the local router (or nginx) in front switches between them.

const DOCKER = process.env.GLIDEPATH_DOCKER_CLI ?? 'docker'
const REGISTRY = process.env.GLIDEPATH_REGISTRY as string
const docker = (...args: string[]) => execFileSync(DOCKER, args, { encoding: 'utf8', timeout: 120_000 }).trim()

const COMPOSE = `services:
${webService('placeholder/replaced-by-glidepath')}  db:
    image: placeholder/never-started
`

// The memory runtime passes its child processes PATH, HOME and what a test gives: here, the engine.
const ENGINE = { DOCKER_HOST: process.env.DOCKER_HOST ?? '', DOCKER_CONFIG: process.env.DOCKER_CONFIG ?? '' }
const run = (...[action, inputs, env, payload]: Parameters<TestWorkspace['run']>) => ws.run(action, inputs, { ...ENGINE, ...env }, payload)

let ws: TestWorkspace
let port: number
let project: string
const state = (env = 'production') => new StateStore(ws.stateDir, env).read()
const containers = (filter: string) => docker('ps', '--all', '--filter', filter, '--format', '{{.Names}} {{.State}} {{.Label "glidepath.version"}}').split('\n').filter(Boolean)

const config = (opts: { strategy?: string; extra?: string; compose?: string } = {}) => `version: 1
environments:
  production:
    branches: [main]
    strategy: ${opts.strategy ?? 'rolling'}
    timeout: 60s
    compose: { file: compose.yaml, service: web, targetPort: 3000, port: ${port}, image: 'glidepath-test/app:{{version}}', health: /health, project: ${project}${opts.compose ?? ''} }
    rollback: { automatic: true }
${opts.extra ?? ''}`

beforeEach(async () => {
  ws = createWorkspace()
  port = await freePort()
  project = `gp${Math.random().toString(36).slice(2, 8)}`
  writeFileSync(join(ws.dir, 'compose.yaml'), COMPOSE)
})
afterEach(async () => {
  for (const id of docker('ps', '-aq', '--filter', `label=com.docker.compose.project`).split('\n').filter(Boolean)) {
    const p = docker('inspect', '--format', '{{index .Config.Labels "com.docker.compose.project"}}', id)
    if (p.startsWith(project)) docker('rm', '-f', id)
  }
  for (const net of docker('network', 'ls', '--filter', `name=${project}`, '--format', '{{.Name}}').split('\n').filter(Boolean)) docker('network', 'rm', net)
  await ws.cleanup()
})

/** Requests through the router on new connections, counting failures and the versions that answered. */
function countedLoad(url: string, concurrency = 4) {
  let running = true
  const seen: Record<string, number> = {}
  let sent = 0
  let failed = 0
  const worker = async () => {
    while (running) {
      sent++
      try {
        const res = await fetch(url, { signal: AbortSignal.timeout(5000), headers: { connection: 'close' } })
        const body = await res.text()
        if (res.status >= 500) failed++
        else {
          const v = (JSON.parse(body) as { version?: string }).version ?? '?'
          seen[v] = (seen[v] ?? 0) + 1
        }
      } catch {
        failed++
      }
      await new Promise((r) => setTimeout(r, 5))
    }
  }
  const workers = Array.from({ length: concurrency }, worker)
  /** Waits until `n` more requests were sent: load before and after a change, whatever the machine's pace. */
  const more = (n: number) => { const target = sent + n; return waitFor(() => sent >= target, `${n} more requests to ${url}`) }
  return { more, stop: async () => { running = false; await Promise.all(workers); return { sent, failed, seen } } }
}

describe('compose provider on a real Docker engine', () => {
  it('first deploy, then rolling to v2 under load with zero failed requests; labels say what runs; the user\'s file is untouched', async () => {
    ws.writeConfig(config())
    const first = await run(deploy, { version: 'v1' })
    expect(first.failed).toBeUndefined()
    expect((await get(`http://127.0.0.1:${port}/`)).version).toBe('v1')
    const load = countedLoad(`http://127.0.0.1:${port}/`)
    await load.more(20)
    const second = await run(deploy, { version: 'v2' })
    await load.more(20)
    const traffic = await load.stop()
    expect(second.failed).toBeUndefined()
    expect(traffic.failed).toBe(0)
    expect(traffic.sent).toBeGreaterThan(50)
    expect(traffic.seen.v1).toBeGreaterThan(0)
    expect(traffic.seen.v2).toBeGreaterThan(0)
    // Only the new release runs (the old slot is down), its labels name the version, and db never started (--no-deps).
    const running = containers(`label=com.docker.compose.project=${project}-green`)
    expect(running).toEqual([expect.stringMatching(/ running v2$/)])
    expect(containers(`label=com.docker.compose.project=${project}-blue`)).toEqual([])
    const id = docker('ps', '-q', '--filter', `label=com.docker.compose.project=${project}-green`)
    const labels = JSON.parse(docker('inspect', '--format', '{{json .Config.Labels}}', id)) as Record<string, string>
    expect(labels).toMatchObject({ 'glidepath.version': 'v2', 'glidepath.environment': 'production', 'glidepath.slot': 'green' })
    expect(docker('inspect', '--format', '{{.Config.Image}}', id)).toBe('glidepath-test/app:v2')
    expect(readFileSync(join(ws.dir, 'compose.yaml'), 'utf8')).toBe(COMPOSE)
    expect(state().stable?.version).toBe('v2')
  })

  it('a release whose healthcheck never passes fails with a digest of its containers; the old one keeps serving', async () => {
    ws.writeConfig(config())
    await run(deploy, { version: 'v1' })
    const bad = await run(deploy, { version: 'v2', image: 'glidepath-test/app:unhealthy', timeout: '8s' })
    expect(bad.outputs['error-code']).toBe('GP-COMPOSE-005')
    expect(bad.failed).toMatch(/did not become healthy in gp\w+-green/)
    expect(bad.failed).toMatch(/unhealthy/)
    expect(bad.failed).toMatch(/web-1: (running|exited)/)
    expect((await get(`http://127.0.0.1:${port}/`)).version).toBe('v1')
    expect(containers(`label=com.docker.compose.project=${project}-green`)).toEqual([])
    expect(state().stable?.version).toBe('v1')
    expect(state().records.at(-1)).toMatchObject({ version: 'v2', status: 'failure' })
  })

  it('a release that exits right after start fails with its exit code', async () => {
    ws.writeConfig(config())
    await run(deploy, { version: 'v1' })
    const bad = await run(deploy, { version: 'v2', image: 'glidepath-test/app:crash', timeout: '10s' })
    expect(bad.outputs['error-code']).toBe('GP-COMPOSE-005')
    expect(bad.failed).toMatch(/exit code 70|exited/)
    expect((await get(`http://127.0.0.1:${port}/`)).version).toBe('v1')
  })

  it('an image that does not exist is a coded error and nothing changes', async () => {
    ws.writeConfig(config())
    await run(deploy, { version: 'v1' })
    const bad = await run(deploy, { version: 'v9', image: `${REGISTRY}/app:does-not-exist` })
    expect(bad.outputs['error-code']).toBe('GP-COMPOSE-006')
    expect(bad.failed).toMatch(/could not be pulled/)
    expect((await get(`http://127.0.0.1:${port}/`)).version).toBe('v1')
    expect(state().stable?.version).toBe('v1')
  })

  it('pulls from a registry by tag and pins by digest', async () => {
    docker('tag', 'glidepath-test/app:v3', `${REGISTRY}/app:v3`)
    const pushed = docker('push', `${REGISTRY}/app:v3`)
    const digest = /digest: (sha256:[0-9a-f]{64})/.exec(pushed)?.[1] as string
    expect(digest).toBeTruthy()
    docker('rmi', `${REGISTRY}/app:v3`)
    ws.writeConfig(config())
    const d = await run(deploy, { version: 'v3', image: `${REGISTRY}/app@${digest}` })
    expect(d.failed).toBeUndefined()
    expect((await get(`http://127.0.0.1:${port}/`)).version).toBe('v3')
    const id = docker('ps', '-q', '--filter', `label=glidepath.version=v3`, '--filter', `label=com.docker.compose.project=${project}-blue`)
    expect(docker('inspect', '--format', '{{.Config.Image}}', id)).toBe(`${REGISTRY}/app@${digest}`)
  })

  it('blue-green keeps the previous release warm; rollback switches back to the same containers', async () => {
    ws.writeConfig(config({ strategy: 'blue-green' }))
    await run(deploy, { version: 'v1' })
    const blue = docker('ps', '-q', '--filter', `label=com.docker.compose.project=${project}-blue`)
    const d = await run(deploy, { version: 'v2' })
    expect(d.failed).toBeUndefined()
    expect((await get(`http://127.0.0.1:${port}/`)).version).toBe('v2')
    expect(containers(`label=com.docker.compose.project=${project}-blue`)).toEqual([expect.stringMatching(/ running v1$/)])
    const r = await run(rollback, {})
    expect(r.failed).toBeUndefined()
    expect((await get(`http://127.0.0.1:${port}/`)).version).toBe('v1')
    expect(docker('ps', '-q', '--filter', `label=com.docker.compose.project=${project}-blue`)).toBe(blue)
    expect(containers(`label=com.docker.compose.project=${project}-green`)).toEqual([])
    expect(state().stable?.version).toBe('v1')
  })

  it('rolls back to the recorded image of the previous version after a rolling deploy took it down', async () => {
    ws.writeConfig(config())
    await run(deploy, { version: 'v1' })
    await run(deploy, { version: 'v2' })
    expect(containers(`label=glidepath.version=v1`)).toEqual([])
    const r = await run(rollback, {})
    expect(r.failed).toBeUndefined()
    expect((await get(`http://127.0.0.1:${port}/`)).version).toBe('v1')
    expect(state().stable?.version).toBe('v1')
  })

  it('a fresh runner with no state reads what runs from the labels and deploys beside it, not over it', async () => {
    ws.writeConfig(config())
    await run(deploy, { version: 'v1' })
    const blue = docker('ps', '-q', '--filter', `label=com.docker.compose.project=${project}-blue`)
    await stopAll(ws.stateDir)
    rmSync(ws.stateDir, { recursive: true, force: true })
    const d = await run(deploy, { version: 'v2' })
    expect(d.failed).toBeUndefined()
    expect(d.logs.some((l) => /Read from the containers' labels: v1 in gp\w+-blue; v1 serves/.test(l.message))).toBe(true)
    expect(JSON.parse(d.outputs.record)).toMatchObject({ version: 'v2', previousVersion: 'v1' })
    expect((await get(`http://127.0.0.1:${port}/`)).version).toBe('v2')
    expect(containers(`label=com.docker.compose.project=${project}-green`)).toEqual([expect.stringMatching(/ running v2$/)])
    expect(docker('ps', '-aq', '--filter', `id=${blue}`)).toBe('')
  })

  it('a canary through the local router: promoted after its steps, or aborted with the stable untouched', async () => {
    ws.writeConfig(config({ strategy: 'canary', extra: '    canary: { steps: [ {weight: 50, pause: 1s}, {weight: 100} ] }\n' }))
    await run(deploy, { version: 'v1' })
    const c = await run(deploy, { version: 'v2' })
    expect(c.outputs.weight ?? '50').toBe('50')
    const seen = new Set<string>()
    for (let i = 0; i < 30; i++) seen.add((await get(`http://127.0.0.1:${port}/`)).version as string)
    expect([...seen].sort()).toEqual(['v1', 'v2'])
    const s = await run(canaryStep, { step: 'all' })
    expect(s.failed).toBeUndefined()
    expect((await get(`http://127.0.0.1:${port}/`)).version).toBe('v2')
    expect(containers(`label=glidepath.version=v1`)).toEqual([])
    await run(deploy, { version: 'v3' })
    const a = await run(canaryStep, { step: 'abort' })
    expect(a.failed).toBeUndefined()
    expect(containers(`label=glidepath.version=v3`)).toEqual([])
    for (let i = 0; i < 10; i++) expect((await get(`http://127.0.0.1:${port}/`)).version).toBe('v2')
    expect(state().stable?.version).toBe('v2')
  })

  it('believes the engine, not the file: a removed stable container and a stopped router are started again by the next deploy (not "nothing changed"); a killed canary is aborted by the next step', async () => {
    ws.writeConfig(config({ strategy: 'canary', extra: '    canary: { steps: [ {weight: 50, pause: 1s}, {weight: 100} ] }\n' }))
    expect((await run(deploy, { version: 'v1' })).failed).toBeUndefined()
    // The host restarted without its containers coming back, and the router with it.
    for (const id of docker('ps', '-aq', '--filter', `label=com.docker.compose.project=${project}-blue`).split('\n').filter(Boolean)) docker('rm', '-f', id)
    await stopAll(ws.stateDir)
    await expect(get(`http://127.0.0.1:${port}/`)).rejects.toThrow()
    const same = await run(deploy, { version: 'v1' })
    expect(same.failed).toBeUndefined()
    const said = same.logs.map((l) => l.message).join('\n')
    expect(said).toMatch(/did not serve as recorded \(the router did not answer, and v1 did not answer its health check\); healed: restarted the router on its recorded routes; started v1 \(gp\w+-green\) again/)
    expect(said).not.toMatch(/nothing changed/)
    for (let i = 0; i < 5; i++) expect((await get(`http://127.0.0.1:${port}/`)).version).toBe('v1')
    expect(containers(`label=glidepath.version=v1`)).toEqual([expect.stringMatching(/ running v1$/)])
    // A canary whose container is killed is aborted by the next step, never promoted onto nothing.
    expect((await run(deploy, { version: 'v2' })).failed).toBeUndefined()
    for (const id of docker('ps', '-q', '--filter', 'label=glidepath.version=v2').split('\n').filter(Boolean)) docker('kill', id)
    const step = await run(canaryStep, { step: 'next' })
    expect(step.logs.map((l) => l.message).join('\n')).toMatch(/Canary v2 aborted on production: canary v2 stopped answering \(seen before push acted\)\. Traffic is back on v1\./)
    expect(state()).toMatchObject({ stable: { version: 'v1' }, canary: null })
    for (let i = 0; i < 10; i++) expect((await get(`http://127.0.0.1:${port}/`)).version).toBe('v1')
  })

  it('one compose project per pull request; teardown removes its containers and volumes', async () => {
    ws.writeConfig(`version: 1
environments:
  preview:
    pullRequests: true
    name: 'pr-{{pr.number}}'
    transient: true
    compose: { file: compose.yaml, service: web, targetPort: 3000, port: ${port}, image: 'glidepath-test/app:{{version}}', project: '${project}-pr-{{pr.number}}' }
`)
    const payload = { number: 42, pull_request: { number: 42, title: 'x', head: { ref: 'feature/x', sha: 'abc1234def' }, base: { ref: 'main' } } }
    const env = { GITHUB_EVENT_NAME: 'pull_request', GITHUB_REF: 'refs/pull/42/merge' }
    const d = await run(deploy, { version: 'v1' }, env, payload)
    expect(d.failed).toBeUndefined()
    expect(containers(`label=com.docker.compose.project=${project}-pr-42-blue`)).toEqual([expect.stringMatching(/ running v1$/)])
    const t = await run(deploy, { teardown: 'true' }, env, payload)
    expect(t.failed).toBeUndefined()
    expect(containers(`label=com.docker.compose.project=${project}-pr-42-blue`)).toEqual([])
    expect(existsSync(join(ws.stateDir, 'pr-42', 'compose.json'))).toBe(false)
  })

  it('compose previews on one machine: each pull request on a free router port behind one front, private by its token', async () => {
    const front = await freePort()
    ws.writeConfig(`version: 1
environments:
  preview:
    pullRequests: true
    name: 'pr-{{pr.number}}'
    url: 'http://pr-{{pr.number}}.preview.test:${front}'
    transient: true
    timeout: 60s
    compose: { file: compose.yaml, service: web, targetPort: 3000, image: 'glidepath-test/app:{{version}}', health: /health, project: '${project}-pr-{{pr.number}}' }
    previews: { ttl: 3d, host: { port: ${front}, name: 'pr-{{pr.number}}.preview.test' } }
`)
    const secret = { GLIDEPATH_PREVIEW_SECRET: 'compose-preview-secret' }
    const pr = (n: number, action = 'opened') => [{ GITHUB_EVENT_NAME: 'pull_request', GITHUB_REF: `refs/pull/${n}/merge`, ...secret }, { action, number: n, pull_request: { number: n, title: 'x', state: action === 'closed' ? 'closed' : 'open', head: { ref: `feature/x${n}`, sha: 'abc1234def' }, base: { ref: 'main' } } }] as const
    expect((await run(deploy, { version: 'v1' }, ...pr(42))).failed).toBeUndefined()
    expect((await run(deploy, { version: 'v2' }, ...pr(43))).failed).toBeUndefined()
    const tokenOf = async (n: number) => new URL((await run(runPreviewLink, { environment: 'preview', pr: String(n) }, secret)).outputs.link).searchParams.get('glidepath-preview') as string
    const through = (host: string, headers: Record<string, string> = {}) => getAs(front, host, '/', headers)
    expect(JSON.parse((await through('pr-42.preview.test', { 'x-glidepath-preview': await tokenOf(42) })).body)).toMatchObject({ version: 'v1' })
    expect(JSON.parse((await through('pr-43.preview.test', { 'x-glidepath-preview': await tokenOf(43) })).body)).toMatchObject({ version: 'v2' })
    expect((await through('pr-43.preview.test', { 'x-glidepath-preview': await tokenOf(42) })).status).toBe(401) // one preview's token opens no other
    expect((await through('pr-42.preview.test')).status).toBe(401)
    // Each preview's own router took a port of its own.
    const ports = [42, 43].map((n) => JSON.parse(readFileSync(join(ws.stateDir, `pr-${n}`, 'router.json'), 'utf8')).port)
    expect(new Set(ports).size).toBe(2)
    expect((await run(deploy, { teardown: 'true' }, ...pr(42, 'closed'))).failed).toBeUndefined()
    expect((await through('pr-42.preview.test')).status).toBe(404)
    expect((await run(deploy, { teardown: 'true' }, ...pr(43, 'closed'))).failed).toBeUndefined()
    await expect(through('pr-43.preview.test')).rejects.toThrow(/ECONNREFUSED/)
    expect(containers(`label=com.docker.compose.project=${project}-pr-43-blue`)).toEqual([])
  })

  it('bad input changes nothing: an unknown service, a compose file outside the workspace, no compose plugin', async () => {
    ws.writeConfig(config())
    await run(deploy, { version: 'v1' })
    ws.writeConfig(config().replace('service: web', 'service: api'))
    const unknown = await run(deploy, { version: 'v2' })
    expect(unknown.outputs['error-code']).toBe('GP-COMPOSE-002')
    expect(unknown.failed).toMatch(/Service api .* is not in the compose file; it has db, web/)
    ws.writeConfig(config().replace('file: compose.yaml', 'file: ../compose.yaml'))
    const outside = await run(deploy, { version: 'v2' })
    expect(outside.outputs['error-code']).toMatch(/GP-CONFIG-002|GP-INPUT-003/)
    ws.writeConfig(config())
    const noPlugin = await run(deploy, { version: 'v2' }, { DOCKER_CONFIG: join(ws.dir, 'no-plugins') })
    expect(noPlugin.outputs['error-code']).toBe('GP-COMPOSE-004')
    expect(noPlugin.failed).toMatch(/Compose v2 plugin is not installed/)
    expect((await get(`http://127.0.0.1:${port}/`)).version).toBe('v1')
    expect(state().records.filter((r) => r.version === 'v2')).toEqual([])
  })

  it('a deploy killed while its release starts is cleaned up by the next run; two deploys racing take turns', async () => {
    ws.writeConfig(config())
    await run(deploy, { version: 'v1' })
    // The CLI, killed during docker compose up --wait of a release that never becomes healthy.
    const loader = pathToFileURL(join(ROOT, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href
    const cli = spawn(process.execPath, ['--import', loader, join(ROOT, '__tests__/model/run-action.ts'), 'deploy', '--environment', 'production', '--version', 'v2', '--image', 'glidepath-test/app:unhealthy', '--timeout', '60s', '--workspace', ws.dir, '--json'], {
      cwd: ws.dir, env: { ...process.env, GLIDEPATH_INTERNAL_SELF: process.env.GLIDEPATH_INTERNAL_SELF ?? '' }, stdio: ['ignore', 'ignore', openSync(join(ws.dir, 'cli.log'), 'w')], detached: true,
    })
    const deadline = Date.now() + 30_000
    while (Date.now() < deadline && containers(`label=com.docker.compose.project=${project}-green`).length === 0) await new Promise((r) => setTimeout(r, 200))
    expect(cli.exitCode).toBeNull()
    process.kill(-(cli.pid as number), 'SIGKILL')
    expect(containers(`label=com.docker.compose.project=${project}-green`).length).toBe(1)
    const [a, b] = await Promise.all([run(deploy, { version: 'v2' }), run(deploy, { version: 'v3' })])
    expect(a.failed).toBeUndefined()
    expect(b.failed).toBeUndefined()
    const last = state().stable?.version
    expect(['v2', 'v3']).toContain(last)
    expect((await get(`http://127.0.0.1:${port}/`)).version).toBe(last)
    // Exactly one release runs: the unhealthy one the killed run left was taken down.
    expect(containers(`label=glidepath.environment=production`).filter((c) => c.includes(project))).toEqual([expect.stringMatching(new RegExp(` running ${last}$`))])
  })
})

describe('compose behind real nginx', () => {
  let nginx: RealNginx
  afterEach(() => nginx?.stop())

  it('canary promoted and aborted through nginx, each slot on its own address', async () => {
    const [blue, green] = [await freePort(), await freePort()]
    nginx = await startNginx('web', `upstream web { server 127.0.0.1:${blue}; }\n`)
    ws.writeConfig(config({
      strategy: 'canary',
      extra: `    canary: { steps: [ {weight: 50, pause: 1s}, {weight: 100} ] }
    traffic: { router: nginx, nginx: { upstream: web, file: ${nginx.upstreamFile}, stable: 127.0.0.1:${blue}, canary: 127.0.0.1:${green}, test: '${nginx.testCommand}', reload: '${nginx.reloadCommand}', pidFile: ${nginx.pidFile} } }
`,
    }))
    expect((await run(deploy, { version: 'v1' })).failed).toBeUndefined()
    expect((await get(`${nginx.url}/`)).body).toContain('"v1"')
    const load = countedLoad(`${nginx.url}/`)
    expect((await run(deploy, { version: 'v2' })).failed).toBeUndefined()
    expect(readFileSync(nginx.upstreamFile, 'utf8')).toMatch(new RegExp(`server 127.0.0.1:${blue} weight=50;\\s+server 127.0.0.1:${green} weight=50;`))
    expect((await run(canaryStep, { step: 'all' })).failed).toBeUndefined()
    await load.more(10)
    expect(readFileSync(nginx.upstreamFile, 'utf8')).toMatch(new RegExp(`server 127.0.0.1:${green} weight=100;`))
    expect((await run(deploy, { version: 'v3' })).failed).toBeUndefined()
    expect((await run(canaryStep, { step: 'abort' })).failed).toBeUndefined()
    await load.more(10)
    const traffic = await load.stop()
    expect(traffic.failed).toBe(0)
    expect(traffic.seen.v1 && traffic.seen.v2 && traffic.seen.v3).toBeTruthy()
    for (let i = 0; i < 10; i++) expect((await get(`${nginx.url}/`)).body).toContain('"v2"')
    expect(containers(`label=glidepath.version=v3`)).toEqual([])
    expect(state().stable?.version).toBe('v2')
  })
})
