import fc from 'fast-check'
import { phaseOf } from '../../shared/machine/phase.js'
import {
  deploy, canaryStep, rollback, teardown, named, weightOf, becomesHealthy, WEIGHTS,
  type ModelState, type Kind, type Strategy, type StepRequest, type Outcome,
} from './model.js'
import type { ModelSystem, ActionResult, Sample } from './harness.js'
import type { EnvironmentState } from '../../shared/state/store.js'

// The commands of the model-based tests (fast-check's fc.commands). Each one runs against the real
// system, picks the model outcome that the real state matches (one, except after a killed or raced
// command where timing decides), and checks the invariants of docs/state-machine.md by real HTTP
// requests, the state file and the processes.

export const SLOTS = 5

/** What the model holds: its state, or several candidates while an interrupted command is unsettled. */
export interface ModelBox {
  candidates: ModelState[]
  kinds: Record<string, Kind>
  records: number
  /** Versions that never became healthy: none may ever answer a request. */
  neverHealthy: Set<string>
  commands: number
  kills: number
  races: number
  /** Requests resent once after the server reset their connection (nginx reloads). */
  retried: number
  /** Requests checked: under load and by probes. */
  requests: number
  /** Faults of the world injected (the router stopped, a release killed, the state deleted). */
  faults: number
  /** A fault was injected: until the next command heals it, requests may fail (only what serves after is checked). */
  healing: boolean
}

type Real = ModelSystem
type Action = (sys: Real, inputs: Record<string, string>) => Promise<ActionResult>

/** One thing a user does: its model outcome and how to do it for real. */
interface Operation {
  label: string
  apply(m: ModelState, kinds: Record<string, Kind>): Outcome
  action: 'deploy' | 'canary-step' | 'rollback'
  inputs(m: ModelState): Record<string, string> | undefined
  /** Timing-dependent partial outcomes when the action is killed part-way. */
  partial(m: ModelState, kinds: Record<string, Kind>): ModelState[]
  /**
   * The operation with its inputs chosen in state `m` and kept whatever runs before it (a race: "rollback
   * to stable" names the version stable when the user typed it, not the one a racing deploy left).
   */
  bind?(m: ModelState): Operation
}

const deployOp = (slot: number, strategy: Strategy, keepsStandby: boolean): Operation => ({
  label: `deploy v${slot} (${strategy})`,
  apply: (m, kinds) => deploy(m, `v${slot}`, kinds[`v${slot}`], strategy, keepsStandby),
  action: 'deploy',
  inputs: () => ({ version: `v${slot}`, strategy }),
  partial: (m) => {
    // The next run undoes the interrupted deploy: a canary's undo keeps a standby of another version, a
    // rollback to the stable version keeps none (shared/flows/effects.ts recoverInterrupted).
    const asCanary = strategy === 'canary' && m.stable !== null
    const standby = asCanary && m.standby !== `v${slot}` ? m.standby : null
    const undone = [{ ...m, failed: true }, ...(m.canary ? [{ ...m, canary: null, failed: true }] : [])]
    return [...undone, ...undone.map((c) => ({ ...c, standby }))]
  },
})

const stepOp = (request: StepRequest): Operation => ({
  label: `canary-step ${request}`,
  apply: (m, kinds) => canaryStep(m, request, kinds),
  action: 'canary-step',
  inputs: () => ({ step: String(request) }),
  partial: (m) => {
    if (!m.canary) return []
    const out: ModelState[] = [{ ...m, canary: null, failed: true }]
    for (let s = m.canary.step; s < WEIGHTS.length - 1; s++) out.push({ ...m, canary: { ...m.canary, step: s } })
    out.push({ ...m, stable: m.canary.version, canary: null, standby: null, failed: false, history: [...m.history, { version: m.canary.version }], live: [...new Set([...m.live, m.canary.version])] })
    return out
  },
})

