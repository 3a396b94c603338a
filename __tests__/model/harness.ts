import { spawn, type ChildProcess } from 'node:child_process'
import { Agent, request } from 'node:http'
import { writeFileSync, readFileSync, existsSync, mkdirSync, chmodSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { createWorkspace, freePort, releaseProcesses, ROOT, type TestWorkspace } from '../helpers/workspace.js'
import { startNginx, type RealNginx } from '../helpers/real-services.js'
import { run as deployAction } from '../../actions/deploy/src/main.js'
import { run as canaryStepAction } from '../../actions/canary-step/src/main.js'
import { run as rollbackAction } from '../../actions/rollback/src/main.js'
import { processAlive, killGroup } from '../../shared/process/run.js'
import { processesUnder, processEnv } from '../../shared/process/proc.js'
import type { EnvironmentState } from '../../shared/state/store.js'
import type { Kind } from './model.js'
import { LocalRouterClient } from '../../shared/traffic/local/client.js'
import { startSshd, clientKey, type RealSshd, type ClientKey } from '../helpers/sshd.js'
import { environmentSlug } from '../../shared/state/store.js'

/** The ssh flavour's host: its own loopback address; one client key for the whole run. */
const SSH_ADDRESS = '127.0.0.9'
let sshKey: ClientKey | undefined

// The real system under the model-based tests: one environment, either on the local provider (its
// real router and release processes) or on the command provider driving a real nginx, with a steady
// background load whose every answer is kept for the invariants.

export type Flavour = 'local' | 'nginx' | 'ssh'
export const ENV = 'model'
export type ActionName = 'deploy' | 'canary-step' | 'rollback'

export interface Sample {
  status: number | null
  /** The version the app says answered (x-version): absent when the router or nginx answered alone. */
  app: string | null
  error?: string
  /** Sent again on a fresh connection after the server closed the reused keep-alive one. */
  retried?: boolean
}

export interface ActionResult {
  outputs: Record<string, string>
  code: string
  failed: boolean
  log: string
}

/** Closed-loop background load: a few clients, keep-alive, each answer recorded. */
class Loader {
  private samples: Sample[] = []
  private running = true
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 4 })
  private readonly loops: Promise<void>[]

  constructor(private readonly url: string, private readonly retry: boolean, clients = 3) {
    this.loops = Array.from({ length: clients }, () => this.loop())
  }

  private async loop(): Promise<void> {
    while (this.running) {
      this.samples.push(await get(this.url, this.agent, 5000, this.retry))
      await new Promise((r) => setTimeout(r, 8))
    }
  }

  take(): Sample[] {
    const out = this.samples
    this.samples = []
    return out
  }

  async stop(): Promise<void> {
    this.running = false
    await Promise.all(this.loops)
    this.agent.destroy()
  }
}

/**
 * One GET. With `retry`, as a correct HTTP/1.1 client behind nginx makes it: a request whose connection
 * the server closed before answering (nginx closes its idle connections, kept-alive or just accepted,
 * when it reloads) is sent again once on a fresh connection, as RFC 9112 9.3.1 allows for idempotent
 * requests. Such retries are counted (`retried`); every other failure is a failure. The local router
 * closes no connection when its routes change, so its tests never retry.
 */
const FRESH = new Agent({ keepAlive: false })

export function get(url: string, agent?: Agent, timeoutMs = 5000, retry = false): Promise<Sample> {
  return new Promise((resolve) => {
    const req = request(url, { agent, timeout: timeoutMs }, (res) => {
      res.resume()
      res.on('end', () => resolve({ status: res.statusCode ?? null, app: (res.headers['x-version'] as string | undefined) ?? null }))
      res.on('error', (e) => resolve({ status: null, app: null, error: e.message }))
    })
    req.on('timeout', () => req.destroy(new Error('timeout')))
    req.on('error', (e: NodeJS.ErrnoException) => {
      if (retry && (e.code === 'ECONNRESET' || e.code === 'EPIPE')) {
        // On a fresh connection: the keep-alive agent may hold another idle socket that nginx closed too.
        void get(url, FRESH, timeoutMs, false).then((s) => resolve({ ...s, retried: true }))
        return
      }
      resolve({ status: null, app: null, error: e.code ?? e.message })
    })
    req.end()
  })
}

