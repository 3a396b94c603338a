import type { EnvironmentConfig, RouterName } from '../config/types.js'
import type { Kubectl } from '../kube/kubectl.js'
import { cohortsOf } from './cohorts.js'
import { GatewayApiRouter } from './gateway-api.js'
import { NginxIngressRouter } from './nginx-ingress.js'
import { PartitionRouter } from './partition.js'
import { NodesRouter } from './nodes.js'
import { ReplicasRouter } from './replicas.js'
import type { KubeRouter, RouterMemory } from './types.js'

// The Kubernetes routers' factory (Flagger's pkg/router/factory.go is the model): the kubernetes
// provider hands over the cluster (kubectl, the namespace, the workload, where a router keeps what it
// must restore) and receives the router the config names, or the one the workload implies. A new
// cluster router is one file and one line in CLUSTER_ROUTERS.

/** What a cluster router is built over: the provider's view of the cluster. */
export interface Cluster {
  kubectl: Kubectl
  namespace: string | undefined
  /** The workload the config names (kubernetes.workload), lower-case kind. */
  workload: { kind: string; name: string } | undefined
  /** The stable Service (kubernetes.service, else the workload's name). */
  service: string | undefined
  /** Where the router keeps what it must restore (the environment's state ConfigMap), under `key`. */
  memory(key: string): RouterMemory
  timeoutMs(): number
  log(message: string): void
  /** The replica count the rollout will have (the manifests'), when known without the cluster. */
  plannedReplicas(): number | undefined
}

interface ClusterRouter {
  name: RouterName
  /** Whether this router carries the environment's traffic (the config's traffic.router, or the default for its workload). */
  carries(config: EnvironmentConfig, cluster: Cluster): boolean
  create(config: EnvironmentConfig, cluster: Cluster): KubeRouter
}

const named = (config: EnvironmentConfig, name: RouterName) => config.traffic?.router === name
/** A router that updates the workload in place: named, or the default for its kind when no router is named. */
const inPlace = (kind: string, name: RouterName) => (config: EnvironmentConfig, cluster: Pick<Cluster, 'workload'>) =>
  cluster.workload?.kind === kind && (config.traffic?.router === undefined || named(config, name))
const service = (cluster: Cluster) => cluster.service as string
const workload = (cluster: Cluster) => cluster.workload as { kind: string; name: string }

/** In order: the first that carries the environment's traffic is built. */
const CLUSTER_ROUTERS: ClusterRouter[] = [
  {
    name: 'gateway-api',
    carries: (config, cluster) => named(config, 'gateway-api') && Boolean(config.traffic?.gatewayApi && cluster.service),
    create: (config, cluster) => new GatewayApiRouter(cluster.kubectl, {
      route: config.traffic!.gatewayApi!.route, namespace: config.traffic!.gatewayApi!.namespace ?? cluster.namespace, stableService: service(cluster), canaryService: `${service(cluster)}-canary`,
    }, cluster.memory('router.gateway-api'), () => cluster.timeoutMs(), cohortsOf(config.canary)),
  },
  {
    name: 'nginx-ingress',
    carries: (config, cluster) => named(config, 'nginx-ingress') && Boolean(config.traffic?.ingress && cluster.service),
    create: (config, cluster) => new NginxIngressRouter(cluster.kubectl, {
      ingress: config.traffic!.ingress!, namespace: cluster.namespace, stableService: service(cluster), canaryService: `${service(cluster)}-canary`,
    }, () => cluster.timeoutMs(), cohortsOf(config.canary)),
  },
  {
    name: 'partition',
    carries: inPlace('statefulset', 'partition'),
    create: (_config, cluster) => new PartitionRouter(cluster.kubectl, { namespace: cluster.namespace, name: workload(cluster).name }, cluster.memory('router.partition'), () => cluster.timeoutMs(), (m) => cluster.log(m), () => cluster.plannedReplicas()),
  },
  {
    name: 'nodes',
    carries: inPlace('daemonset', 'nodes'),
    create: (_config, cluster) => new NodesRouter(cluster.kubectl, { namespace: cluster.namespace, name: workload(cluster).name }, cluster.memory('router.nodes'), () => cluster.timeoutMs(), (m) => cluster.log(m)),
  },
  {
    name: 'replicas',
    carries: (config, cluster) => Boolean(cluster.workload) && (config.traffic === undefined || named(config, 'replicas')),
    create: (_config, cluster) => new ReplicasRouter(cluster.kubectl, { kind: workload(cluster).kind, namespace: cluster.namespace, stable: workload(cluster).name, canary: `${workload(cluster).name}-canary` }, cluster.memory('router.replicas'), () => cluster.timeoutMs(), (m) => cluster.log(m)),
  },
]

/** The router that carries the environment's traffic on the cluster, or undefined when none does (a plain rolling update). */
export function clusterRouter(config: EnvironmentConfig, cluster: Cluster): KubeRouter | undefined {
  return CLUSTER_ROUTERS.find((r) => r.carries(config, cluster))?.create(config, cluster)
}

/** Whether the workload is updated in place by its router (a StatefulSet's partition, a DaemonSet's nodes), and which. */
export function inPlaceKind(config: EnvironmentConfig, cluster: Pick<Cluster, 'workload'>): 'statefulset' | 'daemonset' | undefined {
  if (inPlace('statefulset', 'partition')(config, cluster)) return 'statefulset'
  if (inPlace('daemonset', 'nodes')(config, cluster)) return 'daemonset'
  return undefined
}
