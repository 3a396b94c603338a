import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { GlidepathError } from '../errors/index.js'
import { StateStore, type EnvironmentState } from '../state/store.js'
import { stateDirOf } from '../files/paths.js'
import { hydrateFromGitHub } from '../github/hydrate.js'
import { withContext, type Runtime } from '../runtime/runtime.js'
import type { EventContext } from '../runtime/context.js'
import { openTarget, type CommonSettings } from './target.js'
import type { GitHubDeployments } from '../github/integration.js'
import { isPrivatePreview, previewToken, previewLink, ACCESS_HEADER } from '../traffic/local/access.js'
import { md, raw } from '../report/md.js'
import type { GlidepathConfig, EnvironmentConfig, PreviewsConfig } from '../config/types.js'

// Pull-request previews beyond one environment each: which events open one (previews.on), which
// previews of an environment exist (the name template, e.g. pr-{{pr.number}}, matched against the
// GitHub deployments and the state directory), when each last deployed, and which run. The reap
// removes closed and expired ones (previews.ttl); a new preview over previews.max stops the oldest
// or is refused. Pure where it can be: the gate and the choice of what to stop take what was read.

export interface PreviewGate {
  open: boolean
  /** Why not, for the step's outputs and log. */
  reason?: string
  /** The trigger went away (the label came off): the running preview is torn down. */
  teardown?: boolean
}

const labelsOf = (ctx: EventContext): string[] => {
  const p = ctx.payload as { pull_request?: { labels?: unknown }; issue?: { labels?: unknown } }
  const labels = p.pull_request?.labels ?? p.issue?.labels
  return Array.isArray(labels) ? labels.map((l) => (typeof l === 'string' ? l : (l as { name?: unknown })?.name)).filter((n): n is string => typeof n === 'string') : []
}

/**
 * Whether this pull-request event opens or updates the preview. Without previews.on every pull-request
 * event does, as before. With it: `opened` for every push, `labeled:<label>` while the pull request
 * carries the label (its removal tears the preview down), `command` for a writer's comment; a fork's
 * own events never open one.
 */
export function previewGate(ctx: EventContext, config: EnvironmentConfig): PreviewGate {
  const on = config.previews?.on
  if (!on || !ctx.pr || !config.pullRequests) return { open: true }
  const command = ctx.action === 'command'
  if (command) return on.includes('command') ? { open: true } : { open: false, reason: `previews.on is ${on.join(', ')}: a comment command does not open this preview` }
  if (ctx.pr.fromFork) return { open: false, reason: `pull request #${ctx.pr.number} comes from a fork, and its own events never open a preview (previews.on)` }
  if (on.includes('opened')) return { open: true }
  const wanted = on.filter((t) => t.startsWith('labeled:')).map((t) => t.slice('labeled:'.length))
  const labels = labelsOf(ctx)
  if (wanted.some((l) => labels.includes(l))) return { open: true }
  const removed = ctx.action === 'unlabeled' && wanted.includes(((ctx.payload as { label?: { name?: string } }).label?.name) ?? '')
  const asked = wanted.length ? `the label ${wanted.join(' or ')}` : 'a comment command'
  return { open: false, reason: `pull request #${ctx.pr.number} has ${removed ? 'lost' : 'not got'} ${asked} (previews.on: ${on.join(', ')})`, teardown: removed }
}

/** A regular expression for the environment's preview names, its first group the pull request's number. */
function previewPattern(name: string): RegExp {
  const escape = (t: string) => t.replace(/[.*+?^$()|[\]\\{}]/g, '\\$&')
  const source = name.split(/(\{\{[^}]*\}\})/).map((part) => (/^\{\{\s*pr\.number\s*\}\}$/.test(part) ? '(\\d+)' : part.startsWith('{{') ? '.*' : escape(part))).join('')
  return new RegExp(`^${source}$`)
}

export interface KnownPreview {
  number: number
  name: string
  running: boolean
  /** The last deploy's start (a push), ISO time; undefined when no record says. */
  lastDeploy?: string
}

/** Every preview of the environment `key` seen in the GitHub deployments or the state directory, and whether it runs. */
export async function knownPreviews(config: GlidepathConfig, key: string, workspace: string, github: GitHubDeployments | undefined): Promise<KnownPreview[]> {
  const env = config.environments[key]
  if (!env.name?.includes('{{pr.number}}')) return []
  const pattern = previewPattern(env.name)
  const stateDir = stateDirOf(workspace, env, config.defaults)
  const local = existsSync(stateDir) ? readdirSync(stateDir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name) : []
  const remote = github ? (await github.client.paginate<{ environment: string }>('GET /repos/{owner}/{repo}/deployments')).map((d) => d.environment) : []
  const out: KnownPreview[] = []
  for (const name of new Set([...local, ...remote])) {
    const number = Number(pattern.exec(name)?.[1])
    if (!Number.isInteger(number) || number <= 0) continue
    let state: EnvironmentState | undefined = local.includes(name) ? new StateStore(stateDir, name).read() : undefined
    if (!state?.records.length && github) state = await hydrateFromGitHub(github.client, name).catch(() => undefined)
    const deploys = (state?.records ?? []).filter((r) => r.kind === 'deploy').map((r) => r.startedAt).sort()
    out.push({ number, name, running: Boolean(state?.stable || state?.canary), lastDeploy: deploys.at(-1) })
  }
  return out.sort((a, b) => a.number - b.number)
}

/** The previews past previews.ttl since their last deploy, at `now`. */
export function expired(previews: KnownPreview[], ttlMs: number | undefined, now: number): KnownPreview[] {
  if (ttlMs === undefined) return []
  const ms = ttlMs
  return previews.filter((p) => p.running && p.lastDeploy && now - Date.parse(p.lastDeploy) > ms)
}

