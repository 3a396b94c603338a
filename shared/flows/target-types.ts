import type { ResolvedEnvironment } from '../config/resolve.js'
import type { GlidepathConfig } from '../config/types.js'
import type { StateStore, EnvironmentState } from '../state/store.js'
import type { GitHubDeployments } from '../github/integration.js'
import type { Provider, Observation } from '../providers/types.js'

// An opened target, as the operations see it (opened by target.ts). Types alone, so that what
// target.ts imports (effects, reconcile) can name a target without importing target.ts back.

export interface Target {
  config: GlidepathConfig
  environment: ResolvedEnvironment
  store: StateStore
  provider: Provider
  stateDir: string
  workspace: string
  github?: GitHubDeployments
  /** The state another job carried here (the `state` input), used when this runner has none. */
  carried?: EnvironmentState
  /** What the lock's reconciliation saw and healed (flows/reconcile.ts), for the operation's messages. */
  reconciled?: Reconciled
  /** The variables the release and the database commands see: a preview's own database URL in place of the server's. */
  env: Record<string, string | undefined>
}

/** What the lock's reconciliation (flows/reconcile.ts) saw and healed. */
export interface Reconciled {
  /** What was seen, after healing. */
  seen?: Observation
  /** What was healed or rebuilt, in words (empty: the record and the platform agreed). */
  healed: string[]
}

