import { describe, it, expect } from '@jest/globals'
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, writeFileSync, rmSync, mkdirSync } from 'node:fs'
import { tmpdir, homedir } from 'node:os'
import { join } from 'node:path'
import { ROOT, workflowFiles } from '../helpers/workflow-files.js'

// actionlint and zizmor over every workflow, with zero findings (zizmor: none of medium severity or
// higher). scripts/install-workflow-tools installs both; a missing tool fails this suite.
const toolsDir = process.env.GLIDEPATH_TOOLS ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'glidepath-tools')
function tool(name: string): string {
  const path = join(toolsDir, 'bin', name)
  if (!existsSync(path)) throw new Error(`${name} is not installed in ${toolsDir}: run scripts/install-workflow-tools`)
  return path
}
const run = (bin: string, args: string[], cwd = ROOT) => spawnSync(bin, args, { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } })

describe('actionlint', () => {
  it('finds nothing in any workflow', () => {
    const r = run(tool('actionlint'), ['-config-file', '.github/actionlint.yaml', ...workflowFiles()])
    expect(r.stdout + r.stderr).toBe('')
    expect(r.status).toBe(0)
  })

  it('finds a bad workflow (the check can fail)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'glidepath-lint-'))
    writeFileSync(join(dir, 'bad.yml'), 'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo "${{ github.event.pull_request.title }}"\n      - uses: actions/checkout@v4\n        with: { refs: main }\n')
    const r = run(tool('actionlint'), [join(dir, 'bad.yml')])
    rmSync(dir, { recursive: true, force: true })
    expect(r.status).toBe(1)
    expect(r.stdout).toMatch(/potentially untrusted/)
  })
})

describe('zizmor', () => {
  const zizmor = (paths: string[], config = join(ROOT, '.github', 'zizmor.yml')) => run(tool('zizmor'), ['--offline', '--config', config, '--min-severity', 'medium', '--format', 'plain', ...paths])

  it('finds nothing of medium severity or higher', () => {
    const r = zizmor(workflowFiles())
    expect(r.stdout).toMatch(/No findings to report|0 findings/)
    expect(r.status).toBe(0)
  })

  it('finds template injection in a bad workflow (the check can fail)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'glidepath-zizmor-'))
    mkdirSync(join(dir, '.github', 'workflows'), { recursive: true })
    writeFileSync(join(dir, '.github', 'workflows', 'bad.yml'), 'on: pull_request_target\npermissions: write-all\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo "${{ github.event.pull_request.title }}"\n')
    const r = zizmor([join(dir, '.github', 'workflows', 'bad.yml')])
    rmSync(dir, { recursive: true, force: true })
    expect(r.status).not.toBe(0)
    expect(r.stdout).toMatch(/template-injection|dangerous-triggers|excessive-permissions/)
  })
})
