import { GlidepathError } from '../errors/index.js'
import { LocalProvider } from './local.js'
import { CommandProvider } from './command.js'
import { KubernetesProvider } from './kubernetes.js'
import { HelmProvider } from './helm.js'
import { ComposeProvider } from './compose.js'
import type { Provider, ProviderDeps } from './types.js'

// The provider registry: a new platform is one file plus one line here.
const PROVIDERS: Record<string, (deps: ProviderDeps) => Provider> = {
  local: (deps) => new LocalProvider(deps),
  command: (deps) => new CommandProvider(deps),
  kubernetes: (deps) => new KubernetesProvider(deps),
  helm: (deps) => new HelmProvider(deps),
  compose: (deps) => new ComposeProvider(deps),
}

export function createProvider(deps: ProviderDeps): Provider {
  const make = PROVIDERS[deps.environment.provider]
  if (!make) {
    throw new GlidepathError('GP-PROVIDER-006', `Provider "${deps.environment.provider}" is not available in this version of Glidepath.`, {
      fix: `Use provider local or command for environments.${deps.environment.key}, or a Glidepath release that ships the ${deps.environment.provider} provider.`,
    })
  }
  return make(deps)
}
