import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { load } from 'js-yaml'
import { loadWorkspaceConfig } from '../config/load.js'
import { loadChecks } from '../smoke/checks.js'
import { GlidepathError, toGlidepathError, type Problem } from '../errors/index.js'
import type { EventContext } from '../runtime/context.js'

// glidepath validate: the config and every smoke check file it names (and any given), checked the way
// the actions check them, every problem at once with its file and line. Nothing runs and nothing changes;
// usable in pre-commit and as a workflow step.

export interface ValidateSettings {
  config: string
  /** Extra check files to validate beside those the environments name. */
  checks: string[]
}

export interface Validation {
  environments: string[]
  checkFiles: string[]
}

/** The smoke check files a config names, read leniently (the config itself may be invalid). */
function checkFilesNamed(file: string): string[] {
  try {
    const doc = load(readFileSync(file, 'utf8')) as { environments?: Record<string, { smoke?: { checks?: unknown } } | null> } | null
    return Object.values(doc?.environments ?? {}).map((env) => env?.smoke?.checks).filter((c): c is string => typeof c === 'string')
  } catch {
    return []
  }
}

export function validateFiles(ctx: Pick<EventContext, 'workspace'>, settings: ValidateSettings): Validation {
  const problems: Problem[] = []
  let code: GlidepathError['code'] | undefined
  const collect = (e: unknown) => {
    const err = toGlidepathError(e)
    code ??= err.code
    problems.push(...(err.problems.length ? err.problems : [{ message: err.message, file: err.file, line: err.line, hint: err.fix }]))
  }
  let environments: string[] = []
  const checkFiles = new Set(settings.checks)
  try {
    const config = loadWorkspaceConfig(ctx.workspace, settings.config)
    environments = Object.keys(config.environments)
    for (const env of Object.values(config.environments)) if (env.smoke?.checks) checkFiles.add(env.smoke.checks)
  } catch (e) {
    collect(e)
    // An invalid config still names its check files: validate them too, so one run lists everything.
    for (const file of checkFilesNamed(resolve(ctx.workspace, settings.config))) checkFiles.add(file)
  }
  for (const file of checkFiles) {
    try {
      loadChecks(file, ctx.workspace, {})
    } catch (e) {
      collect(e)
    }
  }
  if (problems.length) {
    throw new GlidepathError(code ?? 'GP-CONFIG-002', `${problems.length} problem(s) in ${[settings.config, ...checkFiles].join(', ')}; nothing ran.`, { problems, fix: 'Correct each problem listed (file, line, key path and the expected form are given), then validate again.' })
  }
  return { environments, checkFiles: [...checkFiles] }
}
