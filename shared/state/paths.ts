import { resolve, relative, isAbsolute, sep } from 'node:path'

/** True when `path` (relative to `root`, or absolute) stays inside `root` once normalised. */
export function isInside(root: string, path: string): boolean {
  if (path.includes('\0')) return false
  const rel = relative(resolve(root), resolve(root, path))
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel))
}
