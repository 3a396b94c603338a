import { report } from '../../../shared/flows/report.js'
import { readCommon, booleanInput, choiceInput } from '../../../shared/runtime/inputs.js'
import type { Runtime } from '../../../shared/runtime/runtime.js'

export async function run(runtime: Runtime): Promise<void> {
  const outcome = await report(runtime, {
    ...readCommon(runtime),
    status: runtime.input('status') || undefined,
    deploymentId: runtime.input('deployment-id') || undefined,
    comment: choiceInput(runtime, 'comment', ['auto', 'always', 'never'] as const) ?? 'auto',
    slackWebhook: runtime.input('slack-webhook') || undefined,
    webhookUrl: runtime.input('webhook-url') || undefined,
    failOnNotifyError: booleanInput(runtime, 'fail-on-notify-error'),
  })
  if (outcome.skipped) return
  runtime.setOutput('comment-id', outcome.comment ? String(outcome.comment.id) : '')
  runtime.setOutput('comment-url', outcome.comment?.url ?? '')
  runtime.setOutput('notified', outcome.notified.join(','))
  runtime.setOutput('record', outcome.record ? JSON.stringify(outcome.record) : '')
}
