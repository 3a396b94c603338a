import { GlidepathError, type Problem } from '../errors/index.js'
import { formatDuration, sleep } from '../time/duration.js'
import { nsArgs, type Kubectl, type KubeObject, type KubeList } from './kubectl.js'
import { objectRef, NODES_UPDATED_KEY } from './manifests.js'

// Waiting for workloads to roll out, all under one deadline, and saying why when they do not: the
// waiting/terminated reasons of the new pods and the latest Warning events (k8s-deploy #288 asked for
// "ImagePullBackOff" instead of "rollout status error"). Everything is read as JSON, never scraped.

export interface WaitOptions {
  /** Every workload must be ready within this, counted from the call. */
  timeoutMs: number
  pollMs?: number
  /** A pod stuck in a reason that does not heal by itself fails the wait after this long. */
  failFastMs?: number
  log?: (message: string) => void
}

const STUCK_REASONS = new Set([
  'ImagePullBackOff', 'ErrImagePull', 'ErrImageNeverPull', 'InvalidImageName', 'CrashLoopBackOff',
  'CreateContainerConfigError', 'CreateContainerError', 'RunContainerError',
])

type Json = Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any

export interface Readiness {
  ready: boolean
  /** A failure the controller itself reports (progress deadline exceeded). */
  failed?: string
  /** Pods cannot even be created (a quota, an admission webhook, a missing service account): the
   * controller says so on the workload; it heals only if someone changes the cluster. */
  blocked?: string
  summary: string
}

/** Whether a workload's latest spec is fully rolled out, from its status alone. */
export function readiness(o: KubeObject): Readiness {
  const spec: Json = o.spec ?? {}
  const status: Json = o.status ?? {}
  const observed = (status.observedGeneration ?? 0) >= (o.metadata.generation ?? 0)
  if (o.kind === 'Deployment') {
    const want = spec.replicas ?? 1
    const progressing = (status.conditions ?? []).find((c: Json) => c.type === 'Progressing')
    const failed = progressing?.status === 'False' && progressing.reason === 'ProgressDeadlineExceeded' ? `${progressing.reason}: ${progressing.message ?? ''}`.trim() : undefined
    const ready = observed && (status.updatedReplicas ?? 0) >= want && (status.replicas ?? 0) === (status.updatedReplicas ?? 0) && (status.availableReplicas ?? 0) >= want
    const replicaFailure = (status.conditions ?? []).find((c: Json) => c.type === 'ReplicaFailure' && c.status === 'True')
    const blocked = replicaFailure ? `${replicaFailure.reason ?? 'ReplicaFailure'}: ${replicaFailure.message ?? ''}`.trim() : undefined
    return { ready, failed, blocked, summary: `${status.updatedReplicas ?? 0}/${want} updated, ${status.availableReplicas ?? 0} available` }
  }
  if (o.kind === 'StatefulSet') {
    const want = spec.replicas ?? 1
    const onDelete = spec.updateStrategy?.type === 'OnDelete'
    // A partition holds the ordinals below it on the old revision: rolled out once those at or above it are updated.
    const partition = Number(spec.updateStrategy?.rollingUpdate?.partition ?? 0)
    const updatedEnough = partition > 0 ? (status.updatedReplicas ?? 0) >= Math.max(0, want - partition) : (status.updatedReplicas ?? 0) >= want && status.currentRevision === status.updateRevision
    const ready = observed && (status.readyReplicas ?? 0) >= want && (onDelete || updatedEnough)
    return { ready, summary: `${status.updatedReplicas ?? 0}/${want} updated${partition > 0 ? ` (partition ${partition})` : ''}, ${status.readyReplicas ?? 0} ready` }
  }
  if (o.kind === 'DaemonSet') {
    const want = status.desiredNumberScheduled ?? 0
    // Updated node by node (OnDelete): rolled out once the nodes of the step are (glidepath.dev/nodes-updated), every pod available.
    const stepped = spec.updateStrategy?.type === 'OnDelete' ? Number(o.metadata.annotations?.[NODES_UPDATED_KEY] ?? 0) : undefined
    const ready = observed && (status.updatedNumberScheduled ?? 0) >= Math.min(want, stepped ?? want) && (status.numberAvailable ?? 0) >= want
    return { ready, summary: `${status.updatedNumberScheduled ?? 0}/${want} updated${stepped !== undefined ? ` (${stepped} by this step)` : ''}, ${status.numberAvailable ?? 0} available` }
  }
  return { ready: true, summary: 'no rollout' }
}

