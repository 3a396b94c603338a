import { describe, it, expect, beforeAll, afterAll } from '@jest/globals'
import { readFileSync, writeFileSync, mkdirSync, cpSync, chmodSync } from 'node:fs'
import { join } from 'node:path'
import { ActWorld, USER_REPO } from '../workflows/act/world.js'
import { placeScript, type RealNginx } from '../helpers/real-services.js'
import { startNginxHosts, clientKey, type RealSshd, type ClientKey } from '../helpers/sshd.js'
import { startPacedLoad } from '../helpers/load.js'
import { DEMO_APP, ROOT } from '../helpers/workspace.js'
import { environmentSlug } from '../../shared/state/store.js'

// The ssh-fleet example (workflows-examples/ssh-fleet) as a user runs it (issue 24): its deploy workflow
// on nektos/act, a job on a runner that is none of the hosts, deploying three real OpenSSH servers on
// their own loopback addresses, each with its own nginx in front of a stable and a canary port. The key
// comes from a secret and the hosts' keys from a repository variable, as the example says. The second
// push runs a canary on each host in its wave, judged by probes, under paced load through every host's
// nginx: no request may fail.
const HOSTS = ['app-1', 'app-2', 'app-3']
let world: ActWorld
let key: ClientKey
let fleet: Awaited<ReturnType<typeof startNginxHosts>> | undefined
let sshd: RealSshd[] = []
let nginx: RealNginx[] = []
let ports: Array<{ stable: number; canary: number }> = []
const example = (file: string) => readFileSync(join(ROOT, 'workflows-examples', 'ssh-fleet', file), 'utf8')
const push = (sha: string) => ({ ref: 'refs/heads/main', before: '0'.repeat(40), after: sha, repository: { full_name: USER_REPO, default_branch: 'main' }, head_commit: { id: sha, message: 'change' } })
const versionAt = async (url: string) => {
  try {
    return (await fetch(url, { signal: AbortSignal.timeout(2000) })).headers.get('x-version')
  } catch {
    return null
  }
}

beforeAll(async () => {
  world = await ActWorld.start()
  key = clientKey()
  fleet = await startNginxHosts(HOSTS.length, 2, key)
  sshd = fleet.hosts.map((h) => h.sshd)
  nginx = fleet.hosts.map((h) => h.nginx)
  ports = fleet.hosts.map((h) => h.ports)
}, 120_000)
afterAll(async () => {
  fleet?.stop()
  await world?.stop()
})

describe('workflows-examples/ssh-fleet on act', () => {
  it('deploys three hosts over SSH from the job, then a canary per host in waves under load, with no failed request', async () => {
    // What each host has installed: the app, a place script that starts a version on the address it is
    // given, and a stop script for the canary address (the example's /opt/app/bin/place and stop).
    for (const s of sshd) {
      cpSync(DEMO_APP, join(s.home, 'app'), { recursive: true })
      mkdirSync(join(s.home, 'bin'))
      writeFileSync(join(s.home, 'bin', 'place'), placeScript(join(s.home, 'apps'), join(s.home, 'run')).replace(`cd "${join(s.home, 'apps')}/$GLIDEPATH_VERSION"`, `cd "${join(s.home, 'app')}"`))
      writeFileSync(join(s.home, 'bin', 'stop'), `#!/bin/sh\nf="${join(s.home, 'run')}/canary.pid"\nif [ -f "$f" ]; then kill -TERM -"$(cat "$f")" 2>/dev/null || true; rm -f "$f"; fi\n`)
      for (const b of ['place', 'stop']) chmodSync(join(s.home, 'bin', b), 0o755)
    }
    const targets = HOSTS.map((h, i) => `      - name: ${h}
        url: ${nginx[i].url}
        ssh: { host: ${sshd[i].address}, port: ${sshd[i].port}, dir: ${sshd[i].home} }
        command: { deploy: ${sshd[i].home}/bin/place, stop: ${sshd[i].home}/bin/stop }
        traffic:
          nginx: { upstream: app, file: ${nginx[i].upstreamFile}, stable: 127.0.0.1:${ports[i].stable}, canary: 127.0.0.1:${ports[i].canary}, test: '${nginx[i].testCommand}', reload: '${nginx[i].reloadCommand}', pidFile: ${nginx[i].pidFile} }`).join('\n')
    const base = example('glidepath.yml')
    const config = `${base.slice(0, base.indexOf('    targets:'))}    targets:\n${targets}\n`
      .replace('ssh: { user: deploy }', 'ssh: { user: root }')
      .replace(/pause: \d+m/g, 'pause: 2s')
      .replace('bake: 2m', 'bake: 1s')
    expect(config).toContain('waves: { bake: 1s, onFailure: rollback-all }')
    const repo = world.userRepo('ssh-fleet', {
      '.github/workflows/deploy.yml': example('deploy.yml'),
      '.github/glidepath.yml': config,
      'app/NOTES': 'v1',
    })
    const opts = { secrets: { DEPLOY_SSH_KEY: key.privateKey }, vars: { FLEET_KNOWN_HOSTS: sshd.map((s) => s.knownHosts).join('') } }

    const first = repo.sha()
    const one = await world.act(repo, 'push', '.github/workflows/deploy.yml', push(first), opts)
    expect({ code: one.code, tail: one.code ? one.output.slice(-4000) : '' }).toEqual({ code: 0, tail: '' })
    for (const n of nginx) expect(await versionAt(`${n.url}/`)).toBe(first)

    const second = repo.commit('v2', { 'app/NOTES': 'v2' })
    const loads = nginx.map((n) => startPacedLoad(`${n.url}/`, 20))
    const two = await world.act(repo, 'push', '.github/workflows/deploy.yml', push(second), opts)
    const seen = await Promise.all(loads.map((l) => l.stop()))
    expect({ code: two.code, tail: two.code ? two.output.slice(-4000) : '' }).toEqual({ code: 0, tail: '' })
    // Each host ran its own canary through its own nginx, host after host, and was judged.
    for (const h of HOSTS) expect(two.output).toMatch(new RegExp(`\\[${h}\\] nginx: upstream app now sends 20% to the canary`))
    expect(two.output).toMatch(/Wave 3 of 3: app-3/)
    // Judged by probes through each host's connection (a forwarded local port), not the host's own address.
    HOSTS.forEach((h, i) => {
      expect(two.output).toMatch(new RegExp(`\\[${h}\\] Probes reach the canary address 127\\.0\\.0\\.1:${ports[i].canary} on root@${sshd[i].address.replace(/\./g, '\\.')}:${sshd[i].port} through the SSH connection \\(127\\.0\\.0\\.1:\\d+ on the runner\\)`))
      expect(two.output).toMatch(new RegExp(`\\[${h}\\]\\s+errors: pass`))
    })
    for (const n of nginx) expect(await versionAt(`${n.url}/`)).toBe(second)
    for (const load of seen) {
      expect(load.sent).toBeGreaterThan(100)
      expect({ errors: load.errors, non2xx: load.non2xx }).toEqual({ errors: 0, non2xx: 0 })
    }
    // The private key was masked wherever it could have shown, and no request went beyond the OpenAPI description.
    const keyLine = key.privateKey.split('\n').find((l) => l.length > 40 && !l.startsWith('-----')) as string
    expect(one.output + two.output).not.toContain(keyLine)
    expect(world.gh.rejections).toEqual([])
    // The state lives on each host.
    sshd.forEach((s, i) => expect(readFileSync(join(s.home, '.glidepath', environmentSlug(`production/${HOSTS[i]}`), 'state.json'), 'utf8')).toContain(second))
  }, 600_000)
})
