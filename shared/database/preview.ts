import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { GlidepathError } from '../errors/index.js'
import { runCommand } from '../process/run.js'
import { pgConnection, pgDump, pgRestore, pgSql, onDatabase, ident, type PgConnection } from './postgres.js'
import type { DatabaseContext, DatabaseRecord } from './lifecycle.js'
import type { DatabaseConfig, PreviewsConfig } from '../config/types.js'

// A database per pull-request preview (previews.database): on the server and with the role of
// database.postgres, named after the preview (shop + pr-42 -> shop_pr_42). The release, the migrations
// and every database command see the preview's URL in place of the server's (the target's env); this
// module alone reads the server's own URL, from the step's env. Made when the preview first deploys
// (a copy of a template database, a restored seed dump, or empty, then the user's seed command), before
// the migrations; dropped with the preview's teardown, by a pull request's close or the reap.

type Section = { database?: DatabaseConfig; previews?: PreviewsConfig }

interface Preview {
  server: PgConnection
  conn: PgConnection
  variable: string
  url: string
}

function previewOf(x: DatabaseContext): Preview | undefined {
  const { database: db, previews } = x.target.environment.config as Section
  if (!previews?.database || !db?.postgres) return undefined
  const variable = db.postgres.urlEnv ?? 'DATABASE_URL'
  const server = pgConnection(x.runtime.env, variable)
  const own = pgConnection(x.target.env ?? x.runtime.env, variable)
  for (const secret of [...server.secrets, ...own.secrets]) x.runtime.mask(secret)
  if (own.database === server.database) return undefined
  return { server, conn: own, variable, url: (x.target.env ?? x.runtime.env)[variable] as string }
}

const env = (x: DatabaseContext) => x.runtime.env as Record<string, string>

async function exists(x: DatabaseContext, server: PgConnection, name: string): Promise<boolean> {
  return (await pgSql(server, `select 1 from pg_database where datname = '${name.replace(/'/g, "''")}'`, env(x), x.timeoutMs)) === '1'
}

async function inUse(x: DatabaseContext, server: PgConnection, database: string): Promise<boolean> {
  return Number(await pgSql(server, `select count(*) from pg_stat_activity where datname = '${database.replace(/'/g, "''")}' and pid <> pg_backend_pid()`, env(x), x.timeoutMs)) > 0
}

function failed(what: string, e: unknown, fix: string): GlidepathError {
  return new GlidepathError('GP-DB-004', `The preview's database could not be made: ${what}. Nothing was deployed. ${(e as Error).message ?? ''}`.trim(), { fix })
}

/**
 * The preview's database, made if it is not there yet: from previews.database.template (CREATE
 * DATABASE ... TEMPLATE, or a dump and restore of the template while another session holds it open),
 * from the seed dump, or empty; then the seed command. A failure drops what was half made and changes
 * nothing else. Undefined when the environment has no database per preview.
 */
