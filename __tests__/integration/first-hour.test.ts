import { describe, it, expect, beforeEach, afterEach } from '@jest/globals'
import { execFileSync, spawnSync } from 'node:child_process'
import { mkdtempSync, writeFileSync, readFileSync, mkdirSync, rmSync, cpSync, existsSync } from 'node:fs'
import { join } from 'node:path'
import { tmpdir } from 'node:os'
import { ROOT, parserErrors } from '../helpers/workflow-files.js'
import { DEMO_APP, freePort, get, stopAll } from '../helpers/workspace.js'

// A newcomer's first hour (issue 26, item 7), through the glidepath command as installed: a repository
// with a compose file and a Node app, `glidepath init` (what it finds, what it writes, never overwriting),
// `glidepath validate`, `glidepath plan`, then the first deploy on the local provider; and a repository
// with Kubernetes manifests through init and validate. What init writes passes GitHub's workflow parser.
const BIN = join(ROOT, 'bin', 'glidepath.js')
let repo: string

function glidepath(args: string[], env: Record<string, string> = {}): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args, '--workspace', repo], { cwd: repo, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', HOME: repo, GITHUB_REF: 'refs/heads/main', GITHUB_SHA: '0123456789abcdef0123456789abcdef01234567', ...env }, timeout: 60_000 })
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr }
}

beforeEach(() => {
  repo = mkdtempSync(join(tmpdir(), 'glidepath-newcomer-'))
  execFileSync('git', ['init', '-q', '-b', 'main'], { cwd: repo })
})
afterEach(async () => {
  await stopAll(join(repo, '.glidepath'))
  rmSync(repo, { recursive: true, force: true })
})

