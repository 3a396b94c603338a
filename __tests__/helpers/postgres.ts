import { execFileSync, spawnSync } from 'node:child_process'
import { mkdtempSync, writeFileSync, rmSync, chmodSync, existsSync, readdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { freePort } from '../../shared/http/ports.js'

// A real PostgreSQL (Debian's postgresql package) for the database tests: a cluster made with initdb in
// a temporary directory, started with pg_ctl on 127.0.0.1 and a free port, password authentication
// (so that the secret can be looked for in every output), stopped and removed after the suite.

export function pgBin(): string | undefined {
  const base = '/usr/lib/postgresql'
  if (!existsSync(base)) return undefined
  const versions = readdirSync(base).filter((v) => existsSync(join(base, v, 'bin', 'initdb'))).sort((a, b) => Number(b) - Number(a))
  return versions.length ? join(base, versions[0], 'bin') : undefined
}

export interface RealPostgres {
  url: string
  password: string
  port: number
  bin: string
  /** Runs SQL through psql and returns its unaligned output. */
  sql(query: string): string
  stop(): void
}

export async function startPostgres(): Promise<RealPostgres> {
  const bin = pgBin()
  if (!bin) throw new Error('PostgreSQL is not installed: scripts/setup services')
  const dir = mkdtempSync(join(tmpdir(), 'glidepath-pg-'))
  chmodSync(dir, 0o777)
  const data = join(dir, 'data')
  const password = `pw-${Math.random().toString(36).slice(2)}-S3cret`
  writeFileSync(join(dir, 'pwfile'), `${password}\n`)
  chmodSync(join(dir, 'pwfile'), 0o644)
  // PostgreSQL refuses to run as root: the cluster belongs to the postgres user.
  const asPostgres = process.getuid?.() === 0 ? ['runuser', '-u', 'postgres', '--'] : []
  const run = (cmd: string, args: string[]) => {
    const [file, ...rest] = [...asPostgres, cmd, ...args]
    return execFileSync(file, rest, { stdio: 'pipe', cwd: dir })
  }
  run(join(bin, 'initdb'), ['-D', data, '-U', 'app', '--auth=scram-sha-256', `--pwfile=${join(dir, 'pwfile')}`, '--no-sync'])
  const port = await freePort()
  run(join(bin, 'pg_ctl'), ['-D', data, '-l', join(dir, 'server.log'), '-w', '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`, 'start'])
  const url = `postgres://app:${encodeURIComponent(password)}@127.0.0.1:${port}/shop?sslmode=disable`
  const env = { ...process.env, PGPASSWORD: password, PGHOST: '127.0.0.1', PGPORT: String(port), PGUSER: 'app' }
  execFileSync(join(bin, 'createdb'), ['shop'], { env })
  return {
    url,
    password,
    port,
    bin,
    sql: (query) => {
      const r = spawnSync(join(bin, 'psql'), ['--no-psqlrc', '-d', 'shop', '-At', '-v', 'ON_ERROR_STOP=1', '-c', query], { env, encoding: 'utf8' })
      if (r.status !== 0) throw new Error(`psql: ${r.stderr}`)
      return r.stdout.trim()
    },
    stop: () => {
      try { run(join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', 'stop']) } catch { /* already stopped */ }
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
