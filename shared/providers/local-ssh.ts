import { createHash } from 'node:crypto'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { basename, dirname, join, relative, resolve } from 'node:path'
import { GlidepathError } from '../errors/index.js'
import { getSelfCommand, AGENT_ENV } from '../runtime/self.js'
import { SshHost } from '../ssh/host.js'
import { HostEnvironment } from '../ssh/environment.js'
import { ROUTE_HEADER } from '../traffic/local/routes.js'
import { existingAppDir } from './local.js'
import type { AgentLine, AgentOperation, AgentRequest } from './agent.js'
import type { LocalProviderConfig, SshConfig } from '../config/types.js'
import type { EnvironmentState } from '../state/store.js'
import type { WindowStats } from '../traffic/local/window.js'
import type { Endpoint, Provider, ProviderDeps, RolloutRequest, RolloutResult, RouterCounters, TargetLockOptions } from './types.js'

// The local provider on a host reached over SSH (issue 24). The runner puts what the host needs there
// itself: its own bundle (once per build, under .glidepath/agent/<hash>), a Node.js when the host has
// none of 20 or later (the runner's own, once per version), and each version's app directory. Every
// operation is then the local provider itself, run on the host by that bundle (agent.ts): releases are
// the host's processes behind a Glidepath router on the host, with the lock and the state kept there.
// The runner reaches the router through the connection (forwards), never a public port.

const DEFAULT_PORT = 8080
const MIN_NODE = 20
/** The agent's own start and the connection, on top of what the operation itself may take. */
const MARGIN_MS = 60_000
const SETUP_TIMEOUT_MS = 10 * 60_000

interface Bundle {
  dir: string
  hash: string
}
let bundle: Bundle | undefined

/** The bundle this process runs from (dist/index.js and its chunks), and a hash of its files. */
function selfBundle(): Bundle {
  if (bundle) return bundle
  const command = getSelfCommand()
  const entry = command.length === 2 ? command[1] : undefined
  if (!entry || basename(entry) !== 'index.js') {
    throw new GlidepathError('GP-INTERNAL-001', 'The local provider over SSH runs from an action bundle or the glidepath CLI (it puts its own bundle on the host); this process runs from source.', {
      fix: 'Use the published action (uses: glidepath-dev/glidepath/actions/deploy@v1) or the glidepath CLI.',
    })
  }
  const dir = dirname(entry)
  const hash = createHash('sha256')
  for (const f of readdirSync(dir).sort()) {
    if (!statSync(join(dir, f)).isFile()) continue
    hash.update(f).update('\0').update(readFileSync(join(dir, f))).update('\0')
  }
  bundle = { dir, hash: hash.digest('hex').slice(0, 16) }
  return bundle
}

export class SshLocalProvider implements Provider {
  readonly name = 'local'
  readonly host: SshHost
  private readonly onHost: HostEnvironment
  private readonly cfg: LocalProviderConfig
  /** The node and bundle to run on the host, once checked (or put there) in this run. */
  private agentCommand?: { node: string; entry: string }

  constructor(private readonly deps: ProviderDeps) {
    this.cfg = deps.environment.config.local as LocalProviderConfig
    this.host = new SshHost(deps.environment.config.ssh as SshConfig, deps.env, deps.store.dir)
    this.onHost = new HostEnvironment(this.host, deps.environment.name)
  }

  private get port(): number {
    return this.cfg.port ?? DEFAULT_PORT
  }

  async preflight(request: RolloutRequest): Promise<void> {
    existingAppDir(this.deps, request.version)
    selfBundle()
    await this.onHost.ensure(request.timeoutMs)
    await this.ready()
  }

  /**
   * Makes sure the host can run the agent: a Node.js of 20 or later (its own, or the runner's put there
   * once), and this build's bundle. One call when both are there; an upload for each that is not.
   */
  private async ready(): Promise<{ node: string; entry: string }> {
    if (this.agentCommand) return this.agentCommand
    const own = selfBundle()
    const remoteBundle = `.glidepath/agent/${own.hash}`
    const remoteNode = `.glidepath/node/${process.version}/node`
    const check = `ok() { "$1" -e 'process.exit(Number(process.versions.node.split(".")[0]) >= ${MIN_NODE} ? 0 : 1)' >/dev/null 2>&1; }
n=$(command -v node 2>/dev/null || true)
if [ -n "$n" ] && ok "$n"; then echo "node=$n"; elif [ -x "$2" ] && ok "$2"; then echo "node=$2"; else echo "node="; fi
if [ -f "$1/.glidepath-complete" ]; then echo bundle=yes; else echo bundle=no; fi`
    const r = await this.host.capture(check, [remoteBundle, remoteNode], SETUP_TIMEOUT_MS, 'check node and bundle')
    if (r.code !== 0) throw new GlidepathError('GP-SSH-002', `Could not check ${this.host.label} for Node.js: ${r.stderr.trim() || `exit ${r.code}`}.`, { fix: `Check that ${this.host.user} has a POSIX shell on ${this.deps.environment.config.ssh?.host}.` })
    let node = /^node=(.*)$/m.exec(r.stdout)?.[1]?.trim()
    if (!node) {
      this.deps.log.info(`${this.host.label} has no Node.js ${MIN_NODE}+: putting the runner's (${process.version}) at ${remoteNode}, once.`)
      await this.host.uploadFile(process.execPath, remoteNode, SETUP_TIMEOUT_MS)
      node = remoteNode
    }
    if (!/^bundle=yes$/m.test(r.stdout)) {
      this.deps.log.info(`Putting Glidepath (${own.hash}) on ${this.host.label} at ${remoteBundle}, once per build.`)
      await this.host.uploadDir(own.dir, remoteBundle, [], SETUP_TIMEOUT_MS)
    }
    this.agentCommand = { node, entry: `${remoteBundle}/index.js` }
    return this.agentCommand
  }

