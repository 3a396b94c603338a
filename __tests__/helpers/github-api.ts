import { createServer, type IncomingMessage, type ServerResponse, type Server } from 'node:http'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { Ajv } from 'ajv'

// A GitHub REST API test server. Every request's method, path, query and JSON body is checked against
// GitHub's official OpenAPI description (npm @octokit/openapi); fields the description does not define
// are rejected. It keeps enough state (deployments, statuses, comments, pulls) to answer lists with
// pagination, and can inject 5xx, 403 rate-limit and 429 answers. A rejected request answers 422 and is
// recorded in `rejections`; tests assert there are none.

type Json = any // OpenAPI documents and request bodies are arbitrary JSON

interface Operation {
  method: string
  template: string
  regex: RegExp
  names: string[]
  op: Json
}

let cachedSpec: Json
function spec(): Json {
  cachedSpec ??= JSON.parse(readFileSync(join(process.cwd(), 'node_modules', '@octokit', 'openapi', 'generated', 'api.github.com.deref.json'), 'utf8'))
  return cachedSpec
}

export interface Fault {
  method?: string
  path: RegExp
  status: number
  headers?: Record<string, string>
  body?: Json
  times: number
}

export interface Deployment {
  id: number
  sha: string
  ref: string
  environment: string
  payload: Json
  description: string | null
  production_environment: boolean
  transient_environment: boolean
  created_at: string
  statuses: Array<{ id: number; state: string; description: string; environment_url: string; log_url: string; created_at: string }>
}

export interface GitHubApiServer {
  url: string
  requests: Array<{ method: string; path: string; operation: string; status: number }>
  rejections: string[]
  deployments: Deployment[]
  comments: Array<{ id: number; issue: number; body: string; user: { login: string; type?: string } }>
  pulls: Record<number, { state: string; head: { ref: string; sha: string; repo: { full_name: string } }; base: { ref: string; repo: { full_name: string } }; merged_at: string | null }>
  faults: Fault[]
  /** Commit SHA -> committer date, for lead time. */
  commits: Record<string, string>
  /** Tokens that may only read (a fork's GITHUB_TOKEN). */
  readOnlyTokens: Set<string>
  /** Personal access tokens -> their user's login (GET /user answers it; any other token is an installation's, refused it as GitHub does). */
  userTokens: Record<string, string>
  /** Login -> repository permission (admin, maintain, write, triage, read); others have none. */
  permissions: Record<string, string>
  /** Comments edited by a token that did not write them (Glidepath must never do it). */
  foreignEdits: number[]
  /** Reactions added to issue comments. */
  reactions: Array<{ comment: number; content: string }>
  /** Commit SHA -> the pull requests it belongs to (GET /repos/{owner}/{repo}/commits/{commit_sha}/pulls). */
  commitPulls: Record<string, number[]>
  /** Forgets everything recorded and injected (between tests sharing one server). */
  reset(): void
  close(): Promise<void>
}

const validator = new Ajv({ strict: false, allErrors: true, validateFormats: false })

/** Unknown keys anywhere in a body, against the schema's declared properties (combinators included). */
function unknownFields(value: Json, schema: Json, path = ''): string[] {
  if (!schema || typeof value !== 'object' || value === null) return []
  const branches: Json[] = schema.oneOf ?? schema.anyOf ?? (schema.allOf ? [Object.assign({}, ...schema.allOf.map((s: Json) => ({ ...s, properties: { ...s.properties } })))] : undefined)
  if (branches) {
    const results = branches.map((b: Json) => unknownFields(value, b, path))
    return results.find((r: string[]) => r.length === 0) ?? results[0]
  }
  if (Array.isArray(value)) return value.flatMap((v, i) => unknownFields(v, schema.items, `${path}[${i}]`))
  if (schema.type !== 'object' || !schema.properties || schema.additionalProperties) return []
  const out: string[] = []
  for (const [k, v] of Object.entries(value)) {
    if (!(k in schema.properties)) out.push(`${path}${path ? '.' : ''}${k}`)
    else out.push(...unknownFields(v, schema.properties[k], `${path}${path ? '.' : ''}${k}`))
  }
  return out
}

