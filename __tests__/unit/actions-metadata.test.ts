import { describe, it, expect } from '@jest/globals'
import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { load } from 'js-yaml'
import { renderAll } from '../../action-readme/render.js'

// action.yml is the contract users' workflows depend on (SPEC section 5): check it and its README.
const ROOT = process.cwd()
const ACTIONS = readdirSync(join(ROOT, 'actions')).sort()
const SPEC_INPUTS: Record<string, string[]> = {
  deploy: ['config', 'environment', 'token', 'version', 'image', 'strategy', 'dry-run', 'timeout'],
  'canary-step': ['config', 'environment', 'token', 'step'],
  'smoke-test': ['config', 'environment', 'token', 'url', 'checks', 'expect-version', 'concurrency', 'retries', 'timeout', 'junit'],
  rollback: ['config', 'environment', 'token', 'to', 'reason'],
  report: ['config', 'environment', 'token', 'status', 'deployment-id', 'comment', 'slack-webhook', 'webhook-url'],
  // Not in SPEC 5: the front door for /glidepath comments (docs/commands.md).
  command: ['config', 'environment', 'token', 'phase', 'version', 'image', 'timeout'],
}
const SPEC_OUTPUTS: Record<string, string[]> = {
  deploy: ['environment', 'environment-url', 'deployment-id', 'version', 'previous-version', 'strategy', 'record'],
  'canary-step': ['decision', 'weight', 'step', 'analysis', 'reason'],
  'smoke-test': ['passed', 'total', 'failed', 'results', 'first-failure'],
  rollback: ['from-version', 'to-version', 'rolled-back'],
  report: ['comment-id', 'comment-url'],
  command: ['command', 'allowed', 'environment', 'sha', 'ref', 'result', 'refusal'],
}

describe('action.yml', () => {
  it('has the five actions of the design, and the command front door', () => {
    expect(ACTIONS).toEqual(['canary-step', 'command', 'deploy', 'report', 'rollback', 'smoke-test'])
  })

  it.each(ACTIONS)('%s runs on node24 from dist/ and documents every input and output of SPEC 5', (name) => {
    const yml = load(readFileSync(join(ROOT, 'actions', name, 'action.yml'), 'utf8')) as any
    expect(yml.runs).toMatchObject({ using: 'node24', main: 'dist/index.js' })
    expect(Object.keys(yml.inputs)).toEqual(expect.arrayContaining(SPEC_INPUTS[name]))
    expect(Object.keys(yml.outputs)).toEqual(expect.arrayContaining(SPEC_OUTPUTS[name]))
    for (const [k, v] of Object.entries<any>({ ...yml.inputs, ...yml.outputs })) expect([k, typeof v.description, v.description.length > 10]).toEqual([k, 'string', true])
    expect(yml.inputs.config.default).toBe('.github/glidepath.yml')
    expect(yml.inputs.token.default).toBe('${{ github.token }}')
  })

  it('every input the code reads is declared in action.yml', () => {
    for (const name of ACTIONS) {
      const src = readFileSync(join(ROOT, 'actions', name, 'src', 'main.ts'), 'utf8')
      const read = [...src.matchAll(/(?:input|Input)\(runtime, '([a-z-]+)'|runtime\.input\('([a-z-]+)'\)/g)].map((m) => m[1] ?? m[2])
      const yml = load(readFileSync(join(ROOT, 'actions', name, 'action.yml'), 'utf8')) as any
      for (const input of [...read, 'config', 'environment', 'token', 'lock-timeout', 'github-deployments']) expect([name, input, input in yml.inputs]).toEqual([name, input, true])
    }
  })

  it('each action README is generated from its action.yml and up to date', () => {
    for (const [path, text] of Object.entries(renderAll(ROOT))) {
      const committed = readFileSync(join(ROOT, path), 'utf8')
      if (committed !== text) throw new Error(`${path} is stale: run npm run action-readme`)
    }
  })
})
