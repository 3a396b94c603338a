import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { GlidepathError } from '../errors/index.js'
import { render } from '../template/render.js'
import { templateContext, environmentFields } from '../config/resolve.js'
import { environmentSlug } from '../state/store.js'
import { readJson, writeJsonAtomic } from '../files/json-file.js'
import { isInside } from '../files/paths.js'
import { outputTail } from '../process/run.js'
import { DockerCli, type ComposeProject } from '../docker/cli.js'
import { runUrl } from '../runtime/context.js'
import { sleep, formatDuration } from '../time/duration.js'
import { HostAgent } from './agent-client.js'
import { AgentRouter } from '../traffic/agent.js'
import type { NginxRouterConfig } from '../traffic/nginx.js'
import { SlotRouter } from '../traffic/slots.js'
import { frontRouter } from '../traffic/factory.js'
import type { SshHost } from '../ssh/host.js'
import { HostEnvironment } from '../ssh/environment.js'
import type { Backend } from '../traffic/local/routes.js'
import { ReleaseProvider, type Release, type ReleaseSet, type StartOptions } from './releases.js'
import { httpRequest, probeHealth } from '../http/request.js'
import { freePort } from '../http/ports.js'
import type { ComposeProviderConfig } from '../config/types.js'
import type { Routes } from '../traffic/types.js'
import type { Provider, ProviderDeps, RolloutRequest, TargetLockOptions } from './types.js'
import type { EnvironmentState } from '../state/store.js'

// Docker Compose on a host: the runner's engine, DOCKER_HOST's, or with an ssh section a host's engine
// reached over SSH (docker's ssh:// transport on the host's multiplexed connection; nginx on the host
// switches between the slots, probes reach them through the connection, and the environment's lock
// and state are kept on the host, issue 24). Each
// release runs as one of two compose projects, `<project>-blue` and `<project>-green`, from the user's
// compose file plus an override file Glidepath owns (the image, labels and the published port of the
// configured services); the user's file is never edited. `docker compose up -d --wait` gates on the
// container's healthcheck, then the health path (when set) must answer. The local router or nginx in
// front sends traffic to the slots, so rolling, blue-green and canary are router switches (written once,
// in releases.ts) and a release never replaces containers that serve.

export type SlotName = 'blue' | 'green'
const SLOTS: SlotName[] = ['blue', 'green']

export interface ComposeSlot {
  version: string
  image: string
  /** Host port the primary service is published on (127.0.0.1, or nginx's address for the slot). */
  port: number
  startedAt: string
  /** Started, not yet healthy: a run killed now leaves it for the next run to take down. */
  starting?: boolean
}

interface ComposeState {
  slots: Partial<Record<SlotName, ComposeSlot>>
  /** Which slot serves as stable, which as canary, and the canary's weight. */
  routed: { stable: SlotName | null; canary: SlotName | null; weight: number }
  /** The image each version ran with, so a rollback starts the recorded image. */
  images: Record<string, string>
}

const MAX_IMAGES = 50

/**
 * Compose: its releases are slots (ComposeSlots), and the router in front is Glidepath's (on this machine
 * or on the host over SSH) or nginx (SlotRouter); the strategies are the shared ones (releases.ts).
 */
export class ComposeProvider extends ReleaseProvider implements Provider {
  readonly name = 'compose'
  readonly cfg: ComposeProviderConfig
  protected readonly releases: ComposeSlots
  protected readonly router: SlotRouter
  /** With an ssh section: the host whose engine runs the releases, and whose nginx routes to them. */
  readonly sshHost?: SshHost
  private readonly onHost?: HostEnvironment
  /** Over SSH without nginx: Glidepath's router on the host, driven through the agent. */
  private readonly hostRouter?: AgentRouter