describe('a newcomer\'s first hour', () => {
  it('a compose file and a Node app: init finds compose; init --provider local, validate, plan, and the first deploy serves', async () => {
    const port = await freePort()
    cpSync(DEMO_APP, repo, { recursive: true })
    writeFileSync(join(repo, 'package.json'), JSON.stringify({ name: 'shop', private: true, scripts: { start: 'node server.js' } }))
    writeFileSync(join(repo, 'compose.yaml'), 'services:\n  web:\n    build: .\n    ports: ["8080:3000"]\n  worker:\n    build: .\n')

    const found = glidepath(['init', '--json'])
    expect(found.code).toBe(0)
    expect(JSON.parse(found.stdout)).toMatchObject({ provider: 'compose', strategy: 'canary', files: '.github/glidepath.yml,.github/workflows/deploy.yml' })
    const composeConfig = readFileSync(join(repo, '.github', 'glidepath.yml'), 'utf8')
    expect(composeConfig).toContain('service: web')
    expect(composeConfig).toContain('targetPort: 3000')
    expect(glidepath(['validate']).code).toBe(0)
    expect(await parserErrors('deploy.yml', readFileSync(join(repo, '.github', 'workflows', 'deploy.yml'), 'utf8'))).toEqual([])

    // Never overwrites without --force.
    const again = glidepath(['init', '--provider', 'local'])
    expect(again.code).toBe(1)
    expect(again.stderr).toMatch(/GP-INPUT-001.*would overwrite \.github\/glidepath\.yml and \.github\/workflows\/deploy\.yml.*--force/)
    expect(readFileSync(join(repo, '.github', 'glidepath.yml'), 'utf8')).toBe(composeConfig)

    expect(glidepath(['init', '--provider', 'local', '--force']).code).toBe(0)
    const config = readFileSync(join(repo, '.github', 'glidepath.yml'), 'utf8')
    expect(config).toContain('start: npm start')
    // The newcomer sets their own port, then checks and plans.
    writeFileSync(join(repo, '.github', 'glidepath.yml'), config.replace('port: 8080', `port: ${port}`))
    const valid = glidepath(['validate', '--json'])
    expect(valid.code).toBe(0)
    expect(JSON.parse(valid.stdout)).toMatchObject({ valid: 'true', environments: 'production,staging' })
    const plan = glidepath(['plan', '--version', 'v1', '--json'])
    expect(plan.code).toBe(0)
    expect(JSON.parse(plan.stdout)).toMatchObject({ environment: 'production', transition: 'initial' })

    const first = glidepath(['deploy', '--version', 'v1', '--github-deployments', 'false', '--json'])
    expect(first.stderr).not.toMatch(/error/i)
    expect(first.code).toBe(0)
    expect(JSON.parse(first.stdout)).toMatchObject({ environment: 'production', version: 'v1', transition: 'initial' })
    expect((await get(`http://127.0.0.1:${port}/`)).version).toBe('v1')
  }, 120_000)

  it('Kubernetes manifests: init writes a kubernetes config for the Deployment it finds, and it validates', async () => {
    mkdirSync(join(repo, 'k8s'))
    writeFileSync(join(repo, 'k8s', 'app.yaml'), `apiVersion: v1
kind: Service
metadata: { name: api }
spec: { selector: { app: api }, ports: [{ port: 80, targetPort: 8080 }] }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: api }
spec:
  selector: { matchLabels: { app: api } }
  template:
    metadata: { labels: { app: api } }
    spec: { containers: [{ name: server, image: ghcr.io/acme/api:v1 }] }
`)
    const r = glidepath(['init', '--json'])
    expect(r.code).toBe(0)
    expect(JSON.parse(r.stdout)).toMatchObject({ provider: 'kubernetes', strategy: 'canary' })
    const config = readFileSync(join(repo, '.github', 'glidepath.yml'), 'utf8')
    expect(config).toContain('workload: deployment/api')
    expect(config).toContain('container: server')
    expect(readFileSync(join(repo, '.github', 'workflows', 'deploy.yml'), 'utf8')).toContain('kubeconfig: ${{ secrets.KUBECONFIG }}')
    expect(glidepath(['validate']).code).toBe(0)
    expect(await parserErrors('deploy.yml', readFileSync(join(repo, '.github', 'workflows', 'deploy.yml'), 'utf8'))).toEqual([])
  })

  it('a fleet of hosts over SSH: init --hosts writes waves with a target per host and a workflow with the SSH secrets; bad hosts change nothing', async () => {
    // An app with no start script Glidepath recognises: --provider local still writes a config to finish.
    writeFileSync(join(repo, 'app.py'), 'print("hello")\n')
    const bad = glidepath(['init', '--provider', 'local', '--hosts', 'deploy@app-1.example.com,app 2'])
    expect(bad.code).toBe(1)
    expect(bad.stderr).toMatch(/GP-INPUT-001.*--hosts: "app 2" is not \[user@\]host\[:port\]/)
    const twice = glidepath(['init', '--provider', 'local', '--hosts', 'a.example.com,a.example.com:22'])
    expect(twice.stderr).toMatch(/GP-INPUT-001.*"a\.example\.com:22" is listed twice/)
    expect(existsSync(join(repo, '.github'))).toBe(false)

    const r = glidepath(['init', '--provider', 'local', '--hosts', 'deploy@app-1.example.com,deploy@app-2.example.com,app-3.example.com:2222,[2001:db8::7]', '--json'])
    expect(r.code).toBe(0)
    expect(JSON.parse(r.stdout)).toMatchObject({ provider: 'local', strategy: 'canary' })
    const config = readFileSync(join(repo, '.github', 'glidepath.yml'), 'utf8')
    expect(config).toContain('start: ./start.sh')
    expect(config).toContain('waves: { bake: 1m, onFailure: rollback-all }')
    expect(config).toContain('- { name: app-1, ssh: { host: app-1.example.com } }')
    expect(config).toContain('- { name: app-3, ssh: { host: app-3.example.com, port: 2222 } }')
    expect(config).toContain('- { name: host-4, ssh: { host: "2001:db8::7" } }')
    const valid = glidepath(['validate', '--json'])
    expect(valid.code).toBe(0)
    expect(JSON.parse(valid.stdout)).toMatchObject({ valid: 'true', environments: 'production,staging' })
    const workflow = readFileSync(join(repo, '.github', 'workflows', 'deploy.yml'), 'utf8')
    expect(await parserErrors('deploy.yml', workflow)).toEqual([])
    expect(workflow.match(/GLIDEPATH_SSH_KEY: \$\{\{ secrets\.DEPLOY_SSH_KEY \}\}/g)).toHaveLength(3)

    // A cluster is not deployed over SSH.
    mkdirSync(join(repo, 'k8s'))
    writeFileSync(join(repo, 'k8s', 'app.yaml'), 'apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: web }\nspec: { template: { spec: { containers: [ { name: web, image: web:1 } ] } } }\n')
    const cluster = glidepath(['init', '--hosts', 'app-1.example.com', '--force'])
    expect(cluster.code).toBe(1)
    expect(cluster.stderr).toMatch(/GP-INPUT-001.*--hosts deploys to hosts over SSH, and this repository is deployed by kubernetes/)
    expect(readFileSync(join(repo, '.github', 'glidepath.yml'), 'utf8')).toBe(config)
  })

  it('an empty repository gets the command provider, and --provider names what is missing', () => {
    const wrong = glidepath(['init', '--provider', 'helm'])
    expect(wrong.code).toBe(1)
    expect(wrong.stderr).toMatch(/--provider helm: this repository has nothing that provider deploys/)
    const r = glidepath(['init', '--json'])
    expect(JSON.parse(r.stdout)).toMatchObject({ provider: 'command', strategy: 'rolling' })
    expect(glidepath(['validate']).code).toBe(0)
  })
})
