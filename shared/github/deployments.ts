import { cut, LIMITS } from '../report/limits.js'
import type { GitHubClient } from './client.js'

// The Deployments API lifecycle (SPEC section 5): a deployment per rollout with the record as payload,
// statuses queued / in_progress -> success / failure / error / inactive, and superseded deployments
// of the environment deactivated (GitHub does not do it for production or transient ones).

export type DeploymentState = 'queued' | 'in_progress' | 'success' | 'failure' | 'error' | 'inactive' | 'pending'

export interface NewDeployment {
  ref: string
  environment: string
  description: string
  payload: unknown
  production: boolean
  transient: boolean
}

interface ApiDeployment {
  id: number
  environment: string
  sha: string
  created_at: string
  payload: unknown
}
interface ApiStatus {
  state: DeploymentState
  created_at: string
}

export class DeploymentsApi {
  constructor(private readonly client: GitHubClient) {}

  async create(d: NewDeployment): Promise<number> {
    const { data } = await this.client.request<{ id: number }>('POST /repos/{owner}/{repo}/deployments', {
      ref: d.ref,
      environment: d.environment,
      description: cut(d.description, LIMITS.statusDescription),
      payload: JSON.parse(JSON.stringify(d.payload)),
      auto_merge: false,
      required_contexts: [],
      production_environment: d.production,
      transient_environment: d.transient,
    })
    return data.id
  }

  async setStatus(id: number | string, state: DeploymentState, opts: { description: string; environmentUrl?: string; logUrl?: string; environment?: string }): Promise<void> {
    await this.client.request('POST /repos/{owner}/{repo}/deployments/{deployment_id}/statuses', {
      deployment_id: Number(id),
      state,
      description: cut(opts.description, LIMITS.statusDescription),
      ...(opts.logUrl ? { log_url: opts.logUrl } : {}),
      ...(opts.environmentUrl && state === 'success' ? { environment_url: opts.environmentUrl } : {}),
      ...(state === 'success' || state === 'inactive' ? { auto_inactive: false } : {}),
    })
  }

  /** The environment's deployments, newest first, one page at a time. */
  list(environment: string): AsyncGenerator<ApiDeployment> {
    return this.client.items<ApiDeployment>('GET /repos/{owner}/{repo}/deployments', { environment })
  }

  async latestStatus(id: number): Promise<ApiStatus | undefined> {
    const { data } = await this.client.request<ApiStatus[]>('GET /repos/{owner}/{repo}/deployments/{deployment_id}/statuses', { deployment_id: id, per_page: 1 })
    return data[0]
  }

  /**
   * Marks the environment's earlier deployments inactive, newest first, never the current one. It
   * stops at the first one already inactive: every run deactivates what came before it, so older
   * ones were handled by earlier runs (a handful of calls, not one per deployment in history).
   */
  async deactivateSuperseded(environment: string, currentId: number | string, description = 'superseded'): Promise<number> {
    let done = 0
    for await (const d of this.list(environment)) {
      if (d.id === Number(currentId)) continue
      const latest = await this.latestStatus(d.id)
      if (latest?.state === 'inactive') break
      await this.setStatus(d.id, 'inactive', { description })
      done++
    }
    return done
  }

  /** Every deployment of the environment becomes inactive (a preview whose PR closed). */
  async deactivateAll(environment: string, description: string): Promise<number> {
    let done = 0
    for await (const d of this.list(environment)) {
      const latest = await this.latestStatus(d.id)
      if (latest?.state === 'inactive') continue
      await this.setStatus(d.id, 'inactive', { description })
      done++
    }
    return done
  }
}

/** The environment's history over a window, with each deployment's outcome (for delivery metrics). */
export async function deploymentHistory(client: GitHubClient, environment: string, since: number, maxCommits = 50): Promise<Array<{ createdAt: number; state: string; succeeded: boolean; finishedAt: number; commitAt?: number }>> {
  const out = []
  const commitTimes = new Map<string, number | undefined>()
  for await (const d of new DeploymentsApi(client).list(environment)) {
    const createdAt = Date.parse(d.created_at)
    if (createdAt < since) break
    const statuses = await client.paginate<ApiStatus>('GET /repos/{owner}/{repo}/deployments/{deployment_id}/statuses', { deployment_id: d.id })
    const latest = statuses[0]
    const success = statuses.find((s) => s.state === 'success')
    const final = success ?? latest
    if (!commitTimes.has(d.sha) && commitTimes.size < maxCommits) {
      try {
        const { data } = await client.request<{ commit: { committer?: { date?: string } } }>('GET /repos/{owner}/{repo}/commits/{ref}', { ref: d.sha })
        commitTimes.set(d.sha, data.commit.committer?.date ? Date.parse(data.commit.committer.date) : undefined)
      } catch {
        commitTimes.set(d.sha, undefined)
      }
    }
    out.push({ createdAt, state: latest?.state ?? 'pending', succeeded: Boolean(success), finishedAt: final ? Date.parse(final.created_at) : createdAt, commitAt: commitTimes.get(d.sha) })
  }
  return out
}
