import { readFileSync, writeFileSync, renameSync, existsSync } from 'node:fs'
import { GlidepathError } from '../errors/index.js'

// JSON files that Glidepath owns (the state, a provider's own record, the router's routes and pid file):
// written atomically (a temporary file renamed over the old one, so a reader or a killed run never sees
// half a file) and read with a coded error when unreadable. A leaf: node's fs and the error type only.

/** Written whole or not at all (a temporary file renamed over it); `mode` 0o600 for a file only its owner may read. */
export function writeJsonAtomic(path: string, value: unknown, mode?: number): void {
  const tmp = `${path}.${process.pid}.${Date.now()}.tmp`
  writeFileSync(tmp, `${JSON.stringify(value, null, 2)}\n`, mode === undefined ? undefined : { mode })
  renameSync(tmp, path)
}

/** What every error about a broken or missing record offers: the record rebuilt from the platform, never a fresh start. */
export const REBUILD_FIX = 'Rebuild it from what the platform serves: `glidepath state rebuild --environment <name>` (it reads the router, the releases and the GitHub deployments; the old file is kept beside it as .broken), or restore it from a backup.'

export function readJson<T>(path: string, fallback: T): T {
  if (!existsSync(path)) return fallback
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as T
  } catch (e) {
    throw new GlidepathError('GP-STATE-001', `State file ${path} is unreadable: ${(e as Error).message}`, {
      fix: REBUILD_FIX,
    })
  }
}
