import { readFileSync, existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { GlidepathError, type Problem } from '../errors/index.js'
import { parseDuration } from '../time/duration.js'
import { unknownPlaceholders } from '../template/render.js'
import { parseYamlWithPositions, lineAt, type Segment, type PositionedDocument } from './yaml.js'
import { validateSchema, formatPath } from './schema-validate.js'
import { RUNTIME_SCHEMA } from './schema-runtime.js'
import { DEFAULT_BRANCH_TABLE } from './branch-table.js'
import { isInside } from '../files/paths.js'
import { mergeTarget, waveOf, inferProvider } from './targets.js'
import { ROUTERS, ROUTER_NAMES, ROUTER_COHORTS, routerOf, routerInFront, type CohortFeature } from './routers.js'
import { validTimeZone, parseBound } from '../time/windows.js'
import type { GlidepathConfig, EnvironmentConfig, MetricConfig, ProviderName, RouterName, CanaryStepConfig } from './types.js'

/** Fields a `{{ }}` placeholder in the config may name. */
const TEMPLATE_FIELDS = [
  'environment', 'version', 'image', 'branch', 'tag', 'ref', 'sha', 'shortSha', 'repo', 'repository',
  'actor', 'pr.number', 'pr.title', 'pr.headRef', 'pr.baseRef', 'run.id', 'run.number', 'run.attempt',
] as const

/** Fields a metric query or URL may name. */
const METRIC_TEMPLATE_FIELDS = ['version', 'canary.version', 'stable.version', 'environment', 'interval', 'intervalSeconds'] as const

/** The field an environment with `targets:` may also name: the target's name (eu-west, not production/eu-west). */
export const TARGET_FIELD = 'target'

/**
 * The config at `path` in the workspace (its links followed, never out of it), or, given `text`, that text
 * read earlier as the file at `path` (the command action's check phase reads the default branch's file once;
 * the run that carries the decision out parses exactly that text, whatever the workspace now holds).
 */
export function loadWorkspaceConfig(workspace: string, path: string, text?: string): GlidepathConfig {
  const file = resolve(workspace, path)
  if (text !== undefined) return parseConfig(text, file, workspace)
  return loadConfig(configFileInside(workspace, path), workspace)
}

/** The config file's absolute path, refused (GP-INPUT-003) when it or a link on its way leaves the workspace. */
function configFileInside(workspace: string, path: string): string {
  if (!isInside(workspace, path)) {
    throw new GlidepathError('GP-INPUT-003', `config "${path}" leaves the workspace (a link or .. in its path points outside it).`, { fix: 'Keep the config file inside the repository, as a regular file.' })
  }
  return resolve(workspace, path)
}

/** The config file's text as read now (for carrying a decision made from it). */
export function readConfigText(workspace: string, path: string): string {
  const file = configFileInside(workspace, path)
  if (!existsSync(file)) loadConfig(file, workspace)
  return new TextDecoder('utf-8', { fatal: false }).decode(readFileSync(file))
}

export function loadConfig(file: string, workspace: string): GlidepathConfig {
  if (!existsSync(file)) {
    throw new GlidepathError('GP-CONFIG-001', `No configuration file at ${file}.`, {
      file,
      fix: 'Create .github/glidepath.yml (see the README quick start) or pass the `config` input with its path.',
    })
  }
  const bytes = readFileSync(file)
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes)
  return parseConfig(text, file, workspace)
}

export function parseConfig(text: string, file: string, workspace: string): GlidepathConfig {
  const doc = parseYamlWithPositions(text, file)
  const problems: Problem[] = []
  const at = (segments: Segment[], atKey = false) => lineAt(doc.positions, segments, atKey)
  for (const p of validateSchema(doc.value, RUNTIME_SCHEMA)) {
    problems.push({ ...p, file, line: at(p.segments, p.atKey) })
  }
  if (problems.length === 0) problems.push(...semanticProblems(doc, workspace))
  if (problems.length > 0) {
    throw new GlidepathError('GP-CONFIG-002', `${file} has ${problems.length} problem${problems.length > 1 ? 's' : ''}; nothing was deployed.`, {
      file,
      line: problems[0].line,
      problems,
      fix: 'Correct each problem listed (file, line, key path and the expected form are given), then run again.',
    })
  }
  const raw = doc.value as Omit<GlidepathConfig, 'file' | 'lines'>
  const lines: Record<string, number> = {}
  for (const name of Object.keys(raw.environments)) lines[name] = at(['environments', name], true) ?? 1
  const environments: Record<string, EnvironmentConfig> = {}
  for (const [name, env] of Object.entries(raw.environments)) environments[name] = withNominalWeights(withBranchDefaults(name, env ?? {}))
  return { ...raw, environments, file, lines }
}

