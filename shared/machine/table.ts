import { decide, type Command } from './transitions.js'
import { phaseOf, type PhaseName } from './phase.js'
import { newRecord, finish, type DeploymentRecord } from '../state/record.js'
import type { EnvironmentState } from '../state/store.js'
import { nextStep, type StepAction, type StepSituation } from './step.js'

// The transition table of docs/state-machine.md, computed by running decide() over one example state
// per phase and every command. The doc is this table (npm run docs), so it cannot drift from the code.

const record = (version: string, fields: Partial<DeploymentRecord>): DeploymentRecord =>
  ({ ...newRecord({ kind: 'deploy', environment: 'production', version, previousVersion: null, strategy: 'rolling', provider: 'local' }), id: `r-${version}-${fields.status ?? 'x'}`, startedAt: '2026-01-01T00:00:00.000Z', ...fields })

/** One example state of each phase: v0 and v1 went live (v1 is stable); v2 is the canary or the failed attempt. */
export function exampleStates(): Record<PhaseName, EnvironmentState> {
  const v0 = finish(record('v0', { liveAt: '2026-01-01T00:00:00.000Z', status: 'success' }), 'success')
  const v1 = finish(record('v1', { liveAt: '2026-01-02T00:00:00.000Z', status: 'success' }), 'success')
  const base = { schema: 1 as const, environment: 'production', stable: { version: 'v1', recordId: v1.id }, canary: null }
  const canaryRecord = record('v2', { strategy: 'canary', phase: 'canary', step: 1, status: 'in_progress' })
  const canary = { version: 'v2', recordId: canaryRecord.id, weight: 25, step: 1, applied: true }
  return {
    empty: { schema: 1, environment: 'production', stable: null, canary: null, records: [] },
    stable: { ...base, records: [v0, v1] },
    canary: { ...base, canary, records: [v0, v1, canaryRecord] },
    holding: { ...base, canary: { ...canary, holding: { since: '2026-01-03T00:00:00.000Z', reason: 'too few requests' } }, records: [v0, v1, canaryRecord] },
    verifying: { ...base, records: [v0, { ...v1, status: 'in_progress', phase: 'verifying', finishedAt: undefined }] },
    failed: { ...base, records: [v0, v1, finish(record('v2', { status: 'failure' }), 'failure', 'GP-PROVIDER-003: never healthy')] },
    'torn-down': { schema: 1, environment: 'production', stable: null, canary: null, records: [{ ...v0, status: 'inactive' }, { ...v1, status: 'inactive' }, finish(record('', { kind: 'teardown', status: 'inactive' }), 'inactive')] },
  }
}

const EXAMPLE_COMMANDS: Array<{ label: string; command: Command }> = [
  { label: 'deploy v3 (rolling or blue-green)', command: { kind: 'deploy', version: 'v3', strategy: 'rolling' } },
  { label: 'deploy v3 (canary)', command: { kind: 'deploy', version: 'v3', strategy: 'canary' } },
  { label: 'deploy v1 (the stable version)', command: { kind: 'deploy', version: 'v1', strategy: 'canary' } },
  { label: 'deploy v2 (the canary\'s version)', command: { kind: 'deploy', version: 'v2', strategy: 'canary' } },
  { label: 'canary-step next', command: { kind: 'canary-step', step: 'next' } },
  { label: 'canary-step all', command: { kind: 'canary-step', step: 'all' } },
  { label: 'canary-step 2 (an index)', command: { kind: 'canary-step', step: 2 } },
  { label: 'canary-step promote', command: { kind: 'canary-step', step: 'promote' } },
  { label: 'canary-step abort', command: { kind: 'canary-step', step: 'abort' } },
  { label: 'rollback', command: { kind: 'rollback' } },
  { label: 'rollback to v0 (went live before)', command: { kind: 'rollback', to: 'v0' } },
  { label: 'rollback to v1 (the stable version)', command: { kind: 'rollback', to: 'v1' } },
  { label: 'rollback to v9 (never deployed)', command: { kind: 'rollback', to: 'v9' } },
  { label: 'teardown (and reap, for a closed pull request)', command: { kind: 'teardown' } },
]

export interface TableRow {
  command: string
  from: PhaseName
  transition: string
  to: string
  says: string
}

function transitionTable(): TableRow[] {
  const states = exampleStates()
  const rows: TableRow[] = []
  for (const { label, command } of EXAMPLE_COMMANDS) {
    for (const [name, state] of Object.entries(states) as Array<[PhaseName, EnvironmentState]>) {
      if (phaseOf(state).name !== name) throw new Error(`example state for ${name} reads as ${phaseOf(state).name}`)
      const d = decide(state, command)
      rows.push(d.kind === 'refuse'
        ? { command: label, from: name, transition: `refused (${d.error.code})`, to: `${name} (unchanged)`, says: d.error.message }
        : { command: label, from: name, transition: d.transition.name, to: [d.transition.to, ...(d.transition.or ?? [])].join(' or '), says: d.transition.says })
    }
  }
  return rows
}

