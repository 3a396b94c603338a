import { gzipSync, gunzipSync } from 'node:zlib'
import { createHash } from 'node:crypto'
import type { Kubectl, KubeObject } from './kubectl.js'
import { environmentSlug, type EnvironmentState } from '../state/store.js'
import { ENV_LABEL, labelValue } from './manifests.js'

// What Glidepath keeps in the cluster for one environment, in one ConfigMap beside the workload:
// the environment state (so a fresh runner knows what is stable), the rendered spec of recent
// versions (rollback re-applies the recorded spec), the original route weights (abort restores
// them) and the inventory of applied objects (teardown removes them). Written with server-side
// apply, so no last-applied copy doubles its size.

const KEEP_SPECS = 10

const hash = (s: string) => createHash('sha256').update(s).digest('hex')

/** An object name within 63 characters; a shortened one ends in a hash of the whole, so it stays unique. */
export function shortName(name: string): string {
  return name.length <= 63 ? name : `${name.slice(0, 54)}-${hash(name).slice(0, 8)}`
}

export function stateConfigMapName(slug: string): string {
  return shortName(`glidepath-${slug.toLowerCase().replace(/[^a-z0-9-]/g, '-')}`.replace(/-+$/, ''))
}

function specKey(version: string): string {
  return `spec.${version.replace(/[^-._a-zA-Z0-9]/g, '_').slice(0, 200)}`
}

export class ClusterState {
  private cache: Record<string, string> | null = null
  /** Set once the environment is torn down: writing its state then would recreate the ConfigMap. */
  private removed = false

  readonly name: string
  /** The `glidepath.dev/environment` label value of everything this environment applies. */
  readonly environmentLabel: string

  constructor(
    private readonly kubectl: Kubectl,
    readonly namespace: string | undefined,
    environment: string,
  ) {
    const slug = environmentSlug(environment)
    this.name = stateConfigMapName(slug)
    this.environmentLabel = labelValue(slug, hash(environment))
  }

  async data(timeoutMs: number): Promise<Record<string, string>> {
    if (this.cache) return this.cache
    const cm = await this.kubectl.get('configmap', this.name, this.namespace, timeoutMs)
    this.cache = { ...((cm?.data as Record<string, string>) ?? {}) }
    return this.cache
  }

  async get(key: string, timeoutMs: number): Promise<string | undefined> {
    return (await this.data(timeoutMs))[key]
  }

  async getJson<T>(key: string, timeoutMs: number): Promise<T | undefined> {
    const v = await this.get(key, timeoutMs)
    return v === undefined ? undefined : (JSON.parse(v) as T)
  }

  /** Sets (or, with undefined, removes) keys and writes the whole ConfigMap. */
  async set(changes: Record<string, string | undefined>, timeoutMs: number): Promise<void> {
    const data = { ...(await this.data(timeoutMs)) }
    for (const [k, v] of Object.entries(changes)) {
      if (v === undefined) delete data[k]
      else data[k] = v
    }
    const cm: KubeObject = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: this.name, ...(this.namespace ? { namespace: this.namespace } : {}), labels: { [ENV_LABEL]: this.environmentLabel, 'app.kubernetes.io/managed-by': 'glidepath' } },
      data,
    }
    await this.kubectl.apply([cm], { timeoutMs, serverSide: true, fieldManager: 'glidepath-state', what: `kubectl apply configmap/${this.name}` })
    this.cache = data
  }

  async saveSpec(version: string, objects: KubeObject[], timeoutMs: number): Promise<void> {
    const order = (await this.getJson<string[]>('specs', timeoutMs)) ?? []
    const next = [...order.filter((v) => v !== version), version]
    const dropped = next.slice(0, Math.max(0, next.length - KEEP_SPECS))
    const changes: Record<string, string | undefined> = {
      specs: JSON.stringify(next.slice(-KEEP_SPECS)),
      // Secrets stay out: a ConfigMap is readable more widely than a Secret. A rollback leaves them as they are.
      [specKey(version)]: gzipSync(JSON.stringify(objects.filter((o) => o.kind !== 'Secret'))).toString('base64'),
    }
    for (const v of dropped) changes[specKey(v)] = undefined
    await this.set(changes, timeoutMs)
  }

  async loadSpec(version: string, timeoutMs: number): Promise<KubeObject[] | undefined> {
    const raw = await this.get(specKey(version), timeoutMs)
    return raw ? (JSON.parse(gunzipSync(Buffer.from(raw, 'base64')).toString('utf8')) as KubeObject[]) : undefined
  }

  async remove(timeoutMs: number): Promise<void> {
    await this.kubectl.delete('configmap', this.name, this.namespace, timeoutMs)
    this.cache = {}
    this.removed = true
  }

  /** The environment state mirrored here, for a fresh runner. */
  async loadEnvironment(timeoutMs: number): Promise<EnvironmentState | undefined> {
    return this.getJson<EnvironmentState>('state', timeoutMs)
  }

  async saveEnvironment(state: EnvironmentState, timeoutMs: number): Promise<void> {
    if (this.removed) return
    await this.set({ state: JSON.stringify({ ...state, records: state.records.slice(-50) }) }, timeoutMs)
  }
}
