import { mkdtempSync, writeFileSync, rmSync, existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { GlidepathError, toGlidepathError } from '../errors/index.js'
import { runProgram, outputTail, type ProgramResult } from '../process/run.js'
import { runUrl } from '../runtime/context.js'
import type { EnvironmentState } from '../state/store.js'
import { isInside } from '../files/paths.js'
import { formatDuration } from '../time/duration.js'
import { Kubectl } from '../kube/kubectl.js'
import { parseImage, checkImage, isWorkload } from '../kube/manifests.js'
import { readiness, rootCause } from '../kube/rollout.js'
import { ClusterState } from '../kube/cluster-state.js'
import type { HelmProviderConfig } from '../config/types.js'
import type { Provider, ProviderDeps, RolloutRequest, RolloutResult, TargetLockOptions } from './types.js'
import { acquireLease, leaseName, type LeaseHandle } from '../kube/lease.js'

// Helm (SPEC 4): upgrade --install with --wait, a rollback with its own time budget (helm's --atomic
// rolls back with whatever is left of the upgrade's timeout: helm #8675), and recovery of a release
// left pending-* by a killed job or failed on its first install, before anything else runs. Values
// reach helm in a file, never through --set, so nothing in them is parsed by helm's --set syntax.

export interface HistoryEntry {
  revision: number
  status: string
  chart: string
  app_version?: string
  description: string
  updated?: string
}

const DESCRIPTION = /glidepath version=(\S+)/

/** The version a revision runs: its glidepath description, what was noted for it, or what a "Rollback to N" restored. */
export function revisionVersion(h: HistoryEntry, history: HistoryEntry[], known: Record<string, string>, depth = 0): string | undefined {
  const own = h.description.match(DESCRIPTION)?.[1] ?? known[String(h.revision)]
  if (own || depth > 20) return own
  const back = /^Rollback to (\d+)/.exec(h.description)
  const target = back ? history.find((x) => x.revision === Number(back[1])) : undefined
  return target ? revisionVersion(target, history, known, depth + 1) : undefined
}

export function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.')
  let node = target
  for (const k of keys.slice(0, -1)) {
    if (typeof node[k] !== 'object' || node[k] === null) node[k] = {}
    node = node[k] as Record<string, unknown>
  }
  node[keys[keys.length - 1]] = value
}

export class HelmProvider implements Provider {
  readonly name = 'helm'
  readonly cfg: HelmProviderConfig
  readonly kubectl: Kubectl
  readonly state: ClusterState
  private readonly kubeconfig?: string
  private opTimeoutMs: number

  constructor(private readonly deps: ProviderDeps) {
    this.cfg = deps.environment.config.helm as HelmProviderConfig
    this.opTimeoutMs = deps.environment.timeoutMs
    // The config check keeps kubeconfig inside the workspace.
    this.kubeconfig = this.cfg.kubeconfig ? resolve(deps.workspace, this.cfg.kubeconfig) : undefined
    this.kubectl = new Kubectl({ binary: this.cfg.kubectl, kubeconfig: this.kubeconfig, context: this.cfg.context, env: deps.env, cwd: deps.workspace })
    this.state = new ClusterState(this.kubectl, this.cfg.namespace, deps.environment.name)
  }

  private get rollbackBudgetMs(): number {
    return this.deps.environment.durations.rollbackTimeout
  }

  private baseArgs(): string[] {
    const args: string[] = []
    if (this.cfg.namespace) args.push('--namespace', this.cfg.namespace)
    if (this.kubeconfig) args.push('--kubeconfig', this.kubeconfig)
    if (this.cfg.context) args.push('--kube-context', this.cfg.context)
    return args
  }

