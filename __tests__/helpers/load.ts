import { waitFor } from './wait.js'
import autocannon from 'autocannon'
import { run as deploy } from '../../actions/deploy/src/main.js'
import { run as canaryStep } from '../../actions/canary-step/src/main.js'
import type { TestWorkspace } from './workspace.js'
// A bounded background load against a local URL, for canary analysis to have traffic to judge.
export function startLoad(url: string, opts: { concurrency?: number; maxRequests?: number } = {}): { stop: () => Promise<number>; more: (n: number) => Promise<void> } {
  let running = true
  let sent = 0
  const max = opts.maxRequests ?? 20_000
  const worker = async () => {
    while (running && sent < max) {
      sent++
      try {
        const res = await fetch(url, { signal: AbortSignal.timeout(2000) })
        await res.arrayBuffer()
      } catch { /* the router may be switching */ }
      await new Promise((r) => setTimeout(r, 5))
    }
  }
  const workers = Array.from({ length: opts.concurrency ?? 4 }, worker)
  return {
    stop: async () => {
      running = false
      await Promise.all(workers)
      return sent
    },
    /** Waits until `n` more requests were sent (figures before a change, whatever the machine's pace). */
    more: (n: number) => {
      const target = Math.min(sent + n, max)
      return waitFor(() => sent >= target, `${n} more requests to ${url}`)
    },
  }
}

/**
 * Load from Node's fetch (undici, which keeps connections alive and honours `Connection: close` as
 * browsers do; autocannon writes its next request on a connection the server said it closes): each
 * worker sends, waits for the whole answer, pauses, and sends again. Resolves, on stop, with what the
 * clients saw: requests sent, failures (no answer) and non-2xx answers.
 */
export function startFetchLoad(url: string, opts: { workers?: number; pauseMs?: number } = {}): { stop: () => Promise<{ sent: number; errors: number; non2xx: number; failures: string[] }>; more: (n: number) => Promise<void> } {
  let running = true
  const seen = { sent: 0, errors: 0, non2xx: 0, failures: [] as string[] }
  const worker = async () => {
    while (running) {
      seen.sent++
      try {
        const res = await fetch(url, { signal: AbortSignal.timeout(5000) })
        await res.arrayBuffer()
        if (res.status < 200 || res.status > 299) seen.non2xx++
      } catch (e) {
        seen.errors++
        if (seen.failures.length < 5) seen.failures.push(String((e as Error & { cause?: Error }).cause ?? e))
      }
      await new Promise((r) => setTimeout(r, opts.pauseMs ?? 20))
    }
  }
  const workers = Array.from({ length: opts.workers ?? 8 }, worker)
  return {
    stop: async () => {
      running = false
      await Promise.all(workers)
      return seen
    },
    /** Waits until `n` more requests were sent (load before and after a change, whatever the machine's pace). */
    more: (n: number) => {
      const target = seen.sent + n
      return waitFor(() => seen.sent >= target, `${n} more requests to ${url}`)
    },
  }
}

/**
 * Paced load: `rate` requests per second in all, whatever the answers take (autocannon's overallRate over
 * enough connections that a slow version never holds the pace back). Resolves, on stop, with what the
 * clients saw: requests sent, errors (failed connections or timeouts) and non-2xx answers.
 */
export function startPacedLoad(url: string, rate: number, opts: { connections?: number } = {}): { stop: () => Promise<{ sent: number; errors: number; non2xx: number }> } {
  let finish: (r: autocannon.Result) => void = () => undefined
  const done = new Promise<autocannon.Result>((resolve) => { finish = resolve })
  const instance = autocannon({ url, connections: opts.connections ?? 8, overallRate: rate, duration: 600, timeout: 5 }, (_err, result) => finish(result))
  return {
    stop: async () => {
      instance.stop()
      const r = await done
      return { sent: r.requests.sent, errors: r.errors + r.timeouts, non2xx: r.non2xx }
    },
  }
}

/** Deploys `version` as the canary and judges it to the end (canary-step all) under fetch load on `url`: its decision and log. */
export async function judgeUnderLoad(ws: TestWorkspace, version: string, url: string, load: { workers: number; pauseMs: number }): Promise<{ decision: string; log: string }> {
  const deployed = await ws.run(deploy, { version })
  if (deployed.failed) throw new Error(`deploy ${version} failed: ${deployed.failed}`)
  const traffic = startFetchLoad(url, load)
  try {
    const r = await ws.run(canaryStep, { step: 'all' })
    return { decision: r.outputs.decision, log: r.logs.map((l) => l.message).join('\n') }
  } finally {
    await traffic.stop()
  }
}
