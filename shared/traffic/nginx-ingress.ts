import { GlidepathError } from '../errors/index.js'
import { clone } from '../kube/manifests.js'
import type { Kubectl, KubeObject } from '../kube/kubectl.js'
import type { KubeRouter } from './types.js'
import type { Cohorts } from './cohorts.js'

// ingress-nginx canary: a second Ingress `<ingress>-canary` with the same hosts and paths, pointing at
// the canary Service, carrying `nginx.ingress.kubernetes.io/canary: "true"` and the weight annotation.
// The user's Ingress is never modified; restore deletes the canary Ingress.

type Json = Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any

const PREFIX = 'nginx.ingress.kubernetes.io/'
const CANARY_ANNOTATION = 'nginx.ingress.kubernetes.io/canary'
const WEIGHT_ANNOTATION = 'nginx.ingress.kubernetes.io/canary-weight'

/**
 * ingress-nginx's own cohort annotations on the canary Ingress: one header at one value
 * (canary-by-header), one cookie at "always" (canary-by-cookie), and session affinity, which a canary
 * Ingress honours (affinity-canary-behavior sticky: a client the canary served stays there).
 */
function cohortAnnotations(cohorts: Cohorts | undefined): Record<string, string> {
  const out: Record<string, string> = {}
  if (!cohorts) return out
  const header = cohorts.match.find((m) => m.header)?.header
  const cookie = cohorts.match.find((m) => m.cookie)?.cookie
  if (header) {
    out[`${PREFIX}canary-by-header`] = header.name
    out[`${PREFIX}canary-by-header-value`] = header.value
  }
  if (cookie) out[`${PREFIX}canary-by-cookie`] = cookie.name
  if (cohorts.affinity) {
    out[`${PREFIX}affinity`] = 'cookie'
    out[`${PREFIX}affinity-canary-behavior`] = 'sticky'
    out[`${PREFIX}session-cookie-name`] = cohorts.affinity.cookie
    out[`${PREFIX}session-cookie-max-age`] = String(cohorts.affinity.maxAgeSeconds)
  }
  return out
}

export interface NginxIngressSettings {
  ingress: string
  namespace?: string
  stableService: string
  canaryService: string
}

export class NginxIngressRouter implements KubeRouter {
  readonly name = 'nginx-ingress'

  constructor(private readonly kubectl: Kubectl, private readonly settings: NginxIngressSettings, private readonly timeoutMs: () => number, private readonly cohorts?: Cohorts) {}

  get canaryName(): string {
    return `${this.settings.ingress}-canary`
  }

  /** The canary Ingress: the user's rules, only the paths that reach the stable Service, sent to the canary Service. */
  private canaryIngress(main: KubeObject, weight: number): KubeObject {
    const rules: Json[] = (clone(main.spec?.rules ?? []) as Json[]).map((rule) => {
      const paths: Json[] = (rule.http?.paths ?? []).filter((p: Json) => p.backend?.service?.name === this.settings.stableService)
      for (const p of paths) p.backend.service.name = this.settings.canaryService
      return { ...rule, http: { paths } }
    }).filter((rule) => rule.http.paths.length > 0)
    if (rules.length === 0) {
      throw new GlidepathError('GP-K8S-005', `Ingress ${this.settings.ingress} has no path whose backend is the stable Service "${this.settings.stableService}".`, {
        fix: 'Point the Ingress at the stable Service, or set kubernetes.service to the Service it uses. Nothing was changed.',
      })
    }
    return {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: {
        name: this.canaryName,
        ...(main.metadata.namespace ? { namespace: main.metadata.namespace } : {}),
        labels: { 'app.kubernetes.io/managed-by': 'glidepath' },
        annotations: { [CANARY_ANNOTATION]: 'true', [WEIGHT_ANNOTATION]: String(weight), ...cohortAnnotations(this.cohorts) },
      },
      spec: { ...(main.spec?.ingressClassName ? { ingressClassName: main.spec.ingressClassName } : {}), ...(main.spec?.tls ? { tls: main.spec.tls } : {}), rules },
    }
  }

  private async main(): Promise<KubeObject> {
    const main = await this.kubectl.get('ingresses.networking.k8s.io', this.settings.ingress, this.settings.namespace, this.timeoutMs())
    if (!main) {
      throw new GlidepathError('GP-K8S-005', `Ingress ${this.settings.ingress}${this.settings.namespace ? ` in ${this.settings.namespace}` : ''} does not exist.`, {
        fix: 'Create the Ingress for the stable Service, or correct traffic.ingress. Nothing was changed.',
      })
    }
    return main
  }

  /** The canary Ingress's weight annotation; 0 when there is no canary Ingress. */
  async canaryWeight(): Promise<number> {
    const canary = await this.kubectl.get('ingresses.networking.k8s.io', this.canaryName, this.settings.namespace, this.timeoutMs())
    const weight = Number(canary?.metadata?.annotations?.[WEIGHT_ANNOTATION] ?? 0)
    return Number.isFinite(weight) ? Math.max(0, Math.min(100, weight)) : 0
  }

  async check(): Promise<void> {
    this.canaryIngress(await this.main(), 0)
  }

  async setWeight(weight: number): Promise<void> {
    const existing = await this.kubectl.get('ingresses.networking.k8s.io', this.canaryName, this.settings.namespace, this.timeoutMs())
    if (existing) {
      await this.kubectl.patchMerge('ingresses.networking.k8s.io', this.canaryName, this.settings.namespace, { metadata: { annotations: { [WEIGHT_ANNOTATION]: String(weight) } } }, this.timeoutMs())
      return
    }
    await this.kubectl.apply([this.canaryIngress(await this.main(), weight)], { timeoutMs: this.timeoutMs(), what: `kubectl apply ingress/${this.canaryName}` })
  }

  async restore(): Promise<void> {
    await this.kubectl.delete('ingresses.networking.k8s.io', this.canaryName, this.settings.namespace, this.timeoutMs())
  }
}
