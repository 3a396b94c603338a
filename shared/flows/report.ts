import { GlidepathError } from '../errors/index.js'
import { postJson } from '../notify/webhook.js'
import { renderDeploySummary } from '../report/summary.js'
import { openTarget, reportNoEnvironment, type CommonSettings } from './target.js'
import type { Runtime } from '../runtime/runtime.js'
import type { DeploymentRecord } from '../state/record.js'

export interface ReportSettings extends CommonSettings {
  status?: string
  deploymentId?: string
  comment: 'auto' | 'always' | 'never'
  slackWebhook?: string
  webhookUrl?: string
  failOnNotifyError: boolean
}

export interface ReportOutcome {
  skipped: boolean
  record?: DeploymentRecord
  notified: string[]
}

/** One record rendered for every surface: the job summary, Slack and a generic JSON webhook. */
export async function report(runtime: Runtime, settings: ReportSettings): Promise<ReportOutcome> {
  if (settings.slackWebhook) runtime.mask(settings.slackWebhook)
  if (settings.webhookUrl) runtime.mask(settings.webhookUrl)
  const targeting = openTarget(runtime, settings)
  if (targeting.kind === 'none') {
    reportNoEnvironment(runtime, targeting.reason, ['comment-id', 'comment-url'])
    return { skipped: true, notified: [] }
  }
  const { store, environment } = targeting.target
  const records = store.read().records
  const record = settings.deploymentId ? records.find((r) => r.id === settings.deploymentId || r.deploymentId === settings.deploymentId) : records[records.length - 1]
  if (!record) {
    if (settings.deploymentId) throw new GlidepathError('GP-STATE-001', `No deployment ${settings.deploymentId} in ${environment.name}'s records.`, { fix: 'Pass the deployment-id output of the deploy step.' })
    runtime.notice(`${environment.name} has no deployment record yet; nothing to report.`)
    return { skipped: false, notified: [] }
  }
  runtime.summary(renderDeploySummary(record))
  const notified: string[] = []
  const text = `${record.kind === 'rollback' ? 'Rollback' : 'Deploy'} of ${record.version} to ${record.environment}: ${settings.status || record.status}${record.reason ? ` (${record.reason})` : ''}`
  const targets: Array<[string, string | undefined, unknown]> = [
    ['Slack webhook', settings.slackWebhook, { text }],
    ['webhook', settings.webhookUrl, { event: 'glidepath.report', status: settings.status || record.status, record }],
  ]
  for (const [label, url, body] of targets) {
    if (!url) continue
    try {
      await postJson(url, body, { label })
      notified.push(label)
    } catch (e) {
      if (settings.failOnNotifyError) throw e
      runtime.warning((e as GlidepathError).headline?.() ?? String(e))
    }
  }
  if (settings.comment === 'always') runtime.notice('PR comments need the GitHub integration, which this version does not include yet; the summary and webhooks were sent.')
  return { skipped: false, record, notified }
}
