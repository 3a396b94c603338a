// Deploy windows and freezes (issue 25): when an environment takes new versions. Pure: the clock is
// an argument. Times of day and dates are read in the windows' time zone (IANA, default UTC), with its
// daylight saving; a window whose `to` is before its `from` runs past midnight (its days are the days
// it starts). Rollbacks and aborts never ask.

const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const
export type Day = typeof DAYS[number]

export interface AllowWindow {
  days?: Day[]
  /** HH:MM, inclusive. */
  from: string
  /** HH:MM, exclusive. */
  to: string
}

export interface Freeze {
  /** A date (the start of that day in the time zone) or a date and time (with or without an offset). */
  from: string
  to: string
  reason?: string
}

export interface WindowsConfig {
  timezone?: string
  allow?: AllowWindow[]
  freezes?: Freeze[]
  /** Whether a deploy may override them (an input with a reason), recorded and reported. */
  override?: boolean
}

export type WindowVerdict =
  | { open: true }
  | { open: false; why: string; next?: Date; freeze?: Freeze }

const formatters = new Map<string, Intl.DateTimeFormat>()
function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone)
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', weekday: 'short', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' })
    formatters.set(timeZone, f)
  }
  return f
}

/** Whether a string names a time zone this runtime knows. */
export function validTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone)
    return true
  } catch {
    return false
  }
}

interface Local { year: number; month: number; day: number; hour: number; minute: number; second: number; weekday: Day }

function local(at: Date, timeZone: string): Local {
  const parts = Object.fromEntries(formatter(timeZone).formatToParts(at).map((p) => [p.type, p.value]))
  return {
    year: Number(parts.year), month: Number(parts.month), day: Number(parts.day),
    hour: Number(parts.hour), minute: Number(parts.minute), second: Number(parts.second),
    weekday: String(parts.weekday).slice(0, 3).toLowerCase() as Day,
  }
}

/** The instant a wall-clock time in a zone names (the earlier one in a DST overlap). */
export function zonedTime(year: number, month: number, day: number, hour: number, minute: number, timeZone: string): Date {
  const guess = Date.UTC(year, month - 1, day, hour, minute)
  const offsetAt = (t: number) => {
    const l = local(new Date(t), timeZone)
    return Date.UTC(l.year, l.month - 1, l.day, l.hour, l.minute, l.second) - t
  }
  let t = guess - offsetAt(guess)
  t = guess - offsetAt(t)
  return new Date(t)
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/
const LOCAL_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})$/

/** A freeze bound: a date (that day's start in the zone), a local date and time, or an ISO instant. */
export function parseBound(value: string, timeZone: string): Date | undefined {
  const d = DATE.exec(value)
  if (d) return zonedTime(Number(d[1]), Number(d[2]), Number(d[3]), 0, 0, timeZone)
  const l = LOCAL_DATE_TIME.exec(value)
  if (l) return zonedTime(Number(l[1]), Number(l[2]), Number(l[3]), Number(l[4]), Number(l[5]), timeZone)
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(value)) return undefined
  const t = Date.parse(value)
  return Number.isNaN(t) ? undefined : new Date(t)
}

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5))

/** Whether a local time falls in one allow window (an overnight one counts from its start day). */
function inWindow(w: AllowWindow, l: Local): boolean {
  const from = minutesOf(w.from)
  const to = minutesOf(w.to)
  const now = l.hour * 60 + l.minute
  const days = w.days ?? [...DAYS]
  if (from < to) return days.includes(l.weekday) && now >= from && now < to
  // Overnight: from today's start to midnight, or from midnight to `to` on the day after a start day.
  const yesterday = DAYS[(DAYS.indexOf(l.weekday) + 6) % 7]
  return (days.includes(l.weekday) && now >= from) || (days.includes(yesterday) && now < to)
}

function activeFreeze(cfg: WindowsConfig, at: Date): Freeze | undefined {
  const tz = cfg.timezone ?? 'UTC'
  return cfg.freezes?.find((f) => {
    const from = parseBound(f.from, tz)
    const to = parseBound(f.to, tz)
    return from !== undefined && to !== undefined && at >= from && at < to
  })
}

function allowedAt(cfg: WindowsConfig, at: Date): boolean {
  if (!cfg.allow?.length) return true
  const l = local(at, cfg.timezone ?? 'UTC')
  return cfg.allow.some((w) => inWindow(w, l))
}

const HORIZON_MS = 400 * 24 * 3600_000

/** The first instant from `at` on when a deploy is allowed (undefined past a year's search). */
export function nextOpen(cfg: WindowsConfig, at: Date): Date | undefined {
  const tz = cfg.timezone ?? 'UTC'
  const freezes = (cfg.freezes ?? []).map((f) => ({ from: parseBound(f.from, tz)?.getTime() ?? 0, to: parseBound(f.to, tz)?.getTime() ?? 0 }))
  let t = Math.ceil(at.getTime() / 60_000) * 60_000
  const end = at.getTime() + HORIZON_MS
  while (t < end) {
    const freeze = freezes.find((f) => t >= f.from && t < f.to)
    if (freeze) {
      t = Math.max(t + 60_000, Math.ceil(freeze.to / 60_000) * 60_000)
      continue
    }
    if (allowedAt(cfg, new Date(t))) return new Date(t)
    t += 60_000
  }
  return undefined
}

/** Whether a deploy may start now, and if not why and when it next may. */
export function windowVerdict(cfg: WindowsConfig | undefined, at: Date): WindowVerdict {
  if (!cfg) return { open: true }
  const freeze = activeFreeze(cfg, at)
  const allowed = allowedAt(cfg, at)
  if (!freeze && allowed) return { open: true }
  const next = nextOpen(cfg, at)
  if (freeze) return { open: false, why: `a freeze is on from ${freeze.from} to ${freeze.to}${freeze.reason ? ` (${freeze.reason})` : ''}`, next, freeze }
  const zone = cfg.timezone ?? 'UTC'
  const windows = (cfg.allow ?? []).map((w) => `${w.days ? w.days.join(',') : 'every day'} ${w.from}-${w.to}`).join('; ')
  return { open: false, why: `it is outside the deploy windows (${windows}, ${zone})`, next }
}

/** An instant as the windows' zone shows it, for messages: 2026-12-07 09:00 Europe/Berlin (08:00Z). */
export function describeInstant(at: Date, timeZone = 'UTC'): string {
  const l = local(at, timeZone)
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${l.weekday} ${l.year}-${pad(l.month)}-${pad(l.day)} ${pad(l.hour)}:${pad(l.minute)} ${timeZone}${timeZone === 'UTC' ? '' : ` (${at.toISOString().slice(0, 16)}Z)`}`
}
