import { escapeMarkdown } from './markdown.js'

// What the platform was seen serving (flows/reconcile.ts reads it before every operation; report reads it
// again for the summary), in words: outputs and reports say what serves, not what a file expected.

export interface SeenVersion {
  version: string
  weight: number
  healthy: boolean
}

export interface Seen {
  routerUp?: boolean
  stable: SeenVersion | null
  canary: SeenVersion | null
}

/** What serves, in one phrase ("v2 takes 80%, v3 takes 20% but does not answer"). */
export function describeServing(seen: Seen): string {
  if (seen.routerUp === false && !seen.stable) return 'the router does not answer and routes nothing'
  if (!seen.stable) return 'nothing is routed'
  const part = (v: SeenVersion) => `${v.version} takes ${v.weight}%${v.healthy ? '' : ' but does not answer'}`
  const routed = [seen.stable, seen.canary].filter((v): v is SeenVersion => v !== null).map(part).join(', ')
  return seen.routerUp === false ? `the router does not answer (it would send: ${routed})` : routed
}

/** Everything routed answers through a router that answers. */
export function servesAsRouted(seen: Seen): boolean {
  return seen.routerUp !== false && Boolean(seen.stable?.healthy) && (!seen.canary || seen.canary.healthy)
}

/** The summary's line about what serves, a warning when it does not serve as recorded. */
export function renderServing(seen: Seen, recorded: { stable: string | null; canary: string | null }): string {
  if (!recorded.stable && !seen.stable && !seen.canary) return '**Seen serving now:** nothing, as recorded.\n\n'
  const said = escapeMarkdown(describeServing(seen))
  const agrees = seen.stable?.version === (recorded.stable ?? undefined) && (seen.canary?.version ?? null) === recorded.canary
  if (servesAsRouted(seen) && agrees) return `**Seen serving now:** ${said}.\n\n`
  return `> [!WARNING]\n> **Seen serving now:** ${said}; the record says ${escapeMarkdown(recorded.stable ?? 'nothing')}${recorded.canary ? ` with canary ${escapeMarkdown(recorded.canary)}` : ''}. The next deploy, canary step or rollback heals what can be healed, or stops with GP-STATE-002.\n\n`
}
