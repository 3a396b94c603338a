import { describe, it, expect } from '@jest/globals'
import { headline, wavesHeadline } from '../../shared/report/headline.js'
import { renderWavesSummary } from '../../shared/report/waves.js'
import type { WavesProgress } from '../../shared/state/waves.js'
import { renderDeploySummary } from '../../shared/report/summary.js'
import { newRecord, type DeploymentRecord } from '../../shared/state/record.js'

// One sentence first (issue 41): what happened, why, and what serves, seen or (said so) recorded.
const base = (over: Partial<DeploymentRecord> = {}): DeploymentRecord => ({
  ...newRecord({ kind: 'deploy', environment: 'production', version: 'v3', previousVersion: 'v2', strategy: 'canary', provider: 'local' }),
  ...over,
})
const harm = {
  metric: 'latency-p95', verdict: 'fail', dryRun: false,
  detail: 'slower than stable v2 by more than 20% at p95: e=1.96e4 over 83 + 410 requests',
  evidence: { test: 'sequential', canaryRequests: 83, baselineRequests: 410, estimate: 4.71, status: 'harm' },
}
const seenV2 = { stable: { version: 'v2', weight: 100, healthy: true }, canary: null }

describe('headline', () => {
  it('an aborted canary names the metric that failed, the evidence and what was seen serving', () => {
    const r = base({ status: 'aborted', steps: [{ step: 0, weight: 20, at: '', decision: 'abort', reason: 'latency-p95 failed', analysis: [harm] }] })
    expect(headline(r, { seen: seenV2 })).toBe('v3 was aborted at 20%: latency-p95 slower than stable v2 by more than 20% at p95 (harm proven over 83 canary requests, about 4.71x); seen serving: v2 takes 100%.')
  })

  it('never passes the record off as seen: without a look it says whose word it is', () => {
    const r = base({ status: 'aborted', reason: 'aborted by hand', steps: [{ step: 0, weight: 20, at: '', decision: 'abort', reason: 'aborted by hand' }] })
    expect(headline(r)).toBe('v3 was aborted at 20%: aborted by hand; the record says v2 serves.')
    expect(headline(r, { recordedStable: null })).toMatch(/the record says nothing serves\.$/)
  })

  it('a dead site is said to be one', () => {
    const r = base({ status: 'success', steps: [{ step: 0, weight: 20, at: '' }, { step: 1, weight: 100, at: '' }] })
    const dead = { routerUp: false, stable: { version: 'v3', weight: 100, healthy: false }, canary: null }
    expect(headline(r, { seen: dead })).toBe('v3 was promoted over v2 after 2 canary steps; seen serving: the router does not answer (it would send: v3 takes 100% but does not answer).')
  })

  it('first deploys, rolling replacements, held canaries, rollbacks and failures each read as what they are', () => {
    expect(headline(base({ status: 'success', previousVersion: null, initial: true }), { seen: { stable: { version: 'v3', weight: 100, healthy: true }, canary: null } })).toBe('v3 went live (the first deploy here, at 100%); seen serving: v3 takes 100%.')
    expect(headline(base({ status: 'success', strategy: 'rolling' }))).toBe('v3 replaced v2 (rolling); the record says v3 serves.')
    const held = base({ status: 'in_progress', phase: 'canary', weights: { stable: 80, canary: 20 }, steps: [{ step: 0, weight: 20, at: '', decision: 'hold', reason: 'short of evidence: 12 of 40 requests' }] })
    expect(headline(held, { seen: { stable: { version: 'v2', weight: 80, healthy: true }, canary: { version: 'v3', weight: 20, healthy: true } } })).toBe('v3 holds at 20% beside v2: short of evidence: 12 of 40 requests; seen serving: v2 takes 80%, v3 takes 20%.')
    const waiting = base({ status: 'in_progress', phase: 'canary', weights: { stable: 80, canary: 20 }, steps: [{ step: 0, weight: 20, at: '', decision: 'wait', reason: 'long; with fixes', analysis: [{ metric: 'errors', verdict: 'inconclusive', detail: '48 request(s), below minRequests 100' }, { metric: 'latency', verdict: 'pass', detail: '3ms' }] }] })
    expect(headline(waiting)).toBe('v3 waits at 20% beside v2 for a person to promote or abort it: too little evidence (errors: 48 request(s), below minRequests 100); the record says v2 serves.')
    expect(headline(base({ kind: 'rollback', version: 'v2', previousVersion: 'v3', status: 'success', reason: 'error rate' }), { seen: seenV2 })).toBe('Rolled back from v3 to v2 (error rate); seen serving: v2 takes 100%.')
    expect(headline(base({ status: 'failure', reason: 'GP-PROVIDER-003: v3 did not become healthy' }), { seen: seenV2 })).toBe('The deploy of v3 failed: GP-PROVIDER-003: v3 did not become healthy; seen serving: v2 takes 100%.')
    expect(headline(base(), { dryRun: true })).toBe('Dry run: v3 would be deployed over v2 by canary; nothing changed.')
    // A teardown ends inactive: it was torn down (and why), never "failed".
    expect(headline(base({ kind: 'teardown', environment: 'pr-7', status: 'inactive', reason: 'environment torn down' }), { recordedStable: null })).toBe('pr-7 was torn down; the record says nothing serves.')
    expect(headline(base({ kind: 'teardown', environment: 'pr-7', status: 'inactive', reason: 'no deploy since 2026-12-01, past previews.ttl 3d' }), { recordedStable: null })).toBe('pr-7 was torn down (no deploy since 2026-12-01, past previews.ttl 3d); the record says nothing serves.')
  })

  it('comes first in the summary, escaped, before the facts; a hostile version stays text', () => {
    const r = base({ version: 'v3 <img src=x> @team **bold**', status: 'success', strategy: 'rolling' })
    const md = renderDeploySummary(r, { seen: seenV2, recorded: { stable: 'v3', canary: null } })
    const lines = md.split('\n')
    expect(lines[0]).toBe('### Deploy to production')
    expect(lines[2]).toMatch(/^\*\*.*replaced v2 \(rolling\); seen serving: v2 takes 100%\.\*\*$/)
    expect(lines[2]).not.toMatch(/(^|[^\\])<img/)
    expect(lines[2]).not.toMatch(/(^|[^\u200d])@team/)
    expect(lines[2]).not.toContain('**bold**')
    // The record and what was seen disagree (v2 serves, the record says v3 went live): said at once.
    expect(md).toMatch(/\[!WARNING\]/)
  })
})

