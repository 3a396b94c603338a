import { toGlidepathError, type GlidepathError } from '../errors/index.js'
import { postJson } from '../notify/webhook.js'
import { renderDeploySummary, renderDecisionNeeded, decisionCommands, decisionSentence, type DecisionNeeded } from '../report/summary.js'
import { cutBytes, LIMITS } from '../report/limits.js'
import { upsertStickyComment, commentAuthor } from '../github/comment.js'
import { openTarget, hydrateState, lookAt, type CommonSettings } from './target.js'
import { reportNoEnvironment, REPORT_OUTPUTS, type FirstLook } from './resolve-first.js'
import { readWavesProgress } from './waves/members.js'
import { previewDoor } from './previews.js'
import { renderWavesSummary } from '../report/waves.js'
import type { WavesProgress } from '../state/waves.js'
import type { Runtime } from '../runtime/runtime.js'
import { tellGitHub } from '../github/integration.js'
import type { GitHubClient } from '../github/client.js'
import type { DeploymentRecord } from '../state/record.js'
import { deploymentHistory, type DeploymentState } from '../github/deployments.js'
import { slackText } from '../report/markdown.js'
import { Markdown, md } from '../report/md.js'
import { describeServing, servesAsRouted, type Seen } from '../report/serving.js'
import { headline, wavesHeadline } from '../report/headline.js'
import type { GitHubDeployments } from '../github/integration.js'
import { deliveryMetrics, renderDeliveryMetrics, type DeliveryMetrics } from '../report/delivery.js'

export interface ReportSettings extends CommonSettings {
  status?: string
  deploymentId?: string
  comment: 'auto' | 'always' | 'never'
  slackWebhook?: string
  webhookUrl?: string
  failOnNotifyError: boolean
  /** Compute delivery metrics over this many days (0: off). */
  metricsDays: number
  /** The login the token comments as, where GitHub cannot say (a GitHub App's `slug[bot]`). */
  commentAuthor?: string
}

export interface ReportOutcome {
  skipped: boolean
  record?: DeploymentRecord
  notified: string[]
  comment?: { id: number; url: string }
  delivery?: DeliveryMetrics
  /** Environments with targets: the rollout reported. */
  waves?: WavesProgress
  /** The canary waits for a person (canary.onHold: wait): what was asked, and where. */
  decision?: DecisionNeeded
  /** What the platform was seen serving when the report was written. */
  seen?: Seen
}

function nothingToReport(runtime: Runtime, environment: string, why: string): ReportOutcome {
  runtime.warning(`${why}; nothing to report.`)
  runtime.summary(new Markdown().heading('Glidepath').para(md`Nothing to report for ${environment}: ${why}.`).toString())
  return { skipped: false, notified: [] }
}

// A record status, as a deployment status.
const STATE_OF: Record<DeploymentRecord['status'], DeploymentState> = {
  success: 'success', failure: 'failure', aborted: 'failure', rolled_back: 'failure', superseded: 'inactive', inactive: 'inactive', in_progress: 'in_progress',
}

/**
 * The deployment status a record calls for, given the job's result: the record decides, except that a
 * job that failed or was cancelled while the record was still in progress ended it (`failure`, `error`).
 * A job that succeeded with the record in progress (a canary awaiting approval) leaves it in progress.
 */
function deploymentStateFor(record: DeploymentRecord, jobStatus: string | undefined): DeploymentState | undefined {
  if (record.status === 'in_progress') {
    if (jobStatus === 'failure') return 'failure'
    if (jobStatus === 'cancelled') return 'error'
    return undefined
  }
  return STATE_OF[record.status]
}

/** The record to report: by id in the local state, else rebuilt from its GitHub deployment's payload. */
async function findRecord(runtime: Runtime, records: DeploymentRecord[], deploymentId: string | undefined, github: GitHubDeployments | undefined): Promise<DeploymentRecord | undefined> {
  if (!deploymentId) return records[records.length - 1]
  const local = records.find((r) => r.id === deploymentId || r.deploymentId === deploymentId)
  if (local || !github || !/^\d+$/.test(deploymentId)) return local
  try {
    const record = await github.recordOf(deploymentId)
    if (record) runtime.info(`Deployment ${deploymentId} is not in the local state; its record was read from the GitHub deployment payload.`)
    return record
  } catch (e) {
    runtime.warning(`Could not read deployment ${deploymentId} from GitHub: ${(e as Error).message}`)
    return undefined
  }
}

