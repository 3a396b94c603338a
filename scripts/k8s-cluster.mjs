#!/usr/bin/env node
// A real Kubernetes control plane on 127.0.0.1 for `npm run test:k8s`: etcd, kube-apiserver,
// kube-controller-manager and kube-scheduler built from the k8s.io Go modules, kwok simulating a node
// so pods become Ready, and the Gateway API CRDs. Built once by scripts/install-k8s-tools.
//
//   node scripts/k8s-cluster.mjs -- <command...>   starts the cluster, runs the command with KUBECONFIG
//                                                  (and GLIDEPATH_K8S_*) set, stops everything after.
import { spawn, execFileSync } from 'node:child_process'
import { mkdtempSync, writeFileSync, readdirSync, rmSync, existsSync } from 'node:fs'
import { generateKeyPairSync, randomBytes } from 'node:crypto'
import { tmpdir } from 'node:os'
import { join, dirname } from 'node:path'
import { fileURLToPath } from 'node:url'
import https from 'node:https'
import { toolsDir, sleep, freePort, ProcessGroup } from './lib/processes.mjs'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const bin = join(toolsDir, 'bin')
const need = ['etcd', 'kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'kubectl', 'kwok', 'helm']
for (const b of need) {
  if (!existsSync(join(bin, b))) {
    console.error(`k8s-cluster: ${join(bin, b)} is missing. Run scripts/install-k8s-tools first (it builds them once, ~20 min cold).`)
    process.exit(2)
  }
}

const dir = mkdtempSync(join(tmpdir(), 'glidepath-k8s-'))
const processes = new ProcessGroup('k8s-cluster', dir)
const procs = processes.procs
const start = (name, args) => processes.start(name, join(bin, name), args)
async function stop() {
  await processes.stop(500)
  if (!process.env.GLIDEPATH_K8S_KEEP) rmSync(dir, { recursive: true, force: true })
}

async function waitFor(what, check, timeoutMs = 120_000) {
  const until = Date.now() + timeoutMs
  let last
  while (Date.now() < until) {
    try { if (await check()) return } catch (e) { last = e }
    await sleep(250)
  }
  throw new Error(`${what} did not come up within ${timeoutMs / 1000}s${last ? `: ${last.message}` : ''} (logs in ${dir})`)
}

function get(url, token) {
  return new Promise((res, rej) => {
    const req = (url.startsWith('https') ? https : globalThis.http ?? https).get(url, { rejectUnauthorized: false, headers: token ? { authorization: `Bearer ${token}` } : {}, timeout: 2000 }, (r) => {
      let body = ''
      r.on('data', (c) => { body += c })
      r.on('end', () => res({ status: r.statusCode, body }))
    })
    req.on('error', rej)
    req.on('timeout', () => req.destroy(new Error('timeout')))
  })
}

async function main() {
  const sep = process.argv.indexOf('--')
  const command = sep >= 0 ? process.argv.slice(sep + 1) : []
  const started = Date.now()
  const [etcdPort, peerPort, apiPort] = [await freePort(), await freePort(), await freePort()]

  start('etcd', ['--name=glidepath', `--data-dir=${join(dir, 'etcd')}`, `--listen-client-urls=http://127.0.0.1:${etcdPort}`, `--advertise-client-urls=http://127.0.0.1:${etcdPort}`,
    `--listen-peer-urls=http://127.0.0.1:${peerPort}`, `--initial-advertise-peer-urls=http://127.0.0.1:${peerPort}`, `--initial-cluster=glidepath=http://127.0.0.1:${peerPort}`,
    '--unsafe-no-fsync', '--log-level=warn', '--listen-metrics-urls='])
  await waitFor('etcd', async () => {
    const { default: http } = await import('node:http')
    return new Promise((res) => http.get(`http://127.0.0.1:${etcdPort}/health`, (r) => { r.resume(); res(r.statusCode === 200) }).on('error', () => res(false)))
  })

  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } })
  writeFileSync(join(dir, 'sa.key'), privateKey)
  writeFileSync(join(dir, 'sa.pub'), publicKey)
  const token = randomBytes(24).toString('hex')
  writeFileSync(join(dir, 'tokens.csv'), `${token},glidepath-admin,glidepath-admin,"system:masters"\n`)
  const issuer = 'https://kubernetes.default.svc.cluster.local'
  start('kube-apiserver', [`--etcd-servers=http://127.0.0.1:${etcdPort}`, '--bind-address=127.0.0.1', `--secure-port=${apiPort}`, '--advertise-address=127.0.0.1',
    `--cert-dir=${join(dir, 'certs')}`, `--token-auth-file=${join(dir, 'tokens.csv')}`, '--authorization-mode=RBAC',
    `--service-account-issuer=${issuer}`, `--service-account-key-file=${join(dir, 'sa.pub')}`, `--service-account-signing-key-file=${join(dir, 'sa.key')}`, `--api-audiences=${issuer}`,
    '--service-cluster-ip-range=10.96.0.0/16', '--endpoint-reconciler-type=none', '--enable-priority-and-fairness=false', '--profiling=false', '--v=0'])
  await waitFor('kube-apiserver', async () => (await get(`https://127.0.0.1:${apiPort}/readyz`, token)).status === 200)

  const kubeconfig = join(dir, 'admin.kubeconfig')
  writeFileSync(kubeconfig, JSON.stringify({
    apiVersion: 'v1', kind: 'Config', 'current-context': 'glidepath',
    clusters: [{ name: 'glidepath', cluster: { server: `https://127.0.0.1:${apiPort}`, 'insecure-skip-tls-verify': true } }],
    users: [{ name: 'admin', user: { token } }],
    contexts: [{ name: 'glidepath', context: { cluster: 'glidepath', user: 'admin', namespace: 'default' } }],
  }))
  start('kube-controller-manager', [`--kubeconfig=${kubeconfig}`, '--leader-elect=false', '--secure-port=0', `--service-account-private-key-file=${join(dir, 'sa.key')}`,
    '--use-service-account-credentials=false', '--controllers=*,-nodeipam,-nodelifecycle,-route,-service,-cloud-node-lifecycle,-persistentvolume-binder,-attachdetach', '--concurrent-deployment-syncs=10', '--v=0'])
  start('kube-scheduler', [`--kubeconfig=${kubeconfig}`, '--leader-elect=false', '--secure-port=0', '--v=0'])
  start('kwok', [`--kubeconfig=${kubeconfig}`, '--manage-all-nodes=false', '--manage-nodes-with-annotation-selector=kwok.x-k8s.io/node=fake',
    '--node-ip=10.0.0.1', '--cidr=10.0.0.0/16', '--node-lease-duration-seconds=40', `--config=${join(root, '__tests__/k8s/fixtures/kwok-stages.yaml')}`, '--server-address='])

  const kubectl = (args, input) => execFileSync(join(bin, 'kubectl'), [`--kubeconfig=${kubeconfig}`, ...args], { input, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] })
  // Four nodes in two zones: a DaemonSet's canary goes node group by node group (issue 40).
  const nodes = ['kwok-node-0', 'kwok-node-1', 'kwok-node-2', 'kwok-node-3']
  kubectl(['apply', '-f', '-'], JSON.stringify({ apiVersion: 'v1', kind: 'List', items: nodes.map((name, i) => ({
    apiVersion: 'v1', kind: 'Node',
    metadata: { name, annotations: { 'kwok.x-k8s.io/node': 'fake', 'node.alpha.kubernetes.io/ttl': '0' }, labels: { type: 'kwok', 'kubernetes.io/hostname': name, 'topology.kubernetes.io/zone': i < 2 ? 'zone-a' : 'zone-b' } },
    spec: {},
  })) }))
  const crds = join(toolsDir, 'k8s', 'gateway-api')
  for (const f of readdirSync(crds).filter((f) => f.endsWith('.yaml')).sort()) kubectl(['apply', '--server-side', '-f', join(crds, f)])
  kubectl(['wait', '--for=condition=Established', '--timeout=60s', 'crd/httproutes.gateway.networking.k8s.io'])
  for (const name of nodes) {
    await waitFor(`node ${name} Ready`, async () => kubectl(['get', 'node', name, '-o', 'jsonpath={.status.conditions[?(@.type=="Ready")].status}']) === 'True')
    // Admission taints a new node not-ready; the node lifecycle controller (off here: kwok keeps the
    // node's heartbeat) would lift it once Ready.
    kubectl(['taint', 'nodes', name, 'node.kubernetes.io/not-ready:NoSchedule-'])
  }
  await waitFor('default service account', async () => { kubectl(['get', 'serviceaccount', 'default', '-n', 'default']); return true })
  const versions = kubectl(['version', '-o', 'json'])
  console.log(`k8s-cluster: up in ${((Date.now() - started) / 1000).toFixed(1)} s at https://127.0.0.1:${apiPort} (server ${JSON.parse(versions).serverVersion.gitVersion}; logs in ${dir})`)

  const env = { ...process.env, KUBECONFIG: kubeconfig, GLIDEPATH_K8S_BIN: bin, GLIDEPATH_K8S_DIR: dir, PATH: `${bin}:${process.env.PATH}` }
  if (command.length === 0) {
    console.log(`KUBECONFIG=${kubeconfig}; press Ctrl-C to stop.`)
    await new Promise((r) => process.once('SIGINT', r))
    await stop()
    return 0
  }
  const code = await new Promise((res) => {
    const child = spawn(command[0], command.slice(1), { stdio: 'inherit', env })
    child.on('exit', (c, s) => res(c ?? (s ? 1 : 0)))
  })
  await stop()
  return code
}

main().then((code) => process.exit(code), async (e) => {
  console.error(`k8s-cluster: ${e.message}`)
  for (const { name } of procs) {
    try { console.error(`--- ${name}.log (tail)\n${execFileSync('tail', ['-n', '15', join(dir, `${name}.log`)], { encoding: 'utf8' })}`) } catch { /* none */ }
  }
  await stop()
  process.exit(1)
})
