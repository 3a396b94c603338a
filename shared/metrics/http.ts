import { render } from '../template/render.js'
import { httpRequest } from '../http/request.js'
import { readJsonPath } from '../smoke/jsonpath.js'
import type { MetricConfig } from '../config/types.js'
import type { Measurement } from '../analysis/analyse.js'
import { metricTemplateContext, type MetricSource, type MeasureContext } from './types.js'

// Any JSON endpoint: GET the url, read the number at `path`. A missing path or null is no data.
export class HttpMetricSource implements MetricSource {
  async measure(metric: MetricConfig, ctx: MeasureContext): Promise<Measurement> {
    const canary = await this.read(metric, ctx, metric.url as string, ctx.canaryVersion)
    if (!ctx.compareWith || canary.error) return canary
    const baseline = await this.read(metric, ctx, metric.baselineUrl ?? (metric.url as string), ctx.compareWith)
    if (baseline.error) return { ...canary, value: null, error: `baseline ${baseline.error}` }
    return { ...canary, baseline: { value: baseline.value, label: ctx.compareWith } }
  }

  private async read(metric: MetricConfig, ctx: MeasureContext, template: string, version: string): Promise<Measurement> {
    const url = render(template, metricTemplateContext(ctx, encodeURIComponent, version), `metric ${metric.name} url`)
    try {
      const res = await httpRequest(url, { timeoutMs: 5000, headers: { accept: 'application/json', ...metric.headers } })
      if (res.status !== 200) return { metric: metric.name, value: null, error: `http: ${url.split('?')[0]} answered ${res.status}` }
      const got = readJsonPath(JSON.parse(res.body), metric.path as string)
      if (!got.found || got.value === null) return { metric: metric.name, value: null }
      const value = typeof got.value === 'number' ? got.value : typeof got.value === 'string' && got.value.trim() !== '' ? Number(got.value) : Number.NaN
      if (Number.isNaN(value)) return { metric: metric.name, value: null, error: `http: ${metric.path} is ${JSON.stringify(got.value)}, not a number` }
      return { metric: metric.name, value }
    } catch (e) {
      return { metric: metric.name, value: null, error: `http: ${(e as Error).message}` }
    }
  }
}
