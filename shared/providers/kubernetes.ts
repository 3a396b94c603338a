import { resolve } from 'node:path'
import { GlidepathError, toGlidepathError } from '../errors/index.js'
import { render } from '../template/render.js'
import { templateContext, environmentFields } from '../config/resolve.js'
import { runUrl } from '../runtime/context.js'
import type { EnvironmentState } from '../state/store.js'
import { formatDuration } from '../time/duration.js'
import { Kubectl, type KubeObject } from '../kube/kubectl.js'
import {
  loadManifests, substituteImage, assignNamespace, stampObjects, findWorkload, findService, variant, addTrack,
  isWorkload, objectRef, checkImage, clone, TRACK_LABEL, VERSION_KEY,
} from '../kube/manifests.js'
import { waitForRollouts, type RolledOut } from '../kube/rollout.js'
import { ClusterState } from '../kube/cluster-state.js'
import { clusterRouter, inPlaceKind, type Cluster } from '../traffic/cluster.js'
import { NodesRouter } from '../traffic/nodes.js'
import type { InPlaceRouter, KubeRouter } from '../traffic/types.js'
import type { CanaryStepConfig, KubernetesProviderConfig } from '../config/types.js'
import type { Observation, Provider, ProviderDeps, RolloutRequest, RolloutResult, ServedVersion, TargetLockOptions } from './types.js'
import { acquireLease, leaseName, type LeaseHandle } from '../kube/lease.js'
import { readStandby, standbyCopy, templateVersion, type Standby } from '../kube/standby.js'

// Kubernetes through kubectl (SPEC 4). Manifests are rendered here (image, namespace, stamp, track
// labels), applied in one call on stdin, and every workload is waited on under one deadline. Canary
// and blue-green run a `-canary` / `-green` copy of the primary workload and its Service; a router
// splits traffic. The rendered spec of each version is kept in the environment's state ConfigMap, so
// promote and rollback re-apply exactly what was verified.

const KIND_ORDER = ['Namespace', 'CustomResourceDefinition', 'ServiceAccount', 'Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding', 'ConfigMap', 'Secret', 'PersistentVolumeClaim', 'Service']

export function manifestList(value: string | string[] | undefined): string[] {
  const list = Array.isArray(value) ? value : (value ?? '').split(/[\n,;]/)
  return list.map((s) => s.trim()).filter(Boolean)
}

function sortForApply(objects: KubeObject[]): KubeObject[] {
  const rank = (o: KubeObject) => (KIND_ORDER.includes(o.kind) ? KIND_ORDER.indexOf(o.kind) : KIND_ORDER.length)
  return [...objects].map((o, i) => ({ o, i })).sort((a, b) => rank(a.o) - rank(b.o) || a.i - b.i).map((x) => x.o)
}

interface Rendered {
  objects: KubeObject[]
  /** The primary workload; manifests of config objects or Jobs alone have none (rolling only). */
  workload?: KubeObject
  service?: KubeObject
}

/** A live object as a manifest: what the server owns (status, uid, revision, managed fields) removed. */
function cleanLive(o: KubeObject): KubeObject {
  const c = clone(o)
  delete c.status
  for (const k of ['uid', 'resourceVersion', 'generation', 'creationTimestamp', 'managedFields', 'selfLink']) delete c.metadata[k]
  if (c.metadata.annotations) {
    delete c.metadata.annotations['deployment.kubernetes.io/revision']
    delete c.metadata.annotations['kubectl.kubernetes.io/last-applied-configuration']
  }
  return c
}

interface InventoryEntry {
  kind: string
  name: string
  namespace?: string
}

/** Two label selectors that select the same pods: the same keys with the same values. */
function sameSelector(a: Record<string, string>, b: Record<string, string>): boolean {
  const keys = Object.keys(a)
  return keys.length === Object.keys(b).length && keys.every((k) => a[k] === b[k])
}

export class KubernetesProvider implements Provider {
  readonly name = 'kubernetes'
  readonly kubectl: Kubectl
  readonly cfg: KubernetesProviderConfig
  readonly state: ClusterState
  readonly router?: KubeRouter
  /** The environment's namespace; templated, so previews can use one namespace per pull request. */
  readonly namespace: string | undefined
  private opTimeoutMs: number

  constructor(private readonly deps: ProviderDeps) {
    this.cfg = (deps.environment.config.kubernetes ?? {}) as KubernetesProviderConfig
    this.opTimeoutMs = deps.environment.timeoutMs
    this.namespace = this.cfg.namespace ? render(this.cfg.namespace, templateContext(deps.event, environmentFields(deps.environment)), 'kubernetes.namespace') : undefined
    // The config check keeps kubeconfig inside the workspace.
    const kubeconfig = this.cfg.kubeconfig ? resolve(deps.workspace, this.cfg.kubeconfig) : undefined
    this.kubectl = new Kubectl({ binary: this.cfg.kubectl, kubeconfig, context: this.cfg.context, env: deps.env, cwd: deps.workspace })
    this.state = new ClusterState(this.kubectl, this.namespace, deps.environment.name)
    this.router = clusterRouter(deps.environment.config, this.cluster())
    // What the cluster runs can be read wherever the workload can be named (the config, or the manifests).
    if (this.cfg.workload || this.cfg.manifests) this.observe = () => this.look()
  }

