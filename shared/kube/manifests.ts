import { readFileSync, readdirSync, statSync, existsSync, realpathSync } from 'node:fs'
import { join, resolve, relative } from 'node:path'
import { loadAll, CORE_SCHEMA } from 'js-yaml'
import { GlidepathError } from '../errors/index.js'
import { isInside } from '../files/paths.js'
import type { KubeObject } from './kubectl.js'

// Manifests as data: loaded from files or directories inside the workspace, images substituted,
// stamped and given their namespace before a single apply. Nothing here talks to the cluster.

export const TRACK_LABEL = 'glidepath.dev/track'
export const ENV_LABEL = 'glidepath.dev/environment'
export const VERSION_KEY = 'glidepath.dev/version'
/** On a DaemonSet updated node by node (OnDelete, traffic/nodes.ts): how many of its nodes the current step updates. */
export const NODES_UPDATED_KEY = 'glidepath.dev/nodes-updated'

const CLUSTER_SCOPED = new Set([
  'Namespace', 'Node', 'PersistentVolume', 'StorageClass', 'ClusterRole', 'ClusterRoleBinding', 'CustomResourceDefinition',
  'PriorityClass', 'IngressClass', 'GatewayClass', 'RuntimeClass', 'APIService', 'CSIDriver', 'CSINode', 'VolumeAttachment',
  'MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration', 'ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding',
])
const WORKLOADS = new Set(['Deployment', 'StatefulSet', 'DaemonSet'])

function isClusterScoped(o: KubeObject): boolean {
  return CLUSTER_SCOPED.has(o.kind)
}

export function isWorkload(o: KubeObject): boolean {
  return WORKLOADS.has(o.kind)
}

export function objectRef(o: KubeObject): string {
  return `${o.kind.toLowerCase()}/${o.metadata.name}${o.metadata.namespace ? ` in ${o.metadata.namespace}` : ''}`
}

/** Loads every manifest under `paths` (files or directories, inside the workspace), in a stable order. */
export function loadManifests(paths: string[], workspace: string): KubeObject[] {
  if (paths.length === 0) {
    throw new GlidepathError('GP-K8S-002', 'No manifests were given.', { fix: 'Set kubernetes.manifests (files or directories in the repository) or the `manifests` input.' })
  }
  const root = realpathSync(workspace)
  const files: string[] = []
  for (const p of paths) {
    const abs = resolve(workspace, p)
    if (!isInside(workspace, p) || (existsSync(abs) && !isInside(root, realpathSync(abs)))) {
      throw new GlidepathError('GP-INPUT-003', `Manifest path "${p}" leaves the workspace.`, { fix: 'Keep manifests inside the repository (no .., absolute paths elsewhere or symlinks out).' })
    }
    if (!existsSync(abs)) {
      throw new GlidepathError('GP-K8S-002', `Manifest path "${p}" does not exist.`, { fix: 'Check kubernetes.manifests: each entry is a file or a directory relative to the repository root.' })
    }
    if (statSync(abs).isDirectory()) files.push(...walk(abs))
    else files.push(abs)
  }
  const objects: KubeObject[] = []
  for (const file of files) objects.push(...parseManifestFile(file, relative(workspace, file) || file))
  if (objects.length === 0) {
    throw new GlidepathError('GP-K8S-002', `The manifests (${paths.join(', ')}) contain no Kubernetes objects.`, { fix: 'Point kubernetes.manifests at YAML or JSON files with apiVersion, kind and metadata.name.' })
  }
  return objects
}

function walk(dir: string): string[] {
  const out: string[] = []
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name)
    if (statSync(p).isDirectory()) out.push(...walk(p))
    else if (/\.(ya?ml|json)$/i.test(name)) out.push(p)
  }
  return out
}

function parseManifestFile(file: string, shown: string): KubeObject[] {
  let docs: unknown[]
  try {
    docs = loadAll(readFileSync(file, 'utf8'), { schema: CORE_SCHEMA })
  } catch (e) {
    throw new GlidepathError('GP-K8S-002', `${shown} is not valid YAML: ${(e as Error).message.split('\n')[0]}`, { file: shown, fix: 'Fix the YAML syntax of the manifest.' })
  }
  const out: KubeObject[] = []
  docs.forEach((doc, i) => {
    if (doc === null || doc === undefined) return
    const items = isObject(doc) && doc.kind === 'List' && Array.isArray(doc.items) ? doc.items : [doc]
    for (const item of items) {
      if (!isObject(item) || typeof item.apiVersion !== 'string' || typeof item.kind !== 'string' || !isObject(item.metadata) || typeof item.metadata.name !== 'string' || !item.metadata.name) {
        throw new GlidepathError('GP-K8S-002', `${shown}, document ${i + 1}: a Kubernetes object needs apiVersion, kind and metadata.name.`, {
          file: shown, fix: 'Complete the object, or remove the document if it is not meant to be applied.',
        })
      }
      out.push(item as unknown as KubeObject)
    }
  })
  return out
}

