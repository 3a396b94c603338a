import { validateFiles } from '../../shared/flows/validate.js'
import { planDeploy, renderPlan } from '../../shared/flows/plan.js'
import { GlidepathError } from '../../shared/errors/index.js'
import { initRepository, parseHosts } from '../../shared/flows/init.js'
import { choiceInput, booleanInput, numberInput } from '../../shared/runtime/inputs.js'
import { rebuildState } from '../../shared/flows/state.js'
import { previewLinkOf } from '../../shared/flows/previews.js'
import { readCommon } from '../../shared/runtime/inputs.js'
import type { ActionRuntime } from '../../shared/runtime/runtime.js'

// The CLI's own commands (not actions): glidepath validate, plan, init, state rebuild and preview-link. Inputs -> core -> outputs.

const config = (runtime: ActionRuntime) => runtime.input('config') || '.github/glidepath.yml'

/** glidepath validate [--config FILE] [--checks FILE[,FILE...]]: every problem with its file and line; exit 1 on any. */
export async function runValidate(runtime: ActionRuntime): Promise<void> {
  const checks = runtime.input('checks').split(/[,\n]/).map((s) => s.trim()).filter(Boolean)
  const v = validateFiles(runtime.context, { config: config(runtime), checks })
  runtime.info(`${config(runtime)} is valid: ${v.environments.length} environment(s) (${v.environments.join(', ')})${v.checkFiles.length ? `; check files valid: ${v.checkFiles.join(', ')}` : ''}.`)
  runtime.setOutput('valid', 'true')
  runtime.setOutput('environments', v.environments.join(','))
}

/** glidepath plan [--environment E] [--version V] [--rate N] [--error-rate P]: what a deploy would do; changes nothing. */
export async function runPlan(runtime: ActionRuntime): Promise<void> {
  const plan = await planDeploy(runtime, {
    config: config(runtime),
    environment: runtime.input('environment') || undefined,
    version: runtime.input('version') || undefined,
    image: runtime.input('image') || undefined,
    rate: numberInput(runtime, 'rate', 0, 1e7, 'Pass the requests per second reaching the environment, e.g. --rate 15.'),
    errorRate: numberInput(runtime, 'error-rate', 0, 1, 'Pass a share of requests, e.g. --error-rate 0.5% or 0.005.'),
  })
  if ('none' in plan) {
    runtime.notice(`Nothing would deploy: ${plan.none}.`)
    runtime.setOutput('environment', '')
    return
  }
  for (const line of renderPlan(plan).split('\n')) runtime.info(line)
  runtime.setOutput('environment', plan.environment)
  runtime.setOutput('transition', plan.transition?.name ?? '')
  if (plan.promotesWithinPauses !== undefined) runtime.setOutput('promotes-within-pauses', String(plan.promotesWithinPauses))
  runtime.setOutput('plan', JSON.stringify(plan))
}

/** glidepath init [--provider P] [--strategy rolling|canary] [--hosts [user@]host[:port],...] [--force]: a first config and workflow for this repository (a fleet over SSH with --hosts). */
export async function runInit(runtime: ActionRuntime): Promise<void> {
  const provider = choiceInput(runtime, 'provider', ['local', 'command', 'kubernetes', 'helm', 'compose'] as const)
  const strategy = choiceInput(runtime, 'strategy', ['rolling', 'canary'] as const)
  const hostsRaw = runtime.input('hosts')
  const hosts = hostsRaw ? parseHosts(hostsRaw) : undefined
  const result = initRepository({ workspace: runtime.context.workspace, provider, strategy, force: booleanInput(runtime, 'force'), hosts })
  runtime.info(`Found ${result.detection.found}: provider ${result.detection.provider}, strategy ${result.strategy}.`)
  for (const f of result.files) runtime.info(`wrote ${f}`)
  runtime.info('Next: read the comments in .github/glidepath.yml, then `npx glidepath validate` and `npx glidepath plan`.')
  runtime.setOutput('provider', result.detection.provider)
  runtime.setOutput('strategy', result.strategy)
  runtime.setOutput('files', result.files.join(','))
}

/** glidepath state rebuild --environment E: the environment's record made again from what the platform serves. */
export async function runStateRebuild(runtime: ActionRuntime): Promise<void> {
  const outcome = await rebuildState(runtime, readCommon(runtime))
  runtime.setOutput('environment', outcome.environment)
  runtime.setOutput('stable', outcome.stable ?? '')
  runtime.setOutput('canary', outcome.canary ?? '')
  runtime.setOutput('history', outcome.history)
  runtime.setOutput('seen', outcome.seen)
}

/** glidepath preview-link --environment E --pr N: the link that signs a browser in to pull request N's private preview. */
export async function runPreviewLink(runtime: ActionRuntime): Promise<void> {
  const raw = runtime.input('pr')
  if (!/^[1-9]\d{0,9}$/.test(raw)) throw new GlidepathError('GP-INPUT-001', raw ? `--pr "${raw}" is not a pull request's number.` : '--pr is required: the pull request\'s number.', { fix: 'Run glidepath preview-link --environment preview --pr 42.' })
  const pr = Number(raw)
  const { environment, link } = await previewLinkOf(runtime, { ...readCommon(runtime), pr })
  runtime.info(`${environment}: this link signs a browser in to the preview; share it only with people who may see it.`)
  runtime.setOutput('environment', environment)
  runtime.setOutput('link', link)
}

export const COMMANDS = { validate: runValidate, plan: runPlan, init: runInit, 'state-rebuild': runStateRebuild, 'preview-link': runPreviewLink }
