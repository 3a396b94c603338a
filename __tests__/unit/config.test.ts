import { describe, it, expect } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { loadConfig, parseConfig } from '../../shared/config/load.js'
import { resolveEnvironment, resolveTargetEnvironment } from '../../shared/config/resolve.js'
import { metricTemplateContext } from '../../shared/metrics/types.js'
import { eventContextFrom } from '../../shared/runtime/context.js'
import { CONFIG_SCHEMA } from '../../shared/config/schema.js'
import type { GlidepathError } from '../../shared/errors/index.js'

const FIX = join(process.cwd(), '__tests__', 'fixtures', 'configs')
const ws = process.cwd()
const valid = () => loadConfig(join(FIX, 'valid.yml'), ws)

function problemsOf(yaml: string): GlidepathError {
  try {
    parseConfig(yaml, 'glidepath.yml', ws)
  } catch (e) {
    return e as GlidepathError
  }
  throw new Error('expected the config to be rejected')
}

describe('config loading', () => {
  it('accepts the SPEC example and fills the default branch table', () => {
    const cfg = valid()
    expect(cfg.environments.production.branches).toEqual(['main'])
    expect(cfg.environments.staging.branches).toEqual(['develop'])
    expect(cfg.environments.preprod.branches).toEqual(['release/*'])
    expect(cfg.lines.staging).toBe(18)
  })

  it('reports every problem at once with line, path, expected form and did-you-mean', () => {
    const err = problemsOf(readFileSync(join(FIX, 'many-problems.yml'), 'utf8'))
    expect(err.code).toBe('GP-CONFIG-002')
    const byPath = Object.fromEntries(err.problems.map((p) => [p.path, p]))
    expect(byPath['environments.production.strategi']).toMatchObject({ line: 5, hint: 'did you mean "strategy"?' })
    expect(byPath['environments.production.provider']).toMatchObject({ line: 6, hint: 'did you mean "kubernetes"?' })
    expect(byPath['environments.production.timeout']).toMatchObject({ line: 7, expected: expect.stringContaining('duration') })
    expect(byPath['environments.production.canary.steps[2].weight']).toMatchObject({ line: 12, expected: 'an integer from 0 to 100', message: 'got 150' })
    expect(byPath['environments.staging.branches']).toMatchObject({ line: 14, expected: 'a list' })
    expect(err.problems.every((p) => p.file === 'glidepath.yml')).toBe(true)
    expect(err.problems).toHaveLength(5)
  })

  it('finds semantic problems once the shape is right: weights that do not increase, missing sections', () => {
    const err = problemsOf(`version: 1
environments:
  prod:
    strategy: canary
    provider: local
    canary: { steps: [ {weight: 50}, {weight: 20} ] }
  legacy:
    strategy: canary
    command: { deploy: ./d.sh }
  nothing: {}
`)
    const messages = err.problems.map((p) => `${p.line} ${p.path}: ${p.message}`)
    expect(messages).toEqual(expect.arrayContaining([
      '5 environments.prod.provider: provider "local" needs a "local" section',
      expect.stringMatching(/^6 environments.prod.canary.steps\[1\].weight: weight 20 does not increase/),
      expect.stringMatching(/environments.legacy: strategy canary needs canary.steps/),
      expect.stringMatching(/environments.legacy.strategy: a canary on the command provider needs a way to split traffic/),
      expect.stringMatching(/environments.nothing: no provider/),
    ]))
  })

  it('rejects templates naming unknown fields and paths leaving the workspace', () => {
    const err = problemsOf(`version: 1
environments:
  preview:
    url: https://{{pr.numbr}}.example.com
    name: 'x-{{prr.number}}'
    local: { app: ../../etc, start: node s.js }
`)
    expect(err.problems.map((p) => p.message)).toEqual(expect.arrayContaining([
      'template names an unknown field "{{prr.number}}"',
      'path "../../etc" leaves the workspace',
    ]))
  })

  it.each([
    ['not YAML', 'version: 1\nenvironments: [a\n', 'GP-CONFIG-003'],
    ['two documents', 'version: 1\n---\nversion: 1\n', 'GP-CONFIG-003'],
    ['wrong version', 'version: 2\nenvironments: { a: { command: { deploy: x } } }\n', 'GP-CONFIG-002'],
    ['no environments', 'version: 1\nenvironments: {}\n', 'GP-CONFIG-002'],
    ['alias bomb', `version: 1\na: &a [x,x,x,x,x,x,x,x,x]\nb: &b [${'*a,'.repeat(60)}*a]\nc: [${'*b,'.repeat(60)}*b]\nenvironments: {}\n`, 'GP-CONFIG-003'],
    ['huge file', `version: 1\n# ${'x'.repeat(1024 * 1024)}\n`, 'GP-CONFIG-003'],
  ])('rejects %s', (_name, yaml, code) => {
    expect(problemsOf(yaml).code).toBe(code)
  })

  it('says where the file should be when it is missing', () => {
    expect(() => loadConfig('/nonexistent/glidepath.yml', ws)).toThrow(expect.objectContaining({ code: 'GP-CONFIG-001' }))
  })

  it('keeps the published JSON Schema equal to the one the code uses', () => {
    const published = JSON.parse(readFileSync(join(process.cwd(), 'schema', 'glidepath.schema.json'), 'utf8'))
    expect(published).toEqual(JSON.parse(JSON.stringify(CONFIG_SCHEMA)))
  })

  it('keeps the schema the actions validate with (generated, without descriptions) equal to schema.ts', async () => {
    const { runtimeSchemaTs } = await import('../../scripts/write-schema.js')
    expect(readFileSync(join(process.cwd(), 'shared', 'config', 'schema-runtime.ts'), 'utf8')).toBe(runtimeSchemaTs())
    const { RUNTIME_SCHEMA } = await import('../../shared/config/schema-runtime.js')
    expect(JSON.stringify(RUNTIME_SCHEMA)).not.toContain('"description"')
    expect(JSON.stringify(RUNTIME_SCHEMA).length).toBeLessThan(JSON.stringify(CONFIG_SCHEMA).length * 0.7)
  })
})

