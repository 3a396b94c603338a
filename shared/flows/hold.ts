import { GlidepathError } from '../errors/index.js'
import type { Runtime } from '../runtime/runtime.js'
import type { Target } from './target.js'

// A person's hold on an environment (`/glidepath lock`): while it stands, deploys and canary steps
// forward by anyone else are refused before anything changes. Rollbacks and aborts never are: a hold
// must not keep a broken version serving.

/** Refuses `what` when someone other than this run's actor holds the environment. */
export function checkHold(runtime: Runtime, target: Target, what: string): void {
  if (!target.store.exists()) return
  const hold = target.store.read().hold
  if (!hold || hold.by === runtime.context.actor) return
  const name = target.environment.name
  throw new GlidepathError('GP-LOCK-002', `${what} refused: ${name} is held by @${hold.by} since ${hold.since}${hold.reason ? ` (${hold.reason})` : ''}.`, {
    fix: `Ask @${hold.by} to comment /glidepath unlock ${name}, or comment it yourself (anyone with write access may). Rollbacks and aborts are never blocked by a hold.`,
  })
}
