// The demo app: answers with its version and exposes Prometheus metrics. Behaviour knobs (for failing
// canaries) come from behaviour.json in the release; a file named FAIL in its directory makes it answer
// 500 from that moment on (benchmarks use it to start a failure at a known time).
import { createServer } from 'node:http'
import { existsSync, readFileSync } from 'node:fs'

const version = process.env.GLIDEPATH_VERSION ?? 'dev'
const port = Number(process.env.PORT ?? 3000)
const behaviour = existsSync('behaviour.json') ? JSON.parse(readFileSync('behaviour.json', 'utf8')) : {}
const errorRate = Number(behaviour.errorRate ?? 0)
const delayMs = Number(behaviour.delayMs ?? 0)
// A cold start: for coldForMs after the process starts, every answer takes coldDelayMs more (a cache to fill).
const coldForMs = Number(behaviour.coldForMs ?? 0)
const coldDelayMs = Number(behaviour.coldDelayMs ?? 0)
// healthStatus: what /health answers (a release that never becomes healthy); crashAfterHealthyMs: the
// process exits that long after its health path first answered (a crash right after start).
const healthStatus = Number(behaviour.healthStatus ?? 200)
const crashAfterHealthyMs = behaviour.crashAfterHealthyMs === undefined ? undefined : Number(behaviour.crashAfterHealthyMs)
let crashing = false

const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5]
const requests = { '2xx': 0, '5xx': 0 }
const buckets = BUCKETS.map(() => 0)
let count = 0
let sum = 0
const record = (code, seconds) => {
  requests[code]++
  count++
  sum += seconds
  BUCKETS.forEach((b, i) => { if (seconds <= b) buckets[i]++ })
}
const metrics = () => {
  const l = `version="${version}"`
  return [
    '# TYPE app_requests_total counter',
    ...Object.entries(requests).map(([code, n]) => `app_requests_total{${l},code="${code}"} ${n}`),
    '# TYPE app_request_duration_seconds histogram',
    ...BUCKETS.map((b, i) => `app_request_duration_seconds_bucket{${l},le="${b}"} ${buckets[i]}`),
    `app_request_duration_seconds_bucket{${l},le="+Inf"} ${count}`,
    `app_request_duration_seconds_sum{${l}} ${sum}`,
    `app_request_duration_seconds_count{${l}} ${count}`,
    '',
  ].join('\n')
}

const server = createServer((req, res) => {
  if (req.url === '/health') {
    if (crashAfterHealthyMs !== undefined && !crashing) {
      crashing = true
      setTimeout(() => process.exit(70), crashAfterHealthyMs)
    }
    res.writeHead(healthStatus, { 'content-type': 'application/json' })
    return res.end(JSON.stringify({ status: healthStatus < 300 ? 'ok' : 'unhealthy', version }))
  }
  if (req.url === '/metrics') {
    res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' })
    return res.end(metrics())
  }
  const started = performance.now()
  setTimeout(() => {
    if (Math.random() < errorRate || existsSync('FAIL')) {
      res.writeHead(500, { 'content-type': 'text/plain', 'x-version': version })
      res.end(`error from ${version}\n`)
      return record('5xx', (performance.now() - started) / 1000)
    }
    res.writeHead(200, { 'content-type': 'application/json', 'x-version': version })
    res.end(JSON.stringify({ message: `Hello from ${version}`, version }))
    record('2xx', (performance.now() - started) / 1000)
  }, delayMs + (coldForMs && performance.now() < coldForMs ? coldDelayMs : 0))
})
server.listen(port, process.env.HOST ?? '127.0.0.1', () => console.log(`demo app ${version} listening on ${port}`))
// Graceful stop: no new connections, idle keep-alive ones closed, requests in flight answered first.
process.on('SIGTERM', () => {
  server.close(() => process.exit(0))
  server.closeIdleConnections()
  setTimeout(() => process.exit(0), 10_000).unref()
})
