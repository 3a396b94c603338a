import { relative, resolve } from 'node:path'
import { HostAgent, selfBundle } from './agent-client.js'
import { frontRouter, type FrontRouter } from '../traffic/factory.js'
import type { SshHost } from '../ssh/host.js'
import { HostEnvironment } from '../ssh/environment.js'
import { DEFAULT_ROUTER_PORT } from '../traffic/local/routes.js'
import { existingAppDir } from './local.js'

const existingAppDirOrNone = (deps: ProviderDeps, version: string): string | undefined => {
  try {
    return existingAppDir(deps, version)
  } catch {
    return undefined
  }
}
import type { AgentOperation } from './agent.js'
import type { LocalProviderConfig } from '../config/types.js'
import type { EnvironmentState } from '../state/store.js'
import type { Endpoint, Observation, Provider, ProviderDeps, RolloutRequest, RolloutResult, RouterCounters, TargetLockOptions } from './types.js'

// The local provider on a host reached over SSH (issue 24). The runner puts what the host needs there
// itself: its own bundle (once per build, under .glidepath/agent/<hash>), a Node.js when the host has
// none of 20 or later (the runner's own, once per version), and each version's app directory. Every
// operation is then the local provider itself, run on the host by that bundle (agent.ts): releases are
// the host's processes behind a Glidepath router on the host, with the lock and the state kept there.
// The runner reaches the router through the connection (forwards), never a public port.

export class SshLocalProvider implements Provider {
  readonly name = 'local'
  readonly host: SshHost
  private readonly onHost: HostEnvironment
  private readonly cfg: LocalProviderConfig
  private readonly agent: HostAgent
  /** The router on the host, for what the runner reads of it: counters and probes, through the connection. */
  private readonly router: FrontRouter

  constructor(private readonly deps: ProviderDeps) {
    this.cfg = deps.environment.config.local as LocalProviderConfig
    if (!deps.host) throw new Error('the local provider over SSH is given its host (createProvider connects it)')
    this.host = deps.host
    this.onHost = new HostEnvironment(this.host, deps.environment.name)
    this.agent = new HostAgent(this.onHost, deps)
    this.router = frontRouter(deps, { host: this.host, agent: this.agent })
  }

  private get port(): number {
    return this.cfg.port ?? DEFAULT_ROUTER_PORT
  }

  async preflight(request: RolloutRequest): Promise<void> {
    existingAppDir(this.deps, request.version)
    selfBundle()
    await this.onHost.ensure(request.timeoutMs)
    await this.agent.ready()
  }

  /** Runs one operation of the local provider on the host (its log lines become ours, its error ours). */
  private run(op: AgentOperation, args: unknown[], timeoutMs: number, upload?: string): Promise<unknown> {
    return this.agent.call(op, args, timeoutMs, { upload })
  }

  async deploy(request: RolloutRequest): Promise<RolloutResult> {
    const app = existingAppDir(this.deps, request.version)
    const upload = `${this.onHost.dir}/incoming/${request.version}`
    const state = resolve(this.deps.stateDir)
    // The runner's own state directory may be inside the app (app: .): it never goes to the host.
    const inside = relative(app, state)
    const exclude = ['.git', ...(inside && !inside.startsWith('..') ? [`./${inside}`] : [])]
    await this.host.uploadDir(app, upload, exclude, request.timeoutMs)
    const result = (await this.run('deploy', [request], request.timeoutMs, upload)) as RolloutResult
    return { ...result, url: this.publicUrl() }
  }

  /** Where users reach the router, when it listens beyond the host's loopback. */
  private publicUrl(): string | undefined {
    const listen = this.cfg.listen
    if (!listen || listen.startsWith('127.') || listen === 'localhost' || listen === '::1') return undefined
    const host = listen === '0.0.0.0' || listen === '::' ? this.host.cfg.host : listen
    return `http://${host.includes(':') ? `[${host}]` : host}:${this.port}`
  }

  async setCanaryWeight(version: string, weight: number, timeoutMs: number): Promise<void> {
    await this.run('set-weight', [version, weight], timeoutMs)
  }

  readonly keepsPrevious = true

  async promote(version: string, timeoutMs: number, opts: { keepPrevious?: boolean } = {}): Promise<void> {
    await this.run('promote', [version, timeoutMs, opts], timeoutMs)
  }

  async abort(version: string | null, timeoutMs: number): Promise<void> {
    await this.run('abort', [version, timeoutMs], timeoutMs)
  }

  async rollback(to: string, from: string | null, timeoutMs: number): Promise<void> {
    try {
      await this.run('rollback', [to, from, timeoutMs], timeoutMs)
    } catch (e) {
      // The host no longer keeps the release: sent again when the runner has that version's own directory.
      const source = (e as { code?: string }).code === 'GP-ROLLBACK-002' && /\{\{\s*version\s*\}\}/.test(this.cfg.app) ? existingAppDirOrNone(this.deps, to) : undefined
      if (!source) throw e
      this.deps.log.info(`${this.host.label} no longer keeps ${to}; sending it again from ${relative(this.deps.workspace, source) || '.'}.`)
      const upload = `${this.onHost.dir}/incoming/${to}`
      await this.host.uploadDir(source, upload, ['.git'], timeoutMs)
      await this.run('rollback', [to, from, timeoutMs], timeoutMs, upload)
    }
  }

  async teardown(timeoutMs: number): Promise<void> {
    await this.run('teardown', [], timeoutMs)
  }

  async prune(keep: string[]): Promise<void> {
    await this.run('prune', [keep], this.deps.environment.timeoutMs)
  }

  /** What the host serves, read there by the agent (its router and releases). */
  async observe(): Promise<Observation> {
    return (await this.run('observe', [], this.deps.environment.timeoutMs)) as Observation
  }

  async heal(stable: string, timeoutMs: number): Promise<string[]> {
    return (await this.run('heal', [stable, timeoutMs], timeoutMs)) as string[]
  }

  /** The router's counters on the host, read through the connection. */
  routerCounters(): RouterCounters | undefined {
    return this.router.counters()
  }

  canaryEndpoint(): Promise<Endpoint | undefined> {
    return this.router.endpoint('canary')
  }

  stableEndpoint(): Promise<Endpoint | undefined> {
    return this.router.endpoint('stable')
  }

  loadState(): Promise<EnvironmentState | undefined> {
    return this.onHost.load()
  }

  saveState(state: EnvironmentState): Promise<void> {
    return this.onHost.save(state)
  }

  lock(options: TargetLockOptions): Promise<{ release(): Promise<void> }> {
    return this.onHost.lock(options)
  }
}
