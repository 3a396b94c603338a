import { createHash } from 'node:crypto'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import { GlidepathError } from '../errors/index.js'
import { getSelfCommand, AGENT_ENV } from '../runtime/self.js'
import type { SshHost } from '../ssh/host.js'
import type { SshChannel } from '../ssh/channel.js'
import type { HostEnvironment } from '../ssh/environment.js'
import type { AgentLine, AgentOperation, AgentRequest } from './agent.js'
import type { ProviderDeps } from './types.js'

// The runner's half of Glidepath's agent on a host over SSH (issue 24): puts what the host needs there
// itself, once (its own bundle per build under .glidepath/agent/<hash>, and a Node.js when the host has
// none of 20 or later: the runner's own), then runs its operations there (providers/agent.ts):
// the request as JSON on standard input, never on a command line; log lines, then the result or the
// error, as JSON lines back; one agent per run, each operation a round trip on its channel (issue 37).
// Used by the local provider over SSH (every operation) and by compose over
// SSH with the local router (the router's operations, through traffic/agent.ts).

const MIN_NODE = 20
/** The agent's own start and the connection, on top of what the operation itself may take. */
const MARGIN_MS = 60_000
const SETUP_TIMEOUT_MS = 10 * 60_000
/** Older builds' bundles kept on a host beside the current one (a runner of an older build may still call). */
const KEEP_BUNDLES = 2

interface Bundle {
  dir: string
  hash: string
}
let bundle: Bundle | undefined

/** The bundle this process runs from (dist/index.js and its chunks), and a hash of its files. */
export function selfBundle(): Bundle {
  if (bundle) return bundle
  const command = getSelfCommand()
  const entry = command.length === 2 ? command[1] : undefined
  if (!entry || basename(entry) !== 'index.js') {
    throw new GlidepathError('GP-INTERNAL-001', 'Glidepath on a host over SSH runs from an action bundle or the glidepath CLI (it puts its own bundle on the host); this process runs from source.', {
      fix: 'Use the published action (uses: glidepath-dev/glidepath/actions/deploy@v1) or the glidepath CLI.',
    })
  }
  const dir = dirname(entry)
  const hash = createHash('sha256')
  for (const f of readdirSync(dir).sort()) {
    if (!statSync(join(dir, f)).isFile()) continue
    hash.update(f).update('\0').update(readFileSync(join(dir, f))).update('\0')
  }
  bundle = { dir, hash: hash.digest('hex').slice(0, 16) }
  return bundle
}

/** Set to 1: an agent per operation instead of the run's channel (for the benchmark that compares them). */
const PER_CALL = 'GLIDEPATH_INTERNAL_AGENT_PER_CALL'

export class HostAgent {
  /** The node and bundle to run on the host, once checked (or put there) in this run. */
  private command?: { node: string; entry: string }
  /** The run's agent on the host (ssh/channel.ts), once an operation started it. */
  private channel?: SshChannel

  constructor(private readonly place: HostEnvironment, private readonly deps: Pick<ProviderDeps, 'environment' | 'event' | 'log'>) {}

  get host(): SshHost {
    return this.place.host
  }

  /**
   * Makes sure the host can run the agent: a Node.js of 20 or later (its own, or the runner's put there
   * once), and this build's bundle. One call when both are there; an upload for each that is not.
   */
  async ready(): Promise<{ node: string; entry: string }> {
    if (this.command) return this.command
    const own = selfBundle()
    const remoteBundle = `.glidepath/agent/${own.hash}`
    const remoteNode = `.glidepath/node/${process.version}/node`
    const check = `ok() { "$1" -e 'process.exit(Number(process.versions.node.split(".")[0]) >= ${MIN_NODE} ? 0 : 1)' >/dev/null 2>&1; }
n=$(command -v node 2>/dev/null || true)
if [ -n "$n" ] && ok "$n"; then echo "node=$n"; elif [ -x "$2" ] && ok "$2"; then echo "node=$2"; else echo "node="; fi
if [ -f "$1/.glidepath-complete" ]; then echo bundle=yes; else echo bundle=no; fi`
    const r = await this.host.capture(check, [remoteBundle, remoteNode], SETUP_TIMEOUT_MS, 'check node and bundle')
    if (r.code !== 0) throw new GlidepathError('GP-SSH-002', `Could not check ${this.host.label} for Node.js: ${r.stderr.trim() || `exit ${r.code}`}.`, { fix: `Check that ${this.host.user} has a POSIX shell on ${this.host.cfg.host}.` })
    let node = /^node=(.*)$/m.exec(r.stdout)?.[1]?.trim()
    if (!node) {
      this.deps.log.info(`${this.host.label} has no Node.js ${MIN_NODE}+: putting the runner's (${process.version}) at ${remoteNode}, once.`)
      await this.host.uploadFile(process.execPath, remoteNode, SETUP_TIMEOUT_MS)
      node = remoteNode
    }
    if (!/^bundle=yes$/m.test(r.stdout)) {
      this.deps.log.info(`Putting Glidepath (${own.hash}) on ${this.host.label} at ${remoteBundle}, once per build.`)
      await this.host.uploadDir(own.dir, remoteBundle, [], SETUP_TIMEOUT_MS)
      await this.pruneBundles(own.hash)
    }
    this.command = { node, entry: `${remoteBundle}/index.js` }
    return this.command
  }

