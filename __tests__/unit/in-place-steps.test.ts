import { describe, it, expect } from '@jest/globals'
import { parseConfig } from '../../shared/config/load.js'
import { partitionSteps } from '../../shared/traffic/partition.js'
import { shareOf, unitsAt } from '../../shared/traffic/in-place.js'
import { nodeSteps, matchesSelector, type NodeInfo } from '../../shared/traffic/nodes.js'
import type { GlidepathError } from '../../shared/errors/index.js'

// A StatefulSet's partition steps and a DaemonSet's node steps (issue 40): what the config accepts,
// and the weights and node groups they come to against a cluster's replicas and nodes.

const ws = process.cwd()
const config = (workload: string, steps: string, extra = '') => `version: 1
environments:
  production:
    branches: [main]
    strategy: canary
    kubernetes: { manifests: k8s, workload: ${workload} }
${extra}    canary: { steps: ${steps} }
`
function problems(yaml: string): string[] {
  try {
    parseConfig(yaml, 'glidepath.yml', ws)
  } catch (e) {
    const err = e as GlidepathError
    expect(err.code).toBe('GP-CONFIG-002')
    return (err.problems ?? []).map((p) => `${p.path ?? ''}: ${p.message}`)
  }
  return []
}

describe('partition and nodes steps in the config', () => {
  it('accepts partitions going down on a StatefulSet, with nominal weights in order until the cluster is read', () => {
    const cfg = parseConfig(config('statefulset/db', '[ {partition: 2, pause: 1m}, {partition: 1, pause: 1m}, {partition: 0} ]'), 'glidepath.yml', ws)
    const steps = cfg.environments.production.canary?.steps ?? []
    expect(steps.map((s) => s.partition)).toEqual([2, 1, 0])
    expect(steps.map((s) => s.weight)).toEqual([25, 50, 100])
  })

  it('accepts node counts and node selectors on a DaemonSet', () => {
    const cfg = parseConfig(config('daemonset/agent', '[ {nodes: 1, pause: 1m}, {nodes: "topology.kubernetes.io/zone=a", pause: 1m}, {nodes: 4} ]'), 'glidepath.yml', ws)
    const steps = cfg.environments.production.canary?.steps ?? []
    expect(steps.map((s) => s.nodes)).toEqual([1, 'topology.kubernetes.io/zone=a', 4])
    expect(steps.every((s, i) => i === 0 || s.weight > steps[i - 1].weight)).toBe(true)
  })

  it('refuses a DaemonSet step with a weight', () => {
    expect(problems(config('daemonset/agent', '[ {weight: 50, pause: 1m}, {weight: 100} ]')).join('\n')).toMatch(/steps\[0\]\.weight: a DaemonSet's canary runs one pod per node/)
  })

  it('refuses partition steps that do not go down, mixed with weights, or on a Deployment', () => {
    expect(problems(config('statefulset/db', '[ {partition: 1}, {partition: 2} ]')).join('\n')).toMatch(/steps\[1\]\.partition: partition 2 does not go down/)
    expect(problems(config('statefulset/db', '[ {partition: 2}, {weight: 100} ]')).join('\n')).toMatch(/steps mix partition and weight/)
    expect(problems(config('deployment/web', '[ {partition: 1}, {weight: 100} ]')).join('\n')).toMatch(/a partition step moves a StatefulSet's rollingUpdate.partition .*router is replicas/)
  })

  it('refuses a step that names two kinds or none, and node counts that do not grow', () => {
    expect(problems(config('statefulset/db', '[ {partition: 1, weight: 50} ]')).join('\n')).toMatch(/sets one of weight, partition or nodes; this one sets weight and partition/)
    expect(problems(config('statefulset/db', '[ {pause: 1m} ]')).join('\n')).toMatch(/this one sets none/)
    expect(problems(config('daemonset/agent', '[ {nodes: 2}, {nodes: 2} ]')).join('\n')).toMatch(/nodes 2 does not increase/)
    expect(problems(config('deployment/web', '[ {nodes: 1} ]', '    traffic: { router: replicas }\n')).join('\n')).toMatch(/a nodes step updates a DaemonSet/)
  })

  it('refuses router nodes without a DaemonSet', () => {
    expect(problems(config('deployment/web', '[ {weight: 50} ]', '    traffic: { router: nodes }\n')).join('\n')).toMatch(/router nodes moves a DaemonSet node by node/)
  })
})

describe('partition steps against the replica count', () => {
  it('gives each partition the share of ordinals at or above it', () => {
    const steps = partitionSteps([{ weight: 25, partition: 4 }, { weight: 50, partition: 2 }, { weight: 100, partition: 0 }], 5, 'db')
    expect(steps.map((s) => s.weight)).toEqual([20, 60, 100])
  })

  it('refuses a partition at or beyond the replica count: no ordinal would be updated', () => {
    expect(() => partitionSteps([{ weight: 50, partition: 3 }, { weight: 100, partition: 0 }], 3, 'db')).toThrow(/partition is 3, but statefulset\/db has 3 replicas \(ordinals 0-2\)/)
  })

  it('refuses two partitions that come to the same share', () => {
    expect(() => partitionSteps([{ weight: 30, partition: 301 }, { weight: 60, partition: 300 }], 400, 'db')).toThrow(/updates no more ordinals than the step before/)
  })

  it('maps shares to whole units: at least one, all only at 100', () => {
    expect([0, 1, 20, 50, 99, 100].map((w) => unitsAt(3, w))).toEqual([0, 1, 1, 2, 2, 3])
    expect([0, 1, 2, 3].map((u) => shareOf(u, 3))).toEqual([1, 33, 67, 100])
  })
})

describe('node steps against the nodes a DaemonSet runs on', () => {
  const nodes: NodeInfo[] = [
    { name: 'n-3', labels: { zone: 'b', pool: 'gpu' } },
    { name: 'n-0', labels: { zone: 'a' } },
    { name: 'n-2', labels: { zone: 'b' } },
    { name: 'n-1', labels: { zone: 'a', canary: 'yes' } },
  ]

  it('grows the group by count (the next nodes by name) and by selector (cumulative)', () => {
    const plan = nodeSteps([{ weight: 20, nodes: 1 }, { weight: 40, nodes: 'zone=b' }, { weight: 60, nodes: 4 }], nodes, 'agent')
    expect(plan.groups).toEqual([['n-0'], ['n-0', 'n-2', 'n-3'], ['n-0', 'n-1', 'n-2', 'n-3']])
    expect(plan.steps.map((s) => s.weight)).toEqual([25, 75, 100])
  })

  it('refuses a selector that matches none of the nodes, and a step that adds none', () => {
    expect(() => nodeSteps([{ weight: 50, nodes: 'zone=c' }], nodes, 'agent')).toThrow(/"zone=c" matches none of the 4 nodes daemonset\/agent runs on \(n-0, n-1, n-2, n-3\)/)
    expect(() => nodeSteps([{ weight: 30, nodes: 'zone=a' }, { weight: 60, nodes: 2 }], nodes, 'agent')).toThrow(/canary.steps\[1\] \(nodes 2\) updates no more nodes than the step before/)
  })

  it('matches selector terms as kubectl does: key, !key, key=value, key==value, key!=value, all of them', () => {
    const labels = { zone: 'a', canary: 'yes' }
    expect(matchesSelector(labels, 'zone=a')).toBe(true)
    expect(matchesSelector(labels, 'zone==a')).toBe(true)
    expect(matchesSelector(labels, 'zone!=a')).toBe(false)
    expect(matchesSelector(labels, 'canary')).toBe(true)
    expect(matchesSelector(labels, '!canary')).toBe(false)
    expect(matchesSelector(labels, 'zone=a,pool')).toBe(false)
    expect(matchesSelector(labels, 'zone=a,!pool')).toBe(true)
  })
})
