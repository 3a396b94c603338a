import { describe, it, expect, beforeAll, afterAll } from '@jest/globals'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { SshHost } from '../../shared/ssh/host.js'
import { startSshd, clientKey, type RealSshd, type ClientKey } from '../helpers/sshd.js'
import { freePort } from '../helpers/workspace.js'

// Glidepath's own operations on a host go through one shell session (shared/ssh/session.ts, issue 37)
// rather than an sshd session each: against a real OpenSSH server, what each operation gets back is
// what a call of its own would give, whatever it prints, and a session that dies or times out never
// takes the next operation with it.
let sshd: RealSshd
let key: ClientKey
let host: SshHost

beforeAll(async () => {
  key = clientKey()
  sshd = await startSshd('127.0.0.9', await freePort(), key.publicKey)
  host = new SshHost({ host: sshd.address, port: sshd.port, user: 'root' }, { GLIDEPATH_SSH_KEY: key.privateKey, GLIDEPATH_SSH_KNOWN_HOSTS: sshd.knownHosts }, mkdtempSync(join(tmpdir(), 'glidepath-session-')))
})
afterAll(() => {
  host?.closeSync()
  sshd?.stop()
})

describe('one shell session per host for Glidepath\'s own operations', () => {
  it('gives each operation its own stdout, stderr and exit code, with output that does not end in a newline or mimics a marker', async () => {
    const a = await host.capture('printf "no newline"; printf "err" >&2; exit 3', [], 10_000, 'a')
    expect({ code: a.code, stdout: a.stdout, stderr: a.stderr }).toEqual({ code: 3, stdout: 'no newline', stderr: 'err' })
    const b = await host.capture('printf "%s\\n" "__glidepath_0000_1__ 0" "$1"', ['quote \' " $HOME `x`'], 10_000, 'b')
    expect({ code: b.code, stdout: b.stdout }).toEqual({ code: 0, stdout: '__glidepath_0000_1__ 0\nquote \' " $HOME `x`\n' })
    // An operation that reads stdin gets its input, never the session's next commands.
    const c = await host.capture('cat; echo done', [], 10_000, 'c')
    expect(c.stdout).toBe('done\n')
    await host.writeFile('/tmp/glidepath-session-test/state.json', '{"a":1}\nline two\n', 10_000)
    expect(await host.readFile('/tmp/glidepath-session-test/state.json', 10_000)).toBe('{"a":1}\nline two\n')
    // exit in the script ends that operation alone.
    expect((await host.capture('exit 0', [], 10_000, 'd')).code).toBe(0)
    expect((await host.capture('echo still here', [], 10_000, 'e')).stdout).toBe('still here\n')
  })

  it('streams a run\'s lines as they come, and its output whole', async () => {
    const lines: string[] = []
    const r = await host.run('echo one; echo two >&2; printf three', { timeoutMs: 10_000, label: 'stream', own: true, onLine: (l) => lines.push(l) })
    expect(r.code).toBe(0)
    expect([...lines].sort()).toEqual(['one', 'three', 'two'])
  })

  it('a user\'s command has its output and exit code; a process it leaves holding its output never writes into a later answer', async () => {
    const lines: string[] = []
    const r = await host.run('echo out; echo err >&2; (sleep 1; echo stray) & exit 4', { timeoutMs: 10_000, label: 'command.deploy', onLine: (l) => lines.push(l) })
    expect(r.code).toBe(4)
    expect(lines).toEqual(expect.arrayContaining(['out', 'err', 'stray']))
    const bg = await host.run('(sleep 2; echo late) >/dev/null 2>&1 & echo quick', { timeoutMs: 10_000, label: 'command.deploy' })
    expect(bg.output).toBe('quick\n')
    expect(bg.durationMs).toBeLessThan(1500)
    expect((await host.capture('cat /etc/hostname >/dev/null; echo clean', [], 10_000, 'next')).stdout).toBe('clean\n')
    await new Promise((r) => setTimeout(r, 2200))
    expect((await host.capture('echo clean', [], 10_000, 'later')).stdout).toBe('clean\n')
    const missing = new SshHost({ host: sshd.address, port: sshd.port, user: 'root', dir: '/no/such/dir' }, { GLIDEPATH_SSH_KEY: key.privateKey, GLIDEPATH_SSH_KNOWN_HOSTS: sshd.knownHosts }, mkdtempSync(join(tmpdir(), 'glidepath-session-')))
    await expect(missing.run('echo never', { timeoutMs: 10_000, label: 'command.deploy' })).rejects.toMatchObject({ code: 'GP-SSH-004' })
    missing.closeSync()
  })

  it('runs many operations in one shell on the host, and operations side by side when one holds it', async () => {
    // What each operation's script was started from: one shell for all of them (a call each is started by
    // sshd, a session per call).
    const shells = new Set<string>()
    for (let i = 0; i < 10; i++) shells.add((await host.capture('mkdir -p /tmp/glidepath-session-test && echo "$PPID $(cat /proc/$PPID/comm)"', [], 10_000, `op ${i}`)).stdout.trim())
    expect(shells.size).toBe(1)
    expect([...shells][0]).toMatch(/^\d+ (sh|dash|bash)$/)
    const [slow, quick] = await Promise.all([
      host.capture('sleep 1; echo slow', [], 10_000, 'slow'),
      (async () => { await new Promise((r) => setTimeout(r, 100)); return host.capture('echo quick', [], 10_000, 'quick') })(),
    ])
    expect({ slow: slow.stdout, quick: quick.stdout }).toEqual({ slow: 'slow\n', quick: 'quick\n' })
  })

  it('an operation past its time fails as a call would, and the next one gets a new session', async () => {
    await expect(host.capture('sleep 5', [], 500, 'stuck')).rejects.toMatchObject({ code: 'GP-PROVIDER-005' })
    expect((await host.capture('echo after', [], 10_000, 'after')).stdout).toBe('after\n')
  })

  it('a dropped connection fails the operation in flight with the host named (GP-SSH-002), and the next one connects again', async () => {
    const inflight = host.capture('sleep 3; echo late', [], 10_000, 'dropped')
    await new Promise((r) => setTimeout(r, 500))
    sshd.dropConnections()
    await expect(inflight).rejects.toMatchObject({ code: 'GP-SSH-002' })
    // ssh's master goes with the connection; a moment later the next operation connects again.
    await new Promise((r) => setTimeout(r, 1000))
    expect((await host.capture('echo back', [], 10_000, 'back')).stdout).toBe('back\n')
  })
})

