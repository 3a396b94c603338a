import * as core from '@actions/core'
import { readFileSync, existsSync } from 'node:fs'
import { eventContextFrom, type EventContext } from './context.js'
import { childEnv, type ActionRuntime, type AnnotationProps } from './runtime.js'

// The GitHub runner face of the runtime: inputs from INPUT_*, outputs to GITHUB_OUTPUT, summary to
// GITHUB_STEP_SUMMARY, state to GITHUB_STATE, annotations as workflow commands.
export function createGithubRuntime(env: NodeJS.ProcessEnv = process.env): ActionRuntime {
  const payloadPath = env.GITHUB_EVENT_PATH
  let payload: Record<string, unknown> = {}
  if (payloadPath && existsSync(payloadPath)) payload = JSON.parse(readFileSync(payloadPath, 'utf8'))
  const context: EventContext = eventContextFrom(env, payload, env.GITHUB_WORKSPACE ?? process.cwd())
  const props = (p?: AnnotationProps): core.AnnotationProperties | undefined =>
    p ? { title: p.title, file: p.file, startLine: p.startLine } : undefined
  return {
    kind: 'github',
    input: (name) => core.getInput(name),
    setOutput: (name, value) => core.setOutput(name, value),
    info: (m) => core.info(m),
    debug: (m) => core.debug(m),
    warning: (m, p) => core.warning(m, props(p)),
    error: (m, p) => core.error(m, props(p)),
    notice: (m, p) => core.notice(m, props(p)),
    mask: (s) => core.setSecret(s),
    summary: (md) => {
      if (env.GITHUB_STEP_SUMMARY) core.summary.addRaw(md, true)
    },
    saveState: (n, v) => core.saveState(n, v),
    getState: (n) => core.getState(n),
    setFailed: (m) => core.setFailed(m),
    context,
    env: childEnv(env),
  }
}

export async function flushGithubRuntime(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  if (env.GITHUB_STEP_SUMMARY) await core.summary.write()
}
