import { runEntry } from '../../shared/entry/entry.js'
import { COMMANDS } from './main.js'

// bin/glidepath.js runs this bundle for `glidepath validate`, `plan` and `init` (argv[2] names the command).
const command = process.argv[2] as keyof typeof COMMANDS
await runEntry(COMMANDS[command] ?? COMMANDS.validate, import.meta.url)
