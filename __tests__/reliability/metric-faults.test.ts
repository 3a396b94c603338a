import { describe, it, expect, beforeAll, afterAll } from '@jest/globals'
import { appendFileSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { PrometheusMetricSource } from '../../shared/metrics/prometheus.js'
import { analyse, metricRules, type MetricCounters } from '../../shared/analysis/analyse.js'
import { startServer, json, type TestServer } from '../helpers/http-server.js'

// Prometheus answering garbage, slowly, with an error, or NaN: each is an error or no data, and over
// errorLimit the canary aborts; none of them ever passes a step.
let srv: TestServer
beforeAll(async () => {
  srv = await startServer({
    '/garbage/api/v1/query': (_q, res) => { res.writeHead(200, { 'content-type': 'text/html' }); res.end('<html>proxy error</html>') },
    '/slow/api/v1/query': (_q, res) => { setTimeout(() => json(res, 200, { status: 'success', data: { resultType: 'vector', result: [] } }), 1500) },
    '/error/api/v1/query': (_q, res) => json(res, 400, { status: 'error', errorType: 'bad_data', error: 'parse error at char 5' }),
    '/nan/api/v1/query': (_q, res) => json(res, 200, { status: 'success', data: { resultType: 'vector', result: [{ metric: {}, value: [1, 'NaN'] }] } }),
    '/matrix/api/v1/query': (_q, res) => json(res, 200, { status: 'success', data: { resultType: 'vector', result: [{ value: [1, '1'] }, { value: [1, '2'] }] } }),
  })
})
afterAll(async () => srv.close())

const ctx = { canaryVersion: 'v2"}or vector(1)', stableVersion: 'v1', environment: 'prod', intervalMs: 1000 }
const metric = { name: 'errors', source: 'prometheus' as const, query: 'sum(rate(x{version="{{canary.version}}"}[1m]))', max: 0.05 }

describe('Prometheus faults', () => {
  it.each([
    ['garbage', /not JSON/, 'error'],
    ['slow', /timed out/, 'error'],
    ['error', /400: parse error/, 'error'],
    ['matrix', /aggregate it to one/, 'error'],
    ['nan', null, 'inconclusive'],
  ])('Prometheus answering %s: an error or no data, never a pass', async (path, message, verdict) => {
    const m = await new PrometheusMetricSource(`${srv.url}/${path}`, 500).measure(metric, ctx)
    if (message) expect(m.error).toMatch(message)
    const rules = metricRules({ errorLimit: 1, metrics: [metric] })
    let counters: Record<string, MetricCounters> = {}
    const decisions = [1, 2].map(() => { const r = analyse(rules, [m], counters); counters = r.counters; return [r.results[0].verdict, r.decision] })
    expect(decisions[0][0]).toBe(verdict)
    if (verdict === 'error') expect(decisions[1][1]).toBe('abort')
    mkdirSync(join(process.cwd(), '.reliability'), { recursive: true })
    appendFileSync(join(process.cwd(), '.reliability', 'faults.jsonl'), `${JSON.stringify({ area: 'prometheus', scenario: `answers ${path}`, outcome: `${verdict}${m.error ? ` (${m.error})` : ''}${verdict === 'error' ? '; abort after errorLimit 1' : '; no data, hold'}` })}\n`)
  })

  it('escapes placeholders so a version cannot change the query', async () => {
    const seen: string[] = []
    const s = await startServer({ '/api/v1/query': (q, res) => { seen.push(new URL(q.url!, 'http://x').searchParams.get('query')!); json(res, 200, { status: 'success', data: { resultType: 'vector', result: [] } }) } })
    await new PrometheusMetricSource(s.url).measure(metric, ctx)
    await s.close()
    expect(seen[0]).toBe('sum(rate(x{version="v2\\"}or vector(1)"}[1m]))')
  })
})