describe('resolveEnvironment', () => {
  const ctx = (env: Record<string, string>, payload: Record<string, unknown> = {}) =>
    eventContextFrom({ GITHUB_SHA: 'merge000', GITHUB_REPOSITORY: 'acme/web', ...env }, payload, ws)
  const pick = (env: Record<string, string>, payload?: Record<string, unknown>, explicit?: string) => {
    const r = resolveEnvironment(valid(), ctx(env, payload), explicit)
    return r.kind === 'resolved' ? r.environment : r
  }

  it.each([
    ['refs/heads/main', 'production'], ['refs/heads/develop', 'staging'], ['refs/heads/release/2.1', 'preprod'], ['refs/heads/hotfix/login', 'hotfix'],
  ])('push to %s deploys to %s', (ref, env) => {
    expect(pick({ GITHUB_EVENT_NAME: 'push', GITHUB_REF: ref })).toMatchObject({ key: env })
  })

  it('resolves a pull request to the preview with the head SHA and branch, never the merge commit', () => {
    const payload = { pull_request: { number: 12, title: 'Add `x`', head: { ref: 'feature/login', sha: 'head123' }, base: { ref: 'main' } } }
    const env = pick({ GITHUB_EVENT_NAME: 'pull_request', GITHUB_REF: 'refs/pull/12/merge' }, payload)
    expect(env).toMatchObject({ key: 'preview', name: 'pr-12', url: 'https://pr-12.preview.example.com', transient: true })
    expect(ctx({ GITHUB_EVENT_NAME: 'pull_request', GITHUB_REF: 'refs/pull/12/merge' }, payload)).toMatchObject({ sha: 'head123', branch: 'feature/login' })
  })

  it('reads branches as GitHub reads on.push.branches: order, ! negation, + and [] (filter patterns)', () => {
    const cfg = parseConfig(`version: 1
environments:
  staging: { branches: ['release/**', '!release/**-rc', 'release/v[0-9]+-rc'], local: { app: app, start: node s.js } }
  qa: { branches: ['release/**-rc'], local: { app: app, start: node s.js } }
`, 'glidepath.yml', ws)
    const at = (ref: string) => {
      const r = resolveEnvironment(cfg, ctx({ GITHUB_EVENT_NAME: 'push', GITHUB_REF: `refs/heads/${ref}` }))
      return r.kind === 'resolved' ? r.environment.key : 'none'
    }
    expect(at('release/2.1')).toBe('staging')
    expect(at('release/2.1-rc')).toBe('qa') // staging excludes it; qa's pattern includes it
    expect(at('release/v12-rc')).toBe('staging') // a later positive pattern includes it again; both environments claim it with globs, so the first listed wins
    expect(problemsOf(`version: 1\nenvironments:\n  x: { branches: ['!main'], local: { app: app, start: node s.js } }\n`).problems?.[0]).toMatchObject({ path: 'environments.x.branches', message: expect.stringContaining('every pattern is a negation') })
  })

  it('resolves nothing for a branch no environment claims', () => {
    expect(pick({ GITHUB_EVENT_NAME: 'push', GITHUB_REF: 'refs/heads/experiment' })).toMatchObject({ kind: 'none', reason: expect.stringContaining('branch experiment') })
  })

  it('takes workflow_dispatch inputs.environment and the explicit input', () => {
    expect(pick({ GITHUB_EVENT_NAME: 'workflow_dispatch', GITHUB_REF: 'refs/heads/experiment' }, { inputs: { environment: 'staging' } })).toMatchObject({ key: 'staging' })
    expect(pick({ GITHUB_EVENT_NAME: 'push', GITHUB_REF: 'refs/heads/main' }, {}, 'demo')).toMatchObject({ key: 'demo', provider: 'local' })
  })

  it('fails an unknown explicit environment with a suggestion', () => {
    expect(() => pick({ GITHUB_EVENT_NAME: 'push', GITHUB_REF: 'refs/heads/main' }, {}, 'stagin')).toThrow(expect.objectContaining({ code: 'GP-CONFIG-004', fix: expect.stringContaining('Did you mean "staging"?') }))
  })
})

