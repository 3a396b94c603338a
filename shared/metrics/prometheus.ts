import { render } from '../template/render.js'
import { httpRequest } from '../http/request.js'
import type { MetricConfig } from '../config/types.js'
import type { Measurement } from '../analysis/analyse.js'
import { metricTemplateContext, type MetricSource, type MeasureContext } from './types.js'

// PromQL instant queries over Prometheus' HTTP API. Placeholders are escaped for a PromQL string
// literal, so a version (or anything else) can never change the query's shape.

const promqlEscape = (v: string): string => v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n').replace(/'/g, "\\'")

interface PromAnswer {
  status?: string
  error?: string
  data?: { resultType?: string; result?: unknown }
}

export class PrometheusMetricSource implements MetricSource {
  constructor(private readonly address: string, private readonly timeoutMs = 5000) {}

  async query(promql: string): Promise<{ value: number | null; series: number }> {
    const url = `${this.address.replace(/\/+$/, '')}/api/v1/query?query=${encodeURIComponent(promql)}`
    const res = await httpRequest(url, { timeoutMs: this.timeoutMs, headers: { accept: 'application/json' } })
    let body: PromAnswer
    try {
      body = JSON.parse(res.body) as PromAnswer
    } catch {
      throw new Error(`Prometheus answered ${res.status} with something that is not JSON`)
    }
    if (res.status !== 200 || body.status !== 'success') throw new Error(`Prometheus answered ${res.status}: ${body.error ?? body.status ?? 'no status'}`)
    const { resultType, result } = body.data ?? {}
    let raw: unknown
    let series = 0
    if (resultType === 'scalar' && Array.isArray(result)) {
      raw = result[1]
      series = 1
    } else if (resultType === 'vector' && Array.isArray(result)) {
      series = result.length
      raw = (result[0] as { value?: unknown[] } | undefined)?.value?.[1]
    } else throw new Error(`Prometheus answered a ${resultType ?? 'missing'} result; the query must give a scalar or an instant vector`)
    if (series > 1) throw new Error(`the query gives ${series} series; aggregate it to one (e.g. sum(...))`)
    const value = raw === undefined ? null : Number(raw)
    return { value: value === null || Number.isNaN(value) || !Number.isFinite(value) ? null : value, series }
  }

  /** The metric's value and request count for one version ({{version}} in the queries). */
  private async figures(metric: MetricConfig, ctx: MeasureContext, version: string, query: string): Promise<{ value: number | null; requests?: number; events?: number }> {
    const values = metricTemplateContext(ctx, promqlEscape, version)
    const { value } = await this.query(render(query, values, `metric ${metric.name} query`))
    if (!metric.volumeQuery) return { value }
    const requests = (await this.query(render(metric.volumeQuery, values, `metric ${metric.name} volumeQuery`))).value ?? 0
    // An error rate over its request count gives the errors (counts for the sequential test).
    const events = metric.metric === 'error-rate' && value !== null ? Math.round(value * requests) : metric.metric === 'success-rate' && value !== null ? Math.round((1 - value) * requests) : undefined
    return { value, requests, events }
  }

  async measure(metric: MetricConfig, ctx: MeasureContext): Promise<Measurement> {
    try {
      const canary = await this.figures(metric, ctx, ctx.canaryVersion, metric.query as string)
      if (!ctx.compareWith) return { metric: metric.name, ...canary }
      const baseline = await this.figures(metric, ctx, ctx.compareWith, metric.baselineQuery ?? (metric.query as string))
      return { metric: metric.name, ...canary, baseline: { ...baseline, label: ctx.compareWith } }
    } catch (e) {
      return { metric: metric.name, value: null, error: `prometheus: ${(e as Error).message}` }
    }
  }
}
