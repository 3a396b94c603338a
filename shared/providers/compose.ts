import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { GlidepathError } from '../errors/index.js'
import { render } from '../template/render.js'
import { templateContext, environmentFields } from '../config/resolve.js'
import { environmentSlug } from '../state/store.js'
import { readJson, writeJsonAtomic } from '../state/json-file.js'
import { isInside } from '../state/paths.js'
import { outputTail } from '../process/run.js'
import { DockerCli, type ComposeProject } from '../docker/cli.js'
import { runUrl } from '../runtime/context.js'
import { sleep, formatDuration, parseDuration } from '../time/duration.js'
import { LocalRouterClient } from '../traffic/local/client.js'
import { AgentRouter, HostAgent } from '../ssh/agent-client.js'
import { NginxRouter, sshNginxHost } from '../traffic/nginx.js'
import { SshHost } from '../ssh/host.js'
import { HostEnvironment } from '../ssh/environment.js'
import { cohortsOf } from '../traffic/cohorts.js'
import { ROUTE_HEADER } from '../traffic/local/routes.js'
import { httpRequest, probeHealth } from '../http/request.js'
import { freePort } from '../http/ports.js'
import type { ComposeProviderConfig, SshConfig } from '../config/types.js'
import type { Endpoint, Provider, ProviderDeps, RolloutRequest, RolloutResult, RouterCounters, TargetLockOptions } from './types.js'
import type { EnvironmentState } from '../state/store.js'

// Docker Compose on a host: the runner's engine, DOCKER_HOST's, or with an ssh section a host's engine
// reached over SSH (docker's ssh:// transport on the host's multiplexed connection; nginx on the host
// switches between the slots, probes reach them through the connection, and the environment's lock
// and state are kept on the host, issue 24). Each
// release runs as one of two compose projects, `<project>-blue` and `<project>-green`, from the user's
// compose file plus an override file Glidepath owns (the image, labels and the published port of the
// configured services); the user's file is never edited. `docker compose up -d --wait` gates on the
// container's healthcheck, then the health path (when set) must answer. The local router or nginx in
// front sends traffic to the slots, so rolling, blue-green and canary are router switches and a
// release never replaces containers that serve.

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

const DEFAULT_PORT = 8080
const DEFAULT_MIN_READY = '500ms'
const DRAIN_TIMEOUT_MS = 30_000
const MAX_IMAGES = 50

export class ComposeProvider implements Provider {
  readonly name = 'compose'
  readonly cfg: ComposeProviderConfig
  readonly router?: LocalRouterClient
  /** Over SSH without nginx: Glidepath's router on the host, driven through the agent. */
  readonly hostRouter?: AgentRouter
  private readonly stateFile: string
  private readonly overrideDir: string
  private cli?: DockerCli
  /** With an ssh section: the host whose engine runs the releases, and whose nginx routes to them. */
  readonly sshHost?: SshHost
  private readonly onHost?: HostEnvironment

  constructor(private readonly deps: ProviderDeps) {
    this.cfg = deps.environment.config.compose as ComposeProviderConfig
    const ssh = deps.environment.config.ssh
    if (ssh?.host) {
      this.sshHost = new SshHost(ssh as SshConfig, deps.env, deps.store.dir)
      this.onHost = new HostEnvironment(this.sshHost, deps.environment.name)
    }
    this.stateFile = join(deps.store.dir, 'compose.json')
    this.overrideDir = join(deps.store.dir, 'compose')
    if (!this.nginx && this.onHost) this.hostRouter = new AgentRouter(new HostAgent(this.onHost, deps), { port: this.cfg.port ?? DEFAULT_PORT }, deps.environment.timeoutMs)
    else if (!this.nginx) this.router = new LocalRouterClient(deps.store.dir, this.cfg.port ?? DEFAULT_PORT, undefined, cohortsOf(deps.environment.config.canary))
  }

