import type { EnvironmentConfig, ProviderName, RouterName } from './types.js'

// Which router an environment's traffic goes through and what that router can carry, read from the
// config alone: the config's own checks (load.ts) refuse what the router cannot do before anything runs,
// and the routers (shared/traffic/) read the same answers. A new router adds its line here.

export type CohortFeature = 'affinity' | 'match' | 'mirror'

/** What each router can carry. A router without a feature refuses the config (GP-CONFIG-002, naming it). */
export const ROUTER_COHORTS: Record<RouterName, Record<CohortFeature, boolean>> = {
  local: { affinity: true, match: true, mirror: true },
  nginx: { affinity: true, match: true, mirror: true },
  command: { affinity: false, match: false, mirror: false },
  'gateway-api': { affinity: false, match: true, mirror: true },
  'nginx-ingress': { affinity: true, match: true, mirror: false },
  replicas: { affinity: false, match: false, mirror: false },
  partition: { affinity: false, match: false, mirror: false },
  nodes: { affinity: false, match: false, mirror: false },
}

/** The router an environment's traffic goes through (undefined: none, such as helm's in-place upgrade). */
export function routerOf(env: EnvironmentConfig, provider: ProviderName | undefined): RouterName | undefined {
  if (env.traffic?.router) return env.traffic.router
  if (provider === 'local' || provider === 'compose') return 'local'
  if (provider === 'command') return env.command?.['set-weight'] ? 'command' : undefined
  if (provider === 'kubernetes') return /^statefulset\//i.test(env.kubernetes?.workload ?? '') ? 'partition' : /^daemonset\//i.test(env.kubernetes?.workload ?? '') ? 'nodes' : 'replicas'
  return undefined
}

type Section = Pick<EnvironmentConfig, 'provider' | 'local' | 'compose' | 'ssh' | 'traffic'>

/** Glidepath's own router is in front of the environment on the runner's machine: local, or compose without nginx, not over SSH. */
export function routerInFront(config: Section): boolean {
  if (config.ssh) return false
  const provider = config.provider ?? (config.local ? 'local' : config.compose ? 'compose' : undefined)
  return provider === 'local' || (provider === 'compose' && config.traffic?.router !== 'nginx')
}
