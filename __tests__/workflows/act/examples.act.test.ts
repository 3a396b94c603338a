import { describe, it, expect, beforeAll, afterAll } from '@jest/globals'
import { readFileSync, existsSync } from 'node:fs'
import { join } from 'node:path'
import { ActWorld, demoApp, USER_REPO } from './world.js'
import { freePort, ROOT } from '../../helpers/workspace.js'
import { startNginx, type RealNginx } from '../../helpers/real-services.js'
import { killGroup } from '../../../shared/process/run.js'

// The example callers in workflows-examples/, copied into a user's repository unchanged (their
// glidepath.yml gets this host's addresses and short pauses), pushed twice on main and run by act: a
// first deploy, then a canary promoted step by step. Both pass `version: ${{ github.sha }}`. command-platform drives a platform through its
// scripts; vm-nginx shifts a real nginx's upstream weights and judges the canary by probes.

let world: ActWorld
const example = (name: string, file: string) => readFileSync(join(ROOT, 'workflows-examples', name, file), 'utf8')
const push = (sha: string) => ({ ref: 'refs/heads/main', before: '0'.repeat(40), after: sha, repository: { full_name: USER_REPO, default_branch: 'main' }, head_commit: { id: sha, message: 'change' } })
const ok = (run: { code: number; output: string }) => expect({ code: run.code, tail: run.code ? run.output.slice(-4000) : '' }).toEqual({ code: 0, tail: '' })
const versionAt = async (url: string) => {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(2000) })
    return res.headers.get('x-version') ?? ((await res.json()) as { version?: string }).version ?? null
  } catch {
    return null
  }
}
const states = (d: { statuses: Array<{ state: string }> }) => d.statuses.map((s) => s.state).reverse()

// A script that (re)starts the demo app of the checked-out commit on a port, as a platform would.
const startOn = (portExpr: string, pidFile: string) => `pidf="${pidFile}"
mkdir -p "$(dirname "$pidf")"
if [ -f "$pidf" ]; then kill -TERM -"$(cat "$pidf")" 2>/dev/null || true; sleep 0.3; fi
cd app
PORT="${portExpr}" GLIDEPATH_VERSION="$GLIDEPATH_VERSION" setsid node server.js >/dev/null 2>&1 < /dev/null &
echo $! > "$pidf"
for i in $(seq 1 50); do
  if node -e "fetch('http://127.0.0.1:${portExpr}/health').then(r=>r.json()).then(b=>process.exit(b.version===process.env.GLIDEPATH_VERSION?0:1),()=>process.exit(1))"; then exit 0; fi
  sleep 0.1
done
echo "the app did not come up" >&2; exit 1`

const pids: string[] = []
beforeAll(async () => { world = await ActWorld.start() }, 120_000)
afterAll(async () => {
  for (const f of pids) if (existsSync(f)) killGroup(Number(readFileSync(f, 'utf8').trim()), 'SIGKILL')
  await world?.stop()
})

