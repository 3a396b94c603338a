import { describeFetchError } from '../http/request.js'
import type { RouterCounters } from '../providers/types.js'
import type { WindowStats } from '../traffic/local/window.js'
import type { MetricConfig } from '../config/types.js'
import type { Measurement } from '../analysis/analyse.js'
import type { MetricSource, MeasureContext } from './types.js'

// The router's own counters for the canary version over the last interval (SPEC 3.1): the local router's,
// or nginx's from its access log (over SSH when nginx is on a host). Real requests, judged the same way.
export class LocalMetricSource implements MetricSource {
  constructor(private readonly router: RouterCounters) {}

  async measure(metric: MetricConfig, ctx: MeasureContext): Promise<Measurement> {
    let stats
    try {
      stats = await this.router.stats(Math.max(1, Math.round(ctx.intervalMs / 1000)), { canary: ctx.canaryVersion, stable: ctx.compareWith ?? ctx.stableVersion })
    } catch (e) {
      return { metric: metric.name, value: null, error: `the router's counters are unavailable: ${describeFetchError(e)}` }
    }
    const canary = figures(metric, stats.find((v) => v.version === ctx.canaryVersion))
    if (!ctx.compareWith) return { metric: metric.name, ...canary }
    return { metric: metric.name, ...canary, baseline: { ...figures(metric, stats.find((v) => v.version === ctx.compareWith)), label: ctx.compareWith } }
  }
}

/** One version's figures over the window: the metric's value, requests, errors and latency histogram. */
export function figures(metric: MetricConfig, s: WindowStats | undefined): { value: number | null; requests: number; events: number; histogram: Array<[number, number]> } {
  const requests = s?.requests ?? 0
  const value = (() => {
    switch (metric.metric) {
      case 'request-count': return requests
      case 'error-rate': return s?.errorRate ?? null
      case 'success-rate': return s?.errorRate === null || s === undefined ? null : 1 - (s.errorRate as number)
      case 'latency-p50': return s?.p50 ?? null
      case 'latency-p95': return s?.p95 ?? null
      case 'latency-p99': return s?.p99 ?? null
      default: return null
    }
  })()
  return { value, requests, events: s?.errors ?? 0, histogram: s?.histogram ?? [] }
}
