import { readdirSync, existsSync } from 'node:fs'
import { GlidepathError } from '../errors/index.js'
import { loadWorkspaceConfig } from '../config/load.js'
import { GitHubDeployments } from '../github/integration.js'
import { openTarget, hydrateState } from './target.js'
import { stateDirOf } from '../state/paths.js'
import { teardown, type DeploySettings } from './deploy.js'
import { stepTarget } from './canary.js'
import type { GlidepathConfig } from '../config/types.js'
import { withContext, type Runtime } from '../runtime/runtime.js'
import type { EventContext } from '../runtime/context.js'

// Reap: previews whose pull request closed without a teardown run (a cancelled workflow, a deleted
// fork) are found and removed. Candidates come from the preview name template (e.g. pr-{{pr.number}})
// matched against the repository's GitHub deployments and the local state directory. Canaries that
// waited for a person (canary.onHold: wait) past their maxWait are aborted, so a scheduled reap bounds
// a wait nobody answered even when no other run comes.

interface ApiDeployment {
  environment: string
}

export async function reap(runtime: Runtime, settings: DeploySettings): Promise<string[]> {
  const workspace = runtime.context.workspace
  const config = loadWorkspaceConfig(workspace, settings.config)
  const github = GitHubDeployments.from(runtime, settings.token)
  const previews = Object.entries(config.environments).filter(([key, env]) => env.pullRequests && env.name?.includes('{{pr.number}}') && (!settings.environment || settings.environment === key))
  if (!github && previews.length) {
    throw new GlidepathError('GP-GITHUB-001', 'reap needs a GitHub token and repository to know which pull requests are closed.', { fix: 'Run it in a workflow (the default token works) with pull-requests: read and deployments: write.' })
  }
  const reaped = await abortExpiredWaits(runtime, settings, config)
  let names: string[] | undefined
  for (const [key, env] of previews) {
    if (!github) break
    const escape = (t: string) => t.replace(/[.*+?^$()|[\]\\{}]/g, '\\$&')
    const source = (env.name as string).split(/(\{\{[^}]*\}\})/).map((part) => (/^\{\{\s*pr\.number\s*\}\}$/.test(part) ? '(\\d+)' : part.startsWith('{{') ? '.*' : escape(part))).join('')
    const pattern = new RegExp(`^${source}$`)
    names ??= [
      ...(await github.client.paginate<ApiDeployment>('GET /repos/{owner}/{repo}/deployments')).map((d) => d.environment),
      ...localEnvironments(stateDirOf(workspace, env, config.defaults)),
    ]
    const numbers = [...new Set(names.map((n) => pattern.exec(n)?.[1]).filter((n): n is string => Boolean(n)))].map(Number)
    for (const number of numbers) {
      if ((await github.pullRequestState(number)) !== 'closed') continue
      const context: EventContext = { ...runtime.context, pr: { number, title: '', headRef: '', headSha: '', baseRef: '', state: 'closed', merged: false, fromFork: false }, action: 'closed' }
      const scoped = withContext(runtime, context)
      const targeting = await openTarget(scoped, { ...settings, environment: key })
      if (targeting.kind !== 'target') continue
      runtime.info(`Pull request #${number} is closed; removing ${targeting.target.environment.name}.`)
      await teardown(scoped, targeting.target, settings)
      reaped.push(targeting.target.environment.name)
    }
  }
  runtime.info(reaped.length ? `Reaped ${reaped.length}: ${reaped.join(', ')}.` : 'No preview of a closed pull request, and no canary waiting past its maxWait, was found.')
  return reaped
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

function localEnvironments(stateDir: string): string[] {
  if (!existsSync(stateDir)) return []
  return readdirSync(stateDir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name)
}
