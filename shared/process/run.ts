import { spawn, type ChildProcess } from 'node:child_process'
import { closeSync, openSync } from 'node:fs'
import { procPids, procStat } from './proc.js'
import { GlidepathError } from '../errors/index.js'
import { formatDuration, sleep } from '../time/duration.js'

// Runs a trusted command string from the config through /bin/sh. Everything that varies per run
// (versions, branch names, PR titles) travels in `env`, never in the command line itself.

/**
 * Starts a program in its own process group, its output appended to `logFile` (dropped when there is none,
 * or when `logOptional` and the file cannot be opened). Unless `wait`, it outlives this process (unref'd):
 * the router, a release and the waker start so.
 */
export function startDetached(argv: string[], options: { cwd: string; env: Record<string, string>; logFile?: string; logOptional?: boolean; wait?: boolean }): ChildProcess {
  let log: number | 'ignore' = 'ignore'
  if (options.logFile) {
    try {
      log = openSync(options.logFile, 'a')
    } catch (e) {
      if (!options.logOptional) throw e
    }
  }
  try {
    const child = spawn(argv[0], argv.slice(1), { cwd: options.cwd, env: options.env, detached: true, stdio: ['ignore', log, log] })
    if (!options.wait) child.unref()
    return child
  } finally {
    if (typeof log === 'number') closeSync(log)
  }
}

export interface CommandResult {
  code: number | null
  signal: NodeJS.Signals | null
  output: string
  durationMs: number
}

export interface RunCommandOptions {
  cwd: string
  env: Record<string, string>
  timeoutMs: number
  onLine?: (line: string) => void
  /** What the command is, for messages ("command.deploy"). */
  label: string
  /** Where the command's process group is registered while it runs (so a killed run's commands can be stopped). */
  registry?: { add(pid: number, label: string): void; remove(pid: number): void }
}

const TAIL_BYTES = 8 * 1024

export function runCommand(command: string, options: RunCommandOptions): Promise<CommandResult> {
  return runStreaming('/bin/sh', ['-c', command], options)
}

/**
 * Runs a program with an argument array (no shell), its output streamed line by line, in its own process
 * group (registered while it runs), stopped at the time limit: runCommand's core, and the SSH client's.
 * `input` goes to its stdin.
 */
export function runStreaming(file: string, args: string[], options: RunCommandOptions & { input?: string }): Promise<CommandResult> {
  const started = Date.now()
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { cwd: options.cwd, env: options.env, stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'], detached: true })
    if (options.input !== undefined && child.stdin) {
      child.stdin.on('error', () => undefined)
      child.stdin.end(options.input)
    }
    if (child.pid) options.registry?.add(child.pid, options.label)
    let tail = ''
    let partial = ''
    const onData = (chunk: Buffer) => {
      const text = chunk.toString('utf8')
      tail = (tail + text).slice(-TAIL_BYTES)
      const lines = (partial + text).split('\n')
      partial = lines.pop() ?? ''
      for (const l of lines) options.onLine?.(l)
    }
    child.stdout?.on('data', onData)
    child.stderr?.on('data', onData)
    let timedOut = false
    const timer = setTimeout(() => {
      timedOut = true
      killGroup(child.pid, 'SIGTERM')
      setTimeout(() => killGroup(child.pid, 'SIGKILL'), 2000).unref()
    }, options.timeoutMs)
    child.on('error', (e) => {
      clearTimeout(timer)
      reject(new GlidepathError('GP-PROVIDER-004', `${options.label} could not start: ${e.message}`, { fix: `Check that ${file} exists and the working directory is readable.` }))
    })
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      if (child.pid) options.registry?.remove(child.pid)
      if (partial) options.onLine?.(partial)
      const result = { code, signal, output: tail, durationMs: Date.now() - started }
      if (timedOut) {
        reject(new GlidepathError('GP-PROVIDER-005', `${options.label} did not finish within ${formatDuration(options.timeoutMs)}; it was stopped.`, {
          fix: 'Make the command finish sooner or raise the timeout (input `timeout` or the environment\'s `timeout`).',
        }))
      } else resolve(result)
    })
  })
}

export function killGroup(pid: number | undefined, signal: NodeJS.Signals): boolean {
  if (!pid) return false
  try {
    process.kill(-pid, signal)
    return true
  } catch {
    try {
      process.kill(pid, signal)
      return true
    } catch {
      return false
    }
  }
}

export function processAlive(pid: number | undefined): boolean {
  if (!pid) return false
  try {
    process.kill(pid, 0)
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'
  }
  // A zombie (exited, not yet reaped by whoever adopted it) still answers kill(0); it is not alive.
  const stat = procStat(pid)
  return stat ? stat.state !== 'Z' : true
}

/** A process recorded by pid, with its start time (so a recorded pid reused by another process is told apart). */
export interface ProcessRef {
  pid: number
  /** /proc/<pid>/stat's start time (clock ticks since boot); absent in records written before it was kept. */
  start?: string
}

/** The start time of a live process, from /proc (undefined where /proc cannot tell). */
export function processStart(pid: number | undefined): string | undefined {
  return pid ? procStat(pid)?.start : undefined
}

