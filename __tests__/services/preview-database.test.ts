import { describe, it, expect, beforeAll, afterAll, beforeEach, afterEach } from '@jest/globals'
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { run as deploy } from '../../actions/deploy/src/main.js'
import { createWorkspace, get, ROOT, type TestWorkspace } from '../helpers/workspace.js'
import { startPostgres, type RealPostgres } from '../helpers/postgres.js'
import { StateStore } from '../../shared/state/store.js'
import type { MemoryRuntime } from '../../shared/runtime/memory.js'

// A database per pull-request preview (previews.database) against a real PostgreSQL (initdb in a
// temporary directory), real releases started by the local provider and dbmate migrations: each
// preview gets its own copy of the template, the release and the migrations see its URL and never the
// server's database, a second push keeps its rows, the teardown drops it, a template held open by
// another session is copied by dump and restore, a seed dump and a seed command work, and a missing
// template or a failing seed command stops the deploy with GP-DB-004 and leaves nothing behind.

let pg: RealPostgres
let ws: TestWorkspace
const DBMATE = join(ROOT, 'node_modules', '.bin', 'dbmate')

const APP = `import { createServer } from 'node:http'
import { execFileSync } from 'node:child_process'
const u = new URL(process.env.DATABASE_URL)
const pgEnv = { ...process.env, PGHOST: u.hostname, PGPORT: u.port, PGUSER: decodeURIComponent(u.username), PGPASSWORD: decodeURIComponent(u.password), PGDATABASE: u.pathname.slice(1) }
const version = process.env.GLIDEPATH_VERSION
createServer((req, res) => {
  if (req.url === '/health') { res.writeHead(200); return res.end('ok') }
  try {
    const rows = execFileSync('psql', ['--no-psqlrc', '-At', '-c', 'select item from orders order by id'], { env: pgEnv, encoding: 'utf8' })
    res.writeHead(200, { 'content-type': 'application/json' })
    res.end(JSON.stringify({ version, database: pgEnv.PGDATABASE, orders: rows.trim().split('\\n').filter(Boolean) }))
  } catch (e) { res.writeHead(500); res.end(String(e)) }
}).listen(Number(process.env.PORT), '127.0.0.1')
`

function sqlOn(database: string, query: string): string {
  const r = spawnSync(join(pg.bin, 'psql'), ['--no-psqlrc', '-d', database, '-At', '-v', 'ON_ERROR_STOP=1', '-c', query], {
    env: { ...process.env, PGPASSWORD: pg.password, PGHOST: '127.0.0.1', PGPORT: String(pg.port), PGUSER: 'app' }, encoding: 'utf8',
  })
  if (r.status !== 0) throw new Error(`psql: ${r.stderr}`)
  return r.stdout.trim()
}
const databases = () => sqlOn('shop', "select string_agg(datname, ',' order by datname) from pg_database where datname like 'shop%'")

function config(previews: string): void {
  ws.writeConfig(`version: 1
environments:
  preview:
    pullRequests: true
    name: 'pr-{{pr.number}}'
    timeout: 30s
    local: { app: 'apps/{{version}}', start: node server.mjs, health: /health, minReady: 100ms }
    database:
      postgres: { urlEnv: DATABASE_URL }
      backup: { keep: 2 }
      migrate: ${DBMATE} --migrations-dir "apps/$GLIDEPATH_VERSION/db/migrations" --no-dump-schema up
    previews: ${previews.replace(/^\{/, '{ private: false,')}
`)
}

function release(version: string, migrations: Record<string, string>) {
  const dir = join(ws.dir, 'apps', version)
  mkdirSync(join(dir, 'db', 'migrations'), { recursive: true })
  writeFileSync(join(dir, 'server.mjs'), APP)
  writeFileSync(join(dir, 'package.json'), '{ "type": "module" }')
  for (const [name, sql] of Object.entries(migrations)) writeFileSync(join(dir, 'db', 'migrations', name), sql)
}

const NOTE = { '001_note.sql': '-- migrate:up\nalter table orders add column note text;\n\n-- migrate:down\nalter table orders drop column note;\n' }
const env = () => ({ DATABASE_URL: pg.url, PATH: `${pg.bin}:${process.env.PATH}`, GITHUB_EVENT_NAME: 'pull_request' })
const payload = (number: number, action = 'opened') => ({ action, number, pull_request: { number, title: 'x', state: action === 'closed' ? 'closed' : 'open', head: { ref: `feature/f${number}`, sha: 'f00d', repo: { full_name: 'acme/web' } }, base: { ref: 'main', repo: { full_name: 'acme/web' } } } })
const open = (number: number, version: string, action = 'opened') => ws.run(deploy, { version }, { ...env(), GITHUB_REF: `refs/pull/${number}/merge` }, payload(number, action))
const close = (number: number) => ws.run(deploy, { teardown: 'true' }, { ...env(), GITHUB_REF: `refs/pull/${number}/merge` }, payload(number, 'closed'))
const everything = (r: MemoryRuntime) => JSON.stringify([r.logs, r.outputs, r.summaries, r.failed ?? ''])
const served = async (r: MemoryRuntime) => JSON.parse((await get(r.outputs['environment-url'])).body)

beforeAll(async () => {
  pg = await startPostgres()
})
afterAll(() => pg?.stop())
beforeEach(() => {
  for (const db of databases().split(',').filter((d) => d && d !== 'shop')) sqlOn('shop', `drop database "${db}" with (force)`)
  sqlOn('shop', 'create database shop_seed')
  sqlOn('shop_seed', "create table orders (id serial primary key, item text not null); insert into orders (item) values ('tea'), ('coffee')")
  ws = createWorkspace()
  release('v1', NOTE)
  release('v2', NOTE)
})
afterEach(async () => ws.cleanup())

