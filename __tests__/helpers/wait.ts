// Waiting in tests: on the condition the test needs (a process gone, requests sent), polled, never a fixed
// sleep that a busy machine outruns. Bounded, and says what it waited for when the bound passes.

/** Resolves once `condition` holds (polled every `intervalMs`); fails naming `what` after `timeoutMs`. */
export async function waitFor(condition: () => boolean | Promise<boolean>, what = 'the condition', timeoutMs = 15_000, intervalMs = 25): Promise<void> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    if (await condition()) return
    if (Date.now() > deadline) throw new Error(`waited ${timeoutMs} ms for ${what}`)
    await new Promise((r) => setTimeout(r, intervalMs))
  }
}

/** A counter of events (requests answered, pages loaded) that a test can wait on: `await sent.atLeast(20)`. */
export class Tally {
  count = 0
  add(n = 1): void {
    this.count += n
  }
  /** Resolves once `n` more events than now have happened. */
  more(n: number, what = 'requests'): Promise<void> {
    const target = this.count + n
    return waitFor(() => this.count >= target, `${n} more ${what}`)
  }
}
