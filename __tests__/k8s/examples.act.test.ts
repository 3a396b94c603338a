import { describe, it, expect, beforeAll, afterAll } from '@jest/globals'
import { createServer, type Server } from 'node:http'
import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { ActWorld, USER_REPO, type ActRun } from '../workflows/act/world.js'
import { ROOT } from '../helpers/workspace.js'
import { KUBECONFIG, kubectl, getJson, helm, images, app } from './kube.js'

// The Kubernetes and Helm example callers in workflows-examples/, copied into a user's repository
// (workflows unchanged; glidepath.yml with this suite's namespaces, short windows and a local smoke
// target) and run by act against the real control plane: the kubeconfig goes in as the KUBECONFIG
// secret, as users pass it, and kubectl and helm run from the runner's PATH.
//   kubernetes-app: release/* to preprod (rolling), develop to staging with a verify window, and a
//   pull request's preview namespace created on open and deleted on close.
//   helm-chart: main to production, then a chart whose image cannot be pulled: the upgrade fails, the
//   workflow's rollback step returns the release, and the job ends red.
// Production of kubernetes-app (a canary through a Gateway API route judged by Prometheus, with a
// database) is the same provider as kubernetes.test.ts drives; it needs a Prometheus this suite does not run.

let world: ActWorld
let smoke: Server
let smokeUrl: string
const secrets = () => ({ KUBECONFIG: readFileSync(KUBECONFIG, 'utf8') })
const example = (name: string, file: string) => readFileSync(join(ROOT, 'workflows-examples', name, file), 'utf8')
const push = (ref: string, sha: string) => ({ ref, before: '0'.repeat(40), after: sha, repository: { full_name: USER_REPO, default_branch: 'main' }, head_commit: { id: sha, message: 'change' } })
const ok = (run: ActRun) => expect({ code: run.code, tail: run.code ? run.output.slice(-4000) : '' }).toEqual({ code: 0, tail: '' })
/** The kubeconfig's bearer token, which must never reach a log (the workflow writes the secret to a file). */
const token = () => (JSON.parse(readFileSync(KUBECONFIG, 'utf8')) as { users: Array<{ user: { token: string } }> }).users[0].user.token
const runs: ActRun[] = []
const act = async (...args: Parameters<ActWorld['act']>) => {
  const run = await world.act(...args)
  runs.push(run)
  return run
}
const latest = (environment: string) => world.gh.deployments.find((d) => d.environment === environment)
const chart = () => {
  const dir = join(ROOT, '__tests__', 'k8s', 'fixtures', 'chart')
  const files: Record<string, string> = {}
  for (const path of ['Chart.yaml', 'values.yaml', ...readdirSync(join(dir, 'templates')).map((f) => `templates/${f}`)]) files[`chart/${path}`] = readFileSync(join(dir, path), 'utf8')
  return files
}
const smokeFile = () => `checks:\n  - name: health\n    url: ${smokeUrl}/health\n    expect: { status: 200, json: { $.status: ok } }\n`

beforeAll(async () => {
  world = await ActWorld.start()
  // What the smoke checks and the staging verify probe reach: a service answering health.
  smoke = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' })
    res.end(JSON.stringify({ status: 'ok' }))
  })
  await new Promise<void>((r) => smoke.listen(0, '127.0.0.1', r))
  smokeUrl = `http://127.0.0.1:${(smoke.address() as { port: number }).port}`
  for (const ns of ['ka-preprod', 'ka-staging', 'hc-prod']) kubectl(['create', 'namespace', ns])
}, 120_000)

afterAll(async () => {
  await new Promise((r) => smoke?.close(r))
  await world?.stop()
  for (const ns of ['ka-preprod', 'ka-staging', 'hc-prod']) kubectl(['delete', 'namespace', ns, '--ignore-not-found', '--wait=false'])
})