describe('the compose provider', () => {
  it('accepts the ssh-fleet example: three hosts over SSH, one wave each', () => {
    const cfg = parseConfig(readFileSync(join(process.cwd(), 'workflows-examples', 'ssh-fleet', 'glidepath.yml'), 'utf8'), 'glidepath.yml', ws)
    expect(cfg.environments.production.targets?.map((t) => t.ssh?.host)).toEqual(['app-1.example.com', 'app-2.example.com', 'app-3.example.com'])
  })

  it('accepts the compose-ssh example: compose on a host over SSH behind its nginx', () => {
    const cfg = parseConfig(readFileSync(join(process.cwd(), 'workflows-examples', 'compose-ssh', 'glidepath.yml'), 'utf8'), 'glidepath.yml', ws)
    expect(cfg.environments.production).toMatchObject({ ssh: { host: 'shop-1.example.com', user: 'deploy' }, traffic: { router: 'nginx' }, compose: { service: 'web' } })
  })

  it('accepts the compose-vm example and infers the provider from its section', () => {
    const cfg = parseConfig(readFileSync(join(process.cwd(), 'workflows-examples', 'compose-vm', 'glidepath.yml'), 'utf8'), 'glidepath.yml', ws)
    expect(cfg.environments.production.compose).toMatchObject({ service: 'web', targetPort: 3000, image: 'ghcr.io/acme/shop:{{version}}' })
    const r = resolveEnvironment(cfg, eventContextFrom({ GITHUB_EVENT_NAME: 'push', GITHUB_REF: 'refs/heads/main', GITHUB_SHA: 'a'.repeat(40) }, {}, ws))
    expect(r).toMatchObject({ kind: 'resolved', environment: { key: 'production', provider: 'compose' } })
  })

  it('names compose problems by key path: a router it cannot use, templates, paths leaving the workspace', () => {
    const err = problemsOf(`version: 1
environments:
  app:
    branches: [main]
    strategy: canary
    compose: { file: [compose.yaml, ../other.yaml], service: web, targetPort: 3000, project: 'x-{{nope}}' }
    traffic: { router: command }
    canary:
      steps: [ {weight: 50} ]
`)
    const text = err.problems.map((p) => `${p.path}: ${p.message}`).join('\n')
    expect(text).toMatch(/environments\.app\.compose\.file\[1\]: path "\.\.\/other\.yaml" leaves the workspace/)
    expect(text).toMatch(/environments\.app\.compose\.project: template names an unknown field "\{\{nope\}\}"/)
    expect(text).toMatch(/environments\.app\.traffic\.router: router command works with the command provider, not "compose"/)
    // One mistake, one problem.
    expect(text.match(/traffic\.router/g)).toHaveLength(1)
  })
})

