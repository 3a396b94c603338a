import { GlidepathError } from '../errors/index.js'
import { phaseOf, liveVersions, wentLive, type Phase, type PhaseName } from './phase.js'
import type { EnvironmentState } from '../state/store.js'
import type { StrategyName } from '../config/types.js'

// The environment state machine (SPEC 3.3, docs/state-machine.md): for every phase and every command,
// which transition happens. Pure: state and command in, a transition out. The flows carry transitions
// out through the providers; providers act, they never decide. docs/state-machine.md's table is
// rendered from these functions (npm run docs), and a test keeps the two equal.

export type StepRequest = 'next' | 'all' | 'promote' | 'abort' | number

export type Command =
  | { kind: 'deploy'; version: string; strategy: StrategyName }
  | { kind: 'canary-step'; step: StepRequest }
  | { kind: 'rollback'; to?: string }
  | { kind: 'teardown' }

export type TransitionName =
  // deploy
  | 'initial' | 'noop' | 'roll-out' | 'start-canary' | 'resume-canary' | 'abort-to-stable' | 'supersede'
  // canary-step
  | 'judge-step' | 'judge-all' | 'move-to-step' | 'promote' | 'abort' | 'complete' | 'nothing-to-abort' | 'report-abort'
  // rollback
  | 'abort-canary' | 'abort-and-roll-back' | 'roll-back' | 'repair'
  // teardown
  | 'teardown'

export interface Transition {
  name: TransitionName
  /** The phase the environment is in when the transition succeeds. */
  to: PhaseName
  /** Other phases it may end in, depending on what the judgement or the platform says. */
  or?: PhaseName[]
  /** One sentence: what happens (logged, and the doc's table). */
  says: string
  /** A canary in flight that goes back to weight 0 (and is stopped) before anything else. */
  abortFirst?: string
  /** deploy: the strategy the provider rolls out with (the first deploy is always a full rollout). */
  rollout?: StrategyName
  /** rollback: the version that serves afterwards. */
  target?: string
}

export type Decision = { kind: 'transition'; transition: Transition } | { kind: 'refuse'; error: GlidepathError }

const go = (t: Transition): Decision => ({ kind: 'transition', transition: t })
const refuse = (error: GlidepathError): Decision => ({ kind: 'refuse', error })

export function decide(state: EnvironmentState, command: Command): Decision {
  const phase = phaseOf(state)
  switch (command.kind) {
    case 'deploy': return decideDeploy(phase, command.version, command.strategy)
    case 'canary-step': return decideStep(phase, command.step)
    case 'rollback': return decideRollback(state, phase, command.to)
    case 'teardown': return go({ name: 'teardown', to: 'torn-down', says: 'every release and the router stop; the record history stays' })
  }
}

function decideDeploy(phase: Phase, version: string, strategy: StrategyName): Decision {
  const { stable, canary } = phase
  if (canary) {
    if (version === canary.version) {
      return go({ name: 'resume-canary', to: phase.name, says: `the canary in flight is this version: nothing restarts, it stays at step ${canary.step} (${canary.weight}%)` })
    }
    if (version === stable) {
      return go({ name: 'abort-to-stable', to: 'stable', abortFirst: canary.version, says: 'the canary in flight is aborted (weight 0, stopped); the stable version keeps serving, nothing else changes' })
    }
    return go({
      name: 'supersede', to: strategy === 'canary' ? 'canary' : 'stable', abortFirst: canary.version, rollout: strategy,
      says: `the canary in flight is aborted back to stable first, then the new version ${strategy === 'canary' ? 'starts as a canary at step 0 against stable' : `rolls out (${strategy})`}`,
    })
  }
  if (!stable) {
    return go({
      name: 'initial', to: 'stable', or: ['failed'], rollout: strategy === 'canary' ? 'rolling' : strategy,
      says: 'first deploy: nothing to compare against, so the version goes straight to 100% whatever the strategy (the record says initial)',
    })
  }
  if (version === stable) return go({ name: 'noop', to: phase.name, says: 'the version is already stable: nothing changes and no record is written' })
  if (strategy === 'canary') return go({ name: 'start-canary', to: 'canary', or: ['failed'], rollout: 'canary', says: 'the version starts beside stable at the first step\'s weight (step 0)' })
  return go({ name: 'roll-out', to: 'stable', or: ['failed'], rollout: strategy, says: `the version takes all traffic once healthy (${strategy}); on failure the stable version keeps serving` })
}