describe('workflows-examples on act against a real control plane', () => {
  it('kubernetes-app: release/* to preprod, develop to staging with a verify window, a preview namespace per pull request', async () => {
    const config = example('kubernetes-app', 'glidepath.yml')
      .replace(/namespace: preprod/g, 'namespace: ka-preprod')
      .replace(/namespace: staging/g, 'namespace: ka-staging')
      .replace("url: 'https://staging.example.com/health'", `url: '${smokeUrl}/health'`)
      .replace('window: 5m', 'window: 2s')
      .replace('interval: 20s', 'interval: 500ms')
    expect(config).toContain(`${smokeUrl}/health`)
    const repo = world.userRepo('kubernetes-app', {
      '.github/workflows/deploy.yml': example('kubernetes-app', 'deploy.yml'),
      '.github/workflows/preview.yml': example('kubernetes-app', 'preview.yml'),
      '.github/glidepath.yml': config,
      '.github/smoke.yml': smokeFile(),
      'k8s/app.yaml': app({ replicas: 2 }),
    })
    repo.publish('main')

    // release/1.0 -> preprod: a rolling update of the Deployment to the image the build job named.
    repo.checkout('release/1.0', true)
    const release = repo.commit('release 1.0', { 'CHANGELOG.md': '1.0\n' })
    repo.publish('release/1.0')
    ok(await act(repo, 'push', '.github/workflows/deploy.yml', push('refs/heads/release/1.0', release), { secrets: secrets() }))
    expect(images('deployment', 'web', 'ka-preprod')[0]).toBe(`ghcr.io/${USER_REPO}:${release}`)
    expect(kubectl(['get', 'deployment', 'web', '-n', 'ka-preprod', '-o', 'jsonpath={.status.availableReplicas}'])).toBe('2')
    expect(latest('preprod')?.statuses[0].state).toBe('success')

    // develop -> staging, then its verify window probes the health URL before the job succeeds.
    repo.checkout('main')
    repo.checkout('develop', true)
    const dev = repo.commit('develop work', { 'NOTES.md': 'dev\n' })
    repo.publish('develop')
    const staging = await act(repo, 'push', '.github/workflows/deploy.yml', push('refs/heads/develop', dev), { secrets: secrets() })
    ok(staging)
    expect(staging.output).toMatch(new RegExp(`verify: ${dev} passed \\(no regression in 2s\\)`))
    expect(images('deployment', 'web', 'ka-staging')[0]).toBe(`ghcr.io/${USER_REPO}:${dev}`)
    expect(getJson('deployment', 'web', 'ka-preprod')?.spec.template.spec.containers[0].image).toBe(`ghcr.io/${USER_REPO}:${release}`) // untouched

    // A pull request from feature/login: its own namespace pr-<n>, created by the deploy, deleted on close.
    repo.checkout('main')
    repo.checkout('feature/login', true)
    const head = repo.commit('login page', { 'login.txt': 'login\n' })
    repo.publish('main', 'feature/login')
    const number = 7
    const pr = (action: string) => world.pullRequest(repo, { number, action, head: 'feature/login', sha: head })
    ok(await act(repo, 'pull_request', '.github/workflows/preview.yml', pr('opened'), { secrets: secrets() }))
    expect(images('deployment', 'web', 'pr-7')[0]).toBe(`ghcr.io/${USER_REPO}:${head}`)
    const preview = latest('pr-7')
    expect(preview).toMatchObject({ sha: head, transient_environment: true })
    expect(preview?.statuses[0]).toMatchObject({ state: 'success', environment_url: 'https://pr-7.preview.example.com' })
    expect(world.gh.comments.filter((c) => c.issue === number)[0]?.body).toContain('https://pr-7.preview.example.com')

    ok(await act(repo, 'pull_request', '.github/workflows/preview.yml', pr('closed'), { secrets: secrets() }))
    const ns = getJson('namespace', 'pr-7', '')
    expect(ns === null || Boolean(ns.metadata.deletionTimestamp)).toBe(true) // gone, or being finalized
    expect(latest('pr-7')?.statuses[0].state).toBe('inactive')
    expect(world.gh.rejections).toEqual([])
  }, 900_000)

  it('helm-chart: main to production, then an upgrade that cannot pull its image is rolled back and the job ends red', async () => {
    const config = example('helm-chart', 'glidepath.yml')
      .replace(/namespace: prod\b/g, 'namespace: hc-prod')
      .replace('timeout: 15m', 'timeout: 20s')
    const repo = world.userRepo('helm-chart', {
      '.github/workflows/deploy.yml': example('helm-chart', 'deploy.yml'),
      '.github/glidepath.yml': config,
      '.github/smoke.yml': smokeFile(),
      ...chart(),
    })
    const first = repo.sha()
    repo.publish('main')
    ok(await act(repo, 'push', '.github/workflows/deploy.yml', push('refs/heads/main', first), { secrets: secrets() }))
    type History = Array<{ revision: number; status: string; description: string }>
    const history = () => JSON.parse(helm(['history', 'web', '-n', 'hc-prod', '-o', 'json'])) as History
    expect(history().map((h) => h.status)).toEqual(['deployed'])
    expect(history()[0].description).toContain(`glidepath version=${first}`)
    expect(latest('production')?.statuses[0].state).toBe('success')

    // The chart now names an image its registry does not have: the pods never start.
    const broken = repo.commit('bump image', { 'chart/values.yaml': readFileSync(join(ROOT, '__tests__', 'k8s', 'fixtures', 'chart', 'values.yaml'), 'utf8').replace('tag: v0', 'tag: does-not-exist') })
    repo.publish('main')
    const run = await act(repo, 'push', '.github/workflows/deploy.yml', push('refs/heads/main', broken), { secrets: secrets() })
    expect(run.code).not.toBe(0)
    expect(run.output).toMatch(/ImagePullBackOff/)
    expect(history().map((h) => h.status)).toEqual(['superseded', 'failed', 'deployed'])
    expect(images('deployment', 'web', 'hc-prod')).toEqual(['ghcr.io/glidepath-demo/web:v0'])
    expect(latest('production')?.statuses[0].state).toBe('failure')
    expect(world.gh.rejections).toEqual([])
  }, 900_000)

  it('the kubeconfig secret went into every run and its token is in no output', () => {
    expect(runs.length).toBe(6)
    for (const run of runs) expect(run.output.includes(token())).toBe(false)
  })
})
