import type { ChildProcess } from 'node:child_process'
import { createInterface } from 'node:readline'
import { GlidepathError } from '../errors/index.js'
import { formatDuration } from '../time/duration.js'
import { startClient, holdOpen, endClient } from './client.js'

// A program of Glidepath's own kept running on a host for the whole run, spoken to in JSON lines over the
// host's multiplexed connection (issue 37): a request is a line `{"id":N,...}`, and every line back names
// the request it belongs to, the last one with `done: true`. Each operation is then one round trip on a
// channel that is already open: no ssh client, no sshd session and no program start per operation. The
// program goes with the channel (the host's half watches its sshd session, providers/agent.ts).

/** A line from the program: the request it answers, and whether it is that request's last. */
export interface ChannelLine {
  id: number
  done?: boolean
  [key: string]: unknown
}

/**
 * An idle channel ends after this (the program on the host with it; the next request starts both again):
 * longer than the judge's default interval (1m), so a canary's counter reads keep one agent.
 */
const IDLE_MS = 90_000

interface Pending {
  label: string
  onLine(line: ChannelLine): void
  resolve(): void
  reject(error: GlidepathError): void
  timer: NodeJS.Timeout
}

export class SshChannel {
  private child?: ChildProcess
  private seq = 0
  private readonly pending = new Map<number, Pending>()
  /** What ssh or the program said on stderr (for the error when the channel ends). */
  private said = ''
  private idleTimer?: NodeJS.Timeout

  /**
   * `argv`: ssh's options (the host's, with its ControlPath); `line`: the remote command that starts the
   * program; `explain`: the error for how the channel ended (ssh's 255, a missing directory), else undefined.
   */
  constructor(private readonly argv: string[], private readonly host: string, private readonly line: string, private readonly label: string, private readonly explain: (code: number | null, said: string) => GlidepathError | undefined) {}

  private start(): ChildProcess {
    if (this.child && this.child.exitCode === null && !this.child.killed) return this.child
    this.said = ''
    const child = startClient(this.argv, this.host, this.line)
    child.stderr?.on('data', (c: Buffer) => { this.said = (this.said + c.toString('utf8')).slice(-8192) })
    createInterface({ input: child.stdout! }).on('line', (text) => this.onLine(text))
    child.on('close', (code) => {
      if (this.child === child) this.child = undefined
      if (!this.pending.size) return
      const error = this.explain(code, this.said) ?? new GlidepathError('GP-SSH-002', `${this.label} ended (exit ${code ?? 'by a signal'}) before it answered: ${this.said.trim().split('\n').slice(-3).join(' | ') || 'no output'}.`, {
        fix: 'Check the host\'s free disk space and memory, and the connection; the next run finds the host\'s state and carries on.',
      })
      for (const [id, p] of this.pending) this.settle(id, p, error)
    })
    this.child = child
    return child
  }

  private onLine(text: string): void {
    let line: ChannelLine
    try {
      line = JSON.parse(text) as ChannelLine
    } catch {
      this.said = (this.said + text + '\n').slice(-8192)
      return
    }
    const p = this.pending.get(line.id)
    if (!p) return
    p.onLine(line)
    if (line.done) this.settle(line.id, p)
  }

  private settle(id: number, p: Pending, error?: GlidepathError): void {
    if (this.pending.get(id) !== p) return
    clearTimeout(p.timer)
    this.pending.delete(id)
    this.quiet()
    if (error) p.reject(error)
    else p.resolve()
  }

  /** With nothing pending, the channel does not keep this process alive (the run ends when its work does), and ends once idle long enough. */
  private quiet(): void {
    const c = this.child
    if (!c) return
    const idle = this.pending.size === 0
    clearTimeout(this.idleTimer)
    if (idle) {
      this.idleTimer = setTimeout(() => this.close(), IDLE_MS)
      this.idleTimer.unref()
    }
    holdOpen(c, !idle)
  }

  /**
   * Sends one request (its fields beside the id) and hands every line of its answer to `onLine`, resolving
   * after the last. Past `timeoutMs` the channel is ended (what it ran goes with it) and the request fails
   * as a call past its time would; the next request starts the program again.
   */
  request(fields: Record<string, unknown>, timeoutMs: number, label: string, onLine: (line: ChannelLine) => void): Promise<void> {
    const child = this.start()
    const id = ++this.seq
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        const p = this.pending.get(id)
        if (!p) return
        this.settle(id, p, new GlidepathError('GP-PROVIDER-005', `${label} did not finish within ${formatDuration(timeoutMs)}; it was stopped.`, {
          fix: 'Raise the timeout (input `timeout` or the environment\'s `timeout`), or check the host: it stopped answering.',
        }))
        this.close()
      }, Math.max(1, timeoutMs))
      this.pending.set(id, { label, onLine, resolve, reject, timer })
      this.quiet()
      child.stdin?.write(`${JSON.stringify({ ...fields, id })}\n`)
    })
  }

  /** Ends the channel: the program on the host stops with it. */
  close(): void {
    clearTimeout(this.idleTimer)
    const child = this.child
    this.child = undefined
    endClient(child)
  }
}
