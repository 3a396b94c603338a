import { GitHubClient } from './client.js'
import { DeploymentsApi, type DeploymentState } from './deployments.js'
import { STATUS_OF } from './hydrate.js'
import { runUrl, type EventContext } from '../runtime/context.js'
import type { Runtime } from '../runtime/runtime.js'
import type { ResolvedEnvironment } from '../config/resolve.js'
import type { DeploymentRecord } from '../state/record.js'

// What the flows tell GitHub about a rollout. Absent (undefined) when there is no token or no
// repository, e.g. on the CLI: everything else works the same without it.
export class GitHubDeployments {
  readonly api: DeploymentsApi

  constructor(readonly client: GitHubClient, private readonly ctx: EventContext) {
    this.api = new DeploymentsApi(client)
  }

  static from(runtime: Runtime, token: string | undefined): GitHubDeployments | undefined {
    const ctx = runtime.context
    if (!token || !ctx.repository.includes('/')) return undefined
    return new GitHubDeployments(new GitHubClient({ token, apiUrl: ctx.apiUrl, repository: ctx.repository, onRetry: (m) => runtime.warning(m) }), ctx)
  }

  private get logUrl(): string | undefined {
    return runUrl(this.ctx)
  }

  /** Creates the deployment (the record as payload) and marks it in progress; returns its id. */
  async start(record: DeploymentRecord, env: ResolvedEnvironment, description: string): Promise<string> {
    const id = await this.api.create({
      ref: record.sha || this.ctx.sha || this.ctx.ref,
      environment: env.name,
      description,
      payload: { glidepath: { ...record, deploymentId: undefined } },
      production: env.production || env.key === 'production',
      transient: env.transient,
    })
    await this.api.setStatus(id, 'in_progress', { description, logUrl: this.logUrl })
    return String(id)
  }

  progress(id: string, description: string): Promise<void> {
    return this.api.setStatus(id, 'in_progress', { description, logUrl: this.logUrl })
  }

  async succeed(id: string, env: ResolvedEnvironment, description: string, url?: string): Promise<void> {
    await this.api.setStatus(id, 'success', { description, environmentUrl: url ?? env.url, logUrl: this.logUrl })
    await this.api.deactivateSuperseded(env.name, id, `superseded by deployment ${id}`)
  }

  /** A status written by report (only when GitHub's differs from the record), with the run as log_url. */
  report(id: string, state: DeploymentState, description: string, url?: string): Promise<void> {
    return this.api.setStatus(id, state, { description, environmentUrl: url, logUrl: this.logUrl })
  }

  /** The Glidepath record a deployment carries as its payload (a fresh runner's only copy). */
  async recordOf(id: string): Promise<DeploymentRecord | undefined> {
    const { data } = await this.client.request<{ payload: unknown }>('GET /repos/{owner}/{repo}/deployments/{deployment_id}', { deployment_id: Number(id) })
    const record = (data.payload as { glidepath?: DeploymentRecord } | null)?.glidepath
    if (!record?.version) return undefined
    const latest = await this.api.latestStatus(Number(id))
    return { ...record, deploymentId: id, status: latest ? STATUS_OF[latest.state] ?? record.status : record.status }
  }

  fail(id: string, description: string, state: 'failure' | 'error' = 'failure'): Promise<void> {
    return this.api.setStatus(id, state, { description, logUrl: this.logUrl })
  }

  deactivateAll(env: ResolvedEnvironment, description: string): Promise<number> {
    return this.api.deactivateAll(env.name, description)
  }

  /** A pull request that closed while this run waited must not be deployed. */
  async pullRequestState(number: number): Promise<string> {
    const { data } = await this.client.request<{ state: string }>('GET /repos/{owner}/{repo}/pulls/{pull_number}', { pull_number: number })
    return data.state
  }
}

/** Tells GitHub, but never lets a failure to tell GitHub hide the failure being reported. */
export async function tellGitHub(runtime: Runtime, what: string, call: () => Promise<unknown>): Promise<void> {
  try {
    await call()
  } catch (e) {
    runtime.warning(`Could not update the GitHub deployment (${what}): ${(e as Error).message}`)
  }
}
