import { runEntry } from '../../../shared/runtime/entry.js'
import { run } from './main.js'

await runEntry(run, import.meta.url)
