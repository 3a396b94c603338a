import { GlidepathError } from '../errors/index.js'
import { eventVariables } from '../runtime/context.js'
import { runCommand } from '../process/run.js'
import { ChildRegistry } from '../process/registry.js'
import { NginxRouter, type NginxRouterConfig } from '../traffic/nginx.js'
import { backendRouter } from '../traffic/factory.js'
import type { TrafficRouter } from '../traffic/types.js'
import type { CommandProviderConfig } from '../config/types.js'
import type { Endpoint, Observation, Provider, ProviderDeps, RolloutRequest, RolloutResult, RouterCounters, ServedVersion, TargetLockOptions } from './types.js'
import { httpRequest, HttpError } from '../http/request.js'
import { sleep } from '../time/duration.js'
import type { EnvironmentState } from '../state/store.js'
import type { SshHost } from '../ssh/host.js'
import { HostEnvironment } from '../ssh/environment.js'

// Any platform through the user's own commands (SPEC 3.1). The command strings come from the trusted
// config and run through /bin/sh; every value of this run arrives as a GLIDEPATH_* environment variable.

type Operation = 'deploy' | 'set-weight' | 'rollback' | 'status' | 'teardown' | 'stop'

export interface CommandValues {
  version?: string
  previousVersion?: string | null
  image?: string
  strategy?: string
  weight?: number
  toVersion?: string
  slot?: string
  /** With a router that has fixed addresses (nginx): where this version goes. */
  role?: 'stable' | 'canary'
}

export class CommandProvider implements Provider {
  readonly name = 'command'
  private readonly cfg: CommandProviderConfig
  readonly router?: TrafficRouter
  private readonly children: ChildRegistry
  /** With an ssh section: the host every command (and the nginx router) runs on. */
  readonly host?: SshHost
  /** The environment's lock and state on that host. */
  private readonly onHost?: HostEnvironment

  constructor(private readonly deps: ProviderDeps) {
    this.cfg = deps.environment.config.command as CommandProviderConfig
    this.children = new ChildRegistry(deps.store.dir)
    this.host = deps.host
    if (this.host) this.onHost = new HostEnvironment(this.host, deps.environment.name)
    this.router = backendRouter(deps, { host: this.host, setWeight: (weight, versions) => this.run('set-weight', { version: versions.canary ?? versions.stable ?? '', weight, strategy: 'canary' }, deps.environment.timeoutMs) })
    if (this.router instanceof NginxRouter) {
      // Behind nginx Glidepath can look: what nginx was told (its managed file), whether it runs, and
      // whether each address answers. With a set-weight command it cannot, and trusts its record.
      this.observe = () => this.observeNginx()
      this.heal = (stable, timeoutMs) => this.healNginx(stable, timeoutMs)
    }
  }

  observe?: () => Promise<Observation>
  heal?: (stable: string, timeoutMs: number) => Promise<string[]>

  /**
   * What serves behind nginx, read from the platform: the versions and weight nginx was last told (the
   * managed upstream file, which outlives a lost state file), whether nginx runs (its pid file), and whether
   * each address nginx sends traffic to answers HTTP at all (any status: the app's own checks are smoke
   * tests'). An address that refuses connections is gone: nothing runs there.
   */
  private async observeNginx(): Promise<Observation> {
    const router = this.router as NginxRouter
    const told = await router.told()
    const routerUp = router.running()
    if (!told || !told.stable && !told.canary) return { routerUp, stable: null, canary: null }
    const canaryWeight = told.canary ? told.weight : 0
    const served = async (version: string | null, role: 'stable' | 'canary', weight: number): Promise<ServedVersion | null> => {
      if (!version) return null
      // An address that takes no traffic (the stable one while a promotion holds everything on the canary's) is not asked.
      if (weight === 0) return { version, weight, healthy: true }
      return { version, weight, ...(await this.answers(role)) }
    }
    return { routerUp, stable: await served(told.stable, 'stable', 100 - canaryWeight), canary: await served(told.canary, 'canary', canaryWeight) }
  }

