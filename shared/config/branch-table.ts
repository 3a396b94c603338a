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

/** Glob match for refs: `*` stays inside one path segment, `**` crosses them, `?` is one character. */
export function globMatch(pattern: string, text: string): boolean {
  let re = '^'
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]
    if (c === '*' && pattern[i + 1] === '*') {
      re += '.*'
      i++
    } else if (c === '*') re += '[^/]*'
    else if (c === '?') re += '[^/]'
    else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&')
  }
  return new RegExp(`${re}$`).test(text)
}
