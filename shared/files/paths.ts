import { resolve, relative, isAbsolute, sep, dirname, basename, join } from 'node:path'
import { lstatSync, realpathSync } from 'node:fs'

export const DEFAULT_STATE_DIR = '.glidepath'

/** Where an environment keeps its state: its local.stateDir, else defaults.stateDir, else .glidepath, in the workspace. */
export function stateDirOf(workspace: string, env: { local?: { stateDir?: string } }, defaults?: { stateDir?: string }): string {
  return resolve(workspace, env.local?.stateDir ?? defaults?.stateDir ?? DEFAULT_STATE_DIR)
}

const lexicallyInside = (root: string, target: string): boolean => {
  const rel = relative(root, target)
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel))
}

/**
 * True when `path` (relative to `root`, or absolute) stays inside `root` once normalised and once every
 * symbolic link on the way is followed: a link in the repository (a pull request can add one) never leads a
 * read or a write outside it. The part of the path that does not exist yet (a file about to be written) is
 * judged by the real place of its deepest existing folder; a link that leads nowhere is refused.
 */
export function isInside(root: string, path: string): boolean {
  if (path.includes('\0') || root.includes('\0')) return false
  const absRoot = resolve(root)
  const target = resolve(absRoot, path)
  if (!lexicallyInside(absRoot, target)) return false
  const real = realPlace(target)
  return real !== undefined && lexicallyInside(realPlace(absRoot) ?? absRoot, real)
}

/** The real path of `target`, or of its deepest existing ancestor joined with the rest; undefined for a dangling link. */
function realPlace(target: string): string | undefined {
  let existing = target
  const rest: string[] = []
  for (;;) {
    try {
      lstatSync(existing)
      break
    } catch {
      const up = dirname(existing)
      if (up === existing) return target
      rest.unshift(basename(existing))
      existing = up
    }
  }
  try {
    return join(realpathSync(existing), ...rest)
  } catch {
    return undefined
  }
}
