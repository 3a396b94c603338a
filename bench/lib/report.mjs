// Writes one benchmark's section of BENCHMARKS.md, between markers of its own, leaving the others as
// they are: <!-- bench:NAME --> ... <!-- /bench:NAME -->. A section not there yet is appended.
import { readFileSync, writeFileSync, existsSync } from 'node:fs'
import { join, dirname } from 'node:path'
import { fileURLToPath } from 'node:url'
import { cpus, totalmem } from 'node:os'

export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..')

export function machine() {
  return `${cpus().length} × ${cpus()[0]?.model.trim() ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`
}

export function writeSection(name, markdown) {
  const file = join(root, 'BENCHMARKS.md')
  const doc = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n'
  const start = `<!-- bench:${name} -->`
  const end = `<!-- /bench:${name} -->`
  const body = `${start}\n${markdown.trim()}\n${end}`
  const a = doc.indexOf(start)
  const b = doc.indexOf(end)
  writeFileSync(file, a >= 0 && b > a ? `${doc.slice(0, a)}${body}${doc.slice(b + end.length)}` : `${doc.trimEnd()}\n\n${body}\n`)
  console.log(`wrote the ${name} section of BENCHMARKS.md`)
}