  /** What the cluster serves, read from the cluster (issue 35): see look(). */
  readonly observe?: () => Promise<Observation>

  /** rollback.window: a Deployment keeps the version it replaced running as `<name>-previous` (kube/standby.ts). */
  get keepsPrevious(): boolean {
    return this.primaryWorkload()?.kind === 'deployment' && !this.inPlace
  }

  /** The primary workload: named by the config, else the one the manifests hold (as a deploy finds it). */
  private primaryWorkload(): { kind: string; name: string } | undefined {
    if (this.workloadRef) return this.workloadRef
    // Read from the manifests once per run: every look (before the operation, after it, report) asks.
    if (this.manifestWorkload === undefined) {
      try {
        const objects = loadManifests(manifestList(this.cfg.manifests), this.deps.workspace)
        const w = objects.some(isWorkload) ? findWorkload(objects, undefined) : undefined
        this.manifestWorkload = w ? { kind: w.kind.toLowerCase(), name: w.metadata.name } : null
      } catch {
        this.manifestWorkload = null
      }
    }
    return this.manifestWorkload ?? undefined
  }

  private manifestWorkload?: { kind: string; name: string } | null

  /**
   * The stable workload's version (its pod template's glidepath.dev/version) and whether any of its pods
   * is ready, the -canary copy's the same way, and the canary's share as the route (or the ready pods)
   * has it now. Kubernetes restarts its own pods, so a workload with no ready pod is unhealthy, never
   * gone; one that does not exist is not served.
   */
  private async look(): Promise<Observation> {
    const ref = this.primaryWorkload()
    if (!ref) return { stable: null, canary: null }
    const timeout = Math.min(this.opTimeoutMs, 15_000)
    if (this.inPlace === 'statefulset') return this.lookPartitioned(ref.name, timeout)
    if (this.inPlace === 'daemonset') return this.lookNodes()
    const [stable, canary, standby] = await Promise.all([
      ...[ref.name, `${ref.name}-canary`].map((name) => this.kubectl.get(ref.kind, name, this.namespace, timeout)),
      this.keepsPrevious ? this.standby() : undefined,
    ])
    const served = (o: KubeObject | null | undefined, weight: number): ServedVersion | null => {
      const version = templateVersion(o)
      if (!o || version === undefined) return null
      return { version, weight, healthy: Number(o.status?.readyReplicas ?? o.status?.numberReady ?? 0) > 0, gone: false }
    }
    const canaryWeight = canary && this.router?.canaryWeight ? await this.router.canaryWeight() : 0
    const seenCanary = served(canary as KubeObject | null, canaryWeight)
    // The copy kept for the rollback window runs (a rollback checks that every replica is ready before using it).
    const warm = standby?.version && standby.replicas > 0 ? [standby.version] : []
    return {
      stable: served(stable as KubeObject | null, seenCanary ? 100 - canaryWeight : 100),
      canary: seenCanary,
      ...(this.router?.approximate ? { approximate: true } : {}),
      ...(this.keepsPrevious ? { warm } : {}),
    }
  }

  /**
   * A partitioned StatefulSet: while two revisions run, the stable version is its current revision's (read
   * from that ControllerRevision) and the canary its template's, weighted by the pods updated.
   */
  private async lookPartitioned(name: string, timeout: number): Promise<Observation> {
    const sts = await this.kubectl.get('statefulset', name, this.namespace, timeout)
    const versionOf = (template: KubeObject['spec'] | undefined) => {
      const v = template?.metadata?.annotations?.[VERSION_KEY] ?? template?.metadata?.labels?.[VERSION_KEY]
      return typeof v === 'string' ? v : undefined
    }
    const templateVersion = versionOf(sts?.spec?.template)
    if (!sts || !templateVersion) return { stable: null, canary: null }
    const status = sts.status ?? {}
    const total = Number(sts.spec?.replicas ?? 1)
    const ready = Number(status.readyReplicas ?? 0)
    if (!status.updateRevision || status.updateRevision === status.currentRevision) {
      return { stable: { version: templateVersion, weight: 100, healthy: ready > 0, gone: false }, canary: null }
    }
    const revision = status.currentRevision ? await this.kubectl.get('controllerrevision', status.currentRevision, this.namespace, timeout) : undefined
    const stableVersion = versionOf(revision?.data?.spec?.template) ?? null
    const weight = total > 0 ? Math.round((100 * Number(status.updatedReplicas ?? 0)) / total) : 0
    return {
      stable: stableVersion ? { version: stableVersion, weight: 100 - weight, healthy: ready > 0, gone: false } : null,
      canary: { version: templateVersion, weight, healthy: ready > 0, gone: false },
      approximate: true,
    }
  }

  /** A DaemonSet updated node by node: the newest revision's pods are the canary while the update is stepped. */
  private async lookNodes(): Promise<Observation> {
    const seen = await (this.router as NodesRouter).seen()
    if (!seen) return { stable: null, canary: null }
    if (seen.weight === 0) return { stable: { version: seen.template, weight: 100, healthy: seen.ready > 0, gone: false }, canary: null }
    return {
      stable: seen.older ? { version: seen.older, weight: 100 - seen.weight, healthy: seen.ready > 0, gone: false } : null,
      canary: { version: seen.template, weight: seen.weight, healthy: seen.ready > 0, gone: false },
      approximate: true,
    }
  }

