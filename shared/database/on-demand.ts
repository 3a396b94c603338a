import type { DatabaseContext, DatabaseRecord, BackupInfo } from './lifecycle.js'
import type { DeploymentRecord } from '../state/record.js'

// The flows' door to the database lifecycle. The lifecycle (and its PostgreSQL client code) is loaded
// only for an environment with a database section, as a chunk of its own, so an action whose
// environment has none neither carries it in its start-up bundle nor parses it. Without a database
// section each of these is what the lifecycle itself answers then: nothing.

const lifecycle = (x: DatabaseContext) => (x.target.environment.config.database ? import('./lifecycle.js') : undefined)

/** Before anything is written: a database section whose connection cannot work is refused up front. */
export async function checkDatabase(x: DatabaseContext): Promise<void> {
  ;(await lifecycle(x))?.checkDatabase(x)
}

export async function backupBefore(x: DatabaseContext, record: DeploymentRecord): Promise<BackupInfo | undefined> {
  return (await lifecycle(x))?.backupBefore(x, record)
}

export async function migrate(x: DatabaseContext, record: DeploymentRecord, starting?: (m: NonNullable<DatabaseRecord['migration']>) => void): Promise<DatabaseRecord['migration']> {
  return (await lifecycle(x))?.migrate(x, record, starting)
}

export async function undoFor(x: DatabaseContext, from: DeploymentRecord | undefined, to: string | null): Promise<DatabaseRecord | undefined> {
  return (await lifecycle(x))?.undoFor(x, from, to)
}

export async function contract(x: DatabaseContext, record: DeploymentRecord): Promise<DatabaseRecord['contract']> {
  return (await lifecycle(x))?.contract(x, record)
}

/** A preview's own database (previews.database): made before the migrations of its first deploy. */
export async function openPreviewDatabase(x: DatabaseContext): Promise<DatabaseRecord['preview']> {
  return x.target.environment.config.previews?.database ? (await import('./preview.js')).openPreviewDatabase(x) : undefined
}

/** ...and dropped with the preview's teardown. */
export async function dropPreviewDatabase(x: DatabaseContext): Promise<DatabaseRecord['preview']> {
  return x.target.environment.config.previews?.database ? (await import('./preview.js')).dropPreviewDatabase(x) : undefined
}
