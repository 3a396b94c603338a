import { GlidepathError } from '../errors/index.js'
import { loadWorkspaceConfig } from '../config/load.js'
import { previewDurations } from '../config/durations.js'
import { GitHubDeployments } from '../github/integration.js'
import { openTarget, hydrateState, lockTarget } from './target.js'
import { knownPreviews, expired, beyondMax, asPullRequest } from './previews.js'
import { teardown, type DeploySettings } from './deploy.js'
import { stepTarget } from './canary.js'
import type { GlidepathConfig, Duration } from '../config/types.js'
import type { Runtime } from '../runtime/runtime.js'

// Reap: previews whose pull request closed without a teardown run (a cancelled workflow, a deleted
// fork), and previews past previews.ttl since their last deploy, are found and removed (their database
// with them). Candidates come from the preview name template (e.g. pr-{{pr.number}}) matched against
// the repository's GitHub deployments and the local state directory (flows/previews.ts). Canaries that
// waited for a person (canary.onHold: wait) past their maxWait are aborted, so a scheduled reap bounds
// a wait nobody answered even when no other run comes.

export async function reap(runtime: Runtime, settings: DeploySettings): Promise<string[]> {
  const workspace = runtime.context.workspace
  const config = loadWorkspaceConfig(workspace, settings.config)
  const github = GitHubDeployments.from(runtime, settings.token)
  const previews = Object.entries(config.environments).filter(([key, env]) => env.pullRequests && env.name?.includes('{{pr.number}}') && (!settings.environment || settings.environment === key))
  if (!github && previews.length) {
    throw new GlidepathError('GP-GITHUB-001', 'reap needs a GitHub token and repository to know which pull requests are closed.', { fix: 'Run it in a workflow (the default token works) with pull-requests: read and deployments: write.' })
  }
  const reaped = await abortExpiredWaits(runtime, settings, config)
  const slept: string[] = []
  for (const [key, env] of previews) {
    if (!github) break
    const known = await knownPreviews(config, key, workspace, github)
    const left: typeof known = []
    for (const preview of known) {
      if (!preview.running) continue
      const closed = (await github.pullRequestState(preview.number)) === 'closed'
      const stale = !closed && expired([preview], previewDurations(env.previews, key).ttl, Date.now()).length > 0
      if (!closed && !stale) {
        left.push(preview)
        continue
      }
      const why = closed ? `pull request #${preview.number} is closed` : `no deploy since ${preview.lastDeploy}, past previews.ttl ${env.previews?.ttl}`
      if (await stopPreview(runtime, settings, key, preview.number, closed ? 'closed' : 'open', why)) reaped.push(preview.name)
    }
    // previews.max lowered below what runs: the previews deployed longest ago go.
    const over = beyondMax(left, env.previews?.max)
    for (const preview of over) {
      const why = `previews.max is ${env.previews?.max} and ${left.length} ran; it deployed longest ago (${preview.lastDeploy ?? 'at an unknown time'}), and a push deploys it again`
      if (await stopPreview(runtime, settings, key, preview.number, 'open', why)) reaped.push(preview.name)
    }
    // previews.idle: those no request reached for that long sleep until the next one.
    const idle = env.previews?.idle
    if (idle) for (const preview of left.filter((p) => !over.includes(p))) if (await sleepPreview(runtime, settings, key, preview.number, idle)) slept.push(preview.name)
  }
  if (slept.length) runtime.setOutput('slept', slept.join(','))
  runtime.info(reaped.length ? `Reaped ${reaped.length}: ${reaped.join(', ')}.` : 'No preview of a closed pull request, past its ttl or beyond previews.max, and no canary waiting past its maxWait, was found.')
  if (slept.length) runtime.info(`Put to sleep (previews.idle): ${slept.join(', ')}; the first request to each wakes it.`)
  return reaped
}

/** Tears down the preview of pull request `number` in environment `key`, saying why; false when there is no such target. */
export async function stopPreview(runtime: Runtime, settings: DeploySettings, key: string, number: number, state: 'open' | 'closed', why: string): Promise<boolean> {
  const scoped = asPullRequest(runtime, number, state)
  const targeting = await openTarget(scoped, { ...settings, environment: key })
  if (targeting.kind !== 'target') return false
  runtime.info(`${targeting.target.environment.name}: ${why}; removing it.`)
  await teardown(scoped, targeting.target, { ...settings, environment: key, teardown: true, dryRun: false }, why)
  return true
}

/** Puts the preview of pull request `number` to sleep when no request reached it for `idle`; true when it did. */
async function sleepPreview(runtime: Runtime, settings: DeploySettings, key: string, number: number, idle: Duration): Promise<boolean> {
  const scoped = asPullRequest(runtime, number, 'open')
  const targeting = await openTarget(scoped, { ...settings, environment: key })
  const sleep = targeting.kind === 'target' ? targeting.target.provider.sleep?.bind(targeting.target.provider) : undefined
  if (targeting.kind !== 'target' || !sleep) return false
  const { target } = targeting
  const lock = await lockTarget(scoped, target, 'sleep', settings.lockTimeoutMs, target.environment.timeoutMs)
  try {
    const why = await sleep(target.environment.durations.previews.idle ?? 0)
    if (why) runtime.info(`${target.environment.name}: ${why}, past previews.idle ${idle}; put to sleep (its releases stopped). The first request wakes it.`)
    return Boolean(why)
  } finally {
    await lock.release()
  }
}

/** Canaries of single-target environments with onHold: wait whose wait ended (holding.until passed): aborted, traffic back to stable. */
async function abortExpiredWaits(runtime: Runtime, settings: DeploySettings, config: GlidepathConfig): Promise<string[]> {
  const aborted: string[] = []
  for (const [key, env] of Object.entries(config.environments)) {
    if (env.canary?.onHold !== 'wait' || env.targets?.length || (settings.environment && settings.environment !== key) || env.name?.includes('{{')) continue
    const targeting = await openTarget(runtime, { ...settings, environment: key })
    if (targeting.kind !== 'target') continue
    await hydrateState(runtime, targeting.target)
    const canary = targeting.target.store.read().canary
    const until = canary?.holding?.until
    if (!canary || !until || Date.now() < Date.parse(until)) continue
    runtime.info(`Canary ${canary.version} on ${targeting.target.environment.name} waited for a decision past ${until} (canary.maxWait); aborting it.`)
    await stepTarget(runtime, targeting.target, { ...settings, step: 'abort', reason: `waited for a decision past ${until} (canary.maxWait); aborted by the scheduled reap` })
    aborted.push(targeting.target.environment.name)
  }
  return aborted
}
