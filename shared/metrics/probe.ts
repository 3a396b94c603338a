import { render } from '../template/render.js'
import { httpRequest, keepAliveAgents } from '../http/request.js'
import type { MetricConfig } from '../config/types.js'
import type { Measurement } from '../analysis/analyse.js'
import { metricTemplateContext, type MetricSource, type MeasureContext } from './types.js'
import { bucketOf, bucketUpperMs } from '../traffic/local/window.js'

// Analysis with no metrics system: the action itself sends a bounded number of requests to the canary
// and measures success and latency. Requests are spread over at most half the interval.
const DEFAULT_REQUESTS = 20
const CONCURRENCY = 4

type Endpoint = { url: string; headers: Record<string, string> }

export class ProbeMetricSource implements MetricSource {
  private cache = new Map<string, { at: number; results: Array<{ ok: boolean; ms: number }> }>()

  /** `endpoint(role)`: where the canary (or the stable version, for comparisons) alone answers. */
  constructor(private readonly endpoint: (role: 'canary' | 'stable') => Endpoint | undefined | Promise<Endpoint | undefined>) {}

  private async target(metric: MetricConfig, ctx: MeasureContext, role: 'canary' | 'stable'): Promise<Endpoint | undefined> {
    if (metric.url && role === 'canary') return { url: render(metric.url, metricTemplateContext(ctx, encodeURIComponent), `metric ${metric.name} url`), headers: {} }
    if (metric.url && role === 'stable') return metric.baselineUrl ? { url: render(metric.baselineUrl, metricTemplateContext(ctx, encodeURIComponent, ctx.compareWith), `metric ${metric.name} baselineUrl`), headers: {} } : undefined
    const found = await this.endpoint(role)
    if (!found || !metric.path) return found
    return { ...found, url: new URL(metric.path, found.url).href }
  }

  private async sample(metric: MetricConfig, ctx: MeasureContext, role: 'canary' | 'stable' = 'canary'): Promise<Array<{ ok: boolean; ms: number }>> {
    // Several probe metrics in one interval share one sample (per target).
    const target = await this.target(metric, ctx, role)
    if (!target) throw new Error(role === 'canary' ? 'no canary URL: set the metric\'s url' : 'no baseline URL: set the metric\'s baselineUrl')
    const cached = this.cache.get(target.url)
    if (cached && Date.now() - cached.at < ctx.intervalMs / 2) return cached.results
    const count = Math.min(metric.requests ?? DEFAULT_REQUESTS, 1000)
    const spacing = Math.max(0, ctx.intervalMs / 2 / Math.max(1, count / CONCURRENCY))
    const agents = keepAliveAgents(CONCURRENCY)
    const results: Array<{ ok: boolean; ms: number }> = []
    let next = 0
    try {
      await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
        while (next < count) {
          next++
          const started = performance.now()
          try {
            const res = await httpRequest(target.url, { agents, timeoutMs: Math.max(1000, ctx.intervalMs), headers: { ...target.headers, ...metric.headers } })
            results.push({ ok: res.status < 500, ms: performance.now() - started })
          } catch {
            results.push({ ok: false, ms: performance.now() - started })
          }
          if (spacing) await new Promise((r) => setTimeout(r, spacing))
        }
      }))
    } finally {
      agents.destroy()
    }
    this.cache.set(target.url, { at: Date.now(), results })
    return results
  }

  async measure(metric: MetricConfig, ctx: MeasureContext): Promise<Measurement> {
    try {
      const [canary, baseline] = await Promise.all([this.sample(metric, ctx), ctx.compareWith ? this.sample(metric, ctx, 'stable') : undefined])
      const figures = probeFigures(metric, canary)
      return { metric: metric.name, ...figures, ...(baseline ? { baseline: { ...probeFigures(metric, baseline), label: ctx.compareWith } } : {}) }
    } catch (e) {
      return { metric: metric.name, value: null, error: `probe: ${(e as Error).message}` }
    }
  }
}

/** A probe sample's figures: the metric's value, requests, failures and latency histogram. */
function probeFigures(metric: MetricConfig, results: Array<{ ok: boolean; ms: number }>): { value: number | null; requests: number; events: number; histogram: Array<[number, number]> } {
  {
    const n = results.length
    const failures = results.filter((r) => !r.ok).length
    const ms = results.map((r) => r.ms).sort((a, b) => a - b)
    const q = (p: number) => (n ? ms[Math.min(n - 1, Math.ceil(p * n) - 1)] : null)
    const value = (() => {
      switch (metric.metric ?? 'error-rate') {
        case 'request-count': return n
        case 'error-rate': return n ? failures / n : null
        case 'success-rate': return n ? 1 - failures / n : null
        case 'latency-p50': return q(0.5)
        case 'latency-p95': return q(0.95)
        case 'latency-p99': return q(0.99)
        default: return null
      }
    })()
    const buckets = new Map<number, number>()
    for (const r of results) {
      const b = bucketOf(r.ms)
      buckets.set(b, (buckets.get(b) ?? 0) + 1)
    }
    const histogram = [...buckets].sort((a, b) => a[0] - b[0]).map(([b, count]): [number, number] => [Number(bucketUpperMs(b).toPrecision(4)), count])
    return { value, requests: n, events: failures, histogram }
  }
}
