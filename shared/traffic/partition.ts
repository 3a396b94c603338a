import type { Kubectl } from '../kube/kubectl.js'
import { waitForRollouts } from '../kube/rollout.js'
import type { KubeRouter, RouterMemory } from './kube-types.js'

// A StatefulSet's canary by partition (issue 40): no copy of the workload (a copy would bring its own
// volumes), but the workload itself updated ordinal by ordinal from the highest, as Kubernetes'
// rollingUpdate.partition does: ordinals at or above the partition run the new revision, the rest the
// old. A weight is the share of ordinals updated, rounded to whole pods (approximate, as every message
// says). Abort and promote re-apply a recorded spec (providers/kubernetes.ts); this moves the partition.

export interface PartitionSettings {
  namespace?: string
  name: string
}

/** How many of `total` ordinals run the canary at `weight`: at least one, and all only at 100%. */
function ordinalsAt(total: number, weight: number): number {
  if (weight >= 100) return total
  if (weight <= 0) return 0
  return Math.max(1, Math.min(total - 1 || 1, Math.round((total * weight) / 100)))
}

export class PartitionRouter implements KubeRouter {
  readonly name = 'partition'
  readonly approximate = true

  constructor(
    private readonly kubectl: Kubectl,
    private readonly settings: PartitionSettings,
    private readonly memory: RouterMemory,
    private readonly timeoutMs: () => number,
    private readonly log: (message: string) => void,
  ) {}

  /** The stable version the canary started from (abort re-applies its recorded spec). */
  async stable(): Promise<string | undefined> {
    return (await this.memory.load<{ stable?: string }>())?.stable
  }

  async check(): Promise<void> {
    // The StatefulSet may not exist yet (first deploy): a first version is deployed whole.
  }

  /** The canary's share: the StatefulSet's pods on its update revision while two revisions run. */
  async canaryWeight(): Promise<number> {
    const sts = await this.kubectl.get('statefulset', this.settings.name, this.settings.namespace, this.timeoutMs())
    const status = sts?.status ?? {}
    if (!sts || !status.updateRevision || status.updateRevision === status.currentRevision) return 0
    const total = Number(sts.spec?.replicas ?? 1)
    return total > 0 ? Math.round((100 * Number(status.updatedReplicas ?? 0)) / total) : 0
  }

  async setWeight(weight: number, versions: { stable: string | null; canary: string | null }): Promise<void> {
    if (versions.stable) await this.memory.save({ stable: versions.stable })
    const sts = await this.kubectl.get('statefulset', this.settings.name, this.settings.namespace, this.timeoutMs())
    const total = Number(sts?.spec?.replicas ?? 1)
    const updated = ordinalsAt(total, weight)
    const partition = total - updated
    this.log(`Partition ${partition} of statefulset/${this.settings.name}: ordinal${updated === 1 ? '' : 's'} ${partition}${updated > 1 ? `-${total - 1}` : ''} run ${versions.canary ?? 'the canary'} (${updated} of ${total} pods, about ${Math.round((100 * updated) / total)}% of traffic; approximate, by pod count).`)
    await this.kubectl.patchMerge('statefulset', this.settings.name, this.settings.namespace, { spec: { updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition } } } }, this.timeoutMs())
    await waitForRollouts(this.kubectl, [{ kind: 'statefulset', name: this.settings.name, namespace: this.settings.namespace }], { timeoutMs: this.timeoutMs() })
  }

  async restore(): Promise<void> {
    await this.memory.save(undefined)
  }
}
