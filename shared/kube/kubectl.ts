import { GlidepathError } from '../errors/index.js'
import { runProgram, outputTail, type ProgramResult } from '../process/run.js'

// Every call to the cluster goes through here: an argument array (never a shell line), manifests on
// stdin, and the exit code of every call checked (k8s-deploy #305 failed silently on a non-zero apply).

export interface KubectlSettings {
  /** The kubectl binary (default: kubectl on PATH). */
  binary?: string
  kubeconfig?: string
  context?: string
  env: Record<string, string>
  cwd?: string
}

export interface KubeMeta {
  name: string
  namespace?: string
  labels?: Record<string, string>
  annotations?: Record<string, string>
  generation?: number
  uid?: string
  resourceVersion?: string
  ownerReferences?: Array<{ kind: string; name: string; uid: string; controller?: boolean }>
  creationTimestamp?: string
  [key: string]: unknown
}

export interface KubeObject {
  apiVersion: string
  kind: string
  metadata: KubeMeta
  // Manifests are user documents: their bodies are walked generically.
  [key: string]: any // eslint-disable-line @typescript-eslint/no-explicit-any
}

export interface KubeList<T = KubeObject> {
  items: T[]
}

const FORBIDDEN = /forbidden|cannot (get|list|patch|create|update|delete|watch)/i

export class Kubectl {
  readonly binary: string

  constructor(private readonly settings: KubectlSettings) {
    this.binary = settings.binary ?? 'kubectl'
  }

  private globalArgs(): string[] {
    const args: string[] = []
    if (this.settings.kubeconfig) args.push(`--kubeconfig=${this.settings.kubeconfig}`)
    if (this.settings.context) args.push(`--context=${this.settings.context}`)
    return args
  }

  /** Runs kubectl; a non-zero exit is an error naming the call and kubectl's own words. */
  async run(args: string[], options: { timeoutMs: number; input?: string; what?: string }): Promise<ProgramResult> {
    const what = options.what ?? `kubectl ${args.slice(0, 2).join(' ')}`
    const timeoutSec = Math.max(1, Math.ceil(options.timeoutMs / 1000))
    const result = await runProgram(this.binary, [...this.globalArgs(), `--request-timeout=${Math.min(timeoutSec, 60)}s`, ...args], {
      env: this.settings.env,
      cwd: this.settings.cwd,
      timeoutMs: options.timeoutMs,
      input: options.input,
      label: what,
    })
    if (result.code !== 0) throw kubectlError(what, result)
    return result
  }

  async json<T>(args: string[], timeoutMs: number, what?: string): Promise<T> {
    const result = await this.run([...args, '-o', 'json'], { timeoutMs, what })
    return parseJson<T>(result.stdout, what ?? `kubectl ${args.join(' ')}`)
  }

  /** One object, or null when it does not exist. */
  async get(kind: string, name: string, namespace: string | undefined, timeoutMs: number): Promise<KubeObject | null> {
    const args = ['get', kind, name, '--ignore-not-found', '-o', 'json', ...nsArgs(namespace)]
    const result = await this.run(args, { timeoutMs, what: `kubectl get ${kind}/${name}` })
    return result.stdout.trim() ? parseJson<KubeObject>(result.stdout, `kubectl get ${kind}/${name}`) : null
  }

  async list(kind: string, namespace: string | undefined, timeoutMs: number, selector?: string): Promise<KubeObject[]> {
    const args = ['get', kind, ...nsArgs(namespace), ...(selector ? ['-l', selector] : [])]
    return (await this.json<KubeList>(args, timeoutMs, `kubectl get ${kind}`)).items
  }

  /** Applies objects given on stdin (never a file the user could swap); returns what the API stored. */
  async apply(objects: KubeObject[], options: { timeoutMs: number; serverSide?: boolean; fieldManager?: string; what?: string }): Promise<KubeObject[]> {
    if (objects.length === 0) return []
    const args = ['apply', '-f', '-', '-o', 'json']
    if (options.serverSide) args.push('--server-side', '--force-conflicts', `--field-manager=${options.fieldManager ?? 'glidepath'}`)
    const input = JSON.stringify({ apiVersion: 'v1', kind: 'List', items: objects })
    const result = await this.run(args, { timeoutMs: options.timeoutMs, input, what: options.what ?? 'kubectl apply' })
    const out = parseJson<KubeObject | KubeList>(result.stdout, 'kubectl apply')
    return 'items' in out && Array.isArray(out.items) ? out.items : [out as KubeObject]
  }

  /** A JSON patch (RFC 6902); `test` operations make it fail instead of overwriting someone else's edit. */
  async patchJson(kind: string, name: string, namespace: string | undefined, ops: unknown[], timeoutMs: number): Promise<KubeObject> {
    const args = ['patch', kind, name, ...nsArgs(namespace), '--type=json', `--patch=${JSON.stringify(ops)}`, '-o', 'json']
    const result = await this.run(args, { timeoutMs, what: `kubectl patch ${kind}/${name}` })
    return parseJson<KubeObject>(result.stdout, `kubectl patch ${kind}/${name}`)
  }

  async patchMerge(kind: string, name: string, namespace: string | undefined, patch: unknown, timeoutMs: number): Promise<KubeObject> {
    const args = ['patch', kind, name, ...nsArgs(namespace), '--type=merge', `--patch=${JSON.stringify(patch)}`, '-o', 'json']
    const result = await this.run(args, { timeoutMs, what: `kubectl patch ${kind}/${name}` })
    return parseJson<KubeObject>(result.stdout, `kubectl patch ${kind}/${name}`)
  }

  async delete(kind: string, name: string, namespace: string | undefined, timeoutMs: number): Promise<void> {
    await this.run(['delete', kind, name, ...nsArgs(namespace), '--ignore-not-found', '--wait=false'], { timeoutMs, what: `kubectl delete ${kind}/${name}` })
  }
}

export function nsArgs(namespace: string | undefined): string[] {
  return namespace ? ['-n', namespace] : []
}

function parseJson<T>(text: string, what: string): T {
  try {
    return JSON.parse(text) as T
  } catch {
    throw new GlidepathError('GP-K8S-001', `${what} printed something that is not JSON: ${text.slice(0, 200)}`, {
      fix: 'Use a kubectl that supports -o json (1.27 or later), and check that no wrapper prints to stdout.',
    })
  }
}

function kubectlError(what: string, result: ProgramResult): GlidepathError {
  const said = outputTail(result, 6)
  const exit = result.signal ? `was stopped by ${result.signal}` : `exited with code ${result.code}`
  if (/Unauthorized|must be logged in|provide credentials/i.test(result.stderr)) {
    return new GlidepathError('GP-K8S-006', `${what}: the cluster rejected the kubeconfig's credentials: ${said}`, {
      fix: 'Refresh the credentials in the kubeconfig secret (tokens expire), or check that it is meant for this cluster.',
    })
  }
  if (FORBIDDEN.test(result.stderr)) {
    return new GlidepathError('GP-K8S-006', `${what} was refused by the cluster: ${said}`, {
      fix: 'Grant the identity in the kubeconfig the verb and resource named above (a Role in the target namespace is enough), or deploy with one that has it.',
    })
  }
  return new GlidepathError('GP-K8S-001', `${what} ${exit}: ${said}`, {
    fix: 'Read kubectl\'s message above; check the kubeconfig and context, and that the cluster is reachable from the runner.',
  })
}

