import { retry, retryAfterMs } from '../time/retry.js'
import { GlidepathError } from '../errors/index.js'
import { describeFetchError, httpRequest } from '../http/request.js'

// POSTs JSON to a webhook (Slack incoming webhook or a generic one), retrying 5xx, 429 and network
// failures with backoff and honouring Retry-After.
class RetryableStatus extends Error {
  constructor(readonly status: number, readonly retryAfterMs?: number) {
    super(`answered ${status}`)
  }
}

export async function postJson(url: string, body: unknown, options: { retries?: number; label: string; timeoutMs?: number }): Promise<number> {
  try {
    return await retry(async () => {
      let res
      try {
        res = await httpRequest(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), timeoutMs: options.timeoutMs ?? 10_000 })
      } catch (e) {
        throw new Error(describeFetchError(e))
      }
      if (res.status === 429 || res.status >= 500) throw new RetryableStatus(res.status, retryAfterMs(res.headers.get('retry-after')))
      if (res.status >= 400) throw Object.assign(new Error(`answered ${res.status}`), { final: true })
      return res.status
    }, {
      retries: options.retries ?? 3,
      baseMs: 500,
      shouldRetry: (e) => !(e as { final?: boolean }).final,
      retryAfterMs: (e) => (e instanceof RetryableStatus ? e.retryAfterMs : undefined),
    })
  } catch (e) {
    throw new GlidepathError('GP-NET-001', `${options.label} failed: ${(e as Error).message}.`, { fix: `Check the ${options.label} URL (it is masked in logs) and that the receiver accepts JSON POSTs.` })
  }
}
