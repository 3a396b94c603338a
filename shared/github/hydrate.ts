import type { GitHubClient } from './client.js'
import type { DeploymentRecord } from '../state/record.js'
import type { EnvironmentState } from '../state/store.js'

// On a fresh runner the state directory is empty, but every deployment's record travels in its GitHub
// Deployment payload. This rebuilds the environment's state from them: newest first, until the stable
// version and one good version before it (a rollback target) are known.

interface ApiDeployment {
  id: number
  created_at: string
  payload: unknown
}

export const STATUS_OF: Record<string, DeploymentRecord['status']> = {
  success: 'success', inactive: 'success', failure: 'failure', error: 'failure', in_progress: 'in_progress', queued: 'in_progress', pending: 'in_progress',
}

export async function hydrateFromGitHub(client: GitHubClient, environment: string, maxDeployments = 20): Promise<EnvironmentState | undefined> {
  const { data } = await client.request<ApiDeployment[]>('GET /repos/{owner}/{repo}/deployments', { environment, per_page: maxDeployments })
  const records: DeploymentRecord[] = []
  let stable: EnvironmentState['stable'] = null
  let canary: EnvironmentState['canary'] = null
  let goodSeen = 0
  for (const d of data) {
    const record = (d.payload as { glidepath?: DeploymentRecord } | null)?.glidepath
    if (!record?.version) continue
    const { data: statuses } = await client.request<Array<{ state: string }>>('GET /repos/{owner}/{repo}/deployments/{deployment_id}/statuses', { deployment_id: d.id, per_page: 1 })
    const state = statuses[0]?.state ?? 'pending'
    const status = record.kind === 'teardown' ? 'inactive' : STATUS_OF[state] ?? 'failure'
    const rebuilt: DeploymentRecord = { ...record, deploymentId: String(d.id), status }
    records.unshift(rebuilt)
    if (status === 'in_progress' && record.strategy === 'canary' && !stable && !canary) {
      canary = { version: record.version, recordId: record.id, weight: record.weights?.canary ?? 0, step: record.step ?? 0, applied: true }
    }
    if (status === 'success' && state !== 'inactive' && !stable) stable = { version: record.version, recordId: record.id }
    if (status === 'success') goodSeen++
    if (stable && goodSeen >= 2) break
  }
  if (!records.length) return undefined
  return { schema: 1, environment, stable, canary, records }
}