  private get workloadRef(): { kind: string; name: string } | undefined {
    if (!this.cfg.workload) return undefined
    const [kind, name] = this.cfg.workload.includes('/') ? this.cfg.workload.split('/', 2) : ['deployment', this.cfg.workload]
    return { kind: kind.toLowerCase(), name }
  }

  /**
   * A StatefulSet's canary moves its partition (traffic/partition.ts) rather than running a -canary copy
   * with volumes of its own; a DaemonSet's updates node group by node group (traffic/nodes.ts) rather than
   * running the agent twice on every node.
   */
  private get inPlace(): 'statefulset' | 'daemonset' | undefined {
    return inPlaceKind(this.deps.environment.config, { workload: this.workloadRef })
  }

  /** The canary's steps with the weights the cluster gives them (a partition's or a node group's share), checked against it. */
  async resolveSteps(steps: CanaryStepConfig[]): Promise<CanaryStepConfig[]> {
    const router = this.router as InPlaceRouter | undefined
    return this.inPlace && router ? router.resolve(steps) : steps
  }

  /** The replicas of the primary workload in the manifests (what a rollout will have), when they can be read without the cluster. */
  private plannedReplicas(): number | undefined {
    if (!this.cfg.manifests || !this.workloadRef) return undefined
    try {
      const w = findWorkload(loadManifests(manifestList(this.cfg.manifests), this.deps.workspace), `${this.workloadRef.kind}/${this.workloadRef.name}`)
      return w.spec?.replicas === undefined ? 1 : Number(w.spec.replicas)
    } catch {
      return undefined
    }
  }

  private get routed(): boolean {
    const router = this.deps.environment.config.traffic?.router
    return router === 'gateway-api' || router === 'nginx-ingress'
  }

  /** The cluster as its router sees it (traffic/cluster.ts builds the router the config names over it). */
  private cluster(): Cluster {
    const ref = this.workloadRef
    return {
      kubectl: this.kubectl,
      namespace: this.namespace,
      workload: ref,
      service: this.cfg.service ?? ref?.name,
      memory: (key) => ({
        load: async <T>() => this.state.getJson<T>(key, this.opTimeoutMs),
        save: async (value) => this.state.set({ [key]: value === undefined ? undefined : JSON.stringify(value) }, this.opTimeoutMs),
      }),
      timeoutMs: () => this.opTimeoutMs,
      log: (m) => this.deps.log.info(m),
      plannedReplicas: () => this.plannedReplicas(),
    }
  }