interface PodTrouble {
  pod: string
  container: string
  reason: string
  message: string
}

/** The pods of the workload's newest revision, and what keeps each from being ready. */
async function podTroubles(kubectl: Kubectl, workload: KubeObject, timeoutMs: number): Promise<{ troubles: PodTrouble[]; involved: string[] }> {
  const ns = workload.metadata.namespace
  const matchLabels: Record<string, string> = workload.spec?.selector?.matchLabels ?? {}
  const selector = Object.entries(matchLabels).map(([k, v]) => `${k}=${v}`).join(',')
  let owners = new Set<string>([workload.metadata.uid ?? ''])
  const involved = [workload.metadata.name]
  if (workload.kind === 'Deployment') {
    const sets = (await kubectl.list('replicasets', ns, timeoutMs, selector || undefined))
      .filter((rs) => rs.metadata.ownerReferences?.some((r) => r.uid === workload.metadata.uid))
    const revision = workload.metadata.annotations?.['deployment.kubernetes.io/revision']
    const newest = sets.find((rs) => rs.metadata.annotations?.['deployment.kubernetes.io/revision'] === revision)
      ?? sets.sort((a, b) => Number(b.metadata.annotations?.['deployment.kubernetes.io/revision'] ?? 0) - Number(a.metadata.annotations?.['deployment.kubernetes.io/revision'] ?? 0))[0]
    owners = new Set(newest?.metadata.uid ? [newest.metadata.uid] : [])
    if (newest) involved.push(newest.metadata.name)
  }
  const pods = (await kubectl.list('pods', ns, timeoutMs, selector || undefined))
    .filter((p) => p.metadata.ownerReferences?.some((r) => owners.has(r.uid)))
  const troubles: PodTrouble[] = []
  for (const pod of pods) {
    involved.push(pod.metadata.name)
    const statuses: Json[] = [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])]
    for (const cs of statuses) {
      if (cs.ready) continue
      const waiting = cs.state?.waiting
      const terminated = cs.state?.terminated ?? cs.lastState?.terminated
      if (waiting?.reason && waiting.reason !== 'PodInitializing' && waiting.reason !== 'ContainerCreating') {
        troubles.push({ pod: pod.metadata.name, container: cs.name, reason: waiting.reason, message: waiting.message ?? '' })
      } else if (terminated?.reason && terminated.reason !== 'Completed') {
        troubles.push({ pod: pod.metadata.name, container: cs.name, reason: terminated.reason, message: `exit code ${terminated.exitCode ?? '?'}${terminated.message ? `: ${terminated.message}` : ''}` })
      }
    }
    if (statuses.length === 0) {
      const unscheduled = (pod.status?.conditions ?? []).find((c: Json) => c.type === 'PodScheduled' && c.status === 'False')
      if (unscheduled) troubles.push({ pod: pod.metadata.name, container: '-', reason: unscheduled.reason ?? 'Unschedulable', message: unscheduled.message ?? '' })
    }
  }
  return { troubles, involved }
}

/** The latest Warning events about the named objects in a namespace, newest last. */
async function warningEvents(kubectl: Kubectl, namespace: string | undefined, names: string[], timeoutMs: number, limit = 5): Promise<string[]> {
  let events: KubeObject[]
  try {
    events = (await kubectl.json<KubeList>(['get', 'events', ...nsArgs(namespace), '--field-selector=type=Warning'], timeoutMs, 'kubectl get events')).items
  } catch {
    return [] // reading events is a courtesy: a role without it still gets the pod reasons
  }
  const wanted = new Set(names)
  const when = (e: KubeObject) => String(e.lastTimestamp ?? e.eventTime ?? e.metadata.creationTimestamp ?? '')
  return events
    .filter((e) => wanted.has(e.involvedObject?.name))
    .sort((a, b) => when(a).localeCompare(when(b)))
    .slice(-limit)
    .map((e) => `${e.involvedObject?.kind ?? ''}/${e.involvedObject?.name ?? ''}: ${e.reason ?? ''}: ${e.message ?? ''}${e.count > 1 ? ` (x${e.count})` : ''}`)
}

export interface Digest {
  verdict: string
  details: string[]
}

