import { GlidepathError } from '../errors/index.js'
import { LocalRouterClient } from '../traffic/local/client.js'
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
        // The local provider, and compose without nginx, run the local router in front.
        const router = (provider as { router?: unknown }).router
        if (router instanceof LocalRouterClient) return new LocalMetricSource(router)
      }
      throw new GlidepathError('GP-CONFIG-002', `Metric ${metric.name}: source local reads the local router, which environment ${environmentKey} does not use.`, {
        fix: 'Use source local with provider local (or compose without nginx), or source probe, prometheus or http.',
      })
    case 'prometheus':
      return new PrometheusMetricSource((metric.url ?? analysis?.prometheus?.address) as string)
    case 'http':
      return new HttpMetricSource()
    case 'probe':
      return new ProbeMetricSource((role) => (role === 'canary' ? provider.canaryEndpoint?.() : provider.stableEndpoint?.()))
  }
}