export function renderTable(): string {
  const out: string[] = []
  let last = ''
  for (const r of transitionTable()) {
    if (r.command !== last) {
      out.push('', `#### ${r.command}`, '', '| from | transition | to | what happens |', '|---|---|---|---|')
      last = r.command
    }
    out.push(`| ${r.from} | \`${r.transition}\` | ${r.to} | ${r.says.replace(/\|/g, '\\|')} |`)
  }
  out.push(...stepTable())
  return `${out.join('\n').trim()}\n`
}

/** Example situations of a canary in flight at step 1 of 0/10/50/100, for the step decider's table. */
const STEP_EXAMPLES: Array<{ label: string; situation: Omit<Partial<StepSituation>, 'canary'> & { canary?: Partial<StepSituation['canary']> } }> = [
  { label: 'next, the step written but its traffic never moved (a run died)', situation: { canary: { applied: false } } },
  { label: '2 (an index)', situation: { request: 2 } },
  { label: 'next, a re-run of a job step that already advanced', situation: { stepKey: 'run/job/step', canary: { advancedBy: { 'run/job/step': 1 } } } },
  { label: 'next, waiting for a person past canary.maxWait', situation: { canary: { holding: { since: '2026-01-01T00:00:00.000Z', reason: 'too few requests', until: '2026-01-02T00:00:00.000Z' } } } },
  { label: 'next, at the step before the last', situation: {} },
  { label: 'next, at the last step below 100%', situation: { canary: { step: 2, weight: 50 } } },
  { label: 'next, the step passed', situation: { verdict: { decision: 'continue', reason: 'every metric passed' } } },
  { label: 'all, the step passed', situation: { request: 'all', verdict: { decision: 'continue', reason: 'every metric passed' } } },
  { label: 'next, the step before 100% passed', situation: { canary: { step: 2, weight: 50 }, verdict: { decision: 'continue', reason: 'every metric passed' } } },
  { label: 'next, the last step passed (a plan without 100%)', situation: { steps: [{ weight: 10 }, { weight: 50 }], verdict: { decision: 'continue', reason: 'every metric passed' } } },
  { label: 'next, analysis failed', situation: { verdict: { decision: 'abort', reason: 'error-rate: fail' } } },
  { label: 'next, short of evidence past the budget, onHold: abort (the default)', situation: { verdict: { decision: 'hold', reason: 'too few requests' } } },
  { label: 'next, short of evidence past the budget, onHold: fail', situation: { policy: { onHold: 'fail', maxWaitMs: 86_400_000 }, verdict: { decision: 'hold', reason: 'too few requests' } } },
  { label: 'next, short of evidence past the budget, onHold: wait', situation: { policy: { onHold: 'wait', maxWaitMs: 86_400_000 }, verdict: { decision: 'hold', reason: 'too few requests' } } },
]

const STEP_SAYS: Record<StepAction['kind'], string> = {
  judge: 'the step is judged over its pause (and its hold budget when short of evidence)',
  enter: 'the step is written, traffic moves to its weight, the step is marked applied',
  promote: 'the canary becomes stable (then the verify window, when configured)',
  reassert: 'traffic is put at the recorded weight again; nothing advances',
  abort: 'the canary is aborted (weight 0, stopped) and the job fails (GP-CANARY-003)',
  expire: 'the canary is aborted and the job fails (GP-CANARY-004)',
  wait: 'traffic stays; a person decides until canary.maxWait; the job ends without failing',
  'abort-hold': 'the canary is aborted and the job fails (GP-CANARY-004)',
  hold: 'traffic stays split and the job fails (GP-CANARY-004)',
}

/** The step decider's table (machine/step.ts): what a run does with a canary in flight. */
function stepTable(): string[] {
  const base: StepSituation = { canary: { step: 1, weight: 10, applied: true }, steps: [{ weight: 0 }, { weight: 10 }, { weight: 50 }, { weight: 100 }], request: 'next', policy: { onHold: 'abort', maxWaitMs: 86_400_000 }, now: Date.parse('2026-01-03T00:00:00.000Z') }
  const out = ['', '#### within canary-step (judge-step, judge-all, move-to-step): machine/step.ts', '', 'A canary at step 1 (10%) of 0, 10, 50, 100, unless said; each row is one decision, and the flow asks again after every action that does not end the run.', '', '| the run | action | what happens |', '|---|---|---|']
  for (const { label, situation } of STEP_EXAMPLES) {
    const a = nextStep({ ...base, ...situation, canary: { ...base.canary, ...situation.canary }, underway: situation.verdict !== undefined })
    const detail = a.kind === 'judge' ? (a.final ? ' (final: its pass promotes)' : '')
      : a.kind === 'enter' ? ` step ${a.step} (${a.weight}%), then ${a.then === 'stop' ? 'the run ends' : 'it is judged'}`
      : a.kind === 'promote' || a.kind === 'wait' || a.kind === 'expire' || a.kind === 'abort' || a.kind === 'abort-hold' || a.kind === 'hold' ? ` at step ${a.step}` : ` (step ${a.step})`
    out.push(`| ${label} | \`${a.kind}\`${detail} | ${STEP_SAYS[a.kind]} |`)
  }
  return out
}
