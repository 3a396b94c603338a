#!/usr/bin/env node
// Bundles every action (actions/<name>/src/index.ts) into a self-contained actions/<name>/dist/ with ncc
// and writes the published JSON Schema. `--out DIR` builds into DIR/<name>/ instead: the stale-bundle
// check compares that with the committed dist/.
import { spawn, execFileSync } from 'node:child_process'
import { readdirSync, existsSync, rmSync, readFileSync, writeFileSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, dirname } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const args = process.argv.slice(2)
const outIdx = args.indexOf('--out')
const outRoot = outIdx >= 0 ? args[outIdx + 1] : undefined
const only = args.filter((a, i) => !a.startsWith('--') && (outIdx < 0 || i !== outIdx + 1))
const ncc = join(root, 'node_modules', '@vercel', 'ncc', 'dist', 'ncc', 'cli.js')
// Every action, and the CLI's own commands (cli/src -> cli/dist), each one bundle.
const sourceOf = (name) => (name === 'cli' ? join('cli', 'src', 'index.ts') : join('actions', name, 'src', 'index.ts'))
const actions = [...readdirSync(join(root, 'actions')), 'cli']
  .filter((a) => existsSync(join(root, sourceOf(a))) && (only.length === 0 || only.includes(a)))
  .sort()

/**
 * licenses.txt for every package in the bundle, its lazily loaded chunks included (ncc's own --license
 * covers the main chunk only): the packages are read from ncc's module stats, each with its licence
 * text, in the format ncc writes (name, licence, text).
 */
function writeLicenses(statsFile, out) {
  const stats = JSON.parse(readFileSync(statsFile, 'utf8'))
  const dirs = new Set()
  for (const m of stats.modules ?? []) {
    const name = (m.name ?? '').replace(/^\.\//, '')
    const at = name.lastIndexOf('node_modules/')
    if (at < 0) continue
    const rest = name.slice(at + 'node_modules/'.length).split('/')
    dirs.add(join(root, name.slice(0, at), 'node_modules', ...(rest[0].startsWith('@') ? rest.slice(0, 2) : rest.slice(0, 1))))
  }
  const entries = []
  for (const dir of dirs) {
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'))
    const file = readdirSync(dir).find((f) => /^licen[cs]e(\.(md|txt))?$/i.test(f))
    entries.push({ name: pkg.name, version: pkg.version, license: typeof pkg.license === 'string' ? pkg.license : pkg.license?.type ?? 'UNKNOWN', text: file ? readFileSync(join(dir, file), 'utf8').trim() : '' })
  }
  const seen = new Set()
  const unique = entries.sort((a, b) => a.name.localeCompare(b.name) || a.version.localeCompare(b.version)).filter((e) => !seen.has(`${e.name}@${e.version}`) && seen.add(`${e.name}@${e.version}`))
  const twice = new Set(unique.filter((e, i) => unique.findIndex((x) => x.name === e.name) !== i).map((e) => e.name))
  writeFileSync(join(out, 'licenses.txt'), unique.map((e) => `${e.name}${twice.has(e.name) ? `@${e.version}` : ''}\n${e.license}\n${e.text}\n`).join('\n'))
}

function build(name) {
  const out = outRoot ? join(outRoot, name) : name === 'cli' ? join(root, 'cli', 'dist') : join(root, 'actions', name, 'dist')
  rmSync(out, { recursive: true, force: true })
  const started = Date.now()
  const statsDir = mkdtempSync(join(tmpdir(), 'glidepath-ncc-'))
  const statsFile = join(statsDir, 'stats.json')
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [ncc, 'build', sourceOf(name), '-o', out, '--stats-out', statsFile, '--quiet'], { cwd: root, stdio: 'inherit' })
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`ncc failed for ${name} (exit ${code})`))
      writeLicenses(statsFile, out)
      rmSync(statsDir, { recursive: true, force: true })
      console.log(`built ${name} in ${((Date.now() - started) / 1000).toFixed(1)}s`)
      resolve()
    })
  })
}

// The schemas first: the bundles validate with the generated shared/config/schema-runtime.ts.
if (!outRoot) {
  execFileSync(process.execPath, ['--import', 'tsx', join(root, 'scripts', 'write-schema.ts')], { cwd: root, stdio: 'inherit' })
}

// Two at a time: the machines this runs on have two cores.
const queue = [...actions]
await Promise.all([0, 1].map(async () => {
  while (queue.length) await build(queue.shift())
}))

