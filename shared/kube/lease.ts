import { hostname } from 'node:os'
import { GlidepathError, toGlidepathError } from '../errors/index.js'
import { sleep, formatDuration } from '../time/duration.js'
import { processAlive } from '../process/run.js'
import type { Kubectl, KubeObject } from './kubectl.js'
import { shortName } from './cluster-state.js'

// The environment lock, held in the cluster: a coordination.k8s.io Lease beside the workload. The
// runner-local lock file only keeps apart runs on one machine; two pipelines (or a pipeline and a
// laptop) deploying one environment from different machines meet here (the race of k8s-deploy #112).
// The holder renews it while working; a holder that stopped renewing for leaseDuration is stale and
// its lease is taken over with an optimistic-concurrency replace, and so is one left on this machine
// by a process that is gone (a cancelled step's post step need not wait out the lease).

const LEASE_SECONDS = 120
const RENEW_MS = 30_000

export interface LeaseHandle {
  release(): Promise<void>
}

export interface LeaseOptions {
  timeoutMs: number
  action: string
  runId?: string
  pollMs?: number
  onWait?: (holder: string) => void
  onRecover?: (holder: string) => void
  onSkip?: (why: string) => void
}

/** MicroTime as the API wants it: RFC 3339 with six fractional digits. */
export function microTime(date = new Date()): string {
  return date.toISOString().replace(/\.(\d{3})Z$/, '.$1000Z')
}

export function leaseName(stateName: string): string {
  return shortName(`${stateName}-lock`)
}

/** A holder on this machine whose process is gone (a cancelled or killed step) is stale at once. */
function holderGone(holder: string): boolean {
  const m = / pid (\d+) on ([^,]+)/.exec(holder)
  return Boolean(m && m[2] === hostname() && !processAlive(Number(m[1])))
}

export function leaseExpired(lease: KubeObject, now = Date.now()): boolean {
  const renewed = Date.parse(lease.spec?.renewTime ?? lease.spec?.acquireTime ?? '')
  const seconds = Number(lease.spec?.leaseDurationSeconds ?? LEASE_SECONDS)
  return !Number.isFinite(renewed) || renewed + seconds * 1000 < now
}

export async function acquireLease(kubectl: Kubectl, namespace: string | undefined, name: string, options: LeaseOptions): Promise<LeaseHandle> {
  const holder = `${options.action} pid ${process.pid} on ${hostname()}${options.runId ? `, run ${options.runId}` : ''}`
  const body = (resourceVersion?: string): KubeObject => ({
    apiVersion: 'coordination.k8s.io/v1',
    kind: 'Lease',
    metadata: { name, ...(namespace ? { namespace } : {}), ...(resourceVersion ? { resourceVersion } : {}), labels: { 'app.kubernetes.io/managed-by': 'glidepath' } },
    spec: { holderIdentity: holder, leaseDurationSeconds: LEASE_SECONDS, acquireTime: microTime(), renewTime: microTime() },
  })
  const deadline = Date.now() + options.timeoutMs
  let waited = false
  for (;;) {
    try {
      await kubectl.run(['create', '-f', '-', '-o', 'name'], { timeoutMs: 30_000, input: JSON.stringify(body()), what: `kubectl create lease/${name}` })
      return held(kubectl, namespace, name, holder)
    } catch (e) {
      const err = toGlidepathError(e)
      if (err.code === 'GP-K8S-006' && /forbidden/i.test(err.message)) {
        options.onSkip?.(`the kubeconfig may not create Leases in ${namespace ?? 'the namespace'} (${err.message.slice(0, 160)}); only the runner-local lock applies`)
        return { release: async () => undefined }
      }
      if (/namespaces? "[^"]*" not found/i.test(err.message)) {
        options.onSkip?.(`namespace ${namespace} does not exist yet; nothing else can be deploying into it`)
        return { release: async () => undefined }
      }
      if (!/AlreadyExists|already exists/i.test(err.message)) throw err
    }
    const current = await kubectl.get('leases.coordination.k8s.io', name, namespace, 30_000)
    if (!current) continue
    const other = String(current.spec?.holderIdentity ?? 'another run')
    if (leaseExpired(current) || holderGone(other)) {
      try {
        await kubectl.run(['replace', '-f', '-', '-o', 'name'], { timeoutMs: 30_000, input: JSON.stringify(body(current.metadata.resourceVersion)), what: `kubectl replace lease/${name}` })
        options.onRecover?.(other)
        return held(kubectl, namespace, name, holder)
      } catch (e) {
        if (!/Conflict|modified/i.test(toGlidepathError(e).message)) throw e
        continue // someone else took it over first
      }
    }
    if (Date.now() >= deadline) {
      throw new GlidepathError('GP-LOCK-001', `Environment is locked in the cluster by ${other} (Lease ${name}${namespace ? ` in ${namespace}` : ''}, renewed ${current.spec?.renewTime ?? 'never'}); waited ${formatDuration(options.timeoutMs)}.`, {
        fix: `Let the other run finish, or raise lock-timeout. A holder that stops renewing is taken over after ${LEASE_SECONDS}s.`,
      })
    }
    if (!waited) options.onWait?.(other)
    waited = true
    await sleep(Math.min(options.pollMs ?? 1000, Math.max(0, deadline - Date.now())))
  }
}

function held(kubectl: Kubectl, namespace: string | undefined, name: string, holder: string): LeaseHandle {
  const timer = setInterval(() => {
    kubectl.patchMerge('leases.coordination.k8s.io', name, namespace, { spec: { renewTime: microTime() } }, 30_000).catch(() => undefined)
  }, RENEW_MS)
  timer.unref()
  return {
    release: async () => {
      clearInterval(timer)
      const current = await kubectl.get('leases.coordination.k8s.io', name, namespace, 30_000).catch(() => null)
      if (current?.spec?.holderIdentity === holder) await kubectl.delete('leases.coordination.k8s.io', name, namespace, 30_000)
    },
  }
}
