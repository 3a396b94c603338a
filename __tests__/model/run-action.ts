// A child process that runs one action from source with the CLI runtime, as `glidepath <action>` runs
// it from the bundle: the model-based tests SIGKILL it mid-command and race two of them for the lock.
import { createCliRuntime } from '../../shared/runtime/cli.js'
import { execute } from '../../shared/entry/entry.js'
import { setSelfCommand } from '../../shared/runtime/self.js'

const ACTIONS = {
  deploy: () => import('../../actions/deploy/src/main.js'),
  'canary-step': () => import('../../actions/canary-step/src/main.js'),
  rollback: () => import('../../actions/rollback/src/main.js'),
} as const

const action = process.argv[2] as keyof typeof ACTIONS
setSelfCommand(JSON.parse(process.env.GLIDEPATH_INTERNAL_SELF as string) as string[])
const runtime = createCliRuntime(process.argv.slice(3), process.env, (s) => process.stderr.write(s), (s) => process.stdout.write(s))
const { run } = await ACTIONS[action]()
await execute(runtime, run)
runtime.finish()
process.exitCode = runtime.failed ? 1 : 0
