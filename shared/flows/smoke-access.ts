import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { isPrivatePreview, previewToken, ACCESS_HEADER } from '../traffic/local/access.js'
import { loadWorkspaceConfig } from '../config/load.js'
import { resolveEnvironment, type ResolvedEnvironment } from '../config/resolve.js'
import { stateDirOf } from '../files/paths.js'
import { StateStore } from '../state/store.js'
import type { CommonSettings, Target } from './target.js'
import type { Runtime } from '../runtime/runtime.js'

// smoke-test's reading of the environment for a private preview's token: loaded only when the workspace
// has a config (a run given its url and checks alone starts without the config's reader).

/**
 * The token header of a private preview (previews.private) the step's environment resolves to; undefined
 * otherwise. The target opened for the url or checks is used as it is; else the config is read for this.
 */
export function previewHeaders(runtime: Runtime, settings: Pick<CommonSettings, 'config' | 'configText' | 'environment'>, opened: Target | undefined): Record<string, string> | undefined {
  let environment: ResolvedEnvironment
  let dir: string
  // The preview secret is Glidepath's (runtime.env): a preview's processes never get it.
  const env = runtime.env
  if (opened) {
    environment = opened.environment
    dir = opened.store.dir
  } else {
    const workspace = runtime.context.workspace
    if (!settings.configText && !existsSync(resolve(workspace, settings.config))) return undefined
    try {
      const config = loadWorkspaceConfig(workspace, settings.config, settings.configText)
      const resolved = resolveEnvironment(config, runtime.context, settings.environment)
      if (resolved.kind !== 'resolved') return undefined
      environment = resolved.environment
      dir = new StateStore(stateDirOf(workspace, environment.config, config.defaults), environment.name).dir
    } catch {
      return undefined // the checks were given in full; a config they do not need does not stop them
    }
  }
  if (!isPrivatePreview(environment.config)) return undefined
  const token = previewToken(environment, env, dir)
  return token ? { [ACCESS_HEADER]: token } : undefined
}

