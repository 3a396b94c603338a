import { GlidepathError } from '../errors/index.js'
import { environmentDurations, type EnvironmentDurations } from './durations.js'
import { parseDuration } from '../time/duration.js'
import { render, placeholders, type TemplateContext } from '../template/render.js'
import { didYouMean } from './schema-validate.js'
import { filterMatch } from './branch-table.js'
import { TARGET_FIELD } from './load.js'
import type { EventContext } from '../runtime/context.js'
import { mergeTarget, inferProvider } from './targets.js'
import type { GlidepathConfig, EnvironmentConfig, ProviderName, StrategyName, TargetConfig } from './types.js'

export interface ResolvedEnvironment {
  /** The key under `environments:` in the config. */
  key: string
  /** The deployment environment's name (the rendered `name`, or the key). */
  name: string
  config: EnvironmentConfig
  provider: ProviderName
  strategy: StrategyName
  url?: string
  timeoutMs: number
  /** Every other duration the environment's config sets, in milliseconds (config/durations.ts). */
  durations: EnvironmentDurations
  production: boolean
  transient: boolean
  /** How it was chosen, for the log. */
  reason: string
  /** Environments with targets: the target this is (its name is <environment>/<target>). */
  target?: string
}

export type Resolution = { kind: 'resolved'; environment: ResolvedEnvironment } | { kind: 'none'; reason: string }

const DEFAULT_TIMEOUT = '10m'

/** The template fields an environment gives its provider settings: its name and, for a waves target, the target's. */
export function environmentFields(env: Pick<ResolvedEnvironment, 'name' | 'target'>): Record<string, string | undefined> {
  return { environment: env.name, target: env.target }
}

export function templateContext(ctx: EventContext, extra: Record<string, string | undefined> = {}): TemplateContext {
  return {
    branch: ctx.branch ?? ctx.pr?.headRef,
    tag: ctx.tag,
    ref: ctx.ref,
    sha: ctx.sha,
    shortSha: ctx.sha.slice(0, 7),
    repo: ctx.repository.split('/')[1],
    repository: ctx.repository,
    actor: ctx.actor,
    pr: ctx.pr ? { number: ctx.pr.number, title: ctx.pr.title, headRef: ctx.pr.headRef, baseRef: ctx.pr.baseRef } : undefined,
    run: { id: ctx.runId, number: ctx.runNumber, attempt: ctx.runAttempt },
    ...extra,
  }
}

/**
 * Picks the environment for this run: an explicit name wins, then workflow_dispatch's input, then the
 * branch/tag/PR against each environment's patterns. An exact pattern beats a glob; ties go to file order.
 */
