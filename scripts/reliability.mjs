#!/usr/bin/env node
// npm run reliability: runs the reliability suite (the bad-input corpus, fault injection, concurrency,
// secrets, hostile event values, plus the integration and real-services scenarios that inject faults)
// and writes RELIABILITY.md with the figures. Exits non-zero when any scenario fails.
import { spawnSync } from 'node:child_process'
import { readFileSync, writeFileSync, existsSync, rmSync, mkdirSync } from 'node:fs'
import { join, dirname, relative } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const out = join(root, '.reliability')
rmSync(out, { recursive: true, force: true })
mkdirSync(out, { recursive: true })
const started = Date.now()
// The long model-based runs (docs/state-machine.md): several hundred random command sequences in all.
const MODEL_RUNS = { local: process.env.GLIDEPATH_MODEL_RUNS_LOCAL ?? '60', nginx: process.env.GLIDEPATH_MODEL_RUNS_NGINX ?? '12', ssh: process.env.GLIDEPATH_MODEL_RUNS_SSH ?? '10' }
const jest = spawnSync(process.execPath, [join(root, 'node_modules', 'jest', 'bin', 'jest.js'), '--selectProjects', 'reliability', '--runInBand', '--testTimeout', '120000', '--json', `--outputFile=${join(out, 'jest.json')}`], {
  cwd: root, stdio: 'inherit',
  env: { ...process.env, NODE_OPTIONS: '--experimental-vm-modules', NODE_NO_WARNINGS: '1', GLIDEPATH_MODEL_RUNS_LOCAL: MODEL_RUNS.local, GLIDEPATH_MODEL_RUNS_NGINX: MODEL_RUNS.nginx, GLIDEPATH_MODEL_RUNS_SSH: MODEL_RUNS.ssh, GLIDEPATH_MODEL_REPORT: out,
    // The ssh flavour puts the built bundle on its host, as the SSH suite does.
    GLIDEPATH_INTERNAL_SELF: JSON.stringify([process.execPath, join(root, 'actions', 'deploy', 'dist', 'index.js')]) },
})
const seconds = ((Date.now() - started) / 1000).toFixed(0)
const read = (f) => (existsSync(join(out, f)) ? readFileSync(join(out, f), 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l)) : [])
const corpus = read('bad-inputs.jsonl')
const faults = read('faults.jsonl')
const models = read('model.jsonl')
const downtime = read('zero-downtime.jsonl')
const report = existsSync(join(out, 'jest.json')) ? JSON.parse(readFileSync(join(out, 'jest.json'), 'utf8')) : { testResults: [], numPassedTests: 0, numFailedTests: 0 }

