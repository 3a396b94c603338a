// Seeded randomness for rehearsing canaries on simulated traffic (the benchmark, the tests, plans): the same
// seed gives the same streams on every machine, so a simulated figure can be compared run to run.

/** mulberry32: a small, fast 32-bit generator; uniform in [0, 1). */
export function seeded(seed: number): () => number {
  let s = seed >>> 0
  return () => {
    s = (s + 0x6d2b79f5) >>> 0
    let t = s
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** Binomial(n, p) by geometric waiting times: O(successes), not O(n). */
export function binomial(n: number, p: number, r: () => number): number {
  if (p <= 0 || n <= 0) return 0
  if (p >= 1) return n
  let k = 0
  let i = Math.floor(Math.log(1 - r()) / Math.log(1 - p))
  while (i < n) {
    k++
    i += 1 + Math.floor(Math.log(1 - r()) / Math.log(1 - p))
  }
  return k
}

/** A standard normal draw (Box-Muller). */
export function normal(r: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r())
}

/** Poisson(mean): by inversion when small, a rounded normal when large. */
export function poisson(mean: number, r: () => number): number {
  if (mean > 50) return Math.max(0, Math.round(mean + Math.sqrt(mean) * normal(r)))
  let k = 0
  let p = Math.exp(-mean)
  let s = p
  const u = r()
  while (u > s && k < 1000) {
    k++
    p *= mean / k
    s += p
  }
  return k
}
