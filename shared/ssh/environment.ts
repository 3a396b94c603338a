import { GlidepathError } from '../errors/index.js'
import { environmentSlug, type EnvironmentState } from '../state/store.js'
import { acquireHostLock } from './lock.js'
import type { SshHost } from './host.js'
import type { TargetLockOptions } from '../state/lock.js'

// The environment's own directory on a host reached over SSH (issue 24): its lock and its state live
// there, so two runners never interleave on the host and a fresh runner (a hosted one) finds what the
// last run left. Every provider that runs over SSH keeps them the same way, through this one class.

const STATE_TIMEOUT_MS = 30_000

export class HostEnvironment {
  /** Relative to ssh.dir (or the user's home): `.glidepath/<environment>`. */
  readonly dir: string

  constructor(readonly host: SshHost, environmentName: string) {
    this.dir = `.glidepath/${environmentSlug(environmentName)}`
  }

  /** Checks the key, the host key and the connection, and makes the directory: before anything changes anywhere. */
  async ensure(timeoutMs: number): Promise<void> {
    const r = await this.host.capture('mkdir -p "$1"', [this.dir], Math.min(timeoutMs, STATE_TIMEOUT_MS), 'preflight')
    if (r.code !== 0) {
      throw new GlidepathError('GP-SSH-002', `${this.host.label} refused to create ${this.dir}: ${(r.stderr + r.stdout).trim() || `exit ${r.code}`}.`, {
        fix: `Check that ${this.host.user} may write its home directory (or ssh.dir) on the host, and its free disk space.`,
      })
    }
  }

  lock(options: TargetLockOptions): Promise<{ release(): Promise<void> }> {
    return acquireHostLock(this.host, `${this.dir}/lock`, options)
  }

  async load(): Promise<EnvironmentState | undefined> {
    const text = await this.host.readFile(`${this.dir}/state.json`, STATE_TIMEOUT_MS)
    return text ? (JSON.parse(text) as EnvironmentState) : undefined
  }

  save(state: EnvironmentState): Promise<void> {
    return this.host.writeFile(`${this.dir}/state.json`, `${JSON.stringify(state, null, 2)}\n`, STATE_TIMEOUT_MS)
  }
}
