import { GlidepathError } from '../errors/index.js'
import type { CanaryStepConfig } from '../config/types.js'
import type { KubeObject } from '../kube/kubectl.js'
import { waitForRollouts } from '../kube/rollout.js'
import { NODES_UPDATED_KEY, VERSION_KEY } from '../kube/manifests.js'
import type { InPlaceRouter } from './types.js'
import { InPlaceBase, checkResolved, shareOf, unitsAt } from './in-place.js'

// A DaemonSet's canary node group by node group (issue 40): the DaemonSet runs one pod per node, so a
// copy would run the agent twice on every node. During the canary its update strategy is OnDelete:
// the new revision is applied without touching a pod, then each step deletes the old pods on its nodes
// and the controller starts the new revision there. A step names its nodes by count (the first nodes by
// name not yet updated) or by a node label selector (cumulative); a plain weight maps to a count. The
// weight is the share of the DaemonSet's nodes updated. Abort and promote re-apply a recorded spec
// (providers/kubernetes.ts): its own update strategy rolls the nodes back, or the rest forward.

export interface NodesSettings {
  namespace?: string
  name: string
}

export interface NodeInfo {
  name: string
  labels: Record<string, string>
}

/** Whether a node's labels match a selector of `key`, `!key`, `key=value` and `key!=value` terms, comma-separated (all must hold). */
export function matchesSelector(labels: Record<string, string>, selector: string): boolean {
  return selector.split(',').map((t) => t.trim()).filter(Boolean).every((term) => {
    const ne = term.indexOf('!=')
    if (ne > 0) return labels[term.slice(0, ne)] !== term.slice(ne + 2)
    const eq = term.indexOf('=')
    if (eq > 0) return labels[term.slice(0, eq)] === term.slice(eq + 1).replace(/^=/, '')
    if (term.startsWith('!')) return !(term.slice(1) in labels)
    return term in labels
  })
}

/**
 * The node group of each step over the DaemonSet's `nodes`: a count grows the group with the next nodes by
 * name, a selector adds the nodes it matches; each step's weight is the group's share. A selector that
 * matches none of the DaemonSet's nodes, or a step that adds none, is refused (GP-CONFIG-002).
 */
export function nodeSteps(steps: CanaryStepConfig[], nodes: NodeInfo[], name: string): { steps: CanaryStepConfig[]; groups: string[][] } {
  const all = [...nodes].sort((a, b) => a.name.localeCompare(b.name))
  const group = new Set<string>()
  const groups: string[][] = []
  const resolved = steps.map((s, i) => {
    if (typeof s.nodes === 'string') {
      const matched = all.filter((n) => matchesSelector(n.labels, s.nodes as string))
      if (matched.length === 0) {
        throw new GlidepathError('GP-CONFIG-002', `canary.steps[${i}].nodes "${s.nodes}" matches none of the ${all.length} node${all.length === 1 ? '' : 's'} daemonset/${name} runs on (${all.slice(0, 5).map((n) => n.name).join(', ')}${all.length > 5 ? ', …' : ''}).`, {
          fix: 'Use a label the nodes carry (kubectl get nodes --show-labels), or a count of nodes.',
        })
      }
      for (const n of matched) group.add(n.name)
    } else {
      const count = typeof s.nodes === 'number' ? s.nodes : unitsAt(all.length, s.weight)
      for (const n of all) {
        if (group.size >= count) break
        group.add(n.name)
      }
    }
    groups.push([...group].sort())
    return { ...s, weight: shareOf(group.size, all.length) }
  })
  const what = (i: number) => (steps[i].nodes !== undefined ? `nodes ${JSON.stringify(steps[i].nodes)}` : `weight ${steps[i].weight}`)
  return { steps: checkResolved(resolved, what, 'nodes'), groups }
}

const versionOf = (template: KubeObject['spec'] | undefined): string | undefined => {
  const v = template?.metadata?.annotations?.[VERSION_KEY] ?? template?.metadata?.labels?.[VERSION_KEY]
  return typeof v === 'string' ? v : undefined
}

/** The canary's share of a DaemonSet being updated node by node: its nodes on the newest revision (0 when it is not being stepped). */
function weightOf(ds: KubeObject | null): number {
  if (!ds || ds.spec?.updateStrategy?.type !== 'OnDelete' || ds.metadata.annotations?.[NODES_UPDATED_KEY] === undefined) return 0
  const desired = Number(ds.status?.desiredNumberScheduled ?? 0)
  const updated = Number(ds.status?.updatedNumberScheduled ?? 0)
  return desired > 0 && updated > 0 ? shareOf(updated, desired) : 0
}

export class NodesRouter extends InPlaceBase implements InPlaceRouter {
  readonly name = 'nodes'
  /** The node group of each resolved step, by its weight. */
  private readonly groups = new Map<number, string[]>()

  private daemonSet(): Promise<KubeObject | null> {
    return this.kubectl.get('daemonset', this.settings.name, this.settings.namespace, this.timeoutMs())
  }

