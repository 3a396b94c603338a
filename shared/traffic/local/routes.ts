import type { Cohorts } from '../cohorts.js'
import type { RouteAccess } from './access.js'

// What the local router serves, as written by the action and read by the router process.
export interface Backend {
  version: string
  /** http://127.0.0.1:PORT of the release process. */
  url: string
}

/**
 * A preview put to sleep (previews.idle): its releases are stopped, and the first request that may
 * reach it wakes it. The router runs `wake` (this program, with GLIDEPATH_INTERNAL_WAKE set to `dir`,
 * the preview's state directory), waits for it, and then answers the request on the routes it left.
 */
export interface Asleep {
  dir: string
  wake: string[]
  since: string
  /** A private preview's check, so a stranger's request is refused without waking it (behind a front). */
  access?: RouteAccess
}

/** One preview behind a front router: its name, its host name, and its own router's address. */
export interface Site {
  name: string
  host: string
  url: string
  /** Asleep, its own router stopped too: the front wakes it. */
  asleep?: Asleep
}

export interface RouteTable {
  port: number
  host: string
  stable: Backend | null
  canary: Backend | null
  /** Percent of requests sent to the canary, 0-100. */
  weight: number
  /** Affinity, match cohorts and mirroring (canary.affinity, match, mirror), when the environment has them. */
  cohorts?: Cohorts
  /** A front for many previews (previews.host): requests go by host name to each preview's own router, not by weight. */
  sites?: Site[]
  /** A private preview: only requests with its token pass (previews.private). */
  access?: RouteAccess
  /** This preview is asleep (its releases stopped): the router wakes it on the first request. */
  asleep?: Asleep
  /** Increases with every write, so the action can confirm the router applied its change. */
  generation: number
}

/** The router's public port when the environment names none (local.port, compose.port). */
export const DEFAULT_ROUTER_PORT = 8080
