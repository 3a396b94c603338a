import { describe, it, expect, beforeAll, afterAll } from '@jest/globals'
import { readFileSync, writeFileSync, mkdirSync, cpSync, chmodSync } from 'node:fs'
import { join } from 'node:path'
import { ActWorld, USER_REPO, type ActRun } from '../workflows/act/world.js'
import { placeScript, type RealNginx } from '../helpers/real-services.js'
import { startNginxHosts, clientKey, type RealSshd, type ClientKey } from '../helpers/sshd.js'
import { DEMO_APP, ROOT } from '../helpers/workspace.js'
import { KUBECONFIG, kubectl, images, app, namespace } from './kube.js'

// workflows-examples/mixed-fleet as a user runs it (issue 40): its deploy workflow on nektos/act, one
// rollout over two VMs (real OpenSSH servers on their own loopback addresses, each with its own nginx
// in front of the app) and a Kubernetes cluster (the real control plane), each target naming its own
// provider. The SSH key and known hosts come from secrets, the kubeconfig too, as the example says. The
// first push goes out everywhere; the second fails on the VM of wave 2: the rollout halts there, the
// cluster of wave 3 is never touched, and rollback-all returns the VM of wave 1.
const VMS = ['vm-1', 'vm-2']
let world: ActWorld
let key: ClientKey
let ns: string
let fleet: Awaited<ReturnType<typeof startNginxHosts>> | undefined
let sshd: RealSshd[] = []
let nginx: RealNginx[] = []
let ports: Array<{ stable: number; canary: number }> = []
const example = (file: string) => readFileSync(join(ROOT, 'workflows-examples', 'mixed-fleet', file), 'utf8')
const push = (sha: string) => ({ ref: 'refs/heads/main', before: '0'.repeat(40), after: sha, repository: { full_name: USER_REPO, default_branch: 'main' }, head_commit: { id: sha, message: 'change' } })
const image = (sha: string) => `ghcr.io/${USER_REPO}/web:${sha}`
const versionAt = async (url: string) => {
  try {
    return (await fetch(url, { signal: AbortSignal.timeout(2000) })).headers.get('x-version')
  } catch {
    return null
  }
}
const tail = (run: ActRun) => (run.code ? run.output.slice(-4000) : '')

beforeAll(async () => {
  world = await ActWorld.start()
  key = clientKey()
  ns = namespace('mf')
  fleet = await startNginxHosts(VMS.length, 12, key)
  sshd = fleet.hosts.map((h) => h.sshd)
  nginx = fleet.hosts.map((h) => h.nginx)
  ports = fleet.hosts.map((h) => h.ports)
}, 120_000)
afterAll(async () => {
  fleet?.stop()
  await world?.stop()
  if (ns) kubectl(['delete', 'namespace', ns, '--ignore-not-found', '--wait=false'])
})

