import { spawn, type ChildProcess } from 'node:child_process'
import { tmpdir } from 'node:os'
import { killGroup } from '../process/run.js'

// An ssh client kept for one remote program the run talks to (the host's shell, session.ts; Glidepath's
// agent, channel.ts): started in a process group of its own, holding this process open only while it
// has work, and ended with its program.

/** Starts `ssh … host -- line` with pipes on every side; errors on its stdin and its own are left to the caller's close. */
export function startClient(argv: string[], host: string, line: string): ChildProcess {
  const child = spawn('ssh', [...argv, '-T', host, '--', line], {
    cwd: tmpdir(),
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/root' },
    stdio: ['pipe', 'pipe', 'pipe'],
    detached: true,
  })
  child.stdin?.on('error', () => undefined)
  child.on('error', () => undefined)
  return child
}

/** Whether the client keeps this process alive: while it has work; idle, the run ends when its work does. */
export function holdOpen(child: ChildProcess | undefined, busy: boolean): void {
  if (!child) return
  for (const s of [child, child.stdin, child.stdout, child.stderr] as Array<{ ref?(): void; unref?(): void } | null>) {
    if (busy) s?.ref?.()
    else s?.unref?.()
  }
}

/** Ends the client: its stdin closed, its process group stopped (the remote program goes with its channel). */
export function endClient(child: ChildProcess | undefined): void {
  if (!child) return
  child.stdin?.end()
  if (child.pid) killGroup(child.pid, 'SIGTERM')
}
