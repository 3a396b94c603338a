import { randomUUID } from 'node:crypto'
import type { ProviderName, StrategyName } from '../config/types.js'

// The one typed deployment record (SPEC section 4 "state"). It is stored with the target, mirrored into
// GitHub Deployment payloads and rendered by the report; every action needs only the environment name.

export type DeploymentStatus = 'in_progress' | 'success' | 'failure' | 'aborted' | 'rolled_back' | 'superseded' | 'inactive'

/** One analysis interval of a step, for the report's charts (kept to at most MAX_INTERVALS per step). */
export interface IntervalPoint {
  /** Seconds since the step's analysis began (to a tenth). */
  s: number
  /** The release was warming up (analysis.warmup): its latency was measured, not judged. */
  warm?: boolean
  /** Per metric: the canary's value this interval, the stable's over the same interval (compare), the bound it was held to. */
  metrics: Record<string, { canary: number | null; stable?: number | null; bound?: number | null }>
}

/** How a metric's values read: a ratio (error rate, shown in %), milliseconds (latency) or a plain value. */
export type MetricUnit = 'ratio' | 'ms' | 'value'

export interface StepRecord {
  step: number
  weight: number
  at: string
  decision?: string
  reason?: string
  analysis?: unknown
  /** The step's analysis interval by interval (canary beside stable, and the bound), for the charts. */
  intervals?: IntervalPoint[]
  /** Each charted metric's unit. */
  units?: Record<string, MetricUnit>
  /** Who made the step (the run's actor: the pusher, or the person whose comment or approval decided). */
  by?: string
  /** Requests the step sent itself while real traffic was short (analysis.synthetic), per version. */
  synthetic?: { canary: number; stable: number; unanswered: number }
}

export interface DeploymentRecord {
  schema: 1
  id: string
  kind: 'deploy' | 'rollback' | 'teardown'
  environment: string
  version: string
  previousVersion: string | null
  image?: string
  strategy: StrategyName
  provider: ProviderName
  status: DeploymentStatus
  /** For canaries: where the new version stands; `verifying` while a verify window watches it. */
  phase?: 'canary' | 'stable' | 'verifying'
  /** The transition of the environment state machine this record carries out (docs/state-machine.md). */
  transition?: string
  /** First deploy of the environment: it went straight to 100% whatever the strategy. */
  initial?: boolean
  /** When the version took all traffic (absent: it never did). */
  liveAt?: string
  step: number | null
  weights: { stable: number; canary: number }
  steps: StepRecord[]
  startedAt: string
  finishedAt?: string
  reason?: string
  url?: string
  ref?: string
  sha?: string
  actor?: string
  runUrl?: string
  deploymentId?: string
  /** blue-green slot the version went to (command provider). */
  slot?: string
  rollback?: { from: string; to: string; reason: string }
  /** Deployed outside the environment's deploy windows by an override: its reason, who, and why they were closed. */
  windowOverride?: { reason: string; actor: string; closed: string }
  /** The previous version kept running after this one went live (rollback.window): a rollback until then is one switch. */
  rollbackWindow?: { version: string; until: string }
  /** What rolled out on the platform (Kubernetes workloads: images, readiness, seconds to ready). */
  resources?: Array<{ object: string; images: string[]; ready: string; seconds: number }>
  /** A preview's end by previews.ttl, counted from this deploy (ISO time). */
  expiresAt?: string
  /** previews.idle: the preview sleeps after this long without a request (a duration in words). */
  sleepsAfter?: string
  /** The database steps of this deploy: backup, migration (schema versions), down, restore, contract. */
  database?: { backup?: unknown; migration?: { before?: string; after?: string; applied: boolean; output?: string }; down?: unknown; restored?: unknown; contract?: unknown; preview?: { name: string; created?: boolean; from?: string; seconds?: number; dropped?: boolean } }
  /** The verify window after the version went live: its result, the previous version's figures, the analysis. */
  verify?: { result: 'passed' | 'failed' | 'interrupted'; window: string; reason: string; baseline?: unknown; analysis?: unknown }
}

export function newRecord(fields: Omit<DeploymentRecord, 'schema' | 'id' | 'startedAt' | 'steps' | 'step' | 'weights' | 'status'> & Partial<DeploymentRecord>): DeploymentRecord {
  return {
    schema: 1,
    id: randomUUID(),
    startedAt: new Date().toISOString(),
    steps: [],
    step: null,
    weights: { stable: 100, canary: 0 },
    status: 'in_progress',
    ...fields,
  }
}

export function finish(record: DeploymentRecord, status: DeploymentStatus, reason?: string): DeploymentRecord {
  return { ...record, status, finishedAt: new Date().toISOString(), reason: reason ?? record.reason }
}
