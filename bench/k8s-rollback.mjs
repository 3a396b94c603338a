#!/usr/bin/env node
// Rollback time on Kubernetes (SPEC section 9): from the rollback command's start to the previous
// version serving on every replica (the command returns only then; each run is checked after). Side by
// side, on the same control plane, in one run:
//   glidepath rollback, kubernetes provider (re-applies the recorded spec, waits)  vs
//   glidepath rollback within rollback.window (the Service moves onto the kept copy, then the Deployment rolls back)  vs
//   kubectl rollout undo + kubectl rollout status (what Azure/k8s-deploy users run by hand)
//   glidepath rollback, helm provider                                               vs
//   helm rollback --wait
// Needs the control plane: node scripts/k8s-cluster.mjs -- node bench/k8s-rollback.mjs [--runs 5]
import { spawn, spawnSync, execFileSync } from 'node:child_process'
import { mkdtempSync, mkdirSync, writeFileSync, cpSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { root, machine, writeSection } from './lib/report.mjs'

const cli = join(root, 'bin', 'glidepath.js')
const runsArg = process.argv.indexOf('--runs')
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 5
const REPLICAS = 3
if (!process.env.KUBECONFIG) {
  console.error('Run me inside the control plane: node scripts/k8s-cluster.mjs -- node bench/k8s-rollback.mjs')
  process.exit(2)
}
const kubectl = (...args) => execFileSync('kubectl', args, { encoding: 'utf8' })
const image = (tag) => `ghcr.io/glidepath-demo/web:${tag}`

function timed(file, args, cwd) {
  const t = process.hrtime.bigint()
  const r = spawnSync(file, args, { cwd, encoding: 'utf8', env: { ...process.env, GITHUB_WORKSPACE: cwd } })
  const ms = Number(process.hrtime.bigint() - t) / 1e6
  if (r.status !== 0) throw new Error(`${file} ${args.join(' ')} failed: ${r.stderr.slice(-800)}`)
  return ms
}
const glidepath = (ws, action, ...args) => timed(process.execPath, [cli, action, ...args, '--ref', 'main'], ws)

/** A glidepath command timed to its exit, and to the first line of its output that matches `mark`. */
function timedUntil(ws, mark, args) {
  return new Promise((resolve, reject) => {
    const t = process.hrtime.bigint()
    const ms = () => Number(process.hrtime.bigint() - t) / 1e6
    const child = spawn(process.execPath, [cli, ...args, '--ref', 'main'], { cwd: ws, env: { ...process.env, GITHUB_WORKSPACE: ws } })
    let out = ''
    let marked
    // The CLI logs on stderr, outputs on stdout.
    const seen = (d) => {
      out += d
      if (marked === undefined && mark.test(out)) marked = ms()
    }
    child.stdout.on('data', seen)
    child.stderr.on('data', seen)
    child.on('close', (code) => {
      const total = ms()
      if (code !== 0 || marked === undefined) reject(new Error(`glidepath ${args.join(' ')} (exit ${code}) never said ${mark}: ${out.slice(-800)}`))
      else resolve({ marked, total })
    })
  })
}

function serving(ns, name, tag) {
  const d = JSON.parse(kubectl('get', 'deployment', name, '-n', ns, '-o', 'json'))
  const ok = d.spec.template.spec.containers[0].image === image(tag) && d.status.updatedReplicas === REPLICAS && d.status.availableReplicas === REPLICAS && (d.status.replicas ?? 0) === REPLICAS
  if (!ok) throw new Error(`${name} in ${ns} is not serving ${tag} on ${REPLICAS} replicas: ${JSON.stringify(d.status)}`)
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
const fmt = (xs) => `${(median(xs) / 1000).toFixed(2)} | ${(Math.min(...xs) / 1000).toFixed(2)} | ${(Math.max(...xs) / 1000).toFixed(2)}`

function workspace(ns, provider, extra = '') {
  const ws = mkdtempSync(join(tmpdir(), 'glidepath-bench-k8s-'))
  mkdirSync(join(ws, '.github'))
  if (provider === 'kubernetes') {
    mkdirSync(join(ws, 'k8s'))
    writeFileSync(join(ws, 'k8s', 'app.yaml'), `apiVersion: apps/v1
kind: Deployment
metadata: { name: web }
spec:
  replicas: ${REPLICAS}
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec: { containers: [ { name: web, image: ${image('v0')} } ] }
---
apiVersion: v1
kind: Service
metadata: { name: web }
spec: { selector: { app: web }, ports: [ { port: 80, targetPort: 8080 } ] }
`)
    writeFileSync(join(ws, '.github', 'glidepath.yml'), `version: 1\nenvironments:\n  production:\n    branches: [main]\n    kubernetes: { manifests: k8s, namespace: ${ns} }\n${extra}`)
  } else {
    cpSync(join(root, '__tests__', 'k8s', 'fixtures', 'chart'), join(ws, 'chart'), { recursive: true })
    writeFileSync(join(ws, '.github', 'glidepath.yml'), `version: 1\nenvironments:\n  production:\n    branches: [main]\n    helm: { release: web, chart: ./chart, namespace: ${ns}, set: { replicaCount: ${REPLICAS} } }\n`)
  }
  return ws
}

const results = { gk: [], kubectl: [], gh: [], helm: [], switched: [], windowTotal: [] }
const nsK = `bench-k-${process.pid}`
const nsH = `bench-h-${process.pid}`
const nsW = `bench-w-${process.pid}`
for (const ns of [nsK, nsH, nsW]) kubectl('create', 'namespace', ns)
const wsK = workspace(nsK, 'kubernetes')
const wsH = workspace(nsH, 'helm')
const wsW = workspace(nsW, 'kubernetes', '    rollback: { window: 1h }\n')
/** Every replica of the copy kept for the window is ready (a rollback would not use it otherwise). */
function copyReady(ns) {
  for (let i = 0; i < 200; i++) {
    const d = JSON.parse(kubectl('get', 'deployment', 'web-previous', '-n', ns, '-o', 'json', '--ignore-not-found') || '{}')
    if ((d.status?.readyReplicas ?? 0) >= REPLICAS) return
    spawnSync('sleep', ['0.1'])
  }
  throw new Error(`web-previous in ${ns} never became ready`)
}
try {
  glidepath(wsK, 'deploy', '--image', image('v1'))
  glidepath(wsH, 'deploy', '--image', image('v1'))
  glidepath(wsW, 'deploy', '--image', image('v1'))
  for (let i = 0; i < RUNS; i++) {
    // Each rollback starts from the same place: a new version freshly deployed by glidepath over v1.
    glidepath(wsK, 'deploy', '--image', image(`v2-${i}`))
    results.gk.push(glidepath(wsK, 'rollback', '--to', 'v1', '--reason', 'bench'))
    serving(nsK, 'web', 'v1')
    glidepath(wsK, 'deploy', '--image', image(`v3-${i}`))
    results.kubectl.push(timed('kubectl', ['rollout', 'undo', 'deployment/web', '-n', nsK], wsK) + timed('kubectl', ['rollout', 'status', 'deployment/web', '-n', nsK, '--timeout=120s'], wsK))
    serving(nsK, 'web', 'v1')
    // kubectl went behind the record's back: glidepath's next run would stop on the disagreement (GP-STATE-002),
    // so the record is rebuilt from what the cluster serves, as a user would.
    glidepath(wsK, 'state', 'rebuild', '--environment', 'production')

    glidepath(wsW, 'deploy', '--image', image(`v2-${i}`))
    copyReady(nsW)
    const w = await timedUntil(wsW, /v1 serves again: Service web selects deployment\/web-previous/, ['rollback', '--to', 'v1', '--reason', 'bench'])
    results.switched.push(w.marked)
    results.windowTotal.push(w.total)
    serving(nsW, 'web', 'v1')
    const selector = JSON.parse(kubectl('get', 'service', 'web', '-n', nsW, '-o', 'json')).spec.selector
    if (JSON.stringify(selector) !== '{"app":"web"}') throw new Error(`Service web in ${nsW} was left selecting ${JSON.stringify(selector)}`)
    glidepath(wsW, 'deploy', '--image', image('v1'))

    glidepath(wsH, 'deploy', '--image', image(`v2-${i}`))
    results.gh.push(glidepath(wsH, 'rollback', '--to', 'v1', '--reason', 'bench'))
    serving(nsH, 'web', 'v1')
    glidepath(wsH, 'deploy', '--image', image(`v3-${i}`))
    const history = JSON.parse(execFileSync('helm', ['history', 'web', '-n', nsH, '-o', 'json'], { encoding: 'utf8' }))
    const previous = history[history.length - 2].revision
    results.helm.push(timed('helm', ['rollback', 'web', String(previous), '-n', nsH, '--wait', '--timeout', '120s'], wsH))
    serving(nsH, 'web', 'v1')
    process.stderr.write(`run ${i + 1}/${RUNS} done\n`)
  }
} finally {
  kubectl('delete', 'namespace', nsK, nsH, nsW, '--wait=false')
  for (const ws of [wsK, wsH, wsW]) rmSync(ws, { recursive: true, force: true })
}

const server = JSON.parse(kubectl('version', '-o', 'json')).serverVersion.gitVersion
const md = `## Rollback time on Kubernetes

${new Date().toISOString().slice(0, 10)}, ${machine()}. Command: \`node scripts/k8s-cluster.mjs -- node bench/k8s-rollback.mjs --runs ${RUNS}\`.

kube-apiserver ${server} with kwok nodes (pods become Ready as soon as they are scheduled, so this measures the tools and the control plane, not image pulls). A Deployment with ${REPLICAS} replicas, rolled back from v2 to v1; each time runs from the command's start until it returns, which each tool does only when every replica serves v1 (checked after every run). Seconds, glidepath beside kubectl and helm in one run:

| rollback | median | min | max |
|---|---|---|---|
| glidepath rollback, kubernetes provider (recorded spec, own wait) | ${fmt(results.gk)} |
| glidepath rollback within rollback.window: traffic on v1 (the Service selects the kept copy, every replica ready) | ${fmt(results.switched)} |
| glidepath rollback within rollback.window: the command returns (the Deployment rolled back behind the copy, the Service back on it, the copy removed) | ${fmt(results.windowTotal)} |
| kubectl rollout undo + kubectl rollout status | ${fmt(results.kubectl)} |
| glidepath rollback, helm provider | ${fmt(results.gh)} |
| helm rollback --wait | ${fmt(results.helm)} |

Within \`rollback.window\` the version replaced keeps running as \`web-previous\`, ready, with no Service selecting it; the rollback checks that every replica of it is ready and moves the Service's selector onto it (one patch): that is when traffic is back on v1, the first window row, timed from the command's start to its log line saying so (Node start-up and reading the state included). The Deployment is then rolled back behind the copy, so the command itself returns later. kwok makes every pod ready as soon as it is scheduled, so here the Deployment's own rollback costs the least it ever can; with a real app the first window row stays where it is, while every other row grows by the app's start and readiness.

Glidepath's extra time buys a rollback that needs no revision number, returns to a named version (\`to\`), restores the other objects of the recorded spec and keeps the record: Node start-up, reading the environment's ConfigMap for the recorded spec and writing the state back to it, and a wait that polls where \`kubectl rollout status\` watches.
`
console.log(md)
writeSection('k8s-rollback', md)