  /**
   * Once a new build is on the host, older bundles go, but for the newest few (a runner of the previous
   * build may still call) and any a process still runs from (a router loads its chunks lazily). Where the
   * host has no /proc to tell, nothing is removed. A failure here never fails the run.
   */
  private async pruneBundles(current: string): Promise<void> {
    const script = `cd .glidepath/agent 2>/dev/null && [ -d /proc/self ] || exit 0
inuse=$(cat /proc/[0-9]*/cmdline 2>/dev/null | tr '\\0' '\\n' | grep -o 'agent/[0-9a-f]\\{16\\}/' | sort -u)
n=0
for d in $(ls -1t); do
  case "$d" in *[!0-9a-f]*|"$1") continue ;; esac
  [ \${#d} -eq 16 ] || continue
  n=$((n + 1))
  [ "$n" -le "$2" ] && continue
  case "$inuse" in *"agent/$d/"*) continue ;; esac
  rm -rf "$d" && echo "$d"
done`
    try {
      const r = await this.host.capture(script, [current, String(KEEP_BUNDLES)], SETUP_TIMEOUT_MS, 'prune old bundles')
      const gone = r.stdout.split('\n').filter(Boolean)
      if (gone.length) this.deps.log.info(`Removed ${gone.length} older Glidepath bundle(s) from ${this.host.label} (none in use; the newest ${KEEP_BUNDLES} before this one kept).`)
    } catch { /* the run goes on: an old bundle left is only disk */ }
  }

  /** Runs one operation on the host; its log lines become ours (with the host's name), its error ours. */
  async call(op: AgentOperation, args: unknown[], timeoutMs: number, extra: Pick<AgentRequest, 'upload' | 'router'> = {}): Promise<unknown> {
    const { node, entry } = await this.ready()
    const request: AgentRequest = { op, args, environment: this.deps.environment, event: this.deps.event, dir: this.place.dir, ...extra }
    let answer: { result: unknown } | undefined
    let failure: { code: string; message: string; fix?: string } | undefined
    const heard = (line: AgentLine) => {
      if ('info' in line) this.deps.log.info(`[${this.host.label}] ${line.info}`)
      else if ('warning' in line) this.deps.log.warning(`[${this.host.label}] ${line.warning}`)
      else if ('result' in line) answer = line
      else if ('error' in line) failure = line.error
    }
    const other: string[] = []
    let ended = ''
    if (process.env[PER_CALL] === '1') {
      // One agent per operation (as before issue 37's channel): kept for the benchmark beside it.
      const r = await this.host.run('exec "$1" "$2"', {
        env: { [AGENT_ENV]: '1' }, args: [node, entry], own: true, input: JSON.stringify(request), timeoutMs: timeoutMs + MARGIN_MS, label: `glidepath ${op}`,
        onLine: (text) => {
          let line: AgentLine | undefined
          try { line = JSON.parse(text) as AgentLine } catch { /* not the agent's */ }
          if (line) heard(line)
          else if (text.trim()) other.push(text)
        },
      })
      ended = ` (exit ${r.code ?? r.signal})`
    } else {
      // The run's agent on the host, started once: the operation is one round trip on its channel.
      this.channel ??= this.host.channel('exec "$1" "$2"', { env: { [AGENT_ENV]: 'serve' }, args: [node, entry], label: 'Glidepath\'s agent' })
      await this.channel.request({ request }, timeoutMs + MARGIN_MS, `glidepath ${op} on ${this.host.label}`, (line) => heard(line as unknown as AgentLine))
    }
    if (failure) throw new GlidepathError(failure.code as GlidepathError['code'], `On ${this.host.label}: ${failure.message}`, { fix: failure.fix })
    if (!answer) {
      throw new GlidepathError('GP-SSH-002', `Glidepath on ${this.host.label} ended without an answer to ${op}${ended}: ${other.slice(-3).join(' | ') || 'no output'}.`, {
        fix: `Check the host's free disk space and memory, and that ${this.host.user} may run programs in its home (or ssh.dir); the next run finds the host's state and carries on.`,
      })
    }
    return answer.result
  }
}
