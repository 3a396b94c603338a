import { TrafficStats, type WindowStats } from './local/window.js'

// nginx's own counters, as the judge reads them (issue 24): every request nginx proxied, from its access
// log in Glidepath's format, sorted into the stable and canary versions by the upstream address that
// answered. Real users' requests, not probes, read over the host's SSH connection when nginx is there
// (never a port opened for it). The same windows and histograms as the local router's counters, so
// `source: local` judges the same way behind either router.

/** The log format the user adds to nginx's http block (and names on the app's access_log). */
export const NGINX_LOG_FORMAT = "log_format glidepath '$msec $upstream_addr $status $request_time';"

/** Which version answers at each upstream address (stable's and canary's). */
export type AddressRoles = Record<string, { version: string; role: 'stable' | 'canary' }>

/**
 * The window's figures per version from the log's text. `nowMs` is the host's clock when the text was
 * read (the log's times are the host's). A line nginx answered itself (no upstream) is not a version's;
 * a request retried on another server counts for the last one, which answered; 5xx counts as an error.
 */
export function accessLogStats(text: string, nowMs: number, windowMs: number, roles: AddressRoles): WindowStats[] {
  let lineMs = 0
  const stats = new TrafficStats(() => lineMs)
  const from = nowMs - windowMs
  for (const line of text.split('\n')) {
    const m = /^(\d+(?:\.\d+)?) (.+) (\d{3}) (\d+(?:\.\d+)?)$/.exec(line.trim())
    if (!m) continue
    lineMs = Number(m[1]) * 1000
    if (lineMs < from || lineMs > nowMs + 1000) continue
    const address = m[2].split(/, | : /).pop() as string
    const who = roles[address]
    if (!who) continue
    const status = Number(m[3])
    stats.record(who.version, who.role, status, Number(m[4]) * 1000, status >= 500)
  }
  return stats.window(windowMs, nowMs)
}