  /** Runs one operation of the local provider on the host; its log lines become ours, its error ours. */
  private async agent(op: AgentOperation, args: unknown[], timeoutMs: number, upload?: string): Promise<unknown> {
    const { node, entry } = await this.ready()
    const request: AgentRequest = { op, args, environment: this.deps.environment, event: this.deps.event, dir: this.onHost.dir, upload }
    let answer: { result: unknown } | undefined
    let failure: { code: string; message: string; fix?: string } | undefined
    const other: string[] = []
    const r = await this.host.run('exec "$1" "$2"', {
      env: { [AGENT_ENV]: '1' },
      args: [node, entry],
      input: JSON.stringify(request),
      timeoutMs: timeoutMs + MARGIN_MS,
      label: `local ${op}`,
      onLine: (text) => {
        let line: AgentLine | undefined
        try { line = JSON.parse(text) as AgentLine } catch { /* not the agent's */ }
        if (line && 'info' in line) this.deps.log.info(`[${this.host.label}] ${line.info}`)
        else if (line && 'warning' in line) this.deps.log.warning(`[${this.host.label}] ${line.warning}`)
        else if (line && 'result' in line) answer = line
        else if (line && 'error' in line) failure = line.error
        else if (text.trim()) other.push(text)
      },
    })
    if (failure) throw new GlidepathError(failure.code as GlidepathError['code'], `On ${this.host.label}: ${failure.message}`, { fix: failure.fix })
    if (!answer) {
      throw new GlidepathError('GP-SSH-002', `Glidepath on ${this.host.label} ended without an answer to ${op} (exit ${r.code ?? r.signal}): ${other.slice(-3).join(' | ') || 'no output'}.`, {
        fix: `Check the host's free disk space and memory, and that ${this.host.user} may run programs in its home (or ssh.dir); the next run finds the host's state and carries on.`,
      })
    }
    return answer.result
  }

  async deploy(request: RolloutRequest): Promise<RolloutResult> {
    const app = existingAppDir(this.deps, request.version)
    const upload = `${this.onHost.dir}/incoming/${request.version}`
    const state = resolve(this.deps.stateDir)
    // The runner's own state directory may be inside the app (app: .): it never goes to the host.
    const inside = relative(app, state)
    const exclude = ['.git', ...(inside && !inside.startsWith('..') ? [`./${inside}`] : [])]
    await this.host.uploadDir(app, upload, exclude, request.timeoutMs)
    const result = (await this.agent('deploy', [request], request.timeoutMs, upload)) as RolloutResult
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
    await this.agent('set-weight', [version, weight], timeoutMs)
  }

  async promote(version: string, timeoutMs: number): Promise<void> {
    await this.agent('promote', [version], timeoutMs)
  }

  async abort(version: string | null, timeoutMs: number): Promise<void> {
    await this.agent('abort', [version], timeoutMs)
  }

  async rollback(to: string, from: string | null, timeoutMs: number): Promise<void> {
    await this.agent('rollback', [to, from, timeoutMs], timeoutMs)
  }

  async teardown(timeoutMs: number): Promise<void> {
    await this.agent('teardown', [], timeoutMs)
  }

  async prune(keep: string[]): Promise<void> {
    await this.agent('prune', [keep], this.deps.environment.timeoutMs)
  }

  /** The router's counters on the host, read through the connection. */
  routerCounters(): RouterCounters {
    return { stats: async (windowSeconds) => (await this.agent('stats', [windowSeconds], 30_000)) as WindowStats[] }
  }

  private async endpoint(role: 'canary' | 'stable'): Promise<Endpoint> {
    const listen = !this.cfg.listen || this.cfg.listen === '0.0.0.0' || this.cfg.listen === '::' ? '127.0.0.1' : this.cfg.listen
    const local = await this.host.forward(`${listen}:${this.port}`, 30_000)
    return { url: `http://${local}/`, headers: { [ROUTE_HEADER]: role } }
  }

  canaryEndpoint(): Promise<Endpoint> {
    return this.endpoint('canary')
  }

  stableEndpoint(): Promise<Endpoint> {
    return this.endpoint('stable')
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
