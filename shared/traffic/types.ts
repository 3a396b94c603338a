import type { Backend } from './local/routes.js'
import type { WindowStats } from './local/window.js'
import type { CanaryStepConfig } from '../config/types.js'

// How traffic is split between stable and canary. Two shapes, one file per router implementing one:
// a TrafficRouter moves weight between two fixed backends the platform already has (nginx upstreams,
// Gateway API or ingress Services, replica counts, the user's command; on Kubernetes a KubeRouter, which
// also checks its objects first and puts them back, built by cluster.ts); a ReleaseRouter is pointed at
// releases by address (Glidepath's router, on this machine or a host, or nginx in front of compose's
// slots), and the release strategies (providers/releases.ts) drive it. Flagger's pkg/router is the
// model; providers and flows never know which one they drive.
export interface TrafficRouter {
  readonly name: string
  /** Sends `weight`% of requests to the canary and the rest to stable. Fails without changing traffic. */
  setWeight(weight: number, versions: { stable: string | null; canary: string | null }): Promise<void>
  /** Where the canary alone can be reached (for the probe metric source), when the router knows. */
  canaryEndpoint?(): Endpoint | undefined
}

/** An HTTP address and the headers that pin a request to one version there. */
export interface Endpoint {
  url: string
  headers: Record<string, string>
}

/** Real requests through the router, per version, over a window (what `source: local` judges). */
export interface RouterCounters {
  stats(windowSeconds: number, versions: { stable: string | null; canary: string }): Promise<WindowStats[]>
}

/** What the router sends where: `stable` gets 100 - weight percent of requests, `canary` weight. */
export interface Routes {
  stable: Backend | null
  canary: Backend | null
  weight: number
}

/** A router pointed at releases by address: the one interface the release strategies drive. */
export interface ReleaseRouter {
  /** The routes in force, as last applied. */
  routes(): Routes
  /** Sends traffic by these routes (starting the router first when it needs to); fails without changing traffic. */
  apply(routes: Routes): Promise<void>
  /** Waits until no request is in flight to `url` through the router, bounded; at once when the router cannot tell. */
  drain(url: string, timeoutMs: number): Promise<unknown>
  /** Real requests through the router, per version (`source: local`), when it keeps counters. */
  counters(): RouterCounters | undefined
  /** Where one version alone answers (probes), when the router knows. */
  endpoint(which: 'stable' | 'canary'): Promise<Endpoint | undefined>
  /** The address users reach the environment at through this router, when it has one. */
  readonly url?: string
  /** Whether the router itself answers (a stopped router serves nothing); absent when it cannot be asked. */
  up?(): Promise<boolean>
  /** Recovery: stops router processes that no record names. */
  prune?(): Promise<void>
  /** Teardown: stops the router and forgets its routes. */
  remove(): Promise<void>
}

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

/** A Kubernetes router that updates the workload itself (a StatefulSet's ordinals, a DaemonSet's nodes) rather than routing to a copy. */
export interface InPlaceRouter extends KubeRouter {
  /** The stable version the canary started from (abort re-applies its recorded spec). */
  stable(): Promise<string | undefined>
  /** The steps with the weights the cluster gives them (a partition's or a node group's share), checked against it. */
  resolve(steps: CanaryStepConfig[]): Promise<CanaryStepConfig[]>
}
