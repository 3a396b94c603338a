// What the run is about: the GitHub event (or its CLI equivalent), reduced to plain data once.
export interface PullRequestInfo {
  number: number
  title: string
  headRef: string
  headSha: string
  baseRef: string
  state: string
  merged: boolean
  fromFork: boolean
}

export interface EventContext {
  eventName: string
  /** Full ref, e.g. refs/heads/main. */
  ref: string
  /** The commit to deploy: the PR head SHA on pull requests, never the merge commit. */
  sha: string
  branch?: string
  tag?: string
  pr?: PullRequestInfo
  action?: string
  /** workflow_dispatch inputs.environment, when given. */
  dispatchEnvironment?: string
  /** schedule events: the cron string that fired (payload.schedule). */
  schedule?: string
  repository: string
  runId: string
  runNumber: string
  runAttempt: string
  serverUrl: string
  apiUrl: string
  actor: string
  workflow: string
  /** GITHUB_JOB and GITHUB_ACTION: with the run id they name one step, the same across re-run attempts. */
  job: string
  stepId: string
  workspace: string
  payload: Record<string, unknown>
}

type Env = Record<string, string | undefined>

/** Builds the event context from GitHub's environment variables and the event payload. */
export function eventContextFrom(env: Env, payload: Record<string, unknown>, workspace: string): EventContext {
  const eventName = env.GITHUB_EVENT_NAME ?? 'push'
  let ref = env.GITHUB_REF ?? ''
  let sha = env.GITHUB_SHA ?? ''
  let pr: PullRequestInfo | undefined
  const rawPr = payload.pull_request as Record<string, any> | undefined
  if (rawPr && typeof rawPr === 'object') {
    pr = {
      number: Number(rawPr.number ?? payload.number),
      title: String(rawPr.title ?? ''),
      headRef: String(rawPr.head?.ref ?? env.GITHUB_HEAD_REF ?? ''),
      headSha: String(rawPr.head?.sha ?? ''),
      baseRef: String(rawPr.base?.ref ?? env.GITHUB_BASE_REF ?? ''),
      state: String(rawPr.state ?? 'open'),
      merged: Boolean(rawPr.merged),
      fromFork: Boolean(rawPr.head?.repo?.full_name && rawPr.base?.repo?.full_name && rawPr.head.repo.full_name !== rawPr.base.repo.full_name),
    }
    // GITHUB_SHA and GITHUB_REF point at the merge commit on pull_request events; deploy the head.
    if (pr.headSha) sha = pr.headSha
    if (pr.headRef) ref = `refs/heads/${pr.headRef}`
  }
  const inputs = payload.inputs as Record<string, unknown> | undefined
  return {
    eventName,
    ref,
    sha,
    branch: ref.startsWith('refs/heads/') ? ref.slice('refs/heads/'.length) : undefined,
    tag: ref.startsWith('refs/tags/') ? ref.slice('refs/tags/'.length) : undefined,
    pr,
    action: typeof payload.action === 'string' ? payload.action : undefined,
    dispatchEnvironment: typeof inputs?.environment === 'string' && inputs.environment ? inputs.environment : undefined,
    schedule: eventName === 'schedule' && typeof payload.schedule === 'string' ? payload.schedule : undefined,
    repository: env.GITHUB_REPOSITORY ?? '',
    runId: env.GITHUB_RUN_ID ?? '',
    runNumber: env.GITHUB_RUN_NUMBER ?? '',
    runAttempt: env.GITHUB_RUN_ATTEMPT ?? '1',
    serverUrl: env.GITHUB_SERVER_URL ?? 'https://github.com',
    apiUrl: env.GITHUB_API_URL ?? 'https://api.github.com',
    actor: env.GITHUB_ACTOR ?? '',
    workflow: env.GITHUB_WORKFLOW ?? '',
    job: env.GITHUB_JOB ?? '',
    stepId: env.GITHUB_ACTION ?? '',
    workspace,
    payload,
  }
}

export function runUrl(ctx: EventContext): string | undefined {
  if (!ctx.repository || !ctx.runId) return undefined
  return `${ctx.serverUrl}/${ctx.repository}/actions/runs/${ctx.runId}`
}

/** The event's values for a command's environment (GLIDEPATH_REF, _SHA, _BRANCH, _PR_NUMBER, _PR_TITLE): data, never command text. */
export function eventVariables(event: EventContext): Record<string, string> {
  return {
    GLIDEPATH_REF: event.ref,
    GLIDEPATH_SHA: event.sha,
    GLIDEPATH_BRANCH: event.branch ?? event.pr?.headRef ?? '',
    GLIDEPATH_PR_NUMBER: event.pr ? String(event.pr.number) : '',
    GLIDEPATH_PR_TITLE: event.pr?.title ?? '',
  }
}