  constructor(deps: ProviderDeps) {
    super(deps)
    this.cfg = deps.environment.config.compose as ComposeProviderConfig
    this.sshHost = deps.host
    if (this.sshHost) this.onHost = new HostEnvironment(this.sshHost, deps.environment.name)
    const traffic = deps.environment.config.traffic
    const nginx = traffic?.router === 'nginx' ? traffic.nginx : undefined
    // The router in front of the slots: nginx (on this machine or the host), or Glidepath's (through the agent on a host).
    const inner = frontRouter(deps, {
      host: this.sshHost,
      agent: this.onHost ? new HostAgent(this.onHost, deps) : undefined,
      slots: { reach: (port: number, what: string) => this.releases.reach(port, what), routes: () => this.router.routes() },
    })
    if (inner instanceof AgentRouter) this.hostRouter = inner
    this.releases = new ComposeSlots(deps, this.cfg, this.project, nginx, this.sshHost, this.hostRouter)
    this.router = new SlotRouter(this.releases, inner)
  }

  /** The compose project name of this environment (templated; default glidepath-<environment>). */
  get project(): string {
    const raw = this.cfg.project
      ? render(this.cfg.project, templateContext(this.deps.event, environmentFields(this.deps.environment)), 'compose.project')
      : `glidepath-${environmentSlug(this.deps.environment.name)}`
    return raw.toLowerCase().replace(/[^a-z0-9_-]/g, '-').replace(/^[^a-z0-9]+/, '')
  }

  protected describe(release: Release): string {
    return `${release.version} (${this.releases.slotProject(release.slot as SlotName)})`
  }

  async preflight(request: RolloutRequest): Promise<void> {
    // Over SSH the key, the host key and the connection are checked before anything changes anywhere.
    await this.onHost?.ensure(request.timeoutMs)
    await this.hostRouter?.prepare()
    const files = this.releases.files
    const missing = files.filter((f) => !existsSync(f))
    if (missing.length) {
      throw new GlidepathError('GP-COMPOSE-001', `Compose file ${missing.map((f) => f.slice(this.deps.workspace.length + 1)).join(', ')} (compose.file) does not exist.`, {
        fix: `Create it or correct environments.${this.deps.environment.key}.compose.file.`,
      })
    }
    if (!this.releases.imageFor(request.version, request.image)) {
      throw new GlidepathError('GP-COMPOSE-003', `No image for ${request.version}: the deploy has no image input and compose.image is not set.`, {
        fix: 'Pass the image input (registry/app:tag or @sha256 digest), or set compose.image with {{version}}.',
      })
    }
    const known = await this.releases.docker.services({ name: this.project, files }, this.cfg.file ? String(this.cfg.file) : 'compose.yaml')
    const unknown = this.releases.services.filter((s) => !known.includes(s))
    if (unknown.length) {
      throw new GlidepathError('GP-COMPOSE-002', `Service ${unknown.join(', ')} (compose.service${this.cfg.services ? '/services' : ''}) is not in the compose file; it has ${known.join(', ') || 'no services'}.`, {
        fix: `Name a service of the compose file in environments.${this.deps.environment.key}.compose.`,
      })
    }
  }

  /**
   * A runner without this environment's state (a fresh machine reaching the engine through DOCKER_HOST)
   * reads what runs from the containers' labels: each slot's version, image and published port. The
   * newest slot is taken as stable, so the next release goes to the other one, never over it.
   */
  async loadState(): Promise<EnvironmentState | undefined> {
    const labelled = await this.readLabels()
    const kept = await this.onHost?.load()
    return kept ?? labelled
  }

  async saveState(state: EnvironmentState): Promise<void> {
    await this.onHost?.save(state)
  }

  /** Over SSH the lock is held on the host too: two runners never interleave on one engine. */
  async lock(options: TargetLockOptions): Promise<{ release(): Promise<void> }> {
    return this.onHost ? this.onHost.lock(options) : { release: async () => undefined }
  }

