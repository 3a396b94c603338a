#!/usr/bin/env node
// After a suite (.ci/run): the processes still running under the suites' temporary folders
// ($TMPDIR/glidepath-*, $TMPDIR/gp-*: test workspaces, act worlds, sshd, nginx, PostgreSQL, routers)
// are listed, stopped, and added to the record file; .ci/run fails at the end when it is not empty.
// A suite must stop what it started: a release, a router or a server left behind is a bug (issue 27).
//   node scripts/leftovers.mjs <suite name> <record file>
import { readdirSync, readlinkSync, readFileSync, appendFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const [suite = 'suite', record] = process.argv.slice(2)
const roots = ['glidepath-', 'gp-'].map((p) => join(tmpdir(), p))
const mine = new Set([process.pid, process.ppid])
const read = (file) => {
  try {
    return readFileSync(file, 'utf8')
  } catch {
    return ''
  }
}

const left = []
for (const entry of readdirSync('/proc')) {
  if (!/^\d+$/.test(entry) || mine.has(Number(entry))) continue
  const stat = read(`/proc/${entry}/stat`)
  if (!stat || / Z /.test(stat.slice(stat.lastIndexOf(')')))) continue // gone, or a zombie its parent will reap
  let cwd = ''
  try {
    cwd = readlinkSync(`/proc/${entry}/cwd`)
  } catch {
    continue
  }
  const cmd = read(`/proc/${entry}/cmdline`).split('\0').join(' ').trim()
  if (roots.some((r) => cwd.startsWith(r) || cmd.includes(r))) left.push({ pid: Number(entry), cwd, cmd })
}
for (const p of left) {
  const line = `${suite}: pid ${p.pid} in ${p.cwd}: ${p.cmd.slice(0, 200)}`
  process.stdout.write(`leftover: ${line}\n`)
  if (record) appendFileSync(record, `${line}\n`)
  try {
    process.kill(p.pid, 'SIGKILL')
  } catch {
    // already gone
  }
}
if (!left.length) process.stdout.write(`${suite}: no process left behind\n`)
