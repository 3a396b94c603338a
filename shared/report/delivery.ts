import { Markdown, md } from './md.js'
// Delivery metrics (the four DORA keys) from an environment's deployment history, as a pure function.
export interface DeploymentOutcome {
  createdAt: number
  /** Final state: success, failure, error, inactive (was success, then superseded), in_progress... */
  state: string
  /** Whether the deployment ever succeeded (an inactive one did, once). */
  succeeded: boolean
  finishedAt: number
  /** When the deployed commit was made, if known. */
  commitAt?: number
}

export interface DeliveryMetrics {
  windowDays: number
  deployments: number
  successful: number
  /** Successful deployments per day over the window. */
  frequencyPerDay: number
  /** Failed deployments over all finished ones (0-1). */
  changeFailureRate: number | null
  /** Mean minutes from a failed deployment to the next successful one. */
  timeToRestoreMinutes: number | null
  /** Median hours from commit to successful deployment. */
  leadTimeHours: number | null
}

const median = (xs: number[]) => {
  if (!xs.length) return null
  const s = [...xs].sort((a, b) => a - b)
  const m = s.length >> 1
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2
}

export function deliveryMetrics(history: DeploymentOutcome[], windowDays: number, now = Date.now()): DeliveryMetrics {
  const from = now - windowDays * 86_400_000
  const inWindow = history.filter((d) => d.createdAt >= from).sort((a, b) => a.createdAt - b.createdAt)
  const finished = inWindow.filter((d) => d.succeeded || d.state === 'failure' || d.state === 'error')
  const failed = finished.filter((d) => !d.succeeded)
  const successes = inWindow.filter((d) => d.succeeded)
  const restores: number[] = []
  for (const f of failed) {
    const next = successes.find((s) => s.createdAt > f.createdAt)
    if (next) restores.push((next.finishedAt - f.finishedAt) / 60_000)
  }
  const leads = successes.filter((s) => s.commitAt !== undefined).map((s) => (s.finishedAt - (s.commitAt as number)) / 3_600_000)
  return {
    windowDays,
    deployments: inWindow.length,
    successful: successes.length,
    frequencyPerDay: +(successes.length / windowDays).toFixed(3),
    changeFailureRate: finished.length ? +(failed.length / finished.length).toFixed(3) : null,
    timeToRestoreMinutes: restores.length ? +(restores.reduce((a, b) => a + b, 0) / restores.length).toFixed(1) : null,
    leadTimeHours: leads.length ? +(median(leads) as number).toFixed(2) : null,
  }
}

export function renderDeliveryMetrics(environment: string, m: DeliveryMetrics): string {
  const v = (x: number | null, unit = '') => (x === null ? 'n/a' : `${x}${unit}`)
  return new Markdown().heading(md`Delivery metrics: ${environment} (last ${m.windowDays} days)`).table(['metric', 'value'], [
    ['Deployments (successful)', `${m.deployments} (${m.successful})`],
    ['Deployment frequency', `${m.frequencyPerDay} per day`],
    ['Change failure rate', m.changeFailureRate === null ? 'n/a' : `${(m.changeFailureRate * 100).toFixed(1)}%`],
    ['Time to restore (mean)', v(m.timeToRestoreMinutes, ' min')],
    ['Lead time for changes (median)', v(m.leadTimeHours, ' h')],
  ]).toString()
}
