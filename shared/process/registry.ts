import { join } from 'node:path'
import { readJson, writeJsonAtomic } from '../files/json-file.js'
import { isRunning, processStart, signalRecordedGroup } from './run.js'

// The commands a run has started and not yet seen finish, kept in the environment's state directory.
// Commands run in process groups of their own, so a run that is killed (SIGKILL, a lost runner) leaves
// them running; the next run stops the groups whose owner is gone before it touches anything.

interface ChildEntry {
  owner: number
  ownerStart?: string
  start?: string
  label: string
  startedAt: string
}

export class ChildRegistry {
  private readonly file: string

  constructor(dir: string) {
    this.file = join(dir, 'children.json')
  }

  private read(): Record<string, ChildEntry> {
    try {
      return readJson<Record<string, ChildEntry>>(this.file, {})
    } catch {
      return {}
    }
  }

  add(pid: number, label: string): void {
    const all = this.read()
    all[pid] = { owner: process.pid, ownerStart: processStart(process.pid), start: processStart(pid), label, startedAt: new Date().toISOString() }
    writeJsonAtomic(this.file, all)
  }

  remove(pid: number): void {
    const all = this.read()
    if (!(pid in all)) return
    delete all[pid]
    writeJsonAtomic(this.file, all)
  }

  /** Stops the command groups left by runs that are gone; returns what was stopped. */
  reapOrphans(): string[] {
    const all = this.read()
    const stopped: string[] = []
    for (const [pid, entry] of Object.entries(all)) {
      if (entry.owner === process.pid || isRunning({ pid: entry.owner, start: entry.ownerStart })) continue
      if (signalRecordedGroup({ pid: Number(pid), start: entry.start }, 'SIGKILL')) stopped.push(`${entry.label} (pid ${pid})`)
      delete all[pid]
    }
    if (Object.keys(all).length !== Object.keys(this.read()).length) writeJsonAtomic(this.file, all)
    return stopped
  }
}
