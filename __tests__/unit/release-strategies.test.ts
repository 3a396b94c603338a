import { describe, it, expect } from '@jest/globals'
import fc from 'fast-check'
import { GlidepathError } from '../../shared/errors/index.js'
import { ReleaseProvider, type Release, type ReleaseSet, type StartOptions } from '../../shared/providers/releases.js'
import type { ReleaseRouter, Routes } from '../../shared/traffic/types.js'
import type { ProviderDeps, RolloutRequest } from '../../shared/providers/types.js'

// Rolling, blue-green and canary are written once (providers/releases.ts) over a platform's releases and
// its router (issue 27). These fakes stand for the two shapes the product has: releases keyed by
// version (the local provider's processes) and two slots (compose). The real ones are tested against
// real processes, Docker and sshd in their own suites.

class FakeRouter implements ReleaseRouter {
  table: Routes = { stable: null, canary: null, weight: 0 }
  applied: Routes[] = []
  drained: string[] = []
  failNext = false
  routes(): Routes {
    return { ...this.table }
  }
  async apply(routes: Routes): Promise<void> {
    if (this.failNext) {
      this.failNext = false
      throw new GlidepathError('GP-ROUTER-002', 'the router did not answer')
    }
    this.table = { ...routes, weight: routes.canary ? routes.weight : 0 }
    this.applied.push(this.table)
  }
  async drain(url: string): Promise<void> {
    this.drained.push(url)
  }
  counters() {
    return undefined
  }
  async endpoint() {
    return undefined
  }
  async remove(): Promise<void> {
    this.table = { stable: null, canary: null, weight: 0 }
  }
}

class FakeReleases implements ReleaseSet {
  running = new Map<string, Release>()
  /** What could be started again for a rollback (the local provider's kept directories, compose's images). */
  kept = new Set<string>()
  unhealthy = new Set<string>()
  failStart = new Set<string>()
  starts: string[] = []
  private port = 9000
  constructor(private readonly slots: boolean) {}
  list(): Release[] {
    return [...this.running.values()]
  }
  place(version: string, routes: Routes): { key: string; replaces?: Release } {
    if (!this.slots) return { key: version, replaces: this.list().find((r) => r.version === version) }
    const stable = this.list().find((r) => r.url === routes.stable?.url)?.slot
    const slot = stable === 'blue' ? 'green' : 'blue'
    return { key: slot, replaces: this.list().find((r) => r.slot === slot) }
  }
  async start(key: string, version: string, options: StartOptions): Promise<Release> {
    if (!options.again) this.kept.add(version)
    this.starts.push(`${version}${options.again ? ' again' : ''}`)
    if (this.failStart.has(version)) throw new GlidepathError('GP-PROVIDER-003', `${version} never became healthy`)
    const release = { version, url: `http://127.0.0.1:${this.port++}`, ...(this.slots ? { slot: key } : {}) }
    this.running.set(key, release)
    return release
  }
  async stop(release: Release): Promise<void> {
    for (const [key, r] of this.running) if (r.url === release.url) this.running.delete(key)
  }
  async healthy(release: Release): Promise<boolean> {
    return !this.unhealthy.has(release.version)
  }
  restartable(version: string): void {
    if (!this.kept.has(version)) throw new GlidepathError('GP-ROLLBACK-002', `${version} is not kept`)
  }
  async teardown(_timeoutMs: number, retire: (r: Release) => Promise<void>): Promise<void> {
    for (const r of this.list()) await retire(r)
  }
}

class Fake extends ReleaseProvider {
  readonly name = 'fake'
  constructor(readonly releases: FakeReleases, readonly router: FakeRouter) {
    super({ log: { info: () => undefined, warning: () => undefined } } as unknown as ProviderDeps)
  }
}

const make = (slots = false) => new Fake(new FakeReleases(slots), new FakeRouter())
const request = (version: string, strategy: RolloutRequest['strategy'], canaryWeight = 20): RolloutRequest => ({ version, previousVersion: null, strategy, canaryWeight, timeoutMs: 1000 })
const serving = (p: Fake) => ({ stable: p.router.table.stable?.version ?? null, canary: p.router.table.canary?.version ?? null, weight: p.router.table.weight, running: p.releases.list().map((r) => r.version).sort() })