type RollbackTarget = 'last-good' | 'stable' | 'never' | number
const rollbackOp = (to: RollbackTarget): Operation => {
  const version = (m: ModelState) => (to === 'last-good' ? undefined : to === 'stable' ? m.stable ?? 'v0' : to === 'never' ? 'v99' : `v${to}`)
  const op = (pick: (m: ModelState) => string | undefined): Operation => ({
    label: `rollback${to === 'last-good' ? '' : ` to ${typeof to === 'number' ? `v${to}` : to}`}`,
    apply: (m) => rollback(m, pick(m)),
    action: 'rollback',
    inputs: (m): Record<string, string> => {
      const v = pick(m)
      return v === undefined ? {} : { to: v }
    },
    partial: (m) => (m.canary ? [{ ...m, canary: null, failed: false }] : []),
    bind: (m0) => op(() => version(m0)),
  })
  return op(version)
}

const teardownOp: Operation = {
  label: 'teardown',
  apply: () => teardown(),
  action: 'deploy',
  inputs: () => ({ teardown: 'true' }),
  partial: () => [],
}

const same = (m: ModelState, real: EnvironmentState | undefined): boolean => {
  const stable = real?.stable?.version ?? null
  const canary = real?.canary ? { version: real.canary.version, step: real.canary.step } : null
  if (stable !== m.stable) return false
  if ((canary?.version ?? null) !== (m.canary?.version ?? null) || (canary?.step ?? null) !== (m.canary?.step ?? null)) return false
  if ((real?.standby?.version ?? null) !== m.standby) return false
  const failed = real ? phaseOf(real).name === 'failed' : false
  return m.canary !== null || failed === m.failed
}

/** Candidates without repeats (two orders of a race often end alike). */
const distinct = (ms: ModelState[]): ModelState[] => [...new Map(ms.map((m) => [JSON.stringify(m), m])).values()]

const describeReal = (s: EnvironmentState | undefined) => JSON.stringify({ stable: s?.stable?.version ?? null, canary: s?.canary ? { version: s.canary.version, step: s.canary.step } : null, standby: s?.standby?.version ?? null, phase: s ? phaseOf(s).name : 'none', pending: s?.pending ?? null })
const describeModel = (m: ModelState) => JSON.stringify({ stable: m.stable, canary: m.canary, standby: m.standby, failed: m.failed })

function fail(message: string, box: ModelBox, sys: Real, result?: ActionResult): never {
  throw new Error(`${message}\n  model candidates: ${box.candidates.map(describeModel).join(' | ')}\n  real: ${describeReal(sys.state())}${result ? `\n  action output: ${JSON.stringify(result.outputs).slice(0, 600)}\n  action log (tail): ${result.log.slice(-2500)}` : ''}`)
}

