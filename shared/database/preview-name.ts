import { createHash } from 'node:crypto'
import type { DatabaseConfig, PreviewsConfig } from '../config/types.js'

// A preview's database name and URL (previews.database), in the start-up bundle: every flow that opens
// a preview's target gives its release the preview's own URL. Making and dropping the database is
// preview.ts, loaded only for an environment that has one.

type Env = Record<string, string | undefined>
type Section = { database?: DatabaseConfig; previews?: PreviewsConfig }

const MAX_NAME = 63

/** The preview's database name: the server's database and the environment's name, as a plain identifier. */
function previewDatabaseName(base: string, environment: string): string {
  const name = `${base}_${environment}`.toLowerCase().replace(/[^a-z0-9_]+/g, '_')
  if (name.length <= MAX_NAME) return name
  const hash = createHash('sha256').update(name).digest('hex').slice(0, 8)
  return `${name.slice(0, MAX_NAME - 9)}_${hash}`
}

/**
 * The step's variables as a preview's release sees them: database.postgres.urlEnv names the preview's
 * own database. Unchanged for an environment without previews.database, or when the variable is unset
 * (the database lifecycle then says so with GP-DB-001).
 */
export function previewEnv(env: Env, environment: { name: string; config: Section }, mask: (secret: string) => void): Env {
  const db = environment.config.database
  if (!environment.config.previews?.database || !db?.postgres) return env
  const variable = db.postgres.urlEnv ?? 'DATABASE_URL'
  const raw = env[variable]
  if (!raw) return env
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    return env
  }
  url.pathname = `/${previewDatabaseName(decodeURIComponent(url.pathname.replace(/^\//, '')) || 'postgres', environment.name)}`
  const own = url.toString()
  mask(own)
  return { ...env, [variable]: own }
}
