import { createHash } from 'node:crypto'
import { cpSync, existsSync, readFileSync, readdirSync, renameSync, rmSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import { acquireLock } from '../state/lock.js'
import { writeJsonAtomic } from '../files/json-file.js'
import { isRunning, stopGroups } from '../process/run.js'
import { processLaunch } from '../process/proc.js'
import { freePort, listening } from '../http/ports.js'
import { getSelfCommand, setSelfCommand, WAKE_ENV } from '../runtime/self.js'
import { LocalRouterClient } from '../traffic/local/client.js'
import { PreviewFront } from '../traffic/local/front.js'
import { WAKE_TIMEOUT_MS } from '../traffic/local/wake.js'
import { readLocal, updateLocal, startRelease, urlOf, STOP_GRACE_MS, type ReleaseLaunch, type ReleaseHealth } from './local-process.js'
import type { Asleep, Backend } from '../traffic/local/routes.js'

// Scale to zero for previews (previews.idle), the releases' half. Asleep: every release process of
// the preview is stopped after its launch (command line, environment, directory, port: read from /proc
// as it ran) is kept in sleep.json (mode 0600: the environment may hold the preview database's URL),
// and the router that receives its requests is told (its own router, or the front, which stops the
// preview's own router too). Awake again: the first request makes the router start this program as
// the waker (traffic/local/wake.ts), which starts each release as it ran, on its port when still free,
// waits for its health, and puts the routes back; a deploy, a canary step or a rollback of a sleeping
// preview wakes it first, under its lock, the same way.

interface SleepFile {
  since: string
  releases: Array<ReleaseLaunch & { port: number }>
  health: ReleaseHealth
  /** This program's command, which the router runs to wake the preview. */
  wake: string[]
  /** The front the preview sits behind (previews.host), when it has one. */
  front?: { stateRoot: string; key: string; port: number; listen?: string; name: string }
}

const sleepFileOf = (dir: string) => join(dir, 'sleep.json')

export function isAsleep(storeDir: string): boolean {
  return existsSync(sleepFileOf(storeDir))
}

function readSleep(storeDir: string): SleepFile | undefined {
  try {
    return JSON.parse(readFileSync(sleepFileOf(storeDir), 'utf8')) as SleepFile
  } catch {
    return undefined
  }
}

/**
 * This program's command as the waker runs it later: a bundle (dist/index.js) is copied once under the
 * state root (by its content's hash), because the runner's copy of the action may be gone by the time a
 * request wakes the preview (a job's action cache, a runner's update). Elsewhere (development) it is
 * the command as it is.
 */
function keptSelfCommand(stateRoot: string): string[] {
  const command = getSelfCommand()
  const script = command.at(-1) as string
  if (basename(script) !== 'index.js' || basename(dirname(script)) !== 'dist') return command
  const hash = createHash('sha256').update(readFileSync(script)).digest('hex').slice(0, 16)
  const kept = join(stateRoot, '.glidepath-bin', hash)
  if (!existsSync(join(kept, 'index.js'))) {
    const partial = `${kept}.${process.pid}.tmp`
    cpSync(dirname(script), partial, { recursive: true })
    try {
      renameSync(partial, kept)
    } catch {
      rmSync(partial, { recursive: true, force: true }) // another sleep kept the same build first
    }
    forgetUnusedBuilds(stateRoot, hash)
  }
  return [...command.slice(0, -1), join(kept, 'index.js')]
}

/** Kept builds no sleeping preview names any more (the one just kept aside) are removed. */
function forgetUnusedBuilds(stateRoot: string, current: string): void {
  const bin = join(stateRoot, '.glidepath-bin')
  const used = new Set([current])
  for (const entry of readdirSync(stateRoot, { withFileTypes: true })) {
    const wake = entry.isDirectory() ? readSleep(join(stateRoot, entry.name))?.wake.at(-1) : undefined
    if (wake?.startsWith(`${bin}/`)) used.add(basename(dirname(wake)))
  }
  for (const build of readdirSync(bin)) if (!used.has(build) && !build.endsWith('.tmp')) rmSync(join(bin, build), { recursive: true, force: true })
}

export interface SleepPlan {
  stateRoot: string
  storeDir: string
  router: LocalRouterClient
  health: ReleaseHealth
  front?: SleepFile['front']
  say: (m: string) => void
}

/** Puts the preview to sleep (its lock held by the caller); false, with the reason said, when it cannot. */
export async function putToSleep(plan: SleepPlan): Promise<boolean> {
  const { storeDir, router, say } = plan
  if (isAsleep(storeDir)) return false
  const running = Object.entries(readLocal(storeDir).running)
  const releases: SleepFile['releases'] = []
  for (const [version, proc] of running) {
    const launch = isRunning(proc) && !proc.starting ? processLaunch(proc.pid) : undefined
    if (!launch) {
      say(`Not put to sleep: release ${version} (pid ${proc.pid}) is ${proc.starting ? 'still starting' : 'not running as recorded'}, so it could not be started again as it ran.`)
      return false
    }
    const { PORT: _port, ...env } = launch.env
    releases.push({ version, cwd: launch.cwd, argv: launch.argv, env, port: proc.port })
  }
  if (!releases.length) return false
  const since = new Date().toISOString()
  const file: SleepFile = { since, releases, health: plan.health, wake: keptSelfCommand(plan.stateRoot), ...(plan.front ? { front: plan.front } : {}) }
  writeJsonAtomic(sleepFileOf(storeDir), file, 0o600)
  updateLocal(storeDir, (st) => { st.asleep = since })
  const access = router.routes().access
  const asleep: Asleep = { dir: storeDir, wake: file.wake, since, ...(access ? { access } : {}) }
  const front = frontOf(file)
  if (front) {
    const site = front.sites().find((s) => s.name === file.front?.name)
    if (site) await front.join({ ...site, asleep }, say)
    await router.stop()
  } else await router.patch({ asleep })
  await stopGroups(running.map(([, proc]) => proc), STOP_GRACE_MS)
  return true
}

/**
 * Wakes the preview in `storeDir` when it sleeps: its releases started as they ran, the routes put
 * back. `locked`: the caller holds the preview's lock (a deploy); otherwise the waker takes it.
 * True when it woke the preview, false when it was awake.
 */
export async function wakeUp(storeDir: string, say: (m: string) => void, locked: boolean): Promise<boolean> {
  if (!isAsleep(storeDir)) return false
  const held = locked ? undefined : await acquireLock(join(storeDir, 'lock'), { timeoutMs: WAKE_TIMEOUT_MS, action: 'wake' })
  try {
    const file = readSleep(storeDir)
    if (!file) return false
    const started = Date.now()
    const moved = new Map<string, string>()
    const running = readLocal(storeDir).running
    for (const launch of file.releases) {
      if (isRunning(running[launch.version])) continue
      const port = (await listening(`127.0.0.1:${launch.port}`)) ? await freePort() : launch.port
      await startRelease(storeDir, launch, port, file.health, say)
      if (port !== launch.port) moved.set(urlOf(launch.port), urlOf(port))
    }
    const client = new LocalRouterClient(storeDir, undefined)
    const table = client.routes()
    const remap = (b: Backend | null) => (b && moved.has(b.url) ? { ...b, url: moved.get(b.url) as string } : b)
    const front = frontOf(file)
    if (front) {
      writeJsonAtomic(client.routesFile, { ...table, stable: remap(table.stable), canary: remap(table.canary), asleep: undefined })
      await client.ensureRunning(say)
      const site = front.sites().find((s) => s.name === file.front?.name)
      if (site) await front.join({ name: site.name, host: site.host, url: site.url }, say)
    } else await client.patch({ stable: remap(table.stable), canary: remap(table.canary), asleep: undefined })
    rmSync(sleepFileOf(storeDir), { force: true })
    updateLocal(storeDir, (st) => { delete st.asleep })
    say(`Woke the preview (asleep since ${file.since}) in ${((Date.now() - started) / 1000).toFixed(1)}s: ${file.releases.map((r) => r.version).join(', ')} started again.`)
    return true
  } finally {
    held?.release()
  }
}

/** A sleeping preview's teardown: it is not woken, only forgotten as asleep (its releases are already stopped). */
export function forgetSleep(storeDir: string): void {
  if (!isAsleep(storeDir)) return
  rmSync(sleepFileOf(storeDir), { force: true })
  updateLocal(storeDir, (st) => { delete st.asleep })
}

function frontOf(file: SleepFile): PreviewFront | undefined {
  return file.front ? new PreviewFront(file.front.stateRoot, file.front.key, { port: file.front.port, listen: file.front.listen }) : undefined
}

/** The waker: this program started by a router with GLIDEPATH_INTERNAL_WAKE (entry/entry.ts). Exit 0 once awake. */
export async function runWake(): Promise<void> {
  const dir = process.env[WAKE_ENV] as string
  const say = (m: string) => process.stdout.write(`${new Date().toISOString()} ${m}\n`)
  try {
    const file = readSleep(dir)
    if (file) setSelfCommand(file.wake)
    await wakeUp(dir, say, false)
  } catch (e) {
    say(`Could not wake the preview in ${dir}: ${(e as Error).message}`)
    process.exitCode = 1
  }
}
