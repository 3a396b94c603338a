import { describe, it, expect, beforeEach, afterEach } from '@jest/globals'
import { mkdtempSync, mkdirSync, writeFileSync, symlinkSync, existsSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { run as deploy } from '../../actions/deploy/src/main.js'
import { run as smoke } from '../../actions/smoke-test/src/main.js'
import { run as report } from '../../actions/report/src/main.js'
import { run as rollback } from '../../actions/rollback/src/main.js'
import { createWorkspace, type TestWorkspace } from '../helpers/workspace.js'
import { startServer, json, type TestServer } from '../helpers/http-server.js'
import { isInside } from '../../shared/files/paths.js'
import { checkAccess, routeAccess } from '../../shared/traffic/local/access.js'

// What a pull request can put in the repository (a symbolic link) and what another local user can reach (a
// file, a loopback port) never lead a read or a write outside the workspace, or a value into the log.

let ws: TestWorkspace
let outside: string
let app: TestServer

const SECRET_LINE = 'db_password: hunter2-outside-the-workspace'

beforeEach(async () => {
  ws = createWorkspace()
  outside = mkdtempSync(join(tmpdir(), 'glidepath-outside-'))
  writeFileSync(join(outside, 'secrets.yml'), `${SECRET_LINE}\nchecks: [ { name: x, path: / } ]\n`)
  app = await startServer({ '/': (_q, res) => json(res, 200, { ok: true }) })
})
afterEach(async () => {
  await app.close()
  await ws.cleanup()
  rmSync(outside, { recursive: true, force: true })
})

const logsOf = (r: { logs: Array<{ message: string }>; failed?: string; summaries: string[] }) => `${r.logs.map((l) => l.message).join('\n')}\n${r.failed ?? ''}\n${r.summaries.join('\n')}`

describe('paths resolve inside the workspace after links', () => {
  it('isInside follows every link on the way, and the deepest existing folder of a path not written yet', () => {
    mkdirSync(join(ws.dir, 'real'))
    symlinkSync(outside, join(ws.dir, 'out'))
    symlinkSync(join(ws.dir, 'real'), join(ws.dir, 'in'))
    symlinkSync(join(outside, 'nowhere'), join(ws.dir, 'dangling'))
    expect(isInside(ws.dir, 'real/file.xml')).toBe(true)
    expect(isInside(ws.dir, 'in/new/file.xml')).toBe(true)
    expect(isInside(ws.dir, 'out/secrets.yml')).toBe(false)
    expect(isInside(ws.dir, 'out/new/file.xml')).toBe(false)
    expect(isInside(ws.dir, 'dangling')).toBe(false)
    expect(isInside(ws.dir, '../x')).toBe(false)
    expect(isInside(ws.dir, 'a\0b')).toBe(false)
  })

  it('a config file that is a link out of the workspace is refused (GP-INPUT-003) before it is read', async () => {
    symlinkSync(join(outside, 'secrets.yml'), join(ws.dir, '.github', 'glidepath.yml'))
    for (const action of [deploy, rollback, report]) {
      const r = await ws.run(action, { version: 'v1' })
      expect(r.outputs['error-code']).toBe('GP-INPUT-003')
      expect(logsOf(r)).not.toContain('hunter2')
    }
  })

  it('a checks file through a linked folder is refused, and none of its values is echoed', async () => {
    symlinkSync(outside, join(ws.dir, 'smoke'))
    const r = await ws.run(smoke, { url: app.url, checks: 'smoke/secrets.yml' })
    expect(r.outputs['error-code']).toBe('GP-INPUT-003')
    expect(logsOf(r)).not.toContain('hunter2')
  })

  it('a JUnit report through a linked folder, or onto a link, is refused and nothing is written outside', async () => {
    symlinkSync(outside, join(ws.dir, 'reports'))
    const viaFolder = await ws.run(smoke, { url: app.url, checks: 'checks: [ { name: home, path: / } ]\n', junit: 'reports/junit.xml' })
    expect(viaFolder.outputs['error-code']).toBe('GP-INPUT-003')
    expect(existsSync(join(outside, 'junit.xml'))).toBe(false)
    symlinkSync(join(outside, 'secrets.yml'), join(ws.dir, 'junit.xml'))
    const ontoLink = await ws.run(smoke, { url: app.url, checks: 'checks: [ { name: home, path: / } ]\n', junit: 'junit.xml' })
    expect(ontoLink.outputs['error-code']).toBe('GP-INPUT-003')
    expect(readFileSync(join(outside, 'secrets.yml'), 'utf8')).toContain(SECRET_LINE)
  })
})

describe('secrets stay masked', () => {
  it("a webhook whose host cannot be resolved is reported without its host, in any case", async () => {
    ws.writeConfig(`version: 1
environments:
  production:
    branches: [main]
    command: { deploy: 'true' }
`)
    await ws.run(deploy, { environment: 'production', version: 'v1' })
    const hook = 'https://Hooks.Glidepath-Unresolvable.INVALID/services/T000/B000/XXXXSECRET'
    const r = await ws.run(report, { environment: 'production', 'slack-webhook': hook })
    const said = logsOf(r)
    expect(said).toContain('could not be resolved')
    expect(said.toLowerCase()).not.toContain('glidepath-unresolvable')
    expect(said).not.toContain('XXXXSECRET')
  })
})

describe('what a target was seen serving is text, never markup', () => {
  it('a version and a target name with pipes, mentions and HTML cannot break the waves table or notify anyone', async () => {
    const { advance, newProgress } = await import('../../shared/state/waves.js')
    const { renderWavesSummary } = await import('../../shared/report/waves.js')
    const hostile = 'v1|x @org/team <img src=x onerror=alert(1)>'
    const p0 = newProgress({ environment: 'prod', id: 'r', version: hostile, strategy: 'rolling', waves: 1, onFailure: 'rollback-all', at: 't', targets: [{ name: 'eu|@admins', wave: 1 }] })
    const p = advance(advance(p0, { type: 'rolling', target: 'eu|@admins', previousVersion: hostile }), {
      type: 'serving', serving: { 'eu|@admins': hostile }, recorded: { 'eu|@admins': '@security' },
      seen: { 'eu|@admins': { said: `${hostile} takes 75%, @everyone takes 25%`, asRouted: false } },
    })
    const md = renderWavesSummary(p)
    const row = md.split('\n').find((l) => l.startsWith('| 1 |')) as string
    // Six cells, whatever the values: every pipe in a value is escaped.
    expect(row.split(/(?<!\\)\|/).length - 2).toBe(6)
    expect(md).not.toMatch(/@(?!\u200d)[A-Za-z]/)
    expect(md).not.toMatch(/(?<!\\)<img/) // escaped as \<, which GitHub shows as text
  })
})

describe('the first sentence of every report is text, never markup', () => {
  it('a rollback reason that closes the bold, opens a link, starts a new block and mentions a team stays one inert line in the summary, and inert in Slack', async () => {
    ws.writeConfig(`version: 1
environments:
  production:
    branches: [main]
    command: { deploy: 'true' }
`)
    await ws.run(deploy, { environment: 'production', version: 'v1' })
    await ws.run(deploy, { environment: 'production', version: 'v2' })
    const reason = '** [approve](https://evil.example) @acme/oncall\n\n# <!channel> <https://evil.example|login>'
    const back = await ws.run(rollback, { environment: 'production', reason })
    expect(back.failed).toBeUndefined()
    const summary = back.summaries.join('\n')
    const first = summary.split('\n')[2]
    // One bold line, its own markup only: the reason's ** is escaped, its newline gone, no link or heading made.
    expect(first).toMatch(/^\*\*Rolled back from v2 to v1 \(.*\); the record says v1 serves\.\*\*$/)
    expect(first.slice(2, -2)).not.toMatch(/(?<!\\)\*\*/)
    expect(first).not.toMatch(/(?<!\\)\[approve\]\(/)
    expect(summary).not.toMatch(/^# /m)
    expect(summary).not.toMatch(/@(?!\u200d)acme/)
    const hook = await startServer({ '/slack': (_q, res) => json(res, 200, {}) })
    try {
      await ws.run(report, { environment: 'production', 'slack-webhook': `${hook.url}/slack` })
      const text = JSON.parse(hook.requests[0].body).text as string
      expect(text).toMatch(/^production: Rolled back from v2 to v1/)
      expect(text).not.toMatch(/<[!@#h]/)
      expect(text).toContain('&lt;!channel&gt;')
    } finally {
      await hook.close()
    }
  })
})

describe('a private preview\'s sign-in link sends the browser nowhere else', () => {
  it('a crafted link (//evil.example/..., /\\evil.example) lands on the preview itself, never another site', () => {
    const token = 'T'.repeat(32)
    const access = routeAccess('pr-1', token)
    const header = () => undefined
    for (const path of [`//evil.example/steal?glidepath-preview=${token}`, `/\\evil.example/?glidepath-preview=${token}`, `///evil.example?glidepath-preview=${token}&a=1`]) {
      const v = checkAccess(access, header, path, false)
      expect(v.kind).toBe('login')
      const location = v.kind === 'login' ? v.location : ''
      // Relative to the preview's own origin, whatever the browser does with slashes and backslashes.
      expect(new URL(location, 'http://pr-1.preview.test').host).toBe('pr-1.preview.test')
    }
  })
})
