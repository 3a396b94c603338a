import { render } from '../template/render.js'
import { httpRequest, keepAliveAgents } from '../http/request.js'
import type { MetricConfig } from '../config/types.js'
import type { Measurement } from '../analysis/analyse.js'
import { metricTemplateContext, type MetricSource, type MeasureContext } from './types.js'

// Analysis with no metrics system: the action itself sends a bounded number of requests to the canary
// and measures success and latency. Requests are spread over at most half the interval.
const DEFAULT_REQUESTS = 20
const CONCURRENCY = 4

export class ProbeMetricSource implements MetricSource {
  private cache?: { at: number; results: Array<{ ok: boolean; ms: number }> }

  constructor(private readonly endpoint: () => { url: string; headers: Record<string, string> } | undefined) {}

  private async sample(metric: MetricConfig, ctx: MeasureContext): Promise<Array<{ ok: boolean; ms: number }>> {
    // Several probe metrics in one interval share one sample.
    if (this.cache && Date.now() - this.cache.at < ctx.intervalMs / 2) return this.cache.results
    const target = metric.url ? { url: render(metric.url, metricTemplateContext(ctx, encodeURIComponent), `metric ${metric.name} url`), headers: {} } : this.endpoint()
    if (!target) throw new Error('no canary URL: set the metric\'s url')
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
    this.cache = { at: Date.now(), results }
    return results
  }

  async measure(metric: MetricConfig, ctx: MeasureContext): Promise<Measurement> {
    let results
    try {
      results = await this.sample(metric, ctx)
    } catch (e) {
      return { metric: metric.name, value: null, error: `probe: ${(e as Error).message}` }
    }
    const n = results.length
    const failures = results.filter((r) => !r.ok).length
    const ms = results.map((r) => r.ms).sort((a, b) => a - b)
    const q = (p: number) => (n ? ms[Math.min(n - 1, Math.ceil(p * n) - 1)] : null)
    const value = (() => {
      switch (metric.metric) {
        case 'request-count': return n
        case 'error-rate': return n ? failures / n : null
        case 'success-rate': return n ? 1 - failures / n : null
        case 'latency-p50': return q(0.5)
        case 'latency-p95': return q(0.95)
        case 'latency-p99': return q(0.99)
        default: return null
      }
    })()
    return { metric: metric.name, value, requests: n }
  }
}
