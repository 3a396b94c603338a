import { fileURLToPath } from 'node:url'
import { toGlidepathError, formatProblem } from '../errors/index.js'
import { createGithubRuntime, flushGithubRuntime } from '../runtime/github.js'
import { createCliRuntime } from '../runtime/cli.js'
import { setSelfCommand, ROUTER_ENV, AGENT_ENV, WAKE_ENV } from '../runtime/self.js'
import type { ActionRuntime } from '../runtime/runtime.js'
import { Markdown, md, raw, inline } from '../report/md.js'

// The one entry point of every action bundle. The same bundle is the GitHub action, the CLI
// (bin/glidepath.js sets GLIDEPATH_CLI) and, started with GLIDEPATH_INTERNAL_ROUTER, the local router.

export type ActionRun = (runtime: ActionRuntime) => Promise<void>

const POST_STATE = 'glidepath_post'

/**
 * `post` (optional) runs as the action's post step: the runner sets the state the main step saved, so
 * a post step that finds POST_STATE knows it is the post phase (the toolkit's isPost pattern).
 */
export async function runEntry(run: ActionRun, moduleUrl: string, post?: ActionRun): Promise<void> {
  const routesFile = process.env[ROUTER_ENV]
  if (routesFile) {
    // The router process alone needs the proxy (and undici): loaded only there.
    const { runRouterProcess } = await import('../traffic/local/server.js')
    await runRouterProcess(routesFile)
    return
  }
  setSelfCommand([process.execPath, fileURLToPath(moduleUrl)])
  if (process.env[WAKE_ENV]) {
    // Started by a router to wake a sleeping preview (providers/local-sleep.ts).
    const { runWake } = await import('../providers/local-sleep.js')
    await runWake()
    return
  }
  if (process.env[AGENT_ENV] === '1' || process.env[AGENT_ENV] === 'serve') {
    // On a host over SSH: the local provider's operations for the runner (providers/agent.ts).
    const { runAgent } = await import('../providers/agent.js')
    await runAgent()
    return
  }
  if (process.env.GLIDEPATH_CLI === '1') {
    let runtime
    try {
      runtime = createCliRuntime(process.argv.slice(3))
    } catch (e) {
      process.stderr.write(`error: ${toGlidepathError(e).headline()}\n`)
      process.exitCode = 2
      return
    }
    await execute(runtime, run)
    runtime.finish()
    if (runtime.failed) process.exitCode = 1
    return
  }
  const runtime = createGithubRuntime()
  if (post && runtime.getState(POST_STATE) === 'true') {
    await execute(runtime, post)
    return
  }
  if (post) runtime.saveState(POST_STATE, 'true')
  await execute(runtime, run)
  await flushGithubRuntime()
}

/** An error's category as a reader of the summary asks it: where does the trouble lie? */
const WHERE: Record<string, string> = {
  configuration: 'the configuration or the inputs',
  dependency: 'a tool or service Glidepath drives',
  resource: 'the state of the environment or its machines',
  network: 'the network',
  security: 'a security check',
  performance: "the release's behaviour (its health, errors or latency)",
}

/** Runs an action and turns any failure into coded annotations, a summary section and a failed step. */
export async function execute(runtime: ActionRuntime, run: ActionRun): Promise<void> {
  try {
    await run(runtime)
  } catch (e) {
    const err = toGlidepathError(e)
    for (const p of err.problems) runtime.error(formatProblem(p), { title: err.code, file: p.file, startLine: p.line })
    if (err.problems.length === 0 && err.file) runtime.error(err.message, { title: err.code, file: err.file, startLine: err.line })
    runtime.setOutput('error-code', err.code)
    const summary = new Markdown()
      .heading(raw(`❌ ${inline(`${err.code}: ${err.message.split('\n')[0]}`)}`))
      .para(md`Where it lies: ${WHERE[err.category] ?? err.category}. ${err.fix ? md`Fix: ${err.fix}` : ''}`)
    if (err.problems.length) summary.table(['file', 'line', 'key', 'problem', 'expected', 'hint'], err.problems.map((p) => [p.file, p.line, p.path, p.message, p.expected, p.hint]))
    runtime.summary(summary.toString())
    runtime.setFailed(err.headline())
  }
}