describe('wavesHeadline', () => {
  const progress = (over: Partial<WavesProgress>, targets: WavesProgress['targets']): WavesProgress => ({
    schema: 1, environment: 'production', id: 'r1', version: 'v2', strategy: 'canary', status: 'succeeded', wave: 2, waves: 2,
    startedAt: '', updatedAt: '', onFailure: 'rollback-all', targets, ...over,
  })
  const t = (name: string, wave: number, status: WavesProgress['targets'][number]['status'], serving: string | null, seen?: string, extra: object = {}) =>
    ({ name, wave, status, previousVersion: 'v1', serving, ...(seen !== undefined ? { seen, healthy: true } : {}), ...extra })

  it('a finished rollout says so and what every target was seen serving', () => {
    const p = progress({}, [t('web-1', 1, 'succeeded', 'v2', 'v2 takes 100%'), t('web-2', 2, 'succeeded', 'v2', 'v2 takes 100%')])
    expect(wavesHeadline(p)).toBe('v2 rolled out to all 2 targets in 2 waves; seen serving: v2 on every target.')
  })

  it('a halted rollout names the target that failed and why, and groups what each serves', () => {
    const p = progress({ status: 'rolled-back', reason: 'web-2 failed' }, [
      t('web-1', 1, 'rolled-back', 'v1', 'v1 takes 100%'),
      t('web-2', 2, 'failed', 'v1', 'v1 takes 100%', { reason: 'GP-PROVIDER-003: v2 did not become healthy' }),
      t('web-3', 2, 'rollback-failed', 'v2', 'v1 takes 75%, v2 takes 25%', { reason: 'connection refused' }),
      t('db-1', 3, 'pending', 'v1'),
    ])
    expect(wavesHeadline(p)).toBe('The rollout of v2 was rolled back: web-2 failed (GP-PROVIDER-003: v2 did not become healthy); web-3 could not be returned (connection refused); seen serving: v1 on web-1 and web-2; v1 takes 75%, v2 takes 25% on web-3; v1 (recorded; not seen) on db-1.')
    const md = renderWavesSummary(p)
    expect(md.split('\n')[2]).toMatch(/^\*\*The rollout of v2 was rolled back: .*\*\*$/)
  })

  it('a rollout in flight says where it stands', () => {
    const p = progress({ status: 'paused', wave: 1 }, [t('web-1', 1, 'succeeded', 'v2', 'v2 takes 100%'), t('web-2', 2, 'pending', 'v1', 'v1 takes 100%')])
    expect(wavesHeadline(p)).toBe('v2 is rolling out, wave 1 of 2 (1 of 2 targets done, paused); seen serving: v2 on web-1; v1 on web-2.')
  })
})
