import { describe, it, expect } from '@jest/globals'
import { clusterRouter, inPlaceKind, type Cluster } from '../../shared/traffic/cluster.js'
import type { Kubectl } from '../../shared/kube/kubectl.js'
import type { EnvironmentConfig } from '../../shared/config/types.js'

// Which router the kubernetes provider receives from traffic/cluster.ts, for each way a config can ask.
// Building a router touches no cluster; only its calls do.

const cluster = (workload?: string, service?: string): Cluster => {
  const [kind, name] = workload ? workload.split('/') : []
  return {
    kubectl: {} as Kubectl, namespace: 'shop', workload: workload ? { kind, name } : undefined, service: service ?? name,
    memory: () => ({ load: async () => undefined, save: async () => undefined }), timeoutMs: () => 1000, log: () => undefined, plannedReplicas: () => undefined,
  }
}
const env = (traffic?: EnvironmentConfig['traffic']): EnvironmentConfig => ({ branches: ['main'], provider: 'kubernetes', ...(traffic ? { traffic } : {}) }) as EnvironmentConfig
const routerFor = (config: EnvironmentConfig, c: Cluster) => clusterRouter(config, c)?.name

describe('the Kubernetes routers\' factory', () => {
  it('builds the router the config names when it has what it needs', () => {
    expect(routerFor(env({ router: 'gateway-api', gatewayApi: { route: 'web' } }), cluster('deployment/web'))).toBe('gateway-api')
    expect(routerFor(env({ router: 'nginx-ingress', ingress: 'web' }), cluster('deployment/web'))).toBe('nginx-ingress')
    expect(routerFor(env({ router: 'replicas' }), cluster('deployment/web'))).toBe('replicas')
    // A named Service is enough for a routed canary, without a workload to copy.
    expect(routerFor(env({ router: 'gateway-api', gatewayApi: { route: 'web' } }), cluster(undefined, 'web'))).toBe('gateway-api')
  })

  it('defaults by the workload: replicas for a Deployment, a partition for a StatefulSet, nodes for a DaemonSet', () => {
    expect(routerFor(env(), cluster('deployment/web'))).toBe('replicas')
    expect(routerFor(env(), cluster('statefulset/db'))).toBe('partition')
    expect(routerFor(env(), cluster('daemonset/agent'))).toBe('nodes')
    expect(inPlaceKind(env(), cluster('statefulset/db'))).toBe('statefulset')
    expect(inPlaceKind(env({ router: 'nodes' }), cluster('daemonset/agent'))).toBe('daemonset')
    expect(inPlaceKind(env({ router: 'replicas' }), cluster('statefulset/db'))).toBeUndefined()
    expect(inPlaceKind(env(), cluster('deployment/web'))).toBeUndefined()
  })

  it('builds none where nothing carries the traffic: no workload, a named router without its section, or a traffic section for another router', () => {
    expect(routerFor(env(), cluster())).toBeUndefined()
    expect(routerFor(env({ router: 'gateway-api' }), cluster('deployment/web'))).toBeUndefined()
    expect(routerFor(env({ router: 'gateway-api', gatewayApi: { route: 'web' } }), cluster())).toBeUndefined()
    expect(routerFor(env({ router: 'nginx' } as EnvironmentConfig['traffic']), cluster('deployment/web'))).toBeUndefined()
  })
})
