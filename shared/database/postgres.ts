import { GlidepathError } from '../errors/index.js'
import { runProgram, outputTail } from '../process/run.js'

// PostgreSQL for backups and restores: pg_dump -Fc and pg_restore, with the connection taken from an
// environment variable (a URL) and handed to the tools as PG* variables, so that no credential is ever
// on a command line or in a log.

export interface PgConnection {
  /** PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE (and PGSSLMODE) for the client tools. */
  env: Record<string, string>
  database: string
  /** What may be shown: user@host:port/database. */
  label: string
  /** Values to mask in every output. */
  secrets: string[]
}

export function pgConnection(env: Record<string, string | undefined>, variable: string): PgConnection {
  const raw = env[variable]
  if (!raw) {
    throw new GlidepathError('GP-DB-001', `The database URL variable ${variable} is not set for this step.`, {
      fix: `Pass it from a secret, e.g. env: { ${variable}: \${{ secrets.${variable} }} } (postgres://user:password@host:5432/database).`,
    })
  }
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    throw new GlidepathError('GP-DB-001', `${variable} is not a URL (its value is not shown).`, { fix: 'Use the form postgres://user:password@host:5432/database.' })
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new GlidepathError('GP-DB-001', `${variable} is a ${url.protocol.replace(':', '')} URL, not postgres.`, { fix: 'Use the form postgres://user:password@host:5432/database, or backup.command for other engines.' })
  }
  const database = decodeURIComponent(url.pathname.replace(/^\//, '')) || 'postgres'
  const user = decodeURIComponent(url.username)
  const password = decodeURIComponent(url.password)
  const pg: Record<string, string> = { PGHOST: url.hostname, PGPORT: url.port || '5432', PGDATABASE: database, PGCONNECT_TIMEOUT: '10' }
  if (user) pg.PGUSER = user
  if (password) pg.PGPASSWORD = password
  const sslmode = url.searchParams.get('sslmode')
  if (sslmode) pg.PGSSLMODE = sslmode
  return { env: pg, database, label: `${user || '(default user)'}@${url.hostname}:${pg.PGPORT}/${database}`, secrets: [raw, password].filter((s) => s.length >= 3) }
}

export interface PgTools {
  /** Directory of pg_dump, pg_restore and psql (default: PATH, then Debian's /usr/lib/postgresql/N/bin). */
  bin?: string
}

function tool(name: string, tools: PgTools): string {
  return tools.bin ? `${tools.bin}/${name}` : name
}

async function pg(name: string, args: string[], conn: PgConnection, baseEnv: Record<string, string>, timeoutMs: number, tools: PgTools) {
  const result = await runProgram(tool(name, tools), args, { env: { ...baseEnv, ...conn.env }, timeoutMs, label: name })
  if (result.code !== 0) {
    const why = outputTail(result, 4)
    throw new GlidepathError('GP-DB-003', `${name} failed on ${conn.label}: ${conn.secrets.reduce((t, s) => t.split(s).join('***'), why)}`, {
      fix: `Check that the database is reachable from the runner and that ${name} matches the server's major version.`,
    })
  }
  return result
}

/** pg_dump -Fc of the configured database into `file`. */
export async function pgDump(conn: PgConnection, file: string, baseEnv: Record<string, string>, timeoutMs: number, tools: PgTools = {}): Promise<void> {
  await pg('pg_dump', ['--format=custom', '--no-owner', '--file', file], conn, baseEnv, timeoutMs, tools)
}

/** pg_restore of a custom-format dump over the database (objects dropped first, so rows are exactly the backup's). */
export async function pgRestore(conn: PgConnection, file: string, baseEnv: Record<string, string>, timeoutMs: number, tools: PgTools = {}): Promise<void> {
  await pg('pg_restore', ['--clean', '--if-exists', '--no-owner', '--single-transaction', '--dbname', conn.database, file], conn, baseEnv, timeoutMs, tools)
}

/** Rows per table (estimates from statistics would lie after writes: these are counts). */
export async function rowCounts(conn: PgConnection, baseEnv: Record<string, string>, timeoutMs: number, tools: PgTools = {}): Promise<Record<string, number>> {
  const list = await pg('psql', ['--no-psqlrc', '--tuples-only', '--no-align', '--field-separator=,', '--command',
    "select schemaname || '.' || tablename from pg_tables where schemaname not in ('pg_catalog', 'information_schema') order by 1"], conn, baseEnv, timeoutMs, tools)
  const tables = list.stdout.split('\n').map((l) => l.trim()).filter(Boolean)
  if (tables.length === 0) return {}
  const sql = tables.map((t) => `select '${t.replace(/'/g, "''")}', count(*) from ${t.split('.').map((p) => `"${p.replace(/"/g, '""')}"`).join('.')}`).join(' union all ')
  const counts = await pg('psql', ['--no-psqlrc', '--tuples-only', '--no-align', '--field-separator=,', '--command', sql], conn, baseEnv, timeoutMs, tools)
  const out: Record<string, number> = {}
  for (const line of counts.stdout.split('\n')) {
    const i = line.lastIndexOf(',')
    if (i > 0) out[line.slice(0, i)] = Number(line.slice(i + 1))
  }
  return out
}

/** One SQL statement through psql (ON_ERROR_STOP), its unaligned output. */
export async function pgSql(conn: PgConnection, sql: string, baseEnv: Record<string, string>, timeoutMs: number, tools: PgTools = {}): Promise<string> {
  const r = await pg('psql', ['--no-psqlrc', '--tuples-only', '--no-align', '-v', 'ON_ERROR_STOP=1', '--command', sql], conn, baseEnv, timeoutMs, tools)
  return r.stdout.trim()
}

/** The same server, role and password, another database. */
export function onDatabase(conn: PgConnection, database: string): PgConnection {
  return { ...conn, env: { ...conn.env, PGDATABASE: database }, database, label: conn.label.replace(/\/[^/]*$/, `/${database}`) }
}

/** A database or role name as an SQL identifier. */
export function ident(name: string): string {
  return `"${name.replace(/"/g, '""')}"`
}