describe('a database per preview on a real PostgreSQL', () => {
  it('each preview gets its own copy of the template; migrations run in it; a push keeps its rows; the teardown drops it', async () => {
    config('{ database: { template: shop_seed } }')
    const a = await open(7, 'v1')
    expect(a.failed).toBeUndefined()
    const record = JSON.parse(a.outputs.record)
    expect(record.database.preview).toMatchObject({ name: 'shop_pr_7', created: true, from: 'template shop_seed', seconds: expect.any(Number) })
    expect(record.database.backup).toBeUndefined() // a database made by this deploy has nothing to lose
    expect(await served(a)).toMatchObject({ version: 'v1', database: 'shop_pr_7', orders: ['tea', 'coffee'] })
    // The migration ran in the preview's database only.
    expect(sqlOn('shop_pr_7', "select string_agg(column_name, ',' order by column_name) from information_schema.columns where table_name = 'orders'")).toBe('id,item,note')
    expect(sqlOn('shop_seed', "select string_agg(column_name, ',' order by column_name) from information_schema.columns where table_name = 'orders'")).toBe('id,item')
    sqlOn('shop_pr_7', "insert into orders (item) values ('cake')")

    const b = await open(8, 'v1')
    expect(b.failed).toBeUndefined()
    expect(await served(b)).toMatchObject({ database: 'shop_pr_8', orders: ['tea', 'coffee'] })

    const again = await open(7, 'v2', 'synchronize')
    expect(again.failed).toBeUndefined()
    expect(JSON.parse(again.outputs.record).database.preview).toEqual({ name: 'shop_pr_7', created: false })
    expect(await served(again)).toMatchObject({ version: 'v2', orders: ['tea', 'coffee', 'cake'] })

    const gone = await close(7)
    expect(gone.failed).toBeUndefined()
    expect(JSON.parse(gone.outputs.record).database).toEqual({ preview: { name: 'shop_pr_7', dropped: true } })
    expect(databases()).toBe('shop,shop_pr_8,shop_seed')
    for (const r of [a, b, again, gone]) expect(everything(r)).not.toContain(pg.password)
    expect(JSON.stringify(new StateStore(ws.stateDir, 'pr-7').read())).not.toContain(pg.password)
  })

  it('a template another session holds open is copied with pg_dump and pg_restore', async () => {
    config('{ database: { template: shop_seed } }')
    let holder: ChildProcess | undefined
    try {
      holder = spawn(join(pg.bin, 'psql'), ['--no-psqlrc', '-d', 'shop_seed', '-c', 'select pg_sleep(60)'], { env: { ...process.env, PGPASSWORD: pg.password, PGHOST: '127.0.0.1', PGPORT: String(pg.port), PGUSER: 'app' }, stdio: 'ignore' })
      const deadline = Date.now() + 10_000
      while (sqlOn('shop', "select count(*) from pg_stat_activity where datname = 'shop_seed'") === '0' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50))
      const r = await open(9, 'v1')
      expect(r.failed).toBeUndefined()
      expect(JSON.parse(r.outputs.record).database.preview.from).toBe('template shop_seed (dump and restore: the template was in use)')
      expect(await served(r)).toMatchObject({ database: 'shop_pr_9', orders: ['tea', 'coffee'] })
    } finally {
      holder?.kill('SIGKILL')
    }
  })

  it('a seed dump and a seed command fill an empty database', async () => {
    mkdirSync(join(ws.dir, 'seeds'))
    const dump = spawnSync(join(pg.bin, 'pg_dump'), ['--format=custom', '--no-owner', '--file', join(ws.dir, 'seeds', 'shop.dump'), '-d', 'shop_seed'], { env: { ...process.env, PGPASSWORD: pg.password, PGHOST: '127.0.0.1', PGPORT: String(pg.port), PGUSER: 'app' } })
    expect(dump.status).toBe(0)
    config(`{ database: { seed: seeds/shop.dump, seedCommand: 'psql --no-psqlrc -d "$DATABASE_URL" -c "insert into orders (item) values (''scone'')"' } }`)
    const r = await open(10, 'v1')
    expect(r.failed).toBeUndefined()
    expect(JSON.parse(r.outputs.record).database.preview.from).toBe('seed seeds/shop.dump + seedCommand')
    expect(await served(r)).toMatchObject({ database: 'shop_pr_10', orders: ['tea', 'coffee', 'scone'] })
  })

  it('a missing template or a failing seed command: GP-DB-004, nothing deployed, no database left behind', async () => {
    config('{ database: { template: shop_nope } }')
    const r = await open(11, 'v1')
    expect(r.outputs['error-code']).toBe('GP-DB-004')
    expect(r.failed).toMatch(/The template database shop_nope does not exist on app@127.0.0.1:\d+; the preview's database was not made and nothing was deployed/)
    expect(new StateStore(ws.stateDir, 'pr-11').read().stable).toBeNull()
    expect(databases()).toBe('shop,shop_seed')

    config("{ database: { template: shop_seed, seedCommand: 'echo seeding; exit 3' } }")
    const s = await open(12, 'v1')
    expect(s.outputs['error-code']).toBe('GP-DB-004')
    expect(s.failed).toMatch(/seedCommand exited 3; the preview's database was dropped again and nothing was deployed:\nseeding/)
    expect(new StateStore(ws.stateDir, 'pr-12').read().stable).toBeNull()
    expect(databases()).toBe('shop,shop_seed')
    for (const x of [r, s]) expect(everything(x)).not.toContain(pg.password)
  })
})
