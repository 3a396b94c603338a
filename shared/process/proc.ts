import { readFileSync, readdirSync, readlinkSync } from 'node:fs'

// What /proc says about processes (Linux). Where there is no /proc, each function answers "cannot tell"
// (undefined, or an empty list) and the callers fall back to what they recorded.

export interface ProcStat {
  /** R, S, D, Z, ... */
  state: string
  ppid: number
  pgid: number
  /** Start time in clock ticks since boot: with the pid, names one process for good. */
  start: string
}

/** /proc/<pid>/stat, parsed; undefined when the process is gone or /proc cannot tell. */
export function procStat(pid: number): ProcStat | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    // The command name (field 2) may hold spaces and parentheses: the fields after it start after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return { state: fields[0], ppid: Number(fields[1]), pgid: Number(fields[2]), start: fields[19] }
  } catch {
    return undefined
  }
}

/** The nearest ancestor of this process whose command name starts with `name` (its pid and start), if /proc tells. */
export function ancestorNamed(name: string): { pid: number; start: string } | undefined {
  let pid = process.ppid
  for (let depth = 0; pid > 1 && depth < 16; depth++) {
    let comm: string
    try { comm = readFileSync(`/proc/${pid}/comm`, 'utf8').trim() } catch { return undefined }
    const stat = procStat(pid)
    if (!stat) return undefined
    if (comm.startsWith(name)) return { pid, start: stat.start }
    pid = stat.ppid
  }
  return undefined
}

/** The pids /proc lists (empty where there is no /proc). */
export function procPids(): number[] {
  let entries: string[]
  try {
    entries = readdirSync('/proc')
  } catch {
    return []
  }
  return entries.filter((e) => e.charCodeAt(0) <= 57).map(Number).filter((n) => Number.isInteger(n) && n > 0)
}

export interface ProcessUnder {
  pid: number
  pgid: number
  start: string
  /** The working directory, from `dir`, as a relative path ("v1" or "v1/sub"; "" for `dir` itself). */
  relative: string
}

/**
 * Live processes whose working directory is `dir` or below it, even if that directory has been deleted
 * since (the kernel then shows it with " (deleted)"). How a process that was never recorded (its starter
 * was killed between spawning it and writing its pid down) is still found.
 */
export function processesUnder(dir: string): ProcessUnder[] {
  const root = dir.replace(/\/+$/, '')
  const out: ProcessUnder[] = []
  for (const pid of procPids()) {
    let cwd: string
    try {
      cwd = readlinkSync(`/proc/${pid}/cwd`).replace(/ \(deleted\)$/, '')
    } catch {
      continue
    }
    if (cwd !== root && !cwd.startsWith(`${root}/`)) continue
    const stat = procStat(pid)
    if (!stat || stat.state === 'Z') continue
    out.push({ pid, pgid: stat.pgid, start: stat.start, relative: cwd.slice(root.length + 1) })
  }
  return out
}

/** A process's environment variable, as it started (undefined when /proc cannot tell or it has none). */
export function processEnv(pid: number, name: string): string | undefined {
  try {
    const entry = readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').find((e) => e.startsWith(`${name}=`))
    return entry?.slice(name.length + 1)
  } catch {
    return undefined
  }
}

/** How a process was started: its command line, environment and working directory (undefined when /proc cannot tell). */
export function processLaunch(pid: number): { argv: string[]; env: Record<string, string>; cwd: string } | undefined {
  try {
    const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter((a, i, all) => a !== '' || i < all.length - 1)
    const env: Record<string, string> = {}
    for (const entry of readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0')) {
      const eq = entry.indexOf('=')
      if (eq > 0) env[entry.slice(0, eq)] = entry.slice(eq + 1)
    }
    return argv.length ? { argv, env, cwd: readlinkSync(`/proc/${pid}/cwd`) } : undefined
  } catch {
    return undefined
  }
}
