import { GlidepathError } from '../errors/index.js'
import { parseDuration } from '../time/duration.js'
import type { ActionRuntime } from './runtime.js'

// Input parsing shared by the actions' settings readers. Each action reads its inputs once, in its
// main.ts, into a typed settings object; nothing deeper reads inputs.

/** The inputs every action takes (the config, the environment, the lock timeout, the token, a carried state). */
export interface CommonSettings {
  config: string
  environment?: string
  /** lock-timeout, in milliseconds (else the config's lock.timeout). */
  lockTimeoutMs?: number
  /** GitHub token: with it (and a repository) the Deployments API is kept up to date. */
  token?: string
  /** The state output of an earlier job, for a runner that has none (JSON). */
  state?: string
  /** The config's text as read before the workspace changed (a comment command's decision); `config` then only names it. */
  configText?: string
}

export function readCommon(runtime: ActionRuntime): CommonSettings {
  const token = runtime.input('token')
  if (token) runtime.mask(token)
  const useGitHub = booleanInput(runtime, 'github-deployments', true)
  return {
    config: runtime.input('config') || '.github/glidepath.yml',
    environment: runtime.input('environment') || undefined,
    lockTimeoutMs: durationInput(runtime, 'lock-timeout'),
    token: useGitHub ? token || undefined : undefined,
    state: runtime.input('state') || undefined,
  }
}

/** A duration input (500ms, 30s, 10m, 1h30m; a bare number is seconds) in milliseconds; undefined when empty. */
export function durationInput(runtime: ActionRuntime, name: string): number | undefined {
  const raw = runtime.input(name).trim()
  return raw ? parseDuration(raw, `Input ${name}`) : undefined
}

export function booleanInput(runtime: ActionRuntime, name: string, fallback = false): boolean {
  const raw = runtime.input(name).toLowerCase()
  if (!raw) return fallback
  if (['true', 'yes', '1', 'on'].includes(raw)) return true
  if (['false', 'no', '0', 'off'].includes(raw)) return false
  throw new GlidepathError('GP-INPUT-001', `Input ${name} is "${raw}", not a boolean.`, { fix: `Set ${name} to true or false.` })
}

export function choiceInput<T extends string>(runtime: ActionRuntime, name: string, choices: readonly T[]): T | undefined {
  const raw = runtime.input(name)
  if (!raw) return undefined
  if (!(choices as readonly string[]).includes(raw)) {
    throw new GlidepathError('GP-INPUT-001', `Input ${name} is "${raw}".`, { fix: `Set ${name} to one of: ${choices.join(', ')}.` })
  }
  return raw as T
}

/** A number input (a share may be written as a percentage: 0.5% is 0.005); undefined when empty. */
export function numberInput(runtime: ActionRuntime, name: string, min: number, max: number, fix = `Set ${name} to a number from ${min} to ${max}.`): number | undefined {
  const raw = runtime.input(name)
  if (!raw) return undefined
  const n = Number(raw.replace(/%$/, '')) / (raw.endsWith('%') ? 100 : 1)
  if (!Number.isFinite(n) || n < min || n > max) throw new GlidepathError('GP-INPUT-001', `Input ${name} is "${raw}", not a number from ${min} to ${max}.`, { fix })
  return n
}

export function integerInput(runtime: ActionRuntime, name: string, fallback: number, min = 0, max = Number.MAX_SAFE_INTEGER): number {
  const raw = runtime.input(name)
  if (!raw) return fallback
  const n = Number(raw)
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new GlidepathError('GP-INPUT-001', `Input ${name} is "${raw}".`, { fix: `Set ${name} to a whole number from ${min} to ${max}.` })
  }
  return n
}

/** A comma- or newline-separated list of choices; undefined when the input is empty. */
export function listInput<T extends string>(runtime: ActionRuntime, name: string, choices: readonly T[]): T[] | undefined {
  const raw = runtime.input(name)
  if (!raw) return undefined
  const items = raw.split(/[\s,]+/).filter(Boolean)
  const bad = items.filter((i) => !(choices as readonly string[]).includes(i))
  if (bad.length) throw new GlidepathError('GP-INPUT-001', `Input ${name} has ${bad.map((b) => `"${b}"`).join(', ')}.`, { fix: `Use a comma-separated list of: ${choices.join(', ')}.` })
  return items as T[]
}
