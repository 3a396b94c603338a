import type { Kubectl } from '../kube/kubectl.js'
import { waitForRollouts } from '../kube/rollout.js'
import type { KubeRouter, RouterMemory } from './types.js'

// No traffic layer: the stable Service selects stable and canary pods alike, so the canary's share is
// its share of the pods. The total stays the stable workload's replica count; the split is rounded
// to whole pods, so the weight is approximate and every message says so.

export interface ReplicasSettings {
  kind: string
  namespace?: string
  stable: string
  canary: string
}

export function replicaSplit(total: number, weight: number): { stable: number; canary: number } {
  if (weight <= 0) return { stable: total, canary: 0 }
  if (weight >= 100) return { stable: 0, canary: Math.max(1, total) }
  if (total <= 1) return { stable: 1, canary: 1 }
  const canary = Math.min(total - 1, Math.max(1, Math.round((total * weight) / 100)))
  return { stable: total - canary, canary }
}

export class ReplicasRouter implements KubeRouter {
  readonly name = 'replicas'
  readonly approximate = true

  constructor(
    private readonly kubectl: Kubectl,
    private readonly settings: ReplicasSettings,
    private readonly memory: RouterMemory,
    private readonly timeoutMs: () => number,
    private readonly log: (message: string) => void,
  ) {}

  private async total(): Promise<number> {
    const saved = await this.memory.load<{ replicas: number }>()
    if (saved) return saved.replicas
    const stable = await this.kubectl.get(this.settings.kind, this.settings.stable, this.settings.namespace, this.timeoutMs())
    const replicas = Number(stable?.spec?.replicas ?? 1)
    await this.memory.save({ replicas })
    return replicas
  }

  /** The canary's share of the ready pods (approximate: the Service spreads requests by pod). */
  async canaryWeight(): Promise<number> {
    const [stable, canary] = await Promise.all([this.settings.stable, this.settings.canary].map((name) => this.kubectl.get(this.settings.kind, name, this.settings.namespace, this.timeoutMs())))
    const ready = (o: typeof stable) => Number(o?.status?.readyReplicas ?? 0)
    const total = ready(stable) + ready(canary)
    return total > 0 ? Math.round((100 * ready(canary)) / total) : 0
  }

  async check(): Promise<void> {
    // The stable workload may not exist yet (first deploy); the split is computed when it does.
  }

  async setWeight(weight: number): Promise<void> {
    const total = await this.total()
    const split = replicaSplit(total, weight)
    const actual = Math.round((100 * split.canary) / (split.canary + split.stable || 1))
    this.log(`Replica split for ${weight}%: ${split.canary} canary / ${split.stable} stable pods (about ${actual}% of traffic; approximate, by pod count).`)
    // The canary grows before the stable shrinks, so capacity never dips.
    await this.kubectl.patchMerge(this.settings.kind, this.settings.canary, this.settings.namespace, { spec: { replicas: split.canary } }, this.timeoutMs())
    await this.kubectl.patchMerge(this.settings.kind, this.settings.stable, this.settings.namespace, { spec: { replicas: split.stable } }, this.timeoutMs())
    await waitForRollouts(this.kubectl, [{ kind: this.settings.kind, name: this.settings.canary, namespace: this.settings.namespace }, { kind: this.settings.kind, name: this.settings.stable, namespace: this.settings.namespace }], {
      timeoutMs: this.timeoutMs(),
    })
  }

  /**
   * The stable workload back to its full count, and ready, before this returns: only then are the
   * canary's pods removed (an abort at a high weight would otherwise leave a few stable pods with all
   * the traffic while the rest start: the capacity cliff of Argo Rollouts #3888).
   */
  async restore(): Promise<void> {
    const saved = await this.memory.load<{ replicas: number }>()
    if (!saved) return
    const stable = await this.kubectl.get(this.settings.kind, this.settings.stable, this.settings.namespace, this.timeoutMs())
    if (stable) {
      const ready = Number(stable.status?.readyReplicas ?? 0)
      await this.kubectl.patchMerge(this.settings.kind, this.settings.stable, this.settings.namespace, { spec: { replicas: saved.replicas } }, this.timeoutMs())
      if (ready < saved.replicas) {
        this.log(`Stable ${this.settings.kind}/${this.settings.stable} back to ${saved.replicas} pods (${ready} ready): waiting for them to be ready before the canary's pods go.`)
        await waitForRollouts(this.kubectl, [{ kind: this.settings.kind, name: this.settings.stable, namespace: this.settings.namespace }], { timeoutMs: this.timeoutMs() })
      }
    }
    await this.memory.save(undefined)
  }
}
