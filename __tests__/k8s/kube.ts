import { execFileSync } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join, dirname } from 'node:path'
import { randomBytes } from 'node:crypto'

// Helpers for the suite that runs against the real control plane started by scripts/k8s-cluster.mjs
// (npm run test:k8s sets KUBECONFIG and puts kubectl, helm and friends on PATH).

export const KUBECONFIG = process.env.KUBECONFIG ?? ''
if (!KUBECONFIG) throw new Error('KUBECONFIG is not set: run this suite with npm run test:k8s (it starts the control plane).')

type Json = Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any

export function kubectl(args: string[], input?: string, kubeconfig = KUBECONFIG): string {
  return execFileSync('kubectl', [`--kubeconfig=${kubeconfig}`, ...args], { input, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] })
}

export function getJson(kind: string, name: string, namespace: string): Json | null {
  const out = kubectl(['get', kind, name, '-n', namespace, '--ignore-not-found', '-o', 'json'])
  return out.trim() ? (JSON.parse(out) as Json) : null
}

export function helm(args: string[]): string {
  return execFileSync('helm', [...args, `--kubeconfig=${KUBECONFIG}`], { encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] })
}

/** A fresh namespace for one test. */
export function namespace(prefix: string): string {
  const ns = `${prefix}-${randomBytes(3).toString('hex')}`
  kubectl(['create', 'namespace', ns])
  return ns
}

export function writeFiles(dir: string, files: Record<string, string>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true })
    writeFileSync(join(dir, path), text)
  }
}

export const image = (tag: string) => `ghcr.io/glidepath-demo/web:${tag}`
/** kwok gives pods of this image ImagePullBackOff (see fixtures/kwok-stages.yaml). */
export const MISSING_IMAGE = image('does-not-exist')

export function app(options: { replicas?: number; namespace?: string } = {}): string {
  const ns = options.namespace ? `\n  namespace: ${options.namespace}` : ''
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web${ns}
  labels: { app: web }
spec:
  replicas: ${options.replicas ?? 2}
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      containers:
        - name: web
          image: ghcr.io/glidepath-demo/web:v0
          ports: [{ containerPort: 8080 }]
        - name: sidecar
          image: docker.io/library/busybox:1.36
---
apiVersion: v1
kind: Service
metadata:
  name: web${ns}
spec:
  selector: { app: web }
  ports: [{ port: 80, targetPort: 8080 }]
`
}

export function httpRoute(ns: string, backendRefs: string): string {
  return JSON.stringify({
    apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute',
    metadata: { name: 'web', namespace: ns },
    spec: { parentRefs: [{ name: 'public' }], hostnames: ['web.example.com'], rules: [{ matches: [{ path: { type: 'PathPrefix', value: '/' } }], backendRefs: JSON.parse(backendRefs) }] },
  })
}

/** A StatefulSet `db` of `replicas` pods (created in parallel) and its headless Service. */
export function statefulApp(replicas = 4): string {
  return `apiVersion: apps/v1
kind: StatefulSet
metadata: { name: db, labels: { app: db } }
spec:
  serviceName: db
  replicas: ${replicas}
  podManagementPolicy: Parallel
  selector: { matchLabels: { app: db } }
  template:
    metadata: { labels: { app: db } }
    spec:
      containers:
        - name: db
          image: ghcr.io/glidepath-demo/web:v0
---
apiVersion: v1
kind: Service
metadata: { name: db }
spec: { clusterIP: None, selector: { app: db }, ports: [{ port: 5432 }] }
`
}

/** A node agent: one pod per node (four kwok nodes, zone-a and zone-b). */
export function daemonApp(): string {
  return `apiVersion: apps/v1
kind: DaemonSet
metadata: { name: agent, labels: { app: agent } }
spec:
  selector: { matchLabels: { app: agent } }
  updateStrategy: { type: RollingUpdate, rollingUpdate: { maxUnavailable: 2 } }
  template:
    metadata: { labels: { app: agent } }
    spec:
      tolerations: [{ operator: Exists }]
      containers:
        - name: agent
          image: ghcr.io/glidepath-demo/web:v0
`
}

/** The agent's image on each node, by node name (pods being deleted left out). */
export function nodeImages(ns: string): Record<string, string> {
  const pods = JSON.parse(kubectl(['get', 'pods', '-n', ns, '-l', 'app=agent', '-o', 'json'])).items as Json[]
  return Object.fromEntries(pods.filter((p) => !p.metadata.deletionTimestamp).map((p) => [p.spec.nodeName, p.spec.containers[0].image]).sort())
}

/** Each pod's first container image, by name (db-0, db-1, ...), for a StatefulSet's ordinals. */
export function podImages(prefix: string, count: number, ns: string): string[] {
  return Array.from({ length: count }, (_, i) => getJson('pod', `${prefix}-${i}`, ns)?.spec?.containers?.[0]?.image ?? null)
}

export function images(kind: string, name: string, ns: string): string[] {
  const o = getJson(kind, name, ns)
  return (o?.spec?.template?.spec?.containers ?? []).map((c: Json) => c.image)
}

export function routeWeights(ns: string): Array<{ name: string; weight?: number }> {
  return (getJson('httproute', 'web', ns)?.spec?.rules?.[0]?.backendRefs ?? []).map((b: Json) => ({ name: b.name, weight: b.weight }))
}
