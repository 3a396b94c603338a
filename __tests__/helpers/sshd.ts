import { spawn, execFileSync, type ChildProcess } from 'node:child_process'
import { mkdtempSync, writeFileSync, readFileSync, rmSync, mkdirSync, existsSync } from 'node:fs'
import { join } from 'node:path'
import { processesUnder } from '../../shared/process/proc.js'
import { tmpdir } from 'node:os'
import { connect } from 'node:net'
import { freePort } from '../../shared/http/ports.js'
import { startNginx, killPlaced, type RealNginx } from './real-services.js'

// Real OpenSSH servers for the SSH suite (Debian's openssh-server): each on its own loopback address
// (127.0.0.2, .3, ...), with its own host key, config and authorized keys, run in the foreground as
// children of the test and stopped with it.

export const SSHD = ['/usr/sbin/sshd'].find(existsSync) ?? 'sshd'

export interface ClientKey {
  privateKey: string
  publicKey: string
}

export function clientKey(): ClientKey {
  const dir = mkdtempSync(join(tmpdir(), 'glidepath-sshkey-'))
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'glidepath-test', '-f', join(dir, 'id')])
  const key = { privateKey: readFileSync(join(dir, 'id'), 'utf8'), publicKey: readFileSync(join(dir, 'id.pub'), 'utf8') }
  rmSync(dir, { recursive: true, force: true })
  return key
}

export interface RealSshd {
  address: string
  port: number
  /** The known_hosts line for this server's host key. */
  knownHosts: string
  /** A directory on "the host" for its files (what ssh.dir points at). */
  home: string
  /** Starts it again with a new host key (a rebuilt host, or an impostor). */
  rekey(): Promise<void>
  /** Drops every open connection at once (a network cut): the per-connection sshd processes are killed. */
  dropConnections(): number
  stop(): void
}

function waitForPort(address: string, port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs
  return new Promise((resolve, reject) => {
    const attempt = () => {
      const socket = connect(port, address)
      socket.once('connect', () => { socket.destroy(); resolve() })
      socket.once('error', () => {
        socket.destroy()
        if (Date.now() > deadline) reject(new Error(`sshd on ${address}:${port} did not start`))
        else setTimeout(attempt, 50)
      })
    }
    attempt()
  })
}

/** `extra`: more sshd_config lines (SetEnv DOCKER_HOST=... gives the host's sessions the test's Docker engine). */
export async function startSshd(address: string, port: number, authorized: string, extra: string[] = []): Promise<RealSshd> {
  const prefix = mkdtempSync(join(tmpdir(), 'glidepath-sshd-'))
  const home = join(prefix, 'home')
  mkdirSync(home)
  mkdirSync('/run/sshd', { recursive: true })
  writeFileSync(join(prefix, 'authorized_keys'), authorized)
  const config = join(prefix, 'sshd_config')
  let child: ChildProcess | undefined
  let knownHosts = ''
  const start = async () => {
    rmSync(join(prefix, 'host_key'), { force: true })
    rmSync(join(prefix, 'host_key.pub'), { force: true })
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(prefix, 'host_key')])
    knownHosts = `[${address}]:${port} ${readFileSync(join(prefix, 'host_key.pub'), 'utf8').trim().split(' ').slice(0, 2).join(' ')}\n`
    writeFileSync(config, [
      `ListenAddress ${address}:${port}`,
      `HostKey ${join(prefix, 'host_key')}`,
      `PidFile ${join(prefix, 'sshd.pid')}`,
      `AuthorizedKeysFile ${join(prefix, 'authorized_keys')}`,
      'StrictModes no',
      'PermitRootLogin prohibit-password',
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'UsePAM no',
      'MaxSessions 64',
      'MaxStartups 64',
      ...extra,
      '',
    ].join('\n'))
    child = spawn(SSHD, ['-D', '-e', '-f', config], { stdio: ['ignore', 'ignore', 'pipe'] })
    child.stderr?.on('data', () => undefined)
    await waitForPort(address, port, 10_000)
  }
  const stopChild = async () => {
    if (!child || child.exitCode !== null) return
    const exited = new Promise((r) => child!.once('exit', r))
    child.kill('SIGTERM')
    await exited
  }
  await start()
  return {
    address,
    port,
    get knownHosts() { return knownHosts },
    home,
    rekey: async () => {
      await stopChild()
      await start()
    },
    dropConnections: () => {
      const listener = child?.pid
      if (!listener) return 0
      const sessions = execFileSync('ps', ['-o', 'pid=', '--ppid', String(listener)], { encoding: 'utf8' }).split('\n').map((l) => Number(l.trim())).filter(Boolean)
      for (const pid of sessions) {
        try { process.kill(pid, 'SIGKILL') } catch { /* gone */ }
      }
      return sessions.length
    },
    stop: () => {
      child?.kill('SIGTERM')
      // What the sessions left running on "the host" (releases, a router) goes with it.
      for (const p of processesUnder(prefix)) {
        try { process.kill(-p.pgid, 'SIGKILL') } catch { try { process.kill(p.pid, 'SIGKILL') } catch { /* gone */ } }
      }
      rmSync(prefix, { recursive: true, force: true })
    },
  }
}

/** Hosts for the act suites: each a real sshd on its own loopback address (from 127.0.0.`first`) with its own nginx in front of a stable and a canary port. */
export interface NginxHost {
  sshd: RealSshd
  nginx: RealNginx
  ports: { stable: number; canary: number }
}

export async function startNginxHosts(count: number, first: number, key: ClientKey): Promise<{ hosts: NginxHost[]; stop(): void }> {
  const hosts: NginxHost[] = []
  for (let i = 0; i < count; i++) {
    const sshd = await startSshd(`127.0.0.${first + i}`, await freePort(), key.publicKey)
    const ports = { stable: await freePort(), canary: await freePort() }
    hosts.push({ sshd, ports, nginx: await startNginx('app', `upstream app { server 127.0.0.1:${ports.stable}; }\n`) })
  }
  return {
    hosts,
    stop: () => {
      for (const h of hosts) {
        killPlaced(join(h.sshd.home, 'run'))
        h.sshd.stop()
        h.nginx.stop()
      }
    },
  }
}
