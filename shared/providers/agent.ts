import { resolve, join } from 'node:path'
import { createInterface } from 'node:readline'
import { AGENT_ENV } from '../runtime/self.js'
import { rmSync } from 'node:fs'
import { toGlidepathError } from '../errors/index.js'
import { childEnv } from '../runtime/runtime.js'
import { ancestorNamed, procStat } from '../process/proc.js'
import { LocalProvider } from './local.js'
import { LocalRouterClient } from '../traffic/local/client.js'
import { cohortsOf } from '../traffic/cohorts.js'
import { DEFAULT_ROUTER_PORT } from '../traffic/local/routes.js'
import { freePort } from '../http/ports.js'
import type { ResolvedEnvironment } from '../config/resolve.js'
import type { EventContext } from '../runtime/context.js'
import type { StateStore } from '../state/store.js'
import type { RolloutRequest } from './types.js'

// The host's half of the local provider over SSH (issue 24): the runner puts its own bundle on the
// host and starts it with GLIDEPATH_INTERNAL_AGENT. Requests arrive as JSON on stdin (never on a command
// line), the local provider does them here (releases and the router are this host's processes), and
// every line out is JSON: log lines, then the result or the error. Nothing else is sent back. With
// GLIDEPATH_INTERNAL_AGENT=serve (issue 37) it serves the run's requests one line each, every line out
// naming its request, until the runner ends the channel (ssh/channel.ts): an operation is one round trip,
// not a program start. With =1, one operation per start (the request is all of stdin).

export type AgentOperation = 'deploy' | 'set-weight' | 'promote' | 'abort' | 'rollback' | 'prune' | 'teardown' | 'observe' | 'heal'
  // The router alone: for a provider whose releases the runner drives (compose over SSH), and the
  // local provider's counters and probes.
  | 'router-apply' | 'router-drain' | 'router-stop' | 'router-stats' | 'free-port'

export interface AgentRequest {
  op: AgentOperation
  args: unknown[]
  environment: ResolvedEnvironment
  event: EventContext
  /** The environment's directory on the host (relative to where the command runs). */
  dir: string
  /** deploy: where the runner put the app directory for this version (removed once copied). */
  upload?: string
  /** router-*: the router's public port on the host. */
  router?: { port: number }
}

export type AgentLine = { info: string } | { warning: string } | { result: unknown } | { error: { code: string; message: string; fix?: string } }

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = []
  for await (const c of process.stdin) chunks.push(c as Buffer)
  return Buffer.concat(chunks).toString('utf8')
}

type Say = (line: AgentLine) => void
const write = (line: AgentLine & { id?: number; done?: boolean }) => process.stdout.write(`${JSON.stringify(line)}\n`)
const say: Say = (line) => write(line)
const failure = (e: unknown): AgentLine => {
  const err = toGlidepathError(e)
  return { error: { code: err.code, message: err.message, fix: err.fix } }
}

/**
 * Does one operation on this host for the runner; resolves once its answer is written. It goes with its
 * connection: a runner killed (or cut off) mid-operation leaves the host as a killed run leaves this
 * machine, for the next run's recovery, never an operation still changing things behind the next run.
 */
export async function runAgent(): Promise<void> {
  // The session's sshd process: gone (or its pid another's) once the connection is.
  const session = ancestorNamed('sshd')
  if (session) setInterval(() => { if (procStat(session.pid)?.start !== session.start) process.exit(1) }, 200).unref()
  process.stdout.on('error', () => process.exit(1))
  if (process.env[AGENT_ENV] === 'serve') return serve()
  try {
    const request = JSON.parse(await readStdin()) as AgentRequest
    say({ result: (await perform(request, say)) ?? null })
  } catch (e) {
    say(failure(e))
    process.exitCode = 1
  }
}

/**
 * Serves the run's requests (`{"id":N,"request":{...}}`, a line each) until the runner ends the channel,
 * each as it comes (a counter read beside a long deploy): every line out carries its request's id, the
 * last `done`. What is in flight when the channel ends is finished (the runner asked for it), as a
 * one-operation agent would; a connection lost ends this process (the watcher above).
 */
async function serve(): Promise<void> {
  const inflight = new Set<Promise<unknown>>()
  for await (const text of createInterface({ input: process.stdin, crlfDelay: Infinity })) {
    if (!text.trim()) continue
    let message: { id: number; request: AgentRequest }
    try {
      message = JSON.parse(text) as { id: number; request: AgentRequest }
    } catch {
      continue
    }
    const tagged: Say = (line) => write({ ...line, id: message.id })
    const done = perform(message.request, tagged).then(
      (result) => write({ result: result ?? null, id: message.id, done: true }),
      (e) => write({ ...failure(e), id: message.id, done: true }),
    )
    inflight.add(done)
    void done.finally(() => inflight.delete(done))
  }
  await Promise.all(inflight)
}

/** The router's operations alone: the environment's Glidepath router on this host. */
async function routerOperation(request: AgentRequest, say: Say): Promise<unknown> {
  const router = new LocalRouterClient(resolve(request.dir), request.router?.port ?? DEFAULT_ROUTER_PORT, undefined, cohortsOf(request.environment.config.canary))
  const [a, b] = request.args
  switch (request.op) {
    case 'router-apply':
      // One call per route change: the router is started (or upgraded) first when it needs to be.
      await router.ensureRunning((m) => say({ info: m }))
      return router.apply(a as Parameters<LocalRouterClient['apply']>[0])
    case 'router-drain': return router.drain(a as string, b as number)
    case 'router-stop':
      await router.stop()
      rmSync(router.routesFile, { force: true })
      return null
    case 'router-stats': return router.stats(a as number)
    default: return freePort()
  }
}

export async function perform(request: AgentRequest, say: Say): Promise<unknown> {
  if (request.op.startsWith('router-') || request.op === 'free-port') return routerOperation(request, say)
  const dir = resolve(request.dir)
  const cfg = request.environment.config
  // Here the provider runs on its own machine: no ssh section, and the app is what the runner uploaded.
  const environment: ResolvedEnvironment = { ...request.environment, config: { ...cfg, ssh: undefined, local: { ...cfg.local!, app: '.' } } }
  const upload = request.upload ? resolve(request.upload) : dir
  const provider = new LocalProvider({
    environment,
    store: { dir } as StateStore,
    workspace: upload,
    // Only what is under it is left out of a release's copy: nothing of the upload is.
    stateDir: join(dir, 'releases'),
    event: request.event,
    env: childEnv(process.env),
    log: { info: (m) => say({ info: m }), warning: (m) => say({ warning: m }) },
  })
  const [a, b, c] = request.args
  try {
    switch (request.op) {
      case 'deploy': return await provider.deploy(a as RolloutRequest)
      case 'set-weight': return await provider.setCanaryWeight(a as string, b as number)
      case 'promote': return await provider.promote(a as string, b as number, c as { keepPrevious?: boolean } | undefined)
      case 'abort': return await provider.abort(a as string | null, b as number | undefined)
      case 'rollback':
        // A release the host no longer keeps arrives with the request (the runner's copy of that version).
        if (request.upload) provider.keep(a as string)
        return await provider.rollback(a as string, b as string | null, c as number)
      case 'prune': return await provider.prune(a as string[])
      case 'teardown': return await provider.teardown(request.environment.timeoutMs)
      case 'observe': return await provider.observe()
      case 'heal': return await provider.heal(a as string, b as number)
      default: throw new Error(`unknown agent operation ${String(request.op)}`)
    }
  } finally {
    if (request.upload) rmSync(upload, { recursive: true, force: true })
  }
}