function isObject(v: unknown): v is Record<string, any> { // eslint-disable-line @typescript-eslint/no-explicit-any
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

export interface ImageRef {
  repository: string
  tag?: string
  digest?: string
}

/** Splits an image reference. The tag is cut at the last ':' after the last '/', so a registry port stays in the name. */
export function parseImage(ref: string): ImageRef {
  let rest = ref.trim()
  let digest: string | undefined
  const at = rest.indexOf('@')
  if (at >= 0) {
    digest = rest.slice(at + 1)
    rest = rest.slice(0, at)
  }
  const slash = rest.lastIndexOf('/')
  const colon = rest.lastIndexOf(':')
  let tag: string | undefined
  if (colon > slash) {
    tag = rest.slice(colon + 1)
    rest = rest.slice(0, colon)
  }
  return { repository: rest, tag, digest }
}

/** docker.io/library/nginx, docker.io/nginx and nginx are one repository. */
export function normaliseRepository(repository: string): string {
  const parts = repository.split('/')
  const first = parts[0]
  const hasRegistry = parts.length > 1 && (first.includes('.') || first.includes(':') || first === 'localhost')
  if (!hasRegistry) return `docker.io/${parts.length === 1 ? `library/${repository}` : repository}`
  if (first === 'docker.io' && parts.length === 2) return `docker.io/library/${parts[1]}`
  return repository
}

const IMAGE_RE = /^[a-z0-9]+([._-][a-z0-9]+)*(:[0-9]+)?(\/[a-z0-9]+([._-]|__|[-]*)?[a-z0-9]*([._-][a-z0-9]+)*)*(:[\w][\w.-]{0,127})?(@[a-z0-9]+:[a-f0-9]{32,})?$/

export function checkImage(image: string): void {
  const { repository, tag, digest } = parseImage(image)
  if (!IMAGE_RE.test(image) || (!tag && !digest) || !repository) {
    throw new GlidepathError('GP-INPUT-001', `image "${image}" is not a valid image reference with a tag or digest.`, {
      fix: 'Pass an image such as ghcr.io/acme/web:1.4.2, registry.local:5000/web:v2 or ghcr.io/acme/web@sha256:<64 hex>.',
    })
  }
}

/** The pod specs inside an object (Pod, workloads, Job, CronJob). */
function podSpecs(o: KubeObject): Array<Record<string, any>> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const spec = o.spec
  if (!isObject(spec)) return []
  if (o.kind === 'Pod') return [spec]
  if (o.kind === 'CronJob') return isObject(spec.jobTemplate?.spec?.template?.spec) ? [spec.jobTemplate.spec.template.spec] : []
  return isObject(spec.template?.spec) ? [spec.template.spec] : []
}

export interface Substitution {
  object: string
  container: string
  from: string
  to: string
}

/**
 * Puts `image` into every container (and init container) whose image is the same repository, or into
 * the named container of the primary workload. Nothing matched is an error: a deploy that changes no
 * image would report success for a version that never runs (k8s-deploy #286).
 */
export function substituteImage(objects: KubeObject[], image: string, options: { container?: string; workload?: KubeObject } = {}): Substitution[] {
  const wanted = normaliseRepository(parseImage(image).repository)
  const done: Substitution[] = []
  const seen: string[] = []
  for (const o of objects) {
    for (const pod of podSpecs(o)) {
      for (const key of ['initContainers', 'containers']) {
        const list = pod[key]
        if (!Array.isArray(list)) continue
        for (const c of list) {
          if (!isObject(c) || typeof c.image !== 'string') continue
          seen.push(`${c.name}=${c.image}`)
          const sameRepository = normaliseRepository(parseImage(c.image).repository) === wanted
          const matches = options.container && o === options.workload ? c.name === options.container : sameRepository
          if (!matches) continue
          done.push({ object: objectRef(o), container: c.name, from: c.image, to: image })
          c.image = image
        }
      }
    }
  }
  if (done.length === 0) {
    throw new GlidepathError('GP-K8S-004', `image ${image} matches no container in the manifests${options.container ? ` (container "${options.container}" of ${options.workload ? objectRef(options.workload) : 'the workload'})` : ''}. Containers seen: ${seen.join(', ') || 'none'}.`, {
      fix: 'Use the repository the manifests already name (only the tag or digest changes), or set kubernetes.container to the container that should run it.',
    })
  }
  return done
}

/** Objects without a namespace get `namespace`; objects with one keep it (several namespaces per run). */
export function assignNamespace(objects: KubeObject[], namespace: string | undefined): void {
  if (!namespace) return
  for (const o of objects) if (!isClusterScoped(o) && !o.metadata.namespace) o.metadata.namespace = namespace
}