function withBranchDefaults(name: string, env: EnvironmentConfig): EnvironmentConfig {
  const table = DEFAULT_BRANCH_TABLE[name]
  if (!table || env.branches || env.tags || env.pullRequests !== undefined) return env
  return { ...table, ...env }
}

function semanticProblems(doc: PositionedDocument, workspace: string): Problem[] {
  const problems: Problem[] = []
  const cfg = doc.value as { defaults?: GlidepathConfig['defaults']; environments: Record<string, EnvironmentConfig | null> }
  const add = (segments: Segment[], message: string, expected?: string, hint?: string) =>
    problems.push({ file: doc.file, line: lineAt(doc.positions, segments), path: formatPath(segments), message, expected, hint })

  for (const [name, envOrNull] of Object.entries(cfg.environments)) {
    const env = envOrNull ?? {}
    const base: Segment[] = ['environments', name]
    environmentProblems(env, base, cfg.defaults, add, workspace, Boolean(env.targets))
    if (env.targets) targetProblems(env, base, cfg.defaults, add, workspace)
    if (env.previews) previewProblems(withBranchDefaults(name, env), base, add)
  }
  return problems
}

type Add = (segments: Segment[], message: string, expected?: string, hint?: string) => void

/** previews: only on a pull-request environment; a database per preview needs the server's URL and one source. */
function previewProblems(env: EnvironmentConfig, base: Segment[], add: Add): void {
  const p = env.previews as NonNullable<EnvironmentConfig['previews']>
  const seg: Segment[] = [...base, 'previews']
  if (!env.pullRequests) add(seg, 'previews are for pull requests, and this environment does not take them', 'pullRequests: true on the environment (and a name such as pr-{{pr.number}})')
  else if (!env.name?.includes('{{pr.number}}') && (p.max || p.ttl || p.idle || p.database)) add([...base, 'name'], 'previews.max, ttl, idle and database need one environment per pull request, and every pull request here shares one name', 'name: pr-{{pr.number}}')
  if (p.private === true && !routerInFront(env)) add([...seg, 'private'], 'private previews are enforced by Glidepath\'s router, and it is not in front of this environment (local, or compose without nginx, on the runner\'s machine)', 'private: false, or protect the previews where they are served (an ingress or proxy with authentication)')
  if (p.host && !routerInFront(env)) add([...seg, 'host'], 'a preview front is Glidepath\'s router, and it is not in front of this environment (local, or compose without nginx, on the runner\'s machine)', 'remove previews.host, or use the local provider')
  if (p.host && !p.host.name.includes('{{pr.number}}')) add([...seg, 'host', 'name'], `every preview would claim the host name ${p.host.name}`, 'a name with {{pr.number}}, e.g. pr-{{pr.number}}.preview.example.com')
  if (p.host && (env.local?.port === p.host.port || env.compose?.port === p.host.port)) add([...seg, 'host', 'port'], `port ${p.host.port} is the front's, and the previews' own routers would take it too`, 'leave local.port (compose.port) out: each preview gets a free one')
  if (p.idle && (env.ssh || (env.provider ?? inferProvider(env)) !== 'local')) add([...seg, 'idle'], 'idle previews are put to sleep and woken by Glidepath\'s router on this machine, which only the local provider runs its releases behind (compose, SSH, Kubernetes and command previews keep running)', 'leave previews.idle out here, or use the local provider (with previews.host for many previews on one machine)')
  if (p.maxWait !== undefined && p.onMax !== 'wait') add([...seg, 'maxWait'], 'maxWait is how long a new preview waits for room, and onMax does not wait', 'onMax: wait, or leave maxWait out')
  if (p.forkSecrets?.length && p.forks !== 'command') add([...seg, 'forkSecrets'], 'forkSecrets are for forks\' previews, and forks never get one here', 'forks: command (a writer\'s /glidepath deploy comment opens a fork\'s preview), or leave forkSecrets out')
  if (p.on && new Set(p.on).size !== p.on.length) add([...seg, 'on'], `a trigger is listed twice (${p.on.join(', ')})`, 'each trigger once')
  const db = p.database
  if (!db) return
  if (!env.database?.postgres) add([...seg, 'database'], 'a database per preview is made on the server of database.postgres, and there is none', 'database: { postgres: { urlEnv: DATABASE_URL } } naming a role that may CREATE DATABASE')
  if (db.template && db.seed) add([...seg, 'database'], 'both template and seed are set: the database is copied from one of them', 'template: <database> or seed: <pg_dump -Fc file>')
}

