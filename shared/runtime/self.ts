import { GlidepathError } from '../errors/index.js'

// How to start this program again as a helper process (the local router). In a bundle it is
// `node dist/index.js`; the entry point registers that. Tests register a tsx command instead.
let selfCommand: string[] | undefined

export function setSelfCommand(command: string[]): void {
  selfCommand = command
}

export function getSelfCommand(): string[] {
  if (selfCommand) return selfCommand
  const fromEnv = process.env.GLIDEPATH_INTERNAL_SELF
  if (fromEnv) return JSON.parse(fromEnv) as string[]
  throw new GlidepathError('GP-INTERNAL-001', 'Cannot tell how to start the local router process.', {
    fix: 'Run Glidepath through an action bundle or the glidepath CLI.',
  })
}

export const ROUTER_ENV = 'GLIDEPATH_INTERNAL_ROUTER'
/** Set on the bundle started on a host over SSH to do one local provider operation (providers/agent.ts). */
export const AGENT_ENV = 'GLIDEPATH_INTERNAL_AGENT'
/** Set (to a preview's state directory) on this program started by a router to wake a sleeping preview (providers/local-sleep.ts). */
export const WAKE_ENV = 'GLIDEPATH_INTERNAL_WAKE'
