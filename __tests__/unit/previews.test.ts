import { describe, it, expect } from '@jest/globals'
import { previewGate, makeRoom, expired, type KnownPreview } from '../../shared/flows/previews.js'
import { previewEnv } from '../../shared/database/preview-name.js'
import { parseConfig } from '../../shared/config/load.js'
import { siteFor } from '../../shared/traffic/local/sites.js'
import type { EventContext } from '../../shared/runtime/context.js'
import type { EnvironmentConfig } from '../../shared/config/types.js'

// The pure parts of previews: which event opens a preview (previews.on), what must stop for a new one
// (previews.max), what the reap removes (previews.ttl), and the preview's own database URL.

const ctx = (action: string, labels: string[] = [], fromFork = false, extra: Record<string, unknown> = {}): EventContext => ({
  eventName: 'pull_request', ref: 'refs/pull/4/merge', sha: 'abc', repository: 'acme/web', runId: '1', runNumber: '1', runAttempt: '1', serverUrl: '', apiUrl: '', actor: 'dev', workflow: '', job: '', stepId: '', workspace: '/tmp',
  action, pr: { number: 4, title: '', headRef: 'feature/x', headSha: 'abc', baseRef: 'main', state: 'open', merged: false, fromFork },
  payload: { action, pull_request: { labels: labels.map((name) => ({ name })) }, ...extra },
})
const env = (on?: string[]): EnvironmentConfig => ({ pullRequests: true, name: 'pr-{{pr.number}}', previews: on ? { on } : {} })

describe('previewGate (previews.on)', () => {
  it('without previews.on every pull-request event opens the preview, a fork\'s too (as before)', () => {
    expect(previewGate(ctx('synchronize', [], true), { pullRequests: true })).toEqual({ open: true })
  })
  it('opened: every push, never a fork\'s own event', () => {
    expect(previewGate(ctx('synchronize'), env(['opened']))).toEqual({ open: true })
    expect(previewGate(ctx('opened', [], true), env(['opened']))).toMatchObject({ open: false, reason: expect.stringMatching(/from a fork/) })
  })
  it('labeled:<label>: only while the pull request carries it; its removal asks for a teardown, another label\'s does not', () => {
    expect(previewGate(ctx('synchronize', ['preview']), env(['labeled:preview']))).toEqual({ open: true })
    expect(previewGate(ctx('synchronize', ['wip']), env(['labeled:preview']))).toEqual({ open: false, reason: 'pull request #4 has not got the label preview (previews.on: labeled:preview)', teardown: false })
    expect(previewGate(ctx('unlabeled', [], false, { label: { name: 'preview' } }), env(['labeled:preview']))).toMatchObject({ open: false, teardown: true, reason: expect.stringMatching(/has lost the label preview/) })
    expect(previewGate(ctx('unlabeled', [], false, { label: { name: 'wip' } }), env(['labeled:preview']))).toMatchObject({ open: false, teardown: false })
  })
  it('command: a writer\'s comment opens it only when listed', () => {
    expect(previewGate(ctx('command'), env(['command']))).toEqual({ open: true })
    expect(previewGate(ctx('command'), env(['labeled:preview']))).toMatchObject({ open: false, reason: expect.stringMatching(/a comment command does not open this preview/) })
    expect(previewGate(ctx('opened'), env(['command']))).toMatchObject({ open: false, reason: expect.stringMatching(/has not got a comment command/) })
  })
})

const p = (number: number, running: boolean, minutesAgo: number): KnownPreview => ({ number, name: `pr-${number}`, running, lastDeploy: new Date(Date.UTC(2026, 11, 7) - minutesAgo * 60_000).toISOString() })

describe('makeRoom (previews.max) and expired (previews.ttl)', () => {
  const known = [p(1, true, 30), p(2, true, 90), p(3, false, 500), p(4, true, 10)]
  it('under max, or for a preview that already runs, nothing stops', () => {
    expect(makeRoom(known, 'pr-5', { max: 4 }, 'preview')).toEqual([])
    expect(makeRoom(known, 'pr-1', { max: 3 }, 'preview')).toEqual([])
    expect(makeRoom(known, 'pr-5', {}, 'preview')).toEqual([])
  })
  it('at max the running previews deployed longest ago stop, as many as it takes (stopped ones are not counted)', () => {
    expect(makeRoom(known, 'pr-5', { max: 3 }, 'preview').map((x) => x.name)).toEqual(['pr-2'])
    expect(makeRoom(known, 'pr-5', { max: 1 }, 'preview').map((x) => x.name)).toEqual(['pr-2', 'pr-1', 'pr-4'])
  })
  it('onMax refuse: GP-PREVIEW-001 naming what runs and how out', () => {
    expect(() => makeRoom(known, 'pr-5', { max: 3, onMax: 'refuse' }, 'preview')).toThrow(expect.objectContaining({ code: 'GP-PREVIEW-001', message: expect.stringMatching(/3 previews of preview run \(pr-1, pr-2, pr-4\)/) }))
  })
  it('expired: running previews whose last deploy is older than the ttl', () => {
    const now = Date.UTC(2026, 11, 7)
    expect(expired(known, 3_600_000, now).map((x) => x.name)).toEqual(['pr-2'])
    expect(expired(known, undefined, now)).toEqual([])
  })
})

