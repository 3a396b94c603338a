import { runEntry } from '../../../shared/entry/entry.js'
import { run, post } from './main.js'

await runEntry(run, import.meta.url, post)
