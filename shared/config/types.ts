import type { WindowsConfig } from '../time/windows.js'
// Typed view of .github/glidepath.yml (SPEC section 3). The schema in schema.ts is the source of truth
// for what is accepted; these types describe what the code may rely on after validation.

export type ProviderName = 'local' | 'command' | 'kubernetes' | 'helm' | 'compose'
export type StrategyName = 'rolling' | 'canary' | 'blue-green'
export type RouterName = 'local' | 'nginx' | 'command' | 'gateway-api' | 'nginx-ingress' | 'replicas' | 'partition' | 'nodes'
export type Duration = string | number

/** A host reached over SSH from the runner (issue 24). */
export interface SshConfig {
  host: string
  user?: string
  port?: number
  /** The variable holding the private key (default GLIDEPATH_SSH_KEY): pass it from a secret. */
  key?: string
  /** The variable holding known_hosts lines (default GLIDEPATH_SSH_KNOWN_HOSTS). */
  knownHosts?: string
  /** strict (default): only the keys given; accept-new: trust a host's key the first time, recorded, never a changed one. */
  hostKeys?: 'strict' | 'accept-new'
  /** The directory commands run in on the host (default the user's home). */
  dir?: string
}

export interface AffinityConfig {
  /** The cookie that records a client's version (default gp-canary). */
  cookie?: string
  /** How long a client keeps its version (default 1h). */
  maxAge?: Duration
}

/** One cohort rule: a header or a cookie with this exact value. */
export interface MatchRule {
  header?: { name: string; value: string }
  cookie?: { name: string; value: string }
}

export interface MirrorConfig {
  /** Percent of stable's requests copied to the canary. */
  weight: number
  /** Methods copied (default GET and HEAD): mirroring is only safe for requests the app can take twice. */
  methods?: string[]
}

export interface CanaryStepConfig {
  /**
   * The canary's share of traffic in percent. A `partition` or `nodes` step gets its weight from the
   * cluster (the share of pods or nodes updated): nominal after loading, resolved by the provider.
   */
  weight: number
  /** StatefulSet canary: ordinals at or above this partition run the new revision (0: every ordinal, promotion). */
  partition?: number
  /** DaemonSet canary: the nodes running the new revision by the end of this step, a count or a node label selector (cumulative). */
  nodes?: number | string
  pause?: Duration
  /** This step's analysis interval (default analysis.interval). */
  interval?: Duration
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
  /** Judge against the stable version over the same interval, or (verify) the version that served before. */
  compare?: 'stable' | 'previous'
  /** Allowance over the baseline, relative ("50%"). */
  maxIncrease?: string | number
  /** Allowance over the baseline, absolute (a number, or a duration for latencies); fixed tests. */
  maxDifference?: number | string
  test?: 'sequential' | 'fixed'
  alpha?: number
  consecutiveFailures?: number
  /** Sequential tests gather the evidence to detect this increase over the allowance (default 100%). */
  detectIncrease?: string | number
  /**
   * The smallest regression worth catching in absolute terms (sequential): a share of requests for error
   * rates ("1%", default 5%), a duration for latencies ("25ms", default 10ms).
   */
  minEffect?: string | number
  /**
   * Sequential tests against stable: the chance a material regression would have been caught before the
   * canary is promoted (default 0.8). Higher asks more evidence of a healthy canary.
   */
  power?: number
  /** prometheus: the query for the baseline (default: query with {{version}} set to the baseline's). */
  baselineQuery?: string
  /** http: the baseline's JSON endpoint. */
  baselineUrl?: string
}

export interface AnalysisConfig {
  interval?: Duration
  /** The longest a new release's warm-up lasts: its latency is measured, not judged, until it settles. */
  warmup?: Duration
  minRequests?: number
  onNoData?: 'hold' | 'fail' | 'pass'
  failureLimit?: number
  inconclusiveLimit?: number
  errorLimit?: number
  metrics?: MetricConfig[]
  prometheus?: { address: string }
  /** Evidence on demand: the step's own requests to both versions when real traffic is short. */
  synthetic?: SyntheticConfig
  /** Start each canary's judge from what earlier canaries measured of the stable version (default true). */
  priors?: boolean
}

/** analysis.synthetic: requests a canary step sends itself, to the canary and stable alike, through the router's pin. */
export interface SyntheticConfig {
  /** Requests per second each version gets in all, the canary's real ones counted (default 2). */
  rate?: number
  /** At most this many synthetic requests per step, both versions together (default 600). */
  max?: number
  /** What to send: safe requests only (default GET /). */
  requests?: Array<{ path: string; method?: 'GET' | 'HEAD'; headers?: Record<string, string> }>
}

