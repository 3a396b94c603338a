import { hostname } from 'node:os'
import { GlidepathError } from '../errors/index.js'
import { formatDuration, sleep } from '../time/duration.js'
import type { SshHost } from './host.js'
import type { TargetLockOptions } from '../state/lock.js'

// The environment's lock held on the host itself (issue 24), as a Kubernetes Lease is in a cluster: two
// runners deploying to one host never interleave. A directory made atomically by mkdir, with its
// holder and the host's clock at the last renewal; the holder renews it while it runs, and a lock not
// renewed for LEASE_SECONDS (a runner that died) is taken over. All times are the host's own.

export const LEASE_SECONDS = 45
const RENEW_MS = 10_000
const POLL_MS = 500

// $1 lock directory, $2 holder, $3 lease seconds. Prints "acquired", "recovered <holder>" or "held <holder>".
const TAKE = `d="$1"; mkdir -p "$(dirname "$d")"; now=$(date +%s)
if mkdir "$d" 2>/dev/null; then
  # A lock without its holder would look stale to the next run at once: undo it rather than hold it so.
  if printf '%s\\n%s\\n' "$2" "$now" > "$d/holder"; then echo acquired; exit 0; fi
  rm -rf "$d"; echo "could not write $d/holder" >&2; exit 5
fi
h=$(sed -n 1p "$d/holder" 2>/dev/null); t=$(sed -n 2p "$d/holder" 2>/dev/null)
case "$t" in ''|*[!0-9]*) t=0 ;; esac
if [ $((now - t)) -gt "$3" ]; then
  if printf '%s\\n%s\\n' "$2" "$now" > "$d/holder.$$" && mv -f "$d/holder.$$" "$d/holder"; then echo "recovered $h"; exit 0; fi
  rm -f "$d/holder.$$"; echo "could not write $d/holder" >&2; exit 5
fi
echo "held $h"`
// Renews (or releases, with $3 = release) only while this run is the holder.
const RENEW = `d="$1"; [ "$(sed -n 1p "$d/holder" 2>/dev/null)" = "$2" ] || exit 4
if [ "$3" = release ]; then rm -rf "$d"; else printf '%s\\n%s\\n' "$2" "$(date +%s)" > "$d/holder.$$" && mv -f "$d/holder.$$" "$d/holder"; fi`

export async function acquireHostLock(host: SshHost, dir: string, options: TargetLockOptions): Promise<{ release(): Promise<void> }> {
  const holder = `${options.action}${options.runId ? ` run ${options.runId}` : ''} pid ${process.pid}@${hostname()}`
  const deadline = Date.now() + options.timeoutMs
  let waited = false
  for (;;) {
    const r = await host.capture(TAKE, [dir, holder, String(LEASE_SECONDS)], 30_000, 'lock')
    const said = r.stdout.trim()
    if (r.code === 0 && (said === 'acquired' || said.startsWith('recovered'))) {
      if (said.startsWith('recovered')) options.onRecover?.(`${said.slice('recovered '.length) || 'an unknown run'} on ${host.label}`)
      break
    }
    if (r.code !== 0 && !said.startsWith('held')) {
      throw new GlidepathError('GP-SSH-002', `Could not take the lock ${dir} on ${host.label}: ${r.stderr.trim() || `exit ${r.code}`}.`, { fix: `Check that ${host.user} may write ${dir} on the host, and its free disk space.` })
    }
    if (Date.now() >= deadline) {
      throw new GlidepathError('GP-LOCK-001', `Environment is locked on ${host.label} by ${said.slice('held '.length) || 'another run'}; waited ${formatDuration(options.timeoutMs)}.`, {
        fix: `Let the other run finish, or raise lock-timeout. A holder that stops renewing is taken over after ${LEASE_SECONDS}s.`,
      })
    }
    if (!waited) options.onWait?.(said.slice('held '.length) || 'another run')
    waited = true
    await sleep(POLL_MS)
  }
  let renewing: Promise<unknown> = Promise.resolve()
  const timer = setInterval(() => {
    renewing = host.capture(RENEW, [dir, holder, 'renew'], 20_000, 'lock renew').catch(() => undefined)
  }, RENEW_MS)
  timer.unref()
  return {
    release: async () => {
      clearInterval(timer)
      await renewing
      await host.capture(RENEW, [dir, holder, 'release'], 20_000, 'lock release')
    },
  }
}
