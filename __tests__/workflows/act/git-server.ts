import { createServer, type Server } from 'node:http'
import { spawn, execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

// Bare repositories served over git's smart HTTP protocol (`git http-backend` as a CGI program), at
// http://127.0.0.1:PORT/owner/repo: the GITHUB_SERVER_URL of the workflow runs, from which act fetches
// `uses: owner/repo/...@ref` (actions and reusable workflows) and actions/checkout fetches commits.

export interface GitServer {
  url: string
  root: string
  /** A bare repository for owner/repo, pushed from a work tree. */
  publish(fullName: string, workTree: string, refs: string[]): void
  /** Requests served, for assertions ("the PR head was fetched"). */
  log: string[]
  close(): Promise<void>
}

export async function startGitServer(): Promise<GitServer> {
  const root = mkdtempSync(join(tmpdir(), 'glidepath-git-'))
  const log: string[] = []
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://git')
    // /owner/repo/info/refs and /owner/repo.git/info/refs both name root/owner/repo.git
    const path = url.pathname.replace(/^\/([^/]+)\/([^/]+?)(?:\.git)?(\/|$)/, '/$1/$2.git$3')
    log.push(`${req.method} ${url.pathname}${url.search}`)
    const cgi = spawn('git', ['http-backend'], {
      env: {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        GIT_PROJECT_ROOT: root,
        GIT_HTTP_EXPORT_ALL: '1',
        PATH_INFO: path,
        QUERY_STRING: url.search.slice(1),
        REQUEST_METHOD: req.method ?? 'GET',
        CONTENT_TYPE: req.headers['content-type'] ?? '',
        CONTENT_LENGTH: req.headers['content-length'] ?? '',
        HTTP_CONTENT_ENCODING: req.headers['content-encoding'] ?? '',
        GIT_PROTOCOL: (req.headers['git-protocol'] as string | undefined) ?? '',
        REMOTE_ADDR: req.socket.remoteAddress ?? '127.0.0.1',
        SERVER_PROTOCOL: 'HTTP/1.1',
      },
      stdio: ['pipe', 'pipe', 'pipe'],
    })
    req.pipe(cgi.stdin)
    let head = Buffer.alloc(0)
    let headersDone = false
    cgi.stdout.on('data', (chunk: Buffer) => {
      if (headersDone) return void res.write(chunk)
      head = Buffer.concat([head, chunk])
      const end = head.indexOf('\r\n\r\n')
      if (end < 0) return
      headersDone = true
      let status = 200
      const headers: Record<string, string> = {}
      for (const line of head.subarray(0, end).toString('latin1').split('\r\n')) {
        const i = line.indexOf(':')
        const name = line.slice(0, i).trim()
        const value = line.slice(i + 1).trim()
        if (name.toLowerCase() === 'status') status = Number(value.split(' ')[0])
        else headers[name] = value
      }
      res.writeHead(status, headers)
      res.write(head.subarray(end + 4))
    })
    let stderr = ''
    cgi.stderr.on('data', (c) => (stderr += c))
    cgi.on('close', (code) => {
      if (!headersDone) {
        res.writeHead(500, { 'content-type': 'text/plain' })
        return void res.end(`git http-backend failed (${code}): ${stderr}`)
      }
      res.end()
    })
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()))
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`
  return {
    url,
    root,
    log,
    publish(fullName, workTree, refs) {
      const bare = join(root, `${fullName}.git`)
      mkdirSync(bare, { recursive: true })
      if (!existsSync(join(bare, 'HEAD'))) execFileSync('git', ['init', '-q', '--bare', '-b', 'main', bare])
      execFileSync('git', ['-C', workTree, 'push', '-q', '--force', bare, ...refs], { stdio: 'pipe' })
    },
    close: () => new Promise((r) => {
      server.closeAllConnections()
      server.close(() => {
        rmSync(root, { recursive: true, force: true })
        r()
      })
    }),
  }
}
