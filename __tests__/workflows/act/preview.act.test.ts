import { describe, it, expect, beforeAll, afterAll } from '@jest/globals'
import { join } from 'node:path'
import { ActWorld, demoApp, USER_REPO, type UserRepo } from './world.js'
import { execFileSync } from 'node:child_process'
import { freePort, getAs, stopAll } from '../../helpers/workspace.js'
import { startPostgres, type RealPostgres } from '../../helpers/postgres.js'
import { previewToken } from '../../../shared/traffic/local/access.js'

// The reusable preview workflow (.github/workflows/preview.yml) on act: a pull request opened
// (a transient preview at the PR head SHA, its URL in a sticky comment), synchronized (updated in
// place), closed (torn down, deployments inactive); a fork's pull request (nothing deployed, the
// token never used); and a scheduled reap of a preview whose pull request closed without a teardown.
// The real actions/checkout fetches the PR head and the base branch from the git server.

let world: ActWorld
let repo: UserRepo
let previews: string

const CALLER = `name: preview
on:
  pull_request:
    types: [opened, synchronize, reopened, closed]
permissions: {}
jobs:
  preview:
    permissions: { contents: read, deployments: write, pull-requests: write }
    uses: glidepath-dev/glidepath/.github/workflows/preview.yml@v1
    with:
      smoke-checks: .github/smoke.yml
    secrets: inherit
`
const REAP = `name: reap previews
on:
  schedule:
    - cron: '17 3 * * *'
permissions: {}
jobs:
  reap:
    runs-on: ubuntu-latest
    permissions: { contents: read, deployments: write, pull-requests: read }
    steps:
      - uses: actions/checkout@v6
        with:
          persist-credentials: false
      - uses: glidepath-dev/glidepath/actions/deploy@v1
        with:
          reap: 'true'
`
// The preview's port is its pull request's number (the tests pick free ports as PR numbers).
const UP = `#!/bin/sh
set -e
dir="${'$'}PREVIEWS/${'$'}GLIDEPATH_ENVIRONMENT"
mkdir -p "$dir"
if [ -f "$dir/pid" ]; then kill -TERM -"$(cat "$dir/pid")" 2>/dev/null || true; sleep 0.3; fi
rm -rf "$dir/app" && cp -r app "$dir/app"
cd "$dir/app"
PORT="$GLIDEPATH_PR_NUMBER" setsid node server.js > "$dir/log" 2>&1 < /dev/null &
echo $! > "$dir/pid"
for i in $(seq 1 50); do
  if node -e "fetch('http://127.0.0.1:'+process.env.GLIDEPATH_PR_NUMBER+'/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"; then exit 0; fi
  sleep 0.1
done
echo "preview did not come up" >&2; exit 1
`
const DOWN = `#!/bin/sh
dir="${'$'}PREVIEWS/${'$'}GLIDEPATH_ENVIRONMENT"
if [ -f "$dir/pid" ]; then kill -TERM -"$(cat "$dir/pid")" 2>/dev/null || true; rm -f "$dir/pid"; fi
`
const config = () => `version: 1
environments:
  production:
    branches: [main]
    command: { deploy: 'true' }
  preview:
    pullRequests: true
    branches: ['feature/*']
    name: 'pr-{{pr.number}}'
    url: 'http://127.0.0.1:{{pr.number}}'
    transient: true
    command: { deploy: ./ops/preview-up.sh, teardown: ./ops/preview-down.sh }
`
const SMOKE = `checks:
  - name: health
    path: /health
    expect: { status: 200, json: { $.status: ok } }
`
const prEvent = (number: number, action: string, head: string, fork = false) => world.pullRequest(repo, { number, action, head: 'feature/login', sha: head, fork })
const version = async (port: number) => {
  try {
    const res = await fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(2000) })
    return ((await res.json()) as { version: string }).version
  } catch {
    return null
  }
}
const states = (d: { statuses: Array<{ state: string }> }) => d.statuses.map((s) => s.state).reverse()
const ok = (run: { code: number; output: string }) => expect({ code: run.code, tail: run.code ? run.output.slice(-4000) : '' }).toEqual({ code: 0, tail: '' })

