import { startDetached } from '../../process/run.js'
import { join } from 'node:path'
import { ROUTER_ENV, WAKE_ENV } from '../../runtime/self.js'
import type { Asleep } from './routes.js'

// Scale to zero, the router's half (previews.idle): a request for a sleeping preview starts the
// waker (providers/local-sleep.ts, this program again with GLIDEPATH_INTERNAL_WAKE) once, however many
// requests arrive meanwhile; they all wait for it and are then answered on the routes it left. The
// waker starts the releases, waits for their health and rewrites the routes, so the router only waits.

/** How long a request waits for a preview to wake (its releases' health included) before a 503. */
export const WAKE_TIMEOUT_MS = 120_000

export class Waker {
  private readonly waking = new Map<string, Promise<boolean>>()

  /** Wakes the preview in `asleep.dir` (one waker at a time per preview); true once it is awake. */
  wake(asleep: Asleep): Promise<boolean> {
    let pending = this.waking.get(asleep.dir)
    if (!pending) {
      pending = run(asleep).finally(() => this.waking.delete(asleep.dir))
      this.waking.set(asleep.dir, pending)
    }
    return pending
  }
}

function run(asleep: Asleep): Promise<boolean> {
  return new Promise((resolve) => {
    const env: Record<string, string> = {}
    for (const [k, v] of Object.entries(process.env)) if (v !== undefined && k !== ROUTER_ENV) env[k] = v
    env[WAKE_ENV] = asleep.dir
    // Without its log the waker still runs.
    const child = startDetached(asleep.wake, { cwd: asleep.dir, env, logFile: join(asleep.dir, 'wake.log'), logOptional: true, wait: true })
    const timer = setTimeout(() => {
      try { process.kill(-(child.pid as number), 'SIGKILL') } catch { /* gone */ }
      resolve(false)
    }, WAKE_TIMEOUT_MS)
    child.once('error', () => { clearTimeout(timer); resolve(false) })
    child.once('exit', (code) => { clearTimeout(timer); resolve(code === 0) })
  })
}