export function resolveEnvironment(config: GlidepathConfig, ctx: EventContext, explicit?: string, version?: string): Resolution {
  const names = Object.keys(config.environments)
  const wanted = explicit || ctx.dispatchEnvironment
  if (wanted) {
    const key = names.find((n) => n === wanted) ?? names.find((n) => safeName(config, n, ctx, version) === wanted)
    if (!key) {
      const suggestion = didYouMean(wanted, names)
      throw new GlidepathError('GP-CONFIG-004', `Environment "${wanted}" is not in ${config.file}.`, {
        file: config.file,
        fix: `${suggestion ? `Did you mean "${suggestion}"? ` : ''}Known environments: ${names.join(', ')}.`,
      })
    }
    return { kind: 'resolved', environment: build(config, key, ctx, version, explicit ? 'the environment input' : 'the workflow_dispatch input') }
  }
  if (ctx.eventName === 'schedule') {
    // A nightly cron on the default branch must not deploy production because main maps there: an
    // environment claims a schedule by listing its cron. Without any schedules: the branch, as before.
    const claimed = names.filter((n) => config.environments[n].schedules)
    if (claimed.length > 0) {
      const cron = normaliseCron(ctx.schedule ?? '')
      const key = claimed.find((n) => config.environments[n].schedules!.some((s) => s === '*' || normaliseCron(s) === cron))
      if (!key) return { kind: 'none', reason: `the schedule "${ctx.schedule ?? '(unknown)'}" is listed by no environment's schedules in ${config.file}` }
      return { kind: 'resolved', environment: build(config, key, ctx, version, `the schedule "${ctx.schedule}" is listed in its schedules`) }
    }
  }
  const isPr = ctx.eventName.startsWith('pull_request')
  const branch = isPr ? ctx.pr?.headRef : ctx.branch
  let best: { key: string; score: number; pattern: string } | undefined
  for (const key of names) {
    const env = config.environments[key]
    if (isPr !== Boolean(env.pullRequests)) continue
    const patterns = ctx.tag && !isPr ? env.tags ?? [] : env.branches ?? (isPr ? ['**'] : [])
    const subject = ctx.tag && !isPr ? ctx.tag : branch
    if (subject === undefined) continue
    // GitHub's order semantics: the last matching pattern decides, and `!pattern` excludes.
    const pattern = filterMatch(patterns, subject)
    if (pattern === undefined) continue
    const score = /[*?+[]/.test(pattern) ? 1 : 2
    if (!best || score > best.score) best = { key, score, pattern }
  }
  const subject = ctx.tag && !isPr ? `tag ${ctx.tag}` : `${isPr ? 'pull request head branch' : 'branch'} ${branch ?? '(none)'}`
  if (!best) return { kind: 'none', reason: `${subject} (${ctx.eventName}) matches no environment in ${config.file}` }
  return { kind: 'resolved', environment: build(config, best.key, ctx, version, `${subject} matches "${best.pattern}"`) }
}

/** One target of a waves environment, as an environment of its own named <environment>/<target>. */
export function resolveTargetEnvironment(parent: ResolvedEnvironment, target: TargetConfig, wave: number, ctx: EventContext, version?: string): ResolvedEnvironment {
  const config = mergeTarget(parent.config, target)
  const name = `${parent.name}/${target.name}`
  // The target's own url sees its own name; the environment's url (a template for every target, such
  // as https://{{target}}.shop.example) sees the environment's name, as it does without targets.
  const url = target.url
    ? render(target.url, templateContext(ctx, { environment: name, target: target.name, version }), `environments.${parent.key}.targets.${target.name}.url`)
    : parent.config.url ? render(parent.config.url, templateContext(ctx, { environment: parent.name, target: target.name, version }), `environments.${parent.key}.url`) : undefined
  return { ...parent, name, config, durations: environmentDurations(config, parent.timeoutMs, parent.key), url, provider: target.provider ?? parent.provider, target: target.name, reason: `target ${target.name} of ${parent.name}, wave ${wave}` }
}

function normaliseCron(cron: string): string {
  return cron.trim().split(/\s+/).join(' ')
}

function safeName(config: GlidepathConfig, key: string, ctx: EventContext, version?: string): string | undefined {
  try {
    return build(config, key, ctx, version, '').name
  } catch {
    return undefined
  }
}

function build(config: GlidepathConfig, key: string, ctx: EventContext, version: string | undefined, reason: string): ResolvedEnvironment {
  const env = config.environments[key]
  const provider = (env.provider ?? inferProvider(env) ?? config.defaults?.provider) as ProviderName
  const name = env.name ? render(env.name, templateContext(ctx, { environment: key, version }), `environments.${key}.name`) : key
  const tctx = templateContext(ctx, { environment: name, version })
  const timeoutMs = parseDuration(env.timeout ?? config.defaults?.timeout ?? DEFAULT_TIMEOUT, `environments.${key}.timeout`)
  return {
    key,
    name,
    config: env,
    provider,
    strategy: env.strategy ?? config.defaults?.strategy ?? 'rolling',
    // With targets, the url may name {{target}}: each target renders it (resolveTargetEnvironment).
    url: env.url && !(env.targets && placeholders(env.url).includes(TARGET_FIELD)) ? render(env.url, tctx, `environments.${key}.url`) : undefined,
    timeoutMs,
    durations: environmentDurations(env, timeoutMs, key),
    production: env.production ?? false,
    transient: env.transient ?? false,
    reason,
  }
}
