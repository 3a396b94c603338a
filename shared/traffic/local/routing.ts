import { readFileSync } from 'node:fs'
import { chooseRole, cohortHeaders, type Choice } from '../cohorts.js'
import type { Backend, RouteTable } from './routes.js'

// What the router process routes by: its route table (read from the routes file at start and on every
// reload) and the choice of release for one request by weight and cohort rules (traffic/cohorts.ts).

export type Role = 'stable' | 'canary'

/** Reads one request header from a raw head (joined as Node would: cookies with '; ', others with ', '). */
export const headerReader = (raw: string[]) => (name: string): string | undefined => {
  let value: string | undefined
  for (let i = 0; i < raw.length; i += 2) {
    if (raw[i].length !== name.length || raw[i].toLowerCase() !== name) continue
    value = value === undefined ? raw[i + 1] : `${value}${name === 'cookie' ? '; ' : ', '}${raw[i + 1]}`
  }
  return value
}
const noHeaders = () => undefined

export class RouteState {
  table: RouteTable
  /** The request headers cohort rules read (Cookie, match headers), looked up in the raw head only then. */
  private cohortNames: Set<string> | undefined

  constructor(private readonly routesFile: string) {
    this.table = this.read()
    this.cohortNames = this.table.cohorts ? cohortHeaders(this.table.cohorts) : undefined
  }

  private read(): RouteTable {
    return JSON.parse(readFileSync(this.routesFile, 'utf8')) as RouteTable
  }

  /** Reads the routes file again; throws (keeping the routes in force) when it cannot be read. */
  reload(): RouteTable {
    const table = this.read()
    this.table = table
    this.cohortNames = table.cohorts ? cohortHeaders(table.cohorts) : undefined
    return table
  }

  /** The release a request goes to (a pinned role, the cohort rules, else the weight); undefined when none serves. */
  pick(forced: string | undefined, raw: string[], method = 'GET', hasBody = false): (Choice & { backend: Backend }) | undefined {
    const table = this.table
    if (!table.stable && !table.canary) return undefined
    const choice = chooseRole(table, { route: forced, header: this.cohortNames?.size ? headerReader(raw) : noHeaders }, Math.random, method, hasBody)
    const backend = choice.role === 'canary' ? table.canary : table.stable
    return backend ? { ...choice, backend } : undefined
  }

  /** The other release, for a request that never reached the one it was sent to. */
  other(role: Role): { backend: Backend; role: Role } | undefined {
    const table = this.table
    return role === 'canary' ? (table.stable ? { backend: table.stable, role: 'stable' } : undefined) : table.canary ? { backend: table.canary, role: 'canary' } : undefined
  }

  /** Every address the routes send traffic to (a front's previews included). */
  routed(): Set<string | undefined> {
    const table = this.table
    return new Set([table.stable?.url, table.canary?.url, ...(table.sites ?? []).map((x) => x.url)])
  }
}
