import { existsSync, readFileSync, writeFileSync, mkdirSync, readdirSync, openSync, fstatSync, readSync, closeSync } from 'node:fs'
import { dirname } from 'node:path'
import { GlidepathError } from '../errors/index.js'
import { runCommand } from '../process/run.js'
import { sleep } from '../time/duration.js'
import type { TrafficRouter } from './types.js'
import { affinityCookie, versionTag, type Cohorts } from './cohorts.js'
import type { SshHost } from '../ssh/host.js'
import { accessLogStats, type AddressRoles } from './nginx-log.js'
import type { WindowStats } from './local/window.js'

// Hosts behind nginx (SPEC 3.1): Glidepath owns one upstream block in its own file. A change writes the
// file, checks it with `nginx -t` and reloads; if either fails the previous file is put back (and
// reloaded), so the old weights keep serving, and the step fails with the nginx output.

export interface NginxRouterConfig {
  upstream: string
  file: string
  stable: string
  canary: string
  test?: string
  reload?: string
  /** Time for nginx's old workers to stop taking new connections after a reload, in milliseconds (traffic.nginx.settle; default 500). */
  settleMs?: number
  /**
   * nginx's pid file. When it can be read, a reload is confirmed instead of waited out: every old
   * worker has been told to stop (or is gone) and a new one runs; `settle` is then only the upper bound.
   */
  pidFile?: string
  /**
   * With canary.affinity or match: the file Glidepath writes for the user's `location` to include (the
   * proxy_pass by cohort and the affinity cookie). The upstream file then holds the cohort maps too.
   */
  location?: string
  /** The internal URI of mirrored requests: it must fall under the including location's prefix. */
  mirrorPath?: string
  cohorts?: Cohorts
  /** nginx's access log in Glidepath's format (NGINX_LOG_FORMAT): `source: local` reads its counters from it. */
  accessLog?: string
}

/** How much of the access log's end is read for a window (a busy host writes about 50 bytes a request). */
const LOG_TAIL_BYTES = 16 * 1024 * 1024

/** The worker processes of an nginx master, and whether each is shutting down (after a reload). */
function nginxWorkers(masterPid: number): Array<{ pid: number; shuttingDown: boolean }> {
  const out: Array<{ pid: number; shuttingDown: boolean }> = []
  let entries: string[]
  try {
    entries = readdirSync('/proc')
  } catch {
    return out
  }
  for (const entry of entries) {
    if (entry.charCodeAt(0) > 57) continue
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8')
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) !== masterPid) continue
      const title = readFileSync(`/proc/${entry}/cmdline`, 'utf8')
      if (!title.includes('worker process')) continue
      out.push({ pid: Number(entry), shuttingDown: title.includes('shutting down') })
    } catch { /* gone meanwhile */ }
  }
  return out
}

function renderUpstream(cfg: NginxRouterConfig, weight: number, versions: { stable: string | null; canary: string | null }): string {
  // nginx weights are at least 1, so 0% and 100% leave the other server out instead.
  const lines = [`# Managed by Glidepath: do not edit. Canary ${versions.canary ?? '(none)'} at ${weight}%, stable ${versions.stable ?? '(none)'}.`, `upstream ${cfg.upstream} {`]
  if (weight < 100) lines.push(`    server ${cfg.stable} weight=${100 - weight};`)
  if (weight > 0) lines.push(`    server ${cfg.canary} weight=${weight};`)
  lines.push('}', '')
  if (cfg.cohorts && cfg.location) lines.push(...renderCohortMaps(cfg, cfg.cohorts, weight, versions))
  return lines.join('\n')
}

/** nginx variable names of one upstream's cohort maps (glidepath_<upstream>_...). */
const nginxVariable = (upstream: string, name: string) => `glidepath_${upstream.replace(/[^A-Za-z0-9_]/g, '_')}_${name}`
const regexEscape = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')
/** A map key matching one cookie at exactly one value in a Cookie header. */
const cookieKey = (name: string, value: string) => `"~(?:^|;\\s*)${regexEscape(name)}=${regexEscape(value)}(?:;|$)"`

/**
 * The cohort rules of cohorts.ts as nginx http-level maps (OSS nginx, no commercial module): a client's
 * cookie naming the stable or canary version keeps it there; a new one is split at the weight by
 * split_clients on $request_id and given the cookie; a match rule sends its cohort to the canary. The
 * location file proxies to <upstream>__stable or __canary by the result.
 */
