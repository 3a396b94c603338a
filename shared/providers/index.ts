import { GlidepathError } from '../errors/index.js'
import { SshHost } from '../ssh/host.js'
import type { SshConfig } from '../config/types.js'
import type { Provider, ProviderDeps } from './types.js'

// The provider registry: a new platform is one file plus one line here. Each provider is loaded only
// when an environment uses it (its own chunk in the bundles), so an action starts without parsing
// the Kubernetes, Helm, Compose and router code a run may never need.
type Make = (deps: ProviderDeps) => Provider
const LOADERS: Record<string, () => Promise<Make>> = {
  local: async () => { const m = await import('./local.js'); return (deps) => new m.LocalProvider(deps) },
  // The local provider on a host over SSH: the runner's half (the host runs local.js through the agent).
  'local-ssh': async () => { const m = await import('./local-ssh.js'); return (deps) => new m.SshLocalProvider(deps) },
  command: async () => { const m = await import('./command.js'); return (deps) => new m.CommandProvider(deps) },
  kubernetes: async () => { const m = await import('./kubernetes.js'); return (deps) => new m.KubernetesProvider(deps) },
  helm: async () => { const m = await import('./helm.js'); return (deps) => new m.HelmProvider(deps) },
  compose: async () => { const m = await import('./compose.js'); return (deps) => new m.ComposeProvider(deps) },
}
const loaded = new Map<string, Make>()

function unavailable(deps: Pick<ProviderDeps, 'environment'>): GlidepathError {
  return new GlidepathError('GP-PROVIDER-006', `Provider "${deps.environment.provider}" is not available in this version of Glidepath.`, {
    fix: `Use provider local or command for environments.${deps.environment.key}, or a Glidepath release that ships the ${deps.environment.provider} provider.`,
  })
}

/** Which code drives an environment: the provider's, or its SSH variant when it has one and a host. */
function codeOf(deps: Pick<ProviderDeps, 'environment'>): string {
  const name = deps.environment.provider
  return deps.environment.config.ssh?.host && LOADERS[`${name}-ssh`] ? `${name}-ssh` : name
}

/**
 * Loads a provider's code (once); createProvider then builds it synchronously. An environment whose
 * targets are hosts over SSH gets the SSH variant as well (its targets are built from it).
 */
export async function loadProvider(deps: Pick<ProviderDeps, 'environment'>): Promise<void> {
  const { config, provider } = deps.environment
  const names = [provider, codeOf(deps)]
  if (config.targets?.some((t) => !t.provider && t.ssh?.host) && LOADERS[`${provider}-ssh`]) names.push(`${provider}-ssh`)
  // A mixed fleet: each target's own provider (and its SSH variant for a target on a host).
  for (const t of config.targets ?? []) {
    if (!t.provider) continue
    names.push(t.provider)
    if ((t.ssh?.host ?? config.ssh?.host) && LOADERS[`${t.provider}-ssh`]) names.push(`${t.provider}-ssh`)
  }
  for (const name of new Set(names)) {
    if (loaded.has(name)) continue
    const load = LOADERS[name]
    if (!load) throw unavailable(deps)
    loaded.set(name, await load())
  }
}

export function createProvider(deps: ProviderDeps): Provider {
  const make = loaded.get(codeOf(deps))
  if (!make) {
    if (!LOADERS[deps.environment.provider]) throw unavailable(deps)
    throw new Error(`provider ${deps.environment.provider} used before loadProvider()`)
  }
  return make(deps.host || !deps.environment.config.ssh?.host ? deps : { ...deps, host: hostOf(deps) })
}

/** The environment's host over SSH: the transport its provider, router and lock are given. */
function hostOf(deps: Pick<ProviderDeps, 'environment' | 'env' | 'store'>): SshHost {
  return new SshHost(deps.environment.config.ssh as SshConfig, deps.env, deps.store.dir)
}
