// Per-version request statistics of the local router, in fixed buckets (no object per request):
// cumulative counters for Prometheus, and a ring of 250 ms time slots, each with exact request and error
// counts and a log-spaced latency histogram, so analysis can ask "over the last interval" for any
// version (the canary and its baseline alike) and get exact counts and percentiles to within a bucket.

export interface WindowStats {
  version: string
  role: string
  requests: number
  errors: number
  errorRate: number | null
  p50: number | null
  p95: number | null
  p99: number | null
  /** Latency histogram over the window: [upper bound in ms, count] for each non-empty bucket. */
  histogram: Array<[number, number]>
}

/** Prometheus histogram buckets (seconds) of glidepath_request_duration_seconds. */
const LATENCY_BUCKETS_S = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]

const SLOT_MS = 250
const SLOTS = 2400 // ten minutes of history
const MAX_WINDOW_MS = SLOT_MS * (SLOTS - 1)
// Latency buckets: 0.1 ms * 2^(i/4), four per doubling (19% wide), up to about 60 s.
const HIST_MIN_MS = 0.1
const PER_DOUBLING = 4
const HIST = 80
const CODES = ['1xx', '2xx', '3xx', '4xx', '5xx', 'none'] as const

export function bucketOf(ms: number): number {
  if (!(ms > HIST_MIN_MS)) return 0
  return Math.min(HIST - 1, Math.ceil(Math.log2(ms / HIST_MIN_MS) * PER_DOUBLING))
}
export function bucketUpperMs(i: number): number {
  return HIST_MIN_MS * 2 ** (i / PER_DOUBLING)
}

class Series {
  role: string
  readonly codes = new Float64Array(CODES.length)
  errorsTotal = 0
  readonly promBuckets = new Float64Array(LATENCY_BUCKETS_S.length)
  sum = 0
  count = 0
  lastSlot = 0
  private readonly slotOf = new Float64Array(SLOTS).fill(-1)
  private readonly requests = new Uint32Array(SLOTS)
  private readonly errors = new Uint32Array(SLOTS)
  private readonly hist = new Uint32Array(SLOTS * HIST)

  constructor(role: string) {
    this.role = role
  }

  record(slot: number, status: number, ms: number, error: boolean): void {
    const i = slot % SLOTS
    if (this.slotOf[i] !== slot) {
      this.slotOf[i] = slot
      this.requests[i] = 0
      this.errors[i] = 0
      this.hist.fill(0, i * HIST, (i + 1) * HIST)
    }
    this.requests[i]++
    if (error) {
      this.errors[i]++
      this.errorsTotal++
    }
    this.hist[i * HIST + bucketOf(ms)]++
    this.lastSlot = slot
    this.codes[status >= 100 && status < 600 ? Math.floor(status / 100) - 1 : 5]++
    const secs = ms / 1000
    for (let b = 0; b < LATENCY_BUCKETS_S.length; b++) if (secs <= LATENCY_BUCKETS_S[b]) this.promBuckets[b]++
    this.sum += secs
    this.count++
  }

  window(fromSlot: number, toSlot: number): { requests: number; errors: number; hist: Float64Array } {
    const hist = new Float64Array(HIST)
    let requests = 0
    let errors = 0
    for (let slot = Math.max(fromSlot, toSlot - SLOTS + 1); slot <= toSlot; slot++) {
      const i = slot % SLOTS
      if (this.slotOf[i] !== slot) continue
      requests += this.requests[i]
      errors += this.errors[i]
      for (let b = 0; b < HIST; b++) hist[b] += this.hist[i * HIST + b]
    }
    return { requests, errors, hist }
  }
}

/** The q-quantile of a bucketed histogram, interpolated within its bucket (ms). */
export function quantile(hist: ArrayLike<number>, total: number, q: number): number | null {
  if (total <= 0) return null
  const rank = q * total
  let seen = 0
  for (let b = 0; b < hist.length; b++) {
    const n = hist[b]
    if (n === 0) continue
    if (seen + n >= rank) {
      const lo = b === 0 ? 0 : bucketUpperMs(b - 1)
      const hi = bucketUpperMs(b)
      return lo + (hi - lo) * Math.min(1, Math.max(0, (rank - seen) / n))
    }
    seen += n
  }
  return bucketUpperMs(hist.length - 1)
}

export class TrafficStats {
  private readonly series = new Map<string, Series>()

  constructor(private readonly clock: () => number = Date.now) {}

  record(version: string, role: 'stable' | 'canary', status: number, ms: number, error: boolean): void {
    const slot = Math.floor(this.clock() / SLOT_MS)
    let s = this.series.get(version)
    if (!s) {
      this.evict(slot)
      s = new Series(role)
      this.series.set(version, s)
    }
    s.role = role
    s.record(slot, status, ms, error)
  }

  /** Versions with no request for longer than the history are dropped (their memory with them). */
  private evict(slot: number): void {
    for (const [v, s] of this.series) if (slot - s.lastSlot > SLOTS) this.series.delete(v)
  }

  window(sinceMs: number, now = this.clock()): WindowStats[] {
    const toSlot = Math.floor(now / SLOT_MS)
    const fromSlot = toSlot - Math.max(1, Math.round(Math.min(sinceMs, MAX_WINDOW_MS) / SLOT_MS)) + 1
    const out: WindowStats[] = []
    for (const [version, s] of this.series) {
      const w = s.window(fromSlot, toSlot)
      if (w.requests === 0) continue
      const histogram: Array<[number, number]> = []
      w.hist.forEach((n, b) => { if (n) histogram.push([Number(bucketUpperMs(b).toPrecision(4)), n]) })
      out.push({
        version, role: s.role, requests: w.requests, errors: w.errors, errorRate: w.errors / w.requests,
        p50: quantile(w.hist, w.requests, 0.5), p95: quantile(w.hist, w.requests, 0.95), p99: quantile(w.hist, w.requests, 0.99), histogram,
      })
    }
    return out
  }

  prometheus(): string {
    const esc = (v: string) => v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')
    const out: string[] = [
      '# HELP glidepath_requests_total Requests through the Glidepath local router.',
      '# TYPE glidepath_requests_total counter',
    ]
    for (const [v, c] of this.series) c.codes.forEach((n, i) => { if (n) out.push(`glidepath_requests_total{version="${esc(v)}",role="${c.role}",code="${CODES[i]}"} ${n}`) })
    out.push('# HELP glidepath_request_errors_total Requests answered 5xx or not answered.', '# TYPE glidepath_request_errors_total counter')
    for (const [v, c] of this.series) out.push(`glidepath_request_errors_total{version="${esc(v)}",role="${c.role}"} ${c.errorsTotal}`)
    out.push('# HELP glidepath_request_duration_seconds Request latency through the router.', '# TYPE glidepath_request_duration_seconds histogram')
    for (const [v, c] of this.series) {
      const l = `version="${esc(v)}",role="${c.role}"`
      LATENCY_BUCKETS_S.forEach((b, i) => out.push(`glidepath_request_duration_seconds_bucket{${l},le="${b}"} ${c.promBuckets[i]}`))
      out.push(`glidepath_request_duration_seconds_bucket{${l},le="+Inf"} ${c.count}`)
      out.push(`glidepath_request_duration_seconds_sum{${l}} ${c.sum}`)
      out.push(`glidepath_request_duration_seconds_count{${l}} ${c.count}`)
    }
    return `${out.join('\n')}\n`
  }
}
