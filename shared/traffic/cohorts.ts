import { createHash } from 'node:crypto'
import { parseDuration } from '../time/duration.js'
import type { EnvironmentConfig, MatchRule, ProviderName } from '../config/types.js'
import { routerOf } from '../config/routers.js'

// Who gets which version under a canary, beyond a per-request split (SPEC 3, canary.affinity, match,
// mirror): a client kept on the version it first met by a cookie, cohorts sent to the canary by a header
// or a cookie, and copies of stable's requests sent to the canary. The rules are pure and the same on
// every router: the local router applies chooseRole per request; nginx gets them as maps.

/** The header that pins a request to one version (stable or canary) at Glidepath's router: probes, smoke checks and synthetic evidence send it. */
export const ROUTE_HEADER = 'x-glidepath-route'

const DEFAULT_AFFINITY_COOKIE = 'gp-canary'
const DEFAULT_AFFINITY_MAX_AGE = '1h'
const DEFAULT_MIRROR_METHODS = ['GET', 'HEAD']

export interface Cohorts {
  affinity?: { cookie: string; maxAgeSeconds: number }
  match: MatchRule[]
  mirror?: { weight: number; methods: string[] }
}

type CanaryConfig = EnvironmentConfig['canary']

/** The cohorts an environment's canary section asks for; undefined when it asks for none. */
export function cohortsOf(canary: CanaryConfig): Cohorts | undefined {
  if (!canary?.affinity && !canary?.match && !canary?.mirror) return undefined
  return {
    affinity: canary.affinity ? {
      cookie: canary.affinity.cookie ?? DEFAULT_AFFINITY_COOKIE,
      maxAgeSeconds: Math.round(parseDuration(canary.affinity.maxAge ?? DEFAULT_AFFINITY_MAX_AGE, 'canary.affinity.maxAge') / 1000),
    } : undefined,
    match: canary.match ?? [],
    mirror: canary.mirror ? { weight: canary.mirror.weight, methods: canary.mirror.methods ?? DEFAULT_MIRROR_METHODS } : undefined,
  }
}

/** A version's tag in the affinity cookie: short, cookie-safe and the same on every router. */
export function versionTag(version: string): string {
  return createHash('sha256').update(version).digest('base64url').slice(0, 12)
}

/** The value of one cookie in a Cookie header (the first with that name). */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined
  for (const part of header.split(';')) {
    const eq = part.indexOf('=')
    if (eq < 0) continue
    if (part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim()
  }
  return undefined
}

export interface CohortRequest {
  /** The x-glidepath-route header: stable or canary pins a release (probes, smoke tests). */
  route?: string
  /** A request header by lower-case name. */
  header(name: string): string | undefined
}

export interface Choice {
  role: 'stable' | 'canary'
  /** A Set-Cookie value to send back: the client was assigned a version just now. */
  setCookie?: string
  /** Whether a copy of this request goes to the canary too (mirror). */
  mirror?: boolean
}

export interface CohortTable {
  stable: { version: string } | null
  canary: { version: string } | null
  /** Percent of new clients (with affinity) or of requests (without) sent to the canary. */
  weight: number
  cohorts?: Cohorts
}

/** Whether a request is in a match cohort: any rule with its header or cookie at exactly its value. */
export function inCohort(rules: MatchRule[], req: CohortRequest): boolean {
  for (const rule of rules) {
    if (rule.header && req.header(rule.header.name.toLowerCase()) === rule.header.value) return true
    if (rule.cookie && readCookie(req.header('cookie'), rule.cookie.name) === rule.cookie.value) return true
  }
  return false
}

export function affinityCookie(affinity: NonNullable<Cohorts['affinity']>, version: string): string {
  return `${affinity.cookie}=${versionTag(version)}; Path=/; Max-Age=${affinity.maxAgeSeconds}; HttpOnly; SameSite=Lax`
}

/**
 * Which release serves a request. A pinned route wins; without a canary, stable serves. A request in a
 * match cohort goes to the canary. With affinity, a client whose cookie names the stable or the canary
 * version stays there; any other (new, or its version is gone) is assigned at the weight and told by a
 * cookie, so raising the weight moves new clients only and an abort or a promotion moves everyone at once.
 * Without affinity, each request is split at the weight. `method`/`hasBody` decide mirroring.
 */
export function chooseRole(table: CohortTable, req: CohortRequest, random: () => number, method = 'GET', hasBody = false): Choice {
  if (req.route === 'canary' && table.canary) return { role: 'canary' }
  if (req.route === 'stable' || !table.canary) return { role: table.stable || !table.canary ? 'stable' : 'canary' }
  const cohorts = table.cohorts
  if (table.weight >= 100) return { role: 'canary' }
  if (!cohorts) return { role: random() * 100 < table.weight ? 'canary' : 'stable' }
  if (cohorts.match.length && inCohort(cohorts.match, req)) return { role: 'canary' }
  let choice: Choice
  if (cohorts.affinity) {
    const tag = readCookie(req.header('cookie'), cohorts.affinity.cookie)
    if (tag !== undefined && tag === versionTag(table.canary.version)) return { role: 'canary' }
    if (tag !== undefined && table.stable && tag === versionTag(table.stable.version)) choice = { role: 'stable' }
    else {
      const role = random() * 100 < table.weight || !table.stable ? 'canary' : 'stable'
      const version = role === 'canary' ? table.canary.version : (table.stable as { version: string }).version
      choice = { role, setCookie: affinityCookie(cohorts.affinity, version) }
    }
  } else choice = { role: random() * 100 < table.weight ? 'canary' : 'stable' }
  const mirror = cohorts.mirror
  if (choice.role === 'stable' && mirror && !hasBody && mirror.methods.includes(method) && random() * 100 < mirror.weight) choice.mirror = true
  return choice
}

/** Lower-case header names a cohort decision reads (so the router looks at no others). */
export function cohortHeaders(cohorts: Cohorts): Set<string> {
  const names = new Set<string>()
  if (cohorts.affinity || cohorts.match.some((r) => r.cookie)) names.add('cookie')
  for (const rule of cohorts.match) if (rule.header) names.add(rule.header.name.toLowerCase())
  return names
}

/** Headers that put a request in the canary's cohort (for smoke tests and probes of the canary alone). */
export function cohortRequestHeaders(cohorts: Cohorts | undefined): Record<string, string> | undefined {
  const rule = cohorts?.match[0]
  if (!rule) return undefined
  if (rule.header) return { [rule.header.name]: rule.header.value }
  if (rule.cookie) return { cookie: `${rule.cookie.name}=${rule.cookie.value}` }
  return undefined
}

/**
 * Headers that send a request to one release through the environment's router (the smoke-test action's
 * `target`): the local router's pinned route, or for the canary the first match rule. Undefined when the
 * router offers no way.
 */
export function targetHeaders(env: EnvironmentConfig, provider: ProviderName | undefined, role: 'stable' | 'canary'): Record<string, string> | undefined {
  if (routerOf(env, provider) === 'local') return { [ROUTE_HEADER]: role }
  return role === 'canary' ? cohortRequestHeaders(cohortsOf(env.canary)) : undefined
}