export interface DatabaseConfig {
  /** Built-in PostgreSQL backups: the URL is read from this environment variable (default DATABASE_URL). */
  postgres?: { urlEnv?: string }
  backup?: { enabled?: boolean; keep?: number; dir?: string; command?: string }
  /** Run after the backup, before the new version takes traffic. */
  migrate?: string
  /** Run on rollback when the deploy rolled back from applied migrations. */
  down?: string
  /** Prints the schema version (recorded with each deploy). */
  version?: string
  /** Run after a promotion or a passed verify window (expand/contract). */
  contract?: string
  /** Restore the backup on rollback (opt-in; discards the writes since). */
  restore?: boolean
}

/** Pull-request previews: what opens one, how long it lives, how many run, and its own database. */
export interface PreviewsConfig {
  /** opened (every push, the default), labeled:<label>, command (a writer's comment only). */
  on?: string[]
  /** A fork's pull request: never a preview, or one on a writer's /glidepath deploy comment. */
  forks?: 'never' | 'command'
  /** The runner's variables a fork's preview may see (none by default). */
  forkSecrets?: string[]
  /** The reap removes a preview this long after its last deploy. */
  ttl?: Duration
  /** Put to sleep (releases stopped) after this long without a request; the first request wakes it. */
  idle?: Duration
  max?: number
  onMax?: 'stop-oldest' | 'refuse' | 'wait'
  /** With onMax: wait, how long a new preview waits for room. */
  maxWait?: Duration
  /** Only with the preview's token (a link, basic auth, a header); default true where Glidepath's router is in front. */
  private?: boolean
  /** The variable holding the repository's preview secret (default GLIDEPATH_PREVIEW_SECRET). */
  secretEnv?: string
  /** One router in front of every preview, each at its own host name. */
  host?: { port: number; name: string; listen?: string }
  database?: PreviewDatabaseConfig
}

/** A database per preview, on the server of database.postgres. */
export interface PreviewDatabaseConfig {
  /** A database on the same server copied with CREATE DATABASE ... TEMPLATE. */
  template?: string
  /** A pg_dump -Fc file (workspace path) restored into the new database. */
  seed?: string
  /** Runs once the database exists, with its URL in database.postgres.urlEnv. */
  seedCommand?: string
}

export interface VerifyConfig {
  window: Duration
  interval?: Duration
  minRequests?: number
  onNoData?: 'hold' | 'fail' | 'pass'
  metrics: MetricConfig[]
  prometheus?: { address: string }
}

export interface LocalProviderConfig {
  app: string
  start: string
  health?: string
  port?: number
  /** The address the router listens on (default 127.0.0.1; 0.0.0.0 for every interface of a host). */
  listen?: string
  stateDir?: string
  minReady?: Duration
}

export interface CommandProviderConfig {
  deploy: string
  'set-weight'?: string
  rollback?: string
  status?: string
  teardown?: string
  stop?: string
}

export interface KubernetesProviderConfig {
  /** Files or directories inside the workspace; a string may list several, split by newline, comma or semicolon. */
  manifests?: string | string[]
  /** Namespace for objects that name none (templated: pr-{{pr.number}}). Objects with their own keep it. */
  namespace?: string
  /** kind/name of the primary workload (needed for canary and blue-green). */
  workload?: string
  /** The container that gets the image in the primary workload (default: every container of the image's repository). */
  container?: string
  /** The stable Service (default: the Service named like the workload, or the one selecting its pods). */
  service?: string
  serverSide?: boolean
  kubeconfig?: string
  context?: string
  /** The kubectl binary (default kubectl on PATH). */
  kubectl?: string
  /** Pods stuck in ImagePullBackOff, CrashLoopBackOff and the like fail the rollout after this long (default 20s). */
  failFast?: Duration
  /** After a failed rolling deploy, re-apply the previous version's recorded spec (default true). */
  restoreOnFailure?: boolean
  /** Time budget of that restore and of nothing else (default: the environment timeout). */
  rollbackTimeout?: Duration
  /** Creates the namespace with the first deploy and deletes it on teardown (previews: pr-{{pr.number}}). */
  createNamespace?: boolean
  /** Teardown also deletes Namespace objects listed in the manifests (default false). */
  deleteNamespaces?: boolean
}

