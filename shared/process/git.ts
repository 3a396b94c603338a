import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { runProgram } from './run.js'

/**
 * The commit a checkout holds (`git rev-parse HEAD` in it), or undefined when the folder is not a checkout's
 * root (no .git of its own, as in a CLI run outside a repository) or git cannot say.
 */
export async function gitHead(workspace: string): Promise<string | undefined> {
  if (!existsSync(join(workspace, '.git'))) return undefined
  try {
    const r = await runProgram('git', ['rev-parse', '--verify', 'HEAD'], { cwd: workspace, env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/' }, timeoutMs: 10_000, label: 'git rev-parse HEAD' })
    const sha = r.stdout.trim()
    return r.code === 0 && /^[0-9a-f]{40,64}$/.test(sha) ? sha : undefined
  } catch {
    return undefined
  }
}