describe('a program kept running on the host for the run (ssh/channel.ts)', () => {
  // A stand-in for the agent: answers each request line with its id and its own pid; "slow" waits, "die" exits.
  const program = `process.stdin.setEncoding('utf8'); let b = ''
process.stdin.on('data', (c) => { b += c; let i; while ((i = b.indexOf('\\n')) >= 0) { const m = JSON.parse(b.slice(0, i)); b = b.slice(i + 1)
  if (m.die) process.exit(3)
  const answer = () => { process.stdout.write(JSON.stringify({ id: m.id, log: 'working' }) + '\\n'); process.stdout.write(JSON.stringify({ id: m.id, done: true, pid: process.pid, echo: m.echo }) + '\\n') }
  if (m.slowMs) setTimeout(answer, m.slowMs); else answer() } })`
  const ask = async (channel: ReturnType<SshHost['channel']>, fields: Record<string, unknown>, timeoutMs = 10_000) => {
    const lines: Array<Record<string, unknown>> = []
    await channel.request(fields, timeoutMs, 'test', (l) => lines.push(l))
    return lines
  }

  it('answers every request on one program started once, requests side by side each with their own lines', async () => {
    const channel = host.channel('exec node -e "$1"', { args: [program], label: 'test program' })
    const first = await ask(channel, { echo: 'a' })
    expect(first.map((l) => l.log ?? l.echo)).toEqual(['working', 'a'])
    const pids = new Set<unknown>([first.at(-1)?.pid])
    for (let i = 0; i < 20; i++) pids.add((await ask(channel, { echo: i })).at(-1)?.pid)
    expect(pids.size).toBe(1)
    // A slow request does not hold a quick one up; each gets its own answer.
    const [slow, quick] = await Promise.all([ask(channel, { echo: 'slow', slowMs: 800 }), ask(channel, { echo: 'quick' })])
    expect([slow.at(-1)?.echo, quick.at(-1)?.echo]).toEqual(['slow', 'quick'])
    channel.close()
  })

  it('a request past its time fails (GP-PROVIDER-005) and the next starts the program again; a program that dies fails what it had (GP-SSH-002)', async () => {
    const channel = host.channel('exec node -e "$1"', { args: [program], label: 'test program' })
    const before = (await ask(channel, {})).at(-1)?.pid
    await expect(ask(channel, { slowMs: 5000 }, 300)).rejects.toMatchObject({ code: 'GP-PROVIDER-005' })
    const after = (await ask(channel, {})).at(-1)?.pid
    expect(after).not.toBe(before)
    await expect(ask(channel, { die: true })).rejects.toMatchObject({ code: 'GP-SSH-002', message: expect.stringContaining('ended (exit 3) before it answered') })
    expect((await ask(channel, { echo: 'again' })).at(-1)?.echo).toBe('again')
    channel.close()
  })

  it('a directory that is not there is said as for any operation (GP-SSH-004)', async () => {
    const elsewhere = new SshHost({ host: sshd.address, port: sshd.port, user: 'root', dir: '/no/such/dir' }, { GLIDEPATH_SSH_KEY: key.privateKey, GLIDEPATH_SSH_KNOWN_HOSTS: sshd.knownHosts }, mkdtempSync(join(tmpdir(), 'glidepath-session-')))
    await expect(ask(elsewhere.channel('exec node -e "$1"', { args: [program], label: 'test program' }), {})).rejects.toMatchObject({ code: 'GP-SSH-004' })
    elsewhere.closeSync()
  })
})
