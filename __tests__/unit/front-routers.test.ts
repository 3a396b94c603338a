import { describe, it, expect } from '@jest/globals'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { frontRouter, backendRouter, type RouterSite } from '../../shared/traffic/factory.js'
import { LocalReleaseRouter } from '../../shared/traffic/local/client.js'
import { AgentRouter, type AgentTransport } from '../../shared/traffic/agent.js'
import { NginxSlots } from '../../shared/traffic/slots.js'
import { NginxRouter } from '../../shared/traffic/nginx.js'
import { CommandRouter } from '../../shared/traffic/command.js'
import { parseConfig } from '../../shared/config/load.js'
import { GlidepathError } from '../../shared/errors/index.js'
import { ROUTERS, ROUTER_NAMES } from '../../shared/config/routers.js'
import { CONFIG_SCHEMA } from '../../shared/config/schema.js'
import type { EnvironmentConfig, ProviderName } from '../../shared/config/types.js'

// The routers outside a cluster come from traffic/factory.ts: the provider hands over its environment and
// transport and receives the router the config names or its provider implies. Building one starts nothing.

const dir = mkdtempSync(join(tmpdir(), 'gp-front-'))
const nginx = { upstream: 'app', file: join(dir, 'app.conf'), stable: '127.0.0.1:9001', canary: '127.0.0.1:9002' }
const site = (provider: ProviderName, config: Partial<EnvironmentConfig>): RouterSite => ({
  environment: { name: 'production', provider, timeoutMs: 5000, durations: { nginxSettle: 500 }, config: { branches: ['main'], provider, ...config } as EnvironmentConfig },
  store: { dir }, workspace: dir, env: {}, log: { info: () => undefined, warning: () => undefined },
})
const agent = { host: { forward: async () => '127.0.0.1:1' }, ready: async () => undefined, call: async () => undefined } as AgentTransport
const slots = { reach: async () => '127.0.0.1:1', routes: () => ({ stable: null, canary: null, weight: 0 }) }

describe('the routers\' factory outside a cluster', () => {
  it('puts Glidepath\'s router in front of local and compose releases: on this machine, or through the agent on a host', () => {
    const local = frontRouter(site('local', { local: { app: '.', start: 'node server.js', health: '/', port: 8123 } }))
    expect(local).toBeInstanceOf(LocalReleaseRouter)
    expect((local as LocalReleaseRouter).url).toBe('http://127.0.0.1:8123')
    expect(frontRouter(site('compose', { compose: { service: 'web' } } as Partial<EnvironmentConfig>), { agent })).toBeInstanceOf(AgentRouter)
    expect(frontRouter(site('compose', { compose: { service: 'web' } } as Partial<EnvironmentConfig>))).toBeInstanceOf(LocalReleaseRouter)
  })

  it('puts nginx in front of compose\'s slots when the config names it', () => {
    expect(frontRouter(site('compose', { compose: { service: 'web' }, traffic: { router: 'nginx', nginx } } as Partial<EnvironmentConfig>), { slots })).toBeInstanceOf(NginxSlots)
    // nginx needs the slots it routes to: a provider without them gets no half-built router.
    expect(() => frontRouter(site('compose', { traffic: { router: 'nginx', nginx } } as Partial<EnvironmentConfig>))).toThrow(/slots/)
    // An environment whose targets each name their nginx routes nothing itself (its waves' targets do).
    expect(frontRouter(site('compose', { compose: { service: 'web' }, traffic: { router: 'nginx' } } as Partial<EnvironmentConfig>), { slots })).toBeInstanceOf(LocalReleaseRouter)
  })

  it('gives the command provider nginx, its set-weight command, or nothing (its deploy command switches)', () => {
    expect(backendRouter(site('command', { command: { deploy: 'x' }, traffic: { router: 'nginx', nginx } } as Partial<EnvironmentConfig>))).toBeInstanceOf(NginxRouter)
    const setWeight = async () => undefined
    expect(backendRouter(site('command', { command: { deploy: 'x', 'set-weight': 'y' } } as Partial<EnvironmentConfig>), { setWeight })).toBeInstanceOf(CommandRouter)
    expect(backendRouter(site('command', { command: { deploy: 'x' } } as Partial<EnvironmentConfig>), { setWeight })).toBeUndefined()
  })

  it('lists every router once: the schema offers the names the config facts know', () => {
    const traffic = (CONFIG_SCHEMA as { $defs?: Record<string, unknown> })
    expect(JSON.stringify(traffic)).toContain(JSON.stringify({ enum: ROUTER_NAMES }))
    for (const name of ROUTER_NAMES) expect(ROUTERS[name].providers.length).toBeGreaterThan(0)
  })
})

describe('a router with a provider it cannot sit in front of is refused before anything runs', () => {
  const config = (env: string) => `version: 1\nenvironments:\n  production:\n    branches: [main]\n${env}`
  const refused = (text: string) => {
    try {
      parseConfig(text, 'glidepath.yml', dir)
    } catch (e) {
      return e as GlidepathError
    }
    throw new Error('the config was accepted')
  }

  it.each([
    ['nginx before the local provider', '    local: { app: ., start: node s.js, health: / }\n    traffic: { router: nginx, nginx: { upstream: app, file: /tmp/a.conf, stable: "127.0.0.1:1", canary: "127.0.0.1:2" } }\n', /router nginx works with the command or compose provider, not "local"/],
    ['a set-weight command before compose', '    compose: { service: web, targetPort: 8080 }\n    traffic: { router: command }\n', /router command works with the command provider, not "compose"/],
    ['any router before helm', '    helm: { chart: ./chart, release: web }\n    traffic: { router: local }\n', /router local works with the local or compose provider, not "helm"/],
    ['a cluster router before the command provider', '    command: { deploy: ./d.sh }\n    traffic: { router: replicas }\n', /router replicas works with the kubernetes provider, not "command"/],
  ])('%s', (_name, env, message) => {
    const e = refused(config(env))
    expect(e.code).toBe('GP-CONFIG-002')
    expect(e.problems.map((p) => p.message)).toContainEqual(expect.stringMatching(message))
    expect(e.problems.find((p) => message.test(p.message))?.path).toBe('environments.production.traffic.router')
  })
})