  private async helm(args: string[], timeoutMs: number, what: string, allowFailure = false): Promise<ProgramResult> {
    const result = await runProgram(this.cfg.helm ?? 'helm', [...args, ...this.baseArgs()], { env: this.deps.env, cwd: this.deps.workspace, timeoutMs: timeoutMs + 15_000, label: what })
    if (result.code !== 0 && !allowFailure) {
      throw new GlidepathError('GP-HELM-001', `${what} exited with code ${result.code}: ${outputTail(result, 4)}`, {
        fix: 'Read helm\'s message above: chart path and version, values, the kubeconfig and the release namespace.',
      })
    }
    return result
  }

  /** The release history, oldest first; empty when the release does not exist. */
  async history(timeoutMs: number): Promise<HistoryEntry[]> {
    const result = await this.helm(['history', this.cfg.release, '--max', '256', '-o', 'json'], timeoutMs, 'helm history', true)
    if (result.code !== 0) {
      if (/not found/i.test(result.stderr)) return []
      throw new GlidepathError('GP-HELM-001', `helm history exited with code ${result.code}: ${outputTail(result, 3)}`, { fix: 'Check the kubeconfig and that the release namespace exists.' })
    }
    return (JSON.parse(result.stdout || '[]') as HistoryEntry[]).sort((a, b) => a.revision - b.revision)
  }

  private chartRef(): string {
    const chart = this.cfg.chart
    if (chart.startsWith('.') || chart.startsWith('/') || existsSync(resolve(this.deps.workspace, chart))) {
      if (!isInside(this.deps.workspace, chart)) throw new GlidepathError('GP-INPUT-003', `helm.chart "${chart}" leaves the workspace.`, { fix: 'Keep a local chart inside the repository, or use repo/chart or oci://.' })
      return resolve(this.deps.workspace, chart)
    }
    return chart
  }

  private valuesFile(dir: string, image: string | undefined): string {
    const values: Record<string, unknown> = {}
    for (const [path, value] of Object.entries(this.cfg.set ?? {})) setPath(values, path, value)
    if (image) {
      const ref = parseImage(image)
      const paths = { repository: 'image.repository', tag: 'image.tag', digest: 'image.digest', ...(this.cfg.imageValues ?? {}) }
      setPath(values, paths.repository, ref.repository)
      if (ref.tag) setPath(values, paths.tag, ref.tag)
      if (ref.digest) setPath(values, paths.digest, ref.digest)
    }
    const file = join(dir, 'glidepath-values.json')
    writeFileSync(file, JSON.stringify(values))
    return file
  }

  private description(version: string): string {
    const ctx = this.deps.event
    return [`glidepath version=${version}`, ctx.sha && `sha=${ctx.sha.slice(0, 12)}`, runUrl(ctx) && `run=${runUrl(ctx)}`].filter(Boolean).join(' ')
  }

  /**
   * A release left pending-* (a job killed mid-upgrade) or failed on its first install blocks every
   * later upgrade. Put it back on its last deployed revision (or remove the failed install) first.
   */
  async recover(timeoutMs: number): Promise<HistoryEntry[]> {
    const history = await this.history(timeoutMs)
    const latest = history[history.length - 1]
    if (!latest) return history
    const lastGood = [...history].reverse().find((h) => h.status === 'deployed' || h.status === 'superseded')
    if (latest.status.startsWith('pending-') || (latest.status === 'failed' && !history.some((h) => h.status === 'deployed'))) {
      if (lastGood) {
        this.deps.log.warning(`Release ${this.cfg.release} is ${latest.status} at revision ${latest.revision}; rolling back to revision ${lastGood.revision} before upgrading.`)
        await this.rollbackTo(lastGood.revision, this.rollbackBudgetMs)
      } else {
        this.deps.log.warning(`Release ${this.cfg.release} is ${latest.status} with no deployed revision; uninstalling the broken install before installing again.`)
        await this.helm(['uninstall', this.cfg.release, '--wait', '--timeout', `${Math.ceil(timeoutMs / 1000)}s`], timeoutMs, 'helm uninstall')
      }
      const now = await this.history(timeoutMs)
      const after = now[now.length - 1]
      if (after && after.status.startsWith('pending-')) {
        throw new GlidepathError('GP-HELM-002', `Release ${this.cfg.release} is still ${after.status} after recovery.`, { fix: `Inspect it with helm history ${this.cfg.release}; another job may be upgrading it right now.` })
      }
      return now
    }
    return history
  }

