import type { EnvironmentConfig } from './types.js'

// The default branch table of the deployment guides (SPEC section 3). It applies to an environment with
// one of these names that says nothing about which refs deploy to it; any `branches`, `tags` or
// `pullRequests` key overrides it.
export const DEFAULT_BRANCH_TABLE: Record<string, Pick<EnvironmentConfig, 'branches' | 'pullRequests' | 'production' | 'transient'>> = {
  production: { branches: ['main'], production: true },
  staging: { branches: ['develop'] },
  preprod: { branches: ['release/*'] },
  'pre-prod': { branches: ['release/*'] },
  preview: { branches: ['feature/*'], pullRequests: true, transient: true },
  hotfix: { branches: ['hotfix/*'], production: true },
}

/**
 * GitHub's filter patterns for branch and tag names (the "filter pattern cheat sheet" of the workflow
 * syntax), so `branches:` here means what it means under `on.push.branches`: `*` matches any characters
 * but `/`, `**` any characters, `?` zero or one of the preceding character, `+` one or more of it, `[...]`
 * one character of a set or range, and `\` escapes the next character.
 *
 * Matched without backtracking: the pattern is a list of items (a character set, taken once, at most once or
 * any number of times) run as a set of positions over the name, one character at a time, so a pattern and a
 * name from a pull request take time proportional to their lengths' product, never exponential.
 */
interface Item {
  accepts: (c: string) => boolean
  /** May match nothing. */
  optional: boolean
  /** May match again after matching once. */
  repeats: boolean
}

const compiled = new Map<string, Item[]>()
const MAX_COMPILED = 256

function filterPatternItems(pattern: string): Item[] {
  const cached = compiled.get(pattern)
  if (cached) return cached
  const items: Item[] = []
  // The item a following ? or + applies to: a literal, an escaped character or a set (never a * or another quantifier).
  let quantifiable = false
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]
    if (c === '\\' && i + 1 < pattern.length) {
      const lit = pattern[++i]
      items.push({ accepts: (x) => x === lit, optional: false, repeats: false })
      quantifiable = true
    } else if (c === '*') {
      const any = pattern[i + 1] === '*'
      if (any) i++
      items.push({ accepts: any ? () => true : (x) => x !== '/', optional: true, repeats: true })
      quantifiable = false
    } else if ((c === '?' || c === '+') && quantifiable) {
      const last = items[items.length - 1]
      if (c === '?') last.optional = true
      else items.push({ accepts: last.accepts, optional: true, repeats: true })
      quantifiable = false
    } else if (c === '[' && pattern.indexOf(']', i + 2) >= 0) {
      const end = pattern.indexOf(']', i + 2)
      const set = charSet(pattern.slice(i + 1, end))
      items.push({ accepts: set, optional: false, repeats: false })
      i = end
      quantifiable = true
    } else {
      items.push({ accepts: (x) => x === c, optional: false, repeats: false })
      quantifiable = true
    }
  }
  if (compiled.size >= MAX_COMPILED) compiled.clear()
  compiled.set(pattern, items)
  return items
}

/** A bracket expression's members: single characters and a-z ranges (as the regular expression class it was). */
function charSet(body: string): (c: string) => boolean {
  const singles = new Set<string>()
  const ranges: Array<[number, number]> = []
  for (let i = 0; i < body.length; i++) {
    if (i + 2 < body.length && body[i + 1] === '-') {
      ranges.push([body.charCodeAt(i), body.charCodeAt(i + 2)])
      i += 2
    } else singles.add(body[i])
  }
  return (c) => singles.has(c) || ranges.some(([lo, hi]) => c.charCodeAt(0) >= lo && c.charCodeAt(0) <= hi)
}

/** One pattern (a leading `!` is not a pattern of its own here; see filterMatch). */
export function globMatch(pattern: string, text: string): boolean {
  const items = filterPatternItems(pattern)
  const n = items.length
  let at: Uint8Array = new Uint8Array(n + 1)
  const close = (set: Uint8Array) => {
    for (let i = 0; i < n; i++) if (set[i] && items[i].optional) set[i + 1] = 1
    return set
  }
  at[0] = 1
  close(at)
  for (const c of text) {
    const next = new Uint8Array(n + 1)
    let any = false
    for (let i = 0; i < n; i++) {
      if (!at[i] || !items[i].accepts(c)) continue
      next[i + 1] = 1
      if (items[i].repeats) next[i] = 1
      any = true
    }
    if (!any) return false
    at = close(next)
  }
  return at[n] === 1
}

/**
 * A list of filter patterns in GitHub's order semantics: a name is included when the last pattern that
 * matches it is a positive one (`!pattern` excludes what earlier patterns included, and a later positive
 * pattern includes it again). Returns the positive pattern that included it, or undefined.
 */
export function filterMatch(patterns: string[], text: string): string | undefined {
  let included: string | undefined
  for (const pattern of patterns) {
    if (pattern.startsWith('!')) {
      if (included !== undefined && globMatch(pattern.slice(1), text)) included = undefined
    } else if (globMatch(pattern, text)) included = pattern
  }
  return included
}