  /** The Docker CLI, made when first used (over SSH that needs the key, checked in preflight). */
  private get docker(): DockerCli {
    this.cli ??= new DockerCli({ docker: this.cfg.docker, env: this.sshHost ? { ...this.deps.env, ...this.sshHost.dockerEnv(this.deps.env.PATH) } : this.deps.env, cwd: this.deps.workspace })
    return this.cli
  }

  private get nginx() {
    const traffic = this.deps.environment.config.traffic
    return traffic?.router === 'nginx' ? traffic.nginx : undefined
  }

  /** The compose project name of this environment (templated; default glidepath-<environment>). */
  get project(): string {
    const raw = this.cfg.project
      ? render(this.cfg.project, templateContext(this.deps.event, environmentFields(this.deps.environment)), 'compose.project')
      : `glidepath-${environmentSlug(this.deps.environment.name)}`
    return raw.toLowerCase().replace(/[^a-z0-9_-]/g, '-').replace(/^[^a-z0-9]+/, '')
  }

  slotProject(slot: SlotName): string {
    return `${this.project}-${slot}`
  }

  private get services(): string[] {
    return [this.cfg.service, ...(this.cfg.services ?? []).filter((s) => s !== this.cfg.service)]
  }

  private get files(): string[] {
    const list = this.cfg.file === undefined ? ['compose.yaml'] : Array.isArray(this.cfg.file) ? this.cfg.file : [this.cfg.file]
    return list.map((f) => {
      if (!isInside(this.deps.workspace, f)) throw new GlidepathError('GP-INPUT-003', `compose.file "${f}" leaves the workspace.`, { fix: 'Point compose.file at a compose file inside the repository.' })
      return resolve(this.deps.workspace, f)
    })
  }

  private state(): ComposeState {
    return readJson<ComposeState>(this.stateFile, { slots: {}, routed: { stable: null, canary: null, weight: 0 }, images: {} })
  }

  private update(change: (s: ComposeState) => void): ComposeState {
    const s = this.state()
    change(s)
    mkdirSync(this.deps.store.dir, { recursive: true })
    writeJsonAtomic(this.stateFile, s)
    return s
  }

