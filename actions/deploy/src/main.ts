import { deploy } from '../../../shared/flows/entries.js'
import { readCommon, booleanInput, choiceInput, durationInput } from '../../../shared/runtime/inputs.js'
import { GlidepathError } from '../../../shared/errors/index.js'
import type { ActionRuntime } from '../../../shared/runtime/runtime.js'

function waveInput(raw: string): number {
  if (!/^\s*[1-9][0-9]*\s*$/.test(raw)) throw new GlidepathError('GP-INPUT-001', `Input wave is "${raw}", not a wave number.`, { fix: 'Pass a wave number (1, 2, ...) of an environment with targets, or leave wave empty to run every wave.' })
  return Number(raw)
}

export async function run(runtime: ActionRuntime): Promise<void> {
  const settings = {
    ...readCommon(runtime),
    version: runtime.input('version') || undefined,
    image: runtime.input('image') || undefined,
    strategy: choiceInput(runtime, 'strategy', ['rolling', 'canary', 'blue-green'] as const),
    dryRun: booleanInput(runtime, 'dry-run'),
    timeoutMs: durationInput(runtime, 'timeout'),
    teardown: booleanInput(runtime, 'teardown'),
    verify: booleanInput(runtime, 'verify', true),
    wave: runtime.input('wave') ? waveInput(runtime.input('wave')) : undefined,
    overrideWindow: runtime.input('override-window').trim() || undefined,
  }
  if (booleanInput(runtime, 'reap')) {
    const { reap } = await import('../../../shared/flows/reap.js')
    runtime.setOutput('reaped', (await reap(runtime, settings)).join(','))
    return
  }
  const outcome = await deploy(runtime, settings)
  if (outcome.waves) {
    const w = outcome.waves
    const previous = [...new Set(w.targets.map((t) => t.previousVersion ?? ''))]
    runtime.setOutput('environment', w.environment)
    runtime.setOutput('environment-url', outcome.environmentUrl ?? '')
    runtime.setOutput('deployment-id', w.id)
    runtime.setOutput('version', w.version)
    runtime.setOutput('previous-version', previous.length === 1 ? previous[0] : previous.join(','))
    runtime.setOutput('strategy', w.strategy)
    runtime.setOutput('record', outcome.record ? JSON.stringify(outcome.record) : '')
    runtime.setOutput('transition', '')
    runtime.setOutput('skipped', 'false')
    return
  }
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
  // The summary's renderer is loaded with the operations, not at start (a run for no environment never needs it).
  const { renderDeploySummary } = await import('../../../shared/report/summary.js')
  runtime.summary(renderDeploySummary(r, { dryRun: outcome.dryRun, ...outcome.after }))
}