/**
 * Room for one more preview under previews.max: which running ones to stop (the longest since their
 * last deploy first), or GP-PREVIEW-001 when the config says refuse. Empty when there is room, or when
 * this preview already runs.
 */
export function makeRoom(previews: KnownPreview[], self: string, cfg: PreviewsConfig | undefined, environment: string): KnownPreview[] {
  const running = cfg?.max ? crowded(previews, self, cfg.max) : undefined
  if (!running || !cfg?.max) return []
  const oldest = [...running].sort((a, b) => (a.lastDeploy ?? '').localeCompare(b.lastDeploy ?? '') || a.number - b.number)
  if (cfg.onMax === 'refuse' || cfg.onMax === 'wait') {
    throw new GlidepathError('GP-PREVIEW-001', `${running.length} previews of ${environment} run (${running.map((p) => p.name).join(', ')}), and previews.max is ${cfg.max}; ${self} was not deployed and nothing changed.`, {
      fix: `Close a pull request (its preview goes with it), raise previews.max, or set previews.onMax: stop-oldest to stop ${oldest[0].name} (deployed longest ago) instead.`,
    })
  }
  return oldest.slice(0, running.length - cfg.max + 1)
}

/** The other previews that run when `self` has no room under `max` (it does not run yet, and they are `max` or more); undefined when there is room. */
export function crowded(previews: KnownPreview[], self: string, max: number): KnownPreview[] | undefined {
  const running = previews.filter((p) => p.running && p.name !== self)
  return previews.some((p) => p.name === self && p.running) || running.length < max ? undefined : running
}

/** Running previews beyond previews.max (the config lowered below what runs): the longest since their last deploy. */
export function beyondMax(previews: KnownPreview[], max: number | undefined): KnownPreview[] {
  const running = previews.filter((p) => p.running)
  if (!max || running.length <= max) return []
  return [...running].sort((a, b) => (a.lastDeploy ?? '').localeCompare(b.lastDeploy ?? '') || a.number - b.number).slice(0, running.length - max)
}

/** The run as a closed (or otherwise gone) pull request's own, to open and tear down its preview's target. */
export function asPullRequest(runtime: Runtime, number: number, state: 'open' | 'closed'): Runtime {
  const context: EventContext = { ...runtime.context, pr: { number, title: '', headRef: '', headSha: '', baseRef: '', state, merged: false, fromFork: false }, action: state === 'closed' ? 'closed' : 'expired' }
  return withContext(runtime, context)
}

/**
 * The way into a private preview, for its sticky comment: the link that signs a browser in, on a
 * private repository; on a public one (its comments are public) no token is written, and the comment
 * says how a person holding the preview secret makes the link.
 */
export function previewDoor(runtime: Runtime, target: { environment: { key: string; name: string; config: EnvironmentConfig }; store: { dir: string } }, url: string | undefined): string | undefined {
  const { environment } = target
  if (!url || !isPrivatePreview(environment.config)) return undefined
  const number = runtime.context.pr?.number
  const repository = (runtime.context.payload as { repository?: { private?: unknown } }).repository
  if (repository?.private === true) {
    const token = previewToken(environment, runtime.env, target.store.dir) as string
    return md`🔒 This preview is private. ${raw(`[Open it](${previewLink(url, token)})`)}: the link signs your browser in (a cookie, for 30 days). Scripts send the token in the ${ACCESS_HEADER} header, or as the password of basic auth.`.toString()
  }
  return md`🔒 This preview is private, and the repository is public, so its sign-in link is not written here. Someone who holds the preview secret (${environment.config.previews?.secretEnv ?? 'GLIDEPATH_PREVIEW_SECRET'}) makes it with ${raw(`\`npx glidepath preview-link --environment ${environment.key}${number ? ` --pr ${number}` : ''}\``)}.`.toString()
}

/** glidepath preview-link: the sign-in link of pull request `pr`'s private preview, made from the preview secret. */
export async function previewLinkOf(runtime: Runtime, settings: CommonSettings & { pr: number }): Promise<{ environment: string; link: string }> {
  const scoped = asPullRequest(runtime, settings.pr, 'open')
  const targeting = await openTarget(scoped, settings)
  if (targeting.kind === 'none') throw new GlidepathError('GP-CONFIG-004', `No preview environment for pull request #${settings.pr}: ${targeting.reason}.`, { fix: 'Name the preview environment with --environment (its key in the config, e.g. preview).' })
  const { environment, store } = targeting.target
  const env = runtime.env
  if (!isPrivatePreview(environment.config)) throw new GlidepathError('GP-INPUT-001', `${environment.name}'s previews are not private (previews.private, with Glidepath's router in front), so they need no link.`, { fix: 'Open its URL as it is.' })
  if (!environment.url) throw new GlidepathError('GP-INPUT-001', `${environment.name} has no url in the config to make a link of.`, { fix: `Set environments.${environment.key}.url (e.g. https://pr-{{pr.number}}.preview.example.com).` })
  const variable = environment.config.previews?.secretEnv ?? 'GLIDEPATH_PREVIEW_SECRET'
  if (!env[variable] && !existsSync(join(store.dir, 'preview-secret'))) {
    throw new GlidepathError('GP-INPUT-001', `${variable} is not set here, and ${environment.name} keeps no secret of its own on this machine: the link would not open it.`, { fix: `Set ${variable} to the repository's preview secret (the one the deploy step gets), or run this where the preview's state directory is.` })
  }
  const link = previewLink(environment.url, previewToken(environment, env, store.dir) as string)
  return { environment: environment.name, link }
}
