import { request, Agent } from 'undici'
import { readCookie } from '../../shared/traffic/cohorts.js'

// Browser-like clients for the web-cohort tests: each user has its own connection and cookie jar and
// loads a page as a browser does, the HTML first and then the script it names, with the cookies it was
// given. A load is broken when the script is missing (the page and its script came from different
// versions); a user switched when two of its loads came from different versions.

export interface User {
  id: number
  cookies: Map<string, string>
  headers: Record<string, string>
  /** The version of each of its page loads, in order. */
  versions: string[]
  broken: number
}

export interface LoadReport {
  loads: number
  broken: number
  /** Users whose page loads did not all come from one version. */
  switched: number
  /** Users by the version of their last load. */
  byVersion: Record<string, number>
}

const agent = new Agent({ connections: 256, keepAliveTimeout: 2000 })

export function users(n: number, headers: Record<string, string> = {}, firstId = 0): User[] {
  return Array.from({ length: n }, (_, i) => ({ id: firstId + i, cookies: new Map(), headers, versions: [], broken: 0 }))
}

async function get(base: string, path: string, user: User): Promise<{ status: number; body: string; version: string | undefined }> {
  const cookie = [user.headers.cookie, ...[...user.cookies].map(([k, v]) => `${k}=${v}`)].filter(Boolean).join('; ')
  const res = await request(`${base}${path}`, { dispatcher: agent, headers: { ...user.headers, ...(cookie ? { cookie } : {}) } })
  const body = await res.body.text()
  const set = res.headers['set-cookie']
  for (const line of set === undefined ? [] : Array.isArray(set) ? set : [set]) {
    const pair = line.split(';')[0]
    const eq = pair.indexOf('=')
    if (eq > 0) user.cookies.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim())
  }
  // The local router names the version that answered; behind nginx, the app's own header does.
  const version = res.headers['x-glidepath-version'] ?? res.headers['x-version']
  return { status: res.statusCode, body, version: Array.isArray(version) ? version[0] : version }
}

/** One page load: the HTML, then the script it names. */
export async function loadPage(base: string, user: User): Promise<void> {
  const page = await get(base, '/', user)
  const script = /<script src="([^"]+)"/.exec(page.body)?.[1]
  const asset = script ? await get(base, script, user) : undefined
  user.versions.push(page.version ?? '?')
  if (page.status !== 200 || asset?.status !== 200) user.broken++
}

/** Every user loads its page `times` times, all users at once each round. */
export async function browse(base: string, list: User[], times: number): Promise<LoadReport> {
  for (let i = 0; i < times; i++) await Promise.all(list.map((u) => loadPage(base, u)))
  return report(list)
}

export function report(list: User[]): LoadReport {
  const byVersion: Record<string, number> = {}
  for (const u of list) {
    const last = u.versions.at(-1)
    if (last) byVersion[last] = (byVersion[last] ?? 0) + 1
  }
  return {
    loads: list.reduce((n, u) => n + u.versions.length, 0),
    broken: list.reduce((n, u) => n + u.broken, 0),
    switched: list.filter((u) => new Set(u.versions).size > 1).length,
    byVersion,
  }
}

/** The version a user's affinity cookie names, as its tag (undefined before it was assigned). */
export const cookieOf = (user: User, name = 'gp-canary') => readCookie([...user.cookies].map(([k, v]) => `${k}=${v}`).join('; '), name)
