import { handleComment } from '../../../shared/flows/comment-entry.js'
import { readCommon, choiceInput, durationInput } from '../../../shared/runtime/inputs.js'
import type { ActionRuntime } from '../../../shared/runtime/runtime.js'

export async function run(runtime: ActionRuntime): Promise<void> {
  const outcome = await handleComment(runtime, {
    ...readCommon(runtime),
    phase: choiceInput(runtime, 'phase', ['check', 'run'] as const) ?? 'run',
    commandToken: runtime.input('token') || undefined,
    decision: runtime.input('decision') || undefined,
    version: runtime.input('version') || undefined,
    image: runtime.input('image') || undefined,
    timeoutMs: durationInput(runtime, 'timeout'),
  })
  runtime.setOutput('command', outcome.command?.name ?? '')
  runtime.setOutput('allowed', String(outcome.allowed))
  runtime.setOutput('environment', outcome.environment ?? '')
  runtime.setOutput('sha', outcome.sha ?? '')
  runtime.setOutput('ref', outcome.ref ?? '')
  runtime.setOutput('result', outcome.result ?? '')
  runtime.setOutput('environment-name', outcome.environmentName ?? '')
  runtime.setOutput('decision', outcome.decision ?? '')
  runtime.setOutput('refusal', outcome.refusal ? `${outcome.refusal.code}: ${outcome.refusal.message}` : '')
  if (outcome.reply) runtime.summary(`### Glidepath command\n\n${outcome.reply}\n`)
}
