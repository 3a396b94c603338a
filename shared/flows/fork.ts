import type { EventContext } from '../runtime/context.js'
import type { EnvironmentConfig } from '../config/types.js'

// A fork's pull request and its preview (previews.forks: command): a fork's own events never open one;
// a writer's /glidepath deploy comment may, to a pull-request environment that allows it; and then the
// fork's code (its release, the config's scripts run on it, its migrations) sees none of the runner's
// secrets unless previews.forkSecrets names them.

// The runner's variables a fork's preview always gets (previews.forks: command): what a program needs
// to run and the run's public facts; never a token, a secret or the preview secret.
const FORK_SAFE = /^(PATH|HOME|USER|LOGNAME|SHELL|LANG|LANGUAGE|LC_[A-Z]+|TZ|TMPDIR|TERM|CI|RUNNER_(OS|ARCH|TEMP)|GITHUB_(ACTIONS|REPOSITORY|REPOSITORY_OWNER|SHA|REF|REF_NAME|HEAD_REF|BASE_REF|RUN_ID|RUN_NUMBER|RUN_ATTEMPT|SERVER_URL|EVENT_NAME|ACTOR|WORKSPACE|JOB|WORKFLOW))$/

/**
 * The runner's variables a preview's processes (its release, the config's scripts, its database steps)
 * get: never the preview secret, from which every preview's token is made (Glidepath reads it itself);
 * for a fork's preview only the safe few and previews.forkSecrets (a fork's code is a stranger's).
 * Other environments get `env` unchanged.
 */
export function processEnv(ctx: EventContext, config: EnvironmentConfig, env: Record<string, string | undefined>): Record<string, string | undefined> {
  const previews = config.previews
  if (!previews || !config.pullRequests) return env
  const secret = previews.secretEnv ?? 'GLIDEPATH_PREVIEW_SECRET'
  const allowed = new Set(previews.forkSecrets ?? [])
  const fork = Boolean(ctx.pr?.fromFork)
  return Object.fromEntries(Object.entries(env).filter(([k]) => k !== secret && (!fork || FORK_SAFE.test(k) || allowed.has(k))))
}

/** Why a writer's /glidepath deploy on a fork's pull request may not deploy to this environment; undefined when it may. */
export function forkRefusal(key: string, config: EnvironmentConfig): string | undefined {
  const p = config.previews
  if (!config.pullRequests) return `a fork's code only ever deploys to a pull-request preview, and ${key} is not one`
  if (p?.forks !== 'command') return `environments.${key}.previews.forks is not command, so a fork's pull request never gets a preview`
  const urlEnv = config.database?.postgres?.urlEnv ?? 'DATABASE_URL'
  if (config.database && !p.forkSecrets?.includes(urlEnv)) return `${key}'s previews have a database, whose steps would run the fork's migrations, and previews.forkSecrets does not list ${urlEnv}`
  return undefined
}
