// Typed view of .github/glidepath.yml (SPEC section 3). The schema in schema.ts is the source of truth
// for what is accepted; these types describe what the code may rely on after validation.

export type ProviderName = 'local' | 'command' | 'kubernetes' | 'helm'
export type StrategyName = 'rolling' | 'canary' | 'blue-green'
export type RouterName = 'local' | 'nginx' | 'command' | 'gateway-api' | 'nginx-ingress' | 'replicas'
export type Duration = string | number

export interface CanaryStepConfig {
  weight: number
  pause?: Duration
}

export interface MetricConfig {
  name: string
  source: 'local' | 'probe' | 'prometheus' | 'http'
  metric?: 'error-rate' | 'request-count' | 'latency-p50' | 'latency-p95' | 'latency-p99' | 'success-rate'
  query?: string
  volumeQuery?: string
  headers?: Record<string, string>
  url?: string
  path?: string
  min?: number | string
  max?: number | string
  failureLimit?: number
  inconclusiveLimit?: number
  errorLimit?: number
  minRequests?: number
  dryRun?: boolean
  requests?: number
}

export interface AnalysisConfig {
  interval?: Duration
  minRequests?: number
  onNoData?: 'hold' | 'fail' | 'pass'
  failureLimit?: number
  inconclusiveLimit?: number
  errorLimit?: number
  metrics?: MetricConfig[]
  prometheus?: { address: string }
}

export interface LocalProviderConfig {
  app: string
  start: string
  health?: string
  port?: number
  stateDir?: string
}

export interface CommandProviderConfig {
  deploy: string
  'set-weight'?: string
  rollback?: string
  status?: string
  teardown?: string
}

export interface TrafficConfig {
  router: RouterName
  nginx?: { upstream: string; file: string; stable: string; canary: string; test?: string; reload?: string; settle?: Duration }
  gatewayApi?: { route: string; namespace?: string }
  ingress?: string
}

export interface EnvironmentConfig {
  branches?: string[]
  tags?: string[]
  pullRequests?: boolean
  name?: string
  url?: string
  provider?: ProviderName
  strategy?: StrategyName
  timeout?: Duration
  production?: boolean
  transient?: boolean
  local?: LocalProviderConfig
  command?: CommandProviderConfig
  kubernetes?: Record<string, unknown>
  helm?: Record<string, unknown>
  traffic?: TrafficConfig
  canary?: { steps?: CanaryStepConfig[]; analysis?: AnalysisConfig }
  smoke?: { checks?: string; url?: string }
  rollback?: { automatic?: boolean }
  lock?: { timeout?: Duration }
}

export interface GlidepathConfig {
  version: 1
  defaults?: { provider?: ProviderName; strategy?: StrategyName; timeout?: Duration; stateDir?: string }
  environments: Record<string, EnvironmentConfig>
  /** Where the config came from (for messages). */
  file: string
  /** Line of each environment's key, for annotations. */
  lines: Record<string, number>
}
