import { describe, it, expect } from '@jest/globals'
import fc from 'fast-check'
import { commandLine, parseCommand, COMMANDS } from '../../shared/flows/command-parse.js'
import { GlidepathError } from '../../shared/errors/index.js'

const ENVS = ['production', 'staging', 'preview']

describe('parseCommand', () => {
  it.each([
    ['/glidepath deploy', { name: 'deploy' }],
    ['/glidepath deploy to production', { name: 'deploy', environment: 'production' }],
    ['/glidepath deploy staging', { name: 'deploy', environment: 'staging' }],
    ['/glidepath deploy to production override hotfix for INC-42', { name: 'deploy', environment: 'production', override: 'hotfix for INC-42' }],
    ['/glidepath promote', { name: 'promote' }],
    ['/glidepath PROMOTE production', { name: 'promote', environment: 'production' }],
    ['/glidepath abort', { name: 'abort' }],
    ['/glidepath abort production p95 doubled', { name: 'abort', environment: 'production', reason: 'p95 doubled' }],
    ['/glidepath abort too many 500s', { name: 'abort', reason: 'too many 500s' }],
    ['/glidepath rollback', { name: 'rollback' }],
    ['/glidepath rollback production to v1.2.3 bad release', { name: 'rollback', environment: 'production', version: 'v1.2.3', reason: 'bad release' }],
    ['/glidepath rollback to v7', { name: 'rollback', version: 'v7' }],
    ['/glidepath status staging', { name: 'status', environment: 'staging' }],
    ['/glidepath lock production board demo', { name: 'lock', environment: 'production', reason: 'board demo' }],
    ['/glidepath unlock', { name: 'unlock' }],
    ['/glidepath', { name: 'help' }],
  ])('%s', (line, expected) => {
    expect(parseCommand(line, ENVS)).toEqual({ ...expected, line })
  })

  it.each([
    ['/glidepath ship', /is not a command/],
    ['/glidepath promte', /did you mean \/glidepath promote\?/],
    ['/glidepath deploy to prodution', /"prodution" is not an environment.*did you mean production\?/],
    ['/glidepath deploy to', /deploy to needs an environment/],
    ['/glidepath deploy production now', /"now" after \/glidepath deploy is not understood/],
    ['/glidepath deploy override', /override needs a reason/],
    ['/glidepath promote production please', /"please" after \/glidepath promote/],
    ['/glidepath rollback to $(id)', /rollback to/],
    [`/glidepath abort ${'x'.repeat(400)}`, /at most 300/],
  ])('refuses %s with GP-COMMAND-001 and the usage', (line, message) => {
    try {
      parseCommand(line, ENVS)
      throw new Error('accepted')
    } catch (e) {
      expect(e).toBeInstanceOf(GlidepathError)
      expect((e as GlidepathError).code).toBe('GP-COMMAND-001')
      expect((e as GlidepathError).message).toMatch(message)
      expect((e as GlidepathError).fix).toContain('/glidepath deploy [to <environment>]')
    }
  })

  it('whatever the text, the result is a known command over known environments, a checked version and single-line text', () => {
    fc.assert(fc.property(fc.string({ maxLength: 200 }), fc.constantFrom(...COMMANDS), (tail, name) => {
      try {
        const c = parseCommand(`/glidepath ${name} ${tail}`, ENVS)
        expect(COMMANDS).toContain(c.name)
        if (c.environment !== undefined) expect(ENVS).toContain(c.environment)
        if (c.version !== undefined) expect(c.version).toMatch(/^[A-Za-z0-9][A-Za-z0-9._+-]*$/)
        for (const text of [c.reason, c.override]) if (text !== undefined) expect(text).not.toMatch(/[\u0000-\u001f]/)
      } catch (e) {
        expect((e as GlidepathError).code).toBe('GP-COMMAND-001')
      }
    }), { numRuns: 500 })
  })
})

describe('commandLine', () => {
  it('finds the first /glidepath line outside quotes and code blocks', () => {
    expect(commandLine('LGTM\n  /glidepath deploy to staging\n/glidepath promote')).toBe('/glidepath deploy to staging')
    expect(commandLine('> /glidepath deploy\n```\n/glidepath deploy\n```\n~~~\n/glidepath abort\n~~~')).toBeUndefined()
    expect(commandLine('see /glidepath deploy')).toBeUndefined()
    expect(commandLine('/glidepathdeploy')).toBeUndefined()
    expect(commandLine('/glidepath')).toBe('/glidepath')
    expect(commandLine('a\r\n/glidepath status\r\n')).toBe('/glidepath status')
  })
})
