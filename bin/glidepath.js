#!/usr/bin/env node
// glidepath <action> --input value ...: runs the action's own bundle (the same code the GitHub runner
// runs) with the CLI runtime: inputs from flags, logs on stderr, outputs on stdout.
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const ACTIONS = ['deploy', 'canary-step', 'smoke-test', 'rollback', 'report', 'command']
// The CLI's own commands, one bundle (cli/dist): check files, say what a deploy would do, write a first config.
const COMMANDS = ['validate', 'plan', 'init', 'state-rebuild', 'preview-link']
const root = join(dirname(fileURLToPath(import.meta.url)), '..')
// glidepath state rebuild: one command of the CLI's bundle, named state-rebuild there.
if (process.argv[2] === 'state' && process.argv[3] === 'rebuild') process.argv.splice(2, 2, 'state-rebuild')
const action = process.argv[2]

if (action === '--version' || action === '-v' || action === 'version') {
  process.stdout.write(`glidepath ${JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version}\n`)
  process.exit(0)
}
if (!action || action === '--help' || action === '-h' || action === 'help') {
  process.stdout.write(`Usage: glidepath <action> [--input value ...] [--json]

Actions: ${ACTIONS.join(', ')}
Inputs are those of actions/<action>/action.yml, e.g.
  glidepath deploy --environment demo --version v2
  glidepath rollback --environment demo --reason "errors after v2"
Commands:
  glidepath validate [--config FILE] [--checks FILE,...]   the config and its check files; exit 1 on a problem
  glidepath plan [--environment E] [--version V] [--rate N] [--error-rate P]
                                                          what a deploy would do and the traffic its canary needs
  glidepath init [--provider P] [--strategy rolling|canary] [--hosts [user@]host[:port],...] [--force]
                                                          a first .github/glidepath.yml and deploy workflow
                                                          (with --hosts: a fleet over SSH, in waves)
  glidepath state rebuild --environment E                 the environment's record made again from what its
                                                          platform serves (the old file kept as .broken)
  glidepath preview-link --environment E --pr N           the link that signs a browser in to pull request N's
                                                          private preview (needs the preview secret)
Options standing in for the GitHub event: --ref, --sha, --event-name, --event-path, --repository, --workspace.
--json prints the outputs as one JSON object. glidepath --version prints the version.
`)
  process.exit(action ? 0 : 2)
}
if (!ACTIONS.includes(action) && !COMMANDS.includes(action)) {
  process.stderr.write(`error: GP-INPUT-001 (configuration): unknown action "${action}". Fix: use one of ${[...ACTIONS, ...COMMANDS].join(', ')}.\n`)
  process.exit(2)
}
const bundle = COMMANDS.includes(action) ? join(root, 'cli', 'dist', 'index.js') : join(root, 'actions', action, 'dist', 'index.js')
if (!existsSync(bundle)) {
  process.stderr.write(`error: ${bundle} is missing. Fix: run npm run build.\n`)
  process.exit(2)
}
process.env.GLIDEPATH_CLI = '1'
await import(pathToFileURL(bundle).href)
