import type { EnvironmentConfig, ProviderName, RouterName } from './types.js'

// Which router an environment's traffic goes through and what that router can carry, read from the
// config alone: the config's own checks (load.ts) refuse what the router cannot do before anything runs,
// and the routers (shared/traffic/) read the same answers. A new router adds its line here.

export type CohortFeature = 'affinity' | 'match' | 'mirror'

/** What the config knows of a router: the providers it sits in front of, and the cohort rules it can carry. */
export interface RouterFacts {
  /** The providers whose traffic it can carry; any other refuses the config (GP-CONFIG-002, naming them). */
  providers: ProviderName[]
  /** What it can carry. A router without a feature refuses the config (GP-CONFIG-002, naming it). */
  cohorts: Record<CohortFeature, boolean>
}

const none = { affinity: false, match: false, mirror: false }

/**
 * Every router, as the config sees it: the config check refuses what a router cannot do before anything
 * runs, and the schema's `traffic.router` lists these names. How each is built is shared/traffic/'s
 * (factory.ts, cluster.ts); a new router adds its line here and there.
 */
export const ROUTERS: Record<RouterName, RouterFacts> = {
  local: { providers: ['local', 'compose'], cohorts: { affinity: true, match: true, mirror: true } },
  nginx: { providers: ['command', 'compose'], cohorts: { affinity: true, match: true, mirror: true } },
  command: { providers: ['command'], cohorts: none },
  'gateway-api': { providers: ['kubernetes'], cohorts: { affinity: false, match: true, mirror: true } },
  'nginx-ingress': { providers: ['kubernetes'], cohorts: { affinity: true, match: true, mirror: false } },
  replicas: { providers: ['kubernetes'], cohorts: none },
  partition: { providers: ['kubernetes'], cohorts: none },
  nodes: { providers: ['kubernetes'], cohorts: none },
}

export const ROUTER_NAMES = Object.keys(ROUTERS) as RouterName[]

/** What each router can carry. */
export const ROUTER_COHORTS = Object.fromEntries(ROUTER_NAMES.map((name) => [name, ROUTERS[name].cohorts])) as Record<RouterName, Record<CohortFeature, boolean>>

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
