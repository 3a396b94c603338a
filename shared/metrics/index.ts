import { GlidepathError } from '../errors/index.js'
import { LocalMetricSource } from './local.js'
import { PrometheusMetricSource } from './prometheus.js'
import { HttpMetricSource } from './http.js'
import { ProbeMetricSource } from './probe.js'
import type { Provider } from '../providers/types.js'
import type { AnalysisConfig, MetricConfig } from '../config/types.js'
import type { MetricSource } from './types.js'

// The metric source registry: a new source is one file plus one case here.
export function createMetricSource(metric: MetricConfig, provider: Provider, analysis: AnalysisConfig | undefined, environmentKey: string): MetricSource {
  switch (metric.source) {
    case 'local':
      {
        // The local router in front (the local provider, compose without nginx), or nginx with its access log.
        const counters = provider.routerCounters?.()
        if (counters) return new LocalMetricSource(counters)
      }
      throw new GlidepathError('GP-CONFIG-002', `Metric ${metric.name}: source local reads the counters of the router in front, and environment ${environmentKey}'s router keeps none.`, {
        fix: 'Use source local with the local router (provider local, or compose without nginx) or with nginx and traffic.nginx.accessLog, or source probe, prometheus or http.',
      })
    case 'prometheus':
      return new PrometheusMetricSource((metric.url ?? analysis?.prometheus?.address) as string)
    case 'http':
      return new HttpMetricSource()
    case 'probe':
      return new ProbeMetricSource((role) => (role === 'canary' ? provider.canaryEndpoint?.() : provider.stableEndpoint?.()))
  }
}