export async function openPreviewDatabase(x: DatabaseContext): Promise<DatabaseRecord['preview']> {
  const p = previewOf(x)
  if (!p) return undefined
  const cfg = (x.target.environment.config as Section).previews?.database as NonNullable<PreviewsConfig['database']>
  const name = p.conn.database
  if (await exists(x, p.server, name)) {
    x.runtime.info(`Preview database ${name} is there already (${p.conn.label}).`)
    return { name, created: false }
  }
  const started = Date.now()
  let from = 'empty'
  try {
    if (cfg.template) {
      if (!(await exists(x, p.server, cfg.template))) {
        throw new GlidepathError('GP-DB-004', `The template database ${cfg.template} does not exist on ${p.server.label.replace(/\/[^/]*$/, '')}; the preview's database was not made and nothing was deployed.`, {
          fix: `Create ${cfg.template} on that server (the data every preview starts from), or correct previews.database.template.`,
        })
      }
      try {
        // PostgreSQL copies a template only while nobody else is connected to it, and waits 5 s before it
        // says so: a template seen in use goes straight to the dump and restore.
        if (await inUse(x, p.server, cfg.template)) throw new Error('source database is being accessed by other users')
        await pgSql(p.server, `create database ${ident(name)} template ${ident(cfg.template)}`, env(x), x.timeoutMs)
        from = `template ${cfg.template}`
      } catch (e) {
        if (!/being accessed by other users/.test((e as Error).message)) throw failed(`CREATE DATABASE ${name} TEMPLATE ${cfg.template} failed`, e, 'Check that the role in database.postgres may CREATE DATABASE (ALTER ROLE ... CREATEDB).')
        x.runtime.info(`Template ${cfg.template} is in use by another session; copying it with pg_dump and pg_restore.`)
        await pgSql(p.server, `create database ${ident(name)}`, env(x), x.timeoutMs)
        await copyWithDump(x, onDatabase(p.server, cfg.template), p.conn)
        from = `template ${cfg.template} (dump and restore: the template was in use)`
      }
    } else {
      await pgSql(p.server, `create database ${ident(name)}`, env(x), x.timeoutMs)
      if (cfg.seed) {
        const file = resolve(x.target.workspace, cfg.seed)
        if (!existsSync(file)) throw new GlidepathError('GP-DB-004', `The seed dump ${cfg.seed} is not in the workspace; the preview's database was not made and nothing was deployed.`, { fix: 'Commit the pg_dump -Fc file, or build it in a step before the deploy, or correct previews.database.seed.' })
        await pgRestore(p.conn, file, env(x), x.timeoutMs)
        from = `seed ${cfg.seed}`
      }
    }
    if (cfg.seedCommand) {
      x.runtime.info(`previews.database.seedCommand: ${cfg.seedCommand}`)
      const r = await runCommand(cfg.seedCommand, {
        cwd: x.target.workspace, env: { ...env(x), [p.variable]: p.url, GLIDEPATH_ENVIRONMENT: x.target.environment.name }, timeoutMs: x.timeoutMs, label: 'previews.database.seedCommand',
        onLine: (line) => x.runtime.info(`  [seed] ${line}`),
      })
      if (r.code !== 0) throw new GlidepathError('GP-DB-004', `previews.database.seedCommand exited ${r.code}; the preview's database was dropped again and nothing was deployed:\n${r.output.slice(-2000).trim()}`, { fix: `The command gets the new database's URL in ${p.variable}; fix it and push again.` })
      from = `${from} + seedCommand`
    }
  } catch (e) {
    await pgSql(p.server, `drop database if exists ${ident(name)} with (force)`, env(x), x.timeoutMs).catch(() => undefined)
    throw e instanceof GlidepathError && e.code === 'GP-DB-004' ? e : failed(`${name} from ${cfg.template ? `template ${cfg.template}` : cfg.seed ? `seed ${cfg.seed}` : 'nothing'}`, e, 'Check that the role in database.postgres may CREATE DATABASE and reach the server from the runner.')
  }
  const seconds = Math.round((Date.now() - started) / 100) / 10
  x.runtime.info(`Preview database ${name} made from ${from} in ${seconds}s (${p.conn.label}).`)
  return { name, created: true, from, seconds }
}

async function copyWithDump(x: DatabaseContext, source: PgConnection, into: PgConnection): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'glidepath-preview-db-'))
  try {
    const file = join(dir, 'template.dump')
    await pgDump(source, file, env(x), x.timeoutMs)
    await pgRestore(into, file, env(x), x.timeoutMs)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** The preview's database dropped (its sessions closed first): with the preview's teardown. */
export async function dropPreviewDatabase(x: DatabaseContext): Promise<DatabaseRecord['preview']> {
  const p = previewOf(x)
  if (!p) return undefined
  const name = p.conn.database
  if (!(await exists(x, p.server, name))) return { name, dropped: false }
  await pgSql(p.server, `drop database if exists ${ident(name)} with (force)`, env(x), x.timeoutMs)
  x.runtime.info(`Preview database ${name} dropped.`)
  return { name, dropped: true }
}