describe('release strategies, written once (providers/releases.ts)', () => {
  for (const slots of [false, true]) {
    const shape = slots ? 'two slots (compose)' : 'releases by version (local)'

    it(`${shape}: rolling replaces, blue-green keeps the old one warm and a rollback is a switch`, async () => {
      const p = make(slots)
      await p.deploy(request('v1', 'rolling'))
      await p.deploy(request('v2', 'rolling'))
      expect(serving(p)).toEqual({ stable: 'v2', canary: null, weight: 0, running: ['v2'] })
      const bg = await p.deploy(request('v3', 'blue-green'))
      expect(bg.standby).toBe('v2')
      expect(serving(p)).toEqual({ stable: 'v3', canary: null, weight: 0, running: ['v2', 'v3'] })
      p.releases.starts = []
      await p.rollback('v2', 'v3', 1000)
      expect(p.releases.starts).toEqual([]) // the standby took traffic back; nothing started
      expect(serving(p)).toEqual({ stable: 'v2', canary: null, weight: 0, running: ['v2'] })
    })

    it(`${shape}: a canary takes its weight beside stable, then is promoted, and the old stable drains before it stops`, async () => {
      const p = make(slots)
      await p.deploy(request('v1', 'rolling'))
      const v1 = p.router.table.stable?.url as string
      await p.deploy(request('v2', 'canary', 10))
      expect(serving(p)).toEqual({ stable: 'v1', canary: 'v2', weight: 10, running: ['v1', 'v2'] })
      await p.setCanaryWeight('v2', 50)
      expect(p.router.table.weight).toBe(50)
      await p.promote('v2')
      expect(serving(p)).toEqual({ stable: 'v2', canary: null, weight: 0, running: ['v2'] })
      expect(p.router.drained).toContain(v1)
      await p.promote('v2') // promoted already: nothing to do
      await expect(p.promote('v9')).rejects.toMatchObject({ code: 'GP-CANARY-001' })
      await expect(p.setCanaryWeight('v2', 30)).rejects.toMatchObject({ code: 'GP-CANARY-001' })
    })

    it(`${shape}: abort takes the canary off traffic first, then stops it; a standby of another version stays`, async () => {
      const p = make(slots)
      await p.deploy(request('v1', 'rolling'))
      await p.deploy(request('v2', slots ? 'canary' : 'blue-green'))
      if (!slots) await p.deploy(request('v3', 'canary'))
      const canary = slots ? 'v2' : 'v3'
      await p.abort(canary)
      expect(p.router.applied.at(-1)).toMatchObject({ canary: null, weight: 0 })
      expect(serving(p).running).not.toContain(canary)
      expect(serving(p).canary).toBeNull()
      if (!slots) expect(serving(p).running).toEqual(['v1', 'v2']) // v1 is v2's blue-green standby
      await p.abort(canary) // twice is safe
    })

    it(`${shape}: a release that never becomes healthy changes nothing: the same version serves, nothing new runs`, async () => {
      const p = make(slots)
      await p.deploy(request('v1', 'rolling'))
      const before = serving(p)
      p.releases.failStart.add('v2')
      await expect(p.deploy(request('v2', 'canary'))).rejects.toMatchObject({ code: 'GP-PROVIDER-003' })
      expect(serving(p)).toEqual(before)
    })

    it(`${shape}: a router that fails to take the new routes leaves the new release stopped and the old one serving`, async () => {
      const p = make(slots)
      await p.deploy(request('v1', 'rolling'))
      p.router.failNext = true
      await expect(p.deploy(request('v2', 'rolling'))).rejects.toMatchObject({ code: 'GP-ROUTER-002' })
      expect(serving(p)).toEqual({ stable: 'v1', canary: null, weight: 0, running: ['v1'] })
    })

    it(`${shape}: a rollback to a version that is not kept is refused before anything changes`, async () => {
      const p = make(slots)
      await p.deploy(request('v1', 'rolling'))
      await p.deploy(request('v2', 'canary'))
      const before = serving(p)
      await expect(p.rollback('v0', 'v2', 1000)).rejects.toMatchObject({ code: 'GP-ROLLBACK-002' })
      // The canary was aborted first (a rollback always ends it), the stable version untouched.
      expect(serving(p)).toMatchObject({ stable: before.stable, canary: null })
    })

    it(`${shape}: a rollback restarts a kept version when nothing of it runs, and an unhealthy standby is replaced`, async () => {
      const p = make(slots)
      await p.deploy(request('v1', 'rolling'))
      await p.deploy(request('v2', 'blue-green'))
      p.releases.unhealthy.add('v1')
      p.releases.starts = []
      await p.rollback('v1', 'v2', 1000)
      expect(p.releases.starts).toEqual(['v1 again'])
      expect(serving(p)).toEqual({ stable: 'v1', canary: null, weight: 0, running: ['v1'] })
    })

    it(`${shape}: a rollback whose new routes the router refuses stops the release it started for them`, async () => {
      // Found by the property below (seed -1702400959): a standby and a restarted release both left unrouted.
      const p = make(slots)
      await p.deploy(request('v2', 'rolling'))
      await p.deploy(request('v1', 'rolling'))
      await p.deploy(request('v4', 'blue-green'))
      p.router.failNext = true
      await expect(p.rollback('v2', null, 1000)).rejects.toMatchObject({ code: 'GP-ROUTER-002' })
      expect(serving(p).stable).toBe('v4')
      const routed = p.router.table.stable?.url
      expect(p.releases.list().filter((r) => r.url !== routed).length).toBeLessThanOrEqual(1)
    })

    it(`${shape}: recovery stops what the state does not keep and the router does not send traffic to`, async () => {
      const p = make(slots)
      await p.deploy(request('v1', 'rolling'))
      // A killed run's release: started, never routed.
      const key = slots ? 'green' : 'v2'
      p.releases.running.set(key, { version: 'v2', url: 'http://127.0.0.1:9999', starting: true, ...(slots ? { slot: key } : {}) })
      await p.prune(['v1'])
      expect(serving(p).running).toEqual(['v1'])
      await p.teardown(1000)
      expect(serving(p)).toEqual({ stable: null, canary: null, weight: 0, running: [] })
    })

    it(`${shape}: whatever happens, the router only sends traffic to running releases, and what runs unrouted is at most a standby`, async () => {
      const op = fc.oneof(
        fc.record({ kind: fc.constant('deploy' as const), version: fc.constantFrom('v1', 'v2', 'v3', 'v4'), strategy: fc.constantFrom('rolling' as const, 'blue-green' as const, 'canary' as const), fail: fc.boolean() }),
        fc.record({ kind: fc.constantFrom('promote' as const, 'abort' as const, 'weight' as const) }),
        fc.record({ kind: fc.constant('rollback' as const), version: fc.constantFrom('v1', 'v2', 'v3', 'v4'), unhealthy: fc.boolean() }),
        fc.record({ kind: fc.constant('router-fails' as const) }),
      )
      await fc.assert(fc.asyncProperty(fc.array(op, { maxLength: 14 }), async (ops) => {
        const p = make(slots)
        for (const o of ops) {
          const canary = p.router.table.canary?.version
          p.releases.failStart.clear()
          p.releases.unhealthy.clear()
          try {
            // The state machine never redeploys the stable version (a noop there), so neither does this.
            if (o.kind === 'deploy' && o.version === p.router.table.stable?.version) continue
            if (o.kind === 'deploy') {
              if (o.fail) p.releases.failStart.add(o.version)
              await p.deploy(request(o.version, p.router.table.stable ? o.strategy : 'rolling'))
            } else if (o.kind === 'promote' && canary) await p.promote(canary)
            else if (o.kind === 'abort') await p.abort(canary ?? null)
            else if (o.kind === 'weight' && canary) await p.setCanaryWeight(canary, 60)
            else if (o.kind === 'rollback') {
              if (o.unhealthy) p.releases.unhealthy.add(o.version)
              await p.rollback(o.version, null, 1000)
            } else if (o.kind === 'router-fails') p.router.failNext = true
          } catch (e) {
            expect((e as GlidepathError).code).toMatch(/^GP-(PROVIDER-003|ROUTER-002|ROLLBACK-002)$/)
            // A rollback onto a stable release that no longer answers replaces it; when the router then
            // fails too, nothing healthy is left to route to (the next run rolls back again).
            if (o.kind === 'rollback' && o.unhealthy && (e as GlidepathError).code === 'GP-ROUTER-002') return
          }
          const urls = p.releases.list().map((r) => r.url)
          const { stable, canary: routedCanary } = p.router.table
          if (stable) expect(urls).toContain(stable.url)
          if (routedCanary) expect(urls).toContain(routedCanary.url)
          if (routedCanary) expect(stable).not.toBeNull()
          const unrouted = p.releases.list().filter((r) => r.url !== stable?.url && r.url !== routedCanary?.url)
          expect(unrouted.length).toBeLessThanOrEqual(1)
          expect(unrouted.every((r) => !r.starting)).toBe(true)
        }
      }), { numRuns: 300 })
    })
  }
})
