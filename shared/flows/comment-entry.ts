import { COMMAND_PREFIX, commentEvent } from './comment-event.js'
import type { Runtime } from '../runtime/runtime.js'
import type { CommandSettings, CommandOutcome } from './command.js'

// The command action's entry: light (the comment's event, nothing else), so a comment that is no command
// ends at the toolkit's speed; command.ts and the operations load only for one that may be.

/**
 * The command action: a comment that never mentions /glidepath ends here, before the commands load (a
 * comment that does is read as GitHub renders it, by command.ts).
 */
export async function handleComment(runtime: Runtime, settings: CommandSettings): Promise<CommandOutcome> {
  const ctx = runtime.context
  if (ctx.eventName === 'issue_comment') {
    const event = commentEvent(ctx.payload)
    if (!event || !event.body.includes(COMMAND_PREFIX)) {
      runtime.info('The comment holds no /glidepath command; nothing to do.')
      return { allowed: false }
    }
  }
  return (await import('./command.js')).handleComment(runtime, settings)
}