  private async readLabels(): Promise<EnvironmentState | undefined> {
    const slots = this.releases
    if (slots.recorded()) return undefined
    const found: Array<{ slot: SlotName; version: string; image: string; port: number; created: string }> = []
    for (const c of await slots.docker.containersLabelled(`glidepath.environment=${this.deps.environment.name}`)) {
      const slot = c.labels['glidepath.slot'] as SlotName
      if (!SLOTS.includes(slot) || c.labels['com.docker.compose.project'] !== slots.slotProject(slot) || c.labels['com.docker.compose.service'] !== this.cfg.service) continue
      if (c.port) found.push({ slot, version: c.labels['glidepath.version'], image: c.image, port: c.port, created: c.created })
    }
    if (!found.length) return undefined
    found.sort((a, b) => a.created.localeCompare(b.created))
    // Behind nginx its upstream file says which slot serves (the heaviest server); else the newest slot.
    const weights = new Map<number, number>()
    const nginx = slots.nginx
    const upstream = nginx ? (this.sshHost ? await this.sshHost.readFile(nginx.file, 30_000) : existsSync(nginx.file) ? readFileSync(nginx.file, 'utf8') : undefined) : undefined
    if (upstream) {
      for (const m of upstream.matchAll(/server\s+[^\s;]+:(\d+)(?:\s+weight=(\d+))?\s*;/g)) weights.set(Number(m[1]), Number(m[2] ?? 1))
    }
    const weight = (f: (typeof found)[number]) => weights.get(f.port) ?? -1
    const stable = weights.size ? [...found].sort((a, b) => weight(b) - weight(a))[0] : found[found.length - 1]
    slots.update((st) => {
      for (const f of found) {
        st.slots[f.slot] = { version: f.version, image: f.image, port: f.port, startedAt: f.created }
        st.images[f.version] = f.image
      }
      const other = found.find((f) => f.slot !== stable.slot && weight(f) > 0)
      st.routed = other ? { stable: stable.slot, canary: other.slot, weight: Math.round((100 * weight(other)) / (weight(other) + weight(stable))) } : { stable: stable.slot, canary: null, weight: 0 }
    })
    if (!nginx) await this.router.apply({ stable: { version: stable.version, url: slots.urlOf(stable.port) }, canary: null, weight: 0 })
    this.deps.log.info(`Read from the containers' labels: ${found.map((f) => `${f.version} in ${slots.slotProject(f.slot)}`).join(', ')}; ${stable.version} serves.`)
    return { schema: 1, environment: this.deps.environment.name, stable: { version: stable.version, recordId: 'from-labels' }, canary: null, records: [] }
  }
}

/**
 * The two slots a compose environment runs its releases in, `<project>-blue` and `<project>-green`, and
 * the state that says what each runs (compose.json). A new release goes to the slot not serving as stable.
 */
class ComposeSlots implements ReleaseSet {
  private readonly stateFile: string
  private readonly overrideDir: string
  private cli?: DockerCli

  constructor(
    private readonly deps: ProviderDeps,
    private readonly cfg: ComposeProviderConfig,
    private readonly project: string,
    readonly nginx: NginxRouterConfig | undefined,
    private readonly sshHost: SshHost | undefined,
    private readonly hostRouter: AgentRouter | undefined,
  ) {
    this.stateFile = join(deps.store.dir, 'compose.json')
    this.overrideDir = join(deps.store.dir, 'compose')
  }

  /** The Docker CLI, made when first used (over SSH that needs the key, checked in preflight). */
  get docker(): DockerCli {
    this.cli ??= new DockerCli({ docker: this.cfg.docker, env: this.sshHost ? { ...this.deps.env, ...this.sshHost.dockerEnv(this.deps.env.PATH) } : this.deps.env, cwd: this.deps.workspace })
    return this.cli
  }

  slotProject(slot: SlotName): string {
    return `${this.project}-${slot}`
  }

  get services(): string[] {
    return [this.cfg.service, ...(this.cfg.services ?? []).filter((s) => s !== this.cfg.service)]
  }