function renderCohortMaps(cfg: NginxRouterConfig, cohorts: Cohorts, weight: number, versions: { stable: string | null; canary: string | null }): string[] {
  const v = (name: string) => `$${nginxVariable(cfg.upstream, name)}`
  const lines = [
    `upstream ${cfg.upstream}__stable { server ${cfg.stable}; }`,
    `upstream ${cfg.upstream}__canary { server ${versions.canary ? cfg.canary : cfg.stable}; }`,
  ]
  // No canary: everyone on stable. All on the canary (a promotion replacing the stable address): everyone
  // there, whatever their cookie says.
  if (!versions.canary || weight >= 100) {
    lines.push(`map $host ${v('route')} { default ${versions.canary ? 'canary' : 'stable'}; }`, `map $host ${v('cookie')} { default ""; }`)
    if (cohorts.mirror) lines.push(`map $host ${v('mirror')} { default ""; }`)
    lines.push('')
    return lines
  }
  if (cohorts.mirror) lines.push(`split_clients "\${request_id}mirror" ${v('mirror')} {`, `    ${cohorts.mirror.weight}% 1;`, '    * "";', '}')
  lines.push(`split_clients "\${request_id}" ${v('new')} {`)
  if (weight > 0 && weight < 100) lines.push(`    ${weight}% canary;`)
  lines.push('    * stable;', '}')
  const affinity = cohorts.affinity
  if (affinity) {
    lines.push(`map $http_cookie ${v('sticky')} {`, `    default new_${v('new')};`, `    ${cookieKey(affinity.cookie, versionTag(versions.canary))} canary;`)
    if (versions.stable) lines.push(`    ${cookieKey(affinity.cookie, versionTag(versions.stable))} stable;`)
    lines.push('}')
    lines.push(`map ${v('sticky')} ${v('pick')} { new_canary canary; new_stable stable; default ${v('sticky')}; }`)
    const set = (version: string) => `"${affinityCookie(affinity, version)}"`
    lines.push(`map ${v('sticky')} ${v('cookie')} { new_canary ${set(versions.canary)}; ${versions.stable ? `new_stable ${set(versions.stable)}; ` : ''}default ""; }`)
  } else {
    lines.push(`map $host ${v('pick')} { default ${v('new')}; }`, `map $host ${v('cookie')} { default ""; }`)
  }
  const matchVars = cohorts.match.map((rule, i) => {
    const name = v(`match${i}`)
    if (rule.header) lines.push(`map $http_${rule.header.name.toLowerCase().replace(/-/g, '_')} ${name} { "${rule.header.value}" canary; default ""; }`)
    else if (rule.cookie) lines.push(`map $http_cookie ${name} { ${cookieKey(rule.cookie.name, rule.cookie.value)} canary; default ""; }`)
    return name
  })
  if (matchVars.length) lines.push(`map "${matchVars.join('')}" ${v('route')} { "" ${v('pick')}; default canary; }`, '')
  else lines.push(`map $host ${v('route')} { default ${v('pick')}; }`, '')
  return lines
}

/** What the user's location includes: the proxy_pass by cohort and the affinity cookie for new clients. */
function renderLocation(cfg: NginxRouterConfig): string {
  const v = (name: string) => `$${nginxVariable(cfg.upstream, name)}`
  const lines = [
    `# Managed by Glidepath: do not edit. Include it in the location that proxies to ${cfg.upstream}, in place of its proxy_pass.`,
    `proxy_pass http://${cfg.upstream}__${v('route')};`,
    `add_header Set-Cookie ${v('cookie')} always;`,
  ]
  const mirror = cfg.cohorts?.mirror
  if (mirror) {
    // Copies of the requests stable serves, at the mirror weight and of the listed methods only, go to the
    // canary through a nested internal location; nginx discards their answers. The mirror path must fall
    // under the including location's prefix (nginx -t says so otherwise, and nothing changes).
    const path = mirrorPath(cfg)
    lines.push(
      `mirror ${path};`,
      `location ${path} {`,
      '    internal;',
      `    if (${v('mirror')} = "") { return 204; }`,
      `    if (${v('route')} = canary) { return 204; }`,
      // limit_except would not apply: nginx skips the access phase for subrequests.
      `    if ($request_method !~ ^(${mirror.methods.join('|')})$) { return 204; }`,
      '    proxy_set_header x-glidepath-mirror 1;',
      `    proxy_pass http://${cfg.upstream}__canary$request_uri;`,
      '}',
    )
  }
  lines.push('')
  return lines.join('\n')
}

/** The internal URI mirrored requests take (under `location /` by default; set traffic.nginx.mirrorPath otherwise). */
export const mirrorPath = (cfg: NginxRouterConfig) => cfg.mirrorPath ?? `/.glidepath-mirror/${cfg.upstream}`

/** Where nginx runs: this machine, or a host over SSH (its files and commands there). */
export interface NginxHost {
  read(path: string): Promise<string | undefined>
  write(path: string, content: string): Promise<void>
  run(command: string, label: string): Promise<{ ok: boolean; output: string }>
  /** The last `bytes` of a file and the host's clock when it was read (empty when it does not exist). */
  tail(path: string, bytes: number): Promise<{ text: string; nowMs: number }>
  /** Whether nginx's workers show in this machine's /proc (a reload is then confirmed, not waited out). */
  readonly local: boolean
}