function decideStep(phase: Phase, step: StepRequest): Decision {
  const { canary, stable } = phase
  if (canary) {
    if (step === 'abort') return go({ name: 'abort', to: 'stable', says: 'the canary goes to weight 0 first, then is stopped and recorded as aborted' })
    if (step === 'promote') return go({ name: 'promote', to: 'stable', says: 'the canary takes 100% and becomes stable; the old stable stops' })
    if (step === 'next') return go({ name: 'judge-step', to: 'canary', or: ['stable', 'holding'], says: 'the current step is judged over its pause: pass moves to the next weight (the last one promotes), fail aborts, too little evidence holds until the hold budget, then onHold decides' })
    if (step === 'all') return go({ name: 'judge-all', to: 'stable', or: ['holding'], says: 'every remaining step is judged in turn until promotion or abort; a hold past its budget resolves by onHold (abort by default, or fail the job)' })
    return go({ name: 'move-to-step', to: 'canary', or: ['stable'], says: `traffic moves to step ${step}'s weight without judging (a weight of 100 promotes)` })
  }
  if (step === 'abort') return go({ name: 'nothing-to-abort', to: phase.name, says: 'no canary in flight: nothing changes (abort is idempotent); decision abort' })
  if (phase.name === 'failed' && phase.failed) {
    if (step === 'promote') {
      return refuse(new GlidepathError('GP-CANARY-001', `No canary in progress: ${phase.failed.version} ended ${phase.failed.status}${phase.failed.reason ? ` (${phase.failed.reason})` : ''}.`, {
        fix: 'Deploy a version with strategy canary before promoting.',
      }))
    }
    return go({ name: 'report-abort', to: 'failed', says: 'no canary in flight because the last one was aborted or failed: nothing changes, decision abort and the step fails with that reason' })
  }
  if (stable) return go({ name: 'complete', to: phase.name, says: 'no canary in flight and the stable version is live (promoted earlier, or a first deploy that went straight to 100%): decision complete, nothing changes' })
  return refuse(new GlidepathError('GP-CANARY-001', 'No canary in progress and no version has gone live here.', {
    fix: 'Deploy first (deploy action); a first deploy goes straight to 100%, later deploys with strategy canary start a canary.',
  }))
}

function decideRollback(state: EnvironmentState, phase: Phase, to: string | undefined): Decision {
  const { stable, canary } = phase
  const live = liveVersions(state)
  if (!stable && !canary) {
    return refuse(new GlidepathError('GP-ROLLBACK-001', `${state.environment} has no version to roll back to: none has gone live${phase.name === 'torn-down' ? ' since it was torn down' : ''}; nothing was changed.`, {
      fix: 'Deploy a version first.',
    }))
  }
  if (to !== undefined && to !== stable && to !== canary?.version && !live.includes(to)) {
    const deployed = state.records.some((r) => r.version === to)
    const beforeTeardown = deployed && state.records.some((r) => r.version === to && wentLive(r))
    const what = beforeTeardown ? `served ${state.environment} only before it was torn down` : `${deployed ? 'never served all traffic' : 'was never deployed'} in ${state.environment}`
    return refuse(new GlidepathError('GP-ROLLBACK-002', `Version ${to} ${what}; nothing was changed.`, {
      fix: `Roll back to a version that went live here: ${live.filter((v) => v !== stable).join(', ') || '(none yet)'}.`,
    }))
  }
  if (canary) {
    if (to === canary.version) {
      return refuse(new GlidepathError('GP-ROLLBACK-002', `${to} is the canary in flight, not a version to roll back to; nothing was changed.`, {
        fix: 'Promote it with canary-step (step: promote), or roll back without `to` to abort it.',
      }))
    }
    if (to === undefined || to === stable) return go({ name: 'abort-canary', to: 'stable', abortFirst: canary.version, target: stable ?? undefined, says: 'the canary in flight is aborted (weight 0, stopped) and recorded as rolled back; stable keeps serving' })
    return go({ name: 'abort-and-roll-back', to: 'stable', abortFirst: canary.version, target: to, says: 'the canary in flight is aborted, then the environment returns to the named version' })
  }
  if (!stable) throw new Error('unreachable: an environment with neither stable nor canary was refused above')
  if (to === stable) return go({ name: 'noop', to: phase.name, target: stable, says: 'the named version is already stable: nothing changes' })
  if (to === undefined && phase.name === 'failed') {
    return go({ name: 'repair', to: 'stable', target: stable, says: 'the last attempt never kept traffic: the stable version is restored where that attempt touched it (not a step further back)' })
  }
  const target = to ?? previousGood(state, stable)
  if (!target) {
    return refuse(new GlidepathError('GP-ROLLBACK-001', `${state.environment} has no earlier good version to roll back to (it serves ${stable}); nothing was changed.`, {
      fix: 'Pass `to` with a version that went live here before, or deploy a fixed version.',
    }))
  }
  return go({ name: 'roll-back', to: 'stable', target, says: to ? 'the environment returns to the named version; the one rolled away from is marked rolled back' : 'the environment returns to the last good version before stable; the one rolled away from is marked rolled back, so a later rollback never returns to it' })
}

/** The last version that went live before `stable` and was not rolled away from since. */
export function previousGood(state: EnvironmentState, stable: string): string | undefined {
  const rolledAwayLater = new Set<string>()
  for (let i = state.records.length - 1; i >= 0; i--) {
    const r = state.records[i]
    // A version rolled away from (it had gone live); a canary rolled back before it did is not one.
    if (r.status === 'rolled_back' && r.phase !== 'canary') rolledAwayLater.add(r.version)
    if (r.version === stable || r.kind === 'teardown') continue
    if (r.status === 'success' && !rolledAwayLater.has(r.version)) return r.version
  }
  return undefined
}
