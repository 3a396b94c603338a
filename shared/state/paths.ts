import { resolve, relative, isAbsolute, sep } from 'node:path'

export const DEFAULT_STATE_DIR = '.glidepath'

/** Where an environment keeps its state: its local.stateDir, else defaults.stateDir, else .glidepath, in the workspace. */
export function stateDirOf(workspace: string, env: { local?: { stateDir?: string } }, defaults?: { stateDir?: string }): string {
  return resolve(workspace, env.local?.stateDir ?? defaults?.stateDir ?? DEFAULT_STATE_DIR)
}

/** True when `path` (relative to `root`, or absolute) stays inside `root` once normalised. */
export function isInside(root: string, path: string): boolean {
  if (path.includes('\0')) return false
  const rel = relative(resolve(root), resolve(root, path))
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel))
}
