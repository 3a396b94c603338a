import { describe, it, expect } from '@jest/globals'
import { readFileSync, readdirSync, existsSync, statSync } from 'node:fs'
import { join, dirname, resolve } from 'node:path'
import { REFERENCES } from '../../scripts/docs/reference.js'

// The docs a newcomer reads: a short README, pages under docs/, references generated from the code.
const root = process.cwd()
const pages = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? pages(join(dir, e.name)) : e.name.endsWith('.md') ? [join(dir, e.name)] : []))

describe('docs', () => {
  it('the README stays short (under 12 KB): what Glidepath is, the two commands, what works where, links', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8')
    expect(Buffer.byteLength(readme)).toBeLessThan(12 * 1024)
    expect(readme).toContain('npm ci && npm run demo')
    expect(readme).toContain('npm ci && npm test')
  })

  it.each(Object.keys(REFERENCES))('docs/reference/%s is what npm run docs generates from the code', (name) => {
    const file = join(root, 'docs', 'reference', name)
    expect(readFileSync(file, 'utf8')).toBe(REFERENCES[name as keyof typeof REFERENCES](root))
  })

  it('every error code and every schema key appears in its reference', () => {
    const errors = readFileSync(join(root, 'docs', 'reference', 'errors.md'), 'utf8')
    expect(errors).toContain('`GP-CANARY-004`')
    const config = readFileSync(join(root, 'docs', 'reference', 'configuration.md'), 'utf8')
    expect(config).toContain('`environments.<name>.canary.analysis.metrics[].minEffect`')
  })

  it('every relative link in the README, CONTRIBUTING.md and docs/ points at a file that exists', () => {
    const broken: string[] = []
    for (const file of [join(root, 'README.md'), join(root, 'CONTRIBUTING.md'), ...pages(join(root, 'docs'))]) {
      const text = readFileSync(file, 'utf8').replace(/```[\s\S]*?```/g, '')
      for (const m of text.matchAll(/\[[^\]]*\]\(([^)\s]+)\)/g)) {
        const target = m[1].split('#')[0]
        if (!target || /^(https?:|mailto:)/.test(target)) continue
        const at = resolve(dirname(file), target)
        if (!existsSync(at) || (target.endsWith('/') && !statSync(at).isDirectory())) broken.push(`${file.slice(root.length + 1)} -> ${m[1]}`)
      }
    }
    expect(broken).toEqual([])
  })
})
