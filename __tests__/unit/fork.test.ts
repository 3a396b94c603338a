import { describe, it, expect } from '@jest/globals'
import { processEnv, forkRefusal } from '../../shared/flows/fork.js'
import type { EventContext } from '../../shared/runtime/context.js'
import type { EnvironmentConfig } from '../../shared/config/types.js'

// What a preview's processes see of the runner's variables, and when a fork's code may deploy at all
// (previews.forks): pure, so every case is spelled out here.
const pr = (fromFork: boolean) => ({ pr: { number: 8, title: '', headRef: 'x', headSha: 'e'.repeat(40), baseRef: 'main', state: 'open', merged: false, fromFork } }) as unknown as EventContext
const runner = { PATH: '/usr/bin', HOME: '/home/runner', LANG: 'C.UTF-8', GITHUB_SHA: 'abc', GITHUB_TOKEN: 'ghs_secret', DATABASE_URL: 'postgres://app:pw@db/shop', STRIPE_KEY: 'sk_test', GLIDEPATH_PREVIEW_SECRET: 'preview-secret', OTHER_SECRET: 'x' }

describe('processEnv', () => {
  it('leaves an environment without previews as it is', () => {
    expect(processEnv(pr(true), { command: { deploy: 'x' } } as EnvironmentConfig, runner)).toBe(runner)
  })
  it('never gives a preview\'s processes the preview secret (nor a custom secretEnv)', () => {
    const own = processEnv(pr(false), { pullRequests: true, previews: {} } as EnvironmentConfig, runner)
    expect(own.GLIDEPATH_PREVIEW_SECRET).toBeUndefined()
    expect(own.DATABASE_URL).toBe(runner.DATABASE_URL)
    const custom = processEnv(pr(false), { pullRequests: true, previews: { secretEnv: 'STRIPE_KEY' } } as EnvironmentConfig, runner)
    expect(custom.STRIPE_KEY).toBeUndefined()
    expect(custom.GLIDEPATH_PREVIEW_SECRET).toBe('preview-secret')
  })
  it('gives a fork\'s preview only the safe few and forkSecrets', () => {
    const fork = processEnv(pr(true), { pullRequests: true, previews: { forks: 'command', forkSecrets: ['STRIPE_KEY'] } } as EnvironmentConfig, runner)
    expect(Object.keys(fork).sort()).toEqual(['GITHUB_SHA', 'HOME', 'LANG', 'PATH', 'STRIPE_KEY'])
  })
})

describe('forkRefusal', () => {
  it('refuses an environment that is not a pull-request preview', () => {
    expect(forkRefusal('production', { command: { deploy: 'x' } } as EnvironmentConfig)).toMatch(/only ever deploys to a pull-request preview/)
  })
  it('refuses previews that do not take forks', () => {
    expect(forkRefusal('preview', { pullRequests: true, previews: {} } as EnvironmentConfig)).toMatch(/previews.forks is not command/)
  })
  it('refuses a database unless its URL is among forkSecrets', () => {
    const db = { pullRequests: true, previews: { forks: 'command' }, database: { postgres: { urlEnv: 'SHOP_DB' } } } as EnvironmentConfig
    expect(forkRefusal('preview', db)).toMatch(/does not list SHOP_DB/)
    expect(forkRefusal('preview', { ...db, previews: { forks: 'command', forkSecrets: ['SHOP_DB'] } } as EnvironmentConfig)).toBeUndefined()
  })
  it('allows a preview that takes forks', () => {
    expect(forkRefusal('preview', { pullRequests: true, previews: { forks: 'command' } } as EnvironmentConfig)).toBeUndefined()
  })
})