/** One line saying why, and the detail behind it. */
export async function rootCause(kubectl: Kubectl, workload: KubeObject, timeoutMs: number): Promise<Digest> {
  const { troubles, involved } = await podTroubles(kubectl, workload, timeoutMs)
  const events = await warningEvents(kubectl, workload.metadata.namespace, involved, timeoutMs)
  const details = [
    ...troubles.map((t) => `pod ${t.pod}, container ${t.container}: ${t.reason}${t.message ? `: ${t.message}` : ''}`),
    ...events.map((e) => `event ${e}`),
  ]
  const first = troubles[0]
  const blocked = readiness(workload).blocked
  const verdict = first
    ? `${first.reason}${first.container !== '-' ? ` (container ${first.container})` : ''}${first.message ? `: ${first.message}` : ''}`
    : blocked ?? (events.length > 0 ? events[events.length - 1] : 'no pod reported a reason (the controller may still be creating pods)')
  return { verdict, details }
}

export interface RolledOut {
  object: string
  images: string[]
  ready: string
  seconds: number
}

/** Waits until every workload is rolled out; one deadline for all. Fails with a root-cause digest. */
export async function waitForRollouts(kubectl: Kubectl, workloads: Array<{ kind: string; name: string; namespace?: string }>, options: WaitOptions): Promise<RolledOut[]> {
  const done: RolledOut[] = []
  const started = Date.now()
  const deadline = started + options.timeoutMs
  // Quick polls first (a rollout often completes within seconds), then once a second.
  const pollMs = () => options.pollMs ?? (Date.now() - started < 3000 ? 200 : Date.now() - started < 10_000 ? 500 : 1000)
  const failFastMs = options.failFastMs ?? 20_000
  const pending = new Map(workloads.map((w) => [`${w.kind}/${w.namespace ?? ''}/${w.name}`, w]))
  const stuckSince = new Map<string, number>()
  let last: KubeObject | undefined
  while (pending.size > 0) {
    for (const [key, ref] of [...pending]) {
      const remaining = deadline - Date.now()
      const o = await kubectl.get(ref.kind, ref.name, ref.namespace, Math.max(remaining, 5000))
      if (!o) throw new GlidepathError('GP-K8S-003', `${ref.kind.toLowerCase()}/${ref.name} disappeared while waiting for its rollout.`, { fix: 'Check whether something else deleted it (another pipeline, a GitOps controller).' })
      last = o
      const r = readiness(o)
      if (r.ready) {
        pending.delete(key)
        const images = ((o.spec?.template?.spec?.containers ?? []) as Json[]).map((c) => String(c.image))
        done.push({ object: objectRef(o), images, ready: r.summary, seconds: Math.round((Date.now() - started) / 100) / 10 })
        options.log?.(`${objectRef(o)} rolled out (${r.summary}).`)
        continue
      }
      if (r.failed) throw await rolloutFailure(kubectl, o, r.failed)
      // Pod reasons cost two more calls: only once the rollout is not immediate.
      if (Date.now() - started < Math.min(2000, failFastMs)) continue
      const { troubles } = await podTroubles(kubectl, o, 10_000).catch(() => ({ troubles: [] as PodTrouble[] }))
      const stuck = r.blocked !== undefined || (troubles.length > 0 && troubles.every((t) => STUCK_REASONS.has(t.reason)))
      if (!stuck) stuckSince.delete(key)
      else if (!stuckSince.has(key)) stuckSince.set(key, Date.now())
      else if (Date.now() - (stuckSince.get(key) as number) >= failFastMs) {
        throw await rolloutFailure(kubectl, o, r.blocked !== undefined ? `pods could not be created for ${formatDuration(failFastMs)}` : `pods stuck for ${formatDuration(failFastMs)}`)
      }
    }
    if (pending.size === 0) break
    if (Date.now() >= deadline) throw await rolloutFailure(kubectl, last as KubeObject, `not ready within ${formatDuration(options.timeoutMs)}`)
    await sleep(Math.min(pollMs(), Math.max(0, deadline - Date.now())))
  }
  return done
}

async function rolloutFailure(kubectl: Kubectl, o: KubeObject, why: string): Promise<GlidepathError> {
  let digest: Digest
  try {
    digest = await rootCause(kubectl, o, 15_000)
  } catch (e) {
    digest = { verdict: `(the reason could not be read: ${(e as Error).message})`, details: [] }
  }
  const problems: Problem[] = digest.details.map((d) => ({ message: d }))
  return new GlidepathError('GP-K8S-003', `${objectRef(o)} did not roll out (${why}; ${readiness(o).summary}): ${digest.verdict}`, {
    problems,
    fix: 'Fix the cause named above (image name or tag, registry credentials, the container\'s start command, resources, the namespace\'s quota), then deploy again; or raise `timeout` if the rollout is only slow.',
  })
}