describe('workflows-examples on act', () => {
  it('command-platform: a first deploy, then a canary promoted through the platform\'s scripts', async () => {
    const stable = await freePort()
    const canary = await freePort()
    const host = join(world.dir, 'platform')
    const log = join(host, 'calls.log')
    const record = `mkdir -p "${host}" && echo "$GLIDEPATH_OPERATION:$GLIDEPATH_ROLE:$GLIDEPATH_WEIGHT:$GLIDEPATH_VERSION" >> "${log}"`
    pids.push(join(host, 'stable.pid'), join(host, 'canary.pid'))
    const config = example('command-platform', 'glidepath.yml')
      .replace('https://app.example.com', `http://127.0.0.1:${stable}`)
      .replace(/pause: \d+m/g, 'pause: 1s')
    const repo = world.userRepo('command-platform', {
      '.github/workflows/deploy.yml': example('command-platform', 'deploy.yml'),
      '.github/glidepath.yml': config,
      '.github/smoke.yml': example('command-platform', 'smoke.yml'),
      'scripts/deploy.sh': `#!/bin/sh\nset -e\n${record}\nif [ "$GLIDEPATH_ROLE" = canary ]; then\n${startOn(String(canary), join(host, 'canary.pid'))}\nelse\n${startOn(String(stable), join(host, 'stable.pid'))}\nfi\n`,
      // 100% is the promotion: the platform moves the canary's version onto the stable address.
      'scripts/weight.sh': `#!/bin/sh\nset -e\n${record}\nif [ "$GLIDEPATH_WEIGHT" = 100 ]; then\n${startOn(String(stable), join(host, 'stable.pid'))}\nkill -TERM -"$(cat "${join(host, 'canary.pid')}")" 2>/dev/null || true\nfi\n`,
      'scripts/rollback.sh': `#!/bin/sh\nset -e\n${record}\n${startOn(String(stable), join(host, 'stable.pid'))}\n`,
      'scripts/status.sh': `#!/bin/sh\n${record}\n`,
      ...demoApp('app'),
    })
    const first = repo.sha()
    ok(await world.act(repo, 'push', '.github/workflows/deploy.yml', push(first)))
    expect(await versionAt(`http://127.0.0.1:${stable}/`)).toBe(first)
    const second = repo.commit('v2', { 'app/NOTES': 'v2' })
    const run = await world.act(repo, 'push', '.github/workflows/deploy.yml', push(second))
    ok(run)
    expect(await versionAt(`http://127.0.0.1:${stable}/`)).toBe(second)
    const calls = readFileSync(log, 'utf8').trim().split('\n')
    expect(calls).toEqual([
      `deploy:::${first}`, `status:::${first}`,
      `deploy:canary::${second}`, `status:canary::${second}`,
      `set-weight::10:${second}`, `set-weight::50:${second}`, `set-weight::100:${second}`,
    ])
    const [latest] = world.gh.deployments.filter((d) => d.environment === 'production')
    expect(states(latest).at(-1)).toBe('success')
    expect(world.gh.rejections).toEqual([])
  }, 600_000)

  it('vm-nginx: a first deploy, then a canary shifted through real nginx and promoted', async () => {
    const nginx: RealNginx = await startNginx('web', 'upstream web { server 127.0.0.1:9; }\n')
    try {
      const stable = `127.0.0.1:${await freePort()}`
      const canary = `127.0.0.1:${await freePort()}`
      const host = join(world.dir, 'vm')
      pids.push(join(host, 'stable.pid'), join(host, 'canary.pid'))
      const config = example('vm-nginx', 'glidepath.yml')
        .replace('https://www.example.com', nginx.url)
        .replace('/var/lib/glidepath', join(host, 'state'))
        .replace('/etc/nginx/conf.d/glidepath-web.conf', nginx.upstreamFile)
        .replace('stable: 127.0.0.1:8081', `stable: ${stable}`)
        .replace('canary: 127.0.0.1:8082', `canary: ${canary}\n        test: ${nginx.testCommand}\n        reload: ${nginx.reloadCommand}\n        pidFile: ${nginx.pidFile}`)
        .replace(/pause: \d+m/g, 'pause: 1s')
        .replace('interval: 20s', 'interval: 300ms')
      expect(config).toContain(nginx.upstreamFile)
      const repo = world.userRepo('vm-nginx', {
        '.github/workflows/deploy.yml': example('vm-nginx', 'deploy.yml'),
        '.github/glidepath.yml': config,
        '.github/smoke.yml': example('vm-nginx', 'smoke.yml'),
        'ops/place.sh': `#!/bin/sh\nset -e\n${startOn('${GLIDEPATH_ADDRESS##*:}', `${host}/$GLIDEPATH_ROLE.pid`)}\n`,
        'ops/stop.sh': `#!/bin/sh\nf="${host}/canary.pid"\nif [ -f "$f" ]; then kill -TERM -"$(cat "$f")" 2>/dev/null || true; rm -f "$f"; fi\n`,
        ...demoApp('app'),
      })
      const opts = { env: {} }
      const first = repo.sha()
      ok(await world.act(repo, 'push', '.github/workflows/deploy.yml', push(first), opts))
      expect(await versionAt(`${nginx.url}/`)).toBe(first)
      const second = repo.commit('v2', { 'app/NOTES': 'v2' })
      const run = await world.act(repo, 'push', '.github/workflows/deploy.yml', push(second), opts)
      ok(run)
      expect(run.output).toMatch(/::set-output:: decision=promote/)
      for (let i = 0; i < 10; i++) expect(await versionAt(`${nginx.url}/`)).toBe(second)
      expect(readFileSync(nginx.upstreamFile, 'utf8')).toMatch(new RegExp(`server ${stable} weight=100;`))
      expect(await versionAt(`http://${canary}/`)).toBeNull() // command.stop ran for the canary address
      expect(world.gh.rejections).toEqual([])
    } finally {
      nginx.stop()
    }
  }, 600_000)
})
