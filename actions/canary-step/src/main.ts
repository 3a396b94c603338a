import { parseStepRequest } from '../../../shared/flows/resolve-first.js'
import { canaryStep } from '../../../shared/flows/entries.js'
import { readCommon, booleanInput, durationInput } from '../../../shared/runtime/inputs.js'
import type { ActionRuntime } from '../../../shared/runtime/runtime.js'

const IN_FLIGHT = 'canary_in_flight'

export async function run(runtime: ActionRuntime): Promise<void> {
  const step = parseStepRequest(runtime.input('step'))
  // Until this step finishes, a cancelled job's post step must put traffic back on stable.
  runtime.saveState(IN_FLIGHT, 'true')
  const outcome = await canaryStep(runtime, {
    ...readCommon(runtime),
    step,
    reason: runtime.input('reason') || undefined,
    timeoutMs: durationInput(runtime, 'timeout'),
    pauseMs: durationInput(runtime, 'pause'),
    overrideWindow: runtime.input('override-window').trim() || undefined,
    verify: booleanInput(runtime, 'verify', true),
  })
  runtime.saveState(IN_FLIGHT, '')
  if (outcome.skipped) return
  runtime.setOutput('decision', outcome.decision)
  runtime.setOutput('weight', String(outcome.weight))
  runtime.setOutput('step', outcome.step === null ? '' : String(outcome.step))
  runtime.setOutput('analysis', JSON.stringify(outcome.analysis))
  runtime.setOutput('reason', outcome.reason)
  runtime.setOutput('transition', outcome.transition ?? '')
  runtime.setOutput('skipped', 'false')
  // Environments with targets: the waves wrote their own summary table and waves output.
  if (!outcome.waves && outcome.record) runtime.summary((await import('../../../shared/report/summary.js')).renderDeploySummary(outcome.record, { ...outcome.after }))
  // An abort decided by analysis and a hold past its budget fail the step (so `if: failure()` rollbacks
  // run, and no job ends green with traffic split); a requested abort does not.
  if (outcome.failure) throw outcome.failure
}

/** The post step: runs after every job; acts only when the main step never finished (cancelled, killed). */
export async function post(runtime: ActionRuntime): Promise<void> {
  if (runtime.getState(IN_FLIGHT) !== 'true') return
  runtime.warning('canary-step did not finish (the job was cancelled or the step killed); aborting the canary so traffic is back on stable.')
  await canaryStep(runtime, { ...readCommon(runtime), step: 'abort', reason: 'job cancelled during canary-step' })
}