/** What a wave environment must get right beyond the schema: unique names, no empty wave, one provider, own ports. */
function targetProblems(env: EnvironmentConfig, base: Segment[], defaults: GlidepathConfig['defaults'], add: Add, workspace: string): void {
  const targets = env.targets ?? []
  const provider = env.provider ?? inferProvider(env) ?? defaults?.provider
  const seen = new Map<string, number>()
  const ports = new Map<number, string>()
  const hosts = new Map<string, string>()
  targets.forEach((t, i) => {
    const seg: Segment[] = [...base, 'targets', i]
    const first = seen.get(t.name)
    if (first !== undefined) add([...seg, 'name'], `target name "${t.name}" is used twice (targets[${first}] too)`, 'a unique name per target')
    else seen.set(t.name, i)
    const own = t.provider ?? provider
    for (const p of ['local', 'command', 'kubernetes', 'helm', 'compose'] as const) {
      if (t[p] && p !== own) add([...seg, p], `target ${t.name} sets ${p} settings but ${t.provider ? 'names' : 'the environment deploys with'} ${own ?? 'no provider'}`, `${own ?? 'the provider'} settings, or provider: ${p} on the ${t.provider ? 'target' : 'environment (or on this target, for a mixed fleet)'}`)
    }
    const merged = mergeTarget(env, t)
    if (merged.ssh?.host) {
      const where = `${merged.ssh.user ?? 'root'}@${merged.ssh.host}:${merged.ssh.port ?? 22}`
      if (hosts.has(where)) add([...seg, 'ssh'], `targets ${hosts.get(where)} and ${t.name} are the same host (${where})`, 'one target per host (a host in two waves would be deployed twice)')
      else hosts.set(where, t.name)
    }
    // Over SSH each target is its own host, so the default port serves on each.
    if (own === 'local' && !merged.ssh?.host) {
      const port = merged.local?.port
      if (port === undefined) add([...seg, 'local'], `target ${t.name} has no port: targets of the local provider each serve on their own`, 'local: { port: 8081 } on each target')
      else if (ports.has(port)) add([...seg, 'local', 'port'], `targets ${ports.get(port)} and ${t.name} both serve on port ${port}`, 'a different port per target')
      else ports.set(port, t.name)
    }
    const nginx = merged.traffic?.router === 'nginx' ? merged.traffic.nginx : undefined
    const missing = nginx ? (['upstream', 'file', 'stable', 'canary'] as const).filter((k) => !nginx[k]) : []
    if (missing.length) add([...seg, 'traffic'], `target ${t.name} has no nginx ${missing.join(', ')} (neither its own nor the environment's)`, 'traffic: { nginx: { upstream, file, stable, canary } } on the target or the environment')
    environmentProblems(merged, seg, defaults, add, workspace, true)
  })
  const named = targets.filter((t) => t.wave !== undefined).length
  if (named > 0 && named < targets.length) {
    add([...base, 'targets'], 'some targets name their wave and some do not', 'a wave on every target, or on none (each its own wave, in list order)')
    return
  }
  const numbers = [...new Set(targets.map((t) => waveOf(env, t)))].sort((a, b) => a - b)
  const gap = numbers.findIndex((n, i) => n !== i + 1)
  if (gap >= 0) add([...base, 'targets'], `wave ${gap + 1} has no targets (the targets name waves ${numbers.join(', ')})`, 'waves numbered 1, 2, 3... without gaps')
}

