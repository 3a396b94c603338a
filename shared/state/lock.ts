import { openSync, writeSync, closeSync, readFileSync, unlinkSync, mkdirSync, statSync, writeFileSync } from 'node:fs'
import { randomUUID } from 'node:crypto'
import { dirname } from 'node:path'
import { hostname } from 'node:os'
import { GlidepathError } from '../errors/index.js'
import { sleep, formatDuration } from '../time/duration.js'
import { isRunning, processStart } from '../process/run.js'

// One run at a time per environment. The lock is a file created with O_EXCL; it names its owner so a
// lock left by a killed run (its process is gone) is recovered, and a live one is waited for, bounded.
// It is also a fencing token (Kleppmann, "How to do distributed locking"): each holder gets a token and
// the next generation (a counter beside the lock that only grows), and checks before every write that the
// lock file still names it and no later generation was handed out. A run whose lock was deleted (by hand,
// or by a cleanup) or taken over stops before it changes anything, instead of interleaving with the next.

export interface LockOwner {
  pid: number
  /** The owner's start time: a pid reused by a later process does not keep a dead owner's lock. */
  start?: string
  host: string
  action: string
  runId?: string
  acquiredAt: string
  /** This holding's own token, and the generation it was given. */
  token?: string
  generation?: number
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
  generation: number
  /** Throws GP-LOCK-003 when this run no longer holds the lock (the file is gone, names another, or a later generation exists). */
  check(): void
  release(): void
}

const generationFile = (path: string) => `${path}.generation`

function lastGeneration(path: string): number {
  try {
    const n = Number(readFileSync(generationFile(path), 'utf8').trim())
    return Number.isSafeInteger(n) && n >= 0 ? n : 0
  } catch {
    return 0
  }
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
      // Under the lock: the generation file is only written by the holder.
      const generation = lastGeneration(path) + 1
      const owner: LockOwner = { pid: process.pid, start: processStart(process.pid), host: hostname(), action: options.action, runId: options.runId, acquiredAt: new Date().toISOString(), token: randomUUID(), generation }
      writeSync(fd, JSON.stringify(owner))
      closeSync(fd)
      writeFileSync(generationFile(path), `${generation}\n`)
      let released = false
      return {
        path,
        generation,
        check: () => {
          if (released) return
          const current = readOwner(path)
          const newest = lastGeneration(path)
          if (current?.token === owner.token && newest <= generation) return
          throw new GlidepathError('GP-LOCK-003', `This run (${options.action}, generation ${generation}) no longer holds the environment lock: ${current ? `${current.action} (pid ${current.pid}${current.runId ? `, run ${current.runId}` : ''}) holds it now, generation ${current.generation ?? '?'}` : newest > generation ? `generation ${newest} was handed out since` : `the lock file ${path} was removed`}. It stopped before changing anything more.`, {
            fix: 'Run the step again: it takes the lock afresh and reconciles with what serves. Never delete a lock file of a run that is still working; a lock left by a dead run is recovered by itself.',
          })
        },
        release: () => {
          released = true
          const current = readOwner(path)
          if (current && current.token === owner.token) unlinkSync(path)
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
        fix: `Let the other run finish or raise lock-timeout. A lock whose run died on this machine is recovered by itself; one left on another machine (${owner?.host ?? 'unknown'}) is recovered once that run's process is known gone there: only then delete ${path}.`,
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

/** A lock held with the target itself (a host's lock file over SSH, a Kubernetes Lease): what the provider's lock() is asked. */
export interface TargetLockOptions {
  timeoutMs: number
  action: string
  runId?: string
  onWait?: (holder: string) => void
  onRecover?: (holder: string) => void
  onSkip?: (why: string) => void
}