  private imageFor(version: string, image?: string): string | undefined {
    if (image) return image
    if (this.cfg.image) return render(this.cfg.image, templateContext(this.deps.event, { ...environmentFields(this.deps.environment), version }), 'compose.image')
    return this.state().images[version]
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

  async preflight(request: RolloutRequest): Promise<void> {
    // Over SSH the key, the host key and the connection are checked before anything changes anywhere.
    await this.onHost?.ensure(request.timeoutMs)
    await this.hostRouter?.prepare()
    const files = this.files
    const missing = files.filter((f) => !existsSync(f))
    if (missing.length) {
      throw new GlidepathError('GP-COMPOSE-001', `Compose file ${missing.map((f) => f.slice(this.deps.workspace.length + 1)).join(', ')} (compose.file) does not exist.`, {
        fix: `Create it or correct environments.${this.deps.environment.key}.compose.file.`,
      })
    }
    if (!this.imageFor(request.version, request.image)) {
      throw new GlidepathError('GP-COMPOSE-003', `No image for ${request.version}: the deploy has no image input and compose.image is not set.`, {
        fix: 'Pass the image input (registry/app:tag or @sha256 digest), or set compose.image with {{version}}.',
      })
    }
    const known = await this.docker.services({ name: this.project, files }, this.cfg.file ? String(this.cfg.file) : 'compose.yaml')
    const unknown = this.services.filter((s) => !known.includes(s))
    if (unknown.length) {
      throw new GlidepathError('GP-COMPOSE-002', `Service ${unknown.join(', ')} (compose.service${this.cfg.services ? '/services' : ''}) is not in the compose file; it has ${known.join(', ') || 'no services'}.`, {
        fix: `Name a service of the compose file in environments.${this.deps.environment.key}.compose.`,
      })
    }
  }

  async deploy(request: RolloutRequest): Promise<RolloutResult> {
    const image = this.imageFor(request.version, request.image) as string
    const st = this.state()
    const stable = st.routed.stable
    const slot = this.freeSlot(st)
    await this.startSlot(slot, request.version, image, request.timeoutMs)
    try {
      if (request.strategy === 'canary' && stable) {
        await this.route(stable, slot, request.canaryWeight)
        this.deps.log.info(`Router: canary ${request.version} (${this.slotProject(slot)}) takes ${request.canaryWeight}% of traffic.`)
        return { slot, url: this.publicUrl() }
      }
      const previous = stable ? st.slots[stable] : undefined
      await this.route(slot, null, 0)
      this.deps.log.info(`Router: ${request.version} (${this.slotProject(slot)}) serves 100% of traffic${previous ? ` (was ${previous.version})` : ''}.`)
      // Rolling takes the old slot down; blue-green keeps it running without traffic, so a rollback is a switch.
      const standby = request.strategy === 'blue-green' && stable && previous && previous.version !== request.version ? previous.version : undefined
      if (stable && !standby) await this.down(stable, true)
      return { slot, url: this.publicUrl(), standby }
    } catch (e) {
      if (this.state().routed.stable !== slot) await this.down(slot, false)
      throw e
    }
  }

  /** The slot a new release goes to: the one not serving as stable (whatever it ran is taken down first). */
  private freeSlot(st: ComposeState): SlotName {
    const stable = st.routed.stable
    return SLOTS.find((s) => s !== stable) as SlotName
  }

  async setCanaryWeight(version: string, weight: number): Promise<void> {
    const st = this.state()
    const canary = st.routed.canary
    if (!canary || st.slots[canary]?.version !== version || !st.routed.stable) {
      throw new GlidepathError('GP-CANARY-001', `Compose has no canary ${version} behind the router.`, { fix: 'Deploy the version with strategy canary first.' })
    }
    await this.route(st.routed.stable, canary, weight)
  }

  async promote(version: string): Promise<void> {
    const st = this.state()
    const canary = st.routed.canary
    if (!canary || st.slots[canary]?.version !== version) {
      if (st.routed.stable && st.slots[st.routed.stable]?.version === version) return
      throw new GlidepathError('GP-CANARY-001', `No canary ${version} to promote.`, { fix: 'Deploy with strategy canary first.' })
    }
    const old = st.routed.stable
    await this.route(canary, null, 0)
    if (old) await this.down(old, true)
  }

  async abort(version: string | null): Promise<void> {
    const st = this.state()
    const canary = st.routed.canary
    if (canary) {
      await this.route(st.routed.stable, null, 0)
      await this.down(canary, true)
    }
    // A canary that started but never took traffic (the run stopped before routing it); a blue-green
    // standby is kept unless it is the version named.
    const s = this.state()
    for (const slot of SLOTS) if (version && slot !== s.routed.stable && s.slots[slot]?.version === version) await this.down(slot, true)
  }

  async rollback(to: string, _from: string | null, timeoutMs: number): Promise<void> {
    await this.abort(null)
    const st = this.state()
    const stable = st.routed.stable
    const standby = SLOTS.find((s) => s !== stable && st.slots[s]?.version === to && !st.slots[s]?.starting)
    let slot: SlotName
    if (stable && st.slots[stable]?.version === to && (await this.healthy(st.slots[stable] as ComposeSlot))) {
      // Already serving (a deploy that never took traffic is being undone): only what else runs goes.
      slot = stable
    } else if (standby && (await this.healthy(st.slots[standby] as ComposeSlot))) {
      this.deps.log.info(`${to} is still running in ${this.slotProject(standby)} (blue-green standby); switching traffic back.`)
      slot = standby
    } else {
      const image = this.imageFor(to)
      if (!image) {
        throw new GlidepathError('GP-ROLLBACK-002', `Glidepath has no image recorded for ${to} in this environment.`, {
          fix: 'Roll back to a version deployed here with the compose provider (see the record history), or deploy it anew with its image.',
        })
      }
      slot = this.freeSlot(st)
      await this.startSlot(slot, to, image, timeoutMs)
    }
    await this.route(slot, null, 0)
    for (const s of SLOTS) if (s !== slot && this.state().slots[s]) await this.down(s, true)
  }

  async teardown(timeoutMs: number): Promise<void> {
    for (const slot of SLOTS) {
      await this.docker.down(this.slotCompose(slot), { volumes: true, timeoutMs })
    }
    if (this.router) {
      await this.router.stop()
      rmSync(this.router.routesFile, { force: true })
    }
    await this.hostRouter?.remove()
    rmSync(this.overrideDir, { recursive: true, force: true })
    rmSync(this.stateFile, { force: true })
  }

  /** Takes down slots the state does not name and the router does not route to (a killed run's release). */
  async prune(keep: string[]): Promise<void> {
    const st = this.state()
    for (const slot of SLOTS) {
      const s = st.slots[slot]
      if (!s || slot === st.routed.stable || slot === st.routed.canary || (keep.includes(s.version) && !s.starting)) continue
      this.deps.log.warning(`Taking down ${this.slotProject(slot)} (${s.version}), left running by an interrupted run.`)
      await this.down(slot, false)
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
    if (existsSync(this.stateFile)) return undefined
    const found: Array<{ slot: SlotName; version: string; image: string; port: number; created: string }> = []
    for (const c of await this.docker.containersLabelled(`glidepath.environment=${this.deps.environment.name}`)) {
      const slot = c.labels['glidepath.slot'] as SlotName
      if (!SLOTS.includes(slot) || c.labels['com.docker.compose.project'] !== this.slotProject(slot) || c.labels['com.docker.compose.service'] !== this.cfg.service) continue
      if (c.port) found.push({ slot, version: c.labels['glidepath.version'], image: c.image, port: c.port, created: c.created })
    }
    if (!found.length) return undefined
    found.sort((a, b) => a.created.localeCompare(b.created))
    // Behind nginx its upstream file says which slot serves (the heaviest server); else the newest slot.
    const weights = new Map<number, number>()
    const upstream = this.nginx ? (this.sshHost ? await this.sshHost.readFile(this.nginx.file, 30_000) : existsSync(this.nginx.file) ? readFileSync(this.nginx.file, 'utf8') : undefined) : undefined
    if (upstream) {
      for (const m of upstream.matchAll(/server\s+[^\s;]+:(\d+)(?:\s+weight=(\d+))?\s*;/g)) weights.set(Number(m[1]), Number(m[2] ?? 1))
    }
    const weight = (f: (typeof found)[number]) => weights.get(f.port) ?? -1
    const stable = weights.size ? [...found].sort((a, b) => weight(b) - weight(a))[0] : found[found.length - 1]
    this.update((st) => {
      for (const f of found) {
        st.slots[f.slot] = { version: f.version, image: f.image, port: f.port, startedAt: f.created }
        st.images[f.version] = f.image
      }
      const other = found.find((f) => f.slot !== stable.slot && weight(f) > 0)
      st.routed = other ? { stable: stable.slot, canary: other.slot, weight: Math.round((100 * weight(other)) / (weight(other) + weight(stable))) } : { stable: stable.slot, canary: null, weight: 0 }
    })
    if (this.router || this.hostRouter) await this.route(stable.slot, null, 0)
    this.deps.log.info(`Read from the containers' labels: ${found.map((f) => `${f.version} in ${this.slotProject(f.slot)}`).join(', ')}; ${stable.version} serves.`)
    return { schema: 1, environment: this.deps.environment.name, stable: { version: stable.version, recordId: 'from-labels' }, canary: null, records: [] }
  }

  async canaryEndpoint(): Promise<Endpoint | undefined> {
    if (this.router) return { url: `${this.router.baseUrl}/`, headers: { [ROUTE_HEADER]: 'canary' } }
    if (this.hostRouter) return { url: `${await this.hostRouter.reach()}/`, headers: { [ROUTE_HEADER]: 'canary' } }
    const st = this.state()
    const canary = st.routed.canary ? st.slots[st.routed.canary] : undefined
    return canary ? { url: `http://${await this.reach(canary.port, 'canary release')}/`, headers: {} } : undefined
  }

  async stableEndpoint(): Promise<Endpoint | undefined> {
    if (this.router) return { url: `${this.router.baseUrl}/`, headers: { [ROUTE_HEADER]: 'stable' } }
    if (this.hostRouter) return { url: `${await this.hostRouter.reach()}/`, headers: { [ROUTE_HEADER]: 'stable' } }
    const st = this.state()
    const stable = st.routed.stable ? st.slots[st.routed.stable] : undefined
    return stable ? { url: `http://${await this.reach(stable.port, 'stable release')}/`, headers: {} } : undefined
  }

  /**
   * Where the runner reaches a slot's published port: directly, or over SSH through the host's connection
   * (the port is the host's own, never opened to the runner).
   */
  private async reach(port: number, what: string): Promise<string> {
    const address = `${this.host()}:${port}`
    const host = this.sshHost
    if (!host) return address
    return host.forward(address, 30_000, (local) => this.deps.log.info(`Probes reach the ${what} at ${address} on ${host.label} through the SSH connection (${local} on the runner).`))
  }

  private publicUrl(): string | undefined {
    return this.router?.baseUrl
  }

  /** Where slots are published: 127.0.0.1, or the host of nginx's addresses. */
  private host(): string {
    return this.nginx ? this.nginx.stable.replace(/:\d+$/, '') : '127.0.0.1'
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

  /**
   * Starts a release in a slot and waits for it: `up -d --wait` (the containers' healthchecks), then the
   * health path for minReady. A release that does not get there is taken down and the error says why,
   * with each container's state, exit code and last log lines.
   */
  private async startSlot(slot: SlotName, version: string, image: string, timeoutMs: number): Promise<void> {
    const before = this.state()
    // Never start over a slot that still takes traffic: the router leaves it first.
    if (before.routed.canary === slot) await this.route(before.routed.stable, null, 0)
    if (before.slots[slot]) await this.down(slot, true)
    const port = await this.slotPort(slot)
    mkdirSync(this.overrideDir, { recursive: true })
    writeFileSync(this.overridePath(slot), this.overrideFile(slot, version, image, port))
    this.update((s) => {
      s.slots[slot] = { version, image, port, startedAt: new Date().toISOString(), starting: true }
      s.images[version] = image
      const names = Object.keys(s.images)
      for (const old of names.slice(0, Math.max(0, names.length - MAX_IMAGES))) delete s.images[old]
    })
    const deadline = Date.now() + timeoutMs
    const seconds = Math.max(1, Math.ceil(timeoutMs / 1000))
    this.deps.log.info(`Starting ${version} (${image}) as ${this.slotProject(slot)}: docker compose up --wait for ${this.services.join(', ')} (up to ${formatDuration(timeoutMs)}).`)
    const up = await this.docker.compose(this.slotCompose(slot), ['up', '--detach', '--wait', '--wait-timeout', String(seconds), '--no-deps', '--no-build', '--pull', 'missing', '--remove-orphans', ...this.services], timeoutMs + 30_000, 'docker compose up')
    if (up.code !== 0) {
      const text = `${up.stderr}\n${up.stdout}`
      const pull = /pull access denied|manifest unknown|not found|no such image|repository does not exist|failed to resolve reference/i.test(text) && !/unhealthy|exited/i.test(text)
      const digest = await this.digest(slot)
      await this.down(slot, false)
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
  }

  private async waitHealthy(slot: SlotName, version: string, port: number, deadline: number): Promise<void> {
    const minReadyMs = parseDuration(this.cfg.minReady ?? DEFAULT_MIN_READY, 'compose.minReady')
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
    await this.down(slot, false)
    throw new GlidepathError('GP-COMPOSE-005', `Release ${version} did not answer ${this.cfg.health} with 2xx in time (${last}); it was taken down and the previous version keeps serving.\n${digest}`, {
      fix: `Make ${this.cfg.health} answer 2xx once the app is ready (compose.health), or raise the timeout.`,
    })
  }

  private async healthy(slot: ComposeSlot): Promise<boolean> {
    try {
      const res = await httpRequest(`http://${await this.reach(slot.port, 'standby slot')}${this.cfg.health ?? '/'}`, { timeoutMs: 2000 })
      return this.cfg.health ? res.status >= 200 && res.status < 300 : res.status < 500
    } catch {
      return false
    }
  }

  /** Each container of a slot: state, health, exit code and last log lines (for an error message). */
  digest(slot: SlotName): Promise<string> {
    return this.docker.digest(this.slotCompose(slot))
  }

  /** Takes a slot down. With `drain`, requests it still has in flight through the router finish first. */
  private async down(slot: SlotName, drain: boolean): Promise<void> {
    const s = this.state().slots[slot]
    if (drain && s && this.router) await this.router.drain(`http://127.0.0.1:${s.port}`, DRAIN_TIMEOUT_MS)
    if (drain && s && this.hostRouter) await this.hostRouter.drain(`http://127.0.0.1:${s.port}`, DRAIN_TIMEOUT_MS)
    await this.docker.down(this.slotCompose(slot))
    this.update((st) => {
      delete st.slots[slot]
      if (st.routed.canary === slot) st.routed = { ...st.routed, canary: null, weight: 0 }
    })
    rmSync(this.overridePath(slot), { force: true })
  }

  /** nginx in front of the slots: stable's address is the stable slot's, canary's the canary slot's. */
  private nginxRouter(st: ComposeState, stable: SlotName | null, canary: SlotName | null): NginxRouter {
    const nginx = this.nginx as NonNullable<ComposeProvider['nginx']>
    const address = (slot: SlotName | null) => (slot ? `${this.host()}:${st.slots[slot]?.port}` : nginx.stable)
    const timeoutMs = this.deps.environment.timeoutMs
    return new NginxRouter({ ...nginx, stable: address(stable), canary: address(canary ?? stable), cohorts: cohortsOf(this.deps.environment.config.canary) }, { cwd: this.deps.workspace, env: this.deps.env, timeoutMs, log: (m) => this.deps.log.info(m), host: this.sshHost ? sshNginxHost(this.sshHost, timeoutMs) : undefined })
  }

  /** The router's counters: the local router's, or nginx's access log with the slots' addresses as they are routed now. */
  routerCounters(): RouterCounters | undefined {
    if (this.router) return this.router
    if (this.hostRouter) return this.hostRouter
    if (!this.nginx?.accessLog) return undefined
    return { stats: (windowSeconds, versions) => {
      const st = this.state()
      return this.nginxRouter(st, st.routed.stable, st.routed.canary).stats(windowSeconds, versions)
    } }
  }

  /** Points the router at the slots: `stable` gets 100 - weight, `canary` weight. */
  private async route(stable: SlotName | null, canary: SlotName | null, weight: number): Promise<void> {
    const st = this.state()
    const backend = (slot: SlotName | null) => {
      const s = slot ? st.slots[slot] : undefined
      return s ? { version: s.version, url: `http://127.0.0.1:${s.port}` } : null
    }
    if (this.router) {
      await this.router.ensureRunning((m) => this.deps.log.info(m))
      await this.router.apply({ stable: backend(stable), canary: backend(canary), weight: canary ? weight : 0 })
    } else if (this.hostRouter) {
      await this.hostRouter.apply({ stable: backend(stable), canary: backend(canary), weight: canary ? weight : 0 })
    } else if (this.nginx) {
      const version = (slot: SlotName | null) => (slot ? st.slots[slot]?.version ?? null : null)
      await this.nginxRouter(st, stable, canary).setWeight(canary ? weight : 0, { stable: version(stable), canary: version(canary) })
    }
    this.update((s) => { s.routed = { stable, canary, weight: canary ? weight : 0 } })
  }
}
