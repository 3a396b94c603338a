import { GlidepathError } from '../errors/index.js'
import type { Provider, ProviderDeps } from './types.js'

// The provider registry: a new platform is one file plus one line here. Each provider is loaded only
// when an environment uses it (its own chunk in the bundles), so an action starts without parsing
// the Kubernetes, Helm, Compose and router code a run may never need.
type Make = (deps: ProviderDeps) => Provider
const LOADERS: Record<string, () => Promise<Make>> = {
  local: async () => { const m = await import('./local.js'); return (deps) => new m.LocalProvider(deps) },
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

/** Loads a provider's code (once); createProvider then builds it synchronously. */
export async function loadProvider(deps: Pick<ProviderDeps, 'environment'>): Promise<void> {
  const name = deps.environment.provider
  if (loaded.has(name)) return
  const load = LOADERS[name]
  if (!load) throw unavailable(deps)
  loaded.set(name, await load())
}

export function createProvider(deps: ProviderDeps): Provider {
  const make = loaded.get(deps.environment.provider)
  if (!make) {
    if (!LOADERS[deps.environment.provider]) throw unavailable(deps)
    throw new Error(`provider ${deps.environment.provider} used before loadProvider()`)
  }
  return make(deps)
}
