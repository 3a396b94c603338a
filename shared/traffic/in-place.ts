import { GlidepathError } from '../errors/index.js'
import type { CanaryStepConfig } from '../config/types.js'
import type { Kubectl } from '../kube/kubectl.js'
import type { InPlaceRouter, RouterMemory } from './types.js'

// What the in-place routers share (partition.ts: a StatefulSet's ordinals; nodes.ts: a DaemonSet's
// nodes): a weight is a share of whole pods or nodes, and the stable version the canary started from is
// kept in the router's memory so that an abort can re-apply it.

/** How many of `total` ordinals (or nodes) run the canary at `weight`: at least one, and all only at 100%. */
export function unitsAt(total: number, weight: number): number {
  if (weight >= 100) return total
  if (weight <= 0) return 0
  return Math.max(1, Math.min(total - 1 || 1, Math.round((total * weight) / 100)))
}

/** The share of `total` that `updated` units are, as a step weight: 100 only when all are, at least 1. */
export function shareOf(updated: number, total: number): number {
  if (updated >= total) return 100
  return Math.min(99, Math.max(1, Math.round((100 * updated) / total)))
}

/** Weights increase step by step once resolved, or the steps cannot be told apart (GP-CONFIG-002). */
export function checkResolved(steps: CanaryStepConfig[], what: (i: number) => string, unit: string): CanaryStepConfig[] {
  steps.forEach((s, i) => {
    if (i > 0 && s.weight <= steps[i - 1].weight) {
      throw new GlidepathError('GP-CONFIG-002', `canary.steps[${i}] (${what(i)}) updates no more ${unit} than the step before (${what(i - 1)}): both come to ${s.weight}%.`, {
        fix: `Make each step update more ${unit} than the one before, or drop step ${i}.`,
      })
    }
  })
  return steps
}

/** An in-place router's common part: the workload it updates, its memory of the stable version, no check before the first deploy. */
export abstract class InPlaceBase implements Pick<InPlaceRouter, 'stable' | 'check' | 'approximate'> {
  readonly approximate = true

  constructor(
    protected readonly kubectl: Kubectl,
    protected readonly settings: { namespace?: string; name: string },
    protected readonly memory: RouterMemory,
    protected readonly timeoutMs: () => number,
    protected readonly log: (message: string) => void,
  ) {}

  async stable(): Promise<string | undefined> {
    return (await this.memory.load<{ stable?: string }>())?.stable
  }

  async check(): Promise<void> {
    // The workload may not exist yet (first deploy): a first version is deployed whole.
  }
}
