import { mkdtempSync, writeFileSync, rmSync, existsSync, mkdirSync, chmodSync, readFileSync, createReadStream } from 'node:fs'
import { spawn, spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { tmpdir } from 'node:os'
import { GlidepathError } from '../errors/index.js'
import { runStreaming, runProgram, type CommandResult, type ProgramResult } from '../process/run.js'
import { freePort, listening } from '../http/ports.js'
import type { SshConfig } from '../config/types.js'
import { SshSession } from './session.js'
import { SshChannel } from './channel.js'

// A host reached over SSH (issue 24), with the OpenSSH client on the runner: the private key and the
// known hosts come from environment variables (secrets) by name, are written to a directory only this
// user can read and removed when the process ends. Host keys are verified: strict (the default) needs
// them given; accept-new trusts a host's key the first time and records it in the environment's state
// directory, refusing a changed one ever after. One multiplexed connection (ControlMaster) per host
// carries every command of a run, and Glidepath's own short operations (lock, state, directories) go
// through one shell on the host (ssh/session.ts) rather than a session each. Commands are trusted strings
// from the config; everything that varies per run travels as variables, single-quoted on the remote
// command line (never interpreted).

const DEFAULT_KEY_VARIABLE = 'GLIDEPATH_SSH_KEY'
const DEFAULT_KNOWN_HOSTS_VARIABLE = 'GLIDEPATH_SSH_KNOWN_HOSTS'
const CONNECT_TIMEOUT_S = 10
/** ssh exits 255 for its own failures (connection, authentication, host key); anything else is the command's. */
const SSH_FAILED = 255

/** A POSIX shell word: the value between single quotes, every quote closed, escaped and reopened. */
export const shellQuote = (value: string): string => `'${value.replace(/'/g, `'\\''`)}'`

const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/

/** The remote command line: variables as quoted assignments, then sh -c with the script and its arguments. */
export function remoteCommand(script: string, env: Record<string, string> = {}, args: string[] = [], cwd?: string): string {
  const assignments = Object.entries(env).map(([k, v]) => {
    if (!VARIABLE_NAME.test(k)) throw new Error(`not a variable name: ${k}`)
    return `${k}=${shellQuote(v)}`
  })
  const run = `env ${assignments.join(' ')} /bin/sh -c ${shellQuote(script)} glidepath ${args.map(shellQuote).join(' ')}`.replace(/\s+$/, '')
  return cwd ? `{ cd ${shellQuote(cwd)} 2>/dev/null || { echo ${NO_DIR} >&2; exit ${NO_DIR_EXIT}; }; } && ${run}` : run
}

/** How the remote line says ssh.dir is not there (an exit code and a word on stderr, so a command's own 97 is not taken for it). */
const NO_DIR = 'glidepath-no-such-dir'
const NO_DIR_EXIT = 97

export interface SshRunOptions {
  env?: Record<string, string>
  args?: string[]
  input?: string
  timeoutMs: number
  label: string
  onLine?: (line: string) => void
  registry?: { add(pid: number, label: string): void; remove(pid: number): void }
  /**
   * Glidepath's own script (its agent, never a user's command): its stdout and stderr stay apart in the
   * session. A user's command goes through a pipe of its own (ssh/session.ts).
   */
  own?: boolean
}

const live = new Set<SshHost>()
let exitHook = false

export class SshHost {
  private dir?: string
  private argv?: string[]
  private readonly forwards = new Map<string, string>()
  private session?: SshSession
  private readonly channels = new Set<SshChannel>()

  /**
   * `env`: where the key and known hosts variables are read (the runner's environment, never sent).
   * `recordDir`: where accept-new records the keys it trusted (the environment's state directory).
   */
  constructor(readonly cfg: SshConfig, private readonly env: Record<string, string | undefined>, private readonly recordDir: string) {}

  get user(): string {
    return this.cfg.user ?? 'root'
  }

  get label(): string {
    return `${this.user}@${this.cfg.host}${this.cfg.port && this.cfg.port !== 22 ? `:${this.cfg.port}` : ''}`
  }

  /** Checks the key and known hosts are there (before anything changes); prepares the connection files. */
  prepare(): string[] {
    if (this.argv) return this.argv
    const keyVar = this.cfg.key ?? DEFAULT_KEY_VARIABLE
    const knownVar = this.cfg.knownHosts ?? DEFAULT_KNOWN_HOSTS_VARIABLE
    const key = this.env[keyVar]
    if (!key?.trim()) {
      throw new GlidepathError('GP-SSH-001', `No SSH private key for ${this.label}: the variable ${keyVar} is empty or unset.`, {
        fix: `Pass the key from a secret: env: { ${keyVar}: \${{ secrets.DEPLOY_SSH_KEY }} } on the step (or name another variable in ssh.key).`,
      })
    }
    const policy = this.cfg.hostKeys ?? 'strict'
    const known = this.env[knownVar] ?? ''
    if (policy === 'strict' && !known.trim()) {
      throw new GlidepathError('GP-SSH-001', `No known host keys for ${this.label}: the variable ${knownVar} is empty or unset, and ssh.hostKeys is strict.`, {
        fix: `Put the host's key line (ssh-keyscan -p ${this.cfg.port ?? 22} ${this.cfg.host}, checked out of band) in a secret or variable passed as ${knownVar}, or set ssh.hostKeys: accept-new to trust it on first use (recorded, a changed key refused).`,
      })
    }
    const dir = mkdtempSync(join(tmpdir(), 'glidepath-ssh-'))
    chmodSync(dir, 0o700)
    const keyFile = join(dir, 'key')
    writeFileSync(keyFile, key.endsWith('\n') ? key : `${key}\n`, { mode: 0o600 })
    let knownFile = join(dir, 'known_hosts')
    if (policy === 'accept-new') {
      mkdirSync(this.recordDir, { recursive: true })
      knownFile = join(this.recordDir, 'ssh_known_hosts')
      const recorded = existsSync(knownFile) ? readFileSync(knownFile, 'utf8') : ''
      const missing = known.split('\n').filter((l) => l.trim() && !recorded.includes(l.trim()))
      if (missing.length) writeFileSync(knownFile, `${recorded}${recorded && !recorded.endsWith('\n') ? '\n' : ''}${missing.join('\n')}\n`, { mode: 0o600 })
    } else writeFileSync(knownFile, known.endsWith('\n') ? known : `${known}\n`, { mode: 0o600 })
    this.dir = dir
    this.argv = [
      '-F', '/dev/null',
      '-i', keyFile,
      '-o', 'IdentitiesOnly=yes',
      '-o', 'BatchMode=yes',
      '-o', `StrictHostKeyChecking=${policy === 'accept-new' ? 'accept-new' : 'yes'}`,
      '-o', `UserKnownHostsFile=${knownFile}`,
      '-o', 'GlobalKnownHostsFile=/dev/null',
      '-o', `ConnectTimeout=${CONNECT_TIMEOUT_S}`,
      '-o', 'ServerAliveInterval=5',
      '-o', 'ServerAliveCountMax=3',
      '-o', 'ControlMaster=auto',
      '-o', `ControlPath=${join(dir, 'cm')}`,
      '-o', 'ControlPersist=30',
      '-o', 'LogLevel=ERROR',
      '-p', String(this.cfg.port ?? 22),
      '-l', this.user,
    ]
    live.add(this)
    if (!exitHook) {
      exitHook = true
      process.once('exit', () => { for (const h of live) h.closeSync() })
    }
    return this.argv
  }

  /** Runs a script on the host; a failure of ssh itself (unreachable, key refused, host key) is an error. */
  async run(script: string, options: SshRunOptions): Promise<CommandResult> {
    const argv = this.prepare()
    const input = options.input !== undefined && !options.input.endsWith('\n') ? `${options.input}\n` : options.input
    // Glidepath's own scripts and users' commands alike through the session when it is free (a user's
    // command on a pipe of its own: ssh/session.ts), never a run whose process group must be registered.
    const session = !options.registry && SshSession.carries(input) ? this.freeSession(argv) : undefined
    if (session) {
      const r = await session.exec(remoteCommand(script, options.env, options.args, this.cfg.dir), input, options.timeoutMs, `${options.label} on ${this.label}`, options.onLine, !options.own)
      if (r.code === SSH_FAILED) this.fail(r.stderr)
      if (r.code === NO_DIR_EXIT && `${r.stdout}${r.stderr}`.includes(NO_DIR)) this.noDir()
      return { code: r.code, signal: r.signal, output: `${r.stdout}${r.stderr}`.slice(-8192), durationMs: r.durationMs }
    }
    const result = await runStreaming('ssh', [...argv, this.cfg.host, '--', remoteCommand(script, options.env, options.args, this.cfg.dir)], {
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/root' },
      cwd: tmpdir(),
      timeoutMs: options.timeoutMs,
      label: `${options.label} on ${this.label}`,
      input: options.input,
      registry: options.registry,
      onLine: options.onLine,
    })
    if (result.code === SSH_FAILED) this.fail(result.output)
    if (result.code === NO_DIR_EXIT && result.output.includes(NO_DIR)) this.noDir()
    return result
  }

  /**
   * A program of Glidepath's own kept running on the host for the run (its agent), spoken to in JSON
   * lines over the shared connection (ssh/channel.ts): started on the first request, in ssh.dir.
   */
  channel(script: string, options: { env?: Record<string, string>; args?: string[]; label: string }): SshChannel {
    const argv = this.prepare()
    const channel = new SshChannel(argv, this.cfg.host, remoteCommand(script, options.env, options.args, this.cfg.dir), `${options.label} on ${this.label}`, (code, said) => {
      try {
        if (code === SSH_FAILED) this.fail(said)
        if (code === NO_DIR_EXIT && said.includes(NO_DIR)) this.noDir()
      } catch (e) {
        return e as GlidepathError
      }
      return undefined
    })
    this.channels.add(channel)
    return channel
  }

  /** The host's shell session when no operation holds it (GLIDEPATH_SSH_SESSION=0: a call per operation, as before). */
  private freeSession(argv: string[]): SshSession | undefined {
    if (process.env.GLIDEPATH_SSH_SESSION === '0') return undefined
    this.session ??= new SshSession(argv, this.cfg.host)
    return this.session.idle ? this.session : undefined
  }

  private noDir(): never {
    throw new GlidepathError('GP-SSH-004', `The directory ${this.cfg.dir} (ssh.dir) does not exist on ${this.label}, or ${this.user} cannot enter it. Nothing was run there.`, {
      fix: `Create ${this.cfg.dir} on ${this.cfg.host} for ${this.user}, or correct ssh.dir (without it, commands run in the user's home).`,
    })
  }

  private fail(output: string): never {
    const said = output.trim().split('\n').filter(Boolean).slice(-3).join(' | ') || 'the connection was lost (ssh exited 255 with no message: the host closed it or the network dropped it)'
    if (/host key verification failed|REMOTE HOST IDENTIFICATION HAS CHANGED|No .*host key is known/i.test(output)) {
      throw new GlidepathError('GP-SSH-003', `The host key of ${this.label} is not trusted: ${said}. Nothing was run there.`, {
        fix: `If ${this.cfg.host} was rebuilt, check its new key out of band (ssh-keyscan -p ${this.cfg.port ?? 22} ${this.cfg.host}, compared with the host's own /etc/ssh/*.pub) and put it in the secret or variable passed as ${this.cfg.knownHosts ?? 'GLIDEPATH_SSH_KNOWN_HOSTS'}${this.cfg.hostKeys === 'accept-new' ? ', and remove its old line from the ssh_known_hosts Glidepath recorded in the state directory' : ''}; otherwise someone may be impersonating it.`,
      })
    }
    throw new GlidepathError('GP-SSH-002', `Could not run on ${this.label}: ${said}.`, {
      fix: `Check that ${this.cfg.host} is up and reachable from the runner on port ${this.cfg.port ?? 22}, that the key is authorised for ${this.user}, and the firewall.`,
    })
  }

  /** Writes a file on the host atomically (a temporary file renamed over it). */
  async writeFile(path: string, content: string, timeoutMs: number): Promise<void> {
    const r = await this.capture('mkdir -p "$(dirname "$1")" && cat > "$1.glidepath-tmp" && mv -f "$1.glidepath-tmp" "$1"', [path], timeoutMs, `write ${path}`, content)
    if (r.code !== 0) throw new GlidepathError('GP-SSH-002', `Could not write ${path} on ${this.label}: ${(r.stderr + r.stdout).trim() || `exit ${r.code}`}.`, { fix: `Check that ${this.user} may write ${path} on ${this.cfg.host}, and its free disk space.` })
  }

  /** A file's content on the host, undefined when it does not exist. */
  async readFile(path: string, timeoutMs: number): Promise<string | undefined> {
    const r = await this.capture('[ -f "$1" ] || exit 3; cat "$1"', [path], timeoutMs, `read ${path}`)
    if (r.code === 3) return undefined
    if (r.code !== 0) throw new GlidepathError('GP-SSH-002', `Could not read ${path} on ${this.label}: ${r.stderr.trim() || `exit ${r.code}`}.`, { fix: `Check that ${this.user} may read ${path} on ${this.cfg.host}.` })
    return r.stdout
  }

  /**
   * Runs one of Glidepath's own scripts and keeps its stdout apart (for what the host answers, not what it
   * logs): through the host's shell session when it is free and the input is text, else a call of its own
   * (an archive streamed in, or while the session is busy, as a lock renewal beside a state write).
   */
  async capture(script: string, args: string[], timeoutMs: number, label: string, input?: string | NodeJS.ReadableStream): Promise<ProgramResult> {
    const argv = this.prepare()
    const line = remoteCommand(script, {}, args, this.cfg.dir)
    const text = typeof input === 'object' ? undefined : input
    const session = typeof input !== 'object' && SshSession.carries(text) ? this.freeSession(argv) : undefined
    const r = session
      ? await session.exec(line, text, timeoutMs, `${label} on ${this.label}`)
      : await runProgram('ssh', [...argv, this.cfg.host, '--', line], { env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/root' }, timeoutMs, label: `${label} on ${this.label}`, input })
    if (r.code === SSH_FAILED) this.fail(r.stderr)
    if (r.code === NO_DIR_EXIT && r.stderr.includes(NO_DIR)) this.noDir()
    return r
  }

  /**
   * Puts a directory of the runner on the host (tar through the connection), replacing `remoteDir` whole
   * only once everything arrived: a connection lost or a disk full mid-way leaves the old one. `exclude`
   * takes tar patterns (a bare name matches at any depth).
   */
  async uploadDir(localDir: string, remoteDir: string, exclude: string[], timeoutMs: number): Promise<void> {
    const tar = spawn('tar', ['-cf', '-', ...exclude.map((e) => `--exclude=${e}`), '-C', localDir, '.'], { stdio: ['ignore', 'pipe', 'pipe'] })
    const tarDone = new Promise<{ code: number | null; stderr: string }>((done) => {
      let stderr = ''
      tar.stderr.on('data', (c: Buffer) => { stderr += c.toString() })
      tar.on('error', (e) => done({ code: -1, stderr: e.message }))
      tar.on('close', (code) => done({ code, stderr }))
    })
    const r = await this.capture('t="$1.glidepath-tmp"; rm -rf "$t" && mkdir -p "$t" && tar -xf - -C "$t" && touch "$t/.glidepath-complete" && rm -rf "$1" && mv "$t" "$1" || { rc=$?; rm -rf "$t"; exit $rc; }', [remoteDir], timeoutMs, `upload ${remoteDir}`, tar.stdout)
    const packed = await tarDone
    if (packed.code !== 0) throw new GlidepathError('GP-PROVIDER-004', `Could not pack ${localDir} for ${this.label}: ${packed.stderr.trim() || `tar exited ${packed.code}`}.`, { fix: `Check that tar is installed on the runner and ${localDir} is readable.` })
    if (r.code !== 0) this.uploadFailed(remoteDir, r)
  }

  /** Puts one file of the runner on the host (atomically, with mode 0755). */
  async uploadFile(localPath: string, remotePath: string, timeoutMs: number): Promise<void> {
    const r = await this.capture('mkdir -p "$(dirname "$1")" && cat > "$1.glidepath-tmp" && chmod 755 "$1.glidepath-tmp" && mv -f "$1.glidepath-tmp" "$1" || { rc=$?; rm -f "$1.glidepath-tmp"; exit $rc; }', [remotePath], timeoutMs, `upload ${remotePath}`, createReadStream(localPath))
    if (r.code !== 0) this.uploadFailed(remotePath, r)
  }

  private uploadFailed(path: string, r: ProgramResult): never {
    const said = r.stderr.trim().split('\n').slice(-2).join(' | ') || `exit ${r.code}`
    throw new GlidepathError('GP-SSH-002', `Could not put ${path} on ${this.label}: ${said}. What was there before is unchanged.`, {
      fix: /space|quota/i.test(said) ? `Free disk space on ${this.cfg.host} (df -h), then run again.` : `Check that ${this.user} may write ${path} on ${this.cfg.host}, and that tar is installed there.`,
    })
  }

  /**
   * A local address that reaches `remote` (host:port as the host sees it, usually 127.0.0.1:port) through
   * the shared connection: the runner probes a canary on the host without any port of the host being
   * open to it. The forward lives with the connection; a dead one is made again.
   */
  async forward(remote: string, timeoutMs: number, onNew?: (local: string) => void): Promise<string> {
    const known = this.forwards.get(remote)
    if (known && (await listening(known))) return known
    // The forward rides on the master connection: make sure it is up (a no-op when it is).
    const up = await this.capture('true', [], timeoutMs, 'connect')
    if (up.code !== 0) this.fail(up.stderr)
    const port = await freePort()
    const local = `127.0.0.1:${port}`
    const r = await runProgram('ssh', [...(this.argv as string[]), '-O', 'forward', '-L', `${local}:${remote}`, this.cfg.host], { env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/root' }, timeoutMs, label: `forward to ${remote} on ${this.label}` })
    if (r.code !== 0) {
      throw new GlidepathError('GP-SSH-002', `Could not reach ${remote} on ${this.label} through the SSH connection: ${r.stderr.trim() || `exit ${r.code}`}.`, {
        fix: `Check that sshd on ${this.cfg.host} allows TCP forwarding (AllowTcpForwarding yes or local) for ${this.user}.`,
      })
    }
    this.forwards.set(remote, local)
    onNew?.(local)
    return local
  }

  /**
   * The environment for a Docker CLI (and Compose) on the runner to drive this host's engine: DOCKER_HOST
   * ssh://, and first on PATH an `ssh` that is OpenSSH with this host's key, known hosts and shared
   * connection (docker runs `ssh ... docker system dial-stdio`, which then rides the multiplexed
   * connection). The host needs only sshd and Docker; its engine's socket is never exposed.
   */
  dockerEnv(path = process.env.PATH ?? '/usr/bin:/bin'): Record<string, string> {
    const argv = this.prepare()
    const bin = join(this.dir as string, 'bin')
    const wrapper = join(bin, 'ssh')
    if (!existsSync(wrapper)) {
      const real = path.split(':').map((d) => join(d, 'ssh')).find((f) => !f.startsWith(bin) && existsSync(f)) ?? 'ssh'
      mkdirSync(bin, { mode: 0o700 })
      writeFileSync(wrapper, `#!/bin/sh\nexec ${shellQuote(real)} ${argv.map(shellQuote).join(' ')} "$@"\n`, { mode: 0o700 })
    }
    return { DOCKER_HOST: `ssh://${this.user}@${this.cfg.host.includes(':') ? `[${this.cfg.host}]` : this.cfg.host}:${this.cfg.port ?? 22}`, PATH: `${bin}:${path}` }
  }

  /** Ends the shared connection and removes the key (also done when the process exits). */
  closeSync(): void {
    this.session?.close()
    this.session = undefined
    for (const c of this.channels) c.close()
    this.channels.clear()
    if (!this.dir) return
    spawnSync('ssh', ['-o', `ControlPath=${join(this.dir, 'cm')}`, '-O', 'exit', this.cfg.host], { stdio: 'ignore', timeout: 3000 })
    rmSync(this.dir, { recursive: true, force: true })
    this.dir = undefined
    this.argv = undefined
    this.forwards.clear()
    live.delete(this)
  }
}

