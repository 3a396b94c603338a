// What the command action reads first, and all it reads of a comment that does not mention a command:
// kept apart from the commands themselves (command.ts, loaded only for a comment that may hold one).

export const COMMAND_PREFIX = '/glidepath'


export interface CommentEvent {
  action: string
  id: number
  body: string
  login: string
  issue: number
  isPullRequest: boolean
}

export function commentEvent(payload: Record<string, unknown>): CommentEvent | undefined {
  const comment = payload.comment as { id?: unknown; body?: unknown; user?: { login?: unknown } } | undefined
  const issue = payload.issue as { number?: unknown; pull_request?: unknown } | undefined
  if (!comment || !issue || typeof comment.id !== 'number' || typeof issue.number !== 'number') return undefined
  return {
    action: typeof payload.action === 'string' ? payload.action : '',
    id: comment.id,
    body: typeof comment.body === 'string' ? comment.body : '',
    login: typeof comment.user?.login === 'string' ? comment.user.login : '',
    issue: issue.number,
    isPullRequest: Boolean(issue.pull_request),
  }
}

