// Every failure Glidepath reports has a stable code, a category, a severity and a fix.
// Codes are part of the public contract: users grep logs and write runbooks against them.

export type ErrorCategory = 'configuration' | 'dependency' | 'resource' | 'network' | 'security' | 'performance'
export type Severity = 'error' | 'warning' | 'notice'

interface CodeInfo {
  category: ErrorCategory
  title: string
}

export const ERROR_CODES = {
  'GP-CONFIG-001': { category: 'configuration', title: 'configuration file not found' },
  'GP-CONFIG-002': { category: 'configuration', title: 'configuration file is invalid' },
  'GP-CONFIG-003': { category: 'configuration', title: 'configuration file is not valid YAML' },
  'GP-CONFIG-004': { category: 'configuration', title: 'unknown environment' },
  'GP-CONFIG-005': { category: 'configuration', title: 'template names an unknown field' },
  'GP-CONFIG-006': { category: 'configuration', title: 'environment section is missing for its provider' },
  'GP-INPUT-001': { category: 'configuration', title: 'invalid action input' },
  'GP-INPUT-002': { category: 'configuration', title: 'invalid duration' },
  'GP-INPUT-003': { category: 'security', title: 'path leaves the workspace' },
  'GP-LOCK-001': { category: 'resource', title: 'environment is locked by another run' },
  'GP-LOCK-002': { category: 'resource', title: 'environment is held by a person (/glidepath lock)' },
  'GP-LOCK-003': { category: 'resource', title: 'this run no longer holds the environment lock (removed or taken over)' },
  'GP-COMMAND-001': { category: 'configuration', title: 'comment command not understood' },
  'GP-COMMAND-002': { category: 'security', title: 'commenter may not run commands' },
  'GP-COMMAND-003': { category: 'security', title: 'deploy from a fork refused' },
  'GP-COMMAND-004': { category: 'security', title: 'command run without the default branch\'s decision' },
  'GP-STATE-001': { category: 'resource', title: 'deployment state is unreadable' },
  'GP-STATE-002': { category: 'resource', title: 'the record and what the platform serves disagree' },
  'GP-PROVIDER-001': { category: 'resource', title: 'application directory not found' },
  'GP-PROVIDER-002': { category: 'resource', title: 'release process exited' },
  'GP-PROVIDER-003': { category: 'performance', title: 'release never became healthy' },
  'GP-PROVIDER-004': { category: 'dependency', title: 'provider command failed' },
  'GP-PROVIDER-005': { category: 'performance', title: 'provider command timed out' },
  'GP-PROVIDER-006': { category: 'configuration', title: 'operation not supported by provider' },
  'GP-PROVIDER-007': { category: 'resource', title: 'abort refused: stable is not ready to take the traffic back' },
  'GP-K8S-001': { category: 'dependency', title: 'kubectl call failed' },
  'GP-K8S-002': { category: 'configuration', title: 'Kubernetes manifests are missing or invalid' },
  'GP-K8S-003': { category: 'resource', title: 'rollout did not complete' },
  'GP-K8S-004': { category: 'configuration', title: 'image matches no container' },
  'GP-K8S-005': { category: 'configuration', title: 'traffic object missing or unusable' },
  'GP-K8S-006': { category: 'security', title: 'Kubernetes refused the request (RBAC)' },
  'GP-K8S-007': { category: 'resource', title: 'no recorded spec to roll back to' },
  'GP-HELM-001': { category: 'dependency', title: 'helm call failed' },
  'GP-HELM-002': { category: 'resource', title: 'helm release is stuck and could not be recovered' },
  'GP-HELM-003': { category: 'resource', title: 'helm upgrade failed and was rolled back' },
  'GP-ROUTER-001': { category: 'dependency', title: 'traffic router did not start' },
  'GP-ROUTER-002': { category: 'dependency', title: 'traffic router rejected a change' },
  'GP-ROLLBACK-001': { category: 'resource', title: 'no version to roll back to' },
  'GP-ROLLBACK-002': { category: 'resource', title: 'requested rollback version is unknown' },
  'GP-CANARY-001': { category: 'configuration', title: 'no canary in progress' },
  'GP-CANARY-002': { category: 'configuration', title: 'invalid canary step' },
  'GP-CANARY-003': { category: 'performance', title: 'canary aborted by analysis' },
  'GP-CANARY-004': { category: 'performance', title: 'canary held past its budget without enough evidence' },
  'GP-COMPOSE-001': { category: 'configuration', title: 'compose file is missing or unreadable' },
  'GP-COMPOSE-002': { category: 'configuration', title: 'compose service not in the compose file' },
  'GP-COMPOSE-003': { category: 'configuration', title: 'no image for the release' },
  'GP-COMPOSE-004': { category: 'dependency', title: 'docker compose call failed' },
  'GP-COMPOSE-005': { category: 'performance', title: 'release containers never became healthy' },
  'GP-COMPOSE-006': { category: 'resource', title: 'release image could not be pulled' },
  'GP-DB-001': { category: 'configuration', title: 'database connection is missing or invalid' },
  'GP-DB-002': { category: 'resource', title: 'a database migration failed' },
  'GP-DB-003': { category: 'dependency', title: 'a database backup or restore failed' },
  'GP-DB-004': { category: 'resource', title: 'a preview\'s database could not be made' },
  'GP-PREVIEW-001': { category: 'resource', title: 'the environment runs as many previews as previews.max allows' },
  'GP-VERIFY-001': { category: 'performance', title: 'the version failed its verify window' },
  'GP-WAVES-001': { category: 'resource', title: 'a waves rollout halted on a failed target' },
  'GP-WAVES-002': { category: 'resource', title: 'a target of the waves could not be rolled back' },
  'GP-WINDOW-001': { category: 'configuration', title: 'outside the deploy windows or in a freeze' },
  'GP-WINDOW-002': { category: 'configuration', title: 'deploy window override not allowed' },
  'GP-SSH-001': { category: 'configuration', title: 'SSH key or known hosts missing' },
  'GP-SSH-002': { category: 'network', title: 'SSH host unreachable' },
  'GP-SSH-003': { category: 'security', title: 'SSH host key not trusted' },
  'GP-SSH-004': { category: 'configuration', title: 'ssh.dir missing on the host' },
  'GP-SMOKE-001': { category: 'configuration', title: 'invalid smoke checks' },
  'GP-SMOKE-002': { category: 'network', title: 'smoke checks failed' },
  'GP-NET-001': { category: 'network', title: 'HTTP request failed' },
  'GP-GITHUB-001': { category: 'security', title: 'GitHub token missing or invalid' },
  'GP-GITHUB-002': { category: 'security', title: 'GitHub token lacks a permission' },
  'GP-GITHUB-003': { category: 'configuration', title: 'GitHub repository or object not found' },
  'GP-GITHUB-004': { category: 'dependency', title: 'GitHub API failed' },
  'GP-INTERNAL-001': { category: 'dependency', title: 'unexpected internal error' },
} as const satisfies Record<string, CodeInfo>

