import type { ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { GlidepathError } from '../errors/index.js'
import { formatDuration } from '../time/duration.js'
import { killGroup, type ProgramResult } from '../process/run.js'
import { startClient, holdOpen, endClient } from './client.js'

// One shell on a host for Glidepath's own short operations (issue 37): the lock, reading and writing
// the state, a directory. sshd sets up a session per call (about 0.1 s each here, measured in
// BENCHMARKS.md), so a call per operation made a deploy over SSH several times plain ssh. One `ssh host
// /bin/sh` per host instead reads the operations from its stdin, each in a subshell with its own stdin
// (a here-document or /dev/null, never the session's), its end marked on stdout (with its exit code)
// and on stderr by a marker no output can guess. A user's command (`merged`) writes through a pipe of
// its own to a `cat` in the session, with no other descriptor of the session: a process it leaves behind
// holding its output keeps that operation waiting, as a call of its own would, and never writes into a
// later operation's answer.

const MAX_OUTPUT = 16 * 1024 * 1024
/** An idle session ends after this, as OpenSSH's ControlPersist lets a master go (the next operation starts another). */
const IDLE_MS = 10_000

interface Pending {
  id: string
  stdout: string
  stderr: string
  code?: number
  stdoutDone: boolean
  stderrDone: boolean
  resolve(result: ProgramResult): void
  reject(error: GlidepathError): void
  timer: NodeJS.Timeout
  started: number
  /** Each line of output as it comes (stdout's and stderr's), the marker never among them. */
  onLine?: (line: string) => void
  emitted: { stdout: number; stderr: number }
}

export class SshSession {
  private child?: ChildProcess
  private pending?: Pending
  private readonly nonce = randomBytes(12).toString('hex')
  private seq = 0
  /** What ssh itself said when the session ended (its stderr outside any operation). */
  private said = ''
  private idleTimer?: NodeJS.Timeout

  constructor(private readonly argv: string[], private readonly host: string) {}

  /** No operation in flight: the next may use the session (others take a call of their own). */
  get idle(): boolean {
    return !this.pending
  }

  /** Whether `input` can travel in a here-document (text ending with a newline). */
  static carries(input: string | undefined): boolean {
    return input === undefined || (input.endsWith('\n') && !input.includes('\0'))
  }

  private start(): ChildProcess {
    if (this.child && this.child.exitCode === null && !this.child.killed) return this.child
    this.said = ''
    const child = startClient(this.argv, this.host, 'exec /bin/sh')
    child.stdout?.on('data', (c: Buffer) => this.onData('stdout', c.toString('utf8')))
    child.stderr?.on('data', (c: Buffer) => this.onData('stderr', c.toString('utf8')))
    child.on('close', (code) => {
      if (this.child === child) this.child = undefined
      const p = this.pending
      if (!p) return
      // The session ended under an operation: what ssh said, as a call's exit 255 would carry it.
      this.finish(p, { code: code === 255 || code === null ? 255 : code, signal: null, stdout: p.stdout, stderr: `${p.stderr}${this.said}`, durationMs: Date.now() - p.started })
    })
    this.child = child
    this.quiet(true)
    return child
  }

  /** Idle, the session does not keep the process alive (the run ends when its work does). */
  private quiet(idle: boolean): void {
    holdOpen(this.child, !idle)
  }

  private marker(id: string): string {
    return `__glidepath_${this.nonce}_${id}__`
  }

  private onData(stream: 'stdout' | 'stderr', text: string): void {
    const p = this.pending
    if (!p) {
      if (stream === 'stderr') this.said = (this.said + text).slice(-8192)
      return
    }
    if (stream === 'stdout' ? p.stdoutDone : p.stderrDone) return
    p[stream] += text
    const mark = this.marker(p.id)
    const at = p[stream].indexOf(mark)
    if (stream === 'stdout') {
      const end = at >= 0 ? p.stdout.indexOf('\n', at + mark.length) : -1
      if (end >= 0) {
        p.code = Number(p.stdout.slice(at + mark.length, end).trim())
        p.stdout = p.stdout.slice(0, at)
        p.stdoutDone = true
      }
    } else if (at >= 0) {
      p.stderr = p.stderr.slice(0, at)
      p.stderrDone = true
    }
    if (p.onLine) {
      // Whole lines as they come (a marker has no newline, so a whole line never holds part of one); the rest once done.
      const done = stream === 'stdout' ? p.stdoutDone : p.stderrDone
      const upto = done ? p[stream].length : p[stream].lastIndexOf('\n', at >= 0 ? at : undefined) + 1
      if (upto > p.emitted[stream]) {
        const chunk = p[stream].slice(p.emitted[stream], upto)
        p.emitted[stream] = upto
        const lines = chunk.split('\n')
        if (lines.at(-1) === '') lines.pop()
        for (const l of lines) p.onLine(l)
      }
    }
    if (p.stdout.length + p.stderr.length > MAX_OUTPUT) {
      this.kill()
      return
    }
    if (p.stdoutDone && p.stderrDone) this.finish(p, { code: p.code ?? 255, signal: null, stdout: p.stdout, stderr: p.stderr, durationMs: Date.now() - p.started })
  }

  private finish(p: Pending, result: ProgramResult): void {
    if (this.pending !== p) return
    clearTimeout(p.timer)
    this.pending = undefined
    this.quiet(true)
    this.idleTimer = setTimeout(() => this.close(), IDLE_MS)
    this.idleTimer.unref()
    p.resolve(result)
  }

  private kill(): void {
    const child = this.child
    this.child = undefined
    if (child?.pid) killGroup(child.pid, 'SIGTERM')
  }

  /**
   * Runs one remote command line (remoteCommand's) in a subshell of the session, `input` as its stdin.
   * ssh failing (exit 255, its message on stderr) resolves as a call's would; past `timeoutMs` the
   * session is ended (the next operation starts another) and the operation fails as a call's would.
   */
  exec(line: string, input: string | undefined, timeoutMs: number, label: string, onLine?: (line: string) => void, merged = false): Promise<ProgramResult> {
    if (this.pending) return Promise.reject(new Error('ssh session busy'))
    clearTimeout(this.idleTimer)
    const child = this.start()
    const id = String(++this.seq)
    const mark = this.marker(id)
    const stdin = input === undefined ? '</dev/null' : `<<'${mark}_in'\n${input}${mark}_in`
    // merged: stdout and stderr through a pipe to cat (fd 3: the session's stdout), the exit code through
    // a command substitution (fd 4); the command holds neither.
    const run = merged
      ? `{ gp_rc=$( { { ( ${line}\n) ${stdin} 2>&1 3>&- 4>&-; echo "$?" >&4; } | cat >&3; } 4>&1 ); } 3>&1; (exit "\${gp_rc:-255}")`
      : `( ${line}\n) ${stdin}`
    const script = `${run}\nprintf '%s %s\\n' '${mark}' "$?"; printf '%s\\n' '${mark}' >&2\n`
    return new Promise<ProgramResult>((resolve, reject) => {
      const timer = setTimeout(() => {
        const p = this.pending
        if (!p || p.id !== id) return
        this.pending = undefined
        this.kill()
        reject(new GlidepathError('GP-PROVIDER-005', `${label} did not finish within ${formatDuration(timeoutMs)}; it was stopped.`, {
          fix: 'Raise the timeout (input `timeout` or the environment\'s `timeout`), or check the host: the SSH session stopped answering.',
        }))
      }, Math.max(1, timeoutMs))
      this.pending = { id, stdout: '', stderr: '', stdoutDone: false, stderrDone: false, resolve, reject, timer, started: Date.now(), onLine, emitted: { stdout: 0, stderr: 0 } }
      this.quiet(false)
      child.stdin?.write(script)
    })
  }

  /** Ends the session (the process exits, or the run is done with the host). */
  close(): void {
    clearTimeout(this.idleTimer)
    const child = this.child
    this.child = undefined
    endClient(child)
  }
}
