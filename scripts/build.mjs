#!/usr/bin/env node
// Bundles every action (actions/<name>/src/index.ts) into a self-contained actions/<name>/dist/ with ncc
// and writes the published JSON Schema. `--out DIR` builds into DIR/<name>/ instead: the stale-bundle
// check compares that with the committed dist/.
import { spawn, execFileSync } from 'node:child_process'
import { readdirSync, existsSync, rmSync } from 'node:fs'
import { join, dirname } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const args = process.argv.slice(2)
const outIdx = args.indexOf('--out')
const outRoot = outIdx >= 0 ? args[outIdx + 1] : undefined
const only = args.filter((a, i) => !a.startsWith('--') && (outIdx < 0 || i !== outIdx + 1))
const ncc = join(root, 'node_modules', '@vercel', 'ncc', 'dist', 'ncc', 'cli.js')
const actions = readdirSync(join(root, 'actions'))
  .filter((a) => existsSync(join(root, 'actions', a, 'src', 'index.ts')) && (only.length === 0 || only.includes(a)))
  .sort()

function build(name) {
  const out = outRoot ? join(outRoot, name) : join(root, 'actions', name, 'dist')
  rmSync(out, { recursive: true, force: true })
  const started = Date.now()
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [ncc, 'build', join('actions', name, 'src', 'index.ts'), '-o', out, '--license', 'licenses.txt', '--quiet'], { cwd: root, stdio: 'inherit' })
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`ncc failed for ${name} (exit ${code})`))
      console.log(`built ${name} in ${((Date.now() - started) / 1000).toFixed(1)}s`)
      resolve()
    })
  })
}

// Two at a time: the machines this runs on have two cores.
const queue = [...actions]
await Promise.all([0, 1].map(async () => {
  while (queue.length) await build(queue.shift())
}))

if (!outRoot) {
  execFileSync(process.execPath, ['--import', 'tsx', join(root, 'scripts', 'write-schema.ts')], { cwd: root, stdio: 'inherit' })
}