beforeAll(async () => {
  world = await ActWorld.start()
  previews = join(world.dir, 'previews')
  repo = world.userRepo('web-preview', {
    '.github/workflows/preview.yml': CALLER,
    '.github/workflows/reap.yml': REAP,
    '.github/glidepath.yml': config(),
    '.github/smoke.yml': SMOKE,
    'ops/preview-up.sh': UP,
    'ops/preview-down.sh': DOWN,
    ...demoApp('app'),
  })
  repo.publish('main')
  repo.checkout('feature/login', true)
}, 120_000)

afterAll(async () => {
  await world?.stop()
})

describe('previews.on on act: only a labelled pull request gets a preview', () => {
  let labelled: UserRepo
  const LABELLED_CALLER = CALLER.replace('types: [opened, synchronize, reopened, closed]', 'types: [opened, synchronize, reopened, labeled, unlabeled, closed]')
  beforeAll(() => {
    labelled = world.userRepo('web-labelled', {
      '.github/workflows/preview.yml': LABELLED_CALLER,
      '.github/glidepath.yml': `${config()}    previews: { on: ['labeled:preview'] }\n`,
      '.github/smoke.yml': SMOKE,
      'ops/preview-up.sh': UP,
      'ops/preview-down.sh': DOWN,
      ...demoApp('app'),
    })
    labelled.publish('main')
    labelled.checkout('feature/login', true)
  })

  it('opened without the label deploys nothing; labelled deploys; the label taken off tears it down', async () => {
    const number = await freePort()
    const head = labelled.commit('search page', { 'app/search.txt': 'search' })
    labelled.publish('main', 'feature/login')
    const pr = (action: string, labels: string[], label?: string) => world.pullRequest(labelled, { number, action, head: 'feature/login', sha: head, labels, label })
    const bare = await world.act(labelled, 'pull_request', '.github/workflows/preview.yml', pr('opened', []), { env: { PREVIEWS: previews } })
    ok(bare)
    expect(bare.output).toMatch(new RegExp(`pull request #${number} has not got the label preview \\(previews.on: labeled:preview\\)`))
    expect(world.gh.deployments.filter((x) => x.environment === `pr-${number}`)).toHaveLength(0)
    expect(await version(number)).toBeNull()

    ok(await world.act(labelled, 'pull_request', '.github/workflows/preview.yml', pr('labeled', ['preview'], 'preview'), { env: { PREVIEWS: previews } }))
    expect(await version(number)).toBe(head.slice(0, 12))
    expect(world.gh.comments.filter((c) => c.issue === number)).toHaveLength(1)

    ok(await world.act(labelled, 'pull_request', '.github/workflows/preview.yml', pr('unlabeled', [], 'preview'), { env: { PREVIEWS: previews } }))
    expect(await version(number)).toBeNull()
    for (const d of world.gh.deployments.filter((x) => x.environment === `pr-${number}`)) expect(states(d).at(-1)).toBe('inactive')
    expect(world.gh.rejections).toEqual([])
  }, 600_000)
})

