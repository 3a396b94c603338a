import { runEntry } from '../../../shared/runtime/entry.js'
import { run, post } from './main.js'

await runEntry(run, import.meta.url, post)
