// GitHub's size limits, applied in one place: deployment status descriptions (140 characters),
// issue/PR comment bodies (65,536 characters) and job summaries (1 MiB).
export const LIMITS = { statusDescription: 140, comment: 65_536, summary: 1024 * 1024 } as const

export function cut(text: string, max: number, marker = '…'): string {
  if (text.length <= max) return text
  return text.slice(0, Math.max(0, max - marker.length)) + marker
}

export function cutBytes(text: string, maxBytes: number, marker = '\n\n…(truncated)'): string {
  if (Buffer.byteLength(text) <= maxBytes) return text
  let lo = 0
  let hi = text.length
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1
    if (Buffer.byteLength(text.slice(0, mid)) + Buffer.byteLength(marker) <= maxBytes) lo = mid
    else hi = mid - 1
  }
  return text.slice(0, lo) + marker
}
