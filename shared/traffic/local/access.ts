import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { EnvironmentConfig } from '../../config/types.js'
import { routerInFront } from '../../config/routers.js'

// Private previews at the local router (previews.private): a request passes with the preview's token
// in a cookie (set from the link in the pull request's comment), in basic auth (any user, the token as
// password) or in the x-glidepath-preview header (smoke-test, the judge's probes and automation send
// it); anything else gets 401. The token is an HMAC of the preview's name under the repository's secret
// (previews.secretEnv, default GLIDEPATH_PREVIEW_SECRET) or, without one, under a secret made for the
// preview and kept in its state directory. The router keeps only the token's SHA-256.

export const ACCESS_HEADER = 'x-glidepath-preview'
const ACCESS_COOKIE = 'glidepath-preview'
const ACCESS_QUERY = 'glidepath-preview'
const DEFAULT_SECRET_ENV = 'GLIDEPATH_PREVIEW_SECRET'
const COOKIE_MAX_AGE = 30 * 86_400

/** What the router needs: the realm it names and the SHA-256 of the token it lets in. */
export interface RouteAccess {
  realm: string
  sha256: string
}

type Section = Pick<EnvironmentConfig, 'pullRequests' | 'previews' | 'provider' | 'local' | 'compose' | 'ssh' | 'traffic'>

/** Whether the environment's previews answer only with their token: a previews block, not `private: false`, the router in front. */
export function isPrivatePreview(config: Section): boolean {
  return Boolean(config.pullRequests && config.previews && config.previews.private !== false && routerInFront(config))
}

/** The preview's token, or undefined for an environment whose previews are public. */
export function previewToken(environment: { name: string; config: Section }, env: Record<string, string | undefined>, stateDir: string): string | undefined {
  if (!isPrivatePreview(environment.config)) return undefined
  const secret = env[environment.config.previews?.secretEnv ?? DEFAULT_SECRET_ENV] || ownSecret(stateDir)
  return createHmac('sha256', secret).update(`glidepath-preview:${environment.name}`).digest('base64url').slice(0, 32)
}

/** A secret made for this preview, kept beside its state (owner-only). */
function ownSecret(dir: string): string {
  const file = join(dir, 'preview-secret')
  if (existsSync(file)) return readFileSync(file, 'utf8').trim()
  mkdirSync(dir, { recursive: true })
  try {
    writeFileSync(file, `${randomBytes(32).toString('base64url')}\n`, { mode: 0o600, flag: 'wx' })
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e
  }
  // Another run may have made it first: the file is the secret.
  return readFileSync(file, 'utf8').trim()
}

export function routeAccess(name: string, token: string): RouteAccess {
  return { realm: `Glidepath preview ${name}`, sha256: sha256(token).toString('hex') }
}

/** The link that logs a browser in: the preview's URL with the token, which the router swaps for a cookie. */
export function previewLink(url: string, token: string): string {
  const u = new URL(url)
  u.searchParams.set(ACCESS_QUERY, token)
  return u.toString()
}

const sha256 = (s: string) => createHash('sha256').update(s).digest()

function matches(access: RouteAccess, presented: string | undefined): boolean {
  if (!presented) return false
  const want = Buffer.from(access.sha256, 'hex')
  const got = sha256(presented.trim())
  return got.length === want.length && timingSafeEqual(got, want)
}

function cookieValue(cookies: string | undefined, name: string): string | undefined {
  if (!cookies) return undefined
  for (const part of cookies.split(';')) {
    const at = part.indexOf('=')
    if (at > 0 && part.slice(0, at).trim() === name) return part.slice(at + 1).trim()
  }
  return undefined
}

export type AccessVerdict =
  | { kind: 'pass' }
  | { kind: 'login'; location: string; cookie: string }
  | { kind: 'denied'; headers: Record<string, string>; body: string }

/** The router's check, on the request's headers (read by name) and path. */
export function checkAccess(access: RouteAccess, header: (name: string) => string | undefined, path: string, secure: boolean): AccessVerdict {
  if (matches(access, header(ACCESS_HEADER)) || matches(access, cookieValue(header('cookie'), ACCESS_COOKIE))) return { kind: 'pass' }
  const auth = header('authorization')
  if (auth && /^basic /i.test(auth)) {
    const decoded = Buffer.from(auth.slice(6).trim(), 'base64').toString('utf8')
    if (matches(access, decoded.slice(decoded.indexOf(':') + 1))) return { kind: 'pass' }
  }
  const q = path.indexOf('?')
  if (q >= 0) {
    const params = new URLSearchParams(path.slice(q + 1))
    const token = params.get(ACCESS_QUERY)
    if (token && matches(access, token)) {
      params.delete(ACCESS_QUERY)
      const rest = params.toString()
      return {
        kind: 'login',
        // Always a path on the preview itself: leading slashes or backslashes (//evil.example) would leave it.
        location: `/${path.slice(0, q).replace(/^[/\\]+/, '')}${rest ? `?${rest}` : ''}`,
        cookie: `${ACCESS_COOKIE}=${token}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${COOKIE_MAX_AGE}${secure ? '; Secure' : ''}`,
      }
    }
  }
  return {
    kind: 'denied',
    headers: { 'www-authenticate': `Basic realm="${access.realm.replace(/"/g, '')}", charset="UTF-8"`, 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' },
    body: 'This preview is private. Open it with the link in the pull request\'s Glidepath comment, or sign in with its token.\n',
  }
}

/** What a provider with the local router gives its router client: the preview's name and token, when private. */
export function previewAccess(deps: { environment: { name: string; config: Section }; env: Record<string, string | undefined>; glidepathEnv?: Record<string, string | undefined>; store: { dir: string } }): { name: string; token: string } | undefined {
  const token = previewToken(deps.environment, deps.glidepathEnv ?? deps.env, deps.store.dir)
  return token ? { name: deps.environment.name, token } : undefined
}
