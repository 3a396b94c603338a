import { existsSync, readFileSync, readdirSync, writeFileSync, mkdirSync, statSync } from 'node:fs'
import { join, relative, dirname } from 'node:path'
import { load } from 'js-yaml'
import { GlidepathError } from '../errors/index.js'
import { parseConfig } from '../config/load.js'
import type { ProviderName } from '../config/types.js'

// glidepath init (issue 26): looks at the repository (a Helm chart, Kubernetes manifests, a compose file,
// an app with a start script, a Dockerfile, nothing) and writes a commented .github/glidepath.yml and a
// workflow calling the reusable deploy workflow, both valid; never overwrites without --force.

export interface InitOptions {
  workspace: string
  provider?: ProviderName
  strategy?: 'rolling' | 'canary'
  force?: boolean
  /** Hosts to deploy to over SSH (`[user@]host[:port]`, parsed by parseHosts): a fleet rolled out in waves. */
  hosts?: FleetHost[]
}

export interface FleetHost {
  host: string
  user?: string
  port?: number
}

/**
 * `--hosts deploy@app-1.example.com,app-2.example.com:2222`: each host as `[user@]host[:port]`, with an
 * IPv6 address in brackets. Bad input is refused whole (GP-INPUT-001), before anything is written.
 */
export function parseHosts(raw: string): FleetHost[] {
  const items = raw.split(',').map((s) => s.trim()).filter(Boolean)
  const bad = (item: string, why: string): never => {
    throw new GlidepathError('GP-INPUT-001', `--hosts: "${item}" ${why}.`, { fix: 'List hosts as [user@]host[:port], separated by commas, e.g. --hosts deploy@app-1.example.com,app-2.example.com:2222.' })
  }
  if (!items.length) bad(raw, 'names no host')
  const hosts = items.map((item) => {
    const m = /^(?:([a-z_][a-z0-9_.-]{0,31})@)?(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9]([A-Za-z0-9.-]{0,252}[A-Za-z0-9])?)(?::(\d{1,5}))?$/.exec(item)
    if (!m) return bad(item, 'is not [user@]host[:port] (a host name or address, a port from 1 to 65535)')
    const port = m[4] === undefined ? undefined : Number(m[4])
    if (port !== undefined && (port < 1 || port > 65535)) return bad(item, 'has a port outside 1-65535')
    return { host: m[2].replace(/^\[|\]$/g, ''), ...(m[1] ? { user: m[1] } : {}), ...(port !== undefined ? { port } : {}) }
  })
  const seen = new Set<string>()
  for (const h of hosts) {
    const key = `${h.host}:${h.port ?? 22}`
    if (seen.has(key)) bad(key, 'is listed twice')
    seen.add(key)
  }
  return hosts
}

export interface Detection {
  provider: ProviderName
  /** What was found, for the message. */
  found: string
  /** The provider section, as YAML lines (indented for an environment). */
  section: string[]
  /** Whether the provider can run a canary here without more setup. */
  canary: boolean
  /** Whether the workflow builds and passes an image. */
  image: boolean
}

type Json = Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any

const yamlFiles = (dir: string): string[] => {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) return []
  return readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).map((f) => join(dir, f))
}

function documents(file: string): Json[] {
  try {
    return readFileSync(file, 'utf8').split(/^---\s*$/m).map((d) => load(d) as Json).filter((d) => d && typeof d === 'object')
  } catch {
    return []
  }
}

const q = (s: string) => (/^[A-Za-z0-9_./{}-]+$/.test(s) ? s : JSON.stringify(s))

