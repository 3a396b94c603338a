import { describe, it, expect } from '@jest/globals'
import { mkdtempSync, writeFileSync, mkdirSync, symlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  parseImage, normaliseRepository, substituteImage, checkImage, loadManifests, assignNamespace, stampObjects, variant, findService, findWorkload, labelValue,
} from '../../shared/kube/manifests.js'
import { readiness } from '../../shared/kube/rollout.js'
import { stateConfigMapName } from '../../shared/kube/cluster-state.js'
import { replicaSplit } from '../../shared/traffic/replicas.js'
import { setPath } from '../../shared/providers/helm.js'
import { manifestList } from '../../shared/providers/kubernetes.js'
import { standbyCopy, standbySelector, templateVersion } from '../../shared/kube/standby.js'
import type { KubeObject } from '../../shared/kube/kubectl.js'

const deployment = (containers: Array<{ name: string; image: string }>, init: Array<{ name: string; image: string }> = []): KubeObject => ({
  apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' },
  spec: { replicas: 2, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers, initContainers: init } } },
})

describe('image references', () => {
  it('cuts the tag at the last colon after the last slash, so a registry port stays in the name', () => {
    expect(parseImage('registry.local:5000/team/web:v2')).toEqual({ repository: 'registry.local:5000/team/web', tag: 'v2', digest: undefined })
    expect(parseImage('registry.local:5000/team/web')).toEqual({ repository: 'registry.local:5000/team/web', tag: undefined, digest: undefined })
    expect(parseImage(`ghcr.io/acme/web@sha256:${'a'.repeat(64)}`)).toEqual({ repository: 'ghcr.io/acme/web', tag: undefined, digest: `sha256:${'a'.repeat(64)}` })
    expect(parseImage(`ghcr.io/acme/web:v1@sha256:${'b'.repeat(64)}`).tag).toBe('v1')
  })

  it('treats Docker Hub short names as one repository', () => {
    expect(normaliseRepository('nginx')).toBe('docker.io/library/nginx')
    expect(normaliseRepository('docker.io/nginx')).toBe('docker.io/library/nginx')
    expect(normaliseRepository('acme/web')).toBe('docker.io/acme/web')
    expect(normaliseRepository('localhost/web')).toBe('localhost/web')
  })

  it('rejects references without a tag or digest, or with bad characters', () => {
    expect(() => checkImage('ghcr.io/acme/web')).toThrow(/GP-INPUT-001|not a valid image/)
    expect(() => checkImage('ghcr.io/acme/web:v1;rm -rf /')).toThrow(/not a valid image/)
    expect(() => checkImage('ghcr.io/acme/web:v1')).not.toThrow()
    expect(() => checkImage(`registry.local:5000/web@sha256:${'c'.repeat(64)}`)).not.toThrow()
  })
})

describe('image substitution', () => {
  it('replaces containers and init containers of the same repository only, with a port-bearing registry', () => {
    const objects = [deployment([{ name: 'web', image: 'registry.local:5000/web:v1' }, { name: 'proxy', image: 'registry.local:5000/proxy:v1' }], [{ name: 'migrate', image: 'registry.local:5000/web:v1' }])]
    const done = substituteImage(objects, 'registry.local:5000/web:v2')
    expect(done.map((d) => d.container)).toEqual(['migrate', 'web'])
    expect(objects[0].spec.template.spec.containers.map((c: { image: string }) => c.image)).toEqual(['registry.local:5000/web:v2', 'registry.local:5000/proxy:v1'])
  })

  it('with a container name, sets that container of the workload even when the repository changes', () => {
    const w = deployment([{ name: 'web', image: 'old.example.com/web:v1' }, { name: 'sidecar', image: 'busybox:1' }])
    substituteImage([w], 'ghcr.io/acme/web:v2', { container: 'web', workload: w })
    expect(w.spec.template.spec.containers.map((c: { image: string }) => c.image)).toEqual(['ghcr.io/acme/web:v2', 'busybox:1'])
  })

  it('covers CronJob and Pod specs', () => {
    const cron: KubeObject = { apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'c' }, spec: { jobTemplate: { spec: { template: { spec: { containers: [{ name: 'c', image: 'ghcr.io/acme/web:v1' }] } } } } } }
    const pod: KubeObject = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'p', image: 'ghcr.io/acme/web:v1' }] } }
    expect(substituteImage([cron, pod], 'ghcr.io/acme/web:v9')).toHaveLength(2)
    expect(pod.spec.containers[0].image).toBe('ghcr.io/acme/web:v9')
  })

  it('fails with GP-K8S-004 listing the containers when nothing matches', () => {
    expect(() => substituteImage([deployment([{ name: 'web', image: 'ghcr.io/acme/web:v1' }])], 'ghcr.io/other/api:v2')).toThrow(/matches no container.*web=ghcr.io\/acme\/web:v1/)
  })
})

