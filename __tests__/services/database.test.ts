import { describe, it, expect, beforeAll, afterAll, beforeEach, afterEach } from '@jest/globals'
import { spawn } from 'node:child_process'
import { mkdirSync, writeFileSync, existsSync, readFileSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { run as deploy } from '../../actions/deploy/src/main.js'
import { run as canaryStep } from '../../actions/canary-step/src/main.js'
import { run as rollback } from '../../actions/rollback/src/main.js'
import { createWorkspace, freePort, get, ROOT, type TestWorkspace } from '../helpers/workspace.js'
import { startPostgres, type RealPostgres } from '../helpers/postgres.js'
import { StateStore } from '../../shared/state/store.js'
import type { MemoryRuntime } from '../../shared/runtime/memory.js'

// The database in the deploy lifecycle against a real PostgreSQL (initdb in a temporary directory) and a
// real migration tool (dbmate from npm): a backup before anything changes, migrations before traffic,
// a failing migration, down on rollback, an opt-in restore bringing back the exact rows, a canary
// aborted after an expand migration while the old version keeps working, contract after promotion, a
// deploy killed between migrate and traffic, and the password in no output.

let pg: RealPostgres
let ws: TestWorkspace
let port: number
const DBMATE = join(ROOT, 'node_modules', '.bin', 'dbmate')

// The app reads orders through psql; the URL travels in PG* variables, never on a command line.
const PG_ENV = `const u = new URL(process.env.DATABASE_URL)
const pgEnv = { ...process.env, PGHOST: u.hostname, PGPORT: u.port, PGUSER: decodeURIComponent(u.username), PGPASSWORD: decodeURIComponent(u.password), PGDATABASE: u.pathname.slice(1) }
`
const APP = `import { createServer } from 'node:http'
import { execFileSync } from 'node:child_process'
${PG_ENV}
const version = process.env.GLIDEPATH_VERSION
createServer((req, res) => {
  if (req.url === '/health') { res.writeHead(200, { 'content-type': 'application/json' }); return res.end(JSON.stringify({ status: 'ok', version })) }
  try {
    const rows = execFileSync('psql', ['--no-psqlrc', '-At', '-c', 'select id, item from orders order by id'], { env: pgEnv, encoding: 'utf8' })
    res.writeHead(200, { 'content-type': 'application/json', 'x-version': version })
    res.end(JSON.stringify({ version, orders: rows.trim().split('\\n').filter(Boolean) }))
  } catch (e) {
    res.writeHead(500, { 'x-version': version }); res.end(String(e))
  }
}).listen(Number(process.env.PORT), '127.0.0.1')
`
const migration = (up: string, down: string) => `-- migrate:up\n${up}\n\n-- migrate:down\n${down}\n`
const VERSION_MJS = `import { spawnSync } from 'node:child_process'
${PG_ENV}
const r = spawnSync('psql', ['--no-psqlrc', '-At', '-c', "select coalesce(max(version), 'none') from schema_migrations"], { env: pgEnv, encoding: 'utf8' })
console.log(r.status === 0 ? r.stdout.trim() : 'none')
`

function config(extra = '') {
  return `version: 1
environments:
  shop:
    branches: [main]
    strategy: canary
    timeout: 30s
    local: { app: 'apps/{{version}}', start: node server.mjs, health: /health, port: ${port}, minReady: 100ms }
    canary: { steps: [ {weight: 50, pause: 0s}, {weight: 100} ] }
    database:
      postgres: { urlEnv: DATABASE_URL }
      backup: { keep: 3 }
      migrate: ${DBMATE} --migrations-dir "apps/$GLIDEPATH_VERSION/db/migrations" --no-dump-schema up
      down: ${DBMATE} --migrations-dir "apps/$GLIDEPATH_VERSION/db/migrations" --no-dump-schema rollback
      version: node db-version.mjs
${extra}`
}

/** An app release: the app and its migrations (each release carries the migrations it needs). */
function release(version: string, migrations: Record<string, string>, delayStart = 0) {
  const dir = join(ws.dir, 'apps', version)
  mkdirSync(join(dir, 'db', 'migrations'), { recursive: true })
  writeFileSync(join(dir, 'server.mjs'), delayStart ? `await new Promise((r) => setTimeout(r, ${delayStart}))\n${APP}` : APP)
  writeFileSync(join(dir, 'package.json'), '{ "type": "module" }')
  for (const [name, sql] of Object.entries(migrations)) writeFileSync(join(dir, 'db', 'migrations', name), sql)
}

const M1 = { '001_orders.sql': migration('create table orders (id serial primary key, item text not null);', 'drop table orders;') }
const M2 = { ...M1, '002_note.sql': migration('alter table orders add column note text;', 'alter table orders drop column note;') }
const env = () => ({ DATABASE_URL: pg.url, PATH: `${pg.bin}:${process.env.PATH}` })
const run = (action: Parameters<TestWorkspace['run']>[0], inputs: Record<string, string>) => ws.run(action, inputs, env())
const schema = () => pg.sql("select coalesce(max(version), 'none') from schema_migrations")
const columns = () => pg.sql("select string_agg(column_name, ',' order by column_name) from information_schema.columns where table_name = 'orders'")
const state = () => new StateStore(ws.stateDir, 'shop').read()
const everything = (r: MemoryRuntime) => JSON.stringify([r.logs, r.outputs, r.summaries, r.failed ?? ''])

beforeAll(async () => {
  pg = await startPostgres()
})
afterAll(() => pg?.stop())
beforeEach(async () => {
  pg.sql('drop table if exists orders; drop table if exists schema_migrations;')
  ws = createWorkspace()
  port = await freePort()
  writeFileSync(join(ws.dir, 'db-version.mjs'), VERSION_MJS)
  release('v1', M1)
  release('v2', M2)
  ws.writeConfig(config())
})
afterEach(async () => ws.cleanup())

describe('database lifecycle on a real PostgreSQL with dbmate', () => {
  it('backs up, then migrates, then deploys; the record pairs the schema version with the app version', async () => {
    const d1 = await run(deploy, { version: 'v1' })
    expect(d1.failed).toBeUndefined()
    expect(schema()).toBe('001')
    pg.sql("insert into orders (item) values ('tea'), ('coffee')")
    const d2 = await run(deploy, { version: 'v2', strategy: 'rolling' })
    expect(d2.failed).toBeUndefined()
    const record = JSON.parse(d2.outputs.record)
    expect(record.database.migration).toMatchObject({ before: '001', after: '002', applied: true })
    const backup = record.database.backup
    expect(backup).toMatchObject({ bytes: expect.any(Number), sha256: expect.stringMatching(/^[0-9a-f]{64}$/), seconds: expect.any(Number) })
    expect(statSync(backup.path).size).toBe(backup.bytes)
    expect(columns()).toBe('id,item,note')
    expect(JSON.parse((await get(`http://127.0.0.1:${port}/`)).body)).toMatchObject({ version: 'v2', orders: ['1|tea', '2|coffee'] })
    for (const r of [d1, d2]) expect(everything(r)).not.toContain(pg.password)
    expect(readFileSync(join(ws.stateDir, 'shop', 'state.json'), 'utf8')).not.toContain(pg.password)
  })

  it('a failing migration fails the deploy before any traffic moves, and says what version the database is at', async () => {
    await run(deploy, { version: 'v1' })
    release('v3', { ...M1, '002_broken.sql': migration('alter table orders add column ok text;\nalter table nope add column x int;', 'select 1;') })
    const d = await run(deploy, { version: 'v3', strategy: 'rolling' })
    expect(d.outputs['error-code']).toBe('GP-DB-002')
    expect(d.failed).toMatch(/database.migrate failed; no traffic moved and v1 keeps serving. The database is at schema version 001 \(it was 001\)/)
    expect(columns()).toBe('id,item') // dbmate ran the migration in a transaction: nothing half-applied
    expect((await get(`http://127.0.0.1:${port}/`)).version).toBe('v1')
    expect(state().records.at(-1)).toMatchObject({ version: 'v3', status: 'failure' })
  })

  it('rollback runs down for the deploy that migrated, never for one that did not', async () => {
    await run(deploy, { version: 'v1' })
    await run(deploy, { version: 'v2', strategy: 'rolling' })
    expect(columns()).toBe('id,item,note')
    const rb = await run(rollback, {})
    expect(rb.failed).toBeUndefined()
    expect(columns()).toBe('id,item')
    expect(schema()).toBe('001')
    expect(JSON.parse((await get(`http://127.0.0.1:${port}/`)).body)).toMatchObject({ version: 'v1' })
    expect(state().records.at(-1)).toMatchObject({ kind: 'rollback', database: { down: { ran: true, version: '001' } } })
    // v2 again, this time with nothing to migrate: its rollback runs no down.
    release('v4', M1)
    await run(deploy, { version: 'v4', strategy: 'rolling' })
    const again = await run(rollback, {})
    expect(again.logs.map((l) => l.message).join('\n')).toMatch(/database.down not run: v4's deploy applied no migration/)
    expect(schema()).toBe('001')
  })

  it('opt-in restore brings back the exact rows of the backup and names the writes it discards', async () => {
    ws.writeConfig(config('      restore: true\n'))
    await run(deploy, { version: 'v1' })
    pg.sql("insert into orders (item) values ('tea'), ('coffee')")
    const before = pg.sql('select id, item from orders order by id')
    await run(deploy, { version: 'v2', strategy: 'rolling' })
    pg.sql("insert into orders (item, note) values ('cake', 'written by v2'); delete from orders where item = 'tea'")
    const rb = await run(rollback, {})
    expect(rb.failed).toBeUndefined()
    expect(pg.sql('select id, item from orders order by id')).toBe(before)
    expect(rb.logs.filter((l) => l.level === 'warning').map((l) => l.message).join('\n')).toMatch(/restoring the backup taken before v2.*writes since then are discarded[\s\S]*Restored .*\.dump/)
    expect(state().records.at(-1)).toMatchObject({ database: { restored: { backup: expect.stringMatching(/\.dump$/) } } })
  })

  it('a canary aborted after an expand migration: the old version works against the new schema throughout', async () => {
    await run(deploy, { version: 'v1' })
    pg.sql("insert into orders (item) values ('tea')")
    await run(deploy, { version: 'v2' })
    expect(columns()).toBe('id,item,note')
    // During the canary, stable (v1) answers from the expanded schema.
    const stable = await fetch(`http://127.0.0.1:${port}/`, { headers: { 'x-glidepath-route': 'stable' } })
    expect(await stable.json()).toMatchObject({ version: 'v1', orders: ['1|tea'] })
    const a = await run(canaryStep, { step: 'abort' })
    expect(a.failed).toBeUndefined()
    expect(JSON.parse((await get(`http://127.0.0.1:${port}/`)).body)).toMatchObject({ version: 'v1', orders: ['1|tea'] })
    expect(columns()).toBe('id,item') // down ran for the aborted canary's migration
  })

  it('contract runs only after the promotion', async () => {
    const contractDir = join(ws.dir, 'db', 'contract')
    mkdirSync(contractDir, { recursive: true })
    writeFileSync(join(contractDir, '003_drop_note.sql'), migration('alter table orders drop column note;', 'alter table orders add column note text;'))
    ws.writeConfig(config(`      contract: ${DBMATE} --migrations-dir db/contract --migrations-table contract_migrations --no-dump-schema up\n`))
    await run(deploy, { version: 'v1' })
    await run(deploy, { version: 'v2' })
    expect(columns()).toBe('id,item,note')
    const s = await run(canaryStep, { step: 'promote' })
    expect(s.failed).toBeUndefined()
    expect(columns()).toBe('id,item')
    expect(state().records.find((r) => r.version === 'v2')).toMatchObject({ status: 'success', database: { contract: { ran: true } } })
  })

  it('a deploy killed between migrate and traffic is undone by the next run: down runs, the old version serves', async () => {
    await run(deploy, { version: 'v1' })
    release('v5', M2, 4000) // starts slowly: the kill lands after the migration, before traffic moves
    const child = spawn(process.execPath, ['--import', pathToFileURL(join(ROOT, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href, join(ROOT, '__tests__/model/run-action.ts'), 'deploy', '--environment', 'shop', '--workspace', ws.dir, '--version', 'v5', '--strategy', 'rolling'], {
      cwd: ws.dir, env: { ...process.env, ...env(), GITHUB_WORKSPACE: ws.dir, GITHUB_REF: 'refs/heads/main' }, stdio: 'ignore',
    })
    for (let i = 0; i < 300 && schema() !== '002'; i++) await new Promise((r) => setTimeout(r, 100))
    expect(schema()).toBe('002')
    child.kill('SIGKILL')
    await new Promise((r) => child.on('close', r))
    const next = await run(rollback, {})
    expect(next.logs.some((l) => l.level === 'warning' && /deploy of v5 .* was interrupted/.test(l.message))).toBe(true)
    expect(columns()).toBe('id,item')
    expect((await get(`http://127.0.0.1:${port}/`)).version).toBe('v1')
    expect(state().records.find((r) => r.version === 'v5')).toMatchObject({ status: 'failure', reason: expect.stringMatching(/interrupted/) })
  })

  it('a deploy killed while its migrate command is still running (after the migration committed) is undone too', async () => {
    // The intent is recorded before migrate runs, so the next run measures the schema and runs down.
    ws.writeConfig(config().replace('--no-dump-schema up', '--no-dump-schema up && sleep 5'))
    await run(deploy, { version: 'v1' })
    release('v5', M2)
    const child = spawn(process.execPath, ['--import', pathToFileURL(join(ROOT, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href, join(ROOT, '__tests__/model/run-action.ts'), 'deploy', '--environment', 'shop', '--workspace', ws.dir, '--version', 'v5', '--strategy', 'rolling'], {
      cwd: ws.dir, env: { ...process.env, ...env(), GITHUB_WORKSPACE: ws.dir, GITHUB_REF: 'refs/heads/main' }, stdio: 'ignore', detached: true,
    })
    for (let i = 0; i < 300 && schema() !== '002'; i++) await new Promise((r) => setTimeout(r, 100))
    expect(schema()).toBe('002')
    process.kill(-(child.pid as number), 'SIGKILL')
    await new Promise((r) => child.on('close', r))
    expect(state().records.find((r) => r.version === 'v5')?.database).toMatchObject({ migration: { before: '001', running: true } })
    const next = await run(rollback, {})
    expect(columns()).toBe('id,item')
    expect((await get(`http://127.0.0.1:${port}/`)).version).toBe('v1')
    expect(next.logs.some((l) => /database\.down not run/.test(l.message))).toBe(false)
  })

  it('keeps backup.keep backups per environment', async () => {
    await run(deploy, { version: 'v1' })
    for (const v of ['v6', 'v7', 'v8', 'v9']) {
      release(v, M1)
      await run(deploy, { version: v, strategy: 'rolling' })
    }
    const dir = join(ws.stateDir, 'shop', 'backups')
    expect(readdirSync(dir).filter((f) => f.endsWith('.dump'))).toHaveLength(3)
    expect(existsSync(JSON.parse(readFileSync(join(ws.stateDir, 'shop', 'state.json'), 'utf8')).records.at(-1).database.backup.path)).toBe(true)
  })
})
