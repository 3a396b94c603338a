import type { MetricConfig } from '../config/types.js'
import type { Measurement } from '../analysis/analyse.js'

// Where analysis gets its numbers. One file per source implements this (local, probe, prometheus,
// http); analysis never knows which one answered.
export interface MeasureContext {
  canaryVersion: string
  stableVersion: string | null
  environment: string
  /** A waves target's name (eu-west), when the environment rolls out per target. */
  target?: string
  intervalMs: number
  /** Measure the baseline too (metrics with compare): the stable version over the same interval. */
  compareWith?: string
}

export interface MetricSource {
  measure(metric: MetricConfig, ctx: MeasureContext): Promise<Measurement>
}

/** The values a metric's query or URL may name ({{canary.version}}, {{interval}}...). */
export function metricTemplateContext(ctx: MeasureContext, escape: (v: string) => string = (v) => v, version = ctx.canaryVersion) {
  const secs = Math.max(1, Math.round(ctx.intervalMs / 1000))
  return {
    version: escape(version),
    canary: { version: escape(ctx.canaryVersion) },
    stable: { version: escape(ctx.stableVersion ?? '') },
    environment: escape(ctx.environment),
    ...(ctx.target === undefined ? {} : { target: escape(ctx.target) }),
    interval: `${secs}s`,
    intervalSeconds: String(secs),
  }
}