/** The invariants, checked after a command settled (docs/state-machine.md, "How it is tested"). */
async function checkInvariants(box: ModelBox, sys: Real, before: ModelState[], samples: Sample[], result: ActionResult | undefined, opts: { settled: boolean; between?: ModelState[] }): Promise<void> {
  const real = sys.state()
  // The state file parses (sys.state() threw otherwise) and the record history only grows.
  const records = real?.records.length ?? 0
  if (records < box.records) fail(`the record history shrank from ${box.records} to ${records}`, box, sys, result)
  box.records = records
  // A version that never became healthy never receives traffic.
  box.requests += samples.length
  box.retried += samples.filter((s) => s.retried).length
  const served = new Set(samples.map((s) => s.app).filter(Boolean) as string[])
  for (const v of box.neverHealthy) if (served.has(v)) fail(`${v} never became healthy but answered requests`, box, sys, result)
  const m = box.candidates[0]
  // Across a heal, requests to what the fault took away fail until the run heals it: what serves once it
  // settled is checked as after any command.
  const healing = box.healing
  if (opts.settled) box.healing = false
  if (healing) samples = []
  const liveBefore = before.every((b) => named(b).length > 0 && b.stable !== null)
  const liveAfter = box.candidates.every((c) => c.stable !== null)
  if (liveBefore && liveAfter) {
    // Once a version has gone live, every request is answered by a live release, never by the router alone.
    const alone = samples.filter((s) => s.app === null)
    if (alone.length) fail(`${alone.length} of ${samples.length} requests under load were not answered by a release (${[...new Set(alone.map((s) => s.error ?? `status ${s.status}`))].join(', ')})`, box, sys, result)
    const allowed = new Set([...before, ...(opts.between ?? []), ...box.candidates].flatMap(named))
    const stray = [...served].filter((v) => !allowed.has(v))
    if (stray.length) fail(`requests under load were answered by ${stray.join(', ')}, which the state never named`, box, sys, result)
  }
  if (!opts.settled) return
  // The versions that answer are those the state names, at its weights.
  const probe = await sys.probe(m.stable || m.canary ? 100 : 6)
  box.requests += probe.length
  box.retried += probe.filter((s) => s.retried).length
  if (m.stable) {
    const alone = probe.filter((s) => s.app === null)
    if (alone.length) fail(`${alone.length} probe requests were not answered by a release (${[...new Set(alone.map((s) => s.error ?? `status ${s.status}`))].join(', ')})`, box, sys, result)
    const wrong = probe.filter((s) => s.app !== m.stable && s.app !== m.canary?.version)
    if (wrong.length) fail(`probe answered by ${[...new Set(wrong.map((s) => s.app))].join(', ')}; the state names ${named(m).join(', ')}`, box, sys, result)
    const w = weightOf(m) / 100
    const k = probe.filter((s) => m.canary && s.app === m.canary.version).length
    const tolerance = 4 * Math.sqrt((w * (1 - w)) / probe.length) + 0.03
    if (Math.abs(k / probe.length - w) > tolerance) fail(`the canary answered ${k} of ${probe.length} requests; its weight is ${w * 100}%`, box, sys, result)
  } else if (probe.some((s) => s.app !== null)) fail(`nothing is live per the state, yet ${probe.find((s) => s.app)?.app} answered`, box, sys, result)
  // No release process runs beyond those the state names (none after teardown), nor a router with nothing to route.
  const running = (await sys.running()).sort()
  const expected = named(m).sort()
  if (JSON.stringify(running) !== JSON.stringify(expected)) fail(`running releases are [${running.join(', ')}]; the state names [${expected.join(', ')}]`, box, sys, result)
  // Nor a router the pid file does not name (it would hold the port, or nothing, for good).
  if (sys.flavour === 'local') {
    const strays = await sys.strayRouters()
    if (strays.length) fail(`local router process(es) ${strays.join(', ')} run for this environment, and its pid file names another`, box, sys, result)
  }
  if (sys.flavour === 'local' && sys.routerAlive() !== expected.length > 0) fail(`the local router is ${sys.routerAlive() ? 'running with nothing to route' : 'not running while releases should serve'}`, box, sys, result)
}

/** Runs one operation for real and settles the model on the outcome the real state shows. */
async function perform(box: ModelBox, sys: Real, unbound: Operation, run: Action): Promise<void> {
  const before = box.candidates
  // The inputs are typed once, in the first candidate's terms, and every candidate applies those.
  const op = unbound.bind?.(before[0]) ?? unbound
  sys.samples()
  const outcomes = before.map((c) => op.apply(c, box.kinds))
  const inputs = op.inputs(before[0]) ?? {}
  const result = await run(sys, inputs)
  box.commands++
  const real = sys.state()
  const matching = outcomes.filter((o) => same(o.model, real))
  if (!matching.length) fail(`${op.label}: the real state matches no model outcome (expected ${outcomes.map((o) => describeModel(o.model)).join(' or ')})`, box, sys, result)
  // The outcomes whose refusal or failure is the action's: with one candidate it must be that one; with
  // several (after a kill or a race) this is what tells them apart, with the state.
  const consistent = matching.filter((o) => (o.refused ? result.code === o.refused : Boolean(o.fails) === result.failed))
  if (!consistent.length) {
    const outcome = matching[0]
    if (outcome.refused) fail(`${op.label}: expected refusal ${outcome.refused}, got ${result.code || 'success'}`, box, sys, result)
    fail(`${op.label}: expected the action to ${outcome.fails ? 'fail' : 'succeed'}, it ${result.failed ? `failed (${result.code})` : 'succeeded'}`, box, sys, result)
  }
  box.candidates = distinct(consistent.map((o) => o.model))
  await checkInvariants(box, sys, before, sys.samples(), result, { settled: true })
}

