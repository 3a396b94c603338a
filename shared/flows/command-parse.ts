import { GlidepathError, toGlidepathError } from '../errors/index.js'
import { checkVersion } from './version.js'
import { didYouMean } from '../config/schema-validate.js'
import { COMMAND_PREFIX } from './comment-event.js'
import { proseLineStartingWith } from '../github/comment-text.js'

// The grammar of `/glidepath` commands in comments (docs/commands.md): a comment is untrusted text,
// parsed here into a closed set of words and checked against the environments the config names. What a
// command does, and who may ask for it, is command.ts's.

export const COMMANDS = ['deploy', 'promote', 'abort', 'rollback', 'status', 'lock', 'unlock', 'help'] as const
export type CommandName = (typeof COMMANDS)[number]

export const USAGE = [
  '/glidepath deploy [to <environment>] [override <reason>]',
  '/glidepath promote [<environment>]',
  '/glidepath abort [<environment>] [<reason>]',
  '/glidepath rollback [<environment>] [to <version>] [<reason>]',
  '/glidepath status [<environment>]',
  '/glidepath lock [<environment>] [<reason>]',
  '/glidepath unlock [<environment>]',
]

const MAX_LINE = 300
const MAX_REASON = 200

export interface Command {
  name: CommandName
  environment?: string
  /** rollback to this version. */
  version?: string
  /** abort, rollback, lock: why (free text, recorded; never a command line). */
  reason?: string
  /** deploy override <reason>: outside the deploy windows (where windows.override allows it). */
  override?: string
  line: string
}


/** The comment's command: the first line of its prose (as GitHub renders it) that starts with /glidepath. */
export function commandLine(body: string): string | undefined {
  return proseLineStartingWith(body, COMMAND_PREFIX)
}

export function notUnderstood(message: string): GlidepathError {
  return new GlidepathError('GP-COMMAND-001', message, { fix: `Comment one of:\n${USAGE.join('\n')}` })
}

const freeText = (words: string[]): string | undefined => {
  const text = words.join(' ').replace(/[\u0000-\u001f\u007f]/g, ' ').trim()
  return text ? text.slice(0, MAX_REASON) : undefined
}

/** Parses a command line against the environments the config names; throws GP-COMMAND-001 with the usage. */
export function parseCommand(line: string, environments: readonly string[]): Command {
  if (line.length > MAX_LINE) throw notUnderstood(`The command is ${line.length} characters long (at most ${MAX_LINE}).`)
  if (!line.startsWith(COMMAND_PREFIX)) throw notUnderstood(`"${line.slice(0, 40)}" does not start with ${COMMAND_PREFIX}.`)
  const words = line.slice(COMMAND_PREFIX.length).trim().split(/\s+/).filter(Boolean)
  const word = (words.shift() ?? 'help').toLowerCase()
  if (!(COMMANDS as readonly string[]).includes(word)) {
    const suggestion = didYouMean(word, COMMANDS)
    throw notUnderstood(`"${COMMAND_PREFIX} ${word.slice(0, 40)}" is not a command${suggestion ? `; did you mean ${COMMAND_PREFIX} ${suggestion}?` : '.'}`)
  }
  const name = word as CommandName
  const command: Command = { name, line }
  const known = (w: string | undefined) => (w !== undefined && environments.includes(w) ? w : undefined)
  const takeEnvironment = () => {
    if (known(words[0])) command.environment = words.shift()
  }
  const noMore = () => {
    if (words.length) throw notUnderstood(`"${words.join(' ').slice(0, 60)}" after ${COMMAND_PREFIX} ${name} is not understood${name === 'deploy' || name === 'promote' || name === 'status' || name === 'unlock' ? ` (environments: ${environments.join(', ')})` : ''}.`)
  }
  switch (name) {
    case 'deploy':
      if (words[0] === 'to') {
        words.shift()
        const env = words.shift()
        if (!known(env)) {
          const suggestion = env ? didYouMean(env, environments) : undefined
          throw notUnderstood(`${env ? `"${env.slice(0, 60)}" is not an environment of this repository` : `${COMMAND_PREFIX} deploy to needs an environment`}${suggestion ? `; did you mean ${suggestion}?` : ''} (environments: ${environments.join(', ')}).`)
        }
        command.environment = env
      } else takeEnvironment()
      if (words[0] === 'override') {
        words.shift()
        command.override = freeText(words.splice(0))
        if (!command.override) throw notUnderstood(`${COMMAND_PREFIX} deploy ... override needs a reason (it is recorded and reported).`)
      }
      noMore()
      break
    case 'rollback':
      takeEnvironment()
      if (words[0] === 'to') {
        words.shift()
        const version = words.shift() ?? ''
        try {
          command.version = checkVersion(version, 'rollback to')
        } catch (e) {
          throw notUnderstood(toGlidepathError(e).message)
        }
      }
      command.reason = freeText(words.splice(0))
      break
    case 'abort':
    case 'lock':
      takeEnvironment()
      command.reason = freeText(words.splice(0))
      break
    case 'promote':
    case 'status':
    case 'unlock':
      takeEnvironment()
      noMore()
      break
    case 'help':
      break
  }
  return command
}

/** What a comment event carries, read defensively from the payload. */

