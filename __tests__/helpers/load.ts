// A bounded background load against a local URL, for canary analysis to have traffic to judge.
export function startLoad(url: string, opts: { concurrency?: number; maxRequests?: number } = {}): { stop: () => Promise<number> } {
  let running = true
  let sent = 0
  const max = opts.maxRequests ?? 20_000
  const worker = async () => {
    while (running && sent < max) {
      sent++
      try {
        const res = await fetch(url, { signal: AbortSignal.timeout(2000) })
        await res.arrayBuffer()
      } catch { /* the router may be switching */ }
      await new Promise((r) => setTimeout(r, 5))
    }
  }
  const workers = Array.from({ length: opts.concurrency ?? 4 }, worker)
  return {
    stop: async () => {
      running = false
      await Promise.all(workers)
      return sent
    },
  }
}