  get files(): string[] {
    const list = this.cfg.file === undefined ? ['compose.yaml'] : Array.isArray(this.cfg.file) ? this.cfg.file : [this.cfg.file]
    return list.map((f) => {
      if (!isInside(this.deps.workspace, f)) throw new GlidepathError('GP-INPUT-003', `compose.file "${f}" leaves the workspace.`, { fix: 'Point compose.file at a compose file inside the repository.' })
      return resolve(this.deps.workspace, f)
    })
  }

  /** Whether this runner has the environment's compose state (else it is read from the containers). */
  recorded(): boolean {
    return existsSync(this.stateFile)
  }

  state(): ComposeState {
    return readJson<ComposeState>(this.stateFile, { slots: {}, routed: { stable: null, canary: null, weight: 0 }, images: {} })
  }

  update(change: (s: ComposeState) => void): ComposeState {
    const s = this.state()
    change(s)
    mkdirSync(this.deps.store.dir, { recursive: true })
    writeJsonAtomic(this.stateFile, s)
    return s
  }

  imageFor(version: string, image?: string): string | undefined {
    if (image) return image
    if (this.cfg.image) return render(this.cfg.image, templateContext(this.deps.event, { ...environmentFields(this.deps.environment), version }), 'compose.image')
    return this.state().images[version]
  }

  /** A slot's address as the router reaches it. */
  /** Which slot serves as stable and which as canary, as compose.json records them (traffic/slots.ts routes by it). */
  routes(): Routes {
    const st = this.state()
    const backend = (slot: SlotName | null): Backend | null => {
      const s = slot ? st.slots[slot] : undefined
      return s ? { version: s.version, url: this.urlOf(s.port) } : null
    }
    const canary = backend(st.routed.canary)
    return { stable: backend(st.routed.stable), canary, weight: canary ? st.routed.weight : 0 }
  }

  /** Records the routes applied, by the slots their addresses belong to. */
  record(routes: Routes): void {
    const slotOf = (b: Backend | null) => (b ? this.list().find((r) => r.url === b.url)?.slot as SlotName ?? null : null)
    this.update((s) => { s.routed = { stable: slotOf(routes.stable), canary: slotOf(routes.canary), weight: routes.weight } })
  }

  urlOf(port: number): string {
    return `http://${this.host()}:${port}`
  }

  list(): Release[] {
    const st = this.state()
    return SLOTS.flatMap((slot) => {
      const s = st.slots[slot]
      return s ? [{ version: s.version, url: this.urlOf(s.port), slot, ...(s.starting ? { starting: true } : {}) }] : []
    })
  }

  /** The slot not serving as stable, and what it still runs (taken down first). */
  place(_version: string, routes: Routes): { key: string; replaces?: Release } {
    const stable = this.list().find((r) => r.url === routes.stable?.url)?.slot
    const slot = SLOTS.find((s) => s !== stable) as SlotName
    return { key: slot, replaces: this.list().find((r) => r.slot === slot) }
  }