const KIND_BEHAVIOUR: Record<Kind, Record<string, unknown> | undefined> = {
  good: undefined,
  bad: { errorRate: 1 },
  dead: { healthStatus: 503 },
  slow: { delayMs: 500 },
  crash: { crashAfterHealthyMs: 100 },
}

const ANALYSIS = (source: string) => `      analysis:
        interval: 200ms
        metrics:
          - { name: errors, source: ${source}, metric: error-rate, max: 0.05${source === 'probe' ? ', requests: 8' : ''} }
          - { name: latency, source: ${source}, metric: latency-p95, max: 250ms${source === 'probe' ? ', requests: 8' : ''} }`

// The local flavour runs with affinity and a match cohort on: requests without the cookie or header (the
// load and the probes) are new clients each, so the weights hold as for a per-request split, while every
// routing decision goes through the cohort rules, across kills and races.
const CANARY = (source: string, cohorts = '') => `    canary:
      steps: [ {weight: 30, pause: 400ms}, {weight: 60, pause: 400ms}, {weight: 100} ]
      holdTimeout: 600ms
${cohorts}${ANALYSIS(source)}`
const COHORTS = `      affinity: { cookie: gp-model, maxAge: 10m }
      match: [ { header: { name: x-model-tester, value: "1" } } ]
`

export class ModelSystem {
  readonly ws: TestWorkspace
  readonly kinds: Record<string, Kind>
  url = ''
  private loader?: Loader
  private nginx?: RealNginx
  private runDir = ''
  private addresses = { stable: '', canary: '' }
  private children = new Set<ChildProcess>()
  private sshd?: RealSshd
  port = 0

  private constructor(readonly flavour: Flavour, kinds: Kind[]) {
    this.ws = createWorkspace()
    this.kinds = Object.fromEntries(kinds.map((k, i) => [`v${i}`, k]))
    mkdirSync(join(this.ws.dir, 'apps'))
    for (const [version, kind] of Object.entries(this.kinds)) this.ws.app(join('apps', version), KIND_BEHAVIOUR[kind])
  }

  static async create(flavour: Flavour, kinds: Kind[], opts: { load?: boolean } = {}): Promise<ModelSystem> {
    const sys = new ModelSystem(flavour, kinds)
    await sys.setup(opts.load ?? true)
    return sys
  }

  private async setup(load: boolean): Promise<void> {
    if (this.flavour === 'ssh') {
      // The local provider on a host over SSH: a real OpenSSH server, Glidepath's bundle put there by the
      // runner, the releases, the router, the lock and the state on the host.
      sshKey ??= clientKey()
      this.sshd = await startSshd(SSH_ADDRESS, await freePort(), sshKey.publicKey)
      this.port = await freePort()
      this.url = `http://${SSH_ADDRESS}:${this.port}/`
      this.ws.writeConfig(`version: 1
environments:
  ${ENV}:
    branches: [main]
    timeout: 8s
    lock: { timeout: 90s }
    local: { app: 'apps/{{version}}', start: node server.js, health: /health, port: ${this.port}, listen: ${SSH_ADDRESS}, minReady: 300ms }
    ssh: { user: root, host: ${SSH_ADDRESS}, port: ${this.sshd.port}, dir: ${this.sshd.home} }
${CANARY('local')}
`)
    } else if (this.flavour === 'local') {
      this.port = await freePort()
      this.url = `http://127.0.0.1:${this.port}/`
      this.ws.writeConfig(`version: 1
environments:
  ${ENV}:
    branches: [main]
    timeout: 3s
    lock: { timeout: 90s }
    local: { app: 'apps/{{version}}', start: node server.js, health: /health, port: ${this.port}, minReady: 300ms }
${CANARY('local', COHORTS)}
`)
    } else {
      this.runDir = join(this.ws.dir, 'run')
      mkdirSync(this.runDir)
      this.addresses = { stable: `127.0.0.1:${await freePort()}`, canary: `127.0.0.1:${await freePort()}` }
      this.nginx = await startNginx(ENV, `upstream ${ENV} { server ${this.addresses.stable}; }\n`)
      this.port = this.nginx.port
      this.url = `${this.nginx.url}/`
      this.writeScripts()
      this.ws.writeConfig(`version: 1
environments:
  ${ENV}:
    branches: [main]
    timeout: 6s
    lock: { timeout: 90s }
    command: { deploy: ./place.sh, stop: ./stop.sh, teardown: ./teardown.sh }
    traffic:
      router: nginx
      nginx:
        upstream: ${ENV}
        file: ${this.nginx.upstreamFile}
        stable: ${this.addresses.stable}
        canary: ${this.addresses.canary}
        test: ${this.nginx.testCommand}
        reload: ${this.nginx.reloadCommand}
        pidFile: ${this.nginx.pidFile}
        settle: 3s
${CANARY('probe')}
`)
    }
    if (load) this.loader = new Loader(this.url, this.flavour === 'nginx')
  }

