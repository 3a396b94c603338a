// The reference model of an environment for the model-based tests: what SPEC 3.3 and
// docs/state-machine.md say each command does, written independently of shared/machine, in terms a
// user can check from outside (which version is stable, which is the canary and at which step).

export type Kind = 'good' | 'bad' | 'dead' | 'slow' | 'crash'
export type Strategy = 'rolling' | 'blue-green' | 'canary'
export type StepRequest = 'next' | 'all' | 'promote' | 'abort' | 0 | 1 | 2

/** Weights of the canary plan the tests configure: 30%, 60%, then 100% (promotion). */
export const WEIGHTS = [30, 60, 100]

export interface ModelState {
  stable: string | null
  canary: { version: string; step: number } | null
  /** blue-green on the local provider: the previous version kept running without traffic. */
  standby: string | null
  /** The last attempt never kept traffic (the `failed` phase). */
  failed: boolean
  /** Versions as they went live, and marks of versions rolled away from (for rollback's target). */
  history: Array<{ version: string; rolledAway?: boolean }>
  /** Versions that took all traffic at some point since the last teardown. */
  live: string[]
}

export const initialModel = (): ModelState => ({ stable: null, canary: null, standby: null, failed: false, history: [], live: [] })

export const becomesHealthy = (kind: Kind) => kind === 'good' || kind === 'bad' || kind === 'slow'
/** What the canary analysis (error rate and p95 latency bounds) says of a kind under load. */
export const passesAnalysis = (kind: Kind) => kind === 'good'

export interface Outcome {
  model: ModelState
  /** The command is refused with this code, changing nothing. */
  refused?: string
  /** The action ends failed (a deploy that never got healthy, an aborted canary...). */
  fails?: boolean
}

const clone = (m: ModelState): ModelState => ({ ...m, canary: m.canary && { ...m.canary }, history: [...m.history], live: [...m.live] })

function goLive(m: ModelState, version: string, standby: string | null = null): void {
  m.standby = standby
  m.stable = version
  m.canary = null
  m.failed = false
  m.history.push({ version })
  if (!m.live.includes(version)) m.live.push(version)
}

function previousGood(m: ModelState): string | undefined {
  const rolledAway = new Set<string>()
  for (let i = m.history.length - 1; i >= 0; i--) {
    const h = m.history[i]
    if (h.rolledAway) { rolledAway.add(h.version); continue }
    if (h.version === m.stable) continue
    if (!rolledAway.has(h.version)) return h.version
  }
  return undefined
}

export function deploy(m0: ModelState, version: string, kind: Kind, strategy: Strategy, keepsStandby: boolean): Outcome {
  const m = clone(m0)
  if (m.canary) {
    if (version === m.canary.version) return { model: m }
    m.canary = null
    if (version === m.stable) {
      m.failed = true // the canary's record ends superseded
      return { model: m }
    }
  } else if (version === m.stable) return { model: m }
  if (!becomesHealthy(kind)) {
    m.failed = true
    return { model: m, fails: true }
  }
  if (!m.stable || strategy !== 'canary') goLive(m, version, keepsStandby && strategy === 'blue-green' && m.stable ? m.stable : null)
  else {
    m.canary = { version, step: 0 }
    if (m.standby === version) m.standby = null // the standby is restarted as the canary
  }
  return { model: m }
}

function promote(m: ModelState): Outcome {
  goLive(m, (m.canary as { version: string }).version)
  return { model: m }
}

function abort(m: ModelState, fails: boolean): Outcome {
  m.canary = null
  m.failed = true
  return { model: m, fails }
}

export function canaryStep(m0: ModelState, request: StepRequest, kinds: Record<string, Kind>): Outcome {
  const m = clone(m0)
  if (!m.canary) {
    if (request === 'abort') return { model: m }
    if (m.failed) return request === 'promote' ? { model: m, refused: 'GP-CANARY-001' } : { model: m, fails: true }
    if (m.stable) return { model: m }
    return { model: m, refused: 'GP-CANARY-001' }
  }
  if (request === 'abort') return abort(m, false)
  if (request === 'promote') return promote(m)
  if (typeof request === 'number') {
    if (WEIGHTS[request] >= 100) return promote(m)
    m.canary.step = request
    return { model: m }
  }
  if (!passesAnalysis(kinds[m.canary.version])) return abort(m, true)
  if (request === 'all') return promote(m)
  const next = m.canary.step + 1
  if (WEIGHTS[next] >= 100) return promote(m)
  m.canary.step = next
  return { model: m }
}

export function rollback(m0: ModelState, to: string | undefined): Outcome {
  const m = clone(m0)
  if (!m.stable && !m.canary) return { model: m, refused: 'GP-ROLLBACK-001' }
  if (to !== undefined && to !== m.stable && to !== m.canary?.version && !m.live.includes(to)) return { model: m, refused: 'GP-ROLLBACK-002' }
  if (m.canary) {
    if (to === m.canary.version) return { model: m, refused: 'GP-ROLLBACK-002' }
    m.canary = null
    m.failed = false // recorded rolled back, not failed
    if (to === undefined || to === m.stable) return { model: m }
    const from = m.stable
    goLive(m, to)
    if (from) m.history.splice(m.history.length - 1, 0, { version: from, rolledAway: true })
    return { model: m }
  }
  if (!m.stable) throw new Error('unreachable')
  if (to === m.stable) return { model: m }
  if (to === undefined && m.failed) {
    goLive(m, m.stable)
    return { model: m }
  }
  const target = to ?? previousGood(m)
  if (!target) return { model: m, refused: 'GP-ROLLBACK-001' }
  const from = m.stable
  goLive(m, target)
  m.history.splice(m.history.length - 1, 0, { version: from, rolledAway: true })
  return { model: m }
}

export function teardown(): Outcome {
  return { model: initialModel() }
}

/** The versions the state says run, for the process check. */
export const named = (m: ModelState): string[] => [...new Set([m.stable, m.canary?.version, m.standby].filter((v): v is string => Boolean(v)))]
export const weightOf = (m: ModelState): number => (m.canary ? WEIGHTS[m.canary.step] : 0)