  /** The DaemonSet's pods (owned by it) and, when asked, the hash of its newest revision. */
  private async pods(ds: KubeObject, withNewest = true): Promise<{ pods: KubeObject[]; newest?: string }> {
    const labels: Record<string, string> = ds.spec?.selector?.matchLabels ?? {}
    const selector = Object.entries(labels).map(([k, v]) => `${k}=${v}`).join(',') || undefined
    const owned = (o: KubeObject) => o.metadata.ownerReferences?.some((r) => r.uid === ds.metadata.uid) ?? false
    const [pods, revisions] = await Promise.all([
      this.kubectl.list('pods', this.settings.namespace, this.timeoutMs(), selector),
      withNewest ? this.kubectl.list('controllerrevisions', this.settings.namespace, this.timeoutMs(), selector) : [],
    ])
    const newest = revisions.filter(owned).sort((a, b) => Number(b.revision ?? 0) - Number(a.revision ?? 0))[0]
    return { pods: pods.filter(owned), newest: newest?.metadata.labels?.['controller-revision-hash'] }
  }

  /** The nodes the DaemonSet runs on now, with their labels. */
  private async nodes(ds: KubeObject): Promise<NodeInfo[]> {
    const { pods } = await this.pods(ds, false)
    const names = new Set(pods.map((p) => String(p.spec?.nodeName ?? '')).filter(Boolean))
    const nodes = await this.kubectl.list('nodes', undefined, this.timeoutMs())
    return nodes.filter((n) => names.has(n.metadata.name)).map((n) => ({ name: n.metadata.name, labels: n.metadata.labels ?? {} }))
  }

  async resolve(steps: CanaryStepConfig[]): Promise<CanaryStepConfig[]> {
    const ds = await this.daemonSet()
    if (!ds) return steps
    const nodes = await this.nodes(ds)
    if (nodes.length === 0) return steps
    const plan = nodeSteps(steps, nodes, this.settings.name)
    plan.steps.forEach((s, i) => this.groups.set(s.weight, plan.groups[i]))
    return plan.steps
  }

  /** The canary's share: the DaemonSet's nodes on its newest revision while it updates node by node. */
  async canaryWeight(): Promise<number> {
    return weightOf(await this.daemonSet())
  }

  /** The versions the DaemonSet's pods run now: the newest revision's (the canary while it updates) and the older one's. */
  async seen(): Promise<{ template: string; older?: string; weight: number; ready: number } | undefined> {
    const ds = await this.daemonSet()
    const template = versionOf(ds?.spec?.template)
    if (!ds || !template) return undefined
    const weight = weightOf(ds)
    const ready = Number(ds.status?.numberReady ?? 0)
    if (weight === 0) return { template, weight, ready }
    const { pods, newest } = await this.pods(ds)
    const oldHash = pods.map((p) => p.metadata.labels?.['controller-revision-hash']).find((h) => h && h !== newest)
    const revision = oldHash ? await this.kubectl.get('controllerrevision', `${this.settings.name}-${oldHash}`, this.settings.namespace, this.timeoutMs()) : undefined
    return { template, older: versionOf(revision?.data?.spec?.template), weight, ready }
  }

  async setWeight(weight: number, versions: { stable: string | null; canary: string | null }): Promise<void> {
    if (versions.stable) await this.memory.save({ stable: versions.stable })
    const ds = await this.daemonSet()
    if (!ds) throw new GlidepathError('GP-K8S-003', `daemonset/${this.settings.name} does not exist; its canary cannot move.`, { fix: 'Deploy the version again (the deploy creates it).' })
    const { pods, newest } = await this.pods(ds)
    const all = [...new Set(pods.map((p) => String(p.spec?.nodeName ?? '')).filter(Boolean))].sort()
    const group = weight >= 100 ? all : this.groups.get(weight) ?? all.slice(0, unitsAt(all.length, weight))
    const inGroup = new Set(group)
    const stale = pods.filter((p) => inGroup.has(String(p.spec?.nodeName)) && p.metadata.labels?.['controller-revision-hash'] !== newest && !p.metadata.deletionTimestamp)
    const ahead = pods.filter((p) => !inGroup.has(String(p.spec?.nodeName)) && p.metadata.labels?.['controller-revision-hash'] === newest).length
    if (ahead > 0) this.log(`${ahead} node${ahead === 1 ? '' : 's'} outside this step's group already run${ahead === 1 ? 's' : ''} ${versions.canary ?? 'the canary'}; a DaemonSet updated by deleting pods cannot step back (an abort re-applies the stable version).`)
    this.log(`Nodes of daemonset/${this.settings.name}: ${group.length} of ${all.length} run ${versions.canary ?? 'the canary'} (${group.join(', ')}); ${stale.length} pod${stale.length === 1 ? '' : 's'} replaced now.`)
    await this.kubectl.patchMerge('daemonset', this.settings.name, this.settings.namespace, { metadata: { annotations: { [NODES_UPDATED_KEY]: String(group.length + ahead) } } }, this.timeoutMs())
    if (stale.length > 0) {
      await this.kubectl.run(['delete', 'pod', ...stale.map((p) => p.metadata.name), ...(this.settings.namespace ? ['-n', this.settings.namespace] : []), '--wait=false'], { timeoutMs: this.timeoutMs(), what: `kubectl delete pods of daemonset/${this.settings.name}` })
    }
    await waitForRollouts(this.kubectl, [{ kind: 'daemonset', name: this.settings.name, namespace: this.settings.namespace }], { timeoutMs: this.timeoutMs() })
  }

  async restore(): Promise<void> {
    await this.memory.save(undefined)
    const ds = await this.daemonSet()
    if (ds?.metadata.annotations?.[NODES_UPDATED_KEY] !== undefined) {
      await this.kubectl.patchMerge('daemonset', this.settings.name, this.settings.namespace, { metadata: { annotations: { [NODES_UPDATED_KEY]: null } } }, this.timeoutMs())
    }
  }
}
