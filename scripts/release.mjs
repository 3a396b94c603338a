#!/usr/bin/env node
// Publishes the package to npm with provenance, from the release workflow (.github/workflows/release.yml)
// on a version tag: the tag must be v<package.json version>, the tree must be what was committed (the
// bundles in it are checked fresh by CI's check-dist on every push), then `npm publish --provenance`.
//   node scripts/release.mjs [--dry-run] [--no-provenance] [--allow-dirty]
import { execFileSync, spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const args = new Set(process.argv.slice(2))
const fail = (message, fix) => {
  process.stderr.write(`error: ${message}\nFix: ${fix}\n`)
  process.exit(1)
}
const { name, version, private: isPrivate } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))
if (isPrivate) fail(`${name} is private in package.json.`, 'Remove "private": true to publish it.')
const tag = process.env.GITHUB_REF_TYPE === 'tag' || process.env.GITHUB_REF_NAME?.startsWith('v') ? process.env.GITHUB_REF_NAME : undefined
if (tag && tag !== `v${version}`) fail(`the tag ${tag} is not v${version} (package.json).`, `Tag the commit v${version}, or set the version in package.json to ${tag.slice(1)} and tag again.`)
if (!args.has('--allow-dirty')) {
  const status = execFileSync('git', ['status', '--porcelain'], { cwd: root, encoding: 'utf8' }).trim()
  if (status) fail(`the working tree has changes:\n${status}`, 'Publish a committed tree (the release workflow checks out the tag).')
}
const publish = ['publish', '--access', 'public', ...(args.has('--no-provenance') ? ['--provenance=false'] : ['--provenance']), ...(args.has('--dry-run') ? ['--dry-run'] : [])]
process.stderr.write(`npm ${publish.join(' ')} (${name}@${version})\n`)
const r = spawnSync('npm', publish, { cwd: root, stdio: 'inherit' })
process.exit(r.status ?? 1)
