import { GlidepathError } from '../errors/index.js'
import type { Kubectl, KubeObject } from '../kube/kubectl.js'
import type { KubeRouter, RouterMemory } from './types.js'
import type { Cohorts } from './cohorts.js'

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
  /** Rules appended for cohorts (match: to the canary; mirror: copies with a RequestMirror filter), from index `base`. */
  added?: Array<{ kind: 'match' | 'mirror'; index: number }>
}

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'CONNECT', 'OPTIONS', 'TRACE', 'PATCH'])
const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
const cookieRegex = (name: string, value: string) => `(^|;\\s*)${escapeRegex(name)}=${escapeRegex(value)}(;|$)`

/**
 * The rules cohorts add beside a routed rule (Gateway API's precedence: a match with headers or a method
 * beats the same path without): one sending match cohorts to the canary, by header (a cookie as a
 * RegularExpression on the Cookie header, implementation-specific), and one copying the mirrored
 * methods' requests to the canary with a RequestMirror filter while serving them at the route's weights.
 */
function cohortRules(rule: Json, stableRef: Json, canaryName: string, weight: number, cohorts: Cohorts): Array<{ kind: 'match' | 'mirror'; rule: Json }> {
  const matches: Json[] = rule.matches?.length ? rule.matches : [{ path: { type: 'PathPrefix', value: '/' } }]
  const canaryRef = { name: canaryName, ...(stableRef.port !== undefined ? { port: stableRef.port } : {}) }
  const filters: Json[] = rule.filters ?? []
  const out: Array<{ kind: 'match' | 'mirror'; rule: Json }> = []
  if (cohorts.match.length) {
    const headerMatches = cohorts.match.map((m) => (m.header
      ? { type: 'Exact', name: m.header.name, value: m.header.value }
      : { type: 'RegularExpression', name: 'Cookie', value: cookieRegex(m.cookie!.name, m.cookie!.value) }))
    out.push({ kind: 'match', rule: { ...(filters.length ? { filters } : {}), matches: matches.flatMap((m) => headerMatches.map((h) => ({ ...m, headers: [...(m.headers ?? []), h] }))), backendRefs: [canaryRef] } })
  }
  if (cohorts.mirror) {
    const methods = cohorts.mirror.methods.filter((m) => METHODS.has(m))
    out.push({
      kind: 'mirror',
      rule: {
        filters: [...filters, { type: 'RequestMirror', requestMirror: { backendRef: canaryRef, percent: cohorts.mirror.weight } }],
        matches: matches.flatMap((m) => methods.filter((method) => !m.method || m.method === method).map((method) => ({ ...m, method }))),
        backendRefs: [{ ...stableRef, weight: 100 - weight }, { ...canaryRef, weight }],
      },
    })
  }
  return out.filter((r) => r.rule.matches.length > 0)
}

const isServiceRef = (ref: Json, name: string) => ref.name === name && (ref.kind ?? 'Service') === 'Service' && (ref.group ?? '') === ''

export class GatewayApiRouter implements KubeRouter {
  readonly name = 'gateway-api'

  constructor(
    private readonly kubectl: Kubectl,
    private readonly settings: GatewayApiSettings,
    private readonly memory: RouterMemory,
    private readonly timeoutMs: () => number,
    private readonly cohorts?: Cohorts,
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

  /** The canary backend's share in the first rule that routes to stable (a backendRef without a weight weighs 1). */
  async canaryWeight(): Promise<number> {
    const [r] = this.routedRules(await this.route())
    if (r.canary < 0) return 0
    const stable = Number(r.refs[r.stable].weight ?? 1)
    const canary = Number(r.refs[r.canary].weight ?? 1)
    return stable + canary > 0 ? Math.round((100 * canary) / (stable + canary)) : 0
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
    // Cohort rules go in with the first weight, after the route's own rules.
    let added: Original['added']
    if (this.cohorts && !original.added) {
      const length: number = route.spec?.rules?.length ?? 0
      added = []
      for (const r of rules) {
        for (const extra of cohortRules(route.spec.rules[r.rule], r.refs[r.stable], this.settings.canaryService, weight, this.cohorts)) {
          added.push({ kind: extra.kind, index: length + added.length })
          ops.push({ op: 'add', path: '/spec/rules/-', value: extra.rule })
        }
      }
    }
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
    if (added) await this.memory.save({ ...original, added })
  }

  async restore(): Promise<void> {
    const original = await this.memory.load<Original>()
    if (!original) return
    const route = await this.route()
    const ops: Json[] = []
    // The cohort rules first, from the last: each is checked to still be ours (its canary backend).
    for (const a of [...(original.added ?? [])].sort((x, y) => y.index - x.index)) {
      const rule: Json | undefined = route.spec?.rules?.[a.index]
      if (!rule) continue
      const at = `/spec/rules/${a.index}`
      if (a.kind === 'match') ops.push({ op: 'test', path: `${at}/backendRefs/0/name`, value: this.settings.canaryService })
      else ops.push({ op: 'test', path: `${at}/filters/${(rule.filters ?? []).length - 1}/type`, value: 'RequestMirror' })
      ops.push({ op: 'remove', path: at })
    }
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
