import type { getOctokit } from '@actions/github'
import { GlidepathError } from '../errors/index.js'
import { retry, retryAfterMs } from '../time/retry.js'

// The one door to GitHub's REST API: octokit from @actions/github, with retries for 5xx, 429 and rate
// limits (honouring Retry-After and x-ratelimit-reset), GitHub Enterprise Server through
// GITHUB_API_URL, a call counter, and errors that name the fix (a missing permission, a fork's
// read-only token, a private repository the token cannot see).

export type Octokit = ReturnType<typeof getOctokit>

export interface GitHubClientOptions {
  token: string
  apiUrl: string
  repository: string
  retries?: number
  baseDelayMs?: number
  onRetry?: (message: string) => void
}

interface RequestError {
  status?: number
  message?: string
  response?: { headers?: Record<string, string | undefined>; data?: { message?: string } }
}

/** The permission a request needs, for the message when it is refused. */
function permissionFor(route: string): string {
  if (route.includes('/deployments')) return 'deployments: write'
  if (route.includes('/comments')) return 'pull-requests: write'
  if (route.includes('/pulls')) return 'pull-requests: read'
  return 'contents: read'
}

function retryAfterMsOf(e: RequestError, now = Date.now()): number | undefined {
  const h = e.response?.headers ?? {}
  const after = retryAfterMs(h['retry-after'] === undefined ? undefined : String(h['retry-after']), now)
  if (after !== undefined) return after
  if (h['x-ratelimit-remaining'] === '0' && h['x-ratelimit-reset']) return Math.max(0, Math.min(Number(h['x-ratelimit-reset']) * 1000 - now, 60_000))
  return undefined
}

function retryable(e: RequestError): boolean {
  if (e.status === undefined) return true // network
  if (e.status >= 500 || e.status === 429) return true
  if (e.status === 403) {
    const h = e.response?.headers ?? {}
    return h['x-ratelimit-remaining'] === '0' || h['retry-after'] !== undefined || /secondary rate limit|rate limit exceeded/i.test(e.message ?? '')
  }
  return false
}

export class GitHubClient {
  private octokit?: Promise<Octokit>
  readonly owner: string
  readonly repo: string
  calls = 0

  constructor(private readonly options: GitHubClientOptions) {
    const [owner, repo] = options.repository.split('/')
    this.owner = owner
    this.repo = repo
  }

  // octokit is loaded on the first call, not at start-up: most runs that have a token never talk to
  // GitHub (a ref that maps to no environment, a dry run). scripts/build.mjs keeps its licences in
  // licenses.txt although ncc puts it in a chunk of its own.
  private client(): Promise<Octokit> {
    this.octokit ??= import('@actions/github').then(({ getOctokit }) => getOctokit(this.options.token, { baseUrl: this.options.apiUrl.replace(/\/+$/, ''), request: { retries: 0 } }))
    return this.octokit
  }

  /** One REST call: `route` as in the docs ("POST /repos/{owner}/{repo}/deployments"). */
  async request<T = unknown>(route: string, params: Record<string, unknown> = {}): Promise<{ data: T; headers: Record<string, string | undefined> }> {
    const octokit = await this.client()
    try {
      return await retry(async () => {
        this.calls++
        const res = await octokit.request(route, { ...(route.includes('{owner}') ? { owner: this.owner, repo: this.repo } : {}), ...params })
        return { data: res.data as T, headers: res.headers as Record<string, string | undefined> }
      }, {
        retries: this.options.retries ?? 4,
        baseMs: this.options.baseDelayMs ?? 1000,
        maxMs: 30_000,
        shouldRetry: (e) => retryable(e as RequestError),
        retryAfterMs: (e) => retryAfterMsOf(e as RequestError),
        onRetry: (e, attempt, wait) => this.options.onRetry?.(`GitHub ${route} answered ${(e as RequestError).status ?? 'no response'}; retry ${attempt} in ${Math.round(wait)}ms`),
      })
    } catch (e) {
      throw translate(e as RequestError, route, this.options.repository)
    }
  }

  /** The items of a list, page by page (per_page 100) following the Link header; a caller that stops early fetches no further page. */
  async *items<T>(route: string, params: Record<string, unknown> = {}): AsyncGenerator<T> {
    for (let page = 1; page < 100; page++) {
      const { data, headers } = await this.request<T[]>(route, { ...params, per_page: 100, page })
      yield* data
      if (!headers.link?.includes('rel="next"')) break
    }
  }

  /** Every item of a list. */
  async paginate<T>(route: string, params: Record<string, unknown> = {}): Promise<T[]> {
    const out: T[] = []
    for await (const item of this.items<T>(route, params)) out.push(item)
    return out
  }
}

function translate(e: RequestError, route: string, repository: string): GlidepathError {
  const message = e.response?.data?.message ?? e.message ?? 'no answer'
  if (e.status === 401) {
    return new GlidepathError('GP-GITHUB-001', `GitHub refused the token for ${route}: ${message}.`, { fix: 'Pass a valid token (the default is github.token); check it has not expired.' })
  }
  if (e.status === 403 && !retryable(e)) {
    const permission = permissionFor(route)
    return new GlidepathError('GP-GITHUB-002', `GitHub refused ${route} on ${repository}: ${message}.`, {
      fix: `Give the job \`permissions: { ${permission} }\`. On pull requests from forks GITHUB_TOKEN is read-only: deployments and comments cannot be written from them.`,
    })
  }
  if (e.status === 404) {
    return new GlidepathError('GP-GITHUB-003', `GitHub answered 404 for ${route} on ${repository}.`, {
      fix: 'Check GITHUB_REPOSITORY and, for a private repository, that the token can see it (a PAT needs the repo scope; an App token, access to this repository).',
    })
  }
  return new GlidepathError('GP-GITHUB-004', `GitHub ${route} failed after retries: ${e.status ?? ''} ${message}.`.replace('  ', ' '), {
    fix: 'GitHub may be degraded (see githubstatus.com) or rate-limiting this token; run the job again later.',
  })
}