/** `waves`: the environment (or target) rolls out per target, so its templates may name {{target}}. */
function environmentProblems(env: EnvironmentConfig, base: Segment[], defaults: GlidepathConfig['defaults'], add: Add, workspace: string, waves: boolean): void {
  const unknownFields = (template: string, known: readonly string[], field: Segment[], targetAllowed = waves) => {
    const expected = `one of ${known.join(', ')}${known === TEMPLATE_FIELDS ? ' (with their fields, e.g. pr.number)' : ''}`
    for (const p of unknownPlaceholders(template, targetAllowed ? [...known, TARGET_FIELD] : known)) {
      if (p !== TARGET_FIELD) add(field, `template names an unknown field "{{${p}}}"`, expected)
      else if (waves) add(field, '"{{target}}" has no value in the environment\'s name: each target is named <name>/<target>', expected)
      else add(field, '"{{target}}" names a waves target, and this environment has no targets', `targets: [...] on the environment, or ${expected}`)
    }
  }
  for (const key of ['branches', 'tags'] as const) {
    const patterns = env[key]
    // As under on.push: a `!pattern` only takes away from what a pattern before it let in.
    if (Array.isArray(patterns) && patterns.length > 0 && patterns.every((p) => typeof p === 'string' && p.startsWith('!'))) {
      add([...base, key], `every pattern is a negation (${patterns.join(', ')}), so no ${key === 'branches' ? 'branch' : 'tag'} matches`, `a pattern that includes names first, e.g. ['**', '${patterns[0]}'] (GitHub's filter-pattern order: the last matching pattern decides)`)
    }
  }
  const provider = env.provider ?? inferProvider(env) ?? defaults?.provider
  const strategy = env.strategy ?? defaults?.strategy ?? 'rolling'
  if (!provider) {
    add(base, 'no provider', 'a `provider` key, a provider section (local, command, kubernetes, helm, compose) or defaults.provider')
  } else if (!env[provider]) {
    add([...base, 'provider'], `provider "${provider}" needs a "${provider}" section`, `a ${provider}: mapping (see docs/providers/${provider}.md)`)
  }
  if (env.traffic?.router === 'gateway-api' && !env.traffic.gatewayApi) add([...base, 'traffic'], 'router gateway-api needs a gatewayApi section', 'traffic.gatewayApi: { route: <HTTPRoute name> }')
  if (env.traffic?.router === 'nginx-ingress' && !env.traffic.ingress) add([...base, 'traffic'], 'router nginx-ingress needs the name of the stable Ingress', 'traffic.ingress: <Ingress name>')
  if (env.traffic?.router === 'partition' && provider === 'kubernetes' && !/^statefulset\//i.test(env.kubernetes?.workload ?? '')) {
    add([...base, 'traffic', 'router'], 'router partition moves a StatefulSet\'s rollingUpdate.partition, and kubernetes.workload names no StatefulSet', 'kubernetes.workload: statefulset/<name>, or router replicas for a Deployment')
  }
  if (env.traffic?.router === 'nodes' && provider === 'kubernetes' && !/^daemonset\//i.test(env.kubernetes?.workload ?? '')) {
    add([...base, 'traffic', 'router'], 'router nodes moves a DaemonSet node by node, and kubernetes.workload names no DaemonSet', 'kubernetes.workload: daemonset/<name>, or router replicas for a Deployment')
  }
  const named = env.traffic?.router
  if (named && ROUTERS[named] && provider && !ROUTERS[named].providers.includes(provider)) {
    const fits = ROUTER_NAMES.filter((r) => ROUTERS[r].providers.includes(provider))
    add([...base, 'traffic', 'router'], `router ${named} works with the ${ROUTERS[named].providers.join(' or ')} provider, not "${provider}"`, `provider: ${ROUTERS[named].providers.join(' or ')}, or ${fits.length ? `router ${fits.join(' / ')}` : 'no traffic.router'}`)
  }
  if (provider === 'helm' && strategy !== 'rolling') {
    add([...base, 'strategy'], `the helm provider upgrades a release in place; strategy ${strategy} is not available with it`, 'strategy: rolling (or the kubernetes provider for canary and blue-green)')
  }
  if (provider === 'kubernetes' && env.kubernetes && !env.kubernetes.manifests && !env.kubernetes.workload) {
    add([...base, 'kubernetes'], 'kubernetes needs manifests, or a workload whose image is set (set-image mode)', 'manifests: k8s/ or workload: deployment/<name>')
  } else if (provider === 'kubernetes' && strategy !== 'rolling' && env.kubernetes && !env.kubernetes.workload) {
    add([...base, 'kubernetes'], `strategy ${strategy} needs kubernetes.workload: the workload copied as -canary or -green`, 'workload: deployment/<name>')
  }
  const back = env.canary?.abort?.steps
  if (back && back.some((w, i) => i > 0 && w >= back[i - 1])) add([...base, 'canary', 'abort', 'steps'], `the way back must go down: ${back.join(', ')}`, 'weights highest first, e.g. [50, 20]')
  const steps = env.canary?.steps
  if (strategy === 'canary' && !steps) {
    add(base, 'strategy canary needs canary.steps', 'canary: { steps: [ {weight: 20, pause: 1m}, {weight: 100} ] }')
  }
  if (steps) stepProblems(steps, routerOf(env, provider), [...base, 'canary', 'steps'], add)
  if (env.canary?.onHold === 'wait' && env.targets) add([...base, 'canary', 'onHold'], 'onHold wait asks a person to decide one canary; with targets each target runs its whole canary within its wave', 'onHold: abort or fail with targets (or no targets)')
  if (env.canary?.maxWait !== undefined && env.canary.onHold !== 'wait') add([...base, 'canary', 'maxWait'], 'maxWait bounds how long a canary waits for a person, which only onHold: wait does', 'onHold: wait, or no maxWait')
  cohortProblems(env, provider, base, add)
  windowProblems(env, base, add)
  if (env.ssh && provider && provider !== 'command' && provider !== 'compose' && provider !== 'local') add([...base, 'ssh'], `ssh runs the local provider (releases and its router on the host), the command provider's commands, or the compose provider's engine, and the nginx router on a host; provider ${provider} does not run over it`, 'provider local, command or compose, or no ssh section')
  if (env.ssh && !env.ssh.host && !env.targets) add([...base, 'ssh'], 'ssh has no host (neither its own nor the environment\'s)', 'ssh: { host: app-1.example.com } on the target or the environment')
  if (env.traffic?.router === 'nginx' && !env.traffic.nginx && !env.targets) add([...base, 'traffic'], 'router nginx needs an nginx section', 'traffic.nginx: { upstream, file, stable, canary }')
  if (env.traffic?.router === 'command' && !env.command?.['set-weight']) {
    add([...base, 'traffic'], 'router command needs command.set-weight', 'a set-weight command in the command section')
  }
  // A router named for a provider it cannot sit in front of is refused above (ROUTERS); a traffic section naming none is here.
  if (provider === 'local' && env.traffic && env.traffic.router === undefined) {
    add([...base, 'traffic', 'router'], `the local provider routes through the local router, not "${env.traffic.router}"`, 'router: local, or no traffic section')
  }
  if (strategy === 'canary' && provider === 'command' && !env.traffic && !env.command?.['set-weight']) {
    add([...base, 'strategy'], 'a canary on the command provider needs a way to split traffic', 'command.set-weight or a traffic section')
  }
  const metricSets: Array<[Segment[], MetricConfig[] | undefined, 'canary' | 'verify', { address: string } | undefined]> = [
    [[...base, 'canary', 'analysis', 'metrics'], env.canary?.analysis?.metrics, 'canary', env.canary?.analysis?.prometheus],
    [[...base, 'verify', 'metrics'], env.verify?.metrics, 'verify', env.verify?.prometheus ?? env.canary?.analysis?.prometheus],
  ]
  // nginx keeps counters Glidepath can read when its access log is named (on the environment, or on every target).
  const nginxCounters = env.traffic?.router === 'nginx' && (provider === 'command' || provider === 'compose') &&
    (env.targets?.length ? env.targets.every((t) => t.traffic?.nginx?.accessLog ?? env.traffic?.nginx?.accessLog) : Boolean(env.traffic.nginx?.accessLog))
  for (const [listSeg, metrics, where, prometheus] of metricSets) {
    metrics?.forEach((m, i) => {
      const seg = [...listSeg, i]
      if (m.source === 'prometheus' && !m.query) add(seg, 'source prometheus needs a query', 'query: <PromQL>')
      if (m.source === 'prometheus' && !m.url && !prometheus) add(seg, 'source prometheus needs the server address', `${where === 'verify' ? 'verify.prometheus.address, canary.analysis.prometheus.address' : 'analysis.prometheus.address'} or the metric's url`)
      const localRouter = provider === 'local' || (provider === 'compose' && env.traffic?.router !== 'nginx')
      if (m.source === 'probe' && !localRouter && !m.url && env.traffic?.router !== 'nginx') add(seg, 'source probe needs the canary URL here', 'url: http://canary-host/health (the local provider and the nginx router know it)')
      if (m.source === 'http' && (!m.url || !m.path)) add(seg, 'source http needs url and path', 'url: https://..., path: $.value')
      if (m.source === 'local' && !localRouter && !nginxCounters) add([...seg, 'source'], 'source local reads the counters of the router in front: the local router (the local provider, compose without nginx), or nginx with traffic.nginx.accessLog', 'traffic.nginx.accessLog (nginx\'s access log in Glidepath\'s format), or source probe, prometheus or http')
      if ((m.source === 'local' || (m.source === 'probe' && where === 'canary')) && !m.metric) add(seg, `source ${m.source} needs metric`, 'metric: error-rate, request-count, latency-p50, latency-p95 or latency-p99')
      for (const bound of ['min', 'max', 'maxDifference'] as const) {
        const v = m[bound]
        if (typeof v === 'string') {
          try { parseDuration(v) } catch { add([...seg, bound], `"${v}" is not a duration`, 'a number or a duration such as 500ms') }
        }
      }
      for (const field of ['query', 'volumeQuery', 'baselineQuery', 'url', 'baselineUrl'] as const) {
        unknownFields(m[field] ?? '', METRIC_TEMPLATE_FIELDS, [...seg, field])
      }
      comparisonProblems(m, where, (field, message, expected) => add(field ? [...seg, field] : seg, message, expected))
    })
  }
  const templated: Array<[Segment[], string | undefined]> = [
    [[...base, 'name'], env.name], [[...base, 'url'], env.url], [[...base, 'local', 'app'], env.local?.app],
    [[...base, 'kubernetes', 'namespace'], env.kubernetes?.namespace], [[...base, 'compose', 'project'], env.compose?.project],
    [[...base, 'compose', 'image'], env.compose?.image],
  ]
  for (const [seg, value] of templated) if (value) unknownFields(value, TEMPLATE_FIELDS, seg, waves && seg[seg.length - 1] !== 'name')
  const paths: Array<[Segment[], string | undefined]> = [
    [[...base, 'local', 'app'], env.local?.app], [[...base, 'smoke', 'checks'], env.smoke?.checks],
    [[...base, 'kubernetes', 'kubeconfig'], env.kubernetes?.kubeconfig], [[...base, 'helm', 'kubeconfig'], env.helm?.kubeconfig], [[...base, 'helm', 'chart'], env.helm?.chart?.startsWith('.') ? env.helm.chart : undefined],
    ...(typeof env.kubernetes?.manifests === 'string' ? env.kubernetes.manifests.split(/[\n,;]/) : env.kubernetes?.manifests ?? []).map((m, i): [Segment[], string] => [[...base, 'kubernetes', 'manifests', i], m.trim()]),
    ...(env.helm?.values ?? []).map((v, i): [Segment[], string] => [[...base, 'helm', 'values', i], v]),
    ...(typeof env.compose?.file === 'string' ? [env.compose.file] : env.compose?.file ?? []).map((f, i): [Segment[], string] => [typeof env.compose?.file === 'string' ? [...base, 'compose', 'file'] : [...base, 'compose', 'file', i], f]),
  ]
  for (const [seg, value] of paths) {
    if (value && !isInside(workspace, value)) add(seg, `path "${value}" leaves the workspace`, 'a path inside the repository, without ..')
  }
}