  private async rollbackTo(revision: number, budgetMs: number): Promise<void> {
    await this.helm(['rollback', this.cfg.release, String(revision), '--wait', '--timeout', `${Math.ceil(budgetMs / 1000)}s`, '--cleanup-on-fail'], budgetMs, `helm rollback to revision ${revision}`)
  }

  /** Why the release's workloads are not ready, for the failure message. */
  private async digest(timeoutMs: number): Promise<string[]> {
    try {
      const result = await this.helm(['get', 'manifest', this.cfg.release], timeoutMs, 'helm get manifest', true)
      const names = [...result.stdout.matchAll(/^kind:\s*(Deployment|StatefulSet|DaemonSet)\s*\nmetadata:\s*\n\s+name:\s*(\S+)/gm)].map((m) => [m[1], m[2]])
      const lines: string[] = []
      for (const [kind, name] of names) {
        const o = await this.kubectl.get(kind, name, this.cfg.namespace, timeoutMs)
        if (!o || !isWorkload(o) || readiness(o).ready) continue
        const d = await rootCause(this.kubectl, o, timeoutMs)
        lines.push(`${kind.toLowerCase()}/${name}: ${d.verdict}`, ...d.details.map((x) => `  ${x}`))
      }
      return lines
    } catch {
      return []
    }
  }

  async preflight(request: RolloutRequest): Promise<void> {
    if (request.strategy !== 'rolling') {
      throw new GlidepathError('GP-PROVIDER-006', `The helm provider upgrades the release in place; strategy ${request.strategy} is not available.`, {
        fix: 'Use strategy rolling with helm, or the kubernetes provider for canary and blue-green.',
      })
    }
    if (request.image) checkImage(request.image)
    for (const v of this.cfg.values ?? []) {
      if (!existsSync(resolve(this.deps.workspace, v))) throw new GlidepathError('GP-HELM-001', `helm values file "${v}" does not exist.`, { fix: 'Correct helm.values.' })
    }
    this.chartRef()
  }

