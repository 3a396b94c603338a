import { cut, LIMITS } from '../report/limits.js'
import { GlidepathError } from '../errors/index.js'
import type { GitHubClient } from './client.js'

// One sticky PR comment per environment, found by a hidden marker and by its author, and updated in place
// (REST only, so it works with GITHUB_TOKEN, a PAT or an App token alike). The marker alone proves nothing:
// anyone can post it first, and a report written into their comment would be theirs to edit afterwards.
const markerFor = (environment: string): string => `<!-- glidepath:${encodeURIComponent(environment)} -->`

/** What GITHUB_TOKEN's comments are written as. */
const ACTIONS_BOT = 'github-actions[bot]'

interface ApiComment {
  id: number
  body?: string
  html_url: string
  user?: { login?: string; type?: string } | null
}

/** Who the token writes as: a user token says (GET /user); an installation token cannot, and is a bot. */
export interface CommentAuthor {
  login: string
  bot: boolean
}

/**
 * The login the token's comments carry. A PAT or a user-to-server token answers GET /user; an installation
 * token (GITHUB_TOKEN, a GitHub App's) is refused it, and writes as `configured` (an App's `slug[bot]`),
 * else as github-actions[bot].
 */
export async function commentAuthor(client: GitHubClient, configured?: string): Promise<CommentAuthor> {
  if (configured) return { login: configured, bot: configured.endsWith('[bot]') }
  try {
    const { data } = await client.request<{ login?: string; type?: string }>('GET /user')
    if (typeof data.login === 'string' && data.login) return { login: data.login, bot: data.type === 'Bot' }
  } catch (e) {
    // 401, 403 and 404 (GP-GITHUB-001..003): not a user's token.
    if (!(e instanceof GlidepathError) || !['GP-GITHUB-001', 'GP-GITHUB-002', 'GP-GITHUB-003'].includes(e.code)) throw e
  }
  return { login: ACTIONS_BOT, bot: true }
}

/** The comment is the token's own: written by the same login (and, for a bot, by a bot account). */
function writtenBy(comment: { user?: { login?: string; type?: string } | null }, author: CommentAuthor): boolean {
  const login = comment.user?.login
  if (!login || login.toLowerCase() !== author.login.toLowerCase()) return false
  return !author.bot || comment.user?.type === 'Bot'
}

export async function upsertStickyComment(client: GitHubClient, issue: number, environment: string, body: string, options?: { author?: CommentAuthor }): Promise<{ id: number; url: string; created: boolean }>
/** With existingOnly, a comment is updated where there is one and never created (undefined when none). */
export async function upsertStickyComment(client: GitHubClient, issue: number, environment: string, body: string, options: { author?: CommentAuthor; existingOnly: true }): Promise<{ id: number; url: string; created: boolean } | undefined>
export async function upsertStickyComment(client: GitHubClient, issue: number, environment: string, body: string, options: { author?: CommentAuthor; existingOnly?: boolean } = {}): Promise<{ id: number; url: string; created: boolean } | undefined> {
  const marker = markerFor(environment)
  const text = cut(`${marker}\n${body}`, LIMITS.comment, '\n\n…(truncated)')
  const author = options.author ?? (await commentAuthor(client))
  let existing: ApiComment | undefined
  for await (const c of client.items<ApiComment>('GET /repos/{owner}/{repo}/issues/{issue_number}/comments', { issue_number: issue })) {
    if (c.body?.startsWith(marker) && writtenBy(c, author)) {
      existing = c
      break
    }
  }
  if (existing) {
    const { data } = await client.request<ApiComment>('PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}', { comment_id: existing.id, body: text })
    return { id: data.id, url: data.html_url, created: false }
  }
  if (options.existingOnly) return undefined
  const { data } = await client.request<ApiComment>('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', { issue_number: issue, body: text })
  return { id: data.id, url: data.html_url, created: true }
}
