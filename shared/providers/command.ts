import { GlidepathError } from '../errors/index.js'
import { runCommand } from '../process/run.js'
import type { CommandProviderConfig } from '../config/types.js'
import type { Provider, ProviderDeps, RolloutRequest, RolloutResult } from './types.js'

// Any platform through the user's own commands (SPEC 3.1). The command strings come from the trusted
// config and run through /bin/sh; every value of this run arrives as a GLIDEPATH_* environment variable.

type Operation = 'deploy' | 'set-weight' | 'rollback' | 'status' | 'teardown'

export interface CommandValues {
  version?: string
  previousVersion?: string | null
  image?: string
  strategy?: string
  weight?: number
  toVersion?: string
  slot?: string
}

export class CommandProvider implements Provider {
  readonly name = 'command'
  private readonly cfg: CommandProviderConfig

  constructor(private readonly deps: ProviderDeps) {
    this.cfg = deps.environment.config.command as CommandProviderConfig
  }

  /** The variables every command gets. Untrusted values (branch, PR title) are only ever here. */
  variables(operation: Operation, v: CommandValues): Record<string, string> {
    const { environment, event } = this.deps
    const vars: Record<string, string | undefined> = {
      GLIDEPATH_OPERATION: operation,
      GLIDEPATH_ENVIRONMENT: environment.name,
      GLIDEPATH_VERSION: v.version,
      GLIDEPATH_PREVIOUS_VERSION: v.previousVersion ?? '',
      GLIDEPATH_IMAGE: v.image ?? '',
      GLIDEPATH_STRATEGY: v.strategy ?? environment.strategy,
      GLIDEPATH_WEIGHT: v.weight === undefined ? '' : String(v.weight),
      GLIDEPATH_TO_VERSION: v.toVersion ?? '',
      GLIDEPATH_SLOT: v.slot ?? '',
      GLIDEPATH_URL: environment.url ?? '',
      GLIDEPATH_REF: event.ref,
      GLIDEPATH_SHA: event.sha,
      GLIDEPATH_BRANCH: event.branch ?? event.pr?.headRef ?? '',
      GLIDEPATH_PR_NUMBER: event.pr ? String(event.pr.number) : '',
      GLIDEPATH_PR_TITLE: event.pr?.title ?? '',
      GLIDEPATH_STATE_DIR: this.deps.store.dir,
    }
    return Object.fromEntries(Object.entries(vars).map(([k, val]) => [k, val ?? '']))
  }

  private async run(operation: Operation, values: CommandValues, timeoutMs: number): Promise<void> {
    const command = this.cfg[operation]
    if (!command) {
      throw new GlidepathError('GP-PROVIDER-006', `The command provider has no "${operation}" command.`, {
        fix: `Add command.${operation} to environments.${this.deps.environment.key} in the config.`,
      })
    }
    this.deps.log.info(`Running command.${operation}: ${command}`)
    const result = await runCommand(command, {
      cwd: this.deps.workspace,
      env: { ...this.deps.env, ...this.variables(operation, values) },
      timeoutMs,
      label: `command.${operation}`,
      onLine: (line) => this.deps.log.info(`  [${operation}] ${line}`),
    })
    if (result.code !== 0) {
      throw new GlidepathError('GP-PROVIDER-004', `command.${operation} exited with ${result.signal ?? `code ${result.code}`}.`, {
        fix: `See the [${operation}] lines above; the command "${command}" must exit 0 on success.`,
      })
    }
  }

  has(operation: Operation): boolean {
    return Boolean(this.cfg[operation])
  }

  async preflight(request: RolloutRequest): Promise<void> {
    if (request.strategy === 'canary' && !this.has('set-weight')) {
      throw new GlidepathError('GP-PROVIDER-006', 'A canary on the command provider needs command.set-weight.', {
        fix: `Add command.set-weight to environments.${this.deps.environment.key}, or use strategy rolling.`,
      })
    }
  }

  async deploy(request: RolloutRequest): Promise<RolloutResult> {
    const base: CommandValues = { version: request.version, previousVersion: request.previousVersion, image: request.image, strategy: request.strategy }
    let slot: string | undefined
    if (request.strategy === 'blue-green') {
      const last = [...this.deps.store.read().records].reverse().find((r) => r.status === 'success' && r.slot)
      slot = last?.slot === 'blue' ? 'green' : 'blue'
      base.slot = slot
    }
    await this.run('deploy', base, request.timeoutMs)
    if (this.has('status')) await this.run('status', base, request.timeoutMs)
    if (request.strategy === 'canary') await this.run('set-weight', { ...base, weight: request.canaryWeight }, request.timeoutMs)
    else if (request.strategy === 'blue-green' && this.has('set-weight')) await this.run('set-weight', { ...base, weight: 100 }, request.timeoutMs)
    return { slot }
  }

  async setCanaryWeight(version: string, weight: number, timeoutMs: number): Promise<void> {
    await this.run('set-weight', { version, weight, strategy: 'canary' }, timeoutMs)
  }

  async promote(version: string, timeoutMs: number): Promise<void> {
    await this.run('set-weight', { version, weight: 100, strategy: 'canary' }, timeoutMs)
  }

  async abort(version: string | null, timeoutMs: number): Promise<void> {
    if (this.has('set-weight')) await this.run('set-weight', { version: version ?? '', weight: 0, strategy: 'canary' }, timeoutMs)
  }

  async rollback(to: string, from: string | null, timeoutMs: number): Promise<void> {
    const values = { version: to, toVersion: to, previousVersion: from }
    if (this.has('rollback')) await this.run('rollback', values, timeoutMs)
    else await this.run('deploy', values, timeoutMs)
    if (this.has('status')) await this.run('status', values, timeoutMs)
  }
}