  async deploy(request: RolloutRequest): Promise<RolloutResult> {
    this.opTimeoutMs = request.timeoutMs
    const history = await this.recover(request.timeoutMs)
    const before = history.filter((h) => h.status === 'deployed').pop()
    const dir = mkdtempSync(join(tmpdir(), 'glidepath-helm-'))
    try {
      const args = ['upgrade', '--install', this.cfg.release, this.chartRef(), '--wait', '--timeout', `${Math.ceil(request.timeoutMs / 1000)}s`,
        '--description', this.description(request.version), '--history-max', String(this.cfg.historyMax ?? 20)]
      if (this.cfg.chartVersion) args.push('--version', this.cfg.chartVersion)
      if (this.cfg.createNamespace) args.push('--create-namespace')
      for (const v of this.cfg.values ?? []) args.push('--values', resolve(this.deps.workspace, v))
      args.push('--values', this.valuesFile(dir, request.image))
      this.deps.log.info(`helm upgrade --install ${this.cfg.release} (${request.version}, timeout ${formatDuration(request.timeoutMs)})`)
      const result = await this.helm(args, request.timeoutMs, 'helm upgrade', true)
      if (result.code === 0) {
        await this.noteRevision(request.version, request.timeoutMs)
        return {}
      }
      const said = outputTail(result, 3)
      const digest = await this.digest(15_000)
      let outcome: string
      if (before) {
        try {
          await this.rollbackTo(before.revision, this.rollbackBudgetMs)
          const known = (await this.state.getJson<Record<string, string>>('helm.revisions', request.timeoutMs)) ?? {}
          const restored = revisionVersion(before, history, known)
          if (restored) await this.noteRevision(restored, request.timeoutMs)
          outcome = `rolled back to revision ${before.revision} (${restored ?? before.app_version ?? 'previous'})`
        } catch (e) {
          outcome = `the rollback to revision ${before.revision} failed too: ${toGlidepathError(e).message}`
        }
      } else {
        outcome = 'there is no earlier revision to roll back to'
      }
      throw new GlidepathError('GP-HELM-003', `helm upgrade of ${this.cfg.release} to ${request.version} failed (${said}); ${outcome}.${digest.length ? ` Cause: ${digest[0]}` : ''}`, {
        problems: digest.map((d) => ({ message: d })),
        fix: 'Fix the cause named above (image, values, chart), then deploy again; raise `timeout` if the upgrade is only slow.',
      })
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }

  async setCanaryWeight(): Promise<void> {
    throw new GlidepathError('GP-PROVIDER-006', 'The helm provider has no canary.', { fix: 'Use the kubernetes provider for canary releases.' })
  }

  async promote(): Promise<void> {
    throw new GlidepathError('GP-PROVIDER-006', 'The helm provider has no canary to promote.', { fix: 'Use the kubernetes provider for canary releases.' })
  }

  async abort(): Promise<void> {
    // Nothing runs beside the release: there is never a canary to take traffic from.
  }

  /** Rolls back to the newest revision that deployed `to`, with the rollback's own time budget. */
  async rollback(to: string, from: string | null, timeoutMs: number): Promise<void> {
    void from
    this.opTimeoutMs = timeoutMs
    const history = await this.recover(timeoutMs)
    const known = (await this.state.getJson<Record<string, string>>('helm.revisions', timeoutMs)) ?? {}
    const versionOf = (h: HistoryEntry) => revisionVersion(h, history, known)
    const revision = [...history].reverse().find((h) => versionOf(h) === to && h.status !== 'failed' && !h.status.startsWith('pending-'))
    if (!revision) {
      throw new GlidepathError('GP-K8S-007', `Release ${this.cfg.release} has no revision that deployed ${to} (helm keeps ${this.cfg.historyMax ?? 20}).`, {
        fix: `Deploy ${to} again, or raise helm.historyMax so older revisions are kept.`,
      })
    }
    const budget = Math.min(timeoutMs, this.rollbackBudgetMs)
    this.deps.log.info(`helm rollback ${this.cfg.release} to revision ${revision.revision} (${to}, budget ${formatDuration(budget)})`)
    await this.rollbackTo(revision.revision, budget)
    await this.noteRevision(to, timeoutMs)
  }

  /** Remembers which version the newest revision runs: a rollback revision's description says only "Rollback to N". */
  private async noteRevision(version: string, timeoutMs: number): Promise<void> {
    const history = await this.history(timeoutMs)
    const latest = history[history.length - 1]
    if (!latest) return
    const known = (await this.state.getJson<Record<string, string>>('helm.revisions', timeoutMs)) ?? {}
    const kept = Object.fromEntries(Object.entries(known).filter(([rev]) => history.some((h) => String(h.revision) === rev)))
    await this.state.set({ 'helm.revisions': JSON.stringify({ ...kept, [latest.revision]: version }) }, timeoutMs)
  }

  async teardown(timeoutMs: number): Promise<void> {
    await this.helm(['uninstall', this.cfg.release, '--wait', '--ignore-not-found', '--timeout', `${Math.ceil(timeoutMs / 1000)}s`], timeoutMs, 'helm uninstall')
    await this.state.remove(timeoutMs)
  }

  async lock(options: TargetLockOptions): Promise<LeaseHandle> {
    return acquireLease(this.kubectl, this.cfg.namespace, leaseName(this.state.name), options)
  }

  async loadState(): Promise<EnvironmentState | undefined> {
    return this.state.loadEnvironment(this.opTimeoutMs)
  }

  async saveState(state: EnvironmentState): Promise<void> {
    await this.state.saveEnvironment(state, this.opTimeoutMs)
  }
}
