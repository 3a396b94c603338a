import { GlidepathError } from '../errors/index.js'
import { postJson } from '../notify/webhook.js'
import { renderDeploySummary } from '../report/summary.js'
import { cutBytes, LIMITS } from '../report/limits.js'
import { upsertStickyComment } from '../github/comment.js'
import { openTarget, reportNoEnvironment, tellGitHub, hydrateState, type CommonSettings } from './target.js'
import type { Runtime } from '../runtime/runtime.js'
import type { DeploymentRecord } from '../state/record.js'
import { deploymentHistory, type DeploymentState } from '../github/deployments.js'
import { deliveryMetrics, renderDeliveryMetrics, type DeliveryMetrics } from '../report/delivery.js'

export interface ReportSettings extends CommonSettings {
  status?: string
  deploymentId?: string
  comment: 'auto' | 'always' | 'never'
  slackWebhook?: string
  webhookUrl?: string
  failOnNotifyError: boolean
  /** Compute delivery metrics over this many days (0: off). */
  metricsDays: number
}

export interface ReportOutcome {
  skipped: boolean
  record?: DeploymentRecord
  notified: string[]
  comment?: { id: number; url: string }
  delivery?: DeliveryMetrics
}

// A job result or record status, as a deployment status.
const STATE_OF: Record<string, DeploymentState> = {
  success: 'success', failure: 'failure', cancelled: 'error', error: 'error', aborted: 'failure', rolled_back: 'failure', inactive: 'inactive', in_progress: 'in_progress',
}

/** One record rendered for every surface: job summary, sticky PR comment, deployment status, Slack and a JSON webhook. */
export async function report(runtime: Runtime, settings: ReportSettings): Promise<ReportOutcome> {
  if (settings.slackWebhook) runtime.mask(settings.slackWebhook)
  if (settings.webhookUrl) runtime.mask(settings.webhookUrl)
  const targeting = openTarget(runtime, settings)
  if (targeting.kind === 'none') {
    reportNoEnvironment(runtime, targeting.reason, ['comment-id', 'comment-url'])
    return { skipped: true, notified: [] }
  }
  const { store, environment, github } = targeting.target
  await hydrateState(runtime, targeting.target)
  const records = store.read().records
  const record = settings.deploymentId ? records.find((r) => r.id === settings.deploymentId || r.deploymentId === settings.deploymentId) : records[records.length - 1]
  if (!record) {
    if (settings.deploymentId && !github) throw new GlidepathError('GP-STATE-001', `No deployment ${settings.deploymentId} in ${environment.name}'s records.`, { fix: 'Pass the deployment-id output of the deploy step.' })
    runtime.notice(`${environment.name} has no deployment record here; nothing to report.`)
    return { skipped: false, notified: [] }
  }
  const markdown = renderDeploySummary(record)
  runtime.summary(cutBytes(markdown, LIMITS.summary))
  const outcome: ReportOutcome = { skipped: false, record, notified: [] }
  const status = settings.status || record.status

  if (github && record.deploymentId && settings.status && STATE_OF[settings.status]) {
    const desc = `${record.version}: ${status}${record.reason ? ` - ${record.reason}` : ''}`
    await tellGitHub(runtime, 'report status', () => github.api.setStatus(record.deploymentId as string, STATE_OF[settings.status as string], { description: desc, environmentUrl: record.url }))
  }
  const pr = runtime.context.pr?.number
  const wantComment = settings.comment === 'always' || (settings.comment === 'auto' && runtime.context.eventName.startsWith('pull_request'))
  if (wantComment && github && pr) {
    outcome.comment = await upsertStickyComment(github.client, pr, environment.name, markdown)
    runtime.info(`${outcome.comment.url ? `PR comment: ${outcome.comment.url}` : 'PR comment updated'}.`)
  } else if (wantComment && settings.comment === 'always') {
    runtime.notice(github ? 'No pull request in this run; no comment was written.' : 'No GitHub token or repository; no comment was written.')
  }

  if (settings.metricsDays > 0 && github) {
    const history = await deploymentHistory(github.client, environment.name, Date.now() - settings.metricsDays * 86_400_000)
    outcome.delivery = deliveryMetrics(history, settings.metricsDays)
    runtime.summary(renderDeliveryMetrics(environment.name, outcome.delivery))
  }

  const text = `${record.kind === 'rollback' ? 'Rollback' : 'Deploy'} of ${record.version} to ${record.environment}: ${status}${record.reason ? ` (${record.reason})` : ''}`
  const targets: Array<[string, string | undefined, unknown]> = [
    ['Slack webhook', settings.slackWebhook, { text }],
    ['webhook', settings.webhookUrl, { event: 'glidepath.report', status, record }],
  ]
  for (const [label, url, body] of targets) {
    if (!url) continue
    try {
      await postJson(url, body, { label })
      outcome.notified.push(label)
    } catch (e) {
      if (settings.failOnNotifyError) throw e
      runtime.warning((e as GlidepathError).headline?.() ?? String(e))
    }
  }
  return outcome
}
