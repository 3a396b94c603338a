import { loadWorkspaceConfig } from '../config/load.js'
import { resolveEnvironment, type ResolvedEnvironment } from '../config/resolve.js'
import { Markdown, md } from '../report/md.js'
import type { Runtime } from '../runtime/runtime.js'
import type { GlidepathConfig } from '../config/types.js'
import type { CommonSettings } from '../runtime/inputs.js'
import type { StepRequest } from '../machine/transitions.js'
import { GlidepathError } from '../errors/index.js'

// The first thing every action does, and all a run for no environment does: read the config and resolve
// the environment. Light on purpose (config and report/md only): the actions' entries load the
// operations (state, providers, judge, GitHub) after it, in chunks of their own, so a push to a branch
// that deploys nowhere starts and ends at the toolkit's speed (issue 37 item 5).

/** The config read and the environment resolved, handed on to openTarget so neither is done twice. */
export type FirstLook = { kind: 'resolved'; config: GlidepathConfig; environment: ResolvedEnvironment } | { kind: 'none'; reason: string }

export function resolveFirst(runtime: Runtime, settings: CommonSettings, version?: string): FirstLook {
  const config = loadWorkspaceConfig(runtime.context.workspace, settings.config, settings.configText)
  const resolution = resolveEnvironment(config, runtime.context, settings.environment, version)
  return resolution.kind === 'none' ? { kind: 'none', reason: resolution.reason } : { kind: 'resolved', config, environment: resolution.environment }
}

/** Nothing to do here: a notice, every output empty, skipped true, and a one-line summary. */
export function reportNoEnvironment(runtime: Runtime, reason: string, outputs: readonly string[]): void {
  runtime.notice(`Nothing to deploy: ${reason}.`, { title: 'Glidepath' })
  for (const o of outputs) runtime.setOutput(o, '')
  runtime.setOutput('skipped', 'true')
  runtime.summary(new Markdown().heading('Glidepath').para(md`Nothing to do: ${reason}.`).toString())
}

/** The outputs report sets (empty when there is nothing to report on). */
export const REPORT_OUTPUTS = ['comment-id', 'comment-url'] as const

/** The outputs deploy sets (all empty when it deploys nothing). */
export const DEPLOY_OUTPUTS = ['environment', 'environment-url', 'deployment-id', 'version', 'previous-version', 'strategy', 'record', 'transition'] as const

/** canary-step's step input: next, all, promote, abort or a step index. */
export function parseStepRequest(raw: string): StepRequest {
  const v = raw.trim() || 'next'
  if (v === 'next' || v === 'all' || v === 'promote' || v === 'abort') return v
  if (/^[0-9]+$/.test(v)) return Number(v)
  throw new GlidepathError('GP-CANARY-002', `step "${v}" is not a canary step.`, { fix: 'Use next, all, promote, abort or a step index (0, 1, ...).' })
}