/** Writes the traceability stamp into each object before apply: one write, no race with another run (k8s-deploy #112). */
export function stampObjects(objects: KubeObject[], stamp: Record<string, string>, environmentLabel: string, version: string): void {
  for (const o of objects) {
    o.metadata.annotations = { ...(o.metadata.annotations ?? {}), ...stamp }
    o.metadata.labels = { ...(o.metadata.labels ?? {}), [ENV_LABEL]: environmentLabel }
    const template = o.kind === 'CronJob' ? o.spec?.jobTemplate?.spec?.template : o.spec?.template
    if (isObject(template) && o.kind !== 'Pod') {
      template.metadata = isObject(template.metadata) ? template.metadata : {}
      template.metadata.annotations = { ...(template.metadata.annotations ?? {}), [VERSION_KEY]: version }
      if (labelSafe(version)) template.metadata.labels = { ...(template.metadata.labels ?? {}), [VERSION_KEY]: version }
    }
  }
}

/** A value usable as a label value (63 characters, alphanumerics with - _ . inside). */
function labelSafe(value: string): boolean {
  return /^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$/.test(value)
}

/** A label value derived from any string: readable, unique by a hash suffix when changed. */
export function labelValue(value: string, hash: string): string {
  if (labelSafe(value)) return value
  return `${value.replace(/[^A-Za-z0-9_.-]/g, '-').replace(/^[^A-Za-z0-9]+/, '').slice(0, 50)}-${hash.slice(0, 8)}`.replace(/^-/, 'x-')
}

/** Finds the primary workload: `kind/name` from the config, else the only (or first) Deployment/StatefulSet/DaemonSet. */
export function findWorkload(objects: KubeObject[], ref: string | undefined): KubeObject {
  if (ref) {
    const [kind, name] = ref.includes('/') ? ref.split('/', 2) : ['deployment', ref]
    const found = objects.find((o) => o.kind.toLowerCase() === kind.toLowerCase() && o.metadata.name === name)
    if (!found) {
      throw new GlidepathError('GP-K8S-002', `kubernetes.workload "${ref}" is not in the manifests. Workloads there: ${objects.filter(isWorkload).map(objectRef).join(', ') || 'none'}.`, {
        fix: 'Set kubernetes.workload to kind/name of a Deployment, StatefulSet or DaemonSet in the manifests.',
      })
    }
    return found
  }
  const found = objects.find(isWorkload)
  if (!found) throw new GlidepathError('GP-K8S-002', 'The manifests contain no Deployment, StatefulSet or DaemonSet.', { fix: 'Add the workload to the manifests, or set kubernetes.workload.' })
  return found
}

/** The Service in front of the workload: by name from the config, else one named like it, else one whose selector matches its pods. */
export function findService(objects: KubeObject[], workload: KubeObject, name: string | undefined): KubeObject | undefined {
  const services = objects.filter((o) => o.kind === 'Service')
  if (name) return services.find((s) => s.metadata.name === name)
  const podLabels: Record<string, string> = workload.spec?.template?.metadata?.labels ?? {}
  return services.find((s) => s.metadata.name === workload.metadata.name)
    ?? services.find((s) => isObject(s.spec?.selector) && Object.keys(s.spec.selector).length > 0 && Object.entries(s.spec.selector).every(([k, v]) => podLabels[k] === v))
}

export function clone<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T
}

/** Adds a track label to a workload's pods (and to its selector when `selector`) or to a Service's selector. */
export function addTrack(o: KubeObject, track: string, options: { selector: boolean }): void {
  if (o.kind === 'Service') {
    o.spec = { ...(o.spec ?? {}), selector: { ...(o.spec?.selector ?? {}), [TRACK_LABEL]: track } }
    return
  }
  const template = o.spec?.template
  if (isObject(template)) {
    template.metadata = isObject(template.metadata) ? template.metadata : {}
    template.metadata.labels = { ...(template.metadata.labels ?? {}), [TRACK_LABEL]: track }
  }
  if (options.selector) {
    o.spec.selector = { ...(o.spec.selector ?? {}), matchLabels: { ...(o.spec.selector?.matchLabels ?? {}), [TRACK_LABEL]: track } }
  }
}

/** A copy of the workload and its Service under `<name>-<suffix>`, selecting only their own pods. */
export function variant(workload: KubeObject, service: KubeObject | undefined, suffix: string): { workload: KubeObject; service?: KubeObject } {
  const w = clone(workload)
  w.metadata = { ...w.metadata, name: `${workload.metadata.name}-${suffix}` }
  delete w.metadata.resourceVersion
  delete w.metadata.uid
  addTrack(w, suffix, { selector: true })
  let s: KubeObject | undefined
  if (service) {
    s = clone(service)
    s.metadata = { ...s.metadata, name: `${service.metadata.name}-${suffix}` }
    if (s.spec) {
      delete s.spec.clusterIP
      delete s.spec.clusterIPs
      if (Array.isArray(s.spec.ports)) for (const p of s.spec.ports) delete p.nodePort
    }
    addTrack(s, suffix, { selector: true })
  }
  return { workload: w, service: s }
}