describe('manifests', () => {
  it('loads files and directories in order, refuses paths and symlinks leaving the workspace', () => {
    const ws = mkdtempSync(join(tmpdir(), 'gp-manifests-'))
    mkdirSync(join(ws, 'k8s', 'sub'), { recursive: true })
    writeFileSync(join(ws, 'k8s', 'b.yaml'), 'apiVersion: v1\nkind: Service\nmetadata: {name: web}\n---\n# empty\n')
    writeFileSync(join(ws, 'k8s', 'sub', 'a.yml'), 'apiVersion: v1\nkind: List\nitems:\n- {apiVersion: v1, kind: ConfigMap, metadata: {name: a}}\n')
    writeFileSync(join(ws, 'k8s', 'notes.txt'), 'ignored')
    expect(loadManifests(['k8s'], ws).map((o) => `${o.kind}/${o.metadata.name}`)).toEqual(['Service/web', 'ConfigMap/a'])
    expect(() => loadManifests(['../etc'], ws)).toThrow(/leaves the workspace/)
    symlinkSync('/etc', join(ws, 'out'))
    expect(() => loadManifests(['out'], ws)).toThrow(/leaves the workspace/)
    writeFileSync(join(ws, 'bad.yaml'), 'kind: Service\nmetadata: {}\n')
    expect(() => loadManifests(['bad.yaml'], ws)).toThrow(/document 1: a Kubernetes object needs apiVersion, kind and metadata.name/)
    expect(() => loadManifests(['missing.yaml'], ws)).toThrow(/does not exist/)
  })

  it('keeps an object\'s own namespace and gives the others the default; cluster objects get none', () => {
    const objects: KubeObject[] = [
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 'a' } },
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 'b', namespace: 'other' } },
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'prod' } },
    ]
    assignNamespace(objects, 'prod')
    expect(objects.map((o) => o.metadata.namespace)).toEqual(['prod', 'other', undefined])
  })

  it('stamps objects and pod templates; an unsafe version stays out of labels', () => {
    const w = deployment([{ name: 'web', image: 'x:1' }])
    stampObjects([w], { 'glidepath.dev/ref': 'refs/heads/feature/$(id)' }, 'production', 'v1/evil')
    expect(w.metadata.annotations).toEqual({ 'glidepath.dev/ref': 'refs/heads/feature/$(id)' })
    expect(w.spec.template.metadata.annotations['glidepath.dev/version']).toBe('v1/evil')
    expect(w.spec.template.metadata.labels).not.toHaveProperty('glidepath.dev/version')
    expect(labelValue('feature/x', 'abcdef1234')).toBe('feature-x-abcdef12')
  })

  it('a canary variant selects only its own pods, and so does its Service', () => {
    const w = deployment([{ name: 'web', image: 'x:1' }])
    const svc: KubeObject = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web-svc' }, spec: { clusterIP: '10.0.0.9', selector: { app: 'web' }, ports: [{ port: 80, nodePort: 30001 }] } }
    expect(findService([w, svc], findWorkload([w, svc], undefined), undefined)).toBe(svc)
    const v = variant(w, svc, 'canary')
    expect(v.workload.metadata.name).toBe('web-canary')
    expect(v.workload.spec.selector.matchLabels).toEqual({ app: 'web', 'glidepath.dev/track': 'canary' })
    expect(v.service?.spec).toEqual({ selector: { app: 'web', 'glidepath.dev/track': 'canary' }, ports: [{ port: 80 }] })
    expect(w.metadata.name).toBe('web')
    expect(() => findWorkload([svc], 'deployment/api')).toThrow(/not in the manifests/)
  })

  it('splits manifest lists on newlines, commas and semicolons', () => {
    expect(manifestList('k8s/a.yaml, k8s/b.yaml;\nk8s/c')).toEqual(['k8s/a.yaml', 'k8s/b.yaml', 'k8s/c'])
    expect(manifestList(['a', ' b '])).toEqual(['a', 'b'])
  })
})

