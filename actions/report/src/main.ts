import { report } from '../../../shared/flows/entries.js'
import { readCommon, booleanInput, choiceInput } from '../../../shared/runtime/inputs.js'
import { parseDuration } from '../../../shared/time/duration.js'
import type { ActionRuntime } from '../../../shared/runtime/runtime.js'

export async function run(runtime: ActionRuntime): Promise<void> {
  const outcome = await report(runtime, {
    ...readCommon(runtime),
    status: runtime.input('status') || undefined,
    deploymentId: runtime.input('deployment-id') || undefined,
    comment: choiceInput(runtime, 'comment', ['auto', 'always', 'never'] as const) ?? 'auto',
    commentAuthor: runtime.input('comment-author') || undefined,
    slackWebhook: runtime.input('slack-webhook') || undefined,
    webhookUrl: runtime.input('webhook-url') || undefined,
    failOnNotifyError: booleanInput(runtime, 'fail-on-notify-error'),
    metricsDays: runtime.input('delivery-metrics') ? Math.round(parseDuration(runtime.input('delivery-metrics'), 'delivery-metrics') / 86_400_000) : 0,
  })
  if (outcome.skipped) return
  runtime.setOutput('comment-id', outcome.comment ? String(outcome.comment.id) : '')
  runtime.setOutput('comment-url', outcome.comment?.url ?? '')
  runtime.setOutput('notified', outcome.notified.join(','))
  runtime.setOutput('record', outcome.record ? JSON.stringify(outcome.record) : '')
  const m = outcome.delivery
  if (m) {
    runtime.setOutput('deployment-frequency', String(m.frequencyPerDay))
    runtime.setOutput('change-failure-rate', m.changeFailureRate === null ? '' : String(m.changeFailureRate))
    runtime.setOutput('time-to-restore', m.timeToRestoreMinutes === null ? '' : String(m.timeToRestoreMinutes))
    runtime.setOutput('lead-time', m.leadTimeHours === null ? '' : String(m.leadTimeHours))
  }
}