/** The time zone exists, a freeze ends after it starts, a window is not empty. */
type StepKind = 'weight' | 'partition' | 'nodes'
const STEP_FORMS = '{weight: 20, pause: 5m}; with a StatefulSet {partition: 2, pause: 5m}; with a DaemonSet {nodes: 1, pause: 5m} or {nodes: "zone=a", pause: 5m}'

/**
 * canary.steps: each step one of weight, partition (a StatefulSet's canary) or nodes (a DaemonSet's),
 * the kind its router moves; weights and node counts go up, partitions down.
 */
function stepProblems(steps: CanaryStepConfig[], router: RouterName | undefined, base: Segment[], add: Add): void {
  const kindOf = (s: CanaryStepConfig): StepKind[] => (['weight', 'partition', 'nodes'] as const).filter((k) => s[k] !== undefined)
  const wanted: StepKind = router === 'partition' ? 'partition' : router === 'nodes' ? 'nodes' : 'weight'
  steps.forEach((step, i) => {
    const kinds = kindOf(step)
    if (kinds.length !== 1) {
      add([...base, i], `a step sets one of weight, partition or nodes; this one sets ${kinds.length ? kinds.join(' and ') : 'none'}`, STEP_FORMS)
      return
    }
    const kind = kinds[0]
    if (kind === 'partition' && wanted !== 'partition') add([...base, i, 'partition'], `a partition step moves a StatefulSet's rollingUpdate.partition (router partition); this canary's router is ${router ?? 'none'}`, 'kubernetes.workload: statefulset/<name>, or weight steps')
    else if (kind === 'nodes' && wanted !== 'nodes') add([...base, i, 'nodes'], `a nodes step updates a DaemonSet node by node (router nodes); this canary's router is ${router ?? 'none'}`, 'kubernetes.workload: daemonset/<name>, or weight steps')
    else if (kind === 'weight' && wanted === 'nodes') add([...base, i, 'weight'], 'a DaemonSet\'s canary runs one pod per node, so its steps name nodes (a count or a node label selector), not a share of traffic', '{nodes: 1, pause: 5m}, then {nodes: "topology.kubernetes.io/zone=eu-1a", pause: 5m}')
    const prev = steps[i - 1]
    if (!prev || kindOf(prev).length !== 1 || kindOf(prev)[0] !== kind) {
      if (prev && kindOf(prev).length === 1 && kind !== 'nodes') add([...base, i], `steps mix ${kindOf(prev)[0]} and ${kind}`, 'every step of one kind: weights, or partitions')
      return
    }
    if (kind === 'weight' && (step.weight as number) <= (prev.weight as number)) {
      add([...base, i, 'weight'], `weight ${step.weight} does not increase on the step before (${prev.weight})`, 'weights that increase step by step, ending at 100 or below')
    }
    if (kind === 'partition' && (step.partition as number) >= (prev.partition as number)) {
      add([...base, i, 'partition'], `partition ${step.partition} does not go down from the step before (${prev.partition}): ordinals at or above the partition are updated`, 'partitions that go down step by step, e.g. 2, 1, 0')
    }
    if (kind === 'nodes' && typeof step.nodes === 'number' && typeof prev.nodes === 'number' && step.nodes <= prev.nodes) {
      add([...base, i, 'nodes'], `nodes ${step.nodes} does not increase on the step before (${prev.nodes}): a count is the nodes updated so far`, 'counts that increase step by step, e.g. 1, 3')
    }
  })
}