/** What the repository holds, in order: a Helm chart, Kubernetes manifests, a compose file, an app, a Dockerfile. */
function detectProject(workspace: string, wanted?: ProviderName): Detection {
  const chart = ['Chart.yaml', ...['chart', 'charts', 'helm', 'deploy'].flatMap((d) => {
    const dir = join(workspace, d)
    if (!existsSync(dir) || !statSync(dir).isDirectory()) return []
    return [join(d, 'Chart.yaml'), ...readdirSync(dir).map((c) => join(d, c, 'Chart.yaml'))]
  })].find((p) => existsSync(join(workspace, p)))
  if ((!wanted && chart) || (wanted === 'helm' && chart)) {
    const chartDir = dirname(chart as string)
    const name = String((documents(join(workspace, chart as string))[0] ?? {}).name ?? 'app')
    return {
      provider: 'helm', found: `a Helm chart (${chart})`, canary: false, image: true,
      section: ['    helm:', `      release: ${q(name)}`, `      chart: ${chartDir === '.' ? '.' : `./${chartDir}`}`, '      namespace: default', "      # values: [values-production.yaml]      # files inside the repository", "      # set: { image.tag: '{{version}}' }      # how the chart takes the version"],
    }
  }
  const manifestDirs = ['k8s', 'kubernetes', 'manifests', 'deploy', 'kube']
  for (const d of manifestDirs) {
    const deployment = yamlFiles(join(workspace, d)).flatMap(documents).find((o) => o.kind === 'Deployment' && o.metadata?.name)
    if (deployment && (!wanted || wanted === 'kubernetes')) {
      const name = String(deployment.metadata.name)
      const container = String(deployment.spec?.template?.spec?.containers?.[0]?.name ?? name)
      return {
        provider: 'kubernetes', found: `Kubernetes manifests in ${d}/ (Deployment ${name})`, canary: true, image: true,
        section: ['    kubernetes:', `      manifests: ${d}`, `      workload: deployment/${q(name)}      # copied as ${name}-canary for the canary`, `      container: ${q(container)}`, '      namespace: default', '    # traffic: { router: gateway-api, gatewayApi: { route: <HTTPRoute> } }   # exact weights; without it, a replica ratio'],
      }
    }
  }
  const compose = ['compose.yaml', 'compose.yml', 'docker-compose.yml', 'docker-compose.yaml'].find((f) => existsSync(join(workspace, f)))
  if (compose && (!wanted || wanted === 'compose')) {
    const services: Json = documents(join(workspace, compose))[0]?.services ?? {}
    const [service, spec] = Object.entries<Json>(services).find(([, s]) => s?.ports || s?.expose) ?? Object.entries<Json>(services)[0] ?? ['web', {}]
    const port = String((spec?.ports ?? spec?.expose ?? [])[0] ?? '8080')
    const targetPort = Number(/(\d+)(\/\w+)?$/.exec(port.split(':').pop() ?? '')?.[1] ?? 8080)
    const image = typeof spec?.image === 'string' ? `${spec.image.replace(/:[^:/]*$/, '')}:{{version}}` : undefined
    return {
      provider: 'compose', found: `a compose file (${compose}, service ${service} on port ${targetPort})`, canary: true, image: !image,
      section: ['    compose:', `      file: ${compose}`, `      service: ${q(service)}`, `      targetPort: ${targetPort}`, '      port: 8080                   # where the local router serves (or traffic.router nginx in front)', `      health: /                    # a path that answers 2xx when a release is ready`, ...(image ? [`      image: ${q(image)}`] : ['      # image: registry/app:{{version}}   # default: the deploy\'s image input'])],
    }
  }
  const pkg = existsSync(join(workspace, 'package.json')) ? (JSON.parse(readFileSync(join(workspace, 'package.json'), 'utf8')) as Json) : undefined
  if (pkg?.scripts?.start && (!wanted || wanted === 'local')) {
    return {
      provider: 'local', found: 'an app with a start script (package.json)', canary: true, image: false,
      section: ['    local:', '      app: .                       # the release is this directory at the version', '      start: npm start             # gets PORT (and GLIDEPATH_VERSION) in its environment', '      health: /                    # a path that answers 2xx when it is ready', '      port: 8080                   # where the local router serves'],
    }
  }
  if (wanted === 'local') {
    return {
      provider: 'local', found: 'no start script Glidepath recognises (say how your app starts: local.start)', canary: true, image: false,
      section: ['    local:', '      app: .                       # the release is this directory at the version', '      start: ./start.sh            # how your app starts; it gets PORT (and GLIDEPATH_VERSION) in its environment', '      health: /                    # a path that answers 2xx when it is ready', '      port: 8080                   # where the local router serves'],
    }
  }
  const dockerfile = existsSync(join(workspace, 'Dockerfile'))
  return {
    provider: 'command', found: dockerfile ? 'a Dockerfile (no compose file or manifests)' : 'nothing Glidepath knows (your own commands deploy)', canary: false, image: dockerfile,
    section: ['    command:', '      deploy: ./deploy.sh          # puts $GLIDEPATH_VERSION (and $GLIDEPATH_IMAGE) live; exit 0 on success', '      # rollback: ./rollback.sh    # puts $GLIDEPATH_TO_VERSION back (default: deploy with that version)', '      # set-weight: ./weight.sh    # with it, canaries: sends $GLIDEPATH_WEIGHT % to the canary'],
  }
}

