import { GlidepathError } from '../errors/index.js'
import { runProgram, outputTail, type ProgramResult } from '../process/run.js'

// The Docker CLI and its Compose v2 plugin, as the compose provider drives them (beside shared/kube/
// for kubectl): no shell, every value an argument; the engine is the runner's (or DOCKER_HOST's).
// What a provider decides (slots, ports, routes) is not here, only how docker is asked and answered.

const LOG_LINES = 20

/** One compose project: its name and its files (the user's, then Glidepath's override). */
export interface ComposeProject {
  name: string
  files: string[]
}

/** A running container found by label (docker ps), with its labels parsed. */
export interface LabelledContainer {
  labels: Record<string, string>
  image: string
  /** The first published host port (0 when none). */
  port: number
  created: string
}

export class DockerCli {
  constructor(private readonly settings: { docker?: string; env: Record<string, string>; cwd: string }) {}

  get binary(): string {
    return this.settings.docker ?? 'docker'
  }

  run(args: string[], timeoutMs: number, label: string): Promise<ProgramResult> {
    return runProgram(this.binary, args, { env: this.settings.env, cwd: this.settings.cwd, timeoutMs, label })
  }

  /** `docker compose` with a project's name and files. */
  compose(project: ComposeProject, args: string[], timeoutMs: number, label: string): Promise<ProgramResult> {
    return this.run([...projectArgs(project), ...args], timeoutMs, label)
  }

  /** A failure of docker, with its last lines and where to look. */
  failed(result: ProgramResult, what: string): GlidepathError {
    return new GlidepathError('GP-COMPOSE-004', `${what} exited with ${result.signal ?? `code ${result.code}`}: ${outputTail(result, 6)}`, {
      fix: 'See docker\'s message above; check DOCKER_HOST, that the compose plugin is installed (docker compose version) and the compose file.',
    })
  }

  /**
   * The services a project's files define (`docker compose config --services`): checks at once that docker
   * and its compose plugin are there and that the files are valid compose files.
   */
  async services(project: ComposeProject, fileLabel: string): Promise<string[]> {
    const result = await this.compose(project, ['config', '--services'], 60_000, 'docker compose config')
    if (result.code !== 0 && /unknown flag: --project-name|'compose' is not a docker command|unknown command "compose"/.test(result.stderr)) {
      throw new GlidepathError('GP-COMPOSE-004', `${this.binary} has no compose command: the Compose v2 plugin is not installed on this runner.`, {
        fix: 'Install the docker-compose-plugin package (or the docker-compose binary in ~/.docker/cli-plugins) on the runner.',
      })
    }
    if (result.code !== 0) {
      throw new GlidepathError('GP-COMPOSE-001', `docker compose could not read ${fileLabel}: ${outputTail(result, 6)}`, {
        fix: 'Fix the compose file (docker compose config shows the problem), and check that docker and its compose plugin are installed.',
      })
    }
    return result.stdout.split('\n').map((s) => s.trim()).filter(Boolean).sort()
  }

  /** Takes a project down (its containers and networks; its volumes too with `volumes`), failing with docker's message. */
  async down(project: ComposeProject, options: { volumes?: boolean; timeoutMs?: number } = {}): Promise<void> {
    const result = await this.compose(project, ['down', ...(options.volumes ? ['--volumes'] : []), '--remove-orphans', '--timeout', '10'], options.timeoutMs ?? 120_000, 'docker compose down')
    if (result.code !== 0) throw this.failed(result, `docker compose down (${project.name})`)
  }

  /** Running containers that carry a label (docker ps --filter label=...). */
  async containersLabelled(label: string): Promise<LabelledContainer[]> {
    const result = await this.run(['ps', '--filter', `label=${label}`, '--format', '{{json .}}'], 30_000, 'docker ps')
    if (result.code !== 0) throw this.failed(result, 'docker ps')
    const out: LabelledContainer[] = []
    for (const line of result.stdout.split('\n').filter((l) => l.trim())) {
      const row = JSON.parse(line) as { Labels?: string; Image?: string; Ports?: string; CreatedAt?: string }
      const labels = Object.fromEntries((row.Labels ?? '').split(',').map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]))
      out.push({ labels, image: row.Image ?? '', port: Number(/:(\d+)->/.exec(row.Ports ?? '')?.[1]) || 0, created: row.CreatedAt ?? '' })
    }
    return out
  }

  /** Each container of a project: state, health, exit code and last log lines (for an error message). */
  async digest(project: ComposeProject): Promise<string> {
    const ps = await this.compose(project, ['ps', '--all', '--format', 'json'], 30_000, 'docker compose ps').catch(() => undefined)
    const rows: Array<Record<string, unknown>> = []
    for (const line of (ps?.stdout ?? '').split('\n')) {
      const t = line.trim()
      if (!t) continue
      try {
        const parsed = JSON.parse(t) as unknown
        rows.push(...(Array.isArray(parsed) ? parsed : [parsed]) as Array<Record<string, unknown>>)
      } catch { /* not JSON */ }
    }
    if (!rows.length) return 'No container was created.'
    const out: string[] = []
    for (const r of rows) {
      const service = String(r.Service ?? '?')
      out.push(`${r.Name ?? service}: ${r.State ?? '?'}${r.Health ? ` (${r.Health})` : ''}${r.State === 'exited' ? `, exit code ${r.ExitCode ?? '?'}` : ''} - ${r.Status ?? ''}`)
      const logs = await this.compose(project, ['logs', '--no-color', '--tail', String(LOG_LINES), service], 30_000, 'docker compose logs').catch(() => undefined)
      const text = (logs?.stdout ?? '').trim()
      if (text) out.push(...text.split('\n').slice(-LOG_LINES).map((l) => `  ${l}`))
    }
    return out.join('\n')
  }
}

function projectArgs(project: ComposeProject): string[] {
  const args = ['compose', '--project-name', project.name]
  for (const f of project.files) args.push('--file', f)
  return args
}
