import type { EnvironmentConfig, TargetConfig } from './types.js'

// An environment with `targets:` rolls out in waves. Each target is an environment of its own for the
// flows: the environment's settings with the target's provider settings merged over them.

export interface Wave {
  number: number
  targets: TargetConfig[]
}

/** The target's wave: its `wave`, or (without one) its own wave in list order. */
export function waveOf(env: EnvironmentConfig, target: TargetConfig): number {
  const targets = env.targets ?? []
  if (targets.every((t) => t.wave === undefined)) return targets.indexOf(target) + 1
  return target.wave ?? 1
}

/** The waves in the order they roll out; each lists its targets in config order. */
export function wavesOf(env: EnvironmentConfig): Wave[] {
  const byNumber = new Map<number, TargetConfig[]>()
  for (const t of env.targets ?? []) {
    const n = waveOf(env, t)
    byNumber.set(n, [...(byNumber.get(n) ?? []), t])
  }
  return [...byNumber.entries()].sort((a, b) => a[0] - b[0]).map(([number, targets]) => ({ number, targets }))
}

/** The provider an environment's sections name (its first: local, command, kubernetes, helm, compose). */
export function inferProvider(env: EnvironmentConfig): EnvironmentConfig['provider'] {
  for (const p of ['local', 'command', 'kubernetes', 'helm', 'compose'] as const) if (env[p]) return p
  return undefined
}

/**
 * The environment as one target sees it: provider sections merged key by key, its own url and verify.
 * A target of another provider than the environment's (a mixed fleet) does not take the environment's
 * `ssh` and `traffic`: they say how the environment's own provider reaches and routes its hosts.
 */
export function mergeTarget(env: EnvironmentConfig, target: TargetConfig): EnvironmentConfig {
  const { targets: _targets, waves: _waves, ...base } = env
  const merged: EnvironmentConfig = { ...base }
  if (target.provider && target.provider !== (env.provider ?? inferProvider(env))) {
    delete merged.ssh
    delete merged.traffic
  }
  if (target.local) merged.local = { ...env.local, ...target.local } as EnvironmentConfig['local']
  if (target.command) merged.command = { ...env.command, ...target.command } as EnvironmentConfig['command']
  if (target.kubernetes) merged.kubernetes = { ...env.kubernetes, ...target.kubernetes }
  if (target.compose) merged.compose = { ...env.compose, ...target.compose } as EnvironmentConfig['compose']
  if (target.helm) merged.helm = { ...env.helm, ...target.helm } as EnvironmentConfig['helm']
  if (target.ssh) merged.ssh = { ...env.ssh, ...target.ssh } as EnvironmentConfig['ssh']
  if (target.traffic) {
    const nginx = env.traffic?.nginx || target.traffic.nginx ? { ...env.traffic?.nginx, ...target.traffic.nginx } : undefined
    merged.traffic = { ...env.traffic, ...target.traffic, ...(nginx ? { nginx } : {}) } as EnvironmentConfig['traffic']
  }
  if (target.url) merged.url = target.url
  if (target.verify) merged.verify = target.verify
  if (target.provider) merged.provider = target.provider
  return merged
}