  /**
   * Starts a release in a slot and waits for it: `up -d --wait` (the containers' healthchecks), then the
   * health path for minReady. A release that does not get there is taken down and the error says why,
   * with each container's state, exit code and last log lines.
   */
  async start(key: string, version: string, options: StartOptions): Promise<Release> {
    const slot = key as SlotName
    const image = (options.again ? this.imageFor(version) : this.imageFor(version, options.image)) as string
    const port = await this.slotPort(slot)
    mkdirSync(this.overrideDir, { recursive: true })
    writeFileSync(this.overridePath(slot), this.overrideFile(slot, version, image, port))
    this.update((s) => {
      s.slots[slot] = { version, image, port, startedAt: new Date().toISOString(), starting: true }
      s.images[version] = image
      const names = Object.keys(s.images)
      for (const old of names.slice(0, Math.max(0, names.length - MAX_IMAGES))) delete s.images[old]
    })
    const deadline = Date.now() + options.timeoutMs
    const seconds = Math.max(1, Math.ceil(options.timeoutMs / 1000))
    this.deps.log.info(`Starting ${version} (${image}) as ${this.slotProject(slot)}: docker compose up --wait for ${this.services.join(', ')} (up to ${formatDuration(options.timeoutMs)}).`)
    const up = await this.docker.compose(this.slotCompose(slot), ['up', '--detach', '--wait', '--wait-timeout', String(seconds), '--no-deps', '--no-build', '--pull', 'missing', '--remove-orphans', ...this.services], options.timeoutMs + 30_000, 'docker compose up')
    if (up.code !== 0) {
      const text = `${up.stderr}\n${up.stdout}`
      const pull = /pull access denied|manifest unknown|not found|no such image|repository does not exist|failed to resolve reference/i.test(text) && !/unhealthy|exited/i.test(text)
      const digest = await this.digest(slot)
      await this.down(slot)
      if (pull) {
        throw new GlidepathError('GP-COMPOSE-006', `Image ${image} for ${version} could not be pulled: ${outputTail(up, 3)}. Nothing changed; the previous version keeps serving.`, {
          fix: 'Check the image name and tag (or digest), that it was pushed, and that this runner is logged in to the registry (docker login).',
        })
      }
      throw new GlidepathError('GP-COMPOSE-005', `Release ${version} did not become healthy in ${this.slotProject(slot)} (docker compose up --wait: ${outputTail(up, 2)}); it was taken down and the previous version keeps serving.\n${digest}`, {
        fix: 'See each container\'s state, exit code and last log lines above; fix the release or its healthcheck, or raise the timeout.',
      })
    }
    if (this.cfg.health) await this.waitHealthy(slot, version, port, deadline)
    this.update((s) => {
      const cur = s.slots[slot]
      if (cur) delete cur.starting
    })
    return { version, url: this.urlOf(port), slot }
  }

  async stop(release: Release): Promise<void> {
    if (release.slot) await this.down(release.slot as SlotName)
  }

  async healthy(release: Release): Promise<boolean> {
    const slot = this.state().slots[release.slot as SlotName]
    if (!slot) return false
    try {
      const res = await httpRequest(`http://${await this.reach(slot.port, 'standby slot')}${this.cfg.health ?? '/'}`, { timeoutMs: 2000 })
      return this.cfg.health ? res.status >= 200 && res.status < 300 : res.status < 500
    } catch {
      return false
    }
  }

  restartable(version: string): void {
    if (!this.imageFor(version)) {
      throw new GlidepathError('GP-ROLLBACK-002', `Glidepath has no image recorded for ${version} in this environment.`, {
        fix: 'Roll back to a version deployed here with the compose provider (see the record history), or deploy it anew with its image.',
      })
    }
  }

  async teardown(timeoutMs: number): Promise<void> {
    for (const slot of SLOTS) await this.docker.down(this.slotCompose(slot), { volumes: true, timeoutMs })
    rmSync(this.overrideDir, { recursive: true, force: true })
    rmSync(this.stateFile, { force: true })
  }

  /**
   * Where the runner reaches a slot's published port: directly, or over SSH through the host's connection
   * (the port is the host's own, never opened to the runner).
   */
  async reach(port: number, what: string): Promise<string> {
    const address = `${this.host()}:${port}`
    const host = this.sshHost
    if (!host) return address
    const local = await host.forward(address, 30_000)
    // Said once per use of an address (a slot checked for health, then probed as the canary).
    const said = `${what} ${address} ${local}`
    if (!this.reachSaid.has(said)) {
      this.reachSaid.add(said)
      this.deps.log.info(`Probes reach the ${what} at ${address} on ${host.label} through the SSH connection (${local} on the runner).`)
    }
    return local
  }

  private readonly reachSaid = new Set<string>()

  /** Where slots are published: 127.0.0.1, or the host of nginx's addresses. */
  host(): string {
    return this.nginx ? this.nginx.stable.replace(/:\d+$/, '') : '127.0.0.1'
  }