describe('previewEnv (previews.database)', () => {
  const environment = (name: string) => ({ name, config: { database: { postgres: { urlEnv: 'DB' } }, previews: { database: {} } } })
  it('the release sees its own database on the same server; the URL is masked', () => {
    const masked: string[] = []
    const out = previewEnv({ DB: 'postgres://app:s3cret@db:5432/shop?sslmode=disable', OTHER: 'x' }, environment('pr-42'), (s) => masked.push(s))
    expect(out).toEqual({ DB: 'postgres://app:s3cret@db:5432/shop_pr_42?sslmode=disable', OTHER: 'x' })
    expect(masked).toEqual([out.DB])
  })
  it('a long name is cut to PostgreSQL\'s 63 characters with a hash, so two long names stay apart', () => {
    const a = new URL(previewEnv({ DB: 'postgres://app@db/shop' }, environment(`feature-${'x'.repeat(70)}-a`), () => undefined).DB as string).pathname.slice(1)
    const b = new URL(previewEnv({ DB: 'postgres://app@db/shop' }, environment(`feature-${'x'.repeat(70)}-b`), () => undefined).DB as string).pathname.slice(1)
    expect(a).toHaveLength(63)
    expect(a).not.toBe(b)
  })
  it('without previews.database, or without the variable, nothing changes', () => {
    const plain = { DB: 'postgres://app@db/shop' }
    expect(previewEnv(plain, { name: 'pr-1', config: { database: { postgres: { urlEnv: 'DB' } } } }, () => undefined)).toBe(plain)
    expect(previewEnv({}, environment('pr-1'), () => undefined)).toEqual({})
  })
})

describe('previews in the config', () => {
  const load = (previews: string, extra = '') => () => parseConfig(`version: 1\nenvironments:\n  preview:\n    pullRequests: true\n    name: 'pr-{{pr.number}}'\n    command: { deploy: ./ok.sh }\n${extra}    previews: ${previews}\n`, 'glidepath.yml', '/tmp')
  it('a documented block loads', () => {
    expect(load('{ on: [opened, "labeled:preview", command], ttl: 3d, max: 5, onMax: refuse, database: { template: shop_seed, seedCommand: psql -f seed.sql } }', '    database: { postgres: { urlEnv: DATABASE_URL } }\n')().environments.preview.previews).toMatchObject({ max: 5, ttl: '3d' })
  })
  it('problems name the key and the way out', () => {
    expect(load('{ database: { template: shop_seed } }')).toThrow(expect.objectContaining({ problems: [expect.objectContaining({ path: 'environments.preview.previews.database', message: expect.stringMatching(/server of database.postgres/) })] }))
    expect(load('{ on: [opened, opened] }')).toThrow(expect.objectContaining({ problems: [expect.objectContaining({ message: expect.stringMatching(/listed twice/) })] }))
  })
})

describe('siteFor (previews.host)', () => {
  const sites = [{ name: 'pr-1', host: 'pr-1.preview.example.com', url: 'http://127.0.0.1:1001' }, { name: 'pr-2', host: 'pr-2.preview.example.com', url: 'http://127.0.0.1:1002' }]
  it('by host (port, case and a trailing dot aside), by name header, then by path prefix (taken off)', () => {
    expect(siteFor(sites, 'PR-2.preview.example.com.:8080', undefined, '/a')).toEqual({ site: sites[1], path: '/a' })
    expect(siteFor(sites, 'localhost', 'pr-1', '/a?b=1')).toEqual({ site: sites[0], path: '/a?b=1' })
    expect(siteFor(sites, 'localhost', undefined, '/pr-2/x/y?z=1')).toEqual({ site: sites[1], path: '/x/y?z=1' })
    expect(siteFor(sites, 'localhost', undefined, '/pr-2?z=1')).toEqual({ site: sites[1], path: '/?z=1' })
    expect(siteFor(sites, 'localhost', undefined, '/pr-2')).toEqual({ site: sites[1], path: '/' })
  })
  it('nothing for an unknown host, name or path', () => {
    expect(siteFor(sites, 'pr-3.preview.example.com', 'pr-9', '/pr-3/')).toBeUndefined()
    expect(siteFor([], 'pr-1.preview.example.com', undefined, '/')).toBeUndefined()
  })
})