/**
 * A partition or nodes step's weight is the share of pods or nodes it updates, known only from the
 * cluster (the provider resolves it); until then a nominal one keeps the steps' order (the last at 100
 * when it updates everything).
 */
function withNominalWeights(env: EnvironmentConfig): EnvironmentConfig {
  const steps = env.canary?.steps
  if (!steps?.some((s) => s.partition !== undefined || s.nodes !== undefined)) return env
  const n = steps.length
  const nominal = steps.map((s, i) => (s.weight !== undefined ? s : { ...s, weight: s.partition === 0 ? 100 : Math.max(1, Math.round((100 * (i + 1)) / (n + 1))) }))
  return { ...env, canary: { ...env.canary, steps: nominal } }
}

function windowProblems(env: EnvironmentConfig, base: Segment[], add: Add): void {
  const w = env.windows
  if (!w) return
  const tz = w.timezone ?? 'UTC'
  if (!validTimeZone(tz)) {
    add([...base, 'windows', 'timezone'], `"${tz}" is not a time zone this runtime knows`, 'an IANA time zone such as Europe/Berlin, America/New_York or UTC')
    return
  }
  w.allow?.forEach((a, i) => {
    if (a.from === a.to) add([...base, 'windows', 'allow', i], `the window from ${a.from} to ${a.to} is empty`, 'a to different from from (a to before from runs past midnight)')
  })
  w.freezes?.forEach((f, i) => {
    const from = parseBound(f.from, tz)
    const to = parseBound(f.to, tz)
    if (!from) add([...base, 'windows', 'freezes', i, 'from'], `"${f.from}" is not a date or time`, 'a date (2026-12-21), a local time (2026-12-21T18:00) or an instant (2026-12-21T18:00:00Z)')
    if (!to) add([...base, 'windows', 'freezes', i, 'to'], `"${f.to}" is not a date or time`, 'a date (2026-12-21), a local time (2026-12-21T18:00) or an instant (2026-12-21T18:00:00Z)')
    if (from && to && to <= from) add([...base, 'windows', 'freezes', i], `the freeze ends (${f.to}) before it starts (${f.from})`, 'a to after from')
  })
}