describe('reusable preview.yml on act', () => {
  let number: number
  it('opened: deploys the PR head SHA as a transient preview, with its URL in a sticky comment', async () => {
    number = await freePort()
    const head = repo.commit('login page', { 'app/login.txt': 'login' })
    repo.publish('main', 'feature/login')
    const run = await world.act(repo, 'pull_request', '.github/workflows/preview.yml', prEvent(number, 'opened', head), { env: { PREVIEWS: previews } })
    ok(run)
    expect(world.git.log.some((l) => l.includes('/acme/web') && l.includes('git-upload-pack'))).toBe(true) // the real checkout fetched the head
    expect(await version(number)).toBe(head.slice(0, 12))
    const [d] = world.gh.deployments.filter((x) => x.environment === `pr-${number}`)
    expect(d).toMatchObject({ sha: head, transient_environment: true, production_environment: false })
    expect(states(d)).toEqual(['in_progress', 'success'])
    expect(d.statuses[0]).toMatchObject({ environment_url: `http://127.0.0.1:${number}` })
    const comments = world.gh.comments.filter((c) => c.issue === number)
    expect(comments).toHaveLength(1)
    expect(comments[0].body).toMatch(new RegExp(`^<!-- glidepath:pr-${number} -->`))
    expect(comments[0].body).toContain(`http://127.0.0.1:${number}`)
    expect(comments[0].body).toContain(head.slice(0, 12))
    expect(world.gh.rejections).toEqual([])
  }, 600_000)

  it('synchronize: the preview is updated in place, the older deployment inactive, the same comment edited', async () => {
    const head = repo.commit('login page, take two', { 'app/login.txt': 'login 2' })
    repo.publish('main', 'feature/login')
    const run = await world.act(repo, 'pull_request', '.github/workflows/preview.yml', prEvent(number, 'synchronize', head), { env: { PREVIEWS: previews } })
    ok(run)
    expect(await version(number)).toBe(head.slice(0, 12))
    const [latest, earlier] = world.gh.deployments.filter((x) => x.environment === `pr-${number}`)
    expect(latest.sha).toBe(head)
    expect(states(latest)).toEqual(['in_progress', 'success'])
    expect(states(earlier).at(-1)).toBe('inactive')
    const comments = world.gh.comments.filter((c) => c.issue === number)
    expect(comments).toHaveLength(1)
    expect(comments[0].body).toContain(head.slice(0, 12))
    expect(world.gh.rejections).toEqual([])
  }, 600_000)

  it('closed: the base branch\'s config tears the preview down and every deployment of it goes inactive', async () => {
    const run = await world.act(repo, 'pull_request', '.github/workflows/preview.yml', prEvent(number, 'closed', repo.sha()), { env: { PREVIEWS: previews } })
    ok(run)
    expect(run.output).toMatch(/Tear the preview down/)
    expect(await version(number)).toBeNull()
    for (const d of world.gh.deployments.filter((x) => x.environment === `pr-${number}`)) expect(states(d).at(-1)).toBe('inactive')
    expect(world.gh.rejections).toEqual([])
  }, 600_000)

  it('a fork\'s pull request deploys nothing and never uses the token', async () => {
    const requests = world.gh.requests.length
    const deployments = world.gh.deployments.length
    const fork = await freePort()
    const run = await world.act(repo, 'pull_request', '.github/workflows/preview.yml', prEvent(fork, 'opened', repo.sha(), true), { env: { PREVIEWS: previews } })
    ok(run)
    expect(run.output).not.toMatch(/Run Main glidepath-dev\/glidepath\/actions\/deploy@v1/)
    expect(world.gh.deployments.length).toBe(deployments)
    expect(world.gh.requests.length).toBe(requests)
    expect(await version(fork)).toBeNull()
  }, 600_000)

  it('a scheduled reap removes a preview whose pull request closed without a teardown run', async () => {
    const orphan = await freePort()
    const head = repo.sha()
    ok(await world.act(repo, 'pull_request', '.github/workflows/preview.yml', prEvent(orphan, 'opened', head), { env: { PREVIEWS: previews } }))
    expect(await version(orphan)).toBe(head.slice(0, 12))
    world.gh.pulls[orphan].state = 'closed' // closed while no workflow ran (a cancelled run, a deleted fork)
    repo.checkout('main')
    const run = await world.act(repo, 'schedule', '.github/workflows/reap.yml', { schedule: '17 3 * * *', repository: { full_name: USER_REPO, default_branch: 'main' } }, { env: { PREVIEWS: previews } })
    ok(run)
    expect(run.output).toMatch(new RegExp(`::set-output:: reaped=pr-${orphan}`))
    expect(await version(orphan)).toBeNull()
    for (const d of world.gh.deployments.filter((x) => x.environment === `pr-${orphan}`)) expect(states(d).at(-1)).toBe('inactive')
    expect(world.gh.rejections).toEqual([])
  }, 600_000)
})

