import { readFileSync } from 'node:fs'
import { execFileSync } from 'node:child_process'
import { GlidepathError } from '../errors/index.js'
import { eventContextFrom } from './context.js'
import { childEnv, inputEnvName, type ActionRuntime, type AnnotationProps } from './runtime.js'

// The CLI face: `glidepath <action> --input value`. Inputs come from flags (then INPUT_* variables),
// logs go to stderr, and outputs are printed on stdout when the action ends.

export interface CliArgs {
  inputs: Record<string, string>
  /** CLI-only options that stand in for the GitHub event. */
  options: Record<string, string>
}

const CLI_OPTIONS = new Set(['ref', 'sha', 'event-name', 'event-path', 'repository', 'json', 'workspace'])

function parseCliArgs(argv: readonly string[]): CliArgs {
  const inputs: Record<string, string> = {}
  const options: Record<string, string> = {}
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]
    if (!arg.startsWith('--')) {
      throw new GlidepathError('GP-INPUT-001', `Unexpected argument "${arg}".`, { fix: 'Pass inputs as --name value (for example --environment staging).' })
    }
    let name = arg.slice(2)
    let value: string
    const eq = name.indexOf('=')
    if (eq >= 0) {
      value = name.slice(eq + 1)
      name = name.slice(0, eq)
    } else if (i + 1 < argv.length && !argv[i + 1].startsWith('--')) value = argv[++i]
    else value = 'true'
    if (!/^[a-z][a-z0-9-]*$/.test(name)) throw new GlidepathError('GP-INPUT-001', `"--${name}" is not an input name.`, { fix: 'Input names are kebab-case, as in action.yml.' })
    ;(CLI_OPTIONS.has(name) ? options : inputs)[name] = value
  }
  return { inputs, options }
}

function git(args: string[], cwd: string): string | undefined {
  try {
    return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim() || undefined
  } catch {
    return undefined
  }
}

export interface CliRuntime extends ActionRuntime {
  outputs: Record<string, string>
  summaries: string[]
  failed?: string
  /** Prints the summary and outputs once the action is done. */
  finish(): void
}

export function createCliRuntime(argv: readonly string[], env: NodeJS.ProcessEnv = process.env, write = (s: string) => process.stderr.write(s), print = (s: string) => process.stdout.write(s)): CliRuntime {
  const { inputs, options } = parseCliArgs(argv)
  const workspace = options.workspace ?? env.GITHUB_WORKSPACE ?? process.cwd()
  const eventPath = options['event-path'] ?? env.GITHUB_EVENT_PATH
  const payload = eventPath ? JSON.parse(readFileSync(eventPath, 'utf8')) : {}
  const ref = options.ref ?? env.GITHUB_REF ?? (git(['symbolic-ref', '-q', 'HEAD'], workspace) ?? '')
  const sha = options.sha ?? env.GITHUB_SHA ?? git(['rev-parse', 'HEAD'], workspace) ?? ''
  const ctxEnv = {
    ...env,
    GITHUB_EVENT_NAME: options['event-name'] ?? env.GITHUB_EVENT_NAME ?? (payload.pull_request ? 'pull_request' : 'push'),
    GITHUB_REF: ref.startsWith('refs/') || !ref ? ref : `refs/heads/${ref}`,
    GITHUB_SHA: sha,
    GITHUB_REPOSITORY: options.repository ?? env.GITHUB_REPOSITORY,
  }
  const secrets: string[] = []
  const mask = (text: string) => secrets.reduce((t, s) => t.split(s).join('***'), text)
  const line = (prefix: string, m: string, p?: AnnotationProps) => {
    const where = p?.file ? ` (${p.file}${p.startLine ? `:${p.startLine}` : ''})` : ''
    write(mask(`${prefix}${p?.title ? `${p.title}: ` : ''}${m}${where}\n`))
  }
  const state: Record<string, string> = {}
  const runtime: CliRuntime = {
    kind: 'cli',
    outputs: {},
    summaries: [],
    input: (name) => (inputs[name] ?? env[inputEnvName(name)] ?? '').trim(),
    setOutput: (name, value) => {
      runtime.outputs[name] = value
    },
    info: (m) => line('', m),
    debug: (m) => {
      if (env.GLIDEPATH_DEBUG) line('debug: ', m)
    },
    warning: (m, p) => line('warning: ', m, p),
    error: (m, p) => line('error: ', m, p),
    notice: (m, p) => line('notice: ', m, p),
    mask: (s) => {
      if (s && s.length >= 3 && !secrets.includes(s)) secrets.push(s)
    },
    summary: (md) => {
      runtime.summaries.push(md)
    },
    saveState: (n, v) => {
      state[n] = v
    },
    getState: (n) => state[n] ?? '',
    setFailed: (m) => {
      runtime.failed = m
      line('error: ', m)
    },
    context: eventContextFrom(ctxEnv, payload, workspace),
    env: childEnv(env),
    finish: () => {
      if (runtime.summaries.length) write(mask(`\n${runtime.summaries.join('\n')}\n`))
      if (options.json === 'true') print(`${mask(JSON.stringify(runtime.outputs, null, 2))}\n`)
      else for (const [k, v] of Object.entries(runtime.outputs)) print(mask(`${k}=${v}\n`))
    },
  }
  return runtime
}
