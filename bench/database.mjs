#!/usr/bin/env node
// Backup and restore time against database size (SPEC section 9, issue 16): Glidepath's backup
// (shared/database: pg_dump -Fc with the connection from the environment, then size and sha256) and
// restore (pg_restore --clean --single-transaction, with row counts before and after, as the rollback
// does), beside plain pg_dump -Fc and pg_restore on the same database, in one run, at 10k, 100k and
// 1M rows on a real PostgreSQL started for the run.
//   node --import tsx bench/database.mjs [--sizes 10000,100000,1000000] [--runs 3]
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { spawnSync } from 'node:child_process'
import { startPostgres } from '../__tests__/helpers/postgres.ts'
import { pgConnection, pgDump, pgRestore, rowCounts } from '../shared/database/postgres.ts'
import { machine, writeSection } from './lib/report.mjs'

const arg = (name, fallback) => { const i = process.argv.indexOf(`--${name}`); return i > 0 ? process.argv[i + 1] : fallback }
const SIZES = arg('sizes', '10000,100000,1000000').split(',').map(Number)
const RUNS = Number(arg('runs', '3'))
const pg = await startPostgres()
const dir = mkdtempSync(join(tmpdir(), 'glidepath-db-bench-'))
const conn = pgConnection({ DATABASE_URL: pg.url }, 'DATABASE_URL')
const env = { PATH: process.env.PATH }
const plainEnv = { ...process.env, ...conn.env }
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
const time = async (fn) => { const t = performance.now(); await fn(); return performance.now() - t }
const plain = (tool, args) => { const r = spawnSync(tool, args, { env: plainEnv }); if (r.status !== 0) throw new Error(`${tool}: ${r.stderr}`) }

const rows = []
try {
  for (const size of SIZES) {
    pg.sql('drop table if exists orders; create table orders (id bigserial primary key, item text not null, note text, at timestamptz default now())')
    pg.sql(`insert into orders (item, note) select 'item ' || g, md5(g::text) from generate_series(1, ${size}) g`)
    const t = { ours: [], plain: [], oursRestore: [], plainRestore: [] }
    let bytes = 0
    for (let i = 0; i < RUNS; i++) {
      const file = join(dir, `ours-${size}-${i}.dump`)
      t.ours.push(await time(async () => {
        await pgDump(conn, file, env, 600_000)
        const { createHash } = await import('node:crypto')
        const { readFileSync, statSync } = await import('node:fs')
        bytes = statSync(file).size
        createHash('sha256').update(readFileSync(file)).digest('hex')
      }))
      const plainFile = join(dir, `plain-${size}-${i}.dump`)
      t.plain.push(await time(async () => plain('pg_dump', ['--format=custom', '--no-owner', '--file', plainFile])))
      t.oursRestore.push(await time(async () => {
        await rowCounts(conn, env, 600_000)
        await pgRestore(conn, file, env, 600_000)
        await rowCounts(conn, env, 600_000)
      }))
      t.plainRestore.push(await time(async () => plain('pg_restore', ['--clean', '--if-exists', '--no-owner', '--single-transaction', '--dbname', conn.database, plainFile])))
    }
    rows.push({ size, bytes, ...Object.fromEntries(Object.entries(t).map(([k, v]) => [k, median(v)])) })
    console.log(`${size} rows done`)
  }
} finally {
  pg.stop()
  rmSync(dir, { recursive: true, force: true })
}

const s = (ms) => (ms / 1000).toFixed(2)
let md = `## Database backup and restore\n\n${new Date().toISOString().slice(0, 10)}, ${machine()}, PostgreSQL ${spawnSync('pg_dump', ['--version'], { encoding: 'utf8' }).stdout.trim().split(' ').at(-3) ?? ''}. Command: \`node --import tsx bench/database.mjs --sizes ${SIZES.join(',')} --runs ${RUNS}\`.\n\n`
md += `A table of \`n\` rows (id, text, md5 note, timestamp) on a PostgreSQL started for the run. Glidepath's backup is what every deploy with \`database.postgres\` does first: pg_dump -Fc with the connection from the environment, then the file's size and sha256. Its restore is what a rollback with \`restore: true\` does: row counts of every table, pg_restore --clean --single-transaction, row counts again (to name the writes discarded). Beside each, plain pg_dump -Fc and pg_restore on the same data, in the same run. Medians of ${RUNS} runs, seconds.\n\n`
md += '| rows | dump size | Glidepath backup | plain pg_dump | Glidepath restore | plain pg_restore |\n|---|---|---|---|---|---|\n'
for (const r of rows) md += `| ${r.size.toLocaleString('en')} | ${(r.bytes / 1024 / 1024).toFixed(1)} MiB | ${s(r.ours)} | ${s(r.plain)} | ${s(r.oursRestore)} | ${s(r.plainRestore)} |\n`
md += '\nThe backup costs what pg_dump costs plus hashing the file; the restore adds two counts of every table, which is what naming the discarded writes takes.\n'
console.log(md)
writeSection('database', md)