const inProcess = (action: Operation['action']): Action => (sys, inputs) => sys.run(action, inputs)

class OperationCommand implements fc.AsyncCommand<ModelBox, Real> {
  constructor(private readonly op: Operation) {}
  check = () => true
  async run(box: ModelBox, sys: Real): Promise<void> {
    await perform(box, sys, this.op, inProcess(this.op.action))
  }
  toString = () => this.op.label
}

/** The action runs as its own process and is SIGKILLed part-way; the next command must settle it. */
class KillCommand implements fc.AsyncCommand<ModelBox, Real> {
  constructor(private readonly op: Operation, private readonly afterMs: number) {}
  check = () => true
  async run(box: ModelBox, sys: Real): Promise<void> {
    const before = box.candidates
    const op = this.op.bind?.(before[0]) ?? this.op
    sys.samples()
    const result = await sys.runChild(op.action, op.inputs(before[0]) ?? {}, this.afterMs)
    box.commands++
    if (result.killed) box.kills++
    const done = before.map((c) => op.apply(c, box.kinds).model)
    const partial = before.flatMap((c) => op.partial(c, box.kinds))
    box.candidates = result.killed ? [...done, ...before, ...partial] : done
    // Until the next command settles it, only what holds at every instant is checked.
    await checkInvariants(box, sys, before, sys.samples(), result, { settled: false })
    if (!result.killed) {
      const real = sys.state()
      const matches = done.filter((c) => same(c, real))
      if (!matches.length) fail(`${this.op.label} (not killed: it ended within ${this.afterMs} ms) left a state no model outcome has`, box, sys, result)
      box.candidates = distinct(matches)
    }
  }
  toString = () => `kill -9 during ${this.op.label} after ${this.afterMs}ms`
}

/** Two actions as two processes at once: the lock orders them, either way round. */
class RaceCommand implements fc.AsyncCommand<ModelBox, Real> {
  constructor(private readonly a: Operation, private readonly b: Operation) {}
  check = () => true
  async run(box: ModelBox, sys: Real): Promise<void> {
    const before = box.candidates
    sys.samples()
    // Both inputs are chosen now, before either runs; the model applies them as chosen.
    const a = this.a.bind?.(before[0]) ?? this.a
    const b = this.b.bind?.(before[0]) ?? this.b
    const [ra, rb] = await Promise.all([sys.runChild(a.action, a.inputs(before[0]) ?? {}), sys.runChild(b.action, b.inputs(before[0]) ?? {})])
    box.commands += 2
    box.races++
    for (const r of [ra, rb]) if (r.code === 'GP-LOCK-001') fail('a racing command gave up on the lock', box, sys, r)
    // The second one's inputs were chosen before the first ran, as in a real race.
    const orders = before.flatMap((c) => {
      const afterA = a.apply(c, box.kinds).model
      const afterB = b.apply(c, box.kinds).model
      return [{ end: b.apply(afterA, box.kinds).model, between: afterA }, { end: a.apply(afterB, box.kinds).model, between: afterB }]
    })
    const real = sys.state()
    const matches = orders.filter((o) => same(o.end, real))
    if (!matches.length) fail(`race of ${this.a.label} and ${this.b.label}: the real state matches neither order (${orders.map((o) => describeModel(o.end)).join(' or ')})`, box, sys, { ...ra, log: `${ra.log}\n--- second ---\n${rb.log}` })
    // Every order that ends in this state stays a candidate: they may differ in what the state does not
    // show (which versions ever went live), and the next command tells them apart.
    box.candidates = distinct(matches.map((o) => o.end))
    // Under load, the first command's result served in between (the orders that end in this state). When
    // that was a torn-down environment (teardown first, then a deploy), it rightly answered nothing.
    const between = matches.map((o) => o.between)
    await checkInvariants(box, sys, [...before, ...between.filter((b) => b.stable === null)], sys.samples(), undefined, { settled: true, between })
  }
  toString = () => `race(${this.a.label}, ${this.b.label})`
}

