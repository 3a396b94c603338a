import { httpRequest, keepAliveAgents } from '../http/request.js'
import type { SyntheticPlan } from '../analysis/synthetic.js'

// Evidence on demand (analysis.synthetic, issue 39): when real traffic leaves a canary step short of
// samples, the step sends its own requests, to the canary and the stable version in equal measure,
// through the router's pin (the canary's and stable's endpoints: x-glidepath-route, with a private
// preview's token), so the router counts them like any request and the comparison stays fair; no user
// sees a difference. Each interval sends the least that brings the judge the power it asks for by the
// step's end (never more than `rate` requests/s per version, the real requests the canary got counted),
// within a budget of `max` per step (the arithmetic: analysis/synthetic.ts). Requests are safe ones (GET
// or HEAD) and carry x-glidepath-synthetic: 1, so an app can leave them out of its own analytics.

const SYNTHETIC_HEADER = 'x-glidepath-synthetic'
const CONCURRENCY = 8

type Endpoint = { url: string; headers: Record<string, string> }

export class SyntheticEvidence {
  /** Requests sent this step, per version, and those that got no answer at all. */
  readonly sent = { canary: 0, stable: 0, unanswered: 0 }
  private next = 0

  constructor(readonly plan: SyntheticPlan, private readonly endpoints: { canary: Endpoint; stable: Endpoint }) {}

  get total(): number {
    return this.sent.canary + this.sent.stable
  }

  /**
   * Sends `perVersion` requests to each version, interleaved and spread evenly over `spanMs`; resolves
   * once every one is answered (or timed out at the span's end). The answers are the router's to count.
   */
  async send(perVersion: number, spanMs: number): Promise<void> {
    if (perVersion <= 0) return
    const agents = keepAliveAgents(CONCURRENCY)
    const started = Date.now()
    const gap = spanMs / (perVersion * 2)
    const timeoutMs = Math.max(1000, spanMs)
    const inflight = new Set<Promise<void>>()
    try {
      for (let i = 0; i < perVersion * 2; i++) {
        const wait = started + i * gap - Date.now()
        if (wait > 0) await new Promise((r) => setTimeout(r, wait))
        if (Date.now() - started > spanMs) break
        while (inflight.size >= CONCURRENCY) await Promise.race(inflight)
        const role = i % 2 === 0 ? 'canary' : 'stable'
        const request = this.plan.requests[this.next++ % this.plan.requests.length]
        const endpoint = this.endpoints[role]
        this.sent[role]++
        const p: Promise<void> = httpRequest(new URL(request.path, endpoint.url).href, {
          method: request.method,
          redirect: 'manual',
          agents,
          timeoutMs,
          headers: { ...endpoint.headers, ...request.headers, [SYNTHETIC_HEADER]: '1', 'user-agent': 'glidepath-synthetic' },
        }).then(() => undefined, () => { this.sent.unanswered++ }).finally(() => inflight.delete(p))
        inflight.add(p)
      }
      await Promise.all(inflight)
    } finally {
      agents.destroy()
    }
  }
}
