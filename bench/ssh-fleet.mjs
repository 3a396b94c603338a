#!/usr/bin/env node
// A rolling deploy of a fleet of hosts over SSH (issue 24): Glidepath's CLI (`glidepath deploy`, the
// command provider over OpenSSH, one wave per host: its lock, state and record kept on each host, one
// multiplexed connection per host) beside the same release done by plain ssh commands (one `ssh host
// 'command'` per host in a loop, what a deploy script does), in one run, for one host and for five, on
// real OpenSSH servers on loopback addresses. Glidepath both ways in the same run: its own operations
// through one shell session per host (ssh/session.ts, the default) and a call per operation
// (GLIDEPATH_SSH_SESSION=0, as before issue 37).
//   node --import tsx bench/ssh-fleet.mjs [--runs 5] [--hosts 1,5,20]
import { mkdtempSync, rmSync, writeFileSync, readFileSync, mkdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { spawnSync, spawn } from 'node:child_process'
import { startSshd, clientKey } from '../__tests__/helpers/sshd.ts'
import { freePort } from '../__tests__/helpers/workspace.ts'
import { machine, writeSection, root } from './lib/report.mjs'

const arg = (name, fallback) => { const i = process.argv.indexOf(`--${name}`); return i > 0 ? process.argv[i + 1] : fallback }
const RUNS = Number(arg('runs', '5'))
const SIZES = arg('hosts', '1,5,20').split(',').map(Number)
const MAX = Math.max(...SIZES)
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
const dir = mkdtempSync(join(tmpdir(), 'glidepath-bench-ssh-'))
const key = clientKey()
const hosts = []
for (let i = 0; i < MAX; i++) hosts.push(await startSshd(`127.0.0.${i + 2}`, await freePort(), key.publicKey))
const keyFile = join(dir, 'id')
writeFileSync(keyFile, key.privateKey, { mode: 0o600 })
const knownHosts = join(dir, 'known_hosts')
writeFileSync(knownHosts, hosts.map((h) => h.knownHosts).join(''))
const out = join(dir, 'versions')
mkdirSync(out)
// What one host's release is here: the version written where the host's app would read it.
const place = (target, version) => `printf '%s\\n' ${version} > ${out}/${target}.version`

function workspace(n, together) {
  const name = `${n}${together ? '-together' : ''}`
  const ws = join(dir, `ws-${name}`)
  for (const h of hosts.slice(0, n)) mkdirSync(join(h.home, `fleet-${name}`), { recursive: true })
  mkdirSync(join(ws, '.github'), { recursive: true })
  writeFileSync(join(ws, '.github', 'glidepath.yml'), `version: 1
environments:
  fleet:
    branches: [main]
    strategy: rolling
    timeout: 30s
    command: { deploy: 'printf "%s\\\\n" "$GLIDEPATH_VERSION" > ${out}/$GLIDEPATH_TARGET.version' }
    ssh: { user: root }
    targets:
${hosts.slice(0, n).map((h, i) => `      - name: host-${i + 1}
        ssh: { host: ${h.address}, port: ${h.port}, dir: ${h.home}/fleet-${name} }${together ? '\n        wave: 1' : ''}`).join('\n')}
`)
  return ws
}

function glidepath(ws, version, calls = false) {
  const r = spawnSync(process.execPath, [join(root, 'bin', 'glidepath.js'), 'deploy', '--environment', 'fleet', '--version', version, '--workspace', ws, '--json'], {
    cwd: ws, encoding: 'utf8', env: { PATH: process.env.PATH, HOME: process.env.HOME, GLIDEPATH_SSH_KEY: key.privateKey, GLIDEPATH_SSH_KNOWN_HOSTS: readFileSync(knownHosts, 'utf8'), ...(calls ? { GLIDEPATH_SSH_SESSION: '0' } : {}) },
  })
  if (r.status !== 0) throw new Error(`glidepath deploy failed: ${r.stderr.slice(-2000)}`)
}

const sshArgs = (i, version) => ['-i', keyFile, '-o', `UserKnownHostsFile=${knownHosts}`, '-o', 'StrictHostKeyChecking=yes', '-o', 'BatchMode=yes', '-p', String(hosts[i].port), `root@${hosts[i].address}`, place(`host-${i + 1}`, version)]

function plain(n, version) {
  for (let i = 0; i < n; i++) {
    const r = spawnSync('ssh', sshArgs(i, version), { encoding: 'utf8' })
    if (r.status !== 0) throw new Error(`ssh failed: ${r.stderr}`)
  }
}

async function plainTogether(n, version) {
  await Promise.all(Array.from({ length: n }, (_, i) => new Promise((resolve, reject) => {
    const child = spawn('ssh', sshArgs(i, version), { stdio: 'ignore' })
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`ssh to host ${i + 1} exited ${code}`))))
  })))
}