/**
 * A lock deleted by hand while a run holds it, and a second run let in at once (issue 35): the first run's
 * fence stops it at its next change (GP-LOCK-003) and the second reconciles what it left, as after a kill.
 * Either run may also have gone first (the deletion came before the first took the lock, or after it ended).
 */
class LockLossCommand implements fc.AsyncCommand<ModelBox, Real> {
  constructor(private readonly a: Operation, private readonly b: Operation, private readonly afterMs: number) {}
  check = () => true
  async run(box: ModelBox, sys: Real): Promise<void> {
    const before = box.candidates
    const a = this.a.bind?.(before[0]) ?? this.a
    const b = this.b.bind?.(before[0]) ?? this.b
    sys.samples()
    const first = sys.runChild(a.action, a.inputs(before[0]) ?? {})
    await new Promise((r) => setTimeout(r, this.afterMs))
    const deleted = sys.deleteLock()
    const [ra, rb] = await Promise.all([first, sys.runChild(b.action, b.inputs(before[0]) ?? {})])
    box.commands += 2
    if (deleted) box.faults++
    for (const r of [ra, rb]) if (r.code === 'GP-LOCK-001') fail('a run gave up on the lock', box, sys, r)
    if (rb.code === 'GP-LOCK-003') fail('the second run lost a lock nobody took from it', box, sys, rb)
    // The first run: done, or stopped part-way by its fence (what it left is undone by the second, as after a kill).
    const afterA = before.flatMap((c) => [a.apply(c, box.kinds).model, ...(ra.failed ? [c, ...a.partial(c, box.kinds)] : [])])
    const ends = [
      ...afterA.map((s) => ({ end: b.apply(s, box.kinds).model, between: s })),
      // The second ran first: the first took the lock after it.
      ...before.map((c) => ({ end: a.apply(b.apply(c, box.kinds).model, box.kinds).model, between: b.apply(c, box.kinds).model })),
    ]
    const real = sys.state()
    const matches = ends.filter((o) => same(o.end, real))
    if (!matches.length) fail(`${this.toString()}: the real state matches no outcome (${distinct(ends.map((o) => o.end)).map(describeModel).join(' or ')})`, box, sys, { ...ra, log: `${ra.log}\n--- second (${rb.code || (rb.failed ? 'failed' : 'ok')}) ---\n${rb.log}` })
    box.candidates = distinct(matches.map((o) => o.end))
    await checkInvariants(box, sys, [...before, ...matches.map((o) => o.between).filter((s) => s.stable === null)], sys.samples(), rb, { settled: true, between: matches.map((o) => o.between) })
  }
  toString = () => `lock deleted ${this.afterMs}ms into ${this.a.label}, then ${this.b.label}`
}

export type Fault = 'stop-router' | 'kill-stable' | 'kill-canary' | 'delete-state' | 'restart-host'

/**
 * A fault of the world, not a user's command (issue 35): the router stopped, the stable or the canary's
 * processes killed, the state file deleted. Nothing is checked right after it; the next command must heal
 * it (or fail with a code, changing nothing), and every invariant holds once that command settled. The
 * model moves as the next run's reconciliation moves it: a dead canary aborted, a canary over a dead
 * stable aborted, a deleted record rebuilt from what serves (its history gone).
 */
class FaultCommand implements fc.AsyncCommand<ModelBox, Real> {
  constructor(private readonly fault: Fault) {}
  check = (box: Readonly<ModelBox>) => {
    if (box.candidates.length !== 1 || box.healing) return false
    const m = box.candidates[0]
    switch (this.fault) {
      case 'stop-router': case 'kill-stable': case 'restart-host': return m.stable !== null
      case 'kill-canary': return m.canary !== null && m.stable !== null
      case 'delete-state': return m.stable !== null && !m.canary && !m.standby && !m.failed
    }
  }
  async run(box: ModelBox, sys: Real): Promise<void> {
    const m = box.candidates[0]
    box.faults++
    box.healing = true
    const aborted: ModelState = { ...m, canary: null, failed: true }
    switch (this.fault) {
      case 'stop-router':
        await sys.stopRouter()
        break
      case 'kill-stable':
        await sys.killRelease(m.stable as string)
        // The heal starts stable again, then aborts the canary: a run killed between the two leaves the canary.
        if (m.canary) box.candidates = [aborted, m]
        break
      case 'kill-canary':
        await sys.killRelease(m.canary?.version as string)
        box.candidates = [aborted]
        break
      case 'restart-host': {
        // Everything is gone at once: the next run aborts a canary (it died), starts stable again on a
        // restarted router, and stops naming a standby that no longer runs. Killed part-way, it leaves any
        // of those steps for the run after it.
        sys.restartHost()
        const healed = { ...m, standby: null }
        box.candidates = distinct(m.canary ? [{ ...healed, canary: null, failed: true }, { ...m, canary: null, failed: true }, healed, m] : [healed, m])
        break
      }
      case 'delete-state':
        sys.deleteState()
        box.records = 0
        box.candidates = [{ stable: m.stable, canary: null, standby: null, failed: false, history: [{ version: m.stable as string }], live: [m.stable as string] }]
        break
    }
    sys.samples()
  }
  toString = () => `fault: ${this.fault}`
}

