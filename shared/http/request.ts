// The one HTTP client helper: fetch with a timeout and a measured duration.
export interface HttpResult {
  status: number
  headers: Headers
  body: string
  durationMs: number
}

export interface HttpOptions {
  method?: string
  headers?: Record<string, string>
  body?: string
  timeoutMs?: number
  redirect?: 'follow' | 'manual'
}

export async function httpRequest(url: string, options: HttpOptions = {}): Promise<HttpResult> {
  const started = performance.now()
  const res = await fetch(url, {
    method: options.method ?? 'GET',
    headers: options.headers,
    body: options.body,
    redirect: options.redirect ?? 'follow',
    signal: AbortSignal.timeout(options.timeoutMs ?? 5000),
  })
  const body = await res.text()
  return { status: res.status, headers: res.headers, body, durationMs: performance.now() - started }
}

/** Describes a fetch failure in words ("connection refused", "timed out after 5s"). */
export function describeFetchError(e: unknown): string {
  const err = e as Error & { cause?: { code?: string; message?: string } }
  if (err?.name === 'TimeoutError' || err?.name === 'AbortError') return 'timed out'
  const code = err?.cause?.code
  if (code === 'ECONNREFUSED') return 'connection refused'
  if (code === 'ECONNRESET') return 'connection reset'
  if (code) return `${code}${err.cause?.message ? ` (${err.cause.message})` : ''}`
  return err?.message ?? String(e)
}
