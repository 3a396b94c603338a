import { describe, it, expect } from '@jest/globals'
import { Markdown, md, bold, raw, table } from '../../shared/report/md.js'
import { renderPlan, type DeployPlan } from '../../shared/flows/plan.js'
import { renderSmokeSummary } from '../../shared/flows/smoke.js'
import { renderWavesSummary } from '../../shared/report/waves.js'
import { renderDeploySummary } from '../../shared/report/summary.js'
import { newRecord, finish } from '../../shared/state/record.js'

const hostile = 'v1|x <img src=x> **b** [l](http://e) @org/team\n# h'

describe('the one markdown builder', () => {
  it('escapes every echoed value once, keeps its own markdown, and never lets a value split a table cell or start a block', () => {
    const out = new Markdown()
      .heading(md`Deploy to ${hostile}`)
      .para(bold(hostile), ' then ', raw('`code`'))
      .table(['a', 'b'], [[hostile, 3], [null, raw('✅ ok')]])
      .details('more', raw('inside'))
      .toString()
    expect(out).toBe([
      '### Deploy to v1\\|x \\<img src=x\\> \\*\\*b\\*\\* \\[l\\](http://e) @\u200dorg/team # h',
      '',
      '**v1\\|x \\<img src=x\\> \\*\\*b\\*\\* \\[l\\](http://e) @\u200dorg/team # h** then `code`',
      '',
      '| a | b |\n|---|---|\n| v1\\|x \\<img src=x\\> \\*\\*b\\*\\* \\[l\\](http://e) @\u200dorg/team # h | 3 |\n|  | ✅ ok |',
      '',
      '<details><summary>more</summary>\n\ninside\n\n</details>',
      '',
    ].join('\n'))
    expect(table(['x'], []).md).toBe('| x |\n|---|\n')
  })

  it('plans, smoke tables and wave tables go through it: a hostile version or reason stays one inert cell', () => {
    const plan: DeployPlan = { environment: 'production', version: hostile, because: 'branch main', provider: 'local', strategy: 'canary', stable: 'v0', canary: null, transition: { name: 'start-canary', says: 'starts beside stable' }, steps: [{ index: 0, weight: 20, pause: '1m' }], metrics: [] } as unknown as DeployPlan
    const p = renderPlan(plan)
    expect(p).toMatch(/^### Plan: v1\\\|x \\<img/)
    expect(p).not.toMatch(/(?<!\\)<img/)
    expect(p).toContain('Transition **start-canary**: starts beside stable.')
    const smoke = renderSmokeSummary({ results: [{ name: hostile, passed: false, attempts: 1, failure: 'a|b' }] } as unknown as Parameters<typeof renderSmokeSummary>[0])
    expect(smoke).toContain('| v1\\|x \\<img src=x\\> \\*\\*b\\*\\* \\[l\\](http://e) @\u200dorg/team # h | ❌ |  |  | 1 | a\\|b |')
    const waves = renderWavesSummary({ environment: 'production', version: 'v2', status: 'failed', reason: hostile, targets: [{ name: 'eu', wave: 1, status: 'failed', previousVersion: 'v1', serving: 'v1', reason: 'x|y' }] } as unknown as Parameters<typeof renderWavesSummary>[0])
    expect(waves).toContain('| 1 | eu | ❌ failed | v1 | v1 (recorded; not seen) | x\\|y |')
    expect(waves).not.toMatch(/(?<!\\)<img/)
  })

  it('a summary says what the deploy did to its database and until when the previous version is kept', () => {
    const r = finish({ ...newRecord({ kind: 'deploy', environment: 'pr-7', version: 'v2', previousVersion: 'v1', strategy: 'rolling', provider: 'local', url: 'https://pr-7.preview.test' }),
      database: { backup: { path: '/b', bytes: 20480, sha256: 'abcdef0123456789', seconds: 1, at: '' }, migration: { before: '20261201', after: '20261206', applied: true } },
      rollbackWindow: { version: 'v1', until: '2026-12-06T23:00:00.000Z' } }, 'success')
    const md = renderDeploySummary(r)
    expect(md).toContain('| URL | https://pr-7.preview.test |')
    expect(md).toContain('| Database | backup taken (20 KiB, sha256 abcdef012345); migrated from schema 20261201 to 20261206 |')
    expect(md).toContain('| Rollback window | v1 keeps running until 2026-12-06T23:00:00.000Z: a rollback to it until then is one router switch |')
  })
})