/** The command arbitraries: deploys of every kind and strategy, every step request, rollbacks, teardown, kills and races. */
export function commandArbitraries(keepsStandby: boolean, opts: { kills: boolean; faults?: Fault[]; lockLoss?: boolean }): Array<fc.Arbitrary<fc.AsyncCommand<ModelBox, Real>>> {
  const slot = fc.integer({ min: 0, max: SLOTS - 1 })
  const strategy = fc.constantFrom<Strategy>('canary', 'canary', 'rolling', 'blue-green')
  const deployArb = fc.tuple(slot, strategy).map(([s, st]) => deployOp(s, st, keepsStandby))
  const stepArb = fc.constantFrom<StepRequest>('next', 'next', 'all', 'promote', 'abort', 0, 1, 2).map(stepOp)
  const rollbackArb = fc.oneof(fc.constantFrom<RollbackTarget>('last-good', 'last-good', 'stable', 'never'), slot).map(rollbackOp)
  const opArb = fc.oneof({ arbitrary: deployArb, weight: 4 }, { arbitrary: stepArb, weight: 3 }, { arbitrary: rollbackArb, weight: 2 }, { arbitrary: fc.constant(teardownOp), weight: 1 })
  const weighted: Array<fc.WeightedArbitrary<fc.AsyncCommand<ModelBox, Real>>> = [{ arbitrary: opArb.map((op) => new OperationCommand(op)), weight: 10 }]
  if (opts.kills) {
    const killable = fc.oneof({ arbitrary: deployArb, weight: 3 }, { arbitrary: fc.constantFrom<StepRequest>('next', 'all').map(stepOp), weight: 2 }, { arbitrary: rollbackArb, weight: 1 })
    weighted.push({ arbitrary: fc.tuple(killable, fc.integer({ min: 100, max: 1800 })).map(([op, ms]) => new KillCommand(op, ms)), weight: 2 })
    weighted.push({ arbitrary: fc.tuple(opArb, opArb).map(([a, b]) => new RaceCommand(a, b)), weight: 2 })
  }
  if (opts.lockLoss) weighted.push({ arbitrary: fc.tuple(opArb, opArb, fc.integer({ min: 100, max: 1500 })).map(([a, b, ms]) => new LockLossCommand(a, b, ms)), weight: 1 })
  if (opts.faults?.length) weighted.push({ arbitrary: fc.constantFrom<Fault>(...opts.faults).map((f) => new FaultCommand(f)), weight: opts.kills ? 2 : 4 })
  return [fc.oneof(...weighted)]
}

export function newBox(kinds: Kind[]): ModelBox {
  const byVersion = Object.fromEntries(kinds.map((k, i) => [`v${i}`, k]))
  return {
    candidates: [{ stable: null, canary: null, standby: null, failed: false, history: [], live: [] }],
    kinds: byVersion,
    records: 0,
    neverHealthy: new Set(Object.entries(byVersion).filter(([, k]) => !becomesHealthy(k)).map(([v]) => v)),
    commands: 0,
    kills: 0,
    races: 0,
    retried: 0,
    requests: 0,
    faults: 0,
    healing: false,
  }
}
