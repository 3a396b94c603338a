import { deploy } from '../../../shared/flows/deploy.js'
import { reap } from '../../../shared/flows/reap.js'
import { renderDeploySummary } from '../../../shared/report/summary.js'
import { readCommon, booleanInput, choiceInput } from '../../../shared/runtime/inputs.js'
import type { Runtime } from '../../../shared/runtime/runtime.js'

export async function run(runtime: Runtime): Promise<void> {
  const settings = {
    ...readCommon(runtime),
    version: runtime.input('version') || undefined,
    image: runtime.input('image') || undefined,
    strategy: choiceInput(runtime, 'strategy', ['rolling', 'canary', 'blue-green'] as const),
    dryRun: booleanInput(runtime, 'dry-run'),
    timeout: runtime.input('timeout') || undefined,
    teardown: booleanInput(runtime, 'teardown'),
    verify: booleanInput(runtime, 'verify', true),
  }
  if (booleanInput(runtime, 'reap')) {
    runtime.setOutput('reaped', (await reap(runtime, settings)).join(','))
    return
  }
  const outcome = await deploy(runtime, settings)
  if (outcome.skipped || !outcome.record) return
  const r = outcome.record
  runtime.setOutput('environment', r.environment)
  runtime.setOutput('environment-url', outcome.environmentUrl ?? '')
  runtime.setOutput('deployment-id', r.deploymentId ?? r.id)
  runtime.setOutput('version', r.version)
  runtime.setOutput('previous-version', r.previousVersion ?? '')
  runtime.setOutput('strategy', r.strategy)
  runtime.setOutput('record', JSON.stringify(r))
  runtime.setOutput('transition', outcome.transition ?? '')
  runtime.setOutput('skipped', 'false')
  runtime.summary(renderDeploySummary(r, { dryRun: outcome.dryRun }))
}
