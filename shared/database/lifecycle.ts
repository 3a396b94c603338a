import { createHash } from 'node:crypto'
import { createReadStream, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { GlidepathError } from '../errors/index.js'
import { runCommand } from '../process/run.js'
import { eventVariables } from '../runtime/context.js'
import { pgConnection, pgDump, pgRestore, rowCounts, type PgConnection } from './postgres.js'
import type { DatabaseConfig, PreviewsConfig } from '../config/types.js'
import type { Runtime } from '../runtime/runtime.js'
import type { DeploymentRecord } from '../state/record.js'

// The database in the deploy lifecycle (SPEC section 4, "database"): a backup before anything
// changes, migrations before the new version takes traffic, `down` when a deploy that migrated is
// rolled back, an opt-in restore of the backup, and `contract` after a promotion or a passed verify
// window (expand/contract). Everything runs under the environment lock, in the flows' order.

export interface BackupInfo {
  path: string
  bytes: number
  sha256: string
  seconds: number
  at: string
}

export interface DatabaseRecord {
  backup?: BackupInfo
  /** The schema version before and after the migration (from `database.version`), and whether it ran. */
  migration?: { before?: string; after?: string; applied: boolean; output?: string; running?: boolean }
  down?: { ran: boolean; output?: string; version?: string }
  restored?: { backup: string; discarded: Record<string, number> }
  contract?: { ran: boolean; output?: string }
  /** A preview's own database: made by this deploy (from a template, a seed or empty), or dropped by its teardown. */
  preview?: { name: string; created?: boolean; from?: string; seconds?: number; dropped?: boolean }
}

/**
 * What the database lifecycle needs of a run, and no more (a flow passes its whole run context, which
 * has these): the step's environment, the environment's name, config and state directory, the
 * repository and the time allowed.
 */
export interface DatabaseContext {
  runtime: Pick<Runtime, 'env' | 'context' | 'mask' | 'info' | 'warning'>
  target: {
    environment: { name: string; config: { database?: DatabaseConfig; previews?: PreviewsConfig } }
    workspace: string
    store: { dir: string }
    /** The step's environment as the release sees it: a preview's own database URL in place of the server's. */
    env?: Record<string, string | undefined>
  }
  timeoutMs: number
}

const DEFAULT_KEEP = 5
const OUTPUT_TAIL = 2000

function config(x: DatabaseContext): DatabaseConfig | undefined {
  return x.target.environment.config.database
}

/** The variables the database commands and tools see: the target's (a preview's own database), else the step's. */
function envOf(x: DatabaseContext): Record<string, string> {
  return (x.target.env ?? x.runtime.env) as Record<string, string>
}

function connection(x: DatabaseContext, db: DatabaseConfig): PgConnection | undefined {
  if (!db.postgres) return undefined
  const conn = pgConnection(envOf(x), db.postgres.urlEnv ?? 'DATABASE_URL')
  for (const secret of conn.secrets) x.runtime.mask(secret)
  return conn
}

/** Before anything is written: a database section whose connection cannot work is refused up front. */
export function checkDatabase(x: DatabaseContext): void {
  const db = config(x)
  if (db) connection(x, db)
}

function backupDir(x: DatabaseContext, db: DatabaseConfig): string {
  return db.backup?.dir ? resolve(x.target.workspace, db.backup.dir) : join(x.target.store.dir, 'backups')
}

/** GLIDEPATH_* variables for a database command, as the command provider gives them. */
function variables(x: DatabaseContext, operation: string, record: DeploymentRecord, extra: Record<string, string> = {}): Record<string, string> {
  return {
    ...eventVariables(x.runtime.context),
    GLIDEPATH_OPERATION: operation,
    GLIDEPATH_ENVIRONMENT: x.target.environment.name,
    GLIDEPATH_VERSION: record.version,
    GLIDEPATH_PREVIOUS_VERSION: record.previousVersion ?? '',
    GLIDEPATH_STATE_DIR: x.target.store.dir,
    ...extra,
  }
}

async function run(x: DatabaseContext, what: 'migrate' | 'down' | 'version' | 'contract' | 'backup', command: string, vars: Record<string, string>): Promise<{ ok: boolean; output: string }> {
  const env = { ...envOf(x), ...vars }
  if (what !== 'version') x.runtime.info(`database.${what}: ${command}`)
  const result = await runCommand(command, {
    cwd: x.target.workspace, env, timeoutMs: x.timeoutMs, label: `database.${what}`,
    onLine: what === 'version' ? undefined : (line) => x.runtime.info(`  [${what}] ${line}`),
  })
  return { ok: result.code === 0, output: result.output.slice(-OUTPUT_TAIL).trim() }
}

async function schemaVersion(x: DatabaseContext, db: DatabaseConfig, record: DeploymentRecord): Promise<string | undefined> {
  if (!db.version) return undefined
  const r = await run(x, 'version', db.version, variables(x, 'version', record))
  return r.ok ? r.output.split('\n').filter(Boolean).at(-1)?.trim() : undefined
}

const sha256 = (file: string) => new Promise<string>((res, rej) => {
  const h = createHash('sha256')
  createReadStream(file).on('data', (c) => h.update(c)).on('end', () => res(h.digest('hex'))).on('error', rej)
})

/** The backup before anything changes: pg_dump -Fc (or backup.command), kept per backup.keep. */
export async function backupBefore(x: DatabaseContext, record: DeploymentRecord): Promise<BackupInfo | undefined> {
  const db = config(x)
  if (!db || db.backup?.enabled === false || (!db.postgres && !db.backup?.command)) return undefined
  const dir = backupDir(x, db)
  mkdirSync(dir, { recursive: true })
  const stamp = new Date().toISOString().replace(/[:.]/g, '-')
  const path = join(dir, `${x.target.environment.name.replace(/[^A-Za-z0-9._-]/g, '-')}-${record.version}-${stamp}.dump`)
  const started = Date.now()
  if (db.backup?.command) {
    const r = await run(x, 'backup', db.backup.command, variables(x, 'backup', record, { GLIDEPATH_BACKUP: path }))
    if (!r.ok) throw new GlidepathError('GP-DB-003', `database.backup.command failed before anything changed; nothing was deployed:\n${r.output}`, { fix: 'The command must write the backup to $GLIDEPATH_BACKUP and exit 0.' })
  } else {
    await pgDump(connection(x, db) as PgConnection, path, envOf(x), x.timeoutMs)
  }
  const info: BackupInfo = { path, bytes: statSync(path).size, sha256: await sha256(path), seconds: Math.round((Date.now() - started) / 100) / 10, at: new Date().toISOString() }
  x.runtime.info(`Database backup before ${record.version}: ${path} (${info.bytes} bytes, ${info.seconds}s).`)
  prune(dir, x.target.environment.name.replace(/[^A-Za-z0-9._-]/g, '-'), db.backup?.keep ?? DEFAULT_KEEP)
  return info
}

/** Keeps the newest `keep` backups of the environment. */
function prune(dir: string, prefix: string, keep: number): void {
  const files = readdirSync(dir).filter((f) => f.startsWith(`${prefix}-`) && f.endsWith('.dump')).map((f) => ({ f, t: statSync(join(dir, f)).mtimeMs })).sort((a, b) => b.t - a.t)
  for (const { f } of files.slice(keep)) rmSync(join(dir, f), { force: true })
}

/**
 * Migrations before the new version takes traffic. A failure fails the deploy before any traffic
 * moves, and says what the database's version is now.
 */
export async function migrate(x: DatabaseContext, record: DeploymentRecord, starting?: (m: NonNullable<DatabaseRecord['migration']>) => void): Promise<DatabaseRecord['migration']> {
  const db = config(x)
  if (!db?.migrate) return undefined
  const before = await schemaVersion(x, db, record)
  // Written before the migration runs: a run killed from here on leaves the next run enough to tell
  // whether the schema moved (it measures it again) and so whether `down` must run.
  starting?.({ before, applied: false, running: true })
  const r = await run(x, 'migrate', db.migrate, variables(x, 'migrate', record, { GLIDEPATH_DB_VERSION: before ?? '' }))
  const after = await schemaVersion(x, db, record)
  if (!r.ok) {
    throw new GlidepathError('GP-DB-002', `database.migrate failed; no traffic moved${record.previousVersion ? ` and ${record.previousVersion} keeps serving` : ' (a first deploy: nothing was serving)'}. The database is at schema version ${after ?? '(unknown: no database.version command)'}${before !== undefined ? ` (it was ${before})` : ''}. Output:\n${r.output}`, {
      fix: 'Fix the migration (a tool that runs each migration in a transaction, as dbmate and node-pg-migrate do on PostgreSQL, leaves no half-applied step) and deploy again.',
    })
  }
  const applied = before === undefined || after === undefined ? true : before !== after
  x.runtime.info(`database.migrate done${before !== undefined ? `: schema ${before} -> ${after}` : ''}.`)
  return { before, after, applied, output: r.output }
}

/**
 * Rolling back from a version whose deploy migrated: `down` (only if its migration ran), then, opt-in,
 * the backup taken before it restored, with the rows that restore discards. Runs after traffic is
 * back on the version rolled back to.
 */
export async function undoFor(x: DatabaseContext, from: DeploymentRecord | undefined, to: string | null): Promise<DatabaseRecord | undefined> {
  const db = config(x)
  let d = from?.database as DatabaseRecord | undefined
  if (!db || !from || !d) return undefined
  if (d.migration?.running) {
    // The run that migrated died before it recorded the outcome: measure the schema now.
    const now = await schemaVersion(x, db, from)
    const applied = now !== undefined && d.migration.before !== undefined ? now !== d.migration.before : false
    if (now === undefined || d.migration.before === undefined) x.runtime.warning('The interrupted deploy was migrating and there is no database.version command to tell whether its migration applied; database.down is not run. Check the schema by hand.')
    d = { ...d, migration: { ...d.migration, after: now, applied, running: false } }
  }
  const out: DatabaseRecord = {}
  if (d.down?.ran && (d.restored || !db.restore)) return undefined
  if (db.down && d.migration?.applied && !d.down?.ran) {
    const r = await run(x, 'down', db.down, variables(x, 'down', from, { GLIDEPATH_TO_VERSION: to ?? '', GLIDEPATH_DB_VERSION: d.migration.after ?? '', GLIDEPATH_DB_TARGET_VERSION: d.migration.before ?? '' }))
    if (!r.ok) throw new GlidepathError('GP-DB-002', `database.down failed after traffic went back to ${to}; the database is at schema version ${(await schemaVersion(x, db, from)) ?? '(unknown)'}:\n${r.output}`, { fix: 'Run the down migration by hand, then check the record.' })
    out.down = { ran: true, output: r.output, version: await schemaVersion(x, db, from) }
  } else if (db.down) {
    x.runtime.info(`database.down not run: ${from.version}'s deploy applied no migration.`)
  }
  if (db.restore && d.backup && db.postgres && !d.restored) {
    const conn = connection(x, db) as PgConnection
    const env = envOf(x)
    const now = await rowCounts(conn, env, x.timeoutMs)
    x.runtime.warning(`database.restore is on: restoring the backup taken before ${from.version} (${d.backup.at}); writes since then are discarded.`)
    await pgRestore(conn, d.backup.path, env, x.timeoutMs)
    const then = await rowCounts(conn, env, x.timeoutMs)
    const discarded: Record<string, number> = {}
    for (const t of new Set([...Object.keys(now), ...Object.keys(then)])) if ((now[t] ?? 0) !== (then[t] ?? 0)) discarded[t] = (now[t] ?? 0) - (then[t] ?? 0)
    out.restored = { backup: d.backup.path, discarded }
    x.runtime.warning(`Restored ${d.backup.path}. ${Object.keys(discarded).length ? `Row counts changed by the restore: ${Object.entries(discarded).map(([t, n]) => `${t} ${n > 0 ? `-${n}` : `+${-n}`}`).join(', ')}.` : 'No table\'s row count changed.'}`)
  }
  return Object.keys(out).length ? out : undefined
}

/** `contract` (expand/contract) once the version is proven: after a promotion or a passed verify window. */
export async function contract(x: DatabaseContext, record: DeploymentRecord): Promise<DatabaseRecord['contract']> {
  const db = config(x)
  if (!db?.contract) return undefined
  const r = await run(x, 'contract', db.contract, variables(x, 'contract', record))
  if (!r.ok) throw new GlidepathError('GP-DB-002', `database.contract failed after ${record.version} was proven; it keeps serving:\n${r.output}`, { fix: 'Fix the contract migration and run it again (it runs after the next promotion too).' })
  return { ran: true, output: r.output }
}
