import { describe, it, expect, beforeAll, afterAll } from '@jest/globals'
import { readFileSync, existsSync } from 'node:fs'
import { join } from 'node:path'
import { ActWorld, demoApp, USER_REPO } from './world.js'
import { freePort, ROOT } from '../../helpers/workspace.js'
import { killGroup } from '../../../shared/process/run.js'

// workflows-examples/regions on act: three regions rolled out in waves by one deploy step, a failing
// region halting the rollout, the same rollout as one job per wave with the state passed between
// jobs, and the nightly schedule going to staging (not to production, where main maps).

let world: ActWorld
const example = (file: string) => readFileSync(join(ROOT, 'workflows-examples', 'regions', file), 'utf8')
const push = (sha: string) => ({ ref: 'refs/heads/main', before: '0'.repeat(40), after: sha, repository: { full_name: USER_REPO, default_branch: 'main' }, head_commit: { id: sha, message: 'change' } })
const versionAt = async (port: number) => {
  try {
    const res = await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(2000) })
    return ((await res.json()) as { version?: string }).version ?? null
  } catch {
    return null
  }
}
const REGIONS = ['us-west-2', 'eu-west-1', 'us-east-1', 'staging']
const pids: string[] = []

beforeAll(async () => { world = await ActWorld.start() }, 120_000)
afterAll(async () => {
  for (const f of pids) if (existsSync(f)) killGroup(Number(readFileSync(f, 'utf8').trim()), 'SIGKILL')
  await world?.stop()
})

describe('workflows-examples/regions on act', () => {
  it('rolls out region by region, halts on a failing region, runs one job per wave, and deploys the nightly schedule to staging', async () => {
    const ports = await Promise.all(REGIONS.map(() => freePort()))
    const host = join(world.dir, 'regions')
    const log = join(host, 'calls.log')
    pids.push(...REGIONS.map((r) => join(host, `${r}.pid`)))
    const portOf = REGIONS.map((r, i) => `${r}) port=${ports[i]} ;;`).join(' ')
    const deploySh = `#!/bin/sh
set -e
region="\${GLIDEPATH_TARGET:-staging}"
case "$region" in ${portOf} esac
mkdir -p "${host}"
echo "$GLIDEPATH_OPERATION:$GLIDEPATH_ENVIRONMENT:$GLIDEPATH_VERSION" >> "${log}"
if [ "$region" = eu-west-1 ] && [ "$GLIDEPATH_OPERATION" = deploy ] && [ "$(cat app/BROKEN_EU 2>/dev/null)" = 1 ]; then echo "eu-west-1 refused the release" >&2; exit 1; fi
pidf="${host}/$region.pid"
if [ -f "$pidf" ]; then kill -TERM -"$(cat "$pidf")" 2>/dev/null || true; sleep 0.3; fi
cd app
PORT="$port" GLIDEPATH_VERSION="$GLIDEPATH_VERSION" setsid node server.js >/dev/null 2>&1 < /dev/null &
echo $! > "$pidf"
for i in $(seq 1 50); do
  if node -e "fetch('http://127.0.0.1:$port/health').then(r=>r.json()).then(b=>process.exit(b.version===process.env.GLIDEPATH_VERSION?0:1),()=>process.exit(1))"; then exit 0; fi
  sleep 0.1
done
echo "the app did not come up" >&2; exit 1
`
    const config = example('glidepath.yml').replace('bake: 30m', 'bake: 1s')
    const repo = world.userRepo('regions', {
      '.github/workflows/deploy.yml': example('deploy.yml'),
      '.github/workflows/waves-approval.yml': example('waves-approval.yml'),
      '.github/workflows/nightly.yml': example('nightly.yml'),
      '.github/glidepath.yml': config,
      'scripts/deploy.sh': deploySh,
      'scripts/status.sh': '#!/bin/sh\nexit 0\n',
      ...demoApp('app'),
    })
    const at = () => Promise.all(REGIONS.map((_, i) => versionAt(ports[i])))
    const first = repo.sha()
    const r1 = await world.act(repo, 'push', '.github/workflows/deploy.yml', push(first))
    expect({ code: r1.code, tail: r1.code ? r1.output.slice(-4000) : '' }).toEqual({ code: 0, tail: '' })
    expect(await at()).toEqual([first, first, first, null])
    expect(r1.output).toMatch(/rolls [0-9a-f]{40} out in 3 wave\(s\): 1: us-west-2; 2: eu-west-1; 3: us-east-1/)

    // eu-west-1 refuses the second version: wave 2 fails, wave 3 never starts, us-west-2 keeps it.
    const second = repo.commit('v2', { 'app/BROKEN_EU': '1' })
    const r2 = await world.act(repo, 'push', '.github/workflows/deploy.yml', push(second))
    expect(r2.code).not.toBe(0)
    expect(r2.output).toMatch(/GP-WAVES-001/)
    expect(await at()).toEqual([second, first, first, null])
    const calls = readFileSync(log, 'utf8').trim().split('\n')
    expect(calls.filter((c) => c.includes(second))).toEqual([`deploy:production/us-west-2:${second}`, `deploy:production/eu-west-1:${second}`])
    // One GitHub deployment per region, each with its own status.
    const latest = (env: string) => world.gh.deployments.find((d) => d.environment === env)
    expect(latest('production/us-west-2')?.statuses[0].state).toBe('success')
    expect(latest('production/eu-west-1')?.statuses[0].state).toBe('failure')
    // The environment's url names {{target}}: each region's deployment has its own.
    expect(latest('production/us-west-2')?.statuses[0].environment_url).toBe('https://us-west-2.app.example.com')

    // A fixed third version, one job per wave with the state carried between jobs (fresh workspaces).
    const third = repo.commit('v3 fixed', { 'app/BROKEN_EU': '0' })
    const r3 = await world.act(repo, 'push', '.github/workflows/waves-approval.yml', push(third))
    expect({ code: r3.code, tail: r3.code ? r3.output.slice(-4000) : '' }).toEqual({ code: 0, tail: '' })
    expect(await at()).toEqual([third, third, third, null])
    expect(r3.job('wave-2')).toMatch(/Resuming the rollout of [0-9a-f]{40} on production at wave 1 of 3/)

    // The nightly schedule on main deploys staging, which lists the cron; production is untouched.
    const r4 = await world.act(repo, 'schedule', '.github/workflows/nightly.yml', { schedule: '0 3 * * *', repository: { full_name: USER_REPO, default_branch: 'main' } })
    expect({ code: r4.code, tail: r4.code ? r4.output.slice(-4000) : '' }).toEqual({ code: 0, tail: '' })
    expect(await at()).toEqual([third, third, third, third])
    expect(r4.output).toMatch(/the schedule "0 3 \* \* \*" is listed in its schedules/)
    expect(world.gh.rejections).toEqual([])
  }, 900_000)
})
