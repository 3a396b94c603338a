import type { MetricConfig } from '../config/types.js'
import type { Measurement } from '../analysis/analyse.js'

// Where analysis gets its numbers. One file per source implements this (local, later probe,
// prometheus, http); analysis never knows which one answered.
export interface MeasureContext {
  canaryVersion: string
  stableVersion: string | null
  intervalMs: number
}

export interface MetricSource {
  measure(metric: MetricConfig, ctx: MeasureContext): Promise<Measurement>
}
