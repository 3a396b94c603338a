import { GlidepathError } from '../errors/index.js'
import { windowVerdict, describeInstant } from '../time/windows.js'
import { md } from '../report/md.js'
import type { Runtime } from '../runtime/runtime.js'
import type { ResolvedEnvironment } from '../config/resolve.js'

// The deploy-window gate of deploy and canary-step (issue 25): before anything changes, a new version
// (or a canary step forward) outside the environment's windows or in a freeze is refused with the next
// opening; an override with a reason goes ahead where windows.override allows it, recorded and
// reported. Rollbacks and aborts never come here.

export interface WindowOverride {
  reason: string
  actor: string
  /** Why the windows were closed at the time. */
  closed: string
}

export function checkWindows(runtime: Runtime, environment: ResolvedEnvironment, override: string | undefined, what: string, now = new Date()): WindowOverride | undefined {
  const cfg = environment.config.windows
  const verdict = windowVerdict(cfg, now)
  if (verdict.open) return undefined
  const zone = cfg?.timezone ?? 'UTC'
  const next = verdict.next ? `next opening: ${describeInstant(verdict.next, zone)}` : 'no opening in the next year'
  if (!override) {
    throw new GlidepathError('GP-WINDOW-001', `${what} on ${environment.name} is refused: ${verdict.why}; ${next}. Nothing was changed.`, {
      fix: cfg?.override
        ? 'Run it then, or for an emergency set the override-window input to the reason (recorded and reported). Rollbacks and aborts are never blocked.'
        : `Run it then. Rollbacks and aborts are never blocked; an emergency override needs windows.override: true on environments.${environment.key}.`,
    })
  }
  if (!cfg?.override) {
    throw new GlidepathError('GP-WINDOW-002', `${what} on ${environment.name} asked to override its deploy windows (${verdict.why}), and the environment does not allow overrides. Nothing was changed.`, {
      fix: `Set windows.override: true on environments.${environment.key} to allow emergency overrides, or run it then (${next}).`,
    })
  }
  const actor = runtime.context.actor || 'unknown'
  runtime.warning(`Deploy window overridden by ${actor}: ${override} (${verdict.why}).`, { title: 'Glidepath: deploy window overridden' })
  runtime.summary(`> [!WARNING]\n> ${md`Deploy window overridden on ${environment.name} by ${actor}: ${override} (${verdict.why}).`}\n`)
  return { reason: override, actor, closed: verdict.why }
}