/** One record rendered for every surface: job summary, sticky PR comment, deployment status, Slack and a JSON webhook. */
export async function report(runtime: Runtime, settings: ReportSettings, first?: FirstLook): Promise<ReportOutcome> {
  if (settings.slackWebhook) runtime.mask(settings.slackWebhook)
  if (settings.webhookUrl) runtime.mask(settings.webhookUrl)
  const targeting = await openTarget(runtime, settings, undefined, first)
  if (targeting.kind === 'none') {
    reportNoEnvironment(runtime, targeting.reason, REPORT_OUTPUTS)
    return { skipped: true, notified: [] }
  }
  const { store, environment, github } = targeting.target
  const outcome: ReportOutcome = { skipped: false, notified: [] }
  let markdown: string
  let text: string
  let payload: unknown
  if (environment.config.targets?.length) {
    // Waves: one table of every target (each target's own GitHub deployment has its statuses).
    const waves = await readWavesProgress(runtime, targeting.target)
    if (!waves) return nothingToReport(runtime, environment.name, `${environment.name} has no rollout on record here`)
    outcome.waves = waves
    markdown = renderWavesSummary(waves)
    text = `${waves.environment}: ${wavesHeadline(waves)}`
    payload = { event: 'glidepath.report', status: waves.status, waves }
  } else {
    await hydrateState(runtime, targeting.target)
    const record = await findRecord(runtime, store.read().records, settings.deploymentId, github)
    // report runs `if: always()`: a missing record (a failed upload, a run that never deployed) is
    // reported, never a failure of its own.
    if (!record) return nothingToReport(runtime, environment.name, settings.deploymentId ? `no record of deployment ${settings.deploymentId} here or in its GitHub payload` : `${environment.name} has no deployment record here`)
    outcome.record = record
    // What serves, as seen now (never only what the file says): a dead site is never reported as fine.
    const seen = await lookAt(targeting.target.provider, targeting.target.provider.name, (m) => runtime.warning(m))
    const s = store.read()
    const recorded = { stable: s.stable?.version ?? null, canary: s.canary?.version ?? null }
    markdown = renderDeploySummary(record, { seen, recorded })
    const door = recorded.stable || recorded.canary ? previewDoor(runtime, targeting.target, record.url) : undefined
    if (door) markdown += `\n${door}\n`
    if (seen) {
      outcome.seen = seen
      if (!servesAsRouted(seen)) runtime.warning(`${environment.name}: ${describeServing(seen)} (the record says ${s.stable?.version ?? 'nothing'} serves).`)
    }
    const canary = store.read().canary
    if (canary?.holding?.until && canary.recordId === record.id) {
      outcome.decision = { environment: environment.name, version: canary.version, weight: canary.weight, step: canary.step, reason: canary.holding.reason, until: canary.holding.until }
      markdown += `\n${renderDecisionNeeded(outcome.decision)}`
    }
    const wanted = deploymentStateFor(record, settings.status)
    const status = wanted ?? record.status
    if (github && record.deploymentId && wanted) {
      // deploy, canary-step and rollback already wrote their statuses (with the run as log_url): a
      // status is written here only when GitHub's differs, e.g. a job cancelled mid-rollout.
      const id = record.deploymentId
      await tellGitHub(runtime, 'report status', async () => {
        const latest = await github.api.latestStatus(Number(id))
        if (latest?.state === wanted) return runtime.info(`GitHub deployment ${id} already says ${wanted}; no status written.`)
        // A later deployment superseded this one (a rollback, a newer deploy): its story is told.
        if (latest?.state === 'inactive') return runtime.info(`GitHub deployment ${id} was superseded (inactive); no status written.`)
        await github.report(id, wanted, `${record.version}: ${settings.status && settings.status !== record.status ? `job ${settings.status}, ` : ''}${record.status}${record.reason ? ` - ${record.reason}` : ''}`, record.url)
      })
    }
    // The same first sentence as the summary's, with the status a job's end may have set.
    text = `${record.environment}: ${headline(record, { seen, recordedStable: recorded.stable })}${settings.status && settings.status !== 'success' ? ` (the job: ${settings.status}; GitHub: ${status})` : ''}`
    payload = { event: 'glidepath.report', status, record }
    const d = outcome.decision
    if (d) {
      text = `${decisionSentence(d)} Answer with ${decisionCommands(d).map((c) => `\`${c}\``).join(' or ')} on its pull request, or run canary-step with step promote or abort.`
      payload = { event: 'glidepath.decision-needed', status, record, decision: { ...d, commands: decisionCommands(d) } }
    }
  }
  runtime.summary(cutBytes(markdown, LIMITS.summary))
  const pr = runtime.context.pr?.number
  const wantComment = settings.comment === 'always' || (settings.comment === 'auto' && runtime.context.eventName.startsWith('pull_request'))
  if (wantComment && github && pr) {
    outcome.comment = await upsertStickyComment(github.client, pr, environment.name, markdown, { author: await commentAuthor(github.client, settings.commentAuthor) })
    runtime.info(`${outcome.comment.url ? `PR comment: ${outcome.comment.url}` : 'PR comment updated'}.`)
  } else if (outcome.decision && github && settings.comment !== 'never') {
    // A decision is needed and this run has no pull request (a push to main): ask on the pull request that
    // brought the commit in, where a /glidepath comment answers it.
    const record = outcome.record as DeploymentRecord
    const asked = record.sha ? await pullRequestOf(runtime, github.client, record.sha) : undefined
    if (asked) {
      outcome.comment = await upsertStickyComment(github.client, asked, environment.name, markdown, { author: await commentAuthor(github.client, settings.commentAuthor) })
      runtime.info(`${environment.name} waits for a decision: asked on pull request #${asked} (${outcome.comment.url}).`)
    } else runtime.notice(`${environment.name} waits for a decision, and no pull request brought ${record.sha?.slice(0, 12) || 'this commit'} in: answer with canary-step (step promote or abort).`, { title: 'Glidepath' })
  } else if (!pr && outcome.record?.sha && github && settings.comment !== 'never' && outcome.record.steps.some((s) => s.decision === 'wait')) {
    // This canary asked for a decision on a pull request: the answer replaces the question there.
    const asked = await pullRequestOf(runtime, github.client, outcome.record.sha)
    const updated = asked ? await upsertStickyComment(github.client, asked, environment.name, markdown, { existingOnly: true, author: await commentAuthor(github.client, settings.commentAuthor) }) : undefined
    if (updated) outcome.comment = updated
  } else if (wantComment && settings.comment === 'always') {
    runtime.notice(github ? 'No pull request in this run; no comment was written.' : 'No GitHub token or repository; no comment was written.')
  }

  if (settings.metricsDays > 0 && github) {
    const history = await deploymentHistory(github.client, environment.name, Date.now() - settings.metricsDays * 86_400_000)
    outcome.delivery = deliveryMetrics(history, settings.metricsDays)
    runtime.summary(renderDeliveryMetrics(environment.name, outcome.delivery))
  }

  // Every surface says the same first sentence: Slack as mrkdwn-safe text, the JSON webhook as plain `text`.
  const targets: Array<[string, string | undefined, unknown]> = [
    ['Slack webhook', settings.slackWebhook, { text: slackText(text) }],
    ['webhook', settings.webhookUrl, { ...(payload as object), text }],
  ]
  for (const [label, url, body] of targets) {
    if (!url) continue
    try {
      await postJson(url, body, { label })
      outcome.notified.push(label)
    } catch (e) {
      if (settings.failOnNotifyError) throw e
      runtime.warning((e as GlidepathError).headline?.() ?? String(e))
    }
  }
  return outcome
}

/** The pull request a commit came from (merged or open), for asking where a comment can answer. */
async function pullRequestOf(runtime: Runtime, client: GitHubClient, sha: string): Promise<number | undefined> {
  try {
    const { data } = await client.request<Array<{ number: number; merged_at?: string | null; state: string }>>('GET /repos/{owner}/{repo}/commits/{commit_sha}/pulls', { commit_sha: sha })
    return (data.find((p) => p.merged_at) ?? data[0])?.number
  } catch (e) {
    runtime.warning(`Could not find the pull request of ${sha.slice(0, 12)}: ${toGlidepathError(e).headline()}`)
    return undefined
  }
}
