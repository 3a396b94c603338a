import type { Kubectl, KubeObject } from './kubectl.js'
import { clone, TRACK_LABEL, VERSION_KEY } from './manifests.js'

// rollback.window on Kubernetes (issue 37). After a version goes live, the one it replaced keeps running
// as `<deployment>-previous`: a copy of the Deployment as it served, whose pods no Service selects. A
// rollback to it within the window checks that every replica of the copy is ready, then moves the
// Service's selector onto the copy: one change, and traffic is back on the old version. The Deployment
// itself is rolled back after that, and the Service moves back to it.
//
// Argo Rollouts keeps the old ReplicaSet up for scaleDownDelaySeconds. A Deployment's own controller scales
// its old ReplicaSets down as the new one becomes ready, so the copy is what keeps the previous pods: it
// costs the same (a second set of pods for the window), and it is started once the new version serves.

const STANDBY_SUFFIX = 'previous'
/** On the copy: the selector that reaches its pods (JSON), and the Service it is kept for. */
const SWITCH_KEY = 'glidepath.dev/switch-selector'
const SERVICE_KEY = 'glidepath.dev/standby-for-service'

export interface Standby {
  /** The copy's name (`<deployment>-previous`). */
  name: string
  /** The Deployment it was copied from. */
  deployment: string
  version: string | undefined
  replicas: number
  ready: number
  /** Every replica of the copy's current template is ready, and the controller has seen its last change. */
  settled: boolean
  /** The selector the Service gets to reach the copy's pods. */
  selector: Record<string, string>
  service: string | undefined
}

/**
 * The selector a Service gets to reach the copy's pods and none of the Deployment's (nor the canary's):
 * every value suffixed, the track label (a routed environment's) set to `previous`.
 */
export function standbySelector(selector: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(selector).map(([k, v]) => [k, k === TRACK_LABEL ? STANDBY_SUFFIX : suffixed(v)]))
}

/** A label value is at most 63 characters. */
function suffixed(value: string): string {
  const tail = `-${STANDBY_SUFFIX}`
  return `${value.slice(0, 63 - tail.length)}${tail}`
}

/** The version a workload's pod template runs (Glidepath's stamp). */
export function templateVersion(o: KubeObject | null | undefined): string | undefined {
  const t = o?.spec?.template?.metadata
  const v = t?.annotations?.[VERSION_KEY] ?? t?.labels?.[VERSION_KEY]
  return typeof v === 'string' ? v : undefined
}

/**
 * The copy kept for the window of a live Deployment (as it serves now) behind `service`: same pods, same
 * replicas, labels the Service does not select until a rollback moves it.
 */
export function standbyCopy(live: KubeObject, service: KubeObject): KubeObject {
  const selector = standbySelector((service.spec?.selector ?? {}) as Record<string, string>)
  const c = clone(live)
  delete c.status
  c.metadata = {
    name: `${live.metadata.name}-${STANDBY_SUFFIX}`,
    ...(live.metadata.namespace ? { namespace: live.metadata.namespace } : {}),
    labels: { ...(live.metadata.labels ?? {}), [TRACK_LABEL]: STANDBY_SUFFIX },
    annotations: { [VERSION_KEY]: templateVersion(live) ?? '', [SWITCH_KEY]: JSON.stringify(selector), [SERVICE_KEY]: service.metadata.name },
  }
  const template = c.spec.template
  template.metadata = { ...(template.metadata ?? {}), labels: { ...(template.metadata?.labels ?? {}), [TRACK_LABEL]: STANDBY_SUFFIX, ...selector } }
  const match: Record<string, string> = { ...(c.spec.selector?.matchLabels ?? {}) }
  for (const k of Object.keys(match)) if (k in selector) match[k] = selector[k]
  c.spec.selector = { ...(c.spec.selector ?? {}), matchLabels: { ...match, [TRACK_LABEL]: STANDBY_SUFFIX } }
  // Nothing rolls it: it is replaced whole by the next window's copy.
  delete c.spec.paused
  return c
}

/** The copy kept for `deployment`, as the cluster has it now; undefined when there is none. */
export async function readStandby(kubectl: Kubectl, deployment: string, namespace: string | undefined, timeoutMs: number): Promise<Standby | undefined> {
  const name = `${deployment}-${STANDBY_SUFFIX}`
  const o = await kubectl.get('deployment', name, namespace, timeoutMs)
  if (!o) return undefined
  const replicas = o.spec?.replicas === undefined ? 1 : Number(o.spec.replicas)
  const ready = Number(o.status?.readyReplicas ?? 0)
  const updated = Number(o.status?.updatedReplicas ?? 0)
  const seen = Number(o.status?.observedGeneration ?? 0) >= Number(o.metadata.generation ?? 0)
  let selector: Record<string, string> = {}
  try {
    selector = JSON.parse(o.metadata.annotations?.[SWITCH_KEY] ?? '{}') as Record<string, string>
  } catch {
    selector = {}
  }
  return {
    name, deployment, version: templateVersion(o), replicas, ready, settled: seen && replicas > 0 && ready >= replicas && updated >= replicas,
    selector, service: o.metadata.annotations?.[SERVICE_KEY],
  }
}
