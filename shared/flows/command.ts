import { GlidepathError, toGlidepathError } from '../errors/index.js'
import { loadWorkspaceConfig, readConfigText } from '../config/load.js'
import { gitHead } from '../process/git.js'
import { resolveEnvironment } from '../config/resolve.js'
import { GitHubClient } from '../github/client.js'
import { runUrl, type EventContext } from '../runtime/context.js'
import { deploy, canaryStep, rollback } from './entries.js'
import { openTarget, lockTarget, hydrateState, type CommonSettings } from './target.js'
import { forkRefusal } from './fork.js'
import { withContext, type Runtime } from '../runtime/runtime.js'
import { COMMAND_PREFIX, commentEvent, type CommentEvent } from './comment-event.js'
import { COMMANDS, USAGE, notUnderstood, commandLine, parseCommand, type Command, type CommandName } from './command-parse.js'
import { codeBlock, codeSpan, escapeMarkdown } from '../report/markdown.js'

// Commands in pull-request comments (docs/commands.md): `/glidepath deploy | promote | abort | rollback |
// status | lock | unlock`. A comment is untrusted text: it is parsed into a closed set of words, checked
// against the environments the config names, and never reaches a shell. Only people with write access
// (asked of the API, not read from the comment's author association) may act; a fork's pull request
// deploys only to a preview whose config allows it (previews.forks: command), without the runner's
// secrets. Every command is acknowledged at once (a reaction) and answered (a reply with the outcome and
// the run), and runs as the commenter: the records say who asked.

interface PullRequest {
  headRef: string
  headSha: string
  baseRef: string
  state: string
  title: string
  fromFork: boolean
}

type Reaction = 'eyes' | 'rocket' | '-1' | 'confused'

const WRITERS = new Set(['admin', 'maintain', 'write'])

export interface CommandSettings extends CommonSettings {
  /** check: parse, authorise, acknowledge and say what would run (for the workflow's checkout); run: all of it. */
  phase: 'check' | 'run'
  /** The token that reads permissions and answers (the deployments token is `token`, unset with github-deployments: false). */
  commandToken?: string
  /** run: the check phase's decision (its `decision` output), carried out exactly. */
  decision?: string
  version?: string
  image?: string
  /** The timeout input, in milliseconds (else the environment's). */
  timeoutMs?: number
}

export interface CommandOutcome {
  /** The command as understood; absent when the comment holds none (or an edit, or not a pull request). */
  command?: Command
  /** The commenter may act and the command is valid for this pull request. */
  allowed: boolean
  environment?: string
  /** The pull request's head: what a deploy deploys. */
  sha?: string
  ref?: string
  /** The refusal (a code and why), when not allowed. */
  refusal?: GlidepathError
  /** The reply posted on the pull request. */
  reply?: string
  /** The decision of promote or abort, the version of a deploy or rollback. */
  result?: string
  /** The environment's deployment name (pr-7 for a preview), for a GitHub environment's protection rules. */
  environmentName?: string
  /** check phase: what the run phase must carry out (JSON: the command, environment, commit and the config text). */
  decision?: string
}

/** What the check phase decided, carried to the run phase (its `decision` input) so that nothing is decided twice. */
interface CommandDecision {
  v: 1
  comment: number
  login: string
  command: CommandName
  environment: string
  sha: string
  /** The default branch's config file, as the check phase read it. */
  config: string
}

const DECISION_FIX = 'Pass the check phase\'s decision output, unchanged, as the run phase\'s decision input for the same comment (as .github/workflows/comment.yml does).'

function readDecision(raw: string, event: CommentEvent): CommandDecision {
  let d: Partial<CommandDecision>
  try {
    d = JSON.parse(raw) as Partial<CommandDecision>
  } catch {
    throw new GlidepathError('GP-COMMAND-004', 'The decision input is not the JSON the check phase writes.', { fix: DECISION_FIX })
  }
  const ok = d && d.v === 1 && typeof d.comment === 'number' && typeof d.login === 'string' && typeof d.command === 'string' && (COMMANDS as readonly string[]).includes(d.command) &&
    typeof d.environment === 'string' && typeof d.sha === 'string' && /^[0-9a-f]{40,64}$/.test(d.sha) && typeof d.config === 'string'
  if (!ok) throw new GlidepathError('GP-COMMAND-004', 'The decision input is not the JSON the check phase writes (a field is missing or of the wrong kind).', { fix: DECISION_FIX })
  if (d.comment !== event.id) {
    throw new GlidepathError('GP-COMMAND-004', `The decision input was made for comment ${d.comment}, not for this run's comment ${event.id}.`, { fix: DECISION_FIX })
  }
  return d as CommandDecision
}