/** Unique target names from the hosts' first labels (app-1.example.com -> app-1). */
function targetNames(hosts: FleetHost[]): string[] {
  const names: string[] = []
  for (const h of hosts) {
    const address = /^[0-9.]+$/.test(h.host) || (h.host.includes(':') && /^[0-9a-f.:]+$/i.test(h.host))
    const base = address ? `host-${names.length + 1}` : h.host.split('.')[0].toLowerCase().replace(/[^a-z0-9-]/g, '-')
    let name = base
    for (let i = 2; names.includes(name); i++) name = `${base}-${i}`
    names.push(name)
  }
  return names
}

/** The fleet's lines for an environment: the SSH user, waves, and one target per host. */
function fleetLines(hosts: FleetHost[]): string[] {
  const user = hosts.find((h) => h.user)?.user
  const names = targetNames(hosts)
  const ssh = (h: FleetHost) => `{ host: ${q(h.host)}${h.port ? `, port: ${h.port}` : ''}${h.user && h.user !== user ? `, user: ${q(h.user)}` : ''} }`
  return [
    `    ssh: { ${user ? `user: ${q(user)}` : 'user: deploy'} }          # key and known hosts from GLIDEPATH_SSH_KEY / GLIDEPATH_SSH_KNOWN_HOSTS`,
    '    waves: { bake: 1m, onFailure: rollback-all }   # one host per wave; a failure returns every host it moved',
    '    targets:',
    ...hosts.map((h, i) => `      - { name: ${names[i]}, ssh: ${ssh(h)} }`),
  ]
}

function renderConfig(d: Detection, strategy: 'rolling' | 'canary', hosts?: FleetHost[]): string {
  const canary = strategy === 'canary' && d.canary
  const first = hosts?.[0]
  return [
    '# yaml-language-server: $schema=https://raw.githubusercontent.com/glidepath-dev/glidepath/v1/schema/glidepath.schema.json',
    `# Written by glidepath init for ${d.found}. Every key: docs/reference/configuration.md.`,
    '# Check it with `npx glidepath validate`; see what a deploy would do with `npx glidepath plan`.',
    'version: 1',
    'environments:',
    '  production:                      # the main branch deploys here',
    '    branches: [main]',
    '    url: https://www.example.com   # where it answers (smoke tests, links)',
    `    strategy: ${canary ? 'canary' : 'rolling'}`,
    ...d.section,
    ...(hosts ? fleetLines(hosts) : []),
    ...(canary ? [
      '    canary:                        # judged against stable on the router\'s own counters; see docs/judgement.md',
      '      steps: [ {weight: 20, pause: 2m}, {weight: 50, pause: 2m}, {weight: 100} ]',
      ...(d.provider === 'local' || d.provider === 'compose' ? [
        '      analysis:',
        '        metrics:',
        '          - { name: errors, source: local, metric: error-rate, compare: stable, test: sequential }',
        '          - { name: latency, source: local, metric: latency-p95, compare: stable, test: sequential }',
      ] : []),
      '    rollback: { automatic: true }',
    ] : []),
    '  staging:                         # the develop branch deploys here',
    '    branches: [develop]',
    '    strategy: rolling',
    ...d.section.map((l) => l.replace(/port: 8080( |$)/, 'port: 8081$1').replace(/namespace: default/, 'namespace: staging')),
    ...(first ? [`    ssh: { host: ${q(first.host)}${first.port ? `, port: ${first.port}` : ''}, user: ${q(first.user ?? 'deploy')} }   # staging on the first host, beside production's release`] : []),
    '',
  ].join('\n')
}

/** What both workflows init writes begin with: pushes to main and develop, no token rights by default, one run per branch at a time. */
const WORKFLOW_HEAD = [
    'name: deploy',
    '',
    'on:',
    '  push:',
    '    branches: [main, develop]',
    '  workflow_dispatch:',
    '',
    'permissions: {}',
    '',
    'concurrency:',
    '  group: deploy-${{ github.ref }}',
    '  cancel-in-progress: false',
    '',
    'jobs:',
    '  deploy:',
]

