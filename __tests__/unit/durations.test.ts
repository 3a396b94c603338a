import { describe, it, expect } from '@jest/globals'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { environmentDurations, previewDurations } from '../../shared/config/durations.js'
import { durationInput } from '../../shared/runtime/inputs.js'
import { createMemoryRuntime } from '../../shared/runtime/memory.js'
import type { EnvironmentConfig } from '../../shared/config/types.js'

// Durations are parsed once: the config's when the environment is resolved (config/durations.ts), an
// action's inputs when its main reads them (runtime/inputs.ts). Flows, providers and routers read numbers.

const env = (config: Partial<EnvironmentConfig>) => ({ branches: ['main'], ...config }) as EnvironmentConfig

describe('an environment\'s durations', () => {
  it('has every default in one place', () => {
    const d = environmentDurations(env({ local: { app: '.', start: 's', health: '/' } }), 600_000, 'production')
    expect(d).toMatchObject({
      lockTimeout: 300_000, minReady: 500, rollbackTimeout: 600_000, bake: 0, nginxSettle: 500,
      previews: { maxWait: 1_800_000 }, canary: { abortPause: 30_000, maxWait: 86_400_000, steps: [] }, analysis: { interval: 60_000, warmup: 0 },
    })
    expect(d.failFast).toBeUndefined()
    expect(d.verify).toBeUndefined()
    expect(d.rollbackWindow).toBeUndefined()
  })

  it('reads each form a duration takes, steps by index, and the provider\'s own section', () => {
    const d = environmentDurations(env({
      compose: { service: 'web', minReady: '2s' } as EnvironmentConfig['compose'],
      lock: { timeout: 90 }, rollback: { window: '1h' }, waves: { bake: '1m30s' } as EnvironmentConfig['waves'],
      verify: { window: '10m', metrics: [] } as unknown as EnvironmentConfig['verify'],
      canary: { steps: [{ weight: 10, pause: '30s', interval: '10s' }, { weight: 50 }, { weight: 100 }], holdTimeout: '5m', abort: { steps: [20], pause: '250ms' }, analysis: { warmup: '45s' } } as EnvironmentConfig['canary'],
    }), 1000, 'production')
    expect(d.minReady).toBe(2000)
    expect(d.lockTimeout).toBe(90_000)
    expect(d.rollbackWindow).toBe(3_600_000)
    expect(d.bake).toBe(90_000)
    expect(d.verify).toEqual({ window: 600_000, interval: 30_000 })
    expect(d.canary.steps).toEqual([{ pause: 30_000, interval: 10_000 }, { pause: 0 }, { pause: 0 }])
    expect(d.canary).toMatchObject({ holdTimeout: 300_000, abortPause: 250 })
    expect(d.analysis.warmup).toBe(45_000)
  })

  it('names the exact key of a value that is no duration (for a config written around the check)', () => {
    expect(() => environmentDurations(env({ canary: { steps: [{ weight: 10, pause: 'soon' }] } as EnvironmentConfig['canary'] }), 1000, 'production'))
      .toThrow(expect.objectContaining({ code: 'GP-INPUT-002', message: expect.stringContaining('environments.production.canary.steps[0].pause "soon"') }))
    expect(previewDurations({ ttl: '2d', idle: '15m' } as EnvironmentConfig['previews'], 'preview')).toEqual({ ttl: 172_800_000, idle: 900_000, maxWait: 1_800_000 })
  })

  it('is what flows read: no flow, provider or router parses a duration itself', () => {
    // The readers are the config (config/), the inputs (runtime/inputs.ts) and the files and sections
    // that become typed values where they are read: a checks file, the metrics, the cohort rules.
    const readers = ['shared/runtime/inputs.ts', 'shared/smoke/checks.ts', 'shared/analysis/analyse.ts', 'shared/traffic/cohorts.ts']
    const files = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []))
    const parsing = files('shared').filter((f) => !f.startsWith('shared/time/') && !f.startsWith('shared/config/') && !readers.includes(f) && /\bparseDuration\(/.test(readFileSync(f, 'utf8')))
    expect(parsing).toEqual([])
  })
})

describe('a duration input', () => {
  it('is milliseconds, or undefined when empty', () => {
    const rt = createMemoryRuntime({ workspace: '/tmp', inputs: { timeout: '1m30s', pause: ' 45 ', empty: '' } })
    expect(durationInput(rt, 'timeout')).toBe(90_000)
    expect(durationInput(rt, 'pause')).toBe(45_000)
    expect(durationInput(rt, 'empty')).toBeUndefined()
  })

  it('that is no duration is refused with the input\'s name and the forms it takes', () => {
    const rt = createMemoryRuntime({ workspace: '/tmp', inputs: { timeout: 'ten minutes' } })
    expect(() => durationInput(rt, 'timeout')).toThrow(expect.objectContaining({ code: 'GP-INPUT-002', message: 'Input timeout "ten minutes" is not a duration.' }))
  })
})