const AREAS = [
  ['Bad input (corpus)', /reliability\/bad-inputs/],
  ['Secrets, hostile values, cancellation, app crash', /reliability\/faults-secrets/],
  ['Prometheus answering garbage, slowly, with errors, NaN; PromQL escaping', /reliability\/metric-faults/],
  ['GitHub API faults (500/502/429/rate limits, permissions)', /integration\/github/],
  ['Concurrency and stale locks', /integration\/lock/],
  ['Canary faults on the local router (crash between state and traffic, re-runs, no data)', /integration\/local-canary/],
  ['Command provider failures and hostile values', /integration\/command-provider/],
  ['nginx and Prometheus faults (reload failure, Prometheus down, empty results)', /services\//],
  ['State machine, model-based (local provider; command provider behind nginx)', /model\//],
  ['Zero downtime under load (local router, nginx)', /reliability\/zero-downtime/],
]
let md = `# Reliability\n\nWritten by \`npm run reliability\` (${new Date().toISOString().slice(0, 10)}, ${seconds} s on the CI machine kind).\n`
md += `${report.numFailedTests ? `**${report.numFailedTests} scenario(s) FAILED.**` : 'Every scenario passed.'} ${report.numPassedTests} passed, ${report.numFailedTests} failed.\n\n`
md += '## Scenarios by area\n\n| area | scenarios | passed | failed |\n|---|---|---|---|\n'
for (const [area, re] of AREAS) {
  const files = report.testResults.filter((f) => re.test(f.name))
  const tests = files.flatMap((f) => f.assertionResults)
  md += `| ${area} | ${tests.length} | ${tests.filter((t) => t.status === 'passed').length} | ${tests.filter((t) => t.status === 'failed').length} |\n`
}
const byKind = {}
for (const c of corpus) {
  byKind[c.kind] ??= { tried: 0, coded: 0, unchanged: 0 }
  byKind[c.kind].tried++
  if (c.got === c.expected) byKind[c.kind].coded++
  if (c.unchanged) byKind[c.kind].unchanged++
}
md += `\n## Bad-input corpus\n\n${corpus.length} invalid inputs from \`__tests__/fixtures/bad-inputs/\`, each run through its action after a good deploy. Each must end in its expected error code and leave the environment's state file and the provider's log of deploys and weight changes byte-identical.\n\n| kind | tried | expected code | nothing changed |\n|---|---|---|---|\n`
for (const [kind, v] of Object.entries(byKind)) md += `| ${kind} | ${v.tried} | ${v.coded} | ${v.unchanged} |\n`
const codes = {}
for (const c of corpus) codes[c.expected] = (codes[c.expected] ?? 0) + 1
md += `\nCodes expected: ${Object.entries(codes).sort().map(([c, n]) => `${c} ×${n}`).join(', ')}.\n`
const failedCases = corpus.filter((c) => !c.ok)
if (failedCases.length) md += `\nFailed cases:\n${failedCases.map((c) => `- ${c.kind} ${c.name}: expected ${c.expected}, got ${c.got}${c.unchanged ? '' : ', state or traffic changed'}`).join('\n')}\n`
md += '\n## The state machine, model-based\n\n'
md += 'fast-check draws the kinds of five versions (good, bad (5xx), dead (never healthy), slow, crash-after-start) and random command sequences (deploys with every strategy, every canary-step request, rollbacks to the last good version, to a named one and to one never deployed, teardown, a SIGKILL of the running action followed by the next command, two commands racing for the lock; and the world\'s faults: on the local provider and on a host over SSH the router stopped, the stable or canary release killed, the state deleted (on the host and the runner), the host restarted (the router and every release killed at once); behind nginx the stable or canary address killed and the state deleted; each met by the next command, which must heal or stop with a coded error; and, on the local provider and behind nginx, the lock deleted part-way through a run while a second run starts, the first stopped by its fence and what it left reconciled by the second. Over SSH a killed runner leaves its agent and lock on the host until they go stale, so kills and races are the other flavours\') and runs them against the real system, checking after every command, by real HTTP requests and the state file, the invariants of [docs/state-machine.md](docs/state-machine.md).\n\n'
md += '| provider | sequences | commands | killed mid-command | races | world faults | requests checked | resent after a reset | seed | result | seconds |\n|---|---|---|---|---|---|---|---|---|---|---|\n'
const FLAVOUR = { local: 'local (real router, real processes)', nginx: 'command provider behind real nginx', ssh: 'local provider on a host over real OpenSSH' }
for (const m of models) md += `| ${FLAVOUR[m.flavour] ?? m.flavour} | ${m.runs} | ${m.commands} | ${m.kills} | ${m.races} | ${m.faults ?? 0} | ${m.requests} | ${m.flavour === 'nginx' ? m.retried : 'never (no retry)'} | ${m.seed} | ${m.failed ? `**failed**: ${String(m.counterexample).replace(/\|/g, '\\|')}` : 'every invariant held'} | ${m.seconds} |\n`
md += `\nReplay a run with \`GLIDEPATH_MODEL_SEED=<seed>\` (and the path a failure prints). \`npm test\`, \`npm run test:services\` and \`npm run test:ssh\` run short runs of the same tests.\n`
md += '\n## Zero downtime under load\n\nautocannon (16 keep-alive connections, closed loop) runs against the environment\'s front while each transition runs; every failed request is counted: connection errors and resets, timeouts, and answers that are not 2xx (the apps answer only 200, so any other status is the router\'s own).\n\n'
md += '| front | transition | requests | failed | of which resets at an nginx reload | nginx reloads | timeouts | non-2xx | seconds |\n|---|---|---|---|---|---|---|---|---|\n'
for (const d of downtime) md += `| ${d.front} | ${d.transition} | ${d.requests} | ${d.failed} | ${d.resetsAtReload} | ${d.reloads ?? ''} | ${d.timeouts} | ${d.non2xx} | ${d.seconds} |\n`
md += '\nThe local router fails no request: it changes routes without closing a connection, counts requests in flight per release and stops a release only once they are answered. Behind nginx every weight change is a reload, and nginx closes its idle keep-alive client connections when it reloads: a request a client sends on one at that instant is reset: at most one per open connection (16 here) at each reload, and the test holds them to that bound. RFC 9112 9.3.1 lets a client resend an idempotent request on a new connection when that happens, and browsers and curl do; autocannon does not, so those resets are counted above. The model-based tests use a client that resends once and see none fail. Nothing else fails behind nginx: no refused connection, no timeout, no 502: a version never replaces the one serving in place (it takes traffic on the canary address first), and each reload is confirmed from nginx\'s workers before the next step.\n'
md += `\n## Faults injected\n\n| area | scenario | outcome |\n|---|---|---|\n`
for (const f of faults) md += `| ${f.area} | ${f.scenario} | ${f.outcome.replace(/\|/g, '\\|')} |\n`
md += '\nThe other areas are the scenarios of their test files (the reliability project in `jest.config.js`); each test name there says the fault and the expected outcome. Examples: GitHub answering 502, 429 with Retry-After and 403 rate limits (retried, then success); 500 on every try (a coded GP-GITHUB-004 failure, the record saying why, nothing deployed); a read-only fork token; Prometheus unreachable (errors counted, abort after errorLimit, never a promotion); `nginx -s reload` failing (the previous weights keep serving); two deploys started together; a stale lock from a killed run; canary-step killed between writing state and moving traffic (resumed, never advanced twice).\n'
md += '\n## Not covered here\n\n- Kubernetes and Helm faults (RBAC refusals, rejected credentials, stuck releases, image pull failures, a helm killed mid-upgrade) are exercised by `npm run test:k8s` against a real control plane, not in this report.\n'
md += '- GitHub secondary rate limits are injected as 403 with `retry-after`; the slow, many-minute back-off of a real secondary limit is not simulated.\n'
writeFileSync(join(root, 'RELIABILITY.md'), md)
console.log(`wrote ${relative(process.cwd(), join(root, 'RELIABILITY.md'))}`)
process.exit(jest.status ?? 1)