describe('workflows-examples/mixed-fleet on act', () => {
  it('one rollout over two VMs and a cluster; a failure on the VM of wave 2 halts it before the cluster and returns the VM of wave 1', async () => {
    // What each VM has installed: the app and a place script that starts a version on the address it is
    // given; vm-2's refuses any version while a `broken` file is there (the failure injected).
    for (const s of sshd) {
      cpSync(DEMO_APP, join(s.home, 'app'), { recursive: true })
      mkdirSync(join(s.home, 'ops'))
      const place = placeScript(join(s.home, 'apps'), join(s.home, 'run')).replace(`cd "${join(s.home, 'apps')}/$GLIDEPATH_VERSION"`, `if [ -f "${s.home}/broken" ]; then echo "this host cannot start $GLIDEPATH_VERSION" >&2; exit 1; fi\ncd "${join(s.home, 'app')}"`)
      writeFileSync(join(s.home, 'ops', 'place-release.sh'), place)
      chmodSync(join(s.home, 'ops', 'place-release.sh'), 0o755)
    }
    const vms = VMS.map((name, i) => `      - name: ${name}
        wave: ${i + 1}
        url: ${nginx[i].url}
        ssh: { host: ${sshd[i].address}, port: ${sshd[i].port}, dir: ${sshd[i].home} }
        command: { deploy: ${sshd[i].home}/ops/place-release.sh }
        traffic:
          router: nginx
          nginx: { upstream: app, file: ${nginx[i].upstreamFile}, stable: 127.0.0.1:${ports[i].stable}, canary: 127.0.0.1:${ports[i].canary}, test: '${nginx[i].testCommand}', reload: '${nginx[i].reloadCommand}', pidFile: ${nginx[i].pidFile} }`).join('\n')
    const base = example('glidepath.yml')
    const cluster = base.slice(base.indexOf('      # The cluster: its own provider'))
    const config = `${base.slice(0, base.indexOf('    targets:'))}    targets:\n${vms}\n${cluster}`
      .replace('ssh: { user: deploy }', 'ssh: { user: root }')
      .replace(/bake: \d+m/, 'bake: 1s')
      .replace('namespace: shop', `namespace: ${ns}, failFast: 5s`)
    expect(config).toContain('onFailure: rollback-all')
    expect(config).toMatch(/name: eu-cluster\n\s+wave: 3\n\s+provider: kubernetes/)
    const repo = world.userRepo('mixed-fleet', {
      '.github/workflows/deploy.yml': example('deploy.yml'),
      '.github/glidepath.yml': config,
      'k8s/app.yaml': app().replace('ghcr.io/glidepath-demo/web:v0', image('v0')),
    })
    const opts = { secrets: { DEPLOY_SSH_KEY: key.privateKey, DEPLOY_KNOWN_HOSTS: sshd.map((s) => s.knownHosts).join(''), KUBECONFIG: readFileSync(KUBECONFIG, 'utf8') } }

    const first = repo.sha()
    const one = await world.act(repo, 'push', '.github/workflows/deploy.yml', push(first), opts)
    expect({ code: one.code, tail: tail(one) }).toEqual({ code: 0, tail: '' })
    for (const n of nginx) expect(await versionAt(`${n.url}/`)).toBe(first)
    expect(images('deployment', 'web', ns)[0]).toBe(image(first))
    expect(one.output).toMatch(/Wave 3 of 3: eu-cluster/)

    // The second version cannot start on vm-2 (wave 2): halted there, vm-1 returned, the cluster untouched.
    writeFileSync(join(sshd[1].home, 'broken'), '')
    const second = repo.commit('v2', { 'NOTES.md': 'v2\n' })
    const two = await world.act(repo, 'push', '.github/workflows/deploy.yml', push(second), opts)
    expect(two.code).not.toBe(0)
    expect(two.output).toMatch(/GP-WAVES-001.*halted in wave 2 of 3: vm-2 failed/)
    expect(two.output).toMatch(/this host cannot start/)
    expect(two.output).not.toMatch(/Wave 3 of 3: eu-cluster/)
    for (const n of nginx) expect(await versionAt(`${n.url}/`)).toBe(first)
    expect(images('deployment', 'web', ns)[0]).toBe(image(first))
    // One record for the whole rollout, per-target rows, in the job's summary.
    expect(two.output).toMatch(/vm-1[^\n]*rolled-back/)

    // Neither the key nor the cluster's token reached a log; every GitHub request matched the OpenAPI description.
    const keyLine = key.privateKey.split('\n').find((l) => l.length > 40 && !l.startsWith('-----')) as string
    const token = (JSON.parse(readFileSync(KUBECONFIG, 'utf8')) as { users: Array<{ user: { token: string } }> }).users[0].user.token
    expect(one.output + two.output).not.toContain(keyLine)
    expect(one.output + two.output).not.toContain(token)
    expect(world.gh.rejections).toEqual([])
  }, 600_000)
})
