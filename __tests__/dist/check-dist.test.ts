import { describe, it, expect, beforeAll, afterAll } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

// users run dist/, not src/: a fresh build must equal what is committed, byte for byte.
const ROOT = process.cwd()
const ACTIONS = ['canary-step', 'command', 'deploy', 'report', 'rollback', 'smoke-test']
// Every bundle: the actions, and the CLI's own commands (validate, plan) in cli/dist.
const BUNDLES = [...ACTIONS, 'cli']
const distOf = (name: string) => (name === 'cli' ? join(ROOT, 'cli', 'dist') : join(ROOT, 'actions', name, 'dist'))
let out: string

beforeAll(() => {
  out = mkdtempSync(join(tmpdir(), 'glidepath-build-'))
  execFileSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs'), '--out', out], { cwd: ROOT, stdio: 'pipe' })
})
afterAll(() => rmSync(out, { recursive: true, force: true }))

describe('committed bundles', () => {
  it.each(BUNDLES)('the %s bundle matches a fresh build', (name) => {
    const fresh = readdirSync(join(out, name)).sort()
    expect(readdirSync(distOf(name)).sort()).toEqual(fresh)
    expect(fresh).toEqual(expect.arrayContaining(['index.js', 'package.json', 'licenses.txt']))
    for (const file of fresh) {
      const same = readFileSync(join(out, name, file)).equals(readFileSync(join(distOf(name), file)))
      if (!same) throw new Error(`${distOf(name).slice(ROOT.length + 1)}/${file} is stale: run \`npm run build\` and commit dist/.`)
    }
    expect(JSON.parse(readFileSync(join(distOf(name), 'package.json'), 'utf8'))).toEqual({ type: 'module' })
  })

  it.each(ACTIONS)('actions/%s/dist/licenses.txt names every bundled package, the lazily loaded chunks\' too', (name) => {
    const licences = readFileSync(join(ROOT, 'actions', name, 'dist', 'licenses.txt'), 'utf8')
    for (const pkg of ['@actions/core', '@actions/github', '@octokit/core', '@octokit/request', 'undici', 'js-yaml']) expect(licences).toMatch(new RegExp(`^${pkg.replace('/', '\\/')}(@[\\d.]+)?\nMIT\n`, 'm'))
    expect(readdirSync(join(ROOT, 'actions', name, 'dist')).some((f) => /^\d+\.index\.js$/.test(f))).toBe(true) // octokit's chunk
  })
})