export interface HelmProviderConfig {
  release: string
  /** A chart directory in the workspace, repo/chart, or an oci:// reference. */
  chart: string
  namespace?: string
  chartVersion?: string
  /** Values files inside the workspace. */
  values?: string[]
  /** Extra values, by dotted path. */
  set?: Record<string, string | number | boolean>
  /** Where the image goes in the chart's values (defaults image.repository / image.tag / image.digest). */
  imageValues?: { repository?: string; tag?: string; digest?: string }
  createNamespace?: boolean
  /** Time budget of a rollback, separate from the upgrade's (default: the environment timeout). */
  rollbackTimeout?: Duration
  helm?: string
  kubectl?: string
  kubeconfig?: string
  context?: string
  historyMax?: number
}

export interface ComposeProviderConfig {
  /** Compose file(s) inside the workspace (default compose.yaml); never edited. */
  file?: string | string[]
  /** The service that takes traffic: it gets the image and its published port. */
  service: string
  /** Other services of the release that get the same image (workers); started and stopped with it. */
  services?: string[]
  /** The port the service listens on inside its container. */
  targetPort: number
  /** Image of a version (templated: registry/app:{{version}}); default: the deploy's image input. */
  image?: string
  /** The local router's port (default 8080); with traffic.router nginx, nginx is in front instead. */
  port?: number
  /** A path that must answer 2xx through the published port, after the containers' healthchecks. */
  health?: string
  minReady?: Duration
  /** The compose project (templated; default glidepath-<environment>); releases run as <project>-blue / -green. */
  project?: string
  /** The docker binary (default docker on PATH; DOCKER_HOST picks the engine). */
  docker?: string
}

export interface TrafficConfig {
  router: RouterName
  nginx?: { upstream: string; file: string; stable: string; canary: string; test?: string; reload?: string; settle?: Duration; pidFile?: string; location?: string; mirrorPath?: string; accessLog?: string }
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
  kubernetes?: KubernetesProviderConfig
  helm?: HelmProviderConfig
  compose?: ComposeProviderConfig
  /** Run the provider's commands and the router on this host over SSH, from the runner. */
  ssh?: SshConfig
  /** When new versions may go out: allowed windows and freezes (rollbacks and aborts are never blocked). */
  windows?: WindowsConfig
  traffic?: TrafficConfig
  canary?: {
    steps?: CanaryStepConfig[]
    analysis?: AnalysisConfig
    onHold?: 'abort' | 'fail' | 'wait'
    holdTimeout?: Duration
    /** onHold wait: how long a canary waits for a person's decision before the next run aborts it (default 24h). */
    maxWait?: Duration
    /** A client stays on the version it first met, by a cookie, until promotion or abort. */
    affinity?: AffinityConfig
    /** Requests that always go to the canary (testers first, A/B): any rule matching is enough. */
    match?: MatchRule[]
    /** Copies of stable's requests sent to the canary, its answers discarded. */
    mirror?: MirrorConfig
    /** An abort moves the canary's share back in these steps (weights, highest first), `pause` apart, before the last 0%. */
    abort?: { steps: number[]; pause?: Duration }
  }
  smoke?: { checks?: string; url?: string }
  rollback?: { automatic?: boolean; window?: Duration }
  /** Watch a version after it goes live; a failure rolls back when rollback.automatic is set. */
  verify?: VerifyConfig
  /** Backups, migrations, down, restore and contract in the deploy lifecycle. */
  database?: DatabaseConfig
  /** Pull-request previews: triggers, lifetime, limits, a database each. */
  previews?: PreviewsConfig
  lock?: { timeout?: Duration }
  /** Cron strings of `schedule:` events that deploy here (e.g. nightly to staging). */
  schedules?: string[]
  /** Regions, clusters or hosts rolled out in waves (each its own provider settings over the environment's). */
  targets?: TargetConfig[]
  waves?: WavesConfig
}

/** One target of a waves rollout: a name, its wave, and provider settings merged over the environment's. */
export interface TargetConfig {
  name: string
  /** The wave it belongs to (1, 2, ...); default: its own wave, in list order. */
  wave?: number
  url?: string
  /** Its own provider (a mixed fleet); default: the environment's. */
  provider?: ProviderName
  local?: Partial<LocalProviderConfig>
  command?: Partial<CommandProviderConfig>
  kubernetes?: Partial<KubernetesProviderConfig>
  helm?: Partial<HelmProviderConfig>
  compose?: Partial<ComposeProviderConfig>
  ssh?: Partial<SshConfig>
  traffic?: Partial<Omit<TrafficConfig, 'nginx'>> & { nginx?: Partial<NonNullable<TrafficConfig['nginx']>> }
  verify?: VerifyConfig
}

export interface WavesConfig {
  /** Wait between waves (default 0s). */
  bake?: Duration
  /** A failed target rolls back; rollback-all also returns the targets this rollout finished (default rollback-failed). */
  onFailure?: 'rollback-failed' | 'rollback-all'
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
