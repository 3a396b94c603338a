import { canaryStep, parseStepRequest } from '../../../shared/flows/canary.js'
import { renderDeploySummary } from '../../../shared/report/summary.js'
import { readCommon } from '../../../shared/runtime/inputs.js'
import type { Runtime } from '../../../shared/runtime/runtime.js'

export async function run(runtime: Runtime): Promise<void> {
  const step = parseStepRequest(runtime.input('step'))
  const outcome = await canaryStep(runtime, {
    ...readCommon(runtime),
    step,
    reason: runtime.input('reason') || undefined,
    timeout: runtime.input('timeout') || undefined,
    pause: runtime.input('pause') || undefined,
  })
  if (outcome.skipped) return
  runtime.setOutput('decision', outcome.decision)
  runtime.setOutput('weight', String(outcome.weight))
  runtime.setOutput('step', outcome.step === null ? '' : String(outcome.step))
  runtime.setOutput('analysis', JSON.stringify(outcome.analysis))
  runtime.setOutput('reason', outcome.reason)
  runtime.setOutput('skipped', 'false')
  if (outcome.record) runtime.summary(renderDeploySummary(outcome.record))
  // An abort decided by analysis fails the step (so `if: failure()` rollbacks run); a requested one does not.
  if (outcome.decision === 'abort' && step !== 'abort' && outcome.record) runtime.setFailed(`Canary aborted: ${outcome.reason}`)
}
