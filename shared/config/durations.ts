import { parseDuration } from '../time/duration.js'
import type { Duration, EnvironmentConfig, PreviewsConfig } from './types.js'

// Every duration an environment's config sets, in milliseconds, with its default: parsed once, when the
// environment is resolved (resolve.ts), so that flows, providers and routers read numbers and a default
// is written in one place. The config check (load.ts) has already refused a value that is no duration.

/** An environment's durations, in milliseconds. */
export interface EnvironmentDurations {
  /** lock.timeout: how long a run waits for another run's lock (the lock-timeout input overrides it). */
  lockTimeout: number
  /** local.minReady or compose.minReady: how long a new release must keep answering before it takes traffic. */
  minReady: number
  /** kubernetes.failFast: a pod failing this long fails the rollout at once; undefined when not set. */
  failFast?: number
  /** kubernetes.rollbackTimeout or helm.rollbackTimeout, else the environment's timeout. */
  rollbackTimeout: number
  previews: { ttl?: number; idle?: number; maxWait: number }
  /** waves.bake: how long each wave serves before the next starts. */
  bake: number
  verify?: { window: number; interval: number }
  /** rollback.window: how long the previous version keeps running after a promotion; undefined when not set. */
  rollbackWindow?: number
  canary: {
    /** canary.abort.pause: between the abort's steps back. */
    abortPause: number
    holdTimeout?: number
    /** canary.maxWait: how long a held canary waits for a person (onHold: wait). */
    maxWait: number
    /** Each step's pause and its own analysis interval, by index. */
    steps: Array<{ pause: number; interval?: number }>
  }
  analysis: { interval: number; warmup: number }
  /** traffic.nginx.settle: how long nginx's old workers may finish after a reload. */
  nginxSettle: number
}

const DEFAULTS = {
  lockTimeout: '5m',
  minReady: '500ms',
  previewMaxWait: '30m',
  verifyInterval: '30s',
  abortPause: '30s',
  canaryMaxWait: '24h',
  analysisInterval: '1m',
  nginxSettle: '500ms',
} as const

const ms = (value: Duration, name: string): number => parseDuration(value, name)
const maybe = (value: Duration | undefined, name: string): number | undefined => (value === undefined ? undefined : ms(value, name))

/** An environment's previews section's durations (the reaper reads them without resolving the environment). */
export function previewDurations(previews: PreviewsConfig | undefined, key = 'environment'): EnvironmentDurations['previews'] {
  return {
    ttl: maybe(previews?.ttl, `environments.${key}.previews.ttl`),
    idle: maybe(previews?.idle, `environments.${key}.previews.idle`),
    maxWait: ms(previews?.maxWait ?? DEFAULTS.previewMaxWait, `environments.${key}.previews.maxWait`),
  }
}

/** The durations of an environment whose timeout is `timeoutMs` (named under environments.<key> in messages). */
export function environmentDurations(env: EnvironmentConfig, timeoutMs: number, key = 'environment'): EnvironmentDurations {
  const at = (path: string) => `environments.${key}.${path}`
  const canary = env.canary
  const rollbackTimeout = env.kubernetes?.rollbackTimeout ?? env.helm?.rollbackTimeout
  return {
    lockTimeout: ms(env.lock?.timeout ?? DEFAULTS.lockTimeout, at('lock.timeout')),
    minReady: ms(env.local?.minReady ?? env.compose?.minReady ?? DEFAULTS.minReady, at(env.compose?.minReady !== undefined ? 'compose.minReady' : 'local.minReady')),
    failFast: maybe(env.kubernetes?.failFast, at('kubernetes.failFast')),
    rollbackTimeout: rollbackTimeout === undefined ? timeoutMs : ms(rollbackTimeout, at('rollbackTimeout')),
    previews: previewDurations(env.previews, key),
    bake: ms(env.waves?.bake ?? 0, at('waves.bake')),
    verify: env.verify ? { window: ms(env.verify.window, at('verify.window')), interval: ms(env.verify.interval ?? DEFAULTS.verifyInterval, at('verify.interval')) } : undefined,
    rollbackWindow: maybe(env.rollback?.window, at('rollback.window')),
    canary: {
      abortPause: ms(canary?.abort?.pause ?? DEFAULTS.abortPause, at('canary.abort.pause')),
      holdTimeout: maybe(canary?.holdTimeout, at('canary.holdTimeout')),
      maxWait: ms(canary?.maxWait ?? DEFAULTS.canaryMaxWait, at('canary.maxWait')),
      steps: (canary?.steps ?? []).map((s, i) => ({ pause: ms(s.pause ?? 0, at(`canary.steps[${i}].pause`)), ...(s.interval !== undefined ? { interval: ms(s.interval, at(`canary.steps[${i}].interval`)) } : {}) })),
    },
    analysis: {
      interval: ms(canary?.analysis?.interval ?? DEFAULTS.analysisInterval, at('canary.analysis.interval')),
      warmup: ms(canary?.analysis?.warmup ?? 0, at('canary.analysis.warmup')),
    },
    nginxSettle: ms(env.traffic?.nginx?.settle ?? DEFAULTS.nginxSettle, at('traffic.nginx.settle')),
  }
}