  /** An address answers HTTP (any status), asked up to three times over about a second; gone when it refuses connections. */
  private async answers(role: 'stable' | 'canary'): Promise<{ healthy: boolean; gone?: boolean }> {
    const endpoint = role === 'stable' ? await this.stableEndpoint() : await this.canaryEndpoint()
    if (!endpoint) return { healthy: true }
    let refused = false
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        await httpRequest(endpoint.url, { timeoutMs: 2000 })
        return { healthy: true }
      } catch (e) {
        refused = e instanceof HttpError && (e.code === 'ECONNREFUSED' || e.code === 'ECONNRESET')
      }
      if (attempt < 2) await sleep(400)
    }
    return { healthy: false, gone: refused }
  }

  /**
   * Behind nginx: a stable address that refuses connections gets its version placed again by command.deploy
   * (the same command, role and address as a deploy); an upstream file that routes nothing is written again.
   * Glidepath reloads nginx but never starts it: nginx not running fails, changing nothing.
   */
  private async healNginx(stable: string, timeoutMs: number): Promise<string[]> {
    const router = this.router as NginxRouter
    if (router.running() === false) {
      throw new GlidepathError('GP-STATE-002', `nginx does not run (its pid file ${this.nginx?.pidFile ?? '/run/nginx.pid'} names no live process), so nothing reaches ${stable}. Glidepath reloads nginx but does not start it; nothing was changed.`, {
        fix: 'Start nginx (systemctl start nginx, or how this host runs it), then run again: the next run checks what serves and carries on.',
      })
    }
    const done: string[] = []
    const told = await router.told()
    if (!told?.stable) {
      await router.setWeight(told?.canary ? told.weight : 0, { stable, canary: told?.canary ?? null })
      done.push(`wrote nginx's upstream for ${stable} again`)
    }
    if ((told?.canary ? told.weight : 0) < 100) {
      const seen = await this.answers('stable')
      if (!seen.healthy && seen.gone) {
        try {
          await this.place({ version: stable, previousVersion: stable, role: 'stable' }, timeoutMs)
        } catch (e) {
          throw new GlidepathError('GP-STATE-002', `${stable} does not answer at the stable address ${this.nginx?.stable}, and command.deploy could not place it there again (${(e as Error).message}). Nothing else was changed.`, {
            fix: `See the [deploy] lines above. If nginx's upstream file (${this.nginx?.file}) names a version no longer deployed from here, deploy or roll back to one that is (rollback with to: <version>), or put a version on ${this.nginx?.stable} by hand and run again.`,
          })
        }
        done.push(`placed ${stable} on the stable address again with command.deploy (${this.nginx?.stable} refused connections)`)
      }
    }
    return done
  }

  private get nginx(): NginxRouterConfig | undefined {
    return this.router instanceof NginxRouter ? this.deps.environment.config.traffic?.nginx : undefined
  }

  /** The variables every command gets. Untrusted values (branch, PR title) are only ever here. */
  variables(operation: Operation, v: CommandValues): Record<string, string> {
    const { environment, event } = this.deps
    const vars: Record<string, string | undefined> = {
      GLIDEPATH_OPERATION: operation,
      GLIDEPATH_ENVIRONMENT: environment.name,
      GLIDEPATH_TARGET: environment.target ?? '',
      GLIDEPATH_VERSION: v.version,
      GLIDEPATH_PREVIOUS_VERSION: v.previousVersion ?? '',
      GLIDEPATH_IMAGE: v.image ?? '',
      GLIDEPATH_STRATEGY: v.strategy ?? environment.strategy,
      GLIDEPATH_WEIGHT: v.weight === undefined ? '' : String(v.weight),
      GLIDEPATH_TO_VERSION: v.toVersion ?? '',
      GLIDEPATH_SLOT: v.slot ?? '',
      GLIDEPATH_ROLE: v.role ?? '',
      GLIDEPATH_ADDRESS: v.role && this.nginx ? this.nginx[v.role] : '',
      GLIDEPATH_URL: environment.url ?? '',
      ...eventVariables(event),
      GLIDEPATH_STATE_DIR: this.onHost ? this.onHost.dir : this.deps.store.dir,
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
    // A run whose lock was taken over (or deleted) runs no more of the user's commands.
    this.deps.store.fence?.()
    this.deps.log.info(`Running command.${operation}${values.role ? ` (${values.role})` : ''}${this.host ? ` on ${this.host.label}` : ''}: ${command}`)
    this.deps.store.ensureDir()
    // On a host over SSH only this run's variables go along, never the runner's environment (its secrets).
    const result = this.host ? await this.host.run(command, {
      env: this.variables(operation, values),
      timeoutMs,
      label: `command.${operation}`,
      onLine: (line) => this.deps.log.info(`  [${operation}] ${line}`),
    }) : await runCommand(command, {
      cwd: this.deps.workspace,
      env: { ...this.deps.env, ...this.variables(operation, values) },
      timeoutMs,
      label: `command.${operation}`,
      onLine: (line) => this.deps.log.info(`  [${operation}] ${line}`),
      registry: this.children,
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

  private stableVersion(): string | null {
    return this.deps.store.read().stable?.version ?? null
  }

  /** Puts a version on the stable or canary address (with a router) and checks it with status. */
  private async place(values: CommandValues, timeoutMs: number, operation: 'deploy' | 'rollback' = 'deploy'): Promise<void> {
    await this.run(operation === 'rollback' && this.has('rollback') ? 'rollback' : 'deploy', values, timeoutMs)
    if (this.has('status')) await this.run('status', values, timeoutMs)
  }

  /** What runs at the canary address once nothing routes there (optional command.stop). */
  private async stopCanaryAddress(version: string | null, timeoutMs: number): Promise<void> {
    if (this.nginx && this.has('stop')) await this.run('stop', { version: version ?? '', role: 'canary' }, timeoutMs)
  }

  /**
   * Behind nginx the two addresses are fixed, so a version never replaces the one serving in place:
   * it is placed on the canary address, takes all traffic there, then is placed on the stable address
   * while the canary address serves, and traffic goes back to stable (Flagger's promotion). No request
   * ever meets an address being replaced.
   */
  private async replaceStable(version: string, previous: string | null, timeoutMs: number, opts: { alreadyOnCanary: boolean; operation: 'deploy' | 'rollback'; base: CommandValues }): Promise<void> {
    const router = this.router as NginxRouter
    if (!opts.alreadyOnCanary) await this.place({ ...opts.base, version, role: 'canary' }, timeoutMs, opts.operation)
    await router.setWeight(100, { stable: previous, canary: version })
    try {
      await this.place({ ...opts.base, version, role: 'stable' }, timeoutMs, opts.operation)
    } catch (e) {
      // The stable address could not take the version: put the previous one back there, then traffic.
      if (previous) {
        await this.place({ ...opts.base, version: previous, previousVersion: version, role: 'stable' }, timeoutMs, 'rollback')
        await router.setWeight(0, { stable: previous, canary: null })
        await this.stopCanaryAddress(version, timeoutMs)
      }
      throw e
    }
    await router.setWeight(0, { stable: version, canary: null })
    await this.stopCanaryAddress(version, timeoutMs)
  }

  async preflight(request: RolloutRequest): Promise<void> {
    // The key, the host key and the connection are checked before anything changes anywhere.
    await this.onHost?.ensure(request.timeoutMs)
    if (request.strategy === 'canary' && !this.router) {
      throw new GlidepathError('GP-PROVIDER-006', 'A canary on the command provider needs a traffic router: command.set-weight or traffic.router nginx.', {
        fix: `Add command.set-weight or a traffic section to environments.${this.deps.environment.key}, or use strategy rolling.`,
      })
    }
  }

  async deploy(request: RolloutRequest): Promise<RolloutResult> {
    const base: CommandValues = { version: request.version, previousVersion: request.previousVersion, image: request.image, strategy: request.strategy }
    const versions = { stable: request.previousVersion, canary: request.version }
    if (this.nginx) {
      if (request.strategy === 'canary') {
        await this.place({ ...base, role: 'canary' }, request.timeoutMs)
        await this.router!.setWeight(request.canaryWeight, versions)
        return {}
      }
      await this.replaceStable(request.version, request.previousVersion, request.timeoutMs, { alreadyOnCanary: false, operation: 'deploy', base })
      return {}
    }
    let slot: string | undefined
    if (request.strategy === 'blue-green') {
      const last = [...this.deps.store.read().records].reverse().find((r) => r.status === 'success' && r.slot)
      slot = last?.slot === 'blue' ? 'green' : 'blue'
      base.slot = slot
    }
    await this.place({ ...base, role: request.strategy === 'canary' ? 'canary' : undefined }, request.timeoutMs)
    if (request.strategy === 'canary') await this.router!.setWeight(request.canaryWeight, versions)
    else if (request.strategy === 'blue-green' && this.router) await this.run('set-weight', { ...base, weight: 100 }, request.timeoutMs)
    return { slot }
  }

  async setCanaryWeight(version: string, weight: number, timeoutMs: number): Promise<void> {
    if (!this.router) throw new GlidepathError('GP-PROVIDER-006', 'No traffic router to set a canary weight with.', { fix: 'Add command.set-weight or a traffic section.' })
    void timeoutMs
    await this.router.setWeight(weight, { stable: this.stableVersion(), canary: version })
  }

  async promote(version: string, timeoutMs: number): Promise<void> {
    if (this.nginx) {
      await this.replaceStable(version, this.stableVersion(), timeoutMs, { alreadyOnCanary: true, operation: 'deploy', base: { previousVersion: this.stableVersion(), strategy: 'canary' } })
      return
    }
    await this.run('set-weight', { version, weight: 100, strategy: 'canary' }, timeoutMs)
  }

  async abort(version: string | null, timeoutMs: number): Promise<void> {
    // Behind nginx nothing may reach the canary address once aborted, cohorts included; a set-weight
    // command is told which canary it takes traffic from.
    if (this.router) await this.router.setWeight(0, { stable: this.stableVersion(), canary: this.nginx ? null : version })
    await this.stopCanaryAddress(version, timeoutMs)
  }

  async rollback(to: string, from: string | null, timeoutMs: number): Promise<void> {
    if (this.nginx) {
      const router = this.router as NginxRouter
      if ((await router.writtenWeight()) === 100) {
        // A run killed mid-promotion left all traffic on the canary address, and the stable address may
        // be empty or half-replaced: confirm the traffic stays where it is, put `to` on the stable
        // address while the canary address serves, then move traffic back. No request meets an address
        // being replaced.
        await router.setWeight(100, { stable: to, canary: from })
        await this.place({ version: to, toVersion: to, previousVersion: from, role: 'stable' }, timeoutMs, 'rollback')
        await router.setWeight(0, { stable: to, canary: null })
        await this.stopCanaryAddress(from, timeoutMs)
        return
      }
      await router.setWeight(0, { stable: from, canary: null })
      await this.replaceStable(to, from, timeoutMs, { alreadyOnCanary: false, operation: 'rollback', base: { toVersion: to, previousVersion: from } })
      return
    }
    const values: CommandValues = { version: to, toVersion: to, previousVersion: from }
    if (this.has('rollback')) await this.run('rollback', values, timeoutMs)
    else await this.run('deploy', values, timeoutMs)
    if (this.has('status')) await this.run('status', values, timeoutMs)
  }

  async teardown(timeoutMs: number): Promise<void> {
    await this.run('teardown', { version: this.stableVersion() ?? '' }, timeoutMs)
    if (this.nginx) {
      // nginx is told that nothing is deployed here any more: its managed file is what a later run reads
      // of this environment, and a torn-down one must not be rebuilt (and started again) from it.
      try {
        await (this.router as NginxRouter).setWeight(0, { stable: null, canary: null })
      } catch (e) {
        this.deps.log.warning(`Could not tell nginx that ${this.deps.environment.name} was torn down: ${(e as Error).message}`)
      }
    }
  }

  async stopStrays(): Promise<void> {
    const stopped = this.children.reapOrphans()
    if (stopped.length) this.deps.log.warning(`Stopped command(s) left running by an interrupted run: ${stopped.join(', ')}.`)
  }

  /** After an interrupted run: its commands still running are stopped, and an unrouted canary address too. */
  async prune(keep: string[]): Promise<void> {
    await this.stopStrays()
    const state = this.deps.store.read()
    if (this.nginx && !state.canary) {
      // A lost record names no stable version: nginx keeps the one it was told, the evidence the next
      // reconcile reads (a null written here made the next deploy a first one, at 100%).
      const router = this.router as NginxRouter
      const stable = state.stable?.version ?? (await router.told())?.stable ?? null
      await router.setWeight(0, { stable, canary: null })
      await this.stopCanaryAddress(null, this.deps.environment.timeoutMs)
    }
    void keep
  }

  async canaryEndpoint(): Promise<Endpoint | undefined> {
    const nginx = this.nginx
    if (nginx && this.host) return { url: `http://${await this.forward(nginx.canary, 'canary')}/`, headers: {} }
    return this.router?.canaryEndpoint?.()
  }

  /** nginx's counters from its access log (traffic.nginx.accessLog), read over SSH when nginx is on a host. */
  routerCounters(): RouterCounters | undefined {
    return this.nginx?.accessLog ? (this.router as NginxRouter) : undefined
  }

  /** On a host over SSH, the lock is held there too: two runners never interleave on one host. */
  async lock(options: TargetLockOptions): Promise<{ release(): Promise<void> }> {
    return this.onHost ? this.onHost.lock(options) : { release: async () => undefined }
  }

  /** On a host over SSH, the state is kept there too, for a fresh runner. */
  async loadState(): Promise<EnvironmentState | undefined> {
    return this.onHost?.load()
  }

  async saveState(state: EnvironmentState): Promise<void> {
    await this.onHost?.save(state)
  }

  async stableEndpoint(): Promise<Endpoint | undefined> {
    const nginx = this.nginx
    if (!nginx) return undefined
    // On a host over SSH the addresses are the host's own: the runner reaches them through the connection.
    return { url: `http://${this.host ? await this.forward(nginx.stable, 'stable') : nginx.stable}/`, headers: {} }
  }

  /** The runner's end of a forward to an address on the host, through the host's SSH connection. */
  private forward(remote: string, role: string): Promise<string> {
    const host = this.host as SshHost
    return host.forward(remote, 30_000, (local) => this.deps.log.info(`Probes reach the ${role} address ${remote} on ${host.label} through the SSH connection (${local} on the runner).`))
  }
}