describe('waves and schedules', () => {
  const base = (extra: string) => `version: 1\nenvironments:\n  prod:\n    branches: [main]\n    local: { app: app, start: node server.js, port: 8080 }\n${extra}`
  const messages = (yaml: string) => problemsOf(yaml).problems.map((p) => `${p.path}: ${p.message}`)

  it('names each wave problem with its key path', () => {
    expect(messages(base('    targets:\n      - { name: a, local: { port: 8081 } }\n      - { name: a, local: { port: 8082 } }\n')))
      .toEqual(['environments.prod.targets[1].name: target name "a" is used twice (targets[0] too)'])
    expect(messages(base('    targets:\n      - { name: a, wave: 1, local: { port: 8081 } }\n      - { name: b, wave: 3, local: { port: 8082 } }\n')))
      .toEqual(['environments.prod.targets: wave 2 has no targets (the targets name waves 1, 3)'])
    expect(messages(base('    targets:\n      - { name: a, wave: 1, local: { port: 8081 } }\n      - { name: b, local: { port: 8082 } }\n')))
      .toEqual(['environments.prod.targets: some targets name their wave and some do not'])
    expect(messages(base('    targets:\n      - { name: a }\n      - { name: b }\n')))
      .toEqual(['environments.prod.targets[1].local.port: targets a and b both serve on port 8080'])
    expect(messages(base('    targets:\n      - { name: a, local: { port: 8081 }, helm: { release: x } }\n')))
      .toEqual(['environments.prod.targets[0].helm: target a sets helm settings but the environment deploys with local'])
    expect(messages("version: 1\nenvironments:\n  prod:\n    branches: [main]\n    command: { deploy: ./d.sh }\n    traffic: { router: nginx }\n    targets:\n      - { name: a, traffic: { nginx: { upstream: web, file: /tmp/a.conf, stable: '127.0.0.1:1' } } }\n"))
      .toEqual(['environments.prod.targets[0].traffic: target a has no nginx canary (neither its own nor the environment\'s)'])
    // A target's merged settings get the environment's checks (here: a template field that does not exist).
    expect(messages(base("    targets:\n      - { name: a, local: { port: 8081, app: 'app-{{nope}}' } }\n")))
      .toEqual(['environments.prod.targets[0].local.app: template names an unknown field "{{nope}}"'])
  })

  it('{{target}} gives each target its own url, app, namespace and metric query; refused where nothing has targets', () => {
    const cfg = parseConfig(`version: 1
environments:
  prod:
    branches: [main]
    url: 'https://{{target}}.shop.example/{{environment}}'
    local: { app: 'apps/{{target}}', start: node server.js, port: 8080 }
    canary:
      analysis:
        prometheus: { address: 'http://prom:9090' }
        metrics:
          - { name: errors, source: prometheus, query: 'sum(rate(e{region="{{target}}",version="{{canary.version}}"}[1m]))', max: 0.01 }
    targets:
      - { name: eu-west, local: { port: 8081 } }
      - { name: us-east, url: 'https://{{target}}.us.shop.example', local: { port: 8082 } }
`, 'glidepath.yml', ws)
    const ctx = eventContextFrom({ GITHUB_EVENT_NAME: 'push', GITHUB_REF: 'refs/heads/main', GITHUB_SHA: 'abc1234', GITHUB_REPOSITORY: 'acme/web' }, {}, ws)
    const resolved = resolveEnvironment(cfg, ctx)
    if (resolved.kind !== 'resolved') throw new Error('not resolved')
    expect(resolved.environment.url).toBeUndefined() // the environment's url is a template for its targets
    const [eu, us] = (cfg.environments.prod.targets ?? []).map((t, i) => resolveTargetEnvironment(resolved.environment, t, i + 1, ctx, 'v2'))
    expect(eu).toMatchObject({ name: 'prod/eu-west', target: 'eu-west', url: 'https://eu-west.shop.example/prod' })
    expect(us.url).toBe('https://us-east.us.shop.example')
    expect(metricTemplateContext({ canaryVersion: 'v2', stableVersion: 'v1', environment: eu.name, target: eu.target, intervalMs: 60_000 })).toMatchObject({ target: 'eu-west', environment: 'prod/eu-west' })

    // No targets: {{target}} has nothing to name, in a template or a metric query; nor in an environment's name.
    expect(messages("version: 1\nenvironments:\n  prod:\n    branches: [main]\n    url: 'https://{{target}}.example'\n    local: { app: app, start: node server.js, port: 8080 }\n"))
      .toEqual(['environments.prod.url: "{{target}}" names a waves target, and this environment has no targets'])
    expect(messages("version: 1\nenvironments:\n  prod:\n    branches: [main]\n    local: { app: app, start: node server.js, port: 8080 }\n    canary: { analysis: { prometheus: { address: 'http://p' }, metrics: [{ name: e, source: prometheus, query: 'x{r=\"{{target}}\"}', max: 1 }] } }\n"))
      .toEqual(['environments.prod.canary.analysis.metrics[0].query: "{{target}}" names a waves target, and this environment has no targets'])
    expect(messages(base("    name: 'prod-{{target}}'\n    targets:\n      - { name: a, local: { port: 8081 } }\n"))[0])
      .toBe('environments.prod.name: "{{target}}" has no value in the environment\'s name: each target is named <name>/<target>')
  })

  it('resolves a scheduled run by the cron an environment lists, not by the default branch', () => {
    const cfg = parseConfig(`version: 1
environments:
  production:
    branches: [main]
    command: { deploy: ./d.sh }
  staging:
    branches: [develop]
    schedules: ['0 3 * * *']
    command: { deploy: ./d.sh }
`, 'glidepath.yml', ws)
    const at = (cron: string) => resolveEnvironment(cfg, eventContextFrom({ GITHUB_EVENT_NAME: 'schedule', GITHUB_REF: 'refs/heads/main', GITHUB_SHA: 'abc', GITHUB_REPOSITORY: 'acme/web' }, { schedule: cron }, ws))
    expect(at('0  3 * * *')).toMatchObject({ kind: 'resolved', environment: { name: 'staging', reason: 'the schedule "0  3 * * *" is listed in its schedules' } })
    expect(at('0 4 * * *')).toEqual({ kind: 'none', reason: 'the schedule "0 4 * * *" is listed by no environment\'s schedules in glidepath.yml' })
    // Without any schedules in the config, a scheduled run resolves by its branch, as before.
    const plain = parseConfig('version: 1\nenvironments:\n  production:\n    branches: [main]\n    command: { deploy: ./d.sh }\n', 'glidepath.yml', ws)
    expect(resolveEnvironment(plain, eventContextFrom({ GITHUB_EVENT_NAME: 'schedule', GITHUB_REF: 'refs/heads/main', GITHUB_SHA: 'abc' }, { schedule: '0 3 * * *' }, ws))).toMatchObject({ kind: 'resolved', environment: { name: 'production' } })
  })
})
