#!/usr/bin/env node
// Canary steps and the judge's counter reads on a host over SSH (issue 37, item 1): the local provider
// over SSH, whose operations Glidepath's agent does on the host. Beside each other, in one run, on a real
// OpenSSH server on a loopback address:
//   - Glidepath with the run's agent kept on the host, each operation a round trip on its channel
//     (ssh/channel.ts, the default);
//   - the same build with an agent started per operation (GLIDEPATH_INTERNAL_AGENT_PER_CALL=1, as before);
//   - plain ssh: one `ssh host 'command'` (what a script changing the weight by hand does), and the floor
//     of one round trip on an open connection (`ssh` through a ControlMaster).
// A canary step is `glidepath canary-step` (the CLI, from start-up to exit: lock, state, the weight on the
// host's router, the record); a counter read is what the judge does each interval (the router's counters
// on the host read through the agent), timed in this process.
//   node --import tsx bench/ssh-canary.mjs [--runs 7] [--reads 40]
import { mkdtempSync, rmSync, writeFileSync, mkdirSync, cpSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { spawnSync } from 'node:child_process'
import { startSshd, clientKey } from '../__tests__/helpers/sshd.ts'
import { freePort, DEMO_APP } from '../__tests__/helpers/workspace.ts'
import { machine, writeSection, root } from './lib/report.mjs'
import { loadConfig } from '../shared/config/load.ts'
import { resolveEnvironment } from '../shared/config/resolve.ts'
import { eventContextFrom } from '../shared/runtime/context.ts'
import { SshHost } from '../shared/ssh/host.ts'
import { HostEnvironment } from '../shared/ssh/environment.ts'
import { HostAgent } from '../shared/providers/agent-client.ts'
import { AgentRouter } from '../shared/traffic/agent.ts'

const arg = (name, fallback) => { const i = process.argv.indexOf(`--${name}`); return i > 0 ? process.argv[i + 1] : fallback }
const RUNS = Number(arg('runs', '7'))
const READS = Number(arg('reads', '40'))
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
const PER_CALL = 'GLIDEPATH_INTERNAL_AGENT_PER_CALL'

const dir = mkdtempSync(join(tmpdir(), 'glidepath-bench-canary-'))
const key = clientKey()
const host = await startSshd('127.0.0.40', await freePort(), key.publicKey)
const port = await freePort()
const keyFile = join(dir, 'id')
writeFileSync(keyFile, key.privateKey, { mode: 0o600 })
const knownHosts = join(dir, 'known_hosts')
writeFileSync(knownHosts, host.knownHosts)
const ws = join(dir, 'ws')
for (const v of ['v0', ...Array.from({ length: 2 * RUNS + 2 }, (_, i) => `v${i + 1}`)]) cpSync(DEMO_APP, join(ws, 'apps', v), { recursive: true })
mkdirSync(join(ws, '.github'), { recursive: true })
writeFileSync(join(ws, '.github', 'glidepath.yml'), `version: 1
environments:
  web:
    branches: [main]
    strategy: canary
    timeout: 30s
    local: { app: 'apps/{{version}}', start: node server.js, health: /health, minReady: 100ms, listen: ${host.address}, port: ${port} }
    ssh: { host: ${host.address}, port: ${host.port}, user: root, dir: ${host.home} }
    canary:
      steps: [ {weight: 10}, {weight: 30}, {weight: 60}, {weight: 100} ]
`)
const env = { PATH: process.env.PATH, HOME: process.env.HOME, GLIDEPATH_SSH_KEY: key.privateKey, GLIDEPATH_SSH_KNOWN_HOSTS: host.knownHosts }

function glidepath(args, perCall = false) {
  const s = performance.now()
  const r = spawnSync(process.execPath, [join(root, 'bin', 'glidepath.js'), ...args, '--environment', 'web', '--workspace', ws, '--json'], { cwd: ws, encoding: 'utf8', env: { ...env, ...(perCall ? { [PER_CALL]: '1' } : {}) } })
  if (r.status !== 0) throw new Error(`glidepath ${args.join(' ')} failed: ${r.stderr.slice(-2000)}${r.stdout.slice(-2000)}`)
  return performance.now() - s
}

const ssh = (extra, command) => {
  const s = performance.now()
  const r = spawnSync('ssh', ['-i', keyFile, '-o', `UserKnownHostsFile=${knownHosts}`, '-o', 'StrictHostKeyChecking=yes', '-o', 'BatchMode=yes', ...extra, '-p', String(host.port), `root@${host.address}`, command], { encoding: 'utf8' })
  if (r.status !== 0) throw new Error(`ssh failed: ${r.stderr}`)
  return performance.now() - s
}
const weightFile = join(dir, 'weight')

const t = { step: [], stepPerCall: [], plainStep: [], read: [], readPerCall: [], plainRead: [], floor: [] }
try {
  glidepath(['deploy', '--version', 'v0'])
  let v = 0
  for (let run = 1; run <= RUNS; run++) {
    // One canary each way: deploy (not timed), then its three steps, each a canary-step run.
    for (const perCall of [false, true]) {
      glidepath(['deploy', '--version', `v${++v}`], perCall)
      for (let s = 0; s < 3; s++) (perCall ? t.stepPerCall : t.step).push(glidepath(['canary-step', '--step', 'next'], perCall))
    }
    t.plainStep.push(ssh([], `printf '%s\\n' ${run} > ${weightFile}`))
  }

  // The judge's read of the router's counters on the host, as each interval does it.
  const config = loadConfig(join(ws, '.github', 'glidepath.yml'), ws)
  const ctx = eventContextFrom({ GITHUB_EVENT_NAME: 'workflow_dispatch', GITHUB_REF: 'refs/heads/main', GITHUB_WORKSPACE: ws }, {}, ws)
  const resolved = resolveEnvironment(config, ctx, 'web')
  const environment = resolved.environment
  process.env.GLIDEPATH_INTERNAL_SELF = JSON.stringify([process.execPath, join(root, 'cli', 'dist', 'index.js')])
  const sshHost = new SshHost(environment.config.ssh, env, join(dir, 'records'))
  const agent = new HostAgent(new HostEnvironment(sshHost, environment.name), { environment, event: ctx, log: { info: () => undefined, warning: () => undefined } })
  const router = new AgentRouter(agent, { port, listen: host.address }, 30_000)
  const counters = router.counters()
  // Requests through the router on the host, so that its counters have something to say.
  for (let i = 0; i < 50; i++) await (await fetch(`http://${host.address}:${port}/`)).arrayBuffer()
  // The agent's bundle is checked and the channel opened.
  const first = await counters.stats(60)
  if (!Array.isArray(first) || first.length === 0) throw new Error(`the counters read nothing: ${JSON.stringify(first)}`)
  console.log(`counters on the host: ${JSON.stringify(first).slice(0, 300)}`)
  for (const perCall of [false, true]) {
    if (perCall) process.env[PER_CALL] = '1'
    else delete process.env[PER_CALL]
    for (let i = 0; i < READS; i++) {
      const s = performance.now()
      const got = await counters.stats(60)
      ;(perCall ? t.readPerCall : t.read).push(performance.now() - s)
      if (!Array.isArray(got)) throw new Error('a counter read returned nothing')
    }
  }
  delete process.env[PER_CALL]
  for (let i = 0; i < READS; i++) t.plainRead.push(ssh([], `cat ${host.home}/.glidepath/web/router.json >/dev/null`))
  // One round trip on an open connection: ssh through a ControlMaster (the master made once, not timed).
  const cm = ['-o', 'ControlMaster=auto', '-o', `ControlPath=${join(dir, 'cm')}`, '-o', 'ControlPersist=60']
  ssh(cm, 'true')
  for (let i = 0; i < READS; i++) t.floor.push(ssh(cm, 'true'))
  ssh(['-o', `ControlPath=${join(dir, 'cm')}`, '-O', 'exit'], '')
  sshHost.closeSync()
} finally {
  spawnSync(process.execPath, [join(root, 'bin', 'glidepath.js'), 'deploy', '--teardown', 'true', '--environment', 'web', '--workspace', ws], { cwd: ws, env, stdio: 'ignore' })
  host.stop()
  rmSync(dir, { recursive: true, force: true })
}

const m = Object.fromEntries(Object.entries(t).map(([k, xs]) => [k, median(xs)]))
console.log(JSON.stringify(m))
const ms = (x) => `${Math.round(x)} ms`
const x = (a, b) => `${(a / b) < 0.1 ? (a / b).toFixed(3) : (a / b).toFixed(2)}x`
const sshV = spawnSync('ssh', ['-V'], { encoding: 'utf8' }).stderr.trim().split(',')[0]
let md = `## Canary steps and counter reads on a host over SSH\n\n${new Date().toISOString().slice(0, 10)}, ${machine()}, ${sshV}. Command: \`node --import tsx bench/ssh-canary.mjs --runs ${RUNS} --reads ${READS}\`.\n\n`
md += `The local provider on a host over SSH (a real OpenSSH server on a loopback address): the releases and Glidepath's router run on the host, and Glidepath's agent there does each operation. **A canary step** is \`glidepath canary-step --step next\` (the CLI from start-up to exit: the lock and state on the host, the router's new weight there, the record), ${3 * RUNS} steps each way. **A counter read** is what the judge does each interval: the router's counters on the host, read through the agent (${READS} reads each way). Glidepath runs one agent per run on the host and sends each operation as a line on its channel (ssh/channel.ts); "an agent per operation" is the same build with \`${PER_CALL}=1\`, a node started on the host for each operation, as before. Plain ssh: one \`ssh host 'command'\` (a new connection, what a script moving a weight by hand does), and one round trip on an open connection (\`ssh\` through a ControlMaster), the floor. Medians, milliseconds.\n\n`
md += '| | Glidepath | an agent per operation | plain `ssh host command` | ratio | one round trip on an open connection |\n|---|---|---|---|---|---|\n'
md += `| canary step | ${ms(m.step)} | ${ms(m.stepPerCall)} | ${ms(m.plainStep)} | ${x(m.step, m.plainStep)} | |\n`
md += `| counter read | ${ms(m.read)} | ${ms(m.readPerCall)} | ${ms(m.plainRead)} | ${x(m.read, m.plainRead)} | ${ms(m.floor)} |\n`
md += `\nA counter read is one round trip on the run's channel, and needs nothing started: ${ms(m.read)}, against ${ms(m.readPerCall)} when a node starts on the host for each read, and ${ms(m.floor)} for a bare \`ssh\` round trip on an open connection (an ssh client started each time). The judge reads once per interval, so at a 10 s interval the reads cost nothing measurable.\n\n**A canary step is not within 1.3x plain ssh** (issue 37's target): ${x(m.step, m.plainStep)}. Each step is a run of its own (a CLI or an action process), so it pays what a run pays once: Glidepath's start-up, the config, its own connection, the agent's start on the host (once a step now; an agent per operation started one for each of the step's operations, ${ms(m.stepPerCall - m.step)} more), the lock and the state there, and the record. Plain ssh changes a number in a file and nothing else: no lock, no record, no check of what serves.\n`
console.log(md)
writeSection('ssh-canary', md)