function localNginxHost(deps: { cwd: string; env: Record<string, string>; timeoutMs: number }): NginxHost {
  return {
    local: true,
    read: async (path) => (existsSync(path) ? readFileSync(path, 'utf8') : undefined),
    tail: async (path, bytes) => {
      const nowMs = Date.now()
      if (!existsSync(path)) return { text: '', nowMs }
      const fd = openSync(path, 'r')
      try {
        const size = fstatSync(fd).size
        const length = Math.min(size, bytes)
        const buffer = Buffer.alloc(length)
        readSync(fd, buffer, 0, length, size - length)
        return { text: buffer.toString('utf8'), nowMs }
      } finally {
        closeSync(fd)
      }
    },
    write: async (path, content) => {
      mkdirSync(dirname(path), { recursive: true })
      writeFileSync(path, content)
    },
    run: async (command, label) => {
      const result = await runCommand(command, { cwd: deps.cwd, env: deps.env, timeoutMs: Math.min(deps.timeoutMs, 60_000), label })
      return { ok: result.code === 0, output: result.output.trim() }
    },
  }
}

export function sshNginxHost(host: SshHost, timeoutMs: number): NginxHost {
  const limit = Math.min(timeoutMs, 60_000)
  return {
    local: false,
    read: (path) => host.readFile(path, limit),
    tail: async (path, bytes) => {
      // The host's clock first, in the same call: the log's times are the host's.
      const r = await host.capture('date +%s%3N; [ -f "$1" ] && tail -c "$2" "$1"; exit 0', [path, String(bytes)], limit, `read ${path}`)
      const nl = r.stdout.indexOf('\n')
      const nowMs = Number(r.stdout.slice(0, nl))
      if (r.code !== 0 || !Number.isFinite(nowMs)) throw new Error(`could not read ${path} on ${host.label}: ${r.stderr.trim() || `exit ${r.code}`}`)
      return { text: r.stdout.slice(nl + 1), nowMs }
    },
    write: (path, content) => host.writeFile(path, content, limit),
    run: async (command, label) => {
      const result = await host.run(command, { timeoutMs: limit, label })
      return { ok: result.code === 0, output: result.output.trim() }
    },
  }
}

const DEFAULT_SETTLE_MS = 500

export class NginxRouter implements TrafficRouter {
  readonly name = 'nginx'
  private readonly host: NginxHost

  /**
   * `fence`: throws when this run no longer holds the environment's lock (flows/target.ts); checked right
   * before the file is written and right before nginx reloads, so a run whose lock was taken over changes
   * no traffic, even one part-way through a weight change when the other run took over.
   */
  constructor(private readonly cfg: NginxRouterConfig, private readonly deps: { cwd: string; env: Record<string, string>; timeoutMs: number; log: (m: string) => void; host?: NginxHost; fence?: () => void }) {
    this.host = deps.host ?? localNginxHost(deps)
  }

  private run(label: 'test' | 'reload', command: string): Promise<{ ok: boolean; output: string }> {
    return this.host.run(command, `nginx ${label}`)
  }

  async setWeight(weight: number, versions: { stable: string | null; canary: string | null }): Promise<void> {
    const { file } = this.cfg
    const previous = await this.host.read(file)
    const next = renderUpstream(this.cfg, weight, versions)
    const location = this.cfg.cohorts && this.cfg.location
    const previousLocation = location ? await this.host.read(location) : undefined
    this.deps.fence?.()
    await this.host.write(file, next)
    if (location) await this.host.write(location, renderLocation(this.cfg))
    const restore = async () => {
      await this.host.write(file, previous ?? renderUpstream(this.cfg, 0, versions))
      if (location && previousLocation !== undefined) await this.host.write(location, previousLocation)
    }
    const test = await this.run('test', this.cfg.test ?? 'nginx -t')
    if (!test.ok) {
      await restore()
      throw new GlidepathError('GP-ROUTER-002', `nginx rejected the new upstream (${this.cfg.test ?? 'nginx -t'}); the previous weights keep serving:\n${test.output}`, {
        fix: `Check the stable/canary addresses and that ${file} is included inside an http block.`,
      })
    }
    const master = this.masterPid()
    const oldWorkers = master ? nginxWorkers(master).filter((w) => !w.shuttingDown).map((w) => w.pid) : []
    try {
      this.deps.fence?.()
    } catch (e) {
      // The lock was taken over while the file was written: it goes back, unless the new holder wrote its own since.
      if ((await this.host.read(file)) === next) await restore()
      throw e
    }
    const reload = await this.run('reload', this.cfg.reload ?? 'nginx -s reload')
    if (!reload.ok) {
      await restore()
      await this.run('reload', this.cfg.reload ?? 'nginx -s reload')
      throw new GlidepathError('GP-ROUTER-002', `nginx did not reload (${this.cfg.reload ?? 'nginx -s reload'}); the previous weights keep serving:\n${reload.output}`, {
        fix: 'Check that nginx is running and that this job may signal it (its pid file and user).',
      })
    }
    // `nginx -s reload` returns once the signal is sent; the master then starts new workers and tells
    // the old ones to stop accepting. Until then new connections may still see the old weights.
    await this.settled(master, oldWorkers, this.cfg.settleMs ?? DEFAULT_SETTLE_MS)
    this.deps.log(`nginx: upstream ${this.cfg.upstream} now sends ${weight}% to the canary (${this.cfg.canary}).`)
  }