/**
 * Without a decision, the run phase reads the policy from the workspace, which must then still be the
 * commit the event ran on (the default branch's, for issue_comment): a workspace moved to the pull request's
 * head would let the pull request's own config choose where its deploy goes.
 */
async function workspaceAtEventCommit(runtime: Runtime): Promise<void> {
  const head = await gitHead(runtime.context.workspace)
  if (head === undefined || !runtime.context.sha || head === runtime.context.sha) return
  throw new GlidepathError('GP-COMMAND-004', `The workspace holds commit ${head.slice(0, 12)}, not the default branch's ${runtime.context.sha.slice(0, 12)} this comment's run started on: its config cannot decide a command.`, {
    fix: 'Run the command action with phase: check on the default branch\'s checkout first, then check out the pull request\'s head and pass the check\'s decision output to phase: run (.github/workflows/comment.yml does).',
  })
}

/** Acts on one `issue_comment` event. Refusals are answered and return allowed false; a failed operation is answered, then thrown. */
export async function handleComment(runtime: Runtime, settings: CommandSettings): Promise<CommandOutcome> {
  const ctx = runtime.context
  if (ctx.eventName !== 'issue_comment') {
    throw new GlidepathError('GP-INPUT-001', `The command action answers issue_comment events; this run is a ${ctx.eventName || 'unknown'} event.`, {
      fix: 'Call it from a workflow with on: issue_comment: types: [created] (workflows-examples/comment-commands).',
    })
  }
  const event = commentEvent(ctx.payload)
  const line = event ? commandLine(event.body) : undefined
  if (!event || !line) {
    runtime.info('The comment holds no /glidepath command; nothing to do.')
    return { allowed: false }
  }
  if (event.action !== 'created') {
    runtime.notice(`An ${event.action || 'unknown'} comment never acts (only a new one does): ${line.slice(0, 80)}`, { title: 'Glidepath' })
    return { allowed: false }
  }
  const token = settings.commandToken ?? settings.token
  if (!token) {
    throw new GlidepathError('GP-GITHUB-001', 'The command action needs a token to check the commenter\'s permission and to answer.', {
      fix: 'Leave the token input at its default (github.token) with permissions: { issues: write, pull-requests: write, deployments: write, contents: read }.',
    })
  }
  const client = new GitHubClient({ token, apiUrl: ctx.apiUrl, repository: ctx.repository, onRetry: (m) => runtime.warning(m) })
  const answer = new Answer(runtime, client, event, settings.phase)
  await answer.react('eyes')
  let command: Command | undefined
  try {
    if (!event.isPullRequest) throw notUnderstood(`${COMMAND_PREFIX} commands are answered on pull requests; #${event.issue} is an issue.`)
    await authorise(client, event.login)
    const workspace = ctx.workspace
    // The policy (environments, branch table, windows, freezes) is the default branch's: read from its
    // checkout by the check phase and carried to the run as the decision, never read again from a workspace
    // that may now hold the pull request's head.
    const decided = settings.decision !== undefined ? readDecision(settings.decision, event) : undefined
    if (!decided && settings.phase === 'run') await workspaceAtEventCommit(runtime)
    const configText = decided?.config ?? readConfigText(workspace, settings.config)
    const config = loadWorkspaceConfig(workspace, settings.config, configText)
    command = parseCommand(line, Object.keys(config.environments))
    if (decided && (decided.command !== command.name || decided.login !== event.login)) {
      throw new GlidepathError('GP-COMMAND-004', `The decision passed to the run phase is for ${COMMAND_PREFIX} ${decided.command} by @${decided.login}, not this comment's ${COMMAND_PREFIX} ${command.name} by @${event.login}.`, { fix: DECISION_FIX })
    }
    if (command.name === 'help') {
      if (settings.phase === 'check') return { command, allowed: true }
      await answer.reply(`Glidepath commands (writers only; a fork's pull request deploys only where previews.forks allows it):\n\n\`\`\`\n${USAGE.join('\n')}\n\`\`\``)
      return { command, allowed: true, reply: answer.last }
    }
    const pr = await pullRequest(client, event.issue)
    if (command.name === 'deploy' && pr.state !== 'open') throw notUnderstood(`#${event.issue} is ${pr.state}: only an open pull request deploys.`)
    // The run deploys the commit the check phase saw (and the workflow checked out), even if the pull request moved since.
    const head = decided ? { ...pr, headSha: decided.sha } : pr
    const asPr = asPullRequestRun(runtime, event, head)
    const environment = decided?.environment ?? command.environment ?? settings.environment ?? defaultEnvironment(runtime, config, asPr.context, command)
    // A fork's code deploys only to a preview whose config (the default branch's) allows it, without secrets (flows/fork.ts).
    const forkDenied = command.name === 'deploy' && pr.fromFork ? forkRefusal(environment, config.environments[environment] ?? {}) : undefined
    if (forkDenied) {
      throw new GlidepathError('GP-COMMAND-003', `#${event.issue} comes from a fork: ${forkDenied}. Nothing was deployed.`, {
        fix: 'Push the branch to this repository (a maintainer can) and comment again; or, to preview forks on a writer\'s word, set previews.forks: command on the pull-request environment (its release then sees only previews.forkSecrets of the runner\'s variables).',
      })
    }
    const resolved = resolveEnvironment(config, asPr.context, environment)
    if (command.name === 'deploy' && pr.fromFork) runtime.warning(`Deploying a fork's code (#${event.issue}, ${head.headSha.slice(0, 12)}, pinned when @${event.login} asked) to ${environment}: it sees ${config.environments[environment]?.previews?.forkSecrets?.length ? `only ${config.environments[environment]?.previews?.forkSecrets?.join(', ')} of the runner's secrets` : 'none of the runner\'s secrets'}.`, { title: 'Glidepath: a fork\'s preview' })
    const outcome: CommandOutcome = {
      command, allowed: true, environment, sha: head.headSha, ref: `refs/heads/${pr.headRef}`,
      environmentName: resolved.kind === 'resolved' ? resolved.environment.name : environment,
    }
    runtime.info(`@${event.login} asked: ${COMMAND_PREFIX} ${command.name} on ${environment}${command.name === 'deploy' ? ` (${pr.headRef} at ${head.headSha.slice(0, 12)})` : ''}.`)
    if (settings.phase === 'check') {
      return { ...outcome, decision: JSON.stringify({ v: 1, comment: event.id, login: event.login, command: command.name, environment, sha: head.headSha, config: configText } satisfies CommandDecision) }
    }
    const done = await dispatch(asPr, { ...settings, environment, configText }, command, event)
    await answer.reply(`✅ \`${COMMAND_PREFIX} ${command.name}\` on **${environment}** by @${event.login}: ${done.text}`)
    await answer.react('rocket')
    return { ...outcome, reply: answer.last, result: done.result }
  } catch (e) {
    const err = toGlidepathError(e)
    // A refusal is the commenter's (not understood, no access, a fork); a decision that does not hold is the workflow's, and fails the step.
    const refused = err.code.startsWith('GP-COMMAND-') && err.code !== 'GP-COMMAND-004'
    await answer.reply(`${refused ? '🚫' : '❌'} ${codeSpan(line.slice(0, 120))} by @${event.login}: **${err.code}** ${escapeMarkdown(err.message)}${err.fix ? `\n\n${err.fix.includes('\n') ? codeBlock(err.fix) : escapeMarkdown(err.fix)}` : ''}`)
    await answer.react(refused ? '-1' : 'confused')
    if (refused) {
      runtime.warning(`${err.code}: ${err.message}`, { title: 'Glidepath command refused' })
      return { command, allowed: false, refusal: err, reply: answer.last }
    }
    throw err
  }
}

