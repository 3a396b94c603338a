import { describe, it, expect, beforeAll, afterAll } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { ActWorld, USER_REPO, type ActRun } from '../workflows/act/world.js'
import { startNginx, type RealNginx } from '../helpers/real-services.js'
import { startSshd, clientKey, type RealSshd, type ClientKey } from '../helpers/sshd.js'
import { startPacedLoad } from '../helpers/load.js'
import { freePort, ROOT } from '../helpers/workspace.js'
import { environmentSlug } from '../../shared/state/store.js'
import { webService } from './fixtures.js'

// The compose-ssh example (workflows-examples/compose-ssh) as a user runs it (issue 24): its workflow on
// nektos/act, the jobs on a runner that is not the VM. The image job builds and pushes to this suite's
// registry (in place of ghcr.io); the deploy job drives "the VM" over SSH: a real OpenSSH server on
// 127.0.0.2 whose sessions reach this suite's Docker engine, with its own nginx in front of the two
// slots. The key comes from a secret and the host key from a repository variable, as the example says.
// The second push runs a canary judged by probes through the connection under paced load (20
// requests/s) through the VM's nginx: no request may fail.

const DOCKER = process.env.GLIDEPATH_DOCKER_CLI ?? 'docker'
const REGISTRY = process.env.GLIDEPATH_REGISTRY as string
const docker = (...args: string[]) => execFileSync(DOCKER, args, { encoding: 'utf8', timeout: 120_000 }).trim()
// The runner's own engine (where the image job builds) is this suite's; the deploy job is given only the key.
const RUNNER = { DOCKER_HOST: process.env.DOCKER_HOST ?? '', DOCKER_CONFIG: process.env.DOCKER_CONFIG ?? '', DOCKER_BUILDKIT: '0' }
const COMPOSE = `services:\n${webService('ghcr.io/acme/shop:latest')}`

let world: ActWorld
let key: ClientKey
let sshd: RealSshd
let nginx: RealNginx
let slots: { stable: number; canary: number }
const example = (file: string) => readFileSync(join(ROOT, 'workflows-examples', 'compose-ssh', file), 'utf8')
const push = (sha: string) => ({ ref: 'refs/heads/main', before: '0'.repeat(40), after: sha, repository: { full_name: USER_REPO, default_branch: 'main' }, head_commit: { id: sha, message: 'change' } })
const ok = (run: ActRun) => expect({ code: run.code, tail: run.code ? run.output.slice(-4000) : '' }).toEqual({ code: 0, tail: '' })
const served = async () => {
  try {
    const res = await fetch(`${nginx.url}/`, { signal: AbortSignal.timeout(2000) })
    return ((await res.json()) as { version?: string }).version ?? null
  } catch {
    return null
  }
}

beforeAll(async () => {
  world = await ActWorld.start()
  key = clientKey()
  sshd = await startSshd('127.0.0.2', await freePort(), key.publicKey, [`SetEnv DOCKER_HOST=${process.env.DOCKER_HOST}`])
  slots = { stable: await freePort(), canary: await freePort() }
  nginx = await startNginx('shop', `upstream shop { server 127.0.0.1:${slots.stable}; }\n`)
}, 120_000)

afterAll(async () => {
  for (const id of docker('ps', '-aq', '--filter', 'label=glidepath.environment=production').split('\n').filter(Boolean)) docker('rm', '-f', id)
  sshd?.stop()
  nginx?.stop()
  await world?.stop()
})

describe('workflows-examples/compose-ssh on act', () => {
  it('two pushes from a runner that is not the VM: a first deploy, then a canary judged through the connection, under load with no failed request', async () => {
    const config = example('glidepath.yml')
      .replace('ssh: { host: shop-1.example.com, user: deploy }', `ssh: { host: ${sshd.address}, port: ${sshd.port}, user: root, dir: ${sshd.home} }`)
      .replace(/ghcr\.io\/acme\/shop/g, `${REGISTRY}/acme/shop`)
      .replace('file: /etc/nginx/conf.d/glidepath-shop.conf', `file: ${nginx.upstreamFile}`)
      .replace('stable: 127.0.0.1:8081', `stable: 127.0.0.1:${slots.stable}`)
      .replace('canary: 127.0.0.1:8082', `canary: 127.0.0.1:${slots.canary}`)
      .replace('test: sudo -n nginx -t', `test: '${nginx.testCommand}'`)
      .replace('reload: sudo -n nginx -s reload', `reload: '${nginx.reloadCommand}'`)
      .replace(/pause: \d+m/g, 'pause: 5s')
      .replace('interval: 20s', 'interval: 1s')
    for (const part of [sshd.home, nginx.upstreamFile, `127.0.0.1:${slots.canary}`, nginx.reloadCommand, 'pause: 5s']) expect(config).toContain(part)
    const workflow = example('deploy.yml')
      .replace('docker login ghcr.io', `docker login ${REGISTRY}`)
      .replace(/ghcr\.io\/acme\/shop/g, `${REGISTRY}/acme/shop`)
    expect(workflow).not.toContain('ghcr.io')
    const repo = world.userRepo('compose-ssh', {
      '.github/workflows/deploy.yml': workflow,
      '.github/glidepath.yml': config,
      'compose.yaml': COMPOSE,
      Dockerfile: 'FROM glidepath-test/app:v1\nLABEL org.opencontainers.image.source=https://github.com/acme/shop\n',
    })
    repo.publish('main')
    const opts = { env: RUNNER, secrets: { DEPLOY_SSH_KEY: key.privateKey }, vars: { SHOP_KNOWN_HOSTS: sshd.knownHosts } }

    const first = repo.sha()
    const one = await world.act(repo, 'push', '.github/workflows/deploy.yml', push(first), opts)
    ok(one)
    expect(await served()).toBe(first.slice(0, 12))
    expect(docker('ps', '--filter', 'label=glidepath.environment=production', '--format', '{{.Image}}')).toBe(`${REGISTRY}/acme/shop:${first.slice(0, 12)}`)

    const second = repo.commit('v2', { 'NOTES.md': 'v2\n' })
    repo.publish('main')
    const load = startPacedLoad(`${nginx.url}/`, 20)
    const two = await world.act(repo, 'push', '.github/workflows/deploy.yml', push(second), opts)
    const traffic = await load.stop()
    ok(two)
    expect(two.output).toMatch(/::set-output:: decision=promote/)
    expect(two.output).toMatch(/nginx: upstream shop now sends 20% to the canary/)
    // The judge's probes went through the VM's SSH connection to the canary's slot, not to an open port.
    expect(two.output).toMatch(new RegExp(`Probes reach the canary release at 127\\.0\\.0\\.1:${slots.canary} on root@127\\.0\\.0\\.2:${sshd.port} through the SSH connection`))
    expect(two.output).toMatch(/errors: pass/)
    expect(await served()).toBe(second.slice(0, 12))
    expect(traffic.sent).toBeGreaterThan(100)
    expect({ errors: traffic.errors, non2xx: traffic.non2xx }).toEqual({ errors: 0, non2xx: 0 })
    // The state lives on the VM, the key was masked wherever it could have shown, and every GitHub
    // request was one the OpenAPI description allows.
    expect(readFileSync(join(sshd.home, '.glidepath', environmentSlug('production'), 'state.json'), 'utf8')).toContain(second.slice(0, 12))
    const keyLine = key.privateKey.split('\n').find((l) => l.length > 40 && !l.startsWith('-----')) as string
    expect(one.output + two.output).not.toContain(keyLine)
    expect(world.gh.rejections).toEqual([])
  }, 900_000)
})
