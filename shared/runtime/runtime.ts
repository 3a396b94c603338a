import type { EventContext } from './context.js'

// The one seam between the core and where it runs. Two faces implement it: the GitHub runner
// (github.ts, the only module that imports @actions/core) and the CLI (cli.ts). Tests use memory.ts.

export interface AnnotationProps {
  title?: string
  file?: string
  startLine?: number
}

// Flows are given a Runtime: their settings come typed from the action's settings reader, never as raw
// inputs. Only the entries and the actions' mains hold an ActionRuntime, which can read them.

export interface Runtime {
  readonly kind: 'github' | 'cli' | 'memory'
  setOutput(name: string, value: string): void
  info(message: string): void
  debug(message: string): void
  warning(message: string, props?: AnnotationProps): void
  error(message: string, props?: AnnotationProps): void
  notice(message: string, props?: AnnotationProps): void
  /** Registers a value that must never be printed. */
  mask(secret: string): void
  /** Appends markdown to the job summary. */
  summary(markdown: string): void
  /** State shared between an action's main and post steps. */
  saveState(name: string, value: string): void
  getState(name: string): string
  setFailed(message: string): void
  readonly context: EventContext
  /** Environment of the process (for provider commands); never includes INPUT_* values. */
  readonly env: Record<string, string | undefined>
}

/** The runtime an action's main is given: a Runtime that can also read the step's raw inputs. */
export interface ActionRuntime extends Runtime {
  /** Raw input value, '' when absent. Inputs are read once, by each action's settings reader. */
  input(name: string): string
}

/** The same runtime acting for another event (a comment's pull request, a reaped preview): its methods stay bound to it. */
export function withContext(runtime: Runtime, context: EventContext): Runtime {
  return new Proxy(runtime, {
    get: (target, key) => {
      if (key === 'context') return context
      const value = Reflect.get(target, key)
      return typeof value === 'function' ? value.bind(target) : value
    },
  })
}

export function inputEnvName(name: string): string {
  return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`
}

/** Drops the step's inputs (which may carry tokens) from an environment handed to child processes. */
export function childEnv(env: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [k, v] of Object.entries(env)) {
    if (v === undefined || k.startsWith('INPUT_') || k === 'ACTIONS_RUNTIME_TOKEN' || k === 'ACTIONS_ID_TOKEN_REQUEST_TOKEN') continue
    if (k.startsWith('GLIDEPATH_INTERNAL_')) continue
    out[k] = v
  }
  return out
}
