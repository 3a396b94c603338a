import { request as httpReq, Agent as HttpAgent } from 'node:http'
import { request as httpsReq, Agent as HttpsAgent } from 'node:https'
import type { TLSSocket } from 'node:tls'

// The one HTTP client helper, on node:http/https so that a check can see the TLS certificate, choose
// its redirect policy and trust a given CA. Bodies are capped; time is measured to the last byte.

export interface HttpResult {
  status: number
  headers: { get(name: string): string | null }
  body: string
  durationMs: number
  /** The final URL after redirects. */
  url: string
  redirects: number
  /** The server certificate's expiry, for https. */
  certificateValidTo?: Date
}

export interface HttpOptions {
  method?: string
  headers?: Record<string, string>
  body?: string
  timeoutMs?: number
  /** follow: up to 10 redirects; manual: return the 3xx as it is. */
  redirect?: 'follow' | 'manual'
  /** Accept any certificate (self-signed test servers); the expiry is still read. */
  insecure?: boolean
  ca?: string
  /** Keep-alive agents to reuse connections across many requests (smoke checks); default: none. */
  agents?: { http: HttpAgent; https: HttpsAgent }
}

/** Keep-alive agents for a batch of requests; destroy() them when the batch is done. */
export function keepAliveAgents(maxSockets: number): { http: HttpAgent; https: HttpsAgent; destroy(): void } {
  const http = new HttpAgent({ keepAlive: true, maxSockets })
  const https = new HttpsAgent({ keepAlive: true, maxSockets })
  return { http, https, destroy: () => { http.destroy(); https.destroy() } }
}

export class HttpError extends Error {
  constructor(message: string, readonly kind: 'connect' | 'timeout' | 'tls' | 'protocol', readonly code?: string) {
    super(message)
  }
}

const MAX_BODY = 1024 * 1024
const MAX_REDIRECTS = 10

export async function httpRequest(url: string, options: HttpOptions = {}): Promise<HttpResult> {
  const started = performance.now()
  const deadline = Date.now() + (options.timeoutMs ?? 5000)
  let current = url
  let method = options.method ?? 'GET'
  let body = options.body
  for (let redirects = 0; ; redirects++) {
    const res = await once(current, { ...options, method, body }, deadline)
    const location = res.headers.get('location')
    if (options.redirect !== 'manual' && location && [301, 302, 303, 307, 308].includes(res.status) && redirects < MAX_REDIRECTS) {
      current = new URL(location, current).href
      if (res.status === 303 || ((res.status === 301 || res.status === 302) && method === 'POST')) {
        method = 'GET'
        body = undefined
      }
      continue
    }
    return { ...res, url: current, redirects, durationMs: performance.now() - started }
  }
}

function once(url: string, options: HttpOptions & { method: string }, deadline: number): Promise<Omit<HttpResult, 'url' | 'redirects' | 'durationMs'>> {
  return new Promise((resolve, reject) => {
    let u: URL
    try {
      u = new URL(url)
    } catch {
      return reject(new HttpError(`"${url}" is not a URL`, 'protocol'))
    }
    const isHttps = u.protocol === 'https:'
    if (!isHttps && u.protocol !== 'http:') return reject(new HttpError(`unsupported protocol ${u.protocol}`, 'protocol'))
    const headers: Record<string, string> = { 'user-agent': 'glidepath', ...options.headers }
    const hasAuth = Object.keys(headers).some((k) => k.toLowerCase() === 'authorization')
    if ((u.username || u.password) && !hasAuth) headers.authorization = `Basic ${Buffer.from(`${decodeURIComponent(u.username)}:${decodeURIComponent(u.password)}`).toString('base64')}`
    u.username = ''
    u.password = ''
    if (options.body !== undefined) headers['content-length'] = String(Buffer.byteLength(options.body))
    const left = Math.max(1, deadline - Date.now())
    const req = (isHttps ? httpsReq : httpReq)(u, {
      method: options.method,
      headers,
      agent: options.agents ? (isHttps && !options.insecure && !options.ca ? options.agents.https : isHttps ? false : options.agents.http) : false,
      ...(isHttps ? { rejectUnauthorized: !options.insecure, ca: options.ca, servername: u.hostname } : {}),
    }, (res) => {
      let certificateValidTo: Date | undefined
      if (isHttps) {
        const cert = (res.socket as TLSSocket).getPeerCertificate?.()
        if (cert?.valid_to) certificateValidTo = new Date(cert.valid_to)
      }
      const chunks: Buffer[] = []
      let size = 0
      res.on('data', (c: Buffer) => {
        size += c.length
        if (size <= MAX_BODY) chunks.push(c)
      })
      res.on('end', () => {
        clearTimeout(timer)
        const raw = res.headers
        resolve({
          status: res.statusCode ?? 0,
          headers: { get: (name) => { const v = raw[name.toLowerCase()]; return v === undefined ? null : Array.isArray(v) ? v.join(', ') : String(v) } },
          body: Buffer.concat(chunks).toString('utf8'),
          certificateValidTo,
        })
      })
      res.on('error', (e) => reject(new HttpError(e.message, 'protocol')))
    })
    const timer = setTimeout(() => req.destroy(new HttpError(`timed out after ${left}ms`, 'timeout')), left)
    req.on('error', (e: NodeJS.ErrnoException) => {
      clearTimeout(timer)
      if (e instanceof HttpError) return reject(e)
      const tls = /CERT|SSL|TLS|self.signed|certificate/i.test(`${e.code} ${e.message}`)
      // The resolver's message repeats the host lower-cased: past the mask of a secret URL (a webhook) that
      // holds it in another case. The caller names the URL where it may.
      const unresolved = e.code === 'ENOTFOUND' || e.code === 'EAI_AGAIN'
      reject(new HttpError(tls ? `TLS: ${e.message}` : e.code === 'ECONNREFUSED' ? 'connection refused' : unresolved ? `the host name could not be resolved (${e.code})` : e.message, tls ? 'tls' : 'connect', e.code))
    })
    if (options.body !== undefined) req.write(options.body)
    req.end()
  })
}

/** Describes a request failure in words ("connection refused", "timed out after 5000ms"). */
export function describeFetchError(e: unknown): string {
  if (e instanceof HttpError) return e.message
  const err = e as Error & { cause?: { code?: string; message?: string } }
  if (err?.name === 'TimeoutError' || err?.name === 'AbortError') return 'timed out'
  const code = err?.cause?.code
  if (code === 'ECONNREFUSED') return 'connection refused'
  if (code === 'ECONNRESET') return 'connection reset'
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return `the host name could not be resolved (${code})`
  if (code) return `${code}${err.cause?.message ? ` (${err.cause.message})` : ''}`
  return err?.message ?? String(e)
}

/** A URL fit for logs and outputs: any user:password@ part becomes ***@. */
export function redactUrl(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/@\s]*@/i, '$1***@')
}

/**
 * One health probe: 2xx is healthy; otherwise what was wrong, for a "did not become healthy" message
 * (answered 503, timed out, not listening).
 */
export async function probeHealth(url: string, timeoutMs = 2000): Promise<{ ok: true } | { ok: false; last: string }> {
  try {
    const res = await httpRequest(url, { timeoutMs })
    return res.status >= 200 && res.status < 300 ? { ok: true } : { ok: false, last: `answered ${res.status}` }
  } catch (e) {
    return { ok: false, last: e instanceof HttpError && e.kind === 'timeout' ? 'timed out' : 'not listening' }
  }
}