/** A fleet deploys from the runner over SSH: the actions with the key from a secret and the hosts' keys from a variable. */
function renderFleetWorkflow(d: Detection): string {
  const ssh = ['        env:', '          GLIDEPATH_SSH_KEY: ${{ secrets.DEPLOY_SSH_KEY }}          # a private key authorised on every host', '          GLIDEPATH_SSH_KNOWN_HOSTS: ${{ vars.FLEET_KNOWN_HOSTS }}  # ssh-keyscan output, checked out of band']
  return [
    '# Written by glidepath init: pushes to main and develop deploy to the hosts over SSH, in waves',
    '# (the environment comes from the branch: .github/glidepath.yml). docs/waves.md.',
    ...WORKFLOW_HEAD,
    '    runs-on: ubuntu-latest',
    '    timeout-minutes: 60',
    '    permissions:',
    '      contents: read',
    '      deployments: write',
    '    steps:',
    '      - uses: actions/checkout@v6',
    '        with:',
    '          persist-credentials: false',
    '      - id: deploy',
    '        uses: glidepath-dev/glidepath/actions/deploy@v1',
    '        with:',
    '          version: ${{ github.sha }}',
    ...(d.image ? ['          image: ghcr.io/${{ github.repository }}:${{ github.sha }}   # build and push it in a job before this one'] : []),
    ...ssh,
    '      - uses: glidepath-dev/glidepath/actions/rollback@v1',
    "        if: failure() && steps.deploy.outputs.environment != ''",
    '        with:',
    '          reason: the rollout failed',
    ...ssh,
    '      - uses: glidepath-dev/glidepath/actions/report@v1',
    "        if: always() && steps.deploy.outputs.environment != ''",
    '        with:',
    '          deployment-id: ${{ steps.deploy.outputs.deployment-id }}',
    ...ssh,
    '',
  ].join('\n')
}

function renderWorkflow(d: Detection): string {
  return [
    `# Written by glidepath init: pushes to main and develop deploy through Glidepath's reusable workflow`,
    '# (the environment comes from the branch: .github/glidepath.yml). docs/getting-started.md.',
    ...WORKFLOW_HEAD,
    '    permissions:',
    '      contents: read',
    '      deployments: write',
    '      pull-requests: write',
    '    uses: glidepath-dev/glidepath/.github/workflows/deploy.yml@v1',
    ...(d.image ? ['    with:', "      image: ghcr.io/${{ github.repository }}:${{ github.sha }}   # build and push it in a job before this one"] : []),
    '    secrets:',
    ...(d.provider === 'kubernetes' || d.provider === 'helm' ? ['      kubeconfig: ${{ secrets.KUBECONFIG }}'] : []),
    '      slack-webhook: ${{ secrets.SLACK_WEBHOOK }}',
    '',
  ].join('\n')
}

export interface InitResult {
  detection: Detection
  strategy: 'rolling' | 'canary'
  files: string[]
}

export function initRepository(opts: InitOptions): InitResult {
  const detection = detectProject(opts.workspace, opts.provider)
  if (opts.provider && detection.provider !== opts.provider) {
    throw new GlidepathError('GP-INPUT-001', `--provider ${opts.provider}: this repository has nothing that provider deploys (found ${detection.found}).`, {
      fix: `Add what ${opts.provider} needs (docs/providers/${opts.provider}.md), or leave --provider out to use what was found.`,
    })
  }
  if (opts.hosts && (detection.provider === 'kubernetes' || detection.provider === 'helm')) {
    throw new GlidepathError('GP-INPUT-001', `--hosts deploys to hosts over SSH, and this repository is deployed by ${detection.provider} (found ${detection.found}).`, {
      fix: 'Leave --hosts out for a cluster, or pass --provider local, compose or command to deploy to the hosts.',
    })
  }
  const strategy = opts.strategy ?? (detection.canary ? 'canary' : 'rolling')
  const files: Array<[string, string]> = [
    [join(opts.workspace, '.github', 'glidepath.yml'), renderConfig(detection, strategy, opts.hosts)],
    [join(opts.workspace, '.github', 'workflows', 'deploy.yml'), opts.hosts ? renderFleetWorkflow(detection) : renderWorkflow(detection)],
  ]
  const existing = files.filter(([path]) => existsSync(path)).map(([path]) => relative(opts.workspace, path))
  if (existing.length && !opts.force) {
    throw new GlidepathError('GP-INPUT-001', `glidepath init would overwrite ${existing.join(' and ')}.`, { fix: 'Move them away, or pass --force to replace them.' })
  }
  // What init writes must itself be valid: checked before anything is written.
  parseConfig(files[0][1], '.github/glidepath.yml', opts.workspace)
  for (const [path, content] of files) {
    mkdirSync(dirname(path), { recursive: true })
    writeFileSync(path, content)
  }
  return { detection, strategy, files: files.map(([path]) => relative(opts.workspace, path)) }
}
