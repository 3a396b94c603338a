import { describe, it, expect, beforeAll, afterAll, beforeEach, afterEach } from '@jest/globals'
import { writeFileSync, chmodSync, mkdirSync, cpSync } from 'node:fs'
import { join } from 'node:path'
import { run as deploy } from '../../actions/deploy/src/main.js'
import { run as rollback } from '../../actions/rollback/src/main.js'
import { createWorkspace, freePort, DEMO_APP, type TestWorkspace } from '../helpers/workspace.js'
import { startNginx, placeScript, killPlaced, type RealNginx } from '../helpers/real-services.js'
import { httpRequest } from '../../shared/http/request.js'

// Waves across two hosts, each behind its own real nginx: the command provider places versions on each
// host's stable and canary ports and the nginx router of each target shifts that host's upstream.
const HOSTS = ['edge-a', 'edge-b']
let nginx: RealNginx[]
let ports: Array<{ stable: number; canary: number }>
let ws: TestWorkspace

beforeAll(async () => {
  ports = []
  nginx = []
  for (const _ of HOSTS) {
    const p = { stable: await freePort(), canary: await freePort() }
    ports.push(p)
    nginx.push(await startNginx('web', `upstream web { server 127.0.0.1:${p.stable}; }\n`))
  }
})
afterAll(() => nginx?.forEach((n) => n.stop()))

const config = (onFailure = 'rollback-failed') => `version: 1
environments:
  edge:
    branches: [main]
    strategy: canary
    timeout: 20s
    command: { deploy: ./place.sh }
    traffic: { router: nginx }
    canary:
      steps: [ {weight: 50, pause: 1s}, {weight: 100} ]
    waves: { onFailure: ${onFailure} }
    targets:
${HOSTS.map((h, i) => `      - name: ${h}
        traffic:
          nginx: { upstream: web, file: ${nginx[i].upstreamFile}, stable: 127.0.0.1:${ports[i].stable}, canary: 127.0.0.1:${ports[i].canary}, test: '${nginx[i].testCommand}', reload: '${nginx[i].reloadCommand}', pidFile: ${nginx[i].pidFile} }`).join('\n')}
`

beforeEach(async () => {
  ws = createWorkspace()
  for (const [name, behaviour] of [['v1', {}], ['v2', {}], ['v3', {}]] as const) {
    const dir = join(ws.dir, 'apps', name)
    mkdirSync(dir, { recursive: true })
    cpSync(DEMO_APP, dir, { recursive: true })
    writeFileSync(join(dir, 'behaviour.json'), JSON.stringify(behaviour))
  }
  // edge-b refuses v3 (its health never answers on that host).
  const script = placeScript(join(ws.dir, 'apps'), join(ws.dir, 'run', '$GLIDEPATH_TARGET'))
    .replace('set -e\n', 'set -e\nif [ "$GLIDEPATH_TARGET" = edge-b ] && [ "$GLIDEPATH_VERSION" = v3 ]; then echo "edge-b cannot run v3" >&2; exit 1; fi\n')
  writeFileSync(join(ws.dir, 'place.sh'), script)
  chmodSync(join(ws.dir, 'place.sh'), 0o755)
  ws.writeConfig(config())
  const first = await ws.run(deploy, { version: 'v1' })
  if (first.failed) throw new Error(first.failed)
})
afterEach(async () => {
  for (const h of HOSTS) killPlaced(join(ws.dir, 'run', h))
  for (const n of nginx) n.reset()
  await ws.cleanup()
})

/** Requests through every host's nginx, a new connection each, counting failures per host. */
function load(): { stop(): Promise<Array<{ sent: number; failed: number }>> } {
  let running = true
  const counts = nginx.map(() => ({ sent: 0, failed: 0 }))
  const workers = nginx.map(async (n, i) => {
    while (running) {
      counts[i].sent++
      try {
        const res = await httpRequest(`${n.url}/`, { timeoutMs: 3000 })
        if (res.status >= 500) counts[i].failed++
      } catch {
        counts[i].failed++
      }
    }
  })
  return { stop: async () => { running = false; await Promise.all(workers); return counts } }
}
const versionAt = async (i: number) => (await httpRequest(`${nginx[i].url}/`)).headers.get('x-version')

describe('waves across hosts behind real nginx', () => {
  it('moves host by host with no failed request, and halts when the second host fails', async () => {
    const l = load()
    const d = await ws.run(deploy, { version: 'v2' })
    const counts = await l.stop()
    expect(d.failed).toBeUndefined()
    expect([await versionAt(0), await versionAt(1)]).toEqual(['v2', 'v2'])
    for (const c of counts) {
      expect(c.sent).toBeGreaterThan(20)
      expect(c.failed).toBe(0)
    }
    const bad = await ws.run(deploy, { version: 'v3' })
    expect(bad.failed).toMatch(/GP-WAVES-001.*halted in wave 2 of 2: edge-b failed \(GP-PROVIDER-004/)
    expect([await versionAt(0), await versionAt(1)]).toEqual(['v3', 'v2'])
    // rollback of the environment returns the host that moved.
    const rb = await ws.run(rollback, {})
    expect(rb.failed).toBeUndefined()
    expect([await versionAt(0), await versionAt(1)]).toEqual(['v2', 'v2'])
  })
})