/** Reactions and replies; in the check phase only refusals are answered (the run phase answers the rest). */
class Answer {
  last?: string
  constructor(private readonly runtime: Runtime, private readonly client: GitHubClient, private readonly event: CommentEvent, private readonly phase: 'check' | 'run') {}

  async react(content: Reaction): Promise<void> {
    if (this.phase === 'check' && content === 'rocket') return
    try {
      await this.client.request('POST /repos/{owner}/{repo}/issues/comments/{comment_id}/reactions', { comment_id: this.event.id, content })
    } catch (e) {
      this.runtime.warning(`Could not react to the comment: ${toGlidepathError(e).headline()}`)
    }
  }

  async reply(text: string): Promise<void> {
    const run = runUrl(this.runtime.context)
    const body = `${text}${run ? `\n\n[Run](${run})` : ''}`
    this.last = body
    await this.client.request('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', { issue_number: this.event.issue, body })
  }
}

/** Write access, asked of the API: the author association in the payload says nothing about a team's grant. */
async function authorise(client: GitHubClient, login: string): Promise<void> {
  if (!login || login.endsWith('[bot]')) {
    throw new GlidepathError('GP-COMMAND-002', `${login || 'An unknown user'} is a bot: bots never run ${COMMAND_PREFIX} commands.`, { fix: 'A person with write access comments the command.' })
  }
  let data: { permission?: string; role_name?: string }
  try {
    ;({ data } = await client.request<{ permission?: string; role_name?: string }>('GET /repos/{owner}/{repo}/collaborators/{username}/permission', { username: login }))
  } catch (e) {
    // 404: GitHub knows no such collaborator (a deleted account, an outside user): no access, a refusal like any other.
    if (toGlidepathError(e).code !== 'GP-GITHUB-003') throw e
    data = { permission: 'none' }
  }
  const permission = data.role_name ?? data.permission ?? 'none'
  if (!WRITERS.has(permission) && !WRITERS.has(data.permission ?? '')) {
    throw new GlidepathError('GP-COMMAND-002', `@${login} has ${permission} access to this repository; ${COMMAND_PREFIX} commands need write access.`, {
      fix: 'Ask someone with write access to comment the command, or ask a maintainer for write access.',
    })
  }
}

