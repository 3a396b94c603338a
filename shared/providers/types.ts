import type { ResolvedEnvironment } from '../config/resolve.js'
import type { EventContext } from '../runtime/context.js'
import type { StateStore } from '../state/store.js'
import type { CanaryStepConfig, StrategyName } from '../config/types.js'
import type { EnvironmentState } from '../state/store.js'
import type { Endpoint, RouterCounters } from '../traffic/types.js'
import type { TargetLockOptions } from '../state/lock.js'
import type { SshHost } from '../ssh/host.js'

export type { Endpoint, RouterCounters, TargetLockOptions }

// How a version is rolled out on a platform. One file per platform implements it; the flows in
// shared/flows never know which one they drive (Flagger's router/observer interfaces are the model).

export interface ProviderLog {
  info(message: string): void
  warning(message: string): void
}

export interface ProviderDeps {
  environment: ResolvedEnvironment
  store: StateStore
  workspace: string
  stateDir: string
  event: EventContext
  /** Environment for child processes (no step inputs in it; a preview's: no preview secret, a fork's: a safe few). */
  env: Record<string, string>
  /** The runner's variables as Glidepath itself reads them (the preview secret), never given to a process. */
  glidepathEnv?: Record<string, string | undefined>
  log: ProviderLog
  /**
   * The transport to the environment's host when it has an ssh section: one connection per run, made by
   * whoever builds the provider (createProvider) and given to the provider, its router and its lock.
   */
  host?: SshHost
}

export interface RolloutRequest {
  version: string
  previousVersion: string | null
  image?: string
  strategy: StrategyName
  /** Canary only: the weight of the first step. */
  canaryWeight: number
  timeoutMs: number
  /** Rolling: keep the previous version running without traffic (rollback.window), as blue-green does. */
  keepPrevious?: boolean
}

export interface RolloutResult {
  /** blue-green slot used, when the provider has slots. */
  slot?: string
  /** Where the version can be reached directly, when the provider knows. */
  url?: string
  /** What rolled out (Kubernetes workloads), for the record and the job summary. */
  resources?: Array<{ object: string; images: string[]; ready: string; seconds: number }>
  /** The previous version, kept running without traffic (blue-green), so a rollback is a switch. */
  standby?: string
}

/** One version as the platform was seen serving it. */
export interface ServedVersion {
  version: string
  /** Percent of requests the router sends it. */
  weight: number
  /** It answered its health check (asked a few times, so one slow answer on a busy machine is not death). */
  healthy: boolean
  /** Not healthy because it no longer runs at all (its process or container is gone): what a heal restarts. */
  gone?: boolean
}

/** What the platform runs and routes, read from the platform itself, never from the state file. */
export interface Observation {
  /** The router answers; false when it is stopped or dead; absent when it cannot be asked. */
  routerUp?: boolean
  stable: ServedVersion | null
  canary: ServedVersion | null
  /**
   * Versions whose releases run beside the routed ones and take no traffic (a blue-green standby kept warm);
   * absent when the provider cannot tell.
   */
  warm?: string[]
  /** The weights are approximate (a replica ratio): they are reported, never compared with the record's. */
  approximate?: boolean
}

export interface Provider {
  readonly name: string
  /** Checks everything that can be checked before any change is made. */
  preflight(request: RolloutRequest): Promise<void>
  /** Rolling and blue-green: the version serves all traffic when this returns. Canary: it serves canaryWeight. */
  deploy(request: RolloutRequest): Promise<RolloutResult>
  setCanaryWeight(version: string, weight: number, timeoutMs: number): Promise<void>
  /** The canary becomes stable at 100%; with keepPrevious the old stable keeps running without traffic (rollback.window). */
  promote(version: string, timeoutMs: number, opts?: { keepPrevious?: boolean }): Promise<void>
  /** The provider can keep the previous version running for a rollback window (its releases are processes or containers it runs). */
  readonly keepsPrevious?: boolean
  /** The canary gets weight 0 first, then is removed. Safe to call twice. */
  abort(version: string | null, timeoutMs: number): Promise<void>
  /** Serves `to` again instead of `from`. */
  rollback(to: string, from: string | null, timeoutMs: number): Promise<void>
  /** Removes everything this environment runs (preview teardown). Safe to call twice. */
  teardown(timeoutMs: number): Promise<void>
  /**
   * Stops whatever this environment runs beyond the versions named (left by a run that was killed, or a
   * release that started but never took traffic). Runs under the lock before every operation.
   */
  prune?(keep: string[]): Promise<void>
  /**
   * Stops what a dead run's commands still run (a deploy script killed mid-placement), before the next
   * run recovers: recovery must never place a version beside a half-started one on the same address.
   */
  stopStrays?(): Promise<void>
  /**
   * Where the canary alone answers (for the probe metric source), when the provider knows; on a host
   * over SSH, a local address forwarded through the connection (so it may take a call over it).
   */
  canaryEndpoint?(): Endpoint | undefined | Promise<Endpoint | undefined>
  /** Where the stable version alone answers (the baseline of probe comparisons), when the provider knows. */
  stableEndpoint?(): Endpoint | undefined | Promise<Endpoint | undefined>
  /** What the platform serves now (flows/reconcile.ts compares it with the record before every operation). */
  observe?(): Promise<Observation>
  /**
   * Makes the platform serve `stable` (and the canary it routes, if any) again: a stopped router restarted on
   * its routes, a routed release that does not answer started again from what the platform kept. Returns what
   * it did; fails (changing nothing more) when the version cannot be started again.
   */
  heal?(stable: string, timeoutMs: number): Promise<string[]>
  /**
   * previews.idle: puts the preview to sleep (its releases stopped, the first request wakes it) when no
   * request reached it for `idleMs`; says why when it did, undefined when it stays awake.
   */
  sleep?(idleMs: number): Promise<string | undefined>
  /** Wakes a sleeping preview (under the caller's lock) before anything else is done to it; true when it slept. */
  wake?(): Promise<boolean>
  /** State kept with the target (Kubernetes: a ConfigMap), read when a fresh runner has none. */
  loadState?(): Promise<EnvironmentState | undefined>
  /** Mirrors the environment state to the target after every change. */
  saveState?(state: EnvironmentState): Promise<void>
  /**
   * The counters of the router in front (`source: local`): the local router's, or nginx's access log
   * (traffic.nginx.accessLog); undefined when this environment's router keeps none.
   */
  routerCounters?(): RouterCounters | undefined
  /**
   * The canary's steps with the weights the platform gives them: a StatefulSet's partition steps and a
   * DaemonSet's node steps are shares of its pods or nodes (traffic/partition.ts, traffic/nodes.ts),
   * checked against the cluster (GP-CONFIG-002 when a step would update nothing).
   */
  resolveSteps?(steps: CanaryStepConfig[]): Promise<CanaryStepConfig[]>
  /** A lock held with the target itself (Kubernetes: a Lease), for runs on different machines. */
  lock?(options: TargetLockOptions): Promise<{ release(): Promise<void> }>
}
