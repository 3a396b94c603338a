// Per-version request statistics: cumulative counters for Prometheus, plus a time window of recent
// samples so that analysis can ask "over the last interval" with exact percentiles.

export interface Sample {
  at: number
  version: string
  role: 'stable' | 'canary'
  status: number
  ms: number
  error: boolean
}

export interface WindowStats {
  version: string
  role: string
  requests: number
  errors: number
  errorRate: number | null
  p50: number | null
  p95: number | null
  p99: number | null
}

export const LATENCY_BUCKETS_S = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]
const MAX_SAMPLES = 200_000
const MAX_AGE_MS = 15 * 60_000

interface Counter {
  role: string
  requests: Map<string, number>
  errors: number
  buckets: number[]
  sum: number
  count: number
}

export class TrafficStats {
  private samples: Sample[] = []
  private counters = new Map<string, Counter>()

  record(s: Sample): void {
    this.samples.push(s)
    if (this.samples.length > MAX_SAMPLES || (this.samples.length % 1000 === 0 && s.at - this.samples[0].at > MAX_AGE_MS)) {
      const cutoff = s.at - MAX_AGE_MS
      this.samples = this.samples.filter((x) => x.at >= cutoff).slice(-MAX_SAMPLES)
    }
    let c = this.counters.get(s.version)
    if (!c) {
      c = { role: s.role, requests: new Map(), errors: 0, buckets: LATENCY_BUCKETS_S.map(() => 0), sum: 0, count: 0 }
      this.counters.set(s.version, c)
    }
    c.role = s.role
    const code = s.status ? `${Math.floor(s.status / 100)}xx` : 'none'
    c.requests.set(code, (c.requests.get(code) ?? 0) + 1)
    if (s.error) c.errors++
    const secs = s.ms / 1000
    LATENCY_BUCKETS_S.forEach((b, i) => {
      if (secs <= b) c.buckets[i]++
    })
    c.sum += secs
    c.count++
  }

  window(sinceMs: number, now = Date.now()): WindowStats[] {
    const from = now - sinceMs
    const by = new Map<string, Sample[]>()
    for (let i = this.samples.length - 1; i >= 0 && this.samples[i].at >= from; i--) {
      const s = this.samples[i]
      const list = by.get(s.version) ?? []
      list.push(s)
      by.set(s.version, list)
    }
    return [...by].map(([version, list]) => {
      const ms = list.map((s) => s.ms).sort((a, b) => a - b)
      const errors = list.filter((s) => s.error).length
      const q = (p: number) => (ms.length ? ms[Math.min(ms.length - 1, Math.ceil(p * ms.length) - 1)] : null)
      return { version, role: list[0].role, requests: list.length, errors, errorRate: list.length ? errors / list.length : null, p50: q(0.5), p95: q(0.95), p99: q(0.99) }
    })
  }

  prometheus(): string {
    const esc = (v: string) => v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')
    const out: string[] = [
      '# HELP glidepath_requests_total Requests through the Glidepath local router.',
      '# TYPE glidepath_requests_total counter',
    ]
    for (const [v, c] of this.counters) for (const [code, n] of c.requests) out.push(`glidepath_requests_total{version="${esc(v)}",role="${c.role}",code="${code}"} ${n}`)
    out.push('# HELP glidepath_request_errors_total Requests answered 5xx or not answered.', '# TYPE glidepath_request_errors_total counter')
    for (const [v, c] of this.counters) out.push(`glidepath_request_errors_total{version="${esc(v)}",role="${c.role}"} ${c.errors}`)
    out.push('# HELP glidepath_request_duration_seconds Request latency through the router.', '# TYPE glidepath_request_duration_seconds histogram')
    for (const [v, c] of this.counters) {
      const l = `version="${esc(v)}",role="${c.role}"`
      LATENCY_BUCKETS_S.forEach((b, i) => out.push(`glidepath_request_duration_seconds_bucket{${l},le="${b}"} ${c.buckets[i]}`))
      out.push(`glidepath_request_duration_seconds_bucket{${l},le="+Inf"} ${c.count}`)
      out.push(`glidepath_request_duration_seconds_sum{${l}} ${c.sum}`)
      out.push(`glidepath_request_duration_seconds_count{${l}} ${c.count}`)
    }
    return `${out.join('\n')}\n`
  }
}