  /**
   * nginx's counters over the last `windowSeconds`, per version, from its access log (traffic.nginx.accessLog):
   * requests answered at the stable address are the stable version's, at the canary address the canary's.
   */
  async stats(windowSeconds: number, versions: { stable: string | null; canary: string }): Promise<WindowStats[]> {
    const file = this.cfg.accessLog
    if (!file) throw new Error('traffic.nginx.accessLog is not set')
    const { text, nowMs } = await this.host.tail(file, LOG_TAIL_BYTES)
    // nginx logs the address it connected to: localhost as 127.0.0.1.
    const roles: AddressRoles = {}
    const add = (address: string, who: AddressRoles[string]) => { roles[address] = who; roles[address.replace(/^localhost:/, '127.0.0.1:')] = who }
    add(this.cfg.canary, { version: versions.canary, role: 'canary' })
    if (versions.stable && this.cfg.stable !== this.cfg.canary) add(this.cfg.stable, { version: versions.stable, role: 'stable' })
    return accessLogStats(text, nowMs, windowSeconds * 1000, roles)
  }

  /** The canary weight the managed upstream file was last written with (undefined when there is none). */
  async writtenWeight(): Promise<number | undefined> {
    return (await this.told())?.weight
  }

  /**
   * What nginx was last told, from the managed file's first line (the weight and both versions): what the
   * platform was configured with, kept with nginx, so it outlives a lost state file. Undefined when Glidepath
   * never wrote the file (or it cannot be read).
   */
  async told(): Promise<{ weight: number; stable: string | null; canary: string | null } | undefined> {
    let text: string | undefined
    try {
      text = await this.host.read(this.cfg.file)
    } catch {
      return undefined
    }
    const m = /^# Managed by Glidepath: do not edit\. Canary (\S+) at (\d+)%, stable (\S+)\.$/m.exec(text ?? '')
    if (!m) return undefined
    const version = (v: string) => (v === '(none)' ? null : v)
    return { canary: version(m[1]), weight: Number(m[2]), stable: version(m[3]) }
  }

  /**
   * nginx's master runs: false when its pid file (traffic.nginx.pidFile, else /run/nginx.pid when it exists)
   * names no live process; undefined where this machine cannot tell (nginx on a host over SSH, no pid file).
   */
  running(): boolean | undefined {
    if (!this.host.local) return undefined
    const file = this.cfg.pidFile ?? '/run/nginx.pid'
    if (!existsSync(file)) return this.cfg.pidFile ? false : undefined
    const pid = this.masterPid()
    if (!pid) return false
    try {
      process.kill(pid, 0)
      return true
    } catch (e) {
      return (e as NodeJS.ErrnoException).code === 'EPERM'
    }
  }

  private masterPid(): number | undefined {
    if (!this.host.local) return undefined
    const file = this.cfg.pidFile ?? '/run/nginx.pid'
    try {
      const pid = Number(readFileSync(file, 'utf8').trim())
      return pid > 0 ? pid : undefined
    } catch {
      return undefined
    }
  }

  /** Waits until every old worker stopped taking connections and a new one runs, or `maxMs` at most. */
  private async settled(master: number | undefined, oldWorkers: number[], maxMs: number): Promise<void> {
    const deadline = Date.now() + maxMs
    if (master && oldWorkers.length) {
      while (Date.now() < deadline) {
        const now = nginxWorkers(master)
        const fresh = now.some((w) => !w.shuttingDown && !oldWorkers.includes(w.pid))
        const oldAccepting = now.some((w) => !w.shuttingDown && oldWorkers.includes(w.pid))
        if (fresh && !oldAccepting) return
        await sleep(10)
      }
      return
    }
    await sleep(maxMs)
  }

  canaryEndpoint(): { url: string; headers: Record<string, string> } {
    return { url: `http://${this.cfg.canary}/`, headers: {} }
  }
}