async function pullRequest(client: GitHubClient, number: number): Promise<PullRequest> {
  const { data } = await client.request<{ state: string; title?: string; head: { ref: string; sha: string; repo?: { full_name?: string } | null }; base: { ref: string; repo?: { full_name?: string } | null } }>('GET /repos/{owner}/{repo}/pulls/{pull_number}', { pull_number: number })
  const head = data.head.repo?.full_name
  const base = data.base.repo?.full_name
  return { headRef: data.head.ref, headSha: data.head.sha, baseRef: data.base.ref, state: data.state, title: data.title ?? '', fromFork: !head || !base || head !== base }
}

/** The run as if the pull request's own event had started it, by the commenter: the branch table, the head SHA, the records' actor. */
function asPullRequestRun(runtime: Runtime, event: CommentEvent, pr: PullRequest): Runtime {
  const context: EventContext = {
    ...runtime.context,
    eventName: 'pull_request',
    // A writer's comment, not a push: previews.on tells the two apart (command).
    action: 'command',
    ref: `refs/heads/${pr.headRef}`,
    sha: pr.headSha,
    branch: pr.headRef,
    tag: undefined,
    actor: event.login,
    pr: { number: event.issue, title: pr.title, headRef: pr.headRef, headSha: pr.headSha, baseRef: pr.baseRef, state: pr.state, merged: false, fromFork: pr.fromFork },
  }
  return withContext(runtime, context)
}

function defaultEnvironment(runtime: Runtime, config: ReturnType<typeof loadWorkspaceConfig>, ctx: EventContext, command: Command): string {
  const resolution = resolveEnvironment(config, ctx)
  if (resolution.kind === 'resolved') {
    runtime.info(`Environment ${resolution.environment.key}: ${resolution.environment.reason}.`)
    return resolution.environment.key
  }
  throw notUnderstood(`Name the environment: ${resolution.reason} (environments: ${Object.keys(config.environments).join(', ')}), for example ${COMMAND_PREFIX} ${command.name}${command.name === 'deploy' ? ' to' : ''} ${Object.keys(config.environments)[0] ?? '<environment>'}.`)
}

