import { cut, LIMITS } from '../report/limits.js'
import type { GitHubClient } from './client.js'

// One sticky PR comment per environment, found by a hidden marker and updated in place (REST only, so
// it works with GITHUB_TOKEN, a PAT or an App token alike).
const markerFor = (environment: string): string => `<!-- glidepath:${encodeURIComponent(environment)} -->`

interface ApiComment {
  id: number
  body?: string
  html_url: string
}

export async function upsertStickyComment(client: GitHubClient, issue: number, environment: string, body: string): Promise<{ id: number; url: string; created: boolean }>
/** With existingOnly, a comment is updated where there is one and never created (undefined when none). */
export async function upsertStickyComment(client: GitHubClient, issue: number, environment: string, body: string, existingOnly: true): Promise<{ id: number; url: string; created: boolean } | undefined>
export async function upsertStickyComment(client: GitHubClient, issue: number, environment: string, body: string, existingOnly = false): Promise<{ id: number; url: string; created: boolean } | undefined> {
  const marker = markerFor(environment)
  const text = cut(`${marker}\n${body}`, LIMITS.comment, '\n\n…(truncated)')
  let existing: ApiComment | undefined
  for await (const c of client.items<ApiComment>('GET /repos/{owner}/{repo}/issues/{issue_number}/comments', { issue_number: issue })) {
    if (c.body?.startsWith(marker)) {
      existing = c
      break
    }
  }
  if (existing) {
    const { data } = await client.request<ApiComment>('PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}', { comment_id: existing.id, body: text })
    return { id: data.id, url: data.html_url, created: false }
  }
  if (existingOnly) return undefined
  const { data } = await client.request<ApiComment>('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', { issue_number: issue, body: text })
  return { id: data.id, url: data.html_url, created: true }
}