/** affinity, match and mirror: one form per rule, and only on a router that carries them. */
function cohortProblems(env: EnvironmentConfig, provider: ProviderName | undefined, base: Segment[], add: Add): void {
  const canary = env.canary
  env.canary?.match?.forEach((rule, i) => {
    if (rule.header && rule.cookie) add([...base, 'canary', 'match', i], 'a match rule names both a header and a cookie', 'one rule per header or cookie (- header: {...} and - cookie: {...}); any rule matching sends the request to the canary')
  })
  const router = routerOf(env, provider)
  for (const feature of ['affinity', 'match', 'mirror'] as const) {
    if (!canary?.[feature]) continue
    if (!router) {
      add([...base, 'canary', feature], `canary.${feature} needs a traffic router, and this environment has none (provider ${provider ?? 'unknown'})`, `a router that carries ${feature}: ${routersWith(feature)}`)
      continue
    }
    if (!ROUTER_COHORTS[router][feature]) add([...base, 'canary', feature], `router ${router} cannot carry canary.${feature}`, `a router that carries ${feature}: ${routersWith(feature)}; or remove canary.${feature}`)
  }
  if (router === 'nginx-ingress' && canary?.match) {
    const headers = canary.match.filter((m) => m.header).length
    const cookies = canary.match.filter((m) => m.cookie)
    if (headers > 1 || cookies.length > 1) add([...base, 'canary', 'match'], `router nginx-ingress carries one header rule and one cookie rule (canary-by-header, canary-by-cookie); this lists ${headers} header and ${cookies.length} cookie rules`, 'at most one header rule and one cookie rule, or router gateway-api')
    const wrong = cookies.find((m) => m.cookie?.value !== 'always')
    if (wrong) add([...base, 'canary', 'match'], `router nginx-ingress sends a cookie cohort to the canary only at the value "always" (canary-by-cookie), not "${wrong.cookie?.value}"`, `cookie: { name: ${wrong.cookie?.name}, value: always }, or a header rule`)
  }
  if (router === 'nginx' && (canary?.affinity || canary?.match || canary?.mirror) && env.traffic?.nginx && !env.traffic.nginx.location) {
    add([...base, 'traffic', 'nginx'], 'canary.affinity, match and mirror on nginx need a location file: Glidepath writes the route by cohort there, for your location block to include', 'location: /etc/nginx/glidepath/<app>.location (then `include` it in the location in place of proxy_pass; see docs/cohorts.md)')
  }
}

