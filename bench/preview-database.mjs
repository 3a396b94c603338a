#!/usr/bin/env node
// A preview's own database, ready (issue 38 item 3): on a real PostgreSQL started for the run, a seed
// database of about 100 MB (1M rows by default), Glidepath's previews.database made from it as a
// template (CREATE DATABASE ... TEMPLATE), from a seed dump (pg_restore of a pg_dump -Fc file), and from
// the template while another session holds it open (the dump-and-restore fallback), beside a plain
// `pg_dump -Fc | pg_restore` into a new database, in one run. Each path ends with the database ready
// to serve (its rows counted).
//   node --import tsx bench/preview-database.mjs [--rows 1000000] [--runs 3]
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { spawn, spawnSync } from 'node:child_process'
import { startPostgres } from '../__tests__/helpers/postgres.ts'
import { openPreviewDatabase } from '../shared/database/preview.ts'
import { previewEnv } from '../shared/database/preview-name.ts'
import { machine, writeSection } from './lib/report.mjs'

const arg = (name, fallback) => { const i = process.argv.indexOf(`--${name}`); return i > 0 ? process.argv[i + 1] : fallback }
const ROWS = Number(arg('rows', '1000000'))
const RUNS = Number(arg('runs', '3'))
const pg = await startPostgres()
const dir = mkdtempSync(join(tmpdir(), 'glidepath-preview-db-bench-'))
const pgEnv = { ...process.env, PGPASSWORD: pg.password, PGHOST: '127.0.0.1', PGPORT: String(pg.port), PGUSER: 'app', PATH: `${pg.bin}:${process.env.PATH}` }
const sqlOn = (db, q) => { const r = spawnSync(join(pg.bin, 'psql'), ['--no-psqlrc', '-d', db, '-At', '-v', 'ON_ERROR_STOP=1', '-c', q], { env: pgEnv, encoding: 'utf8' }); if (r.status !== 0) throw new Error(r.stderr); return r.stdout.trim() }
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
const time = async (fn) => { const t = performance.now(); await fn(); return performance.now() - t }
const quiet = { info() {}, warning() {}, mask() {} }

/** Glidepath's own path, as a preview's first deploy runs it: previews.database with the given source. */
async function glidepath(name, source) {
  const environment = { name, config: { pullRequests: true, database: { postgres: { urlEnv: 'DATABASE_URL' } }, previews: { database: source } } }
  const env = { ...pgEnv, DATABASE_URL: pg.url }
  const x = { runtime: { ...quiet, env, context: {} }, target: { environment, workspace: dir, store: { dir }, env: previewEnv(env, environment, () => undefined) }, timeoutMs: 1_800_000 }
  const made = await openPreviewDatabase(x)
  sqlOn(made.name, 'select count(*) from orders')
  return made
}

function plainCopy(into) {
  sqlOn('shop', `create database ${into}`)
  const r = spawnSync('sh', ['-c', `pg_dump --format=custom --no-owner -d shop_seed | pg_restore --no-owner -d ${into}`], { env: pgEnv, encoding: 'utf8' })
  if (r.status !== 0) throw new Error(r.stderr)
  sqlOn(into, 'select count(*) from orders')
}

const drop = (db) => sqlOn('shop', `drop database if exists ${db} with (force)`)
let size = ''
let dumpBytes = 0
const t = { template: [], seed: [], busy: [], plain: [] }
try {
  sqlOn('shop', 'create database shop_seed')
  sqlOn('shop_seed', `create table orders (id bigserial primary key, item text not null, note text, at timestamptz default now()); insert into orders (item, note) select 'item ' || g, md5(g::text) from generate_series(1, ${ROWS}) g`)
  sqlOn('shop_seed', 'vacuum analyze orders')
  size = sqlOn('shop', "select pg_size_pretty(pg_database_size('shop_seed'))")
  const dump = join(dir, 'seed.dump')
  const d = spawnSync('pg_dump', ['--format=custom', '--no-owner', '--file', dump, '-d', 'shop_seed'], { env: pgEnv })
  if (d.status !== 0) throw new Error(String(d.stderr))
  dumpBytes = Number(spawnSync('stat', ['-c', '%s', dump], { encoding: 'utf8' }).stdout.trim())
  for (let i = 0; i < RUNS; i++) {
    t.template.push(await time(() => glidepath(`pr-${i}`, { template: 'shop_seed' })))
    drop(`shop_pr_${i}`)
    t.seed.push(await time(() => glidepath(`pr-${i}`, { seed: dump })))
    drop(`shop_pr_${i}`)
    const holder = spawn(join(pg.bin, 'psql'), ['--no-psqlrc', '-d', 'shop_seed', '-c', 'select pg_sleep(600)'], { env: pgEnv, stdio: 'ignore' })
    while (sqlOn('shop', "select count(*) from pg_stat_activity where datname = 'shop_seed'") === '0') await new Promise((r) => setTimeout(r, 50))
    t.busy.push(await time(() => glidepath(`pr-${i}`, { template: 'shop_seed' })))
    holder.kill('SIGKILL')
    // pg_sleep does not notice its client is gone: end the session on the server too.
    sqlOn('shop', "select pg_terminate_backend(pid) from pg_stat_activity where datname = 'shop_seed'")
    while (sqlOn('shop', "select count(*) from pg_stat_activity where datname = 'shop_seed'") !== '0') await new Promise((r) => setTimeout(r, 50))
    drop(`shop_pr_${i}`)
    t.plain.push(await time(async () => plainCopy(`plain_${i}`)))
    drop(`plain_${i}`)
    console.log(`run ${i + 1} of ${RUNS} done`)
  }
} finally {
  pg.stop()
  rmSync(dir, { recursive: true, force: true })
}

const s = (ms) => (ms / 1000).toFixed(2)
let md = `## A preview's own database, ready\n\n${new Date().toISOString().slice(0, 10)}, ${machine()}, PostgreSQL ${spawnSync('pg_dump', ['--version'], { encoding: 'utf8' }).stdout.trim().split(' ').at(-3) ?? ''}. Command: \`node --import tsx bench/preview-database.mjs --rows ${ROWS} --runs ${RUNS}\`.\n\n`
md += `A seed database of ${ROWS.toLocaleString('en')} rows (${size} on disk, a ${(dumpBytes / 2 ** 20).toFixed(1)} MiB pg_dump -Fc file) on a PostgreSQL started for the run. Each path ends with the preview's database ready and its rows counted. Glidepath's rows are its \`previews.database\` code as a preview's first deploy runs it (look for the database, make it, log): from \`template\`, from a \`seed\` dump, and from \`template\` while another session holds the template open (PostgreSQL copies a template only while nobody is connected to it: Glidepath sees the session and copies with pg_dump and pg_restore instead). Beside them, a plain \`pg_dump -Fc shop_seed | pg_restore -d new\`, in the same run. Medians of ${RUNS} runs, seconds.\n\n`
md += '| path | seconds |\n|---|---|\n'
md += `| Glidepath, template (CREATE DATABASE ... TEMPLATE) | ${s(median(t.template))} |\n`
md += `| Glidepath, seed dump (pg_restore) | ${s(median(t.seed))} |\n`
md += `| Glidepath, template held open by another session (fallback) | ${s(median(t.busy))} |\n`
md += `| plain pg_dump -Fc \\| pg_restore | ${s(median(t.plain))} |\n`
md += '\nA template copies the files of the database, so a preview is ready in about the time it takes to write them; a dump and restore rebuilds every row and index. Keep the template free of sessions (connect the seed tools to it only while refreshing it) to stay on the fast path.\n'
console.log(md)
writeSection('preview-database', md)
