// What the local router and those who drive it share: its files beside the routes file, its code's
// revision and its admin API's header. Apart from server.ts, so the actions' start-up does not load the
// router's own code (server.ts is loaded only in the router process).

export function pidFileOf(routesFile: string): string {
  return routesFile.replace(/\.json$/, '.pid')
}

/** Where the action writes the command of the router that takes over (POST /handoff reads it there). */
export function successorFileOf(routesFile: string): string {
  return routesFile.replace(/\.json$/, '.next.json')
}

/**
 * What this router's code is: a running router of another revision is replaced by the next action that
 * drives it (its listening socket handed over, so no connection is refused). Raise it whenever the
 * router's behaviour or admin API changes.
 */
export const ROUTER_REVISION = 4

export interface RouterPidFile {
  pid: number
  start?: string
  port: number
  adminPort: number
  startedAt: string
  /** The admin API's secret: every admin request but /health and /metrics carries it (the file is the owner's alone, mode 0600). */
  adminToken?: string
}

/** The header that carries the admin API's secret. */
export const ADMIN_TOKEN_HEADER = 'x-glidepath-admin-token'
