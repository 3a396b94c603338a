import type { TrafficRouter } from './types.js'

/** A Kubernetes router also puts the route back as it was before the first canary weight (abort, promote). */
export interface KubeRouter extends TrafficRouter {
  /** Restores what the router changed; safe to call when nothing was changed. */
  restore(timeoutMs: number): Promise<void>
  /** Checks that the traffic object exists and can be split, before anything changes. */
  check(): Promise<void>
  /** The canary's share of traffic as the cluster has it now (read from the route or the replicas), 0 when it has none. */
  canaryWeight?(): Promise<number>
  /** True when the weight is approximate (a replica ratio), for messages. */
  readonly approximate?: boolean
}

/** Where a Kubernetes router keeps what it must restore (the environment's state ConfigMap). */
export interface RouterMemory {
  load<T>(): Promise<T | undefined>
  save(value: unknown | undefined): Promise<void>
}