const check = (n, version) => {
  for (let i = 0; i < n; i++) if (readFileSync(join(out, `host-${i + 1}.version`), 'utf8').trim() !== version) throw new Error(`host-${i + 1} does not have ${version}`)
}

const rows = []
try {
  for (const n of SIZES) {
    const ws = workspace(n, false)
    const together = workspace(n, true)
    glidepath(ws, 'v0') // the first deploy (nothing to compare against) is not timed
    glidepath(together, 'v0')
    const t = { ours: [], together: [], calls: [], callsTogether: [], plain: [], plainTogether: [] }
    const timed = async (list, fn, version) => { const s = performance.now(); await fn(); list.push(performance.now() - s); check(n, version) }
    for (let run = 1; run <= RUNS; run++) {
      await timed(t.ours, () => glidepath(ws, `v${run}`), `v${run}`)
      await timed(t.together, () => glidepath(together, `w${run}`), `w${run}`)
      await timed(t.calls, () => glidepath(ws, `c${run}`, true), `c${run}`)
      await timed(t.callsTogether, () => glidepath(together, `d${run}`, true), `d${run}`)
      await timed(t.plain, () => plain(n, `p${run}`), `p${run}`)
      await timed(t.plainTogether, () => plainTogether(n, `q${run}`), `q${run}`)
    }
    rows.push({ n, ...Object.fromEntries(Object.entries(t).map(([k, v]) => [k, median(v)])) })
    console.log(`${n} host(s): ${JSON.stringify(rows.at(-1))}`)
  }
} finally {
  hosts.forEach((h) => h.stop())
  rmSync(dir, { recursive: true, force: true })
}

const s = (ms) => (ms / 1000).toFixed(2)
const ssh = spawnSync('ssh', ['-V'], { encoding: 'utf8' }).stderr.trim().split(',')[0]
let md = `## A fleet of hosts over SSH\n\n${new Date().toISOString().slice(0, 10)}, ${machine()}, ${ssh}. Command: \`node --import tsx bench/ssh-fleet.mjs --runs ${RUNS} --hosts ${SIZES.join(',')}\`.\n\n`
md += `A rolling deploy of a new version to every host, each a real OpenSSH server on its own loopback address, the release being one command on the host. Glidepath: \`glidepath deploy\` (the CLI, from start-up to exit) with the command provider over SSH and one wave per host: for each host it takes the lock on the host, reads and writes the state there, runs the command and records the deploy, over one multiplexed connection per host, and the waves layer orders the hosts. Its operations on a host (lock, state, directory, intent, the command, release) go through one shell session per host; \"a call each\" is the same build with \`GLIDEPATH_SSH_SESSION=0\`, an ssh client and an sshd session per operation, as before. Plain ssh: the same command by one \`ssh host 'command'\` per host in a loop, host keys checked, as a deploy script does it. Medians of ${RUNS} runs, seconds; the ratio is Glidepath's over plain ssh's.\n\n`
md += 'Each both ways: host after host (a wave per host; a loop of ssh), and all hosts at once (one wave; the ssh commands in parallel).\n\n'
const x = (a, b) => `${(a / b).toFixed(2)}x`
md += '| hosts | Glidepath, host after host | a call each | plain ssh, host after host | ratio | Glidepath, all at once | a call each | plain ssh, all at once | ratio |\n|---|---|---|---|---|---|---|---|---|\n'
for (const r of rows) md += `| ${r.n} | ${s(r.ours)} | ${s(r.calls)} | ${s(r.plain)} | ${x(r.ours, r.plain)} | ${s(r.together)} | ${s(r.callsTogether)} | ${s(r.plainTogether)} | ${x(r.together, r.plainTogether)} |\n`
md += '\nPlain ssh does nothing but run the command: no lock, no state, no record, no rollback point, no halt on a failing host. sshd sets up a session for every call (its fork, environment and login bookkeeping): about 0.1 s each on this machine, so a call per operation (about nine per host) was most of the difference. Now every operation on a host, the command included, goes through one shell session per host, a few milliseconds each. Host after host, Glidepath beats a loop of ssh from 5 hosts up: it connects to every host at once before the first wave (its preflight), where the loop pays each handshake in turn. What remains over plain ssh is Glidepath\'s own start-up and work once per run (node and the bundle about 0.1 s in the start-up benchmark, then the config, the records and the lock): the whole difference at 1 host; and, all at once, the runner\'s two cores shared by the sessions\' handshakes and that work.\n'
console.log(md)
writeSection('ssh-fleet', md)
