import { mkdirSync, existsSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { createHash } from 'node:crypto'
import { GlidepathError } from '../errors/index.js'
import { readJson, writeJsonAtomic, REBUILD_FIX } from '../files/json-file.js'
import type { DeploymentRecord } from './record.js'
import type { Judgement } from '../analysis/analyse.js'
import type { StableProfile } from '../analysis/priors.js'

// Environment state on disk: what is stable, what is in canary, and the history of records.
// Writes are atomic (write to a temporary file, then rename), so a killed run never leaves half a file.

export interface EnvironmentState {
  schema: 1
  environment: string
  stable: { version: string; recordId: string } | null
  canary: CanaryState | null
  records: DeploymentRecord[]
  /** The previous version a blue-green deploy keeps running, so a rollback is a router switch. */
  /** A previous version kept running without traffic: a blue-green standby, or kept for a rollback window until `until`. */
  standby?: { version: string; until?: string } | null
  /**
   * An operation under way, written before it changes anything and cleared when it ends. A run that
   * dies leaves it behind; the next run on the environment finishes or undoes it (docs/state-machine.md).
   */
  pending?: PendingOperation | null
  /** `/glidepath lock`: a person holds the environment; others' deploys and promotions are refused until unlocked. */
  hold?: EnvironmentHold | null
  /** What canaries measured of the stable version: the next canary's judge starts from it (analysis priors). */
  profile?: StableProfile | null
}

export interface EnvironmentHold {
  by: string
  reason: string
  since: string
}

export interface PendingOperation {
  op: 'deploy' | 'rollback' | 'promote' | 'abort' | 'teardown' | 'verify'
  version: string
  /** The stable version before the operation. */
  from: string | null
  recordId: string
  startedAt: string
  pid: number
}

export interface CanaryState {
  version: string
  recordId: string
  weight: number
  step: number
  /** False between writing a step and the router confirming its weight: a re-run resumes, never skips. */
  applied?: boolean
  /** Which run step advanced to which step index, so a re-run of the same job step never advances twice. */
  advancedBy?: Record<string, number>
  /** Set when a step ended without enough evidence and the hold policy left traffic split (onHold: fail). */
  holding?: { since: string; reason: string; /** onHold wait: when the wait for a person ends (the next run aborts it). */ until?: string }
  /** What the judgements against the stable version have gathered so far (sequential e-processes). */
  judgement?: Judgement
  /** Its warm-up (analysis.warmup) is over: its latency is judged in every interval from now on. */
  warmedUp?: boolean
}

const MAX_RECORDS = 200
/** Records kept in the `state` output that carries the state to a later job. */
const CARRIED_RECORDS = 20

/** A directory name for an environment: readable, and unique even when the name has odd characters. */
export function environmentSlug(name: string): string {
  const slug = name.replace(/[^A-Za-z0-9._-]/g, '-').replace(/^\.+/, '_').slice(0, 80)
  return slug === name ? slug : `${slug}-${createHash('sha256').update(name).digest('hex').slice(0, 8)}`
}

export class StateStore {
  readonly dir: string
  private readonly file: string

  constructor(stateDir: string, readonly environment: string) {
    this.dir = resolve(stateDir, environmentSlug(environment))
    this.file = join(this.dir, 'state.json')
  }

  ensureDir(): void {
    mkdirSync(this.dir, { recursive: true })
  }

  exists(): boolean {
    return existsSync(this.file)
  }

  /** Checked before every write: throws (GP-LOCK-003) once the run that opened this store no longer holds the lock. */
  fence?: () => void

  read(): EnvironmentState {
    const state = readJson<unknown>(this.file, { schema: 1, environment: this.environment, stable: null, canary: null, records: [] })
    const wrong = stateProblem(state)
    if (wrong) {
      throw new GlidepathError('GP-STATE-001', `State file ${this.file} is not an environment state: ${wrong}.`, { fix: REBUILD_FIX })
    }
    const read = state as EnvironmentState
    return { ...read, stable: read.stable ?? null, canary: read.canary ?? null }
  }

  write(state: EnvironmentState): void {
    this.fence?.()
    this.ensureDir()
    writeJsonAtomic(this.file, { ...state, records: keptRecords(state.records, MAX_RECORDS) })
  }

  /** Inserts or replaces a record (by id) and applies the other changes in one atomic write. */
  saveRecord(record: DeploymentRecord, change: Partial<Omit<EnvironmentState, 'records'>> = {}): EnvironmentState {
    const state = this.read()
    const records = state.records.filter((r) => r.id !== record.id)
    const index = state.records.findIndex((r) => r.id === record.id)
    if (index >= 0) records.splice(index, 0, record)
    else records.push(record)
    const next = { ...state, ...change, records }
    this.write(next)
    return next
  }

  latest(): DeploymentRecord | undefined {
    const { records } = this.read()
    return records[records.length - 1]
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

/** What makes a parsed file not an environment state (its schema, checked field by field), or undefined. */
function stateProblem(value: unknown): string | undefined {
  if (!isObject(value)) return `it holds ${value === null ? 'null' : Array.isArray(value) ? 'a list' : `a ${typeof value}`}, not an object`
  if (value.schema !== 1) return `schema is ${JSON.stringify(value.schema) ?? 'missing'}, not 1`
  if (typeof value.environment !== 'string') return 'environment is not a name'
  if (!Array.isArray(value.records)) return `records is ${value.records === null ? 'null' : value.records === undefined ? 'missing' : 'not a list'}`
  const bad = value.records.findIndex((r) => !isObject(r) || typeof r.id !== 'string' || typeof r.version !== 'string' || typeof r.status !== 'string')
  if (bad >= 0) return `records[${bad}] is not a deployment record (id, version, status)`
  if (value.stable != null && !(isObject(value.stable) && typeof value.stable.version === 'string' && typeof value.stable.recordId === 'string')) return 'stable is neither null nor { version, recordId }'
  if (value.canary != null && !(isObject(value.canary) && typeof value.canary.version === 'string' && typeof value.canary.recordId === 'string' && typeof value.canary.weight === 'number' && typeof value.canary.step === 'number')) {
    return 'canary is neither null nor { version, recordId, weight, step }'
  }
  for (const key of ['standby', 'pending', 'hold'] as const) {
    if (value[key] !== undefined && value[key] !== null && !isObject(value[key])) return `${key} is not an object`
  }
  if (isObject(value.standby) && typeof value.standby.version !== 'string') return 'standby has no version'
  if (isObject(value.pending) && (typeof value.pending.op !== 'string' || typeof value.pending.version !== 'string')) return 'pending is not an operation (op, version)'
  return undefined
}

/** Records whose steps keep their interval-by-interval series (the charts of recent reports); older ones drop them. */
const CHARTED_RECORDS = 10

/** The newest `max` records; those past the newest CHARTED_RECORDS without their steps' interval series. */
function keptRecords(records: EnvironmentState['records'], max: number): EnvironmentState['records'] {
  const kept = records.slice(-max)
  const from = kept.length - CHARTED_RECORDS
  return kept.map((r, i) => (i >= from || !r.steps?.some((s) => s.intervals) ? r : { ...r, steps: r.steps.map(({ intervals: _i, units: _u, ...s }) => s) }))
}

/** The state as one line of JSON for the `state` output: what a later job (another runner) needs. */
export function carryState(state: EnvironmentState): string {
  return JSON.stringify({ ...state, records: keptRecords(state.records, CARRIED_RECORDS) })
}

/** The `state` input (another job's `state` output), checked before anything relies on it. */
export function parseCarriedState(raw: string, environment: string): EnvironmentState {
  let state: EnvironmentState
  try {
    state = JSON.parse(raw) as EnvironmentState
  } catch (e) {
    throw new GlidepathError('GP-INPUT-001', `Input state is not JSON: ${(e as Error).message}.`, { fix: 'Pass the state output of an earlier deploy, canary-step or rollback step unchanged (e.g. state: ${{ needs.deploy.outputs.state }}).' })
  }
  const wrong = stateProblem(state)
  if (wrong) {
    throw new GlidepathError('GP-INPUT-001', `Input state is not a Glidepath environment state: ${wrong}.`, { fix: 'Pass the state output of an earlier deploy, canary-step or rollback step unchanged.' })
  }
  if (state.environment !== environment) {
    throw new GlidepathError('GP-INPUT-001', `Input state is ${state.environment}'s, not ${environment}'s.`, { fix: 'Pass the state output of a step that acted on the same environment.' })
  }
  return state
}
