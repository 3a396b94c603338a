import { mkdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { GlidepathError } from '../errors/index.js'
import { readJson, writeJsonAtomic } from '../files/json-file.js'
import { sleep, formatDuration } from '../time/duration.js'
import { isRunning, processStart, startDetached, stopGroups } from '../process/run.js'
import { probeHealth } from '../http/request.js'

// A local release as a process and local.json, its record: shared by the local provider (which starts a
// version's release) and the waker of a sleeping preview (local-sleep.ts, which starts it again as it ran).

export interface ReleaseProcess {
  pid: number
  /** The process's start time, so a pid reused by another process is never taken for it. */
  start?: string
  port: number
  startedAt: string
  /** Started, not yet healthy (a run killed now leaves it for the next run to stop). */
  starting?: boolean
}
export interface LocalState {
  running: Record<string, ReleaseProcess>
  /** Put to sleep (previews.idle) at this time: the running releases are stopped until a request wakes them. */
  asleep?: string
}

/** How a release process is started: its directory, its command line and environment (PORT is added). */
export interface ReleaseLaunch {
  version: string
  cwd: string
  argv: string[]
  env: Record<string, string | undefined>
}
export interface ReleaseHealth {
  path: string
  minReadyMs: number
  timeoutMs: number
  /** What to check when the release exits early or never answers (the error's fix). */
  fix: string
}

const LOG_TAIL = 1500
export const STOP_GRACE_MS = 10_000

const localStateFile = (storeDir: string) => join(storeDir, 'local.json')

export function readLocal(storeDir: string): LocalState {
  return readJson<LocalState>(localStateFile(storeDir), { running: {} })
}

export function updateLocal(storeDir: string, change: (state: LocalState) => void): void {
  const state = readLocal(storeDir)
  change(state)
  writeJsonAtomic(localStateFile(storeDir), state)
}

export const urlOf = (port: number) => `http://127.0.0.1:${port}`

/** Stops the recorded process of `version` (when it is the one on `port`) and forgets it. */
export async function stopRelease(storeDir: string, version: string, port: number): Promise<void> {
  const proc = readLocal(storeDir).running[version]
  if (!proc || proc.port !== port) return
  await stopGroups([proc], STOP_GRACE_MS)
  updateLocal(storeDir, (st) => { delete st.running[version] })
}

/**
 * Starts a release on `port` and waits until its health path has answered 2xx for minReady without a
 * miss; recorded in local.json at once (starting), so a run killed during the wait leaves it findable.
 * A release that exits or never gets healthy is stopped and a coded error says why, with its output.
 */
export async function startRelease(storeDir: string, launch: ReleaseLaunch, port: number, health: ReleaseHealth, say: (m: string) => void): Promise<ReleaseProcess> {
  const { version } = launch
  const logFile = join(storeDir, 'logs', `${version}.log`)
  mkdirSync(join(storeDir, 'logs'), { recursive: true })
  const child = startDetached(launch.argv, { cwd: launch.cwd, env: { ...launch.env, PORT: String(port) }, logFile })
  const proc: ReleaseProcess = { pid: child.pid as number, start: processStart(child.pid), port, startedAt: new Date().toISOString(), starting: true }
  updateLocal(storeDir, (st) => { st.running[version] = proc })
  let exit: { code: number | null; signal: string | null } | undefined
  child.on('exit', (code, signal) => {
    exit = { code, signal }
  })
  say(`Started ${version} (pid ${child.pid}, port ${port}); waiting for ${health.path} to answer 2xx for ${formatDuration(health.minReadyMs)} (up to ${formatDuration(health.timeoutMs)}).`)
  const deadline = Date.now() + health.timeoutMs
  let last = 'no answer yet'
  let healthySince: number | undefined
  const fail = async (error: GlidepathError): Promise<never> => {
    await stopRelease(storeDir, version, port)
    throw error
  }
  while (Date.now() < deadline) {
    if (exit) {
      await fail(new GlidepathError('GP-PROVIDER-002', `Release ${version} exited (${exit.signal ?? `code ${exit.code}`}) ${healthySince ? 'right after its health path first answered (within local.minReady)' : 'before it became healthy'}; it never took traffic. Last output:\n${tail(logFile)}`, { fix: health.fix }))
    }
    const probe = await probeHealth(`${urlOf(port)}${health.path}`)
    if (probe.ok) {
      healthySince ??= Date.now()
      // Healthy for minReady without a miss: a release that crashes right after start never takes traffic.
      if (Date.now() - healthySince >= health.minReadyMs && isRunning(proc)) {
        const ready = { pid: proc.pid, start: proc.start, port, startedAt: proc.startedAt }
        updateLocal(storeDir, (st) => { st.running[version] = ready })
        return ready
      }
    } else {
      healthySince = undefined
      last = probe.last
    }
    await sleep(healthySince ? 50 : 100)
  }
  return fail(new GlidepathError('GP-PROVIDER-003', `Release ${version} did not become healthy within ${formatDuration(health.timeoutMs)} (${health.path} ${last}); it was stopped and the previous version keeps serving. Last output:\n${tail(logFile)}`, {
    fix: `Make ${health.path} answer 2xx once the app is ready, or raise the timeout.`,
  }))
}

function tail(file: string): string {
  try {
    const text = readFileSync(file, 'utf8')
    return text.slice(-LOG_TAIL).trimEnd() || '(no output)'
  } catch {
    return '(no output)'
  }
}
