import { GlidepathError } from '../errors/index.js'
import type { CanaryStepConfig } from '../config/types.js'
import type { Kubectl } from '../kube/kubectl.js'
import { waitForRollouts } from '../kube/rollout.js'
import type { InPlaceRouter, RouterMemory } from './types.js'
import { InPlaceBase, checkResolved, shareOf, unitsAt } from './in-place.js'

// A StatefulSet's canary by partition (issue 40): no copy of the workload (a copy would bring its own
// volumes), but the workload itself updated ordinal by ordinal from the highest, as Kubernetes'
// rollingUpdate.partition does: ordinals at or above the partition run the new revision, the rest the
// old. A weight is the share of ordinals updated, rounded to whole pods (approximate, as every message
// says); a `partition` step names the partition itself. Abort and promote re-apply a recorded spec
// (providers/kubernetes.ts); this moves the partition.

export interface PartitionSettings {
  namespace?: string
  name: string
}

/**
 * A StatefulSet of `total` replicas: each partition step's weight is the share of ordinals at or above its
 * partition. A partition at or above the replica count would update nothing (GP-CONFIG-002).
 */
export function partitionSteps(steps: CanaryStepConfig[], total: number, name: string): CanaryStepConfig[] {
  const resolved = steps.map((s, i) => {
    if (s.partition === undefined) return s
    if (s.partition >= total) {
      throw new GlidepathError('GP-CONFIG-002', `canary.steps[${i}].partition is ${s.partition}, but statefulset/${name} has ${total} replica${total === 1 ? '' : 's'} (ordinals 0-${total - 1}): no ordinal would be updated.`, {
        fix: `Use partitions below ${total}, going down step by step (e.g. ${[...new Set([Math.max(0, total - 1), Math.floor(total / 2), 0])].join(', ')}), or weights.`,
      })
    }
    return { ...s, weight: shareOf(total - s.partition, total) }
  })
  return checkResolved(resolved, (i) => (steps[i].partition !== undefined ? `partition ${steps[i].partition}` : `weight ${steps[i].weight}`), 'ordinals')
}

export class PartitionRouter extends InPlaceBase implements InPlaceRouter {
  readonly name = 'partition'
  /** Partitions the steps asked for, by their resolved weight. */
  private readonly partitions = new Map<number, number>()

  constructor(
    kubectl: Kubectl,
    settings: PartitionSettings,
    memory: RouterMemory,
    timeoutMs: () => number,
    log: (message: string) => void,
    /** The replica count the rollout will have (the manifests'), when known without the cluster. */
    private readonly plannedReplicas: () => number | undefined = () => undefined,
  ) {
    super(kubectl, settings, memory, timeoutMs, log)
  }

  async resolve(steps: CanaryStepConfig[]): Promise<CanaryStepConfig[]> {
    if (!steps.some((s) => s.partition !== undefined)) return steps
    let total = this.plannedReplicas()
    if (total === undefined) {
      const sts = await this.kubectl.get('statefulset', this.settings.name, this.settings.namespace, this.timeoutMs())
      if (!sts) return steps
      total = Number(sts.spec?.replicas ?? 1)
    }
    const resolved = partitionSteps(steps, total, this.settings.name)
    resolved.forEach((s, i) => {
      if (steps[i].partition !== undefined) this.partitions.set(s.weight, steps[i].partition as number)
    })
    return resolved
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
    const asked = this.partitions.get(weight)
    const partition = asked !== undefined && asked < total ? asked : total - unitsAt(total, weight)
    const updated = total - partition
    this.log(`Partition ${partition} of statefulset/${this.settings.name}: ordinal${updated === 1 ? '' : 's'} ${partition}${updated > 1 ? `-${total - 1}` : ''} run ${versions.canary ?? 'the canary'} (${updated} of ${total} pods, about ${Math.round((100 * updated) / total)}% of traffic; approximate, by pod count).`)
    await this.kubectl.patchMerge('statefulset', this.settings.name, this.settings.namespace, { spec: { updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition } } } }, this.timeoutMs())
    await waitForRollouts(this.kubectl, [{ kind: 'statefulset', name: this.settings.name, namespace: this.settings.namespace }], { timeoutMs: this.timeoutMs() })
  }

  async restore(): Promise<void> {
    await this.memory.save(undefined)
  }
}
