import type { TrafficRouter } from './types.js'

// The `command` router: the user's set-weight command, run by the command provider with
// GLIDEPATH_WEIGHT (and every other value) in its environment.
export class CommandRouter implements TrafficRouter {
  readonly name = 'command'

  constructor(private readonly runSetWeight: (weight: number, versions: { stable: string | null; canary: string | null }) => Promise<void>) {}

  setWeight(weight: number, versions: { stable: string | null; canary: string | null }): Promise<void> {
    return this.runSetWeight(weight, versions)
  }
}
