import { rollback } from '../../../shared/flows/entries.js'
import { readCommon, durationInput } from '../../../shared/runtime/inputs.js'
import type { ActionRuntime } from '../../../shared/runtime/runtime.js'

export async function run(runtime: ActionRuntime): Promise<void> {
  const outcome = await rollback(runtime, {
    ...readCommon(runtime),
    to: runtime.input('to') || undefined,
    reason: runtime.input('reason') || undefined,
    timeoutMs: durationInput(runtime, 'timeout'),
  })
  if (outcome.skipped) return
  runtime.setOutput('from-version', outcome.from ?? '')
  runtime.setOutput('to-version', outcome.to ?? '')
  runtime.setOutput('rolled-back', String(outcome.rolledBack))
  runtime.setOutput('transition', outcome.transition ?? '')
  runtime.setOutput('skipped', 'false')
  // Environments with targets: the waves wrote their own summary table and waves output.
  if (!outcome.waves && outcome.record) runtime.summary((await import('../../../shared/report/summary.js')).renderDeploySummary(outcome.record, { ...outcome.after }))
}