const routersWith = (feature: CohortFeature) => (Object.keys(ROUTER_COHORTS) as RouterName[]).filter((r) => ROUTER_COHORTS[r][feature]).join(', ')

/** minEffect is a share of requests for error rates and a duration for latencies, and only sequential tests plan with it. */
function minEffectProblem(m: MetricConfig, test: string, latency: boolean | undefined, add: (message: string, expected: string) => void): void {
  const v = m.minEffect
  const percent = typeof v === 'string' && /%\s*$/.test(v)
  if (test !== 'sequential') return add('minEffect is what a sequential test plans its evidence for', 'test: sequential, or maxDifference for a fixed test')
  if (latency) {
    if (percent) return add(`"${v}" is a share, and a latency regression is a duration`, 'a duration such as 25ms')
    if (typeof v === 'string') {
      try { parseDuration(v) } catch { add(`"${v}" is not a duration`, 'a duration such as 25ms') }
    }
    return
  }
  if (typeof v === 'string' && !percent) return add(`"${v}" is not a share of requests`, 'a share such as 1% (or 0.01)')
  const share = typeof v === 'number' ? v : Number(String(v).replace('%', '').trim()) / 100
  if (!(share > 0 && share < 1)) add(`minEffect ${typeof v === 'number' ? v : `"${v}"`} is not a share of requests between 0 and 100%`, 'a share such as 1% (or 0.01)')
}

/**
 * A comparison with a baseline must be one the source can make: the baseline must be measurable, and a
 * sequential test needs counts (errors out of requests, or latency histograms).
 */
function comparisonProblems(m: MetricConfig, where: 'canary' | 'verify', add: (field: string | undefined, message: string, expected: string) => void): void {
  const compareFields = ['maxIncrease', 'maxDifference', 'test', 'alpha', 'detectIncrease', 'minEffect', 'power', 'baselineQuery', 'baselineUrl'] as const
  if (!m.compare) {
    for (const f of compareFields) if (m[f] !== undefined) add(f, `${f} needs compare`, where === 'canary' ? 'compare: stable' : 'compare: previous')
    return
  }
  if (where === 'canary' && m.compare !== 'stable') add('compare', 'a canary is compared with the stable version serving beside it', 'compare: stable (compare: previous is for verify windows)')
  if (where === 'verify' && m.compare !== 'previous') add('compare', 'a verify window judges the version after the switch against the one before it', 'compare: previous')
  const test = m.test ?? 'sequential'
  const latency = m.metric?.startsWith('latency')
  const counts = m.metric === 'error-rate' || m.metric === 'success-rate'
  if (m.metric === 'request-count') add('metric', 'request counts depend on the traffic split; they are not compared with a baseline', 'error-rate, success-rate or a latency metric')
  if (m.source === 'http' && !m.baselineUrl && !(m.url ?? '').includes('{{version}}')) add('baselineUrl', 'source http cannot measure a baseline without a baseline URL', 'baselineUrl, or {{version}} in url')
  if (m.source === 'probe' && m.url && !m.baselineUrl) add('baselineUrl', 'a probe with its own url cannot reach the baseline', 'baselineUrl (or no url: the local provider and the nginx router know both versions)')
  if (m.source === 'prometheus' && !m.baselineQuery && !(m.query ?? '').includes('{{version}}')) add('query', 'source prometheus cannot measure a baseline: the query names no {{version}}', 'a query with {{version}} (rendered for each version), or baselineQuery')
  if (m.minEffect !== undefined) minEffectProblem(m, test, latency, (message, expected) => add('minEffect', message, expected))
  if (test === 'sequential') {
    if (m.maxDifference !== undefined) add('maxDifference', 'a sequential test compares rates as a ratio', 'maxIncrease (relative), or test: fixed for an absolute allowance')
    if (m.source === 'prometheus' && !(counts && m.volumeQuery)) add(counts ? 'volumeQuery' : 'test', 'a sequential test on Prometheus needs counts: an error rate with its request volume', counts ? 'volumeQuery: the request count over {{interval}} for {{version}}' : 'test: fixed')
    if (m.source === 'http') add('test', 'a sequential test needs counts, and an http source gives one value', 'test: fixed')
    if (!counts && !latency && m.source !== 'prometheus' && m.source !== 'http' && !(m.source === 'probe' && !m.metric)) add('metric', 'a sequential test needs counts (error-rate, success-rate) or latencies', 'metric: error-rate or latency-p95')
  }
}
