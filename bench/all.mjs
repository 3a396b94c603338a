#!/usr/bin/env node
// npm run bench: every benchmark in one run on this machine, each writing its section of
// BENCHMARKS.md (date, machine, both sides of every comparison, the command that made it); then the
// file is put together in a fixed order under a header. A benchmark whose tools are missing is
// skipped with the reason (scripts/setup installs them) and its last section is kept.
import { spawnSync } from 'node:child_process'
import { readFileSync, writeFileSync, existsSync } from 'node:fs'
import { join } from 'node:path'
import { homedir } from 'node:os'
import { root, machine } from './lib/report.mjs'

const tsx = ['--import', 'tsx']
const tools = process.env.GLIDEPATH_TOOLS ?? join(homedir(), '.cache', 'glidepath-tools')
const nginx = ['/usr/sbin/nginx', '/usr/bin/nginx'].some(existsSync)
const prometheus = existsSync('/usr/bin/prometheus')
const postgres = existsSync('/usr/lib/postgresql')
const sshd = existsSync('/usr/sbin/sshd')
const k8s = ['kube-apiserver', 'etcd', 'kubectl', 'helm', 'kwok'].every((b) => existsSync(join(tools, 'bin', b)))
const BENCHES = [
  ['startup', ['bench/startup.mjs', '--runs', '20']],
  ['smoke', ['bench/smoke.mjs', '--repeat', '5']],
  ['github-calls', [...tsx, 'bench/github-calls.mjs']],
  ['router', ['bench/router.mjs', '--rounds', '5', '--seconds', '5'], nginx ? '' : 'needs nginx (scripts/setup services)'],
  ['detection', [...tsx, 'bench/detection.mjs', '--runs', '5'], nginx && prometheus ? '' : 'needs nginx and Prometheus (scripts/setup services)'],
  ['judgement', [...tsx, 'bench/judgement.mjs', '--runs', '2000', '--real', '4']],
  ['database', [...tsx, 'bench/database.mjs', '--runs', '3'], postgres ? '' : 'needs PostgreSQL (scripts/setup services)'],
  ['ssh-fleet', [...tsx, 'bench/ssh-fleet.mjs', '--runs', '5'], sshd ? '' : 'needs OpenSSH (scripts/setup ssh)'],
  ['k8s-rollback', ['scripts/k8s-cluster.mjs', '--', process.execPath, 'bench/k8s-rollback.mjs', '--runs', '5'], k8s ? '' : 'needs the Kubernetes tools (scripts/setup k8s)'],
]
const only = process.argv.slice(2)
const failed = []
for (const [name, args, missing] of BENCHES) {
  if (only.length && !only.includes(name)) continue
  if (missing) {
    console.log(`== ${name}: skipped, ${missing}`)
    continue
  }
  console.log(`== ${name}: node ${args.join(' ')}`)
  const r = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit', env: { ...process.env, PATH: `${join(tools, 'bin')}:${process.env.PATH}` } })
  if (r.status !== 0) failed.push(name)
}

// The file, in a fixed order: the header, then each section between its markers.
const file = join(root, 'BENCHMARKS.md')
const doc = readFileSync(file, 'utf8')
const section = (name) => {
  const start = `<!-- bench:${name} -->`
  const end = `<!-- /bench:${name} -->`
  const a = doc.indexOf(start)
  const b = doc.indexOf(end)
  return a >= 0 && b > a ? doc.slice(a, b + end.length) : ''
}
const header = `# Benchmarks\n\nWritten by \`npm run bench\` (last full run ${new Date().toISOString().slice(0, 10)}, ${machine()}). Every figure is measured side by side with what it is compared to, in one run on this project's CI machine kind; each section gives the command that made it, and \`npm run bench <name>\` re-runs one. Speed is measured here, never asserted in tests.\n`
writeFileSync(file, `${header}\n${BENCHES.map(([name]) => section(name)).filter(Boolean).join('\n\n')}\n`)
console.log(`wrote BENCHMARKS.md${failed.length ? `; failed: ${failed.join(', ')}` : ''}`)
process.exit(failed.length ? 1 : 0)