  /** place.sh puts $GLIDEPATH_VERSION on $GLIDEPATH_ADDRESS, replacing (gracefully) what ran there. */
  private writeScripts(): void {
    const stopRole = (role: string) => `if [ -f "${this.runDir}/${role}.pid" ]; then
  pid=$(cat "${this.runDir}/${role}.pid")
  kill -TERM "$pid" 2>/dev/null || true
  for i in $(seq 1 200); do kill -0 "$pid" 2>/dev/null || break; sleep 0.05; done
  kill -KILL "$pid" 2>/dev/null || true
  rm -f "${this.runDir}/${role}.pid"
fi`
    const write = (name: string, body: string) => {
      writeFileSync(join(this.ws.dir, name), `#!/bin/sh\nset -e\n${body}\n`)
      chmodSync(join(this.ws.dir, name), 0o755)
    }
    writeFileSync(join(this.ws.dir, 'ready.mjs'), `// healthy (2xx, the right version) for 300 ms in a row within 2.5 s, else exit 1
const [address, version, pid] = process.argv.slice(2)
const deadline = Date.now() + 2500
let since
const alive = () => { try { process.kill(Number(pid), 0); return true } catch { return false } }
while (Date.now() < deadline) {
  let ok = false
  try { const r = await fetch('http://' + address + '/health', { signal: AbortSignal.timeout(500) }); const b = await r.json(); ok = r.ok && b.version === version } catch {}
  if (ok && alive()) { since ??= Date.now(); if (Date.now() - since >= 300) process.exit(0) } else since = undefined
  if (!alive()) break
  await new Promise((r) => setTimeout(r, 40))
}
try { process.kill(Number(pid), 'SIGKILL') } catch {}
console.error('version ' + version + ' did not become healthy on ' + address)
process.exit(1)
`)
    write('place.sh', `role="\${GLIDEPATH_ROLE:-stable}"
${stopRole('$role')}
cd "${join(this.ws.dir, 'apps')}/$GLIDEPATH_VERSION"
# No setsid: the app stays in this command's process group, so a run killed mid-placement leaves
# nothing behind that Glidepath's next run cannot stop (it stops the whole group of a dead run's command).
PORT="\${GLIDEPATH_ADDRESS##*:}" node server.js >> "${this.runDir}/$role.log" 2>&1 < /dev/null &
echo $! > "${this.runDir}/$role.pid"
exec node "${join(this.ws.dir, 'ready.mjs')}" "$GLIDEPATH_ADDRESS" "$GLIDEPATH_VERSION" "$(cat "${this.runDir}/$role.pid")"`)
    write('stop.sh', stopRole('canary'))
    write('teardown.sh', `${stopRole('canary')}\n${stopRole('stable')}`)
  }

  private env(): Record<string, string> {
    const ssh: Record<string, string> = this.sshd && sshKey ? { GLIDEPATH_SSH_KEY: sshKey.privateKey, GLIDEPATH_SSH_KNOWN_HOSTS: this.sshd.knownHosts } : {}
    return { GITHUB_WORKSPACE: this.ws.dir, GITHUB_REF: 'refs/heads/main', GITHUB_SHA: '0123456789abcdef0123456789abcdef01234567', ...ssh }
  }

  /** The environment's directory on the ssh flavour's host. */
  private get hostDir(): string {
    return join((this.sshd as RealSshd).home, '.glidepath', environmentSlug(ENV))
  }

  /** Process groups of the releases on the host, by version. */
  private hostReleases(): Array<{ version: string; pgid: number }> {
    return processesUnder(join(this.hostDir, 'releases')).map((p) => ({ version: p.relative.split('/')[0], pgid: p.pgid }))
  }

  private killHostRouter(): void {
    try { killGroup((JSON.parse(readFileSync(join(this.hostDir, 'router.pid'), 'utf8')) as { pid: number }).pid, 'SIGKILL') } catch { /* none */ }
  }

