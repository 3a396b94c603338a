import type { EnvironmentConfig, ProviderName, RouterName } from '../config/types.js'
import { routerOf } from '../config/routers.js'
import type { EnvironmentDurations } from '../config/durations.js'
import type { SshHost } from '../ssh/host.js'
import { AgentRouter, type AgentTransport } from './agent.js'
import { cohortsOf } from './cohorts.js'
import { CommandRouter } from './command.js'
import { previewAccess } from './local/access.js'
import { LocalReleaseRouter, LocalRouterClient } from './local/client.js'
import { DEFAULT_ROUTER_PORT } from './local/routes.js'
import { NginxRouter, sshNginxHost } from './nginx.js'
import { NginxSlots, type NginxSlotsOptions } from './slots.js'
import type { TrafficRouter } from './types.js'

// The routers' factory for the platforms outside a cluster (Flagger's pkg/router/factory.go is the model;
// cluster.ts is the same for Kubernetes): a provider hands over its environment and the transport it was
// given (the host over SSH, Glidepath's agent there) and receives the router the config names, or the
// one its provider implies (config/routers.ts). A new router is one file in shared/traffic/, its line in
// config/routers.ts's ROUTERS (what the config can ask of it) and its line in a registry here.

/** What a router is built over: the environment and this run's files, processes and log (a provider's deps). */
export interface RouterSite {
  environment: { name: string; provider: ProviderName; timeoutMs: number; config: EnvironmentConfig; durations: Pick<EnvironmentDurations, 'nginxSettle'> }
  store: { dir: string; fence?: () => void }
  workspace: string
  env: Record<string, string>
  glidepathEnv?: Record<string, string | undefined>
  log: { info(message: string): void; warning(message: string): void }
}

/** Where the router runs and how it is reached: this machine when nothing is given. */
export interface RouterTransport {
  /** The host over SSH (nginx's files and commands are there). */
  host?: SshHost
  /** Glidepath's agent on that host: Glidepath's router there is driven through it. */
  agent?: AgentTransport
}

/** What a router in front of slots reads of them (compose's blue and green): how to reach a slot, the routes in force. */
export type SlotAccess = Pick<NginxSlotsOptions, 'reach' | 'routes'>

/** A router pointed at releases by address; the routes in force are the local router's own, or the slots' record. */
export type FrontRouter = LocalReleaseRouter | AgentRouter | NginxSlots

/** The port and address Glidepath's router listens on: the provider section's; a preview's is chosen when it first starts. */
function ownRouter(site: RouterSite): { port: number | undefined; listen: string | undefined } {
  const { config, provider } = site.environment
  const port = provider === 'compose' ? config.compose?.port : config.local?.port
  return { port: port ?? (config.pullRequests ? undefined : DEFAULT_ROUTER_PORT), listen: provider === 'compose' ? undefined : config.local?.listen }
}

const common = (site: RouterSite) => ({ cwd: site.workspace, env: site.env, timeoutMs: site.environment.timeoutMs, log: (m: string) => site.log.info(m) })
const nginxHost = (site: RouterSite, via: RouterTransport) => (via.host ? sshNginxHost(via.host, site.environment.timeoutMs) : undefined)

/** Routers in front of a platform's releases (local, compose), one line each. */
const FRONT_ROUTERS: Partial<Record<RouterName, (site: RouterSite, via: RouterTransport & { slots?: SlotAccess }) => FrontRouter>> = {
  // Glidepath's router: on a host through the agent, else a process on this machine.
  local: (site, via) => {
    const { port, listen } = ownRouter(site)
    if (via.agent) return new AgentRouter(via.agent, { port: port ?? DEFAULT_ROUTER_PORT, listen }, site.environment.timeoutMs)
    return new LocalReleaseRouter(new LocalRouterClient(site.store.dir, port, listen, cohortsOf(site.environment.config.canary), () => previewAccess(site)), site.log)
  },
  nginx: (site, via) => {
    const nginx = site.environment.config.traffic?.nginx
    if (!nginx || !via.slots) throw new Error(`router nginx in front of releases needs traffic.nginx and the provider's slots (${site.environment.provider})`)
    return new NginxSlots({ nginx: { ...nginx, settleMs: site.environment.durations.nginxSettle }, ...via.slots, ...common(site), cohorts: cohortsOf(site.environment.config.canary), host: nginxHost(site, via) })
  },
}

/** Routers between two backends the platform already has (the command provider's), one line each. */
const BACKEND_ROUTERS: Partial<Record<RouterName, (site: RouterSite, via: RouterTransport & { setWeight?: CommandRouter['setWeight'] }) => TrafficRouter | undefined>> = {
  nginx: (site, via) => {
    const nginx = site.environment.config.traffic?.nginx
    return nginx ? new NginxRouter({ ...nginx, settleMs: site.environment.durations.nginxSettle, cohorts: cohortsOf(site.environment.config.canary) }, { ...common(site), host: nginxHost(site, via), fence: () => site.store.fence?.() }) : undefined
  },
  // The user's set-weight command (the provider runs it with every value of the run in its environment).
  command: (_site, via) => (via.setWeight ? new CommandRouter(via.setWeight) : undefined),
}

/** The router in front of the releases of a local or compose environment (the config refuses any other). */
export function frontRouter(site: RouterSite, via: RouterTransport & { slots?: SlotAccess } = {}): FrontRouter {
  const config = site.environment.config
  // An environment whose targets each name their nginx (its own section has none) routes nothing itself: Glidepath's router stands in, as it always has.
  const named = routerOf(config, site.environment.provider) ?? 'local'
  const name = named === 'nginx' && !config.traffic?.nginx ? 'local' : named
  const build = FRONT_ROUTERS[name]
  if (!build) throw new Error(`router ${name} cannot be put in front of the ${site.environment.provider} provider's releases`)
  return build(site, via)
}

/** The router between a platform's two backends, or undefined when the environment routes through none (its deploy command switches). */
export function backendRouter(site: RouterSite, via: RouterTransport & { setWeight?: CommandRouter['setWeight'] } = {}): TrafficRouter | undefined {
  const name = routerOf(site.environment.config, site.environment.provider)
  return name ? BACKEND_ROUTERS[name]?.(site, via) : undefined
}