  /** A slot's compose project: the user's files, then the override Glidepath writes (once it exists). */
  private slotCompose(slot: SlotName, withOverride = true): ComposeProject {
    const files = [...this.files]
    if (withOverride && existsSync(this.overridePath(slot))) files.push(this.overridePath(slot))
    return { name: this.slotProject(slot), files }
  }

  private overridePath(slot: SlotName): string {
    return join(this.overrideDir, `${slot}.yaml`)
  }

  /** With nginx, each slot has a fixed address: blue at traffic.nginx.stable's, green at canary's. */
  private async slotPort(slot: SlotName): Promise<number> {
    if (this.hostRouter) return this.hostRouter.freePort()
    if (!this.nginx) return freePort()
    const address = slot === 'blue' ? this.nginx.stable : this.nginx.canary
    const port = Number(/:(\d+)$/.exec(address)?.[1])
    if (!port) throw new GlidepathError('GP-COMPOSE-001', `traffic.nginx.${slot === 'blue' ? 'stable' : 'canary'} "${address}" has no port.`, { fix: 'host:port addresses, e.g. 127.0.0.1:9001 and 127.0.0.1:9002.' })
    return port
  }

  private overrideFile(slot: SlotName, version: string, image: string, port: number): string {
    const { event, environment } = this.deps
    const labels: Record<string, string> = {
      'glidepath.version': version,
      'glidepath.environment': environment.name,
      'glidepath.slot': slot,
      'glidepath.sha': event.sha ?? '',
      'glidepath.run': runUrl(event) ?? '',
    }
    // JSON is YAML; the !override / !reset tags (compose 2.24+) replace the user's ports instead of adding to them.
    const lines = ['# Managed by Glidepath: the image, labels and published port of this release. Do not edit.', 'services:']
    for (const service of this.services) {
      lines.push(`  ${JSON.stringify(service)}:`, `    image: ${JSON.stringify(image)}`)
      lines.push(`    labels: ${JSON.stringify(labels)}`)
      lines.push(`    environment: ${JSON.stringify({ GLIDEPATH_VERSION: version, GLIDEPATH_ENVIRONMENT: environment.name })}`)
      if (service === this.cfg.service) lines.push(`    ports: !override [${JSON.stringify(`${this.host()}:${port}:${this.cfg.targetPort}`)}]`)
      else lines.push('    ports: !reset []')
    }
    return `${lines.join('\n')}\n`
  }

  private async waitHealthy(slot: SlotName, version: string, port: number, deadline: number): Promise<void> {
    const minReadyMs = this.deps.environment.durations.minReady
    const url = `http://${await this.reach(port, `${slot} slot`)}${this.cfg.health}`
    let healthySince: number | undefined
    let last = 'no answer yet'
    while (Date.now() < deadline) {
      const probe = await probeHealth(url)
      if (probe.ok) {
        healthySince ??= Date.now()
        if (Date.now() - healthySince >= minReadyMs) return
      } else {
        healthySince = undefined
        last = probe.last
      }
      await sleep(healthySince ? 50 : 200)
    }
    const digest = await this.digest(slot)
    await this.down(slot)
    throw new GlidepathError('GP-COMPOSE-005', `Release ${version} did not answer ${this.cfg.health} with 2xx in time (${last}); it was taken down and the previous version keeps serving.\n${digest}`, {
      fix: `Make ${this.cfg.health} answer 2xx once the app is ready (compose.health), or raise the timeout.`,
    })
  }

  /** Each container of a slot: state, health, exit code and last log lines (for an error message). */
  private digest(slot: SlotName): Promise<string> {
    return this.docker.digest(this.slotCompose(slot))
  }

  /** Takes a slot down (the strategies have drained it through the router first). */
  private async down(slot: SlotName): Promise<void> {
    await this.docker.down(this.slotCompose(slot))
    this.update((st) => {
      delete st.slots[slot]
      if (st.routed.canary === slot) st.routed = { ...st.routed, canary: null, weight: 0 }
      if (st.routed.stable === slot) st.routed = { ...st.routed, stable: null }
    })
    rmSync(this.overridePath(slot), { force: true })
  }
}
