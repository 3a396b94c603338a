#!/usr/bin/env node
// The local router's throughput and latency beside nginx and the app itself (SPEC section 9,
// issue 18), in one run on this machine: the same trivial Node app behind each, autocannon with 32
// keep-alive connections for 5 s per round, rounds interleaved (app, nginx, router) so that drift on a
// shared machine hits all three alike. nginx runs one worker with an upstream keep-alive pool; the
// router is the bundled one the actions start (one process).
// Then one more round against the same bundle, built afresh with ncc's module stats, under node --cpu-prof:
// a profile that says where the router's CPU time goes, each bundle line mapped back to its source file.
//   node bench/router.mjs [--rounds 5] [--seconds 5]
import { spawn, execFileSync } from 'node:child_process'
import { mkdtempSync, writeFileSync, mkdirSync, rmSync, existsSync, readFileSync, readdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createServer } from 'node:net'
import autocannon from 'autocannon'
import { root, machine, writeSection } from './lib/report.mjs'
import { summarise, bundleMap } from './lib/cpu-profile.mjs'

const arg = (name, fallback) => { const i = process.argv.indexOf(`--${name}`); return i > 0 ? Number(process.argv[i + 1]) : fallback }
const ROUNDS = arg('rounds', 5)
const SECONDS = arg('seconds', 5)
const CONNECTIONS = 32
const sleep = (ms) => new Promise((r) => setTimeout(r, ms))
const freePort = () => new Promise((resolve) => { const s = createServer().listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => resolve(p)) }) })
const NGINX = ['/usr/sbin/nginx', '/usr/bin/nginx'].find(existsSync)
if (!NGINX) { console.error('bench/router.mjs needs nginx: scripts/setup services'); process.exit(3) }

const dir = mkdtempSync(join(tmpdir(), 'glidepath-router-bench-'))
const children = []
const appPort = await freePort()
writeFileSync(join(dir, 'app.mjs'), `import { createServer } from 'node:http'
const body = JSON.stringify({ message: 'hello', version: 'v1' })
createServer((req, res) => { res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }); res.end(body) }).listen(${appPort}, '127.0.0.1')
`)
children.push(spawn(process.execPath, [join(dir, 'app.mjs')], { stdio: 'ignore' }))

const nginxPort = await freePort()
mkdirSync(join(dir, 'nginx', 'logs'), { recursive: true })
const nginxConf = join(dir, 'nginx', 'nginx.conf')
const prefix = join(dir, 'nginx')
writeFileSync(nginxConf, `worker_processes 1;
pid ${prefix}/nginx.pid;
error_log ${prefix}/logs/error.log;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path ${prefix}/b; proxy_temp_path ${prefix}/p; fastcgi_temp_path ${prefix}/f; uwsgi_temp_path ${prefix}/u; scgi_temp_path ${prefix}/s;
  upstream app { server 127.0.0.1:${appPort}; keepalive 64; }
  server {
    listen 127.0.0.1:${nginxPort};
    location / { proxy_pass http://app; proxy_http_version 1.1; proxy_set_header Connection ""; }
  }
}
`)
execFileSync(NGINX, ['-p', prefix, '-c', nginxConf])

const routerPort = await freePort()
const routes = join(dir, 'router.json')
writeFileSync(routes, JSON.stringify({ port: routerPort, host: '127.0.0.1', stable: { version: 'v1', url: `http://127.0.0.1:${appPort}` }, canary: null, weight: 0, generation: 1 }))
children.push(spawn(process.execPath, [join(root, 'actions', 'deploy', 'dist', 'index.js')], { env: { ...process.env, GLIDEPATH_INTERNAL_ROUTER: routes }, stdio: 'ignore', cwd: dir }))

const up = async (port) => {
  for (let i = 0; i < 100; i++) {
    try { if ((await fetch(`http://127.0.0.1:${port}/`)).ok) return } catch { /* starting */ }
    await sleep(50)
  }
  throw new Error(`nothing answers on ${port}`)
}
await Promise.all([up(appPort), up(nginxPort), up(routerPort)])

