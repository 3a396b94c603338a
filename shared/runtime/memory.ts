import { eventContextFrom, type EventContext } from './context.js'
import { childEnv, type ActionRuntime, type AnnotationProps } from './runtime.js'

// An in-memory runtime for tests: inputs in, everything the action says kept for assertions.
export interface Recorded {
  level: 'info' | 'debug' | 'warning' | 'error' | 'notice'
  message: string
  props?: AnnotationProps
}

export interface MemoryRuntime extends ActionRuntime {
  outputs: Record<string, string>
  logs: Recorded[]
  summaries: string[]
  masked: string[]
  failed?: string
  state: Record<string, string>
}

export interface MemoryRuntimeOptions {
  inputs?: Record<string, string>
  env?: Record<string, string | undefined>
  payload?: Record<string, unknown>
  workspace: string
  context?: Partial<EventContext>
}

export function createMemoryRuntime(options: MemoryRuntimeOptions): MemoryRuntime {
  const env = { GITHUB_EVENT_NAME: 'push', GITHUB_REF: 'refs/heads/main', GITHUB_SHA: '0123456789abcdef0123456789abcdef01234567', GITHUB_REPOSITORY: 'acme/web', GITHUB_RUN_ID: '42', ...options.env }
  const context = { ...eventContextFrom(env, options.payload ?? {}, options.workspace), ...options.context }
  const inputs = options.inputs ?? {}
  const rt: MemoryRuntime = {
    kind: 'memory',
    outputs: {},
    logs: [],
    summaries: [],
    masked: [],
    state: {},
    input: (name) => (inputs[name] ?? '').trim(),
    setOutput: (n, v) => {
      rt.outputs[n] = v
    },
    info: (message) => rt.logs.push({ level: 'info', message }),
    debug: (message) => rt.logs.push({ level: 'debug', message }),
    warning: (message, props) => rt.logs.push({ level: 'warning', message, props }),
    error: (message, props) => rt.logs.push({ level: 'error', message, props }),
    notice: (message, props) => rt.logs.push({ level: 'notice', message, props }),
    mask: (s) => rt.masked.push(s),
    summary: (md) => rt.summaries.push(md),
    saveState: (n, v) => {
      rt.state[n] = v
    },
    getState: (n) => rt.state[n] ?? '',
    setFailed: (m) => {
      rt.failed = m
    },
    context,
    env: childEnv({ PATH: process.env.PATH, HOME: process.env.HOME, ...options.env }),
  }
  return rt
}