  /** Runs an action in this process (the memory runtime). */
  async run(action: ActionName, inputs: Record<string, string>): Promise<ActionResult> {
    const fn = action === 'deploy' ? deployAction : action === 'canary-step' ? canaryStepAction : rollbackAction
    const rt = await this.ws.run(fn, { environment: ENV, ...inputs }, this.env())
    return { outputs: rt.outputs, code: rt.outputs['error-code'] ?? '', failed: Boolean(rt.failed), log: rt.logs.map((l) => `${l.level}: ${l.message}`).join('\n') }
  }

  /** Runs an action as a child process (killable), the way the CLI runs it. */
  runChild(action: ActionName, inputs: Record<string, string>, killAfterMs?: number): Promise<ActionResult & { killed: boolean }> {
    const args = [join(ROOT, '__tests__/model/run-action.ts'), action, '--environment', ENV, '--workspace', this.ws.dir, '--json', ...Object.entries(inputs).flatMap(([k, v]) => [`--${k}`, v])]
    const loader = pathToFileURL(join(ROOT, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href
    const child = spawn(process.execPath, ['--import', loader, ...args], {
      cwd: this.ws.dir,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', GLIDEPATH_INTERNAL_SELF: process.env.GLIDEPATH_INTERNAL_SELF ?? '', ...this.env() },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    this.children.add(child)
    let out = ''
    let err = ''
    child.stdout?.on('data', (c) => (out += c))
    child.stderr?.on('data', (c) => (err += c))
    let killed = false
    const timer = killAfterMs === undefined ? undefined : setTimeout(() => { killed = true; child.kill('SIGKILL') }, killAfterMs)
    return new Promise((resolve) => {
      child.on('close', (status) => {
        clearTimeout(timer)
        this.children.delete(child)
        let outputs: Record<string, string> = {}
        try { outputs = JSON.parse(out) } catch { /* killed before it printed */ }
        resolve({ outputs, code: outputs['error-code'] ?? '', failed: status !== 0, log: err, killed })
      })
    })
  }

  state(): EnvironmentState | undefined {
    const file = join(this.ws.stateDir, ENV, 'state.json')
    if (!existsSync(file)) return undefined
    return JSON.parse(readFileSync(file, 'utf8')) as EnvironmentState
  }

  /** What the background load saw since the last call. */
  samples(): Sample[] {
    return this.loader?.take() ?? []
  }

  /** n requests at once-ish (a few at a time), for the version split. */
  async probe(n: number, concurrency = 20): Promise<Sample[]> {
    const agent = new Agent({ keepAlive: false })
    const out: Sample[] = []
    let sent = 0
    await Promise.all(Array.from({ length: concurrency }, async () => {
      while (sent < n) {
        sent++
        out.push(await get(this.url, agent, 5000, this.flavour === 'nginx'))
      }
    }))
    return out
  }

  /** The versions whose processes run for this environment. */
  async running(): Promise<string[]> {
    if (this.flavour === 'ssh') return [...new Set(this.hostReleases().map((r) => r.version))]
    if (this.flavour === 'local') {
      // One process group per release (its shell and the app share it).
      const groups = new Map(releaseProcesses(this.ws.stateDir).filter((p) => p.environment === ENV).map((p) => [p.pgid, p.version]))
      return [...groups.values()]
    }
    const out: string[] = []
    for (const role of ['stable', 'canary'] as const) {
      const s = await getJson(`http://${this.addresses[role]}/health`)
      if (s) out.push(s.version)
    }
    return out
  }

  /** Faults of the world: the router stopped (local flavour), a release's processes killed, the state file gone. */
  async stopRouter(): Promise<void> {
    if (this.flavour === 'ssh') return this.killHostRouter()
    await new LocalRouterClient(join(this.ws.stateDir, ENV), this.port).stop()
  }

  async killRelease(version: string): Promise<void> {
    if (this.flavour === 'ssh') {
      for (const pgid of new Set(this.hostReleases().filter((r) => r.version === version).map((r) => r.pgid))) try { process.kill(-pgid, 'SIGKILL') } catch { /* gone */ }
      return
    }
    if (this.flavour === 'nginx') {
      // The app placed on the address that serves this version (behind nginx the address is the release).
      for (const role of ['stable', 'canary'] as const) {
        const file = join(this.runDir, `${role}.pid`)
        if ((await getJson(`http://${this.addresses[role]}/health`))?.version !== version || !existsSync(file)) continue
        try { process.kill(Number(readFileSync(file, 'utf8').trim()), 'SIGKILL') } catch { /* gone */ }
      }
      return
    }
    const groups = new Set(releaseProcesses(this.ws.stateDir).filter((r) => r.environment === ENV && r.version === version).map((r) => r.pgid))
    for (const pgid of groups) {
      try { process.kill(-pgid, 'SIGKILL') } catch { /* gone */ }
    }
  }

  /** Every process of the environment gone at once (a host restarted): the router and each release, SIGKILLed, their pid files left. */
  restartHost(): void {
    if (this.flavour === 'ssh') {
      this.killHostRouter()
      for (const pgid of new Set(this.hostReleases().map((r) => r.pgid))) try { process.kill(-pgid, 'SIGKILL') } catch { /* gone */ }
      return
    }
    const file = join(this.ws.stateDir, ENV, 'router.pid')
    try { killGroup((JSON.parse(readFileSync(file, 'utf8')) as { pid: number }).pid, 'SIGKILL') } catch { /* none */ }
    for (const pgid of new Set(releaseProcesses(this.ws.stateDir).filter((r) => r.environment === ENV).map((r) => r.pgid))) {
      try { process.kill(-pgid, 'SIGKILL') } catch { /* gone */ }
    }
  }

  /** The environment's lock file removed by hand (what GP-LOCK-001's fix once suggested); true when there was one. */
  deleteLock(): boolean {
    const file = join(this.ws.stateDir, ENV, 'lock')
    const was = existsSync(file)
    rmSync(file, { force: true })
    return was
  }

  deleteState(): void {
    rmSync(join(this.ws.stateDir, ENV, 'state.json'), { force: true })
    // On a host over SSH the record lives there too: both are lost (a fresh runner, a wiped host directory).
    if (this.sshd) rmSync(join(this.hostDir, 'state.json'), { force: true })
  }

  /** The local router's process is alive (local flavour). */
  routerAlive(): boolean {
    const file = join(this.ws.stateDir, ENV, 'router.pid')
    if (!existsSync(file)) return false
    try {
      return processAlive((JSON.parse(readFileSync(file, 'utf8')) as { pid: number }).pid)
    } catch {
      return false
    }
  }

  /**
   * Local router processes of this environment other than the one its pid file names (local flavour),
   * once a router still starting (its starter killed) has had a moment to record itself or give up.
   * Routers are process group leaders (each is started detached); a router's own children (esbuild's
   * service, under tsx) share its directory and environment but are not routers.
   */
  async strayRouters(): Promise<number[]> {
    const dir = join(this.ws.stateDir, ENV)
    const routes = join(dir, 'router.json')
    const strays = () => {
      let recorded: number | undefined
      try { recorded = (JSON.parse(readFileSync(join(dir, 'router.pid'), 'utf8')) as { pid: number }).pid } catch { /* none */ }
      return processesUnder(dir).filter((p) => p.relative === '' && p.pid === p.pgid && p.pid !== recorded && processEnv(p.pid, 'GLIDEPATH_INTERNAL_ROUTER') === routes).map((p) => p.pid)
    }
    for (let i = 0; i < 60 && strays().length; i++) await new Promise((r) => setTimeout(r, 50))
    return strays()
  }

  async dispose(): Promise<void> {
    // Killed, then waited for: an action still running here could otherwise start a release after the
    // workspace's cleanup looked for processes (SIGKILL is delivered, not instant), and that release
    // would outlive the suite.
    const exited = [...this.children].map((c) => new Promise<void>((done) => {
      if (c.exitCode !== null || c.signalCode !== null) return done()
      c.once('exit', () => done())
    }))
    for (const c of this.children) c.kill('SIGKILL')
    await Promise.all(exited)
    await this.loader?.stop()
    if (this.runDir) for (const role of ['stable', 'canary']) {
      const f = join(this.runDir, `${role}.pid`)
      if (existsSync(f)) killGroup(Number(readFileSync(f, 'utf8').trim()), 'SIGKILL')
    }
    this.nginx?.stop()
    await this.ws.cleanup()
    if (this.sshd) {
      this.killHostRouter()
      for (const p of processesUnder(this.sshd.home)) try { process.kill(-p.pgid, 'SIGKILL') } catch { /* gone */ }
      this.sshd.stop()
    }
  }
}

async function getJson(url: string): Promise<{ version: string } | undefined> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(2000) })
    return res.ok ? ((await res.json()) as { version: string }) : undefined
  } catch {
    return undefined
  }
}
