import { chooseVersion } from './version.js'
import { resolveFirst, reportNoEnvironment, DEPLOY_OUTPUTS, REPORT_OUTPUTS } from './resolve-first.js'
import type { ReportSettings, ReportOutcome } from './report.js'
import type { DeploySettings, DeployOutcome } from './deploy.js'
import type { CanaryStepSettings, CanaryOutcome } from './canary.js'
import type { RollbackSettings, RollbackOutcome } from './rollback.js'
import type { Runtime } from '../runtime/runtime.js'

// The actions' entries: read the config and resolve the environment, and only then load the operations
// (operations.ts and everything under it: state, providers, the judge, GitHub) in a chunk of their own. A
// run that resolves to no environment never loads them, so it starts at the bare toolkit action's speed.

const operations = () => import('./operations.js')

/**
 * deploy: resolve the environment, lock it, write an in-progress record, roll the version out with the
 * environment's strategy and record the result. On failure the previous version keeps serving.
 */
export async function deploy(runtime: Runtime, settings: DeploySettings): Promise<DeployOutcome> {
  const known = Boolean(settings.version || settings.image || runtime.context.sha)
  const first = resolveFirst(runtime, settings, known ? chooseVersion(settings.version, settings.image, runtime.context) : undefined)
  if (first.kind === 'none') {
    reportNoEnvironment(runtime, first.reason, DEPLOY_OUTPUTS)
    return { skipped: true }
  }
  return (await operations()).deploy(runtime, settings, first)
}

/**
 * canary-step: advances the environment's canary (SPEC section 5). Step state is written before traffic
 * changes; a re-run of the same job step resumes its step instead of advancing again.
 */
export async function canaryStep(runtime: Runtime, settings: CanaryStepSettings): Promise<CanaryOutcome> {
  const first = resolveFirst(runtime, settings)
  if (first.kind === 'none') {
    reportNoEnvironment(runtime, first.reason, ['decision', 'weight', 'step', 'analysis', 'reason'])
    return { skipped: true, decision: 'complete', weight: 0, step: null, reason: first.reason, analysis: [] }
  }
  return (await operations()).canaryStep(runtime, settings, first)
}

/**
 * rollback: a canary in flight is aborted (its traffic back to stable); otherwise the environment
 * returns to the last good version before the current one, or to `to`.
 */
export async function rollback(runtime: Runtime, settings: RollbackSettings): Promise<RollbackOutcome> {
  const first = resolveFirst(runtime, settings)
  if (first.kind === 'none') {
    reportNoEnvironment(runtime, first.reason, ['from-version', 'to-version', 'rolled-back'])
    return { skipped: true, rolledBack: false }
  }
  return (await operations()).rollback(runtime, settings, first)
}

/** report: the environment's state as a sticky comment, a summary and notifications. */
export async function report(runtime: Runtime, settings: ReportSettings): Promise<ReportOutcome> {
  if (settings.slackWebhook) runtime.mask(settings.slackWebhook)
  if (settings.webhookUrl) runtime.mask(settings.webhookUrl)
  const first = resolveFirst(runtime, settings)
  if (first.kind === 'none') {
    reportNoEnvironment(runtime, first.reason, REPORT_OUTPUTS)
    return { skipped: true, notified: [] }
  }
  return (await import('./report.js')).report(runtime, settings, first)
}