async function dispatch(runtime: Runtime, settings: CommandSettings, command: Command, event: CommentEvent): Promise<{ text: string; result?: string }> {
  // Named (by the comment or the input), or resolved again by the pull request's branch: the log says which.
  const common: CommonSettings = { config: settings.config, configText: settings.configText, environment: settings.environment, lockTimeoutMs: settings.lockTimeoutMs, token: settings.token, state: settings.state }
  const why = (reason: string | undefined, fallback: string) => `${reason ?? fallback} (${COMMAND_PREFIX} ${command.name} by @${event.login})`
  switch (command.name) {
    case 'deploy': {
      const outcome = await deploy(runtime, { ...common, version: settings.version, image: settings.image, timeoutMs: settings.timeoutMs, dryRun: false, overrideWindow: command.override })
      const r = outcome.record
      if (!r) return { text: 'nothing to deploy.' }
      return { text: r.phase === 'canary' ? `canary ${r.version} started at ${r.weights.canary}% of traffic; \`${COMMAND_PREFIX} promote\` or \`${COMMAND_PREFIX} abort\` decides it, or the next canary step.` : `${r.version} is live${outcome.environmentUrl ? ` at ${outcome.environmentUrl}` : ''}.`, result: r.version }
    }
    case 'promote':
    case 'abort': {
      const outcome = await canaryStep(runtime, { ...common, step: command.name, reason: command.name === 'abort' ? why(command.reason, 'aborted') : undefined, timeoutMs: settings.timeoutMs })
      return { text: `${outcome.decision}: ${escapeMarkdown(outcome.reason)}`, result: outcome.decision }
    }
    case 'rollback': {
      const outcome = await rollback(runtime, { ...common, to: command.version, reason: why(command.reason, 'rolled back'), timeoutMs: settings.timeoutMs })
      return { text: outcome.rolledBack ? `rolled back from ${outcome.from ?? 'nothing'} to ${outcome.to}.` : `${outcome.to ?? 'nothing'} already serves; nothing changed.`, result: outcome.to }
    }
    case 'status':
      return { text: await status(runtime, common) }
    case 'lock':
    case 'unlock':
      return { text: await holdOrRelease(runtime, common, command, event.login, settings.timeoutMs) }
    case 'help':
      return { text: USAGE.join('; ') }
  }
}

async function openNamed(runtime: Runtime, settings: CommonSettings) {
  const targeting = await openTarget(runtime, settings)
  if (targeting.kind === 'none') throw notUnderstood(`No environment: ${targeting.reason}.`)
  return targeting.target
}

async function status(runtime: Runtime, settings: CommonSettings): Promise<string> {
  const target = await openNamed(runtime, settings)
  await hydrateState(runtime, target)
  const s = target.store.read()
  const last = s.records.at(-1)
  const lines = [
    `stable **${s.stable?.version ?? 'none'}**`,
    s.canary ? `canary **${s.canary.version}** at ${s.canary.weight}% (step ${s.canary.step})${s.canary.holding?.until ? `, waiting for a decision until ${s.canary.holding.until}` : ''}` : 'no canary',
    ...(s.standby ? [`standby ${s.standby.version}`] : []),
    ...(s.hold ? [`held by @${s.hold.by} since ${s.hold.since}${s.hold.reason ? ` (${escapeMarkdown(s.hold.reason)})` : ''}`] : []),
    ...(last ? [`last: ${last.kind} of ${escapeMarkdown(last.version)} ${last.status}${last.actor ? ` by @${last.actor}` : ''}${last.reason ? `, ${escapeMarkdown(last.reason)}` : ''}`] : []),
  ]
  return lines.join('; ') + '.'
}

async function holdOrRelease(runtime: Runtime, settings: CommonSettings, command: Command, login: string, timeoutMs: number | undefined): Promise<string> {
  const target = await openNamed(runtime, settings)
  const name = target.environment.name
  const lock = await lockTarget(runtime, target, command.name, settings.lockTimeoutMs, timeoutMs ?? target.environment.timeoutMs)
  try {
    const state = target.store.read()
    if (command.name === 'unlock') {
      if (!state.hold) return `${name} was not held; nothing changed.`
      target.store.write({ ...state, hold: null })
      return `${name} is no longer held (it was held by @${state.hold.by}${state.hold.reason ? `: ${escapeMarkdown(state.hold.reason)}` : ''}).`
    }
    if (state.hold && state.hold.by !== login) {
      throw new GlidepathError('GP-LOCK-002', `${name} is already held by @${state.hold.by} since ${state.hold.since}${state.hold.reason ? ` (${state.hold.reason})` : ''}.`, {
        fix: `Ask @${state.hold.by} to comment ${COMMAND_PREFIX} unlock ${name} first.`,
      })
    }
    target.store.write({ ...state, hold: { by: login, reason: command.reason ?? '', since: new Date().toISOString() } })
    return `${name} is held by @${login}${command.reason ? ` (${escapeMarkdown(command.reason)})` : ''}: deploys and promotions by anyone else are refused until \`${COMMAND_PREFIX} unlock ${name}\`; rollbacks and aborts never are.`
  } finally {
    await lock.release()
  }
}