const run = (port, seconds) => new Promise((resolve, reject) => autocannon({ url: `http://127.0.0.1:${port}/`, connections: CONNECTIONS, duration: seconds }, (err, r) => (err ? reject(err) : resolve(r))))
const targets = [['the app directly', appPort], ['nginx proxy_pass (1 worker, upstream keepalive)', nginxPort], ['Glidepath local router', routerPort]]
const results = Object.fromEntries(targets.map(([name]) => [name, []]))
for (const [, port] of targets) await run(port, 1) // warm up
for (let round = 0; round < ROUNDS; round++) {
  for (const [name, port] of targets) {
    const r = await run(port, SECONDS)
    results[name].push({ rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, errors: r.errors + r.non2xx })
  }
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
const summary = Object.fromEntries(Object.entries(results).map(([name, rs]) => [name, { rps: median(rs.map((r) => r.rps)), p50: median(rs.map((r) => r.p50)), p99: median(rs.map((r) => r.p99)), errors: rs.reduce((s, r) => s + r.errors, 0), all: rs }]))
const nginxS = summary[targets[1][0]]
const routerS = summary[targets[2][0]]
let md = `## Local router throughput beside nginx\n\n${new Date().toISOString().slice(0, 10)}, ${machine()}, nginx ${execFileSync(NGINX, ['-v'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }) || readFileSync('/dev/null', 'utf8') || ''}`.trim()
md += `. Command: \`node bench/router.mjs --rounds ${ROUNDS} --seconds ${SECONDS}\`.\n\nautocannon, ${CONNECTIONS} keep-alive connections, ${SECONDS} s per round, ${ROUNDS} rounds interleaved; medians of the rounds. The same trivial Node app behind each; one nginx worker with an upstream keep-alive pool; the router as the actions start it (one process; undici keep-alive connections per release, the most recently freed reused first).\n\n| target | requests/s | p50 ms | p99 ms | failed requests | rounds (requests/s) |\n|---|---|---|---|---|---|\n`
for (const [name, s] of Object.entries(summary)) md += `| ${name} | ${Math.round(s.rps)} | ${s.p50} | ${s.p99} | ${s.errors} | ${s.all.map((r) => Math.round(r.rps)).join(', ')} |\n`
const ratio = routerS.rps / nginxS.rps
// p99 in whole milliseconds from autocannon: a 0 ms p99 on either side is compared as 1 ms.
const p99Ratio = Math.max(1, routerS.p99) / Math.max(1, nginxS.p99)
md += `\nThe router carries **${ratio.toFixed(2)}x** nginx's requests/s with **${p99Ratio.toFixed(2)}x** its p99 (targets: at least 0.9x and at most 1.2x: ${ratio >= 0.9 && p99Ratio <= 1.2 ? 'met' : 'not met'}).\n`

// The profile: the same load on the same bundle, built again here with ncc's module stats (ncc keeps
// webpack's module ids and 'CONCATENATED MODULE' markers: each line maps back to its source file).
{
  const profDir = join(dir, 'prof')
  const bundle = join(dir, 'bundle')
  mkdirSync(profDir)
  const statsFile = join(dir, 'stats.json')
  execFileSync(process.execPath, [join(root, 'node_modules', '@vercel', 'ncc', 'dist', 'ncc', 'cli.js'), 'build', join('actions', 'deploy', 'src', 'index.ts'), '-o', bundle, '--stats-out', statsFile, '--quiet'], { cwd: root, stdio: 'inherit' })
  const port = await freePort()
  const file = join(dir, 'router-profiled.json')
  writeFileSync(file, JSON.stringify({ port, host: '127.0.0.1', stable: { version: 'v1', url: `http://127.0.0.1:${appPort}` }, canary: null, weight: 0, generation: 1 }))
  const profiled = spawn(process.execPath, ['--cpu-prof', '--cpu-prof-dir', profDir, join(bundle, 'index.js')], { env: { ...process.env, GLIDEPATH_INTERNAL_ROUTER: file }, stdio: 'ignore', cwd: dir })
  await up(port)
  await run(port, 1)
  const r = await run(port, SECONDS)
  const exited = new Promise((resolve) => profiled.once('exit', resolve))
  profiled.kill('SIGTERM')
  await exited
  const found = readdirSync(profDir).find((f) => f.endsWith('.cpuprofile'))
  if (found) {
    const p = summarise(join(profDir, found), bundleMap(bundle, statsFile))
    const pct = (x) => `${(x * 100).toFixed(1)}%`
    md += `\n### Where the router's CPU time goes\n\nOne ${SECONDS} s round (after 1 s of warm-up) against the same bundle under \`node --cpu-prof\` (${Math.round(r.requests.average)} requests/s while profiled; start-up included): ${Math.round(p.busyMs)} ms of CPU in ${(p.totalMs / 1000).toFixed(1)} s, idle left out. Each bundle line is mapped back to its source file through ncc's module stats.\n\n| where | CPU ms | share |\n|---|---|---|\n`
    for (const x of p.places) md += `| ${x.place} | ${Math.round(x.ms)} | ${pct(x.share)} |\n`
    md += `\nThe functions with the most self time:\n\n| function (source) | CPU ms | share |\n|---|---|---|\n`
    for (const x of p.functions) md += `| \`${x.fn.replace(/\|/g, '\\|')}\` | ${Math.round(x.ms)} | ${pct(x.share)} |\n`
    // What the profile says about the target: the share of the router's CPU it would have to shed.
    const share = (re) => p.functions.filter((x) => re.test(x.fn)).reduce((a, x) => a + x.share, 0)
    const writes = share(/^`?(writev|writeLatin1String|writeUtf8String|writeBuffer)\b/)
    const own = p.places.find((x) => x.place.startsWith("the router's own"))?.share ?? 0
    const shed = Math.max(0, 1 - ratio / 0.9)
    md += `\n${pct(writes)} of the router's CPU is in the two socket writes every proxied request needs (the request to the release, and the answer to the client), which nginx makes too; the router's own code is ${pct(own)}, the rest Node's HTTP server, streams and undici. ${shed > 0 ? `To reach 0.9x with the machine shared as here, the router would have to shed about ${pct(shed)} of its CPU per request${own < shed ? ', more than all of its own code: Node\'s HTTP server and undici cannot get there on this machine, and a proxy in native code (nginx as the local router\'s data plane, where nginx is installed) is what can' : ''}.` : 'The target is met on this machine.'}\n`
  } else md += '\nThe profiled router wrote no profile.\n'
}
console.log(md)
writeSection('router', md)

for (const c of children) c.kill('SIGTERM')
try { execFileSync(NGINX, ['-p', prefix, '-c', nginxConf, '-s', 'stop']) } catch { /* gone */ }
rmSync(dir, { recursive: true, force: true })
