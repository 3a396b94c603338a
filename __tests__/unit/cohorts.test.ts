import { describe, it, expect } from '@jest/globals'
import fc from 'fast-check'
import { observedShare } from '../../shared/analysis/analyse.js'
import { chooseRole, cohortsOf, readCookie, versionTag, inCohort, cohortRequestHeaders, type CohortTable, type CohortRequest } from '../../shared/traffic/cohorts.js'
import { routerOf } from '../../shared/config/routers.js'

const req = (headers: Record<string, string> = {}, route?: string): CohortRequest => ({ route, header: (n) => headers[n] })
const table = (weight: number, cohorts = cohortsOf({ affinity: {} })): CohortTable => ({ stable: { version: 'v1' }, canary: { version: 'v2' }, weight, cohorts })
const cookieFrom = (setCookie: string | undefined) => setCookie?.split(';')[0]

describe('cohorts: who gets which version', () => {
  it('resolves defaults: cookie gp-canary for an hour, mirror of GET and HEAD', () => {
    expect(cohortsOf({ affinity: {}, mirror: { weight: 10 } })).toEqual({ affinity: { cookie: 'gp-canary', maxAgeSeconds: 3600 }, match: [], mirror: { weight: 10, methods: ['GET', 'HEAD'] } })
    expect(cohortsOf({ steps: [{ weight: 10 }] })).toBeUndefined()
  })

  it('reads one cookie among several', () => {
    expect(readCookie('a=1; gp-canary=abc; b=2', 'gp-canary')).toBe('abc')
    expect(readCookie('xgp-canary=abc', 'gp-canary')).toBeUndefined()
    expect(readCookie(undefined, 'gp-canary')).toBeUndefined()
  })

  it('assigns a new client at the weight and tells it by a cookie naming the version', () => {
    const canary = chooseRole(table(50), req(), () => 0.2)
    expect(canary).toMatchObject({ role: 'canary' })
    expect(canary.setCookie).toBe(`gp-canary=${versionTag('v2')}; Path=/; Max-Age=3600; HttpOnly; SameSite=Lax`)
    expect(chooseRole(table(50), req(), () => 0.7)).toMatchObject({ role: 'stable', setCookie: expect.stringContaining(versionTag('v1')) })
  })

  it('keeps a client on its version whatever the weight, and reassigns one whose version is gone', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 99 }), fc.integer({ min: 0, max: 99 }), fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }), (w1, w2, r) => {
      const first = chooseRole(table(w1), req(), () => r)
      const cookie = { cookie: `other=1; ${cookieFrom(first.setCookie)}` }
      const later = chooseRole(table(w2), req(cookie), () => 0.999 - r)
      expect(later.role).toBe(first.role)
      expect(later.setCookie).toBeUndefined()
    }))
    // After a promotion the canary's version is stable: its clients stay; the old stable's are moved.
    const promoted: CohortTable = { stable: { version: 'v2' }, canary: { version: 'v3' }, weight: 0, cohorts: cohortsOf({ affinity: {} }) }
    expect(chooseRole(promoted, req({ cookie: `gp-canary=${versionTag('v2')}` }), () => 0)).toEqual({ role: 'stable' })
    expect(chooseRole(promoted, req({ cookie: `gp-canary=${versionTag('v1')}` }), () => 0.5)).toMatchObject({ role: 'stable', setCookie: expect.stringContaining(versionTag('v2')) })
  })

  it('at 100% (a promotion replacing stable) everyone is on the canary whatever their cookie', () => {
    expect(chooseRole(table(100), req({ cookie: `gp-canary=${versionTag('v1')}` }), () => 0.5)).toEqual({ role: 'canary' })
  })

  it('without a canary everyone is on stable and no cookie is set', () => {
    const none: CohortTable = { stable: { version: 'v1' }, canary: null, weight: 0, cohorts: cohortsOf({ affinity: {} }) }
    expect(chooseRole(none, req({ cookie: `gp-canary=${versionTag('v2')}` }), () => 0)).toEqual({ role: 'stable' })
  })

  it('a pinned route wins; match sends a cohort to the canary at weight 0', () => {
    const t = table(0, cohortsOf({ match: [{ header: { name: 'X-Tester', value: 'insiders' } }, { cookie: { name: 'beta', value: '1' } }] }))
    expect(chooseRole(t, req({ 'x-tester': 'insiders' }), () => 0.99).role).toBe('canary')
    expect(chooseRole(t, req({ cookie: 'a=b; beta=1' }), () => 0.99).role).toBe('canary')
    expect(chooseRole(t, req({ cookie: 'beta=2' }), () => 0).role).toBe('stable')
    expect(chooseRole(t, req({ 'x-tester': 'insiders' }, 'stable'), () => 0).role).toBe('stable')
    expect(inCohort(t.cohorts!.match, req({ 'x-tester': 'Insiders' }))).toBe(false)
    expect(cohortRequestHeaders(t.cohorts)).toEqual({ 'X-Tester': 'insiders' })
  })

  it('mirrors only requests to stable, without a body, of the listed methods, at the mirror weight', () => {
    const t = table(0, cohortsOf({ mirror: { weight: 30 } }))
    expect(chooseRole(t, req(), () => 0.1, 'GET')).toEqual({ role: 'stable', mirror: true })
    expect(chooseRole(t, req(), () => 0.5, 'GET')).toEqual({ role: 'stable' })
    expect(chooseRole(t, req(), () => 0.1, 'POST')).toEqual({ role: 'stable' })
    expect(chooseRole(t, req(), () => 0.1, 'GET', true)).toEqual({ role: 'stable' })
  })

  it('knows each provider\'s router', () => {
    expect(routerOf({ local: { app: 'a', start: 's', health: '/', port: 1 } }, 'local')).toBe('local')
    expect(routerOf({}, 'compose')).toBe('local')
    expect(routerOf({ traffic: { router: 'nginx' } }, 'compose')).toBe('nginx')
    expect(routerOf({}, 'helm')).toBeUndefined()
  })

  it('plans with the share of requests the canary served, not its weight, when the source counts both', () => {
    expect(observedShare([{ metric: 'e', value: 0, requests: 30, baseline: { value: 0, requests: 270 } }], 0.5)).toBeCloseTo(0.1)
    expect(observedShare([{ metric: 'e', value: 0, requests: 30 }], 0.5)).toBe(0.5)
    expect(observedShare([{ metric: 'e', value: 0, requests: 0, baseline: { value: 0, requests: 0 } }], 0.25)).toBe(0.25)
  })
})