  /**
   * The manifests for `version`, ready to apply: image, namespace, stamp and track labels. The deploy
   * renders again under the lock (set-image mode reads the live workload), so its preflight is quiet.
   */
  async render(version: string, image: string | undefined, quiet = false): Promise<Rendered> {
    const objects = this.cfg.manifests ? loadManifests(manifestList(this.cfg.manifests), this.deps.workspace) : await this.liveObjects()
    const workload = this.cfg.workload || objects.some(isWorkload) ? findWorkload(objects, this.cfg.workload) : undefined
    if (image) {
      checkImage(image)
      const changes = substituteImage(objects, image, { container: this.cfg.container, workload })
      if (!quiet) for (const c of changes) this.deps.log.info(`  image ${c.object} ${c.container}: ${c.from} -> ${c.to}`)
    }
    assignNamespace(objects, this.namespace)
    const ctx = this.deps.event
    const stamp: Record<string, string> = {
      'glidepath.dev/version': version,
      'glidepath.dev/environment': this.deps.environment.name,
      'glidepath.dev/sha': ctx.sha,
      'glidepath.dev/ref': ctx.ref,
      'glidepath.dev/actor': ctx.actor,
      'glidepath.dev/workflow': ctx.workflow,
      'glidepath.dev/run-url': runUrl(ctx) ?? '',
      'glidepath.dev/deployed-at': new Date().toISOString(),
    }
    for (const k of Object.keys(stamp)) if (!stamp[k]) delete stamp[k]
    const ns = this.namespace
    if (this.cfg.createNamespace && ns && !objects.some((o) => o.kind === 'Namespace' && o.metadata.name === ns)) {
      objects.unshift({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } })
    }
    stampObjects(objects, stamp, this.state.environmentLabel, version)
    const service = workload ? findService(objects, workload, this.cfg.service) : undefined
    if (this.routed && workload) {
      // The stable Service must not reach canary pods once a router splits traffic.
      addTrack(workload, 'stable', { selector: false })
      if (service) addTrack(service, 'stable', { selector: false })
    }
    return { objects: sortForApply(objects), workload, service }
  }

  private get failFastMs(): number | undefined {
    return this.deps.environment.durations.failFast
  }

  /**
   * Without manifests (set-image mode): the live workload and its Service, read from the cluster and
   * cleaned of server-owned fields, stand in for them. Only the image and the stamp change.
   */
  private async liveObjects(): Promise<KubeObject[]> {
    const ref = this.workloadRef
    if (!ref) throw new GlidepathError('GP-K8S-002', 'Without kubernetes.manifests, kubernetes.workload names the workload whose image is set.', { fix: 'Set kubernetes.manifests, or kubernetes.workload (e.g. deployment/web).' })
    const live = await this.kubectl.get(ref.kind, ref.name, this.namespace, this.opTimeoutMs)
    if (!live) {
      throw new GlidepathError('GP-K8S-002', `${ref.kind}/${ref.name}${this.namespace ? ` in ${this.namespace}` : ''} does not exist, and there are no manifests to create it from.`, {
        fix: 'Create the workload first, or set kubernetes.manifests.',
      })
    }
    const service = await this.kubectl.get('service', this.cfg.service ?? ref.name, this.namespace, this.opTimeoutMs)
    return [live, ...(service ? [service] : [])].map(cleanLive)
  }

  /** What the deploy's applyAndWait calls rolled out, by object (for the record and the summary). */
  private rolledOut = new Map<string, RolledOut>()

  /** Applies objects and waits for every workload among them, under one deadline. */
  private async applyAndWait(objects: KubeObject[], timeoutMs: number, what: string): Promise<void> {
    const started = Date.now()
    this.deps.log.info(`Applying ${objects.length} object(s) for ${what}: ${objects.map(objectRef).join(', ')}`)
    const applied = await this.kubectl.apply(objects, { timeoutMs, serverSide: this.cfg.serverSide, what: `kubectl apply (${what})` })
    await this.remember(objects)
    const workloads = applied.filter(isWorkload).map((o) => ({ kind: o.kind, name: o.metadata.name, namespace: o.metadata.namespace }))
    const done = await waitForRollouts(this.kubectl, workloads, { timeoutMs: Math.max(1000, timeoutMs - (Date.now() - started)), failFastMs: this.failFastMs, log: (m) => this.deps.log.info(m) })
    for (const d of done) this.rolledOut.set(d.object, d)
  }

  private async remember(objects: KubeObject[]): Promise<void> {
    const inventory = (await this.state.getJson<InventoryEntry[]>('inventory', this.opTimeoutMs)) ?? []
    const key = (e: InventoryEntry) => `${e.kind}/${e.namespace ?? ''}/${e.name}`
    const known = new Set(inventory.map(key))
    const added = objects.map((o) => ({ kind: o.kind, name: o.metadata.name, namespace: o.metadata.namespace })).filter((e) => !known.has(key(e)))
    if (added.length > 0) await this.state.set({ inventory: JSON.stringify([...inventory, ...added]) }, this.opTimeoutMs)
  }

  private variantObjects(rendered: Rendered, suffix: 'canary' | 'green'): KubeObject[] {
    if (!rendered.workload) throw new GlidepathError('GP-K8S-002', 'The manifests contain no Deployment, StatefulSet or DaemonSet to copy.', { fix: 'Add the workload to the manifests, or use strategy rolling.' })
    const v = variant(rendered.workload, rendered.service, suffix)
    return v.service ? [v.service, v.workload] : [v.workload]
  }

  private async deleteVariant(suffix: 'canary' | 'green', version: string | null): Promise<void> {
    const ref = this.workloadRef ?? (version ? await this.recordedWorkload(version) : undefined)
    if (!ref) return
    const service = this.cfg.service ?? ref.name
    await this.kubectl.delete(ref.kind, `${ref.name}-${suffix}`, this.namespace, this.opTimeoutMs)
    await this.kubectl.delete('service', `${service}-${suffix}`, this.namespace, this.opTimeoutMs)
  }

  private async recordedWorkload(version: string): Promise<{ kind: string; name: string } | undefined> {
    const spec = await this.state.loadSpec(version, this.opTimeoutMs)
    const w = spec?.find(isWorkload)
    return w ? { kind: w.kind.toLowerCase(), name: w.metadata.name } : undefined
  }

  async preflight(request: RolloutRequest): Promise<void> {
    this.opTimeoutMs = request.timeoutMs
    const rendered = await this.render(request.version, request.image, true)
    if (request.strategy !== 'rolling' && !rendered.workload) {
      throw new GlidepathError('GP-K8S-002', `strategy ${request.strategy} needs a Deployment, StatefulSet or DaemonSet in the manifests.`, { fix: 'Add the workload to the manifests, or use strategy rolling.' })
    }
    if (request.strategy === 'canary' && !this.router) {
      throw new GlidepathError('GP-PROVIDER-006', 'A canary on Kubernetes needs a traffic router: traffic.router gateway-api (with gatewayApi.route), nginx-ingress (with ingress) or replicas.', {
        fix: `Add a traffic section to environments.${this.deps.environment.key}, or use strategy rolling.`,
      })
    }
    if (this.routed && request.strategy !== 'rolling' && !rendered.service) {
      throw new GlidepathError('GP-K8S-002', `No Service in the manifests selects ${objectRef(rendered.workload as KubeObject)}; a ${request.strategy} through ${this.router?.name} needs one.`, {
        fix: 'Add the Service to the manifests, or name it with kubernetes.service.',
      })
    }
    if (!this.cfg.workload && request.strategy !== 'rolling') {
      throw new GlidepathError('GP-CONFIG-006', `strategy ${request.strategy} on Kubernetes needs kubernetes.workload (kind/name of the workload to copy as -canary or -green).`, {
        fix: `Set kubernetes.workload, e.g. workload: deployment/${rendered.workload?.metadata.name ?? 'web'}.`,
      })
    }
    const expected = this.cfg.service ?? this.workloadRef?.name
    if (this.routed && rendered.service && rendered.service.metadata.name !== expected) {
      throw new GlidepathError('GP-CONFIG-006', `Service ${rendered.service.metadata.name} fronts ${objectRef(rendered.workload as KubeObject)} but is named differently, so the router would look for ${expected}.`, {
        fix: `Set kubernetes.service: ${rendered.service.metadata.name} in environments.${this.deps.environment.key}.`,
      })
    }
    if (this.router && request.strategy !== 'rolling') await this.router.check()
    // A partition beyond the replicas, or a node selector matching no node, is refused before anything changes.
    if (request.strategy === 'canary' && request.previousVersion) await this.resolveSteps(this.deps.environment.config.canary?.steps ?? [])
  }

  async deploy(request: RolloutRequest): Promise<RolloutResult> {
    this.opTimeoutMs = request.timeoutMs
    this.rolledOut.clear()
    const resources = () => ({ resources: [...this.rolledOut.values()].slice(0, 20) })
    const started = Date.now()
    const left = () => Math.max(1000, request.timeoutMs - (Date.now() - started))
    const rendered = await this.render(request.version, request.image)
    // The namespace first: the state ConfigMap that records the spec lives in it.
    const ownNamespace = rendered.objects.filter((o) => o.kind === 'Namespace' && o.metadata.name === this.namespace)
    if (ownNamespace.length > 0) await this.kubectl.apply(ownNamespace, { timeoutMs: request.timeoutMs, serverSide: this.cfg.serverSide, what: `kubectl apply namespace/${this.namespace}` })
    await this.state.saveSpec(request.version, rendered.objects, request.timeoutMs)
    if (request.strategy === 'rolling' || (request.strategy === 'canary' && !request.previousVersion)) {
      if (request.strategy === 'canary') this.deps.log.info(`No stable version yet: ${request.version} is deployed as stable and as canary.`)
      // rollback.window: the Deployment as it serves now is what the copy kept for the window runs.
      const before = request.strategy === 'rolling' && request.keepPrevious && request.previousVersion ? await this.servingNow(left()) : undefined
      try {
        await this.applyAndWait(rendered.objects, left(), `${request.version}`)
      } catch (e) {
        await this.restorePrevious(request.previousVersion, e)
        throw e
      }
      if (request.strategy === 'rolling') {
        await this.serviceOffStandby(rendered, left())
        const kept = before && request.previousVersion ? await this.keepStandby(before, rendered.service, request.previousVersion, left()) : undefined
        return { ...resources(), ...(kept ? { standby: kept } : {}) }
      }
    }
    if (request.strategy === 'canary' && this.inPlace) {
      // The new revision applied without a pod changing (a StatefulSet's partition at its replica count, a
      // DaemonSet's update on delete); the first weight then updates the first ordinals or nodes.
      const objects = clone(rendered.objects)
      const kind = this.inPlace === 'statefulset' ? 'StatefulSet' : 'DaemonSet'
      const w = objects.find((o) => o.kind === kind && o.metadata.name === this.workloadRef?.name) as KubeObject
      const total = Number(w.spec?.replicas ?? 1)
      w.spec = { ...w.spec, updateStrategy: kind === 'StatefulSet' ? { type: 'RollingUpdate', rollingUpdate: { partition: total } } : { type: 'OnDelete' } }
      await this.applyAndWait(objects, left(), `${request.version} (${kind === 'StatefulSet' ? `partition ${total}` : 'update on delete'}: no pod updated yet)`)
      this.opTimeoutMs = left()
      await this.router!.setWeight(request.canaryWeight, { stable: request.previousVersion, canary: request.version })
      return resources()
    }
    const suffix = request.strategy === 'canary' ? 'canary' : 'green'
    if (request.previousVersion) await this.ensureStableTracked(request.previousVersion, left())
    try {
      await this.applyAndWait(this.variantObjects(rendered, suffix), left(), `${request.version} as -${suffix}`)
    } catch (e) {
      this.deps.log.warning(`${request.version} did not become ready as -${suffix}; removing it. The stable version was not touched.`)
      await this.deleteVariant(suffix, request.version).catch(() => undefined)
      throw e
    }
    if (request.strategy === 'canary') {
      this.opTimeoutMs = left()
      await this.router!.setWeight(request.canaryWeight, { stable: request.previousVersion, canary: request.version })
      return resources()
    }
    // Blue-green: the verified green copy takes all traffic while the stable workload is replaced.
    this.opTimeoutMs = left()
    if (this.router && this.routed) await this.router.setWeight(100, { stable: request.previousVersion, canary: request.version })
    try {
      await this.applyAndWait(rendered.objects, left(), `${request.version} (blue-green switch)`)
    } catch (e) {
      if (this.router && this.routed) await this.router.restore(this.opTimeoutMs).catch(() => undefined)
      await this.restorePrevious(request.previousVersion, e)
      await this.deleteVariant('green', request.version).catch(() => undefined)
      throw e
    }
    if (this.router && this.routed) await this.router.restore(this.opTimeoutMs)
    await this.deleteVariant('green', request.version)
    return { slot: 'green', ...resources() }
  }

  /**
   * A stable version deployed before the environment had a router selects every pod of the app, the
   * canary's too. Before the first split it is re-applied (same version) with the stable track label.
   */
  private async ensureStableTracked(previous: string, timeoutMs: number): Promise<void> {
    const name = this.cfg.service ?? this.workloadRef?.name
    if (!this.routed || !name) return
    const live = await this.kubectl.get('service', name, this.namespace, timeoutMs)
    if (!live || live.spec?.selector?.[TRACK_LABEL] === 'stable') return
    const spec = await this.state.loadSpec(previous, timeoutMs)
    if (!spec) {
      this.deps.log.warning(`Service ${name} also selects canary pods (no ${TRACK_LABEL} in its selector) and ${previous} has no recorded spec to re-apply; the split will be approximate until the next stable deploy.`)
      return
    }
    const workload = spec.find((o) => isWorkload(o) && o.metadata.name === this.workloadRef?.name)
    const service = spec.find((o) => o.kind === 'Service' && o.metadata.name === name)
    if (workload) addTrack(workload, 'stable', { selector: false })
    if (service) addTrack(service, 'stable', { selector: false })
    this.deps.log.info(`Re-applying ${previous} with the ${TRACK_LABEL}=stable label so its Service stops selecting canary pods.`)
    await this.applyAndWait(spec, timeoutMs, `${previous} (stable track)`)
    await this.state.saveSpec(previous, spec, timeoutMs)
  }

  /** After a failed rollout, puts the recorded spec of the previous version back (its own time budget). */
  private async restorePrevious(previous: string | null, cause: unknown): Promise<void> {
    if (this.cfg.restoreOnFailure === false || !previous) return
    const spec = await this.state.loadSpec(previous, this.opTimeoutMs).catch(() => undefined)
    if (!spec) {
      this.deps.log.warning(`No recorded spec for ${previous}; the failed rollout is left as it is (roll back with the rollback action).`)
      return
    }
    const budget = this.deps.environment.durations.rollbackTimeout
    this.deps.log.warning(`${toGlidepathError(cause).code}: restoring ${previous} from its recorded spec (budget ${formatDuration(budget)}).`)
    try {
      await this.applyAndWait(clone(spec), budget, `restore ${previous}`)
      this.deps.log.info(`${previous} serves again; the failed version was rolled back.`)
    } catch (e) {
      this.deps.log.warning(`Restoring ${previous} failed too: ${toGlidepathError(e).message}`)
    }
  }

  async setCanaryWeight(version: string, weight: number, timeoutMs: number): Promise<void> {
    this.opTimeoutMs = timeoutMs
    if (!this.router) throw new GlidepathError('GP-PROVIDER-006', 'No traffic router to set a canary weight with.', { fix: 'Add a traffic section (gateway-api, nginx-ingress or replicas).' })
    await this.router.setWeight(weight, { stable: null, canary: version })
  }

  async promote(version: string, timeoutMs: number, opts?: { keepPrevious?: boolean }): Promise<void> {
    this.opTimeoutMs = timeoutMs
    const spec = await this.state.loadSpec(version, timeoutMs)
    if (!spec) {
      throw new GlidepathError('GP-K8S-007', `No recorded spec for ${version} in ConfigMap ${this.state.name}; it cannot be promoted.`, {
        fix: 'Deploy the version again (the deploy records its spec), then promote.',
      })
    }
    const before = opts?.keepPrevious && this.keepsPrevious ? await this.servingNow(timeoutMs) : undefined
    const ref = this.primaryWorkload()
    const service = spec.find((o) => o.kind === 'Service' && o.metadata.name === (this.cfg.service ?? ref?.name))
    // Stable first, so traffic moves back only to pods already running the new version.
    await this.applyAndWait(spec, timeoutMs, `promote ${version}`)
    await this.settleNodes(spec, version)
    // Putting the route back as it was is what takes the canary's traffic away.
    if (this.router) await this.router.restore(timeoutMs)
    await this.deleteVariant('canary', version)
    const previous = templateVersion(before)
    if (before && previous && previous !== version) await this.keepStandby(before, service, previous, timeoutMs)
  }

  /** The primary Deployment as it serves now (what a rollback window's copy will run). */
  private async servingNow(timeoutMs: number): Promise<KubeObject | undefined> {
    const ref = this.primaryWorkload()
    if (ref?.kind !== 'deployment') return undefined
    return (await this.kubectl.get('deployment', ref.name, this.namespace, timeoutMs)) ?? undefined
  }

  /**
   * rollback.window: `version`, which the Deployment ran before this rollout, keeps running as
   * `<name>-previous`, labelled so that `service` (as this rollout leaves it) does not select it. Not
   * waited on: a rollback checks it is ready before it takes traffic. A failure here leaves the new version
   * serving and only costs the fast rollback.
   */
  private async keepStandby(live: KubeObject, service: KubeObject | undefined, version: string, timeoutMs: number): Promise<string | undefined> {
    if (templateVersion(live) !== version || !service?.spec?.selector) {
      this.deps.log.info(`rollback.window: ${service?.spec?.selector ? `deployment/${live.metadata.name} ran ${templateVersion(live) ?? 'an unstamped template'}, not ${version}` : `the manifests have no Service with a selector for deployment/${live.metadata.name} to switch back with`}; nothing kept.`)
      return undefined
    }
    try {
      const copy = standbyCopy(cleanLive(live), service)
      await this.kubectl.apply([copy], { timeoutMs, serverSide: this.cfg.serverSide, what: `kubectl apply (${version} kept as deployment/${copy.metadata.name})` })
      await this.remember([copy])
      await this.state.set({ standby: JSON.stringify({ name: live.metadata.name, version }) }, timeoutMs)
      this.deps.log.info(`${version} keeps running as deployment/${copy.metadata.name} (${copy.spec.replicas ?? 1} replica(s)); Service ${service.metadata.name} does not select it until a rollback within the window.`)
      return version
    } catch (e) {
      this.deps.log.warning(`rollback.window: could not keep ${version} running (${toGlidepathError(e).message}); a rollback to it starts it again.`)
      return undefined
    }
  }

  /** The copy kept for the rollback window, when the state names one (no cluster call otherwise). */
  private async standby(): Promise<Standby | undefined> {
    const kept = await this.state.getJson<{ name: string; version: string }>('standby', this.opTimeoutMs)
    return kept ? readStandby(this.kubectl, kept.name, this.namespace, this.opTimeoutMs) : undefined
  }

  /** Removes the copy kept for the rollback window (a rollback used it, or its window ended). */
  private async dropStandby(s: Standby): Promise<void> {
    await this.kubectl.delete('deployment', s.name, this.namespace, this.opTimeoutMs)
    await this.state.set({ standby: undefined }, this.opTimeoutMs)
  }

  /** The copy kept for the window stops when the state no longer names its version. */
  async prune(keep: string[]): Promise<void> {
    const s = await this.standby()
    if (!s) {
      if (await this.state.get('standby', this.opTimeoutMs)) await this.state.set({ standby: undefined }, this.opTimeoutMs)
      return
    }
    if (s.version && keep.includes(s.version)) return
    await this.dropStandby(s)
    this.deps.log.info(`deployment/${s.name} (${s.version ?? 'unknown version'}, kept for the rollback window) was removed.`)
  }

  /**
   * Within the rollback window: every replica of the copy kept for `to` is ready, so the Service selects
   * its pods (one change: traffic is back on `to`), then the Deployment rolls back under that cover and
   * the Service moves back to it. Returns false, changing nothing, when there is no such copy ready.
   */
  private async rollbackWithinWindow(to: string, spec: KubeObject[], timeoutMs: number): Promise<boolean> {
    const s = await this.standby()
    if (!s) return false
    if (s.version !== to || !s.service || Object.keys(s.selector).length === 0) {
      this.deps.log.info(`deployment/${s.name} keeps ${s.version ?? 'another version'} for the rollback window, not ${to}: rolling back the usual way.`)
      return false
    }
    if (!s.settled) {
      this.deps.log.warning(`deployment/${s.name} (kept for the rollback window) has ${s.ready} of ${s.replicas} replica(s) ready: traffic is not moved to a version that is not ready; rolling back the usual way.`)
      return false
    }
    const live = await this.kubectl.get('service', s.service, this.namespace, timeoutMs)
    if (!live?.spec?.selector) return false
    const started = Date.now()
    await this.kubectl.patchMerge('service', s.service, this.namespace, { spec: { selector: s.selector } }, timeoutMs)
    this.deps.log.info(`${to} serves again: Service ${s.service} selects deployment/${s.name} (${s.ready}/${s.replicas} ready, kept by rollback.window), switched in ${Date.now() - started} ms. deployment/${s.deployment} now rolls back to ${to} behind it.`)
    const service = spec.find((o) => o.kind === 'Service' && o.metadata.name === s.service)
    try {
      await this.applyAndWait(spec.filter((o) => o !== service), timeoutMs, `rollback to ${to} (traffic on deployment/${s.name} meanwhile)`)
    } catch (e) {
      this.deps.log.warning(`Traffic stays on deployment/${s.name}, which serves ${to}; run the rollback again once the Deployment can roll back.`)
      throw e
    }
    // The Service as recorded for `to` (or as it was) selects the rolled-back Deployment again; then the copy goes.
    await this.selectAgain(s.service, { ...live.spec.selector, ...s.selector }, service?.spec?.selector ?? live.spec.selector, timeoutMs)
    await this.dropStandby(s)
    return true
  }

  /**
   * Puts a Service's selector back (a merge patch that also drops keys the target lacks). Not an apply:
   * kubectl's three-way merge leaves a field alone when the manifest did not change it, whatever the live
   * object holds, so applying the recorded Service would leave it on the copy.
   */
  private async selectAgain(service: string, current: Record<string, string>, target: Record<string, string>, timeoutMs: number): Promise<void> {
    const patch: Record<string, string | null> = Object.fromEntries(Object.keys(current).filter((k) => !(k in target)).map((k) => [k, null]))
    await this.kubectl.patchMerge('service', service, this.namespace, { spec: { selector: { ...patch, ...target } } }, timeoutMs)
  }

  /**
   * After a rolling deploy, when a copy is kept for the rollback window: a Service a rollback left on the
   * copy (its Deployment never became ready again) selects the Deployment, which now serves this version.
   */
  private async serviceOffStandby(rendered: Rendered, timeoutMs: number): Promise<void> {
    if (!rendered.service?.spec?.selector || !(await this.state.get('standby', timeoutMs))) return
    const name = rendered.service.metadata.name
    const live = await this.kubectl.get('service', name, this.namespace, timeoutMs)
    const current = (live?.spec?.selector ?? {}) as Record<string, string>
    const target = rendered.service.spec.selector as Record<string, string>
    if (!live || sameSelector(current, target)) return
    this.deps.log.warning(`Service ${name} still selected the copy kept for the rollback window (a rollback did not finish); it selects its Deployment again.`)
    await this.selectAgain(name, current, target, timeoutMs)
  }

  async abort(version: string | null, timeoutMs: number): Promise<void> {
    this.opTimeoutMs = timeoutMs
    if (this.inPlace && this.router) {
      // The updated ordinals or nodes go back: the stable version's recorded spec, every pod on its revision.
      const router = this.router as InPlaceRouter
      const what = this.inPlace === 'statefulset' ? 'ordinal' : 'node'
      const stable = await router.stable()
      const spec = stable ? await this.state.loadSpec(stable, timeoutMs) : undefined
      if (spec) {
        await this.applyAndWait(clone(spec), timeoutMs, `abort: every ${what} back on ${stable}`)
        await this.settleNodes(spec, stable as string)
      }
      else if (stable || version) this.deps.log.warning(`No recorded spec for the stable version${stable ? ` ${stable}` : ''}: the ${this.inPlace === 'statefulset' ? 'StatefulSet keeps its partition' : 'DaemonSet keeps its updated nodes'}; roll back with the rollback action.`)
      await router.restore(timeoutMs)
      return
    }
    // The route's original weights (canary at 0 or absent) in one patch, then the canary goes.
    if (this.router) await this.router.restore(timeoutMs)
    await this.deleteVariant('canary', version)
  }

  /**
   * A DaemonSet whose own manifests update on delete: re-applying a spec changes no pod, so after a
   * promote or an abort the pods not on its revision are replaced here, every node, and waited for.
   */
  private async settleNodes(spec: KubeObject[], version: string): Promise<void> {
    if (!(this.router instanceof NodesRouter)) return
    const ds = spec.find((o) => o.kind === 'DaemonSet' && o.metadata.name === this.workloadRef?.name)
    if (ds?.spec?.updateStrategy?.type !== 'OnDelete') return
    this.deps.log.info(`daemonset/${ds.metadata.name} updates on delete (its manifests): every node's pod is replaced with ${version}'s now.`)
    await this.router.setWeight(100, { stable: null, canary: version })
  }

  async rollback(to: string, from: string | null, timeoutMs: number): Promise<void> {
    this.opTimeoutMs = timeoutMs
    void from
    const spec = await this.state.loadSpec(to, timeoutMs)
    if (spec) {
      if (await this.rollbackWithinWindow(to, spec, timeoutMs)) return
      await this.applyAndWait(spec, timeoutMs, `rollback to ${to}`)
      // A copy kept for a window that was not used (not ready, another version) has nothing left to keep.
      const unused = await this.standby()
      if (unused) await this.dropStandby(unused)
      return
    }
    const ref = this.workloadRef
    if (!ref || ref.kind !== 'deployment') {
      throw new GlidepathError('GP-K8S-007', `No recorded spec for ${to} in ConfigMap ${this.state.name}, and no Deployment to undo.`, {
        fix: `Deploy ${to} again with the deploy action (or set kubernetes.workload so rollout history can be used).`,
      })
    }
    this.deps.log.warning(`No recorded spec for ${to}: using the rollout history of deployment/${ref.name} (kubectl rollout undo).`)
    await this.kubectl.run(['rollout', 'undo', `deployment/${ref.name}`, ...(this.namespace ? ['-n', this.namespace] : [])], { timeoutMs, what: 'kubectl rollout undo' })
    await waitForRollouts(this.kubectl, [{ kind: 'deployment', name: ref.name, namespace: this.namespace }], { timeoutMs, log: (m) => this.deps.log.info(m) })
  }

  async teardown(timeoutMs: number): Promise<void> {
    this.opTimeoutMs = timeoutMs
    const inventory = (await this.state.getJson<InventoryEntry[]>('inventory', timeoutMs)) ?? []
    if (this.router) await this.router.restore(timeoutMs).catch(() => undefined)
    // Namespaces last: deleting one takes everything in it, the state ConfigMap included.
    const ordered = [...inventory].reverse().sort((a, b) => Number(a.kind === 'Namespace') - Number(b.kind === 'Namespace'))
    for (const e of ordered) {
      if (e.kind === 'Namespace' && !this.cfg.deleteNamespaces && !(this.cfg.createNamespace && e.name === this.namespace)) continue
      if (e.kind === 'Namespace') await this.state.remove(timeoutMs)
      await this.kubectl.delete(e.kind, e.name, e.namespace, timeoutMs)
    }
    await this.state.remove(timeoutMs)
  }

  async lock(options: TargetLockOptions): Promise<LeaseHandle> {
    return acquireLease(this.kubectl, this.namespace, leaseName(this.state.name), options)
  }

  async loadState(): Promise<EnvironmentState | undefined> {
    return this.state.loadEnvironment(this.opTimeoutMs)
  }

  async saveState(state: EnvironmentState): Promise<void> {
    await this.state.saveEnvironment(state, this.opTimeoutMs)
  }
}
