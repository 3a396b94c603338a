import { openSync, writeSync, closeSync, readFileSync, unlinkSync, mkdirSync, statSync } from 'node:fs'
import { dirname } from 'node:path'
import { hostname } from 'node:os'
import { GlidepathError } from '../errors/index.js'
import { sleep, formatDuration } from '../time/duration.js'
import { isRunning, processStart } from '../process/run.js'

// One run at a time per environment. The lock is a file created with O_EXCL; it names its owner so a
// lock left by a killed run (its process is gone) is recovered, and a live one is waited for, bounded.

export interface LockOwner {
  pid: number
  /** The owner's start time: a pid reused by a later process does not keep a dead owner's lock. */
  start?: string
  host: string
  action: string
  runId?: string
  acquiredAt: string
}

export interface LockOptions {
  timeoutMs: number
  action: string
  runId?: string
  pollMs?: number
  onWait?: (owner: LockOwner | undefined) => void
  onRecover?: (owner: LockOwner) => void
}

export interface HeldLock {
  path: string
  release(): void
}

function readOwner(path: string): LockOwner | undefined {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as LockOwner
  } catch {
    return undefined
  }
}

function isStale(owner: LockOwner | undefined): boolean {
  // A lock with no readable owner was cut short while being written: its writer died.
  if (!owner) return true
  return owner.host === hostname() && !isRunning(owner)
}

export async function acquireLock(path: string, options: LockOptions): Promise<HeldLock> {
  mkdirSync(dirname(path), { recursive: true })
  const deadline = Date.now() + options.timeoutMs
  let waited = false
  for (;;) {
    try {
      const fd = openSync(path, 'wx')
      const owner: LockOwner = { pid: process.pid, start: processStart(process.pid), host: hostname(), action: options.action, runId: options.runId, acquiredAt: new Date().toISOString() }
      writeSync(fd, JSON.stringify(owner))
      closeSync(fd)
      return {
        path,
        release: () => {
          const current = readOwner(path)
          if (current && current.pid === owner.pid && current.acquiredAt === owner.acquiredAt) unlinkSync(path)
        },
      }
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e
    }
    const owner = readOwner(path)
    if (isStale(owner)) {
      // Give a writer that has just created the file a moment to fill it in before calling it stale.
      if (!owner) await sleep(50)
      if (await removeStale(path, options.onRecover)) continue
    }
    if (Date.now() >= deadline) {
      throw new GlidepathError('GP-LOCK-001', `Environment is locked by ${owner ? `${owner.action} (pid ${owner.pid} on ${owner.host}${owner.runId ? `, run ${owner.runId}` : ''}, since ${owner.acquiredAt})` : 'another run'}; waited ${formatDuration(options.timeoutMs)}.`, {
        fix: `Let the other run finish, raise lock-timeout, or if that run is gone for good delete ${path}.`,
      })
    }
    if (!waited) options.onWait?.(owner)
    waited = true
    await sleep(Math.min(options.pollMs ?? 250, Math.max(10, deadline - Date.now())))
  }
}

/**
 * Removes a stale lock file, one waiter at a time: two waiters that both saw the same stale owner must
 * not both delete, or the second would delete the lock the first has just taken. A guard file taken
 * with O_EXCL serialises them; under it the owner is read again before the unlink.
 */
async function removeStale(path: string, onRecover: ((owner: LockOwner) => void) | undefined): Promise<boolean> {
  const guard = `${path}.recovering`
  let fd: number
  try {
    fd = openSync(guard, 'wx')
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e
    // A guard whose holder died (it is only held for a read and an unlink) is removed after a second.
    try {
      if (Date.now() - statSync(guard).mtimeMs > 1000) unlinkSync(guard)
    } catch { /* gone meanwhile */ }
    return false
  }
  try {
    const owner = readOwner(path)
    if (!isStale(owner)) return false
    if (owner) onRecover?.(owner)
    try { unlinkSync(path) } catch { /* gone meanwhile */ }
    return true
  } finally {
    closeSync(fd)
    try { unlinkSync(guard) } catch { /* already gone */ }
  }
}
