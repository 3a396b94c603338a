import { runEntry } from '../../../shared/entry/entry.js'
import { run } from './main.js'

await runEntry(run, import.meta.url)