describe('rollout readiness', () => {
  const d = (status: Record<string, unknown>, generation = 2): KubeObject => ({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', generation }, spec: { replicas: 2 }, status })
  it('is ready only when the latest generation is observed and every replica is updated and available', () => {
    expect(readiness(d({ observedGeneration: 2, updatedReplicas: 2, replicas: 2, availableReplicas: 2 })).ready).toBe(true)
    expect(readiness(d({ observedGeneration: 1, updatedReplicas: 2, replicas: 2, availableReplicas: 2 })).ready).toBe(false)
    expect(readiness(d({ observedGeneration: 2, updatedReplicas: 2, replicas: 3, availableReplicas: 2 })).ready).toBe(false)
    expect(readiness(d({ observedGeneration: 2, conditions: [{ type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded', message: 'too slow' }] })).failed).toMatch(/ProgressDeadlineExceeded/)
    // Pods that cannot be created (a spent quota) are named on the workload, not on any pod.
    const quota = readiness(d({ observedGeneration: 2, conditions: [{ type: 'ReplicaFailure', status: 'True', reason: 'FailedCreate', message: 'pods "web-1" is forbidden: exceeded quota' }] }))
    expect(quota.blocked).toBe('FailedCreate: pods "web-1" is forbidden: exceeded quota')
    expect(readiness(d({ observedGeneration: 2, conditions: [{ type: 'ReplicaFailure', status: 'False', reason: 'FailedCreate' }] })).blocked).toBeUndefined()
  })
})

describe('small parts', () => {
  it('replica split keeps the total and at least one pod on each side', () => {
    expect(replicaSplit(4, 25)).toEqual({ stable: 3, canary: 1 })
    expect(replicaSplit(4, 10)).toEqual({ stable: 3, canary: 1 })
    expect(replicaSplit(4, 90)).toEqual({ stable: 1, canary: 3 })
    expect(replicaSplit(1, 10)).toEqual({ stable: 1, canary: 1 })
    expect(replicaSplit(4, 0)).toEqual({ stable: 4, canary: 0 })
    expect(replicaSplit(4, 100)).toEqual({ stable: 0, canary: 4 })
  })

  it('state ConfigMap names are DNS labels, unique when shortened', () => {
    expect(stateConfigMapName('production')).toBe('glidepath-production')
    expect(stateConfigMapName('Pr_12')).toBe('glidepath-pr-12')
    const long = stateConfigMapName('x'.repeat(100))
    expect(long.length).toBeLessThanOrEqual(63)
    expect(long).not.toBe(stateConfigMapName(`${'x'.repeat(99)}y`))
  })

  it('helm values by dotted path', () => {
    const v: Record<string, unknown> = {}
    setPath(v, 'image.repository', 'ghcr.io/acme/web')
    setPath(v, 'image.tag', 'v1')
    setPath(v, 'replicaCount', 3)
    expect(v).toEqual({ image: { repository: 'ghcr.io/acme/web', tag: 'v1' }, replicaCount: 3 })
  })
})

describe('helm revisions', () => {
  it('follows "Rollback to N" to the version it restored', async () => {
    const { revisionVersion } = await import('../../shared/providers/helm.js')
    const history = [
      { revision: 1, status: 'superseded', chart: 'web', description: 'glidepath version=v1 sha=abc' },
      { revision: 2, status: 'superseded', chart: 'web', description: 'glidepath version=v2' },
      { revision: 3, status: 'superseded', chart: 'web', description: 'Rollback to 1' },
      { revision: 4, status: 'deployed', chart: 'web', description: 'Rollback to 3' },
      { revision: 5, status: 'deployed', chart: 'web', description: 'Rollback to 2' },
    ]
    expect(revisionVersion(history[3], history, {})).toBe('v1')
    expect(revisionVersion(history[4], history, {})).toBe('v2')
    expect(revisionVersion({ revision: 9, status: 'deployed', chart: 'web', description: 'Rollback to 7' }, history, { 9: 'v7' })).toBe('v7')
    expect(revisionVersion({ revision: 9, status: 'deployed', chart: 'web', description: 'Upgrade complete' }, history, {})).toBeUndefined()
  })
})

describe('cluster lease', () => {
  it('writes MicroTime with six digits, keeps names DNS labels and calls a lease stale after its duration', async () => {
    const { microTime, leaseName, leaseExpired } = await import('../../shared/kube/lease.js')
    expect(microTime(new Date('2026-11-22T13:00:00.123Z'))).toBe('2026-11-22T13:00:00.123000Z')
    expect(leaseName('glidepath-production')).toBe('glidepath-production-lock')
    expect(leaseName(`glidepath-${'x'.repeat(60)}`).length).toBeLessThanOrEqual(63)
    const lease = (renewTime: string) => ({ apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name: 'l' }, spec: { renewTime, leaseDurationSeconds: 120 } })
    const now = Date.parse('2026-11-22T13:10:00Z')
    expect(leaseExpired(lease('2026-11-22T13:09:00.000000Z'), now)).toBe(false)
    expect(leaseExpired(lease('2026-11-22T13:07:00.000000Z'), now)).toBe(true)
    expect(leaseExpired(lease('garbage'), now)).toBe(true)
  })
})

describe('rollback.window copy (kube/standby.ts)', () => {
  const live = {
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'prod', labels: { app: 'web' } },
    spec: { replicas: 3, selector: { matchLabels: { app: 'web', tier: 'front' } }, template: { metadata: { labels: { app: 'web', tier: 'front', 'glidepath.dev/version': 'v1' }, annotations: { 'glidepath.dev/version': 'v1' } }, spec: { containers: [{ name: 'web', image: 'web:v1' }] } } },
    status: { readyReplicas: 3 },
  }
  const service = (selector: Record<string, string>) => ({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' }, spec: { selector } })
  const selects = (selector: Record<string, string>, labels: Record<string, string>) => Object.entries(selector).every(([k, v]) => labels[k] === v)

  it('the Service reaches the copy by every value suffixed, its track (a routed environment) set to previous', () => {
    expect(standbySelector({ app: 'web', 'glidepath.dev/track': 'stable' })).toEqual({ app: 'web-previous', 'glidepath.dev/track': 'previous' })
    expect(standbySelector({ app: 'web', tier: 'front' })).toEqual({ app: 'web-previous', tier: 'front-previous' })
    expect(standbySelector({ app: 'x'.repeat(63) }).app).toHaveLength(63)
  })

  it('the copy runs the same pods under its own name, selected by no Service until the switch, and its own selector matches its pods', () => {
    for (const sel of [{ app: 'web' }, { app: 'web', tier: 'front', 'glidepath.dev/track': 'stable' }] as Array<Record<string, string>>) {
      const c = standbyCopy(live, service(sel))
      const pods = c.spec.template.metadata.labels
      expect(c.metadata.name).toBe('web-previous')
      expect(c.spec.replicas).toBe(3)
      expect(c.spec.template.spec.containers[0].image).toBe('web:v1')
      expect(c.status).toBeUndefined()
      expect(selects(sel, pods)).toBe(false)
      expect(selects(live.spec.selector.matchLabels, pods)).toBe(false)
      expect(selects(JSON.parse(c.metadata.annotations?.['glidepath.dev/switch-selector'] ?? '{}'), pods)).toBe(true)
      expect(selects(c.spec.selector.matchLabels, pods)).toBe(true)
      expect(templateVersion(c)).toBe('v1')
    }
    // The live object is not changed.
    expect(live.spec.template.metadata.labels.app).toBe('web')
  })
})