export type ErrorCode = keyof typeof ERROR_CODES

/** One problem inside a larger failure (e.g. one line of an invalid config). */
export interface Problem {
  message: string
  file?: string
  line?: number
  column?: number
  /** Path inside the document, e.g. `environments.production.canary.steps[1].weight`. */
  path?: string
  expected?: string
  hint?: string
}

export interface GlidepathErrorOptions {
  fix?: string
  severity?: Severity
  problems?: Problem[]
  file?: string
  line?: number
  cause?: unknown
}

export class GlidepathError extends Error {
  readonly code: ErrorCode
  readonly category: ErrorCategory
  readonly severity: Severity
  readonly fix?: string
  readonly problems: Problem[]
  readonly file?: string
  readonly line?: number

  constructor(code: ErrorCode, message: string, options: GlidepathErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.name = 'GlidepathError'
    this.code = code
    this.category = ERROR_CODES[code].category
    this.severity = options.severity ?? 'error'
    this.fix = options.fix
    this.problems = options.problems ?? []
    this.file = options.file
    this.line = options.line
  }

  /** One line for logs and annotations: `GP-X-001 (category): message. Fix: ...` */
  headline(): string {
    return `${this.code} (${this.category}): ${this.message}${this.fix ? ` Fix: ${this.fix}` : ''}`
  }
}

function isGlidepathError(e: unknown): e is GlidepathError {
  return e instanceof GlidepathError
}

/** Wraps anything thrown into a GlidepathError so every failure path reports a code. */
export function toGlidepathError(e: unknown): GlidepathError {
  if (isGlidepathError(e)) return e
  const message = e instanceof Error ? e.message : String(e)
  return new GlidepathError('GP-INTERNAL-001', message, {
    cause: e,
    fix: 'This is a bug in Glidepath; please report it with the log of this run.',
  })
}

export function formatProblem(p: Problem): string {
  const where = [p.file, p.line !== undefined ? `line ${p.line}` : undefined].filter(Boolean).join(':')
  const parts = [where && `${where}:`, p.path && `${p.path}:`, p.message]
  if (p.expected) parts.push(`(expected ${p.expected})`)
  if (p.hint) parts.push(`- ${p.hint}`)
  return parts.filter(Boolean).join(' ')
}
