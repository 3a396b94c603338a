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
 */
function filterPatternRegExp(pattern: string): RegExp {
  let re = '^'
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]
    if (c === '\\' && i + 1 < pattern.length) {
      re += escapeRegExp(pattern[++i])
    } else if (c === '*' && pattern[i + 1] === '*') {
      re += '.*'
      i++
    } else if (c === '*') re += '[^/]*'
    else if (c === '?' || c === '+') re += re.length > 1 && !/[*?+]$/.test(re) ? c : escapeRegExp(c)
    else if (c === '[') {
      const end = pattern.indexOf(']', i + 2)
      if (end < 0) re += '\\['
      else {
        re += `[${pattern.slice(i + 1, end).replace(/[\\\]^]/g, '\\$&')}]`
        i = end
      }
    } else re += escapeRegExp(c)
  }
  return new RegExp(`${re}$`)
}

const escapeRegExp = (c: string) => c.replace(/[.+?*^${}()|[\]\\/]/g, '\\$&')

/** One pattern (a leading `!` is not a pattern of its own here; see filterMatch). */
export function globMatch(pattern: string, text: string): boolean {
  return filterPatternRegExp(pattern).test(text)
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
