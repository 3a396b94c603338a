import { describe, it, expect } from '@jest/globals'
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { tmpdir } from 'node:os'
import { accessLogStats, NGINX_LOG_FORMAT } from '../../shared/traffic/nginx-log.js'
import { NginxRouter } from '../../shared/traffic/nginx.js'

// nginx's access log in Glidepath's format, read into the same per-version windows the local router keeps.
const NOW = 1_800_000_000_000
const roles = { '127.0.0.1:8081': { version: 'v1', role: 'stable' as const }, '127.0.0.1:8082': { version: 'v2', role: 'canary' as const } }
const line = (agoMs: number, upstream: string, status: number, seconds: number) => `${((NOW - agoMs) / 1000).toFixed(3)} ${upstream} ${status} ${seconds.toFixed(3)}`

describe('nginx access log counters', () => {
  it('sorts requests into versions by the address that answered, within the window, 5xx as errors', () => {
    const text = [
      line(30_000, '127.0.0.1:8082', 500, 0.01), // before the window
      line(5_000, '127.0.0.1:8081', 200, 0.02),
      line(4_000, '127.0.0.1:8081', 200, 0.04),
      line(3_000, '127.0.0.1:8082', 200, 0.3),
      line(2_000, '127.0.0.1:8082', 503, 0.01),
      line(1_500, '127.0.0.1:8082, 127.0.0.1:8081', 200, 0.05), // retried: the stable server answered
      line(1_000, '-', 404, 0), // nginx answered itself
      line(900, '127.0.0.1:9999', 200, 0.01), // not a version's address
      'garbage line',
      '',
    ].join('\n')
    const stats = accessLogStats(text, NOW, 10_000, roles)
    const v1 = stats.find((s) => s.version === 'v1')
    const v2 = stats.find((s) => s.version === 'v2')
    expect(v1).toMatchObject({ role: 'stable', requests: 3, errors: 0, errorRate: 0 })
    expect(v2).toMatchObject({ role: 'canary', requests: 2, errors: 1, errorRate: 0.5 })
    expect(v2?.p99).toBeGreaterThan(250)
    expect(v1?.p50).toBeGreaterThan(15)
    expect(v1?.p50).toBeLessThan(60)
  })

  it('gives nothing for an empty or foreign log, and the format matches what it parses', () => {
    expect(accessLogStats('', NOW, 10_000, roles)).toEqual([])
    expect(accessLogStats('127.0.0.1 - - [03/Dec/2026:16:00:00 +0000] "GET / HTTP/1.1" 200 12', NOW, 10_000, roles)).toEqual([])
    expect(NGINX_LOG_FORMAT).toBe("log_format glidepath '$msec $upstream_addr $status $request_time';")
  })

  it('the router reads the end of its log and matches an address given as localhost by the 127.0.0.1 nginx logs', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'glidepath-nginx-log-'))
    const log = join(dir, 'access.log')
    const now = Date.now()
    const at = (ago: number, addr: string, status: number) => `${((now - ago) / 1000).toFixed(3)} ${addr} ${status} 0.010`
    writeFileSync(log, [at(3000, '127.0.0.1:8081', 200), at(2000, '127.0.0.1:8082', 500), at(1000, '127.0.0.1:8082', 200), ''].join('\n'))
    const router = new NginxRouter({ upstream: 'web', file: join(dir, 'up.conf'), stable: 'localhost:8081', canary: 'localhost:8082', accessLog: log }, { cwd: dir, env: {}, timeoutMs: 5000, log: () => undefined })
    const stats = await router.stats(10, { stable: 'v1', canary: 'v2' })
    rmSync(dir, { recursive: true, force: true })
    expect(stats.find((x) => x.version === 'v1')).toMatchObject({ role: 'stable', requests: 1, errors: 0 })
    expect(stats.find((x) => x.version === 'v2')).toMatchObject({ role: 'canary', requests: 2, errors: 1 })
    const none = new NginxRouter({ upstream: 'web', file: join(dir, 'up.conf'), stable: '127.0.0.1:8081', canary: '127.0.0.1:8082' }, { cwd: dir, env: {}, timeoutMs: 5000, log: () => undefined })
    await expect(none.stats(10, { stable: 'v1', canary: 'v2' })).rejects.toThrow(/accessLog is not set/)
  })
})
