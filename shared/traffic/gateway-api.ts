import { GlidepathError } from '../errors/index.js'
import type { Kubectl, KubeObject } from '../kube/kubectl.js'
import type { KubeRouter, RouterMemory } from './kube-types.js'

// Gateway API: the canary's share is the weight of its backendRef in the HTTPRoute. Only the weight
// fields are patched (a JSON patch with `test` operations, so a route edited meanwhile is refused,
// not overwritten); the original weights are remembered at the first change and put back on abort
// and promote. A route that does not list the canary Service yet gets it added once, at weight 0.

type Json = Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any

export interface GatewayApiSettings {
  route: string
  namespace?: string
  stableService: string
  canaryService: string
}

interface Original {
  /** Per rule index: the weights before the first change, and whether the canary backend was added by us. */
  rules: Array<{ rule: number; stable: number | null; canary: number | null; addedCanary: boolean }>
}

const isServiceRef = (ref: Json, name: string) => ref.name === name && (ref.kind ?? 'Service') === 'Service' && (ref.group ?? '') === ''

export class GatewayApiRouter implements KubeRouter {
  readonly name = 'gateway-api'

  constructor(
    private readonly kubectl: Kubectl,
    private readonly settings: GatewayApiSettings,
    private readonly memory: RouterMemory,
    private readonly timeoutMs: () => number,
  ) {}

  private async route(): Promise<KubeObject> {
    const route = await this.kubectl.get('httproutes.gateway.networking.k8s.io', this.settings.route, this.settings.namespace, this.timeoutMs())
    if (!route) {
      throw new GlidepathError('GP-K8S-005', `HTTPRoute ${this.settings.route}${this.settings.namespace ? ` in ${this.settings.namespace}` : ''} does not exist.`, {
        fix: 'Create the HTTPRoute (with a backendRef to the stable Service) or correct traffic.gatewayApi.route / namespace. Nothing was changed.',
      })
    }
    return route
  }

  /** The rules that send traffic to the stable Service, with where its and the canary's backendRefs are. */
  private routedRules(route: KubeObject): Array<{ rule: number; stable: number; canary: number; refs: Json[] }> {
    const rules: Json[] = route.spec?.rules ?? []
    const found = rules.map((r, rule) => {
      const refs: Json[] = r.backendRefs ?? []
      return { rule, refs, stable: refs.findIndex((b) => isServiceRef(b, this.settings.stableService)), canary: refs.findIndex((b) => isServiceRef(b, this.settings.canaryService)) }
    }).filter((r) => r.stable >= 0)
    if (found.length === 0) {
      throw new GlidepathError('GP-K8S-005', `HTTPRoute ${this.settings.route} has no backendRef to the stable Service "${this.settings.stableService}".`, {
        fix: `Point a rule of the HTTPRoute at Service ${this.settings.stableService} (or set kubernetes.service to the Service it uses). Nothing was changed.`,
      })
    }
    return found
  }

  async check(): Promise<void> {
    this.routedRules(await this.route())
  }

  async setWeight(weight: number): Promise<void> {
    const route = await this.route()
    const rules = this.routedRules(route)
    let original = await this.memory.load<Original>()
    if (!original) {
      original = { rules: rules.map((r) => ({ rule: r.rule, stable: r.refs[r.stable].weight ?? null, canary: r.canary >= 0 ? (r.refs[r.canary].weight ?? null) : null, addedCanary: r.canary < 0 })) }
      await this.memory.save(original)
    }
    const ops: Json[] = []
    for (const r of rules) {
      const base = `/spec/rules/${r.rule}/backendRefs`
      ops.push({ op: 'test', path: `${base}/${r.stable}/name`, value: this.settings.stableService })
      ops.push({ op: 'add', path: `${base}/${r.stable}/weight`, value: 100 - weight })
      if (r.canary >= 0) {
        ops.push({ op: 'test', path: `${base}/${r.canary}/name`, value: this.settings.canaryService })
        ops.push({ op: 'add', path: `${base}/${r.canary}/weight`, value: weight })
      } else {
        const stableRef = r.refs[r.stable]
        ops.push({ op: 'add', path: `${base}/-`, value: { name: this.settings.canaryService, ...(stableRef.port !== undefined ? { port: stableRef.port } : {}), weight } })
      }
    }
    await this.kubectl.patchJson('httproutes.gateway.networking.k8s.io', this.settings.route, this.settings.namespace, ops, this.timeoutMs())
  }

  async restore(): Promise<void> {
    const original = await this.memory.load<Original>()
    if (!original) return
    const route = await this.route()
    const ops: Json[] = []
    for (const o of original.rules) {
      const refs: Json[] = route.spec?.rules?.[o.rule]?.backendRefs ?? []
      const base = `/spec/rules/${o.rule}/backendRefs`
      const stable = refs.findIndex((b) => isServiceRef(b, this.settings.stableService))
      const canary = refs.findIndex((b) => isServiceRef(b, this.settings.canaryService))
      if (stable >= 0) {
        ops.push({ op: 'test', path: `${base}/${stable}/name`, value: this.settings.stableService })
        ops.push(o.stable === null ? { op: 'remove', path: `${base}/${stable}/weight` } : { op: 'add', path: `${base}/${stable}/weight`, value: o.stable })
      }
      if (canary >= 0) {
        ops.push({ op: 'test', path: `${base}/${canary}/name`, value: this.settings.canaryService })
        if (o.addedCanary) ops.push({ op: 'remove', path: `${base}/${canary}` })
        else ops.push(o.canary === null ? { op: 'remove', path: `${base}/${canary}/weight` } : { op: 'add', path: `${base}/${canary}/weight`, value: o.canary })
      }
    }
    // `remove` of a weight that is absent fails a JSON patch: drop those.
    const present = ops.filter((op) => op.op !== 'remove' || !String(op.path).endsWith('/weight') || weightAt(route, String(op.path)) !== undefined)
    if (present.some((op) => op.op !== 'test')) await this.kubectl.patchJson('httproutes.gateway.networking.k8s.io', this.settings.route, this.settings.namespace, present, this.timeoutMs())
    await this.memory.save(undefined)
  }
}

function weightAt(route: KubeObject, path: string): unknown {
  const m = /^\/spec\/rules\/(\d+)\/backendRefs\/(\d+)\/weight$/.exec(path)
  return m ? route.spec?.rules?.[Number(m[1])]?.backendRefs?.[Number(m[2])]?.weight : undefined
}
