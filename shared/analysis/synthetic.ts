import type { SyntheticConfig } from '../config/types.js'
import type { MetricResult } from './analyse.js'

// Evidence on demand (analysis.synthetic), the arithmetic: how many requests a canary step sends each
// version in an interval, the least that brings the judge the power it asks for by the step's end.
// Pure, so canary-step (metrics/synthetic.ts sends them) and its rehearsal (rehearse.ts, the
// benchmark) decide alike.

const DEFAULT_RATE = 2
const DEFAULT_MAX = 600

export interface SyntheticPlan {
  rate: number
  max: number
  requests: Array<{ path: string; method: 'GET' | 'HEAD'; headers?: Record<string, string> }>
}

export function syntheticPlan(cfg: SyntheticConfig): SyntheticPlan {
  return {
    rate: cfg.rate ?? DEFAULT_RATE,
    max: cfg.max ?? DEFAULT_MAX,
    requests: (cfg.requests?.length ? cfg.requests : [{ path: '/' }]).map((r) => ({ path: r.path, method: r.method ?? 'GET', ...(r.headers ? { headers: r.headers } : {}) })),
  }
}

/**
 * How many requests to send each version over the next `intervalMs`. `need`: the canary requests the
 * judge says are still short of the power it needs (undefined before it has said): spread over the
 * intervals left, so the step sends the least that reaches it in time; before the judge has said, and
 * never more than, `rate` per second. The canary's real requests of the last interval count toward it;
 * the budget left (shared by both versions) caps it. Pure.
 */
export function topUp(plan: Pick<SyntheticPlan, 'rate' | 'max'>, intervalMs: number, at: { need?: number; intervalsLeft: number; realCanary: number; sent: number }): number {
  const ceiling = Math.ceil((plan.rate * intervalMs) / 1000)
  const wanted = at.need === undefined ? ceiling : Math.min(ceiling, Math.ceil(Math.max(0, at.need) / Math.max(1, at.intervalsLeft)))
  const left = Math.floor(Math.max(0, plan.max - at.sent) / 2)
  return Math.max(0, Math.min(wanted - Math.max(0, Math.floor(at.realCanary)), left))
}

/**
 * The judge's need is for the power to promote (0.8 against the material regression); aiming half as
 * far again past it lets a regression of that size be caught about 9 times in 10 before the canary ends.
 */
const MARGIN = 1.5

/**
 * The canary requests the judge still lacks (analysis.synthetic): for a sequential test short of power,
 * the canary's part of the requests it says it needs; for another inconclusive metric, undefined (send
 * at the rate); none when every metric has what it needs.
 */
export function canaryShortfall(results: MetricResult[], share: number): number | undefined {
  let need = 0
  for (const r of results) {
    if (r.dryRun || r.verdict !== 'inconclusive') continue
    const e = r.evidence
    if (e?.requiredRequests === undefined) return undefined
    need = Math.max(need, Math.ceil((e.requiredRequests - e.canaryRequests - e.baselineRequests) * share * MARGIN))
  }
  return need
}