/** The recorded process still runs: alive, and not a later process that was given the same pid. */
export function isRunning(ref: ProcessRef | undefined): boolean {
  if (!ref || !processAlive(ref.pid)) return false
  if (!ref.start) return true
  const now = processStart(ref.pid)
  return now === undefined || now === ref.start
}

/** The pid is now another process's: signalling it (or its group) would hit someone else. */
function reused(ref: ProcessRef): boolean {
  if (!ref.start || !processAlive(ref.pid)) return false
  const now = processStart(ref.pid)
  return now !== undefined && now !== ref.start
}

/** Whether the recorded process group still runs (its leader may be gone while the app lives on). */
function recordedGroupAlive(ref: ProcessRef | undefined): boolean {
  return Boolean(ref) && !reused(ref as ProcessRef) && groupAlive((ref as ProcessRef).pid)
}

/** Signals a recorded process group, unless its pid now belongs to another process. */
export function signalRecordedGroup(ref: ProcessRef | undefined, signal: NodeJS.Signals): boolean {
  if (!ref || reused(ref)) return false
  return killGroup(ref.pid, signal)
}

/**
 * Stops recorded process groups: SIGTERM to each, up to `graceMs` for all to end, then SIGKILL to any
 * left and a short wait for them to go.
 */
export async function stopGroups(refs: ProcessRef[], graceMs: number): Promise<void> {
  for (const ref of refs) signalRecordedGroup(ref, 'SIGTERM')
  const deadline = Date.now() + graceMs
  while (refs.some(recordedGroupAlive) && Date.now() < deadline) await sleep(25)
  const left = refs.filter(recordedGroupAlive)
  for (const ref of left) signalRecordedGroup(ref, 'SIGKILL')
  for (let i = 0; i < 40 && left.some(recordedGroupAlive); i++) await sleep(25)
}

/**
 * Whether any process of a process group is still running (zombies do not count). A release is a group
 * (its shell and the app it starts), so stopping one waits for the whole group, not only its leader.
 */
function groupAlive(pgid: number | undefined): boolean {
  if (!pgid) return false
  try {
    process.kill(-pgid, 0)
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'
  }
  const pids = procPids()
  // Without /proc, kill(0) answering is all there is to go on.
  if (!pids.length) return true
  return pids.some((pid) => {
    const stat = procStat(pid)
    return stat !== undefined && stat.pgid === pgid && stat.state !== 'Z'
  })
}

export interface ProgramResult {
  code: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
  durationMs: number
}

/** The last lines a program said (stderr, else stdout) on one line, for an error message. */
export function outputTail(result: ProgramResult, lines: number): string {
  return (result.stderr.trim() || result.stdout.trim() || '(no output)').split('\n').slice(-lines).join(' | ')
}

export interface RunProgramOptions {
  cwd?: string
  env: Record<string, string>
  timeoutMs: number
  /** Written to the program's stdin (manifests, values, an archive): never on the command line. */
  input?: string | NodeJS.ReadableStream
  /** What the program is, for messages ("kubectl apply"). */
  label: string
}

/**
 * Runs a program with an argument array: no shell, so nothing in `args` is ever parsed as shell syntax.
 * The caller checks `code`; a start failure and the time limit are errors of their own.
 */
export function runProgram(file: string, args: string[], options: RunProgramOptions): Promise<ProgramResult> {
  const started = Date.now()
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { cwd: options.cwd, env: options.env, stdio: ['pipe', 'pipe', 'pipe'], detached: true })
    const out: Buffer[] = []
    const err: Buffer[] = []
    child.stdout.on('data', (c: Buffer) => out.push(c))
    child.stderr.on('data', (c: Buffer) => err.push(c))
    child.stdin.on('error', () => undefined)
    if (typeof options.input === 'object') options.input.pipe(child.stdin)
    else child.stdin.end(options.input ?? '')
    let timedOut = false
    const timer = setTimeout(() => {
      timedOut = true
      killGroup(child.pid, 'SIGTERM')
      setTimeout(() => killGroup(child.pid, 'SIGKILL'), 2000).unref()
    }, Math.max(1, options.timeoutMs))
    child.on('error', (e) => {
      clearTimeout(timer)
      const missing = (e as NodeJS.ErrnoException).code === 'ENOENT'
      reject(new GlidepathError('GP-PROVIDER-004', `${options.label}: ${missing ? `${file} was not found` : `${file} could not start: ${e.message}`}.`, {
        fix: missing ? `Install ${file} on the runner (or put it on PATH) before this step.` : `Check that ${file} is executable.`,
      }))
    })
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      if (timedOut) {
        reject(new GlidepathError('GP-PROVIDER-005', `${options.label} did not finish within ${formatDuration(options.timeoutMs)}; it was stopped.`, {
          fix: 'Raise the timeout (input `timeout` or the environment\'s `timeout`) or look at why the cluster is slow to answer.',
        }))
        return
      }
      resolve({ code, signal, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8'), durationMs: Date.now() - started })
    })
  })
}