describe('a private preview with its own PostgreSQL database behind one front, on act', () => {
  // The local provider behind a front (previews.host), private by default, a database per preview copied
  // from a template on a real PostgreSQL, migrations by the config's command, asleep when idle; driven by
  // the reusable preview.yml (secrets passed by name) and the reap workflow, as a preview machine runs them.
  let pg: RealPostgres
  let db: UserRepo
  let front: number
  let stateDir: string
  const SECRET = 'act-preview-secret-0123456789'
  const psql = (database: string, sql: string) => execFileSync(join(pg.bin, 'psql'), ['--no-psqlrc', '-d', database, '-At', '-v', 'ON_ERROR_STOP=1', '-c', sql], { env: { ...process.env, PGPASSWORD: pg.password, PGHOST: '127.0.0.1', PGPORT: String(pg.port), PGUSER: 'app' }, encoding: 'utf8' }).trim()
  const databases = () => psql('postgres', "SELECT datname FROM pg_database WHERE datname LIKE 'shop_pr_%' ORDER BY 1").split('\n').filter(Boolean)
  const token = (name: string) => previewToken({ name, config: { pullRequests: true, previews: {}, local: { app: '.', start: '.' } } }, { GLIDEPATH_PREVIEW_SECRET: SECRET }, '/nonexistent') as string
  const via = (name: string, headers: Record<string, string> = {}) => getAs(front, `${name}.preview.test`, '/health', headers).catch(() => ({ status: 0, body: '' }))
  const secrets = () => ({ GLIDEPATH_PREVIEW_SECRET: SECRET, PREVIEW_DATABASE_URL: pg.url })
  const CALLER_DB = `name: preview
on:
  pull_request:
    types: [opened, synchronize, reopened, closed]
permissions: {}
jobs:
  preview:
    permissions: { contents: read, deployments: write, pull-requests: write }
    uses: glidepath-dev/glidepath/.github/workflows/preview.yml@v1
    secrets:
      preview-secret: \${{ secrets.GLIDEPATH_PREVIEW_SECRET }}
      database-url: \${{ secrets.PREVIEW_DATABASE_URL }}
`
  const REAP_DB = REAP.replace("          reap: 'true'", "          reap: 'true'\n        env:\n          DATABASE_URL: ${{ secrets.PREVIEW_DATABASE_URL }}")
  let number: number

  beforeAll(async () => {
    pg = await startPostgres()
    psql('shop', 'CREATE TABLE products (id int); INSERT INTO products VALUES (1), (2), (3)')
    psql('postgres', 'CREATE DATABASE shop_seed TEMPLATE shop')
    front = await freePort()
    stateDir = join(world.dir, 'preview-host-state')
    db = world.userRepo('web-private-db', {
      '.github/workflows/preview.yml': CALLER_DB,
      '.github/workflows/reap.yml': REAP_DB,
      '.github/glidepath.yml': `version: 1
environments:
  production:
    branches: [main]
    command: { deploy: 'true' }
  preview:
    pullRequests: true
    branches: ['feature/*']
    name: 'pr-{{pr.number}}'
    url: 'http://pr-{{pr.number}}.preview.test:${front}'
    transient: true
    local: { app: app, start: node server.js, health: /health, minReady: 100ms, stateDir: ${stateDir} }
    database:
      postgres: { urlEnv: DATABASE_URL }
      backup: { enabled: false }
      migrate: '${join(pg.bin, 'psql')} "$DATABASE_URL" -v ON_ERROR_STOP=1 -qc "CREATE TABLE IF NOT EXISTS visits (id int)"'
    previews:
      idle: 1s
      host: { port: ${front}, name: 'pr-{{pr.number}}.preview.test' }
      database: { template: shop_seed }
`,
      ...demoApp('app'),
    })
    db.publish('main')
    db.checkout('feature/login', true)
    number = 4100 + Math.floor(Math.random() * 800)
  }, 120_000)

  afterAll(async () => {
    await stopAll(stateDir)
    pg?.stop()
  })

  it('opened: a database copied from the template and migrated, the preview private at its host name; synchronize keeps the data; idle, it sleeps and the next request wakes it; closed drops it all', async () => {
    const name = `pr-${number}`
    const first = db.commit('search page', { 'app/search.txt': 'search' })
    db.publish('main', 'feature/login')
    const opened = await world.act(db, 'pull_request', '.github/workflows/preview.yml', world.pullRequest(db, { number, action: 'opened', head: 'feature/login', sha: first }), { secrets: secrets() })
    ok(opened)
    expect(databases()).toEqual([`shop_pr_${number}`])
    expect(psql(`shop_pr_${number}`, 'SELECT count(*) FROM products')).toBe('3')
    expect(psql(`shop_pr_${number}`, "SELECT to_regclass('visits') IS NOT NULL")).toBe('t')
    expect((await via(name)).status).toBe(401)
    const served = await via(name, { 'x-glidepath-preview': token(name) })
    expect(served.status).toBe(200)
    expect(JSON.parse(served.body).version).toBe(first.slice(0, 12))
    // A public repository's comment says how to make the link, and never carries the token; no log shows a secret.
    const comment = world.gh.comments.find((c) => c.issue === number)?.body ?? ''
    expect(comment).toContain(`npx glidepath preview-link --environment preview --pr ${number}`)
    expect(comment).not.toContain(token(name))
    expect(opened.output).not.toContain(pg.password)
    expect(opened.output).not.toContain(SECRET)

    psql(`shop_pr_${number}`, 'INSERT INTO visits VALUES (42)')
    const second = db.commit('search page, take two', { 'app/search.txt': 'search 2' })
    db.publish('main', 'feature/login')
    ok(await world.act(db, 'pull_request', '.github/workflows/preview.yml', world.pullRequest(db, { number, action: 'synchronize', head: 'feature/login', sha: second }), { secrets: secrets() }))
    expect(JSON.parse((await via(name, { 'x-glidepath-preview': token(name) })).body).version).toBe(second.slice(0, 12))
    expect(psql(`shop_pr_${number}`, 'SELECT id FROM visits')).toBe('42')

    await new Promise((r) => setTimeout(r, 1500))
    db.checkout('main')
    const reaped = await world.act(db, 'schedule', '.github/workflows/reap.yml', { schedule: '17 3 * * *', repository: { full_name: USER_REPO, default_branch: 'main' } }, { secrets: secrets() })
    ok(reaped)
    expect(reaped.output).toMatch(new RegExp(`::set-output:: slept=${name}`))
    expect((await via(name)).status).toBe(401) // a stranger wakes nothing
    const woken = await getAs(front, `${name}.preview.test`, '/health', { 'x-glidepath-preview': token(name) })
    expect(woken.status).toBe(200)
    expect(JSON.parse(woken.body).version).toBe(second.slice(0, 12))

    db.checkout('feature/login')
    ok(await world.act(db, 'pull_request', '.github/workflows/preview.yml', world.pullRequest(db, { number, action: 'closed', head: 'feature/login', sha: second }), { secrets: secrets() }))
    expect(databases()).toEqual([])
    expect((await via(name, { 'x-glidepath-preview': token(name) })).status).not.toBe(200)
    expect(world.gh.rejections).toEqual([])
  }, 600_000)
})
