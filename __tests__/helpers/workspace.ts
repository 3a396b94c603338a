import { mkdtempSync, mkdirSync, writeFileSync, cpSync, readdirSync, existsSync, readFileSync, rmSync, readlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { request as httpRequest } from 'node:http'
import { join } from 'node:path'
import { createMemoryRuntime, type MemoryRuntime } from '../../shared/runtime/memory.js'
import { execute, type ActionRun } from '../../shared/entry/entry.js'
import { processAlive, stopGroups, type ProcessRef } from '../../shared/process/run.js'
import { processesUnder } from '../../shared/process/proc.js'
import { freePort } from '../../shared/http/ports.js'

export const ROOT = process.cwd()
export const DEMO_APP = join(ROOT, 'examples', 'demo-app')
export { freePort }

export interface TestWorkspace {
  dir: string
  stateDir: string
  writeConfig(yaml: string): void
  /** Copies the demo app to `<dir>/<name>` with an optional behaviour file. */
  app(name: string, behaviour?: Record<string, unknown>): string
  run(action: ActionRun, inputs?: Record<string, string>, env?: Record<string, string>, payload?: Record<string, unknown>): Promise<MemoryRuntime>
  cleanup(): Promise<void>
}

export function createWorkspace(): TestWorkspace {
  const dir = mkdtempSync(join(tmpdir(), 'glidepath-test-'))
  mkdirSync(join(dir, '.github'), { recursive: true })
  const stateDir = join(dir, '.glidepath')
  return {
    dir,
    stateDir,
    writeConfig: (yaml) => writeFileSync(join(dir, '.github', 'glidepath.yml'), yaml),
    app: (name, behaviour) => {
      const target = join(dir, name)
      cpSync(DEMO_APP, target, { recursive: true })
      if (behaviour) writeFileSync(join(target, 'behaviour.json'), JSON.stringify(behaviour))
      return target
    },
    run: async (action, inputs = {}, env = {}, payload) => {
      const rt = createMemoryRuntime({ inputs, env: { GITHUB_WORKSPACE: dir, ...env }, payload, workspace: dir })
      await execute(rt, action)
      return rt
    },
    cleanup: async () => {
      await stopAll(stateDir)
      // Then anything else still working in the test's directory (a suite leaves nothing running): a
      // process no state names any more, e.g. one a killed or raced run of the model left behind.
      const left = processesUnder(dir).filter((p) => p.pid !== process.pid)
      await stopGroups(left.filter((p) => p.pid === p.pgid).map((p) => ({ pid: p.pid, start: p.start })), 5000)
      for (const p of left.filter((q) => q.pid !== q.pgid)) {
        try { process.kill(p.pid, 'SIGKILL') } catch { /* gone */ }
      }
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

/** Stops every release process and router recorded under a state directory. */
export async function stopAll(stateDir: string): Promise<void> {
  if (!existsSync(stateDir)) return
  const refs: ProcessRef[] = []
  for (const env of readdirSync(stateDir)) {
    const local = join(stateDir, env, 'local.json')
    if (existsSync(local)) for (const p of Object.values(JSON.parse(readFileSync(local, 'utf8')).running ?? {}) as ProcessRef[]) refs.push(p)
    const pidFile = join(stateDir, env, 'router.pid')
    if (existsSync(pidFile)) refs.push(JSON.parse(readFileSync(pidFile, 'utf8')) as ProcessRef)
  }
  await stopGroups(refs, 5000)
}

export async function get(url: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string; version: string | null }> {
  const res = await fetch(url, { headers, signal: AbortSignal.timeout(5000) })
  return { status: res.status, body: await res.text(), version: res.headers.get('x-glidepath-version') }
}

/** Live processes whose working directory is a release under this state directory (what runs, per /proc). */
export function releaseProcesses(stateDir: string): Array<{ pid: number; pgid: number; version: string; environment: string }> {
  const out: Array<{ pid: number; pgid: number; version: string; environment: string }> = []
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    let cwd: string
    try {
      cwd = readlinkSync(`/proc/${entry}/cwd`)
    } catch {
      continue
    }
    const m = cwd.startsWith(`${stateDir}/`) ? /^([^/]+)\/releases\/([^/]+)/.exec(cwd.slice(stateDir.length + 1)) : null
    if (!m || !processAlive(Number(entry))) continue
    let pgid = Number(entry)
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8')
      pgid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2])
    } catch { /* gone meanwhile */ }
    out.push({ pid: Number(entry), pgid, environment: m[1], version: m[2] })
  }
  return out
}

/** A GET to 127.0.0.1:port with the Host header a browser would send for `host` (fetch may not set Host). */
export function getAs(port: number, host: string, path = '/', headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, headers: { host, ...headers }, timeout: 5000 }, (res) => {
      let body = ''
      res.on('data', (c) => (body += c))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }))
    })
    req.on('error', reject)
    req.end()
  })
}