export async function startGitHubApi(options: { repo?: string; perPageMax?: number } = {}): Promise<GitHubApiServer> {
  const operations: Operation[] = []
  for (const [template, item] of Object.entries<Json>(spec().paths)) {
    const names: string[] = []
    const regex = new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\\{|\{([^}]+)\}/g, (_m: string, n: string) => { names.push(n); return '([^/]+)' })}$`)
    for (const method of ['get', 'post', 'patch', 'put', 'delete']) if (item[method]) operations.push({ method: method.toUpperCase(), template, regex, names, op: item[method] })
  }
  const repo = options.repo ?? 'acme/web'
  let nextId = 1000
  const now = () => new Date().toISOString()
  const state: GitHubApiServer = {
    url: '',
    requests: [],
    rejections: [],
    deployments: [],
    comments: [],
    pulls: {},
    faults: [],
    commits: {},
    readOnlyTokens: new Set(),
    userTokens: {},
    permissions: {},
    reactions: [],
    foreignEdits: [],
    commitPulls: {},
    reset: () => {
      for (const k of Object.keys(state.pulls)) delete state.pulls[Number(k)]
      for (const list of [state.deployments, state.comments, state.requests, state.faults, state.reactions, state.rejections, state.foreignEdits]) list.length = 0
      state.readOnlyTokens.clear()
      state.userTokens = {}
      state.permissions = {}
      state.commitPulls = {}
    },
    close: async () => undefined,
  }

  const send = (res: ServerResponse, status: number, body: Json, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers })
    res.end(body === undefined ? '' : JSON.stringify(body))
  }

  const paginate = (req: IncomingMessage, res: ServerResponse, items: Json[], url: URL) => {
    const perPage = Math.min(Number(url.searchParams.get('per_page') ?? 30), options.perPageMax ?? 100)
    const page = Number(url.searchParams.get('page') ?? 1)
    const slice = items.slice((page - 1) * perPage, page * perPage)
    const last = Math.max(1, Math.ceil(items.length / perPage))
    const link = (p: number, rel: string) => { const u = new URL(url.href); u.searchParams.set('page', String(p)); u.searchParams.set('per_page', String(perPage)); return `<${state.url}${u.pathname}${u.search}>; rel="${rel}"` }
    const links = [page < last ? link(page + 1, 'next') : '', link(last, 'last')].filter(Boolean).join(', ')
    void req
    send(res, 200, slice, { link: links })
  }

  const deploymentJson = (d: Deployment) => ({
    id: d.id, node_id: `D_${d.id}`, sha: d.sha, ref: d.ref, task: 'deploy', payload: d.payload, environment: d.environment, description: d.description,
    production_environment: d.production_environment, transient_environment: d.transient_environment, created_at: d.created_at, updated_at: d.created_at,
    url: `${state.url}/repos/${repo}/deployments/${d.id}`, statuses_url: `${state.url}/repos/${repo}/deployments/${d.id}/statuses`, repository_url: `${state.url}/repos/${repo}`, creator: { login: 'github-actions[bot]' },
  })

  function handle(method: string, template: string, params: Record<string, string>, body: Json, url: URL, req: IncomingMessage, res: ServerResponse): void {
    const key = `${method} ${template}`
    const token = (req.headers.authorization ?? '').split(' ')[1] ?? ''
    const author = state.userTokens[token] ? { login: state.userTokens[token], type: 'User' } : { login: 'github-actions[bot]', type: 'Bot' }
    const deployment = () => state.deployments.find((d) => d.id === Number(params.deployment_id))
    switch (key) {
      case 'GET /repos/{owner}/{repo}':
        return send(res, 200, { id: 1, full_name: repo, private: true, default_branch: 'main' })
      case 'GET /repos/{owner}/{repo}/hash-algorithm': // actions/checkout v6 asks before it fetches
        return send(res, 200, { hash_algorithm: 'sha1' })
      case 'POST /repos/{owner}/{repo}/deployments': {
        const d: Deployment = { id: nextId++, sha: body.ref, ref: body.ref, environment: body.environment ?? 'production', payload: body.payload ?? {}, description: body.description ?? null,
          production_environment: body.production_environment ?? body.environment === 'production', transient_environment: body.transient_environment ?? false, created_at: now(), statuses: [] }
        state.deployments.unshift(d)
        return send(res, 201, deploymentJson(d))
      }
      case 'GET /repos/{owner}/{repo}/deployments': {
        const env = url.searchParams.get('environment')
        const sha = url.searchParams.get('sha')
        return paginate(req, res, state.deployments.filter((d) => (!env || d.environment === env) && (!sha || d.sha === sha)).map(deploymentJson), url)
      }
      case 'GET /repos/{owner}/{repo}/deployments/{deployment_id}': {
        const d = deployment()
        return d ? send(res, 200, deploymentJson(d)) : send(res, 404, { message: 'Not Found' })
      }
      case 'POST /repos/{owner}/{repo}/deployments/{deployment_id}/statuses': {
        const d = deployment()
        if (!d) return send(res, 404, { message: 'Not Found' })
        if (body.description && body.description.length > 140) return reject(res, key, `description is ${body.description.length} characters (max 140)`)
        const s = { id: nextId++, state: body.state, description: body.description ?? '', environment_url: body.environment_url ?? '', log_url: body.log_url ?? '', created_at: now() }
        d.statuses.unshift(s)
        return send(res, 201, { ...s, url: `${state.url}/repos/${repo}/deployments/${d.id}/statuses/${s.id}`, deployment_url: `${state.url}/repos/${repo}/deployments/${d.id}`, creator: { login: 'github-actions[bot]' } })
      }
      case 'GET /repos/{owner}/{repo}/deployments/{deployment_id}/statuses': {
        const d = deployment()
        return d ? paginate(req, res, d.statuses, url) : send(res, 404, { message: 'Not Found' })
      }
      case 'GET /repos/{owner}/{repo}/issues/{issue_number}/comments':
        return paginate(req, res, state.comments.filter((c) => c.issue === Number(params.issue_number)).map((c) => ({ ...c, html_url: `https://github.com/${repo}/pull/${c.issue}#issuecomment-${c.id}` })), url)
      case 'GET /user':
        return state.userTokens[token] ? send(res, 200, { login: state.userTokens[token], id: 7, type: 'User' }) : send(res, 403, { message: 'Resource not accessible by integration', documentation_url: 'https://docs.github.com/rest/users/users#get-the-authenticated-user' })
      case 'POST /repos/{owner}/{repo}/issues/{issue_number}/comments': {
        const c = { id: nextId++, issue: Number(params.issue_number), body: body.body, user: author }
        state.comments.push(c)
        return send(res, 201, { ...c, html_url: `https://github.com/${repo}/pull/${c.issue}#issuecomment-${c.id}` })
      }
      case 'PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}': {
        const c = state.comments.find((x) => x.id === Number(params.comment_id))
        if (!c) return send(res, 404, { message: 'Not Found' })
        // GitHub lets a token edit its own comments (and, with write access, others'): the test records who.
        if (c.user.login !== author.login) state.foreignEdits.push(c.id)
        c.body = body.body
        return send(res, 200, { ...c, html_url: `https://github.com/${repo}/pull/${c.issue}#issuecomment-${c.id}` })
      }
      case 'GET /repos/{owner}/{repo}/pulls/{pull_number}': {
        const p = state.pulls[Number(params.pull_number)]
        return p ? send(res, 200, { number: Number(params.pull_number), ...p }) : send(res, 404, { message: 'Not Found' })
      }
      case 'GET /repos/{owner}/{repo}/commits/{ref}': {
        const date = state.commits[params.ref]
        return date ? send(res, 200, { sha: params.ref, commit: { message: 'change', committer: { name: 'dev', email: 'dev@example.com', date }, author: { name: 'dev', email: 'dev@example.com', date } } }) : send(res, 404, { message: 'No commit found' })
      }
      case 'GET /repos/{owner}/{repo}/collaborators/{username}/permission': {
        const role = state.permissions[params.username] ?? 'none'
        const permission = role === 'maintain' ? 'write' : role === 'triage' ? 'read' : role
        return send(res, 200, { permission, role_name: role, user: { login: params.username, id: 1, type: 'User' } })
      }
      case 'POST /repos/{owner}/{repo}/issues/comments/{comment_id}/reactions': {
        const existing = state.reactions.find((r) => r.comment === Number(params.comment_id) && r.content === body.content)
        if (!existing) state.reactions.push({ comment: Number(params.comment_id), content: body.content })
        return send(res, existing ? 200 : 201, { id: nextId++, content: body.content, user: { login: 'github-actions[bot]' }, created_at: now() })
      }
      case 'GET /repos/{owner}/{repo}/commits/{commit_sha}/pulls':
        return paginate(req, res, (state.commitPulls[params.commit_sha] ?? []).filter((n) => state.pulls[n]).map((n) => ({ number: n, ...state.pulls[n] })), url)
      case 'GET /repos/{owner}/{repo}/pulls':
        return paginate(req, res, Object.entries(state.pulls).filter(([, p]) => (url.searchParams.get('state') ?? 'open') === 'all' || p.state === (url.searchParams.get('state') ?? 'open')).map(([n, p]) => ({ number: Number(n), ...p })), url)
      default:
        return reject(res, key, 'valid by the description, but this test server does not implement it')
    }
  }

  function reject(res: ServerResponse, what: string, why: string) {
    state.rejections.push(`${what}: ${why}`)
    send(res, 422, { message: `Rejected by the test server: ${why}`, documentation_url: 'https://docs.github.com/rest' })
  }

  const server: Server = createServer((req, res) => {
    let raw = ''
    req.on('data', (c) => (raw += c))
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://api')
      // GitHub Enterprise Server serves the same API under /api/v3.
      if (url.pathname.startsWith('/api/v3/')) url.pathname = url.pathname.slice('/api/v3'.length)
      const method = req.method ?? 'GET'
      const candidates = operations.filter((o) => o.method === method && o.regex.test(url.pathname))
      // The most specific template wins (fewest parameters), as GitHub's router does.
      const match = candidates.sort((a, b) => a.names.length - b.names.length)[0]
      if (!match) {
        state.requests.push({ method, path: url.pathname, operation: '?', status: 404 })
        return reject(res, `${method} ${url.pathname}`, 'no such operation in the OpenAPI description')
      }
      const values = match.regex.exec(url.pathname)?.slice(1) ?? []
      const params = Object.fromEntries(match.names.map((n, i) => [n, decodeURIComponent(values[i])]))
      const key = `${method} ${match.template}`
      state.requests.push({ method, path: url.pathname, operation: key, status: 0 })
      const record = state.requests[state.requests.length - 1]
      const origEnd = res.end.bind(res)
      res.end = ((...args: Parameters<typeof res.end>) => { record.status = res.statusCode; return origEnd(...args) }) as typeof res.end

      const fault = state.faults.find((f) => f.times > 0 && (!f.method || f.method === method) && f.path.test(url.pathname))
      if (fault) {
        fault.times--
        return send(res, fault.status, fault.body ?? { message: `injected ${fault.status}` }, fault.headers)
      }
      if (!/^(token|Bearer) \S+$/.test(req.headers.authorization ?? '')) return send(res, 401, { message: 'Requires authentication' })
      const token = (req.headers.authorization ?? '').split(' ')[1]
      if (method !== 'GET' && state.readOnlyTokens.has(token)) return send(res, 403, { message: 'Resource not accessible by integration', documentation_url: 'https://docs.github.com/rest' })

      // Query parameters: every one must be declared, with a value of the declared type.
      const declared = new Map<string, Json>((match.op.parameters ?? []).filter((p: Json) => p.in === 'query').map((p: Json) => [p.name, p.schema]))
      for (const [name, value] of url.searchParams) {
        const schema = declared.get(name)
        if (!schema) return reject(res, key, `query parameter "${name}" is not defined`)
        const typed = schema.type === 'integer' ? Number(value) : schema.type === 'boolean' ? value === 'true' : value
        if (!validator.validate(schema, typed)) return reject(res, key, `query parameter ${name}=${value}: ${validator.errorsText()}`)
      }
      let body: Json
      if (raw) {
        try { body = JSON.parse(raw) } catch { return reject(res, key, 'body is not JSON') }
        const schema = match.op.requestBody?.content?.['application/json']?.schema
        if (!schema) return reject(res, key, 'this operation takes no JSON body')
        if (!validator.validate(schema, body)) return reject(res, key, `body: ${validator.errorsText()}`)
        const unknown = unknownFields(body, schema)
        if (unknown.length) return reject(res, key, `body fields not in the description: ${unknown.join(', ')}`)
      } else if (match.op.requestBody?.required) return reject(res, key, 'a JSON body is required')
      handle(method, match.template, params, body, url, req, res)
    })
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()))
  state.url = `http://127.0.0.1:${(server.address() as { port: number }).port}`
  state.close = () => new Promise((r) => { server.closeAllConnections(); server.close(() => r()) })
  return state
}
