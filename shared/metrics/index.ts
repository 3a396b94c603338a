import { GlidepathError } from '../errors/index.js'
import { LocalProvider } from '../providers/local.js'
import { LocalMetricSource } from './local.js'
import type { Provider } from '../providers/types.js'
import type { MetricConfig } from '../config/types.js'
import type { MetricSource } from './types.js'

// The metric source registry: a new source is one file plus one line here.
export function createMetricSource(metric: MetricConfig, provider: Provider, environmentKey: string): MetricSource {
  if (metric.source === 'local') {
    if (provider instanceof LocalProvider) return new LocalMetricSource(provider.router)
    throw new GlidepathError('GP-CONFIG-002', `Metric ${metric.name}: source local reads the local router, which environment ${environmentKey} does not use.`, {
      fix: 'Use source local with provider local, or another metric source.',
    })
  }
  throw new GlidepathError('GP-CONFIG-002', `Metric ${metric.name}: source ${metric.source} is not available in this version of Glidepath.`, {
    fix: 'Use source local (the local router\'s counters) for now.',
  })
}
