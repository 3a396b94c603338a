// What the scripts that start real services for a suite (k8s-cluster.mjs, docker-engine.mjs) share:
// the tools cache, free ports, and a group of long-running processes started detached, each logging to
// <dir>/<name>.log, stopped newest first.
import { spawn } from 'node:child_process'
import { openSync } from 'node:fs'
import { createServer } from 'node:net'
import { homedir } from 'node:os'
import { join } from 'node:path'

/** Where scripts/install-* put the tools they build (GLIDEPATH_TOOLS, or the user's cache). */
export const toolsDir = process.env.GLIDEPATH_TOOLS ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'glidepath-tools')

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms))

export const freePort = () => new Promise((res, rej) => {
  const s = createServer()
  s.once('error', rej)
  s.listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => res(p)) })
})

export class ProcessGroup {
  /** @param {string} label prefix of messages; @param {string} dir where the logs go */
  constructor(label, dir) {
    this.label = label
    this.dir = dir
    this.procs = []
    this.stopping = false
  }

  logOf(name) {
    return join(this.dir, `${name}.log`)
  }

  /** Starts `file args` in its own process group; an exit before stop() is reported with its log. */
  start(name, file, args, extraEnv = {}) {
    const log = openSync(this.logOf(name), 'a')
    const child = spawn(file, args, { stdio: ['ignore', log, log], detached: true, env: { ...process.env, ...extraEnv } })
    child.on('exit', (code, signal) => { if (!this.stopping) console.error(`${this.label}: ${name} exited (${signal ?? code}); see ${this.logOf(name)}`) })
    this.procs.push({ name, child })
    return child
  }

  /** SIGTERM to every group, newest first; SIGKILL to what is left after `graceMs`. */
  async stop(graceMs = 10_000) {
    this.stopping = true
    for (const { child } of [...this.procs].reverse()) {
      try { process.kill(-child.pid, 'SIGTERM') } catch { /* gone */ }
    }
    for (let waited = 0; waited < graceMs && this.procs.some(({ child }) => child.exitCode === null && child.signalCode === null); waited += 100) await sleep(100)
    for (const { child } of this.procs) {
      try { process.kill(-child.pid, 'SIGKILL') } catch { /* gone */ }
    }
  }
}
