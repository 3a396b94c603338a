import fc from 'fast-check'
import { mkdirSync, appendFileSync } from 'node:fs'
import { join } from 'node:path'
import { ModelSystem, type Flavour } from './harness.js'
import { commandArbitraries, newBox, SLOTS, type Fault } from './commands.js'
import type { Kind } from './model.js'

// Runs the model-based test of one flavour: fast-check draws the kinds of the versions and a sequence
// of commands, runs them against a fresh real system, shrinks a failing sequence and prints it with its
// seed. GLIDEPATH_MODEL_SEED replays a run; GLIDEPATH_MODEL_RUNS sets how many (npm run reliability
// runs several hundred); with GLIDEPATH_MODEL_REPORT the figures go to .reliability/ for RELIABILITY.md.

/**
 * The world's faults each flavour meets. Behind nginx Glidepath reloads nginx but never starts it (a stopped
 * nginx stops the run, changing nothing), and the addresses are the releases, so no host restart there.
 */
const FAULTS: Record<Flavour, Fault[]> = {
  local: ['stop-router', 'kill-stable', 'kill-canary', 'delete-state', 'restart-host'],
  nginx: ['kill-stable', 'kill-canary', 'delete-state'],
  ssh: ['stop-router', 'kill-stable', 'kill-canary', 'delete-state', 'restart-host'],
}

export async function runModel(flavour: Flavour, defaults: { runs: number; maxCommands: number }): Promise<void> {
  const path = process.env.GLIDEPATH_MODEL_PATH
  // Replaying a path needs at least as many runs as the path's first index.
  const runs = Math.max(Number(process.env[`GLIDEPATH_MODEL_RUNS_${flavour.toUpperCase()}`] ?? process.env.GLIDEPATH_MODEL_RUNS ?? defaults.runs), path ? Number(path.split(':')[0]) + 1 : 0)
  const seed = process.env.GLIDEPATH_MODEL_SEED ? Number(process.env.GLIDEPATH_MODEL_SEED) : Date.now() % 2 ** 31
  const kind = fc.constantFrom<Kind>('good', 'good', 'good', 'bad', 'dead', 'slow', 'crash')
  let commands = 0
  let kills = 0
  let races = 0
  let requests = 0
  let retried = 0
  let faults = 0
  let sequences = 0
  const started = Date.now()
  const property = fc.asyncProperty(
    fc.array(kind, { minLength: SLOTS, maxLength: SLOTS }),
    // Over SSH a killed runner leaves its agent and lock on the host until they go stale (minutes): kills,
    // races and lock deletions are the local and nginx flavours'; the world's faults are every flavour's.
    fc.commands(commandArbitraries(flavour !== 'nginx', { kills: flavour !== 'ssh', faults: FAULTS[flavour], lockLoss: flavour !== 'ssh' }), { maxCommands: defaults.maxCommands, size: 'max', replayPath: process.env.GLIDEPATH_MODEL_REPLAY }),
    async (kinds, cmds) => {
      const sys = await ModelSystem.create(flavour, kinds)
      const box = newBox(kinds)
      try {
        await fc.asyncModelRun(() => ({ model: box, real: sys }), cmds)
      } finally {
        commands += box.commands
        kills += box.kills
        races += box.races
        requests += box.requests
        retried += box.retried
        faults += box.faults
        sequences++
        await sys.dispose()
      }
    },
  )
  const details = await fc.check(property, { numRuns: runs, seed, path, endOnFailure: false, interruptAfterTimeLimit: Number(process.env.GLIDEPATH_MODEL_TIME_LIMIT_MS ?? 0) || undefined })
  const report = process.env.GLIDEPATH_MODEL_REPORT
  if (report) {
    mkdirSync(report, { recursive: true })
    appendFileSync(join(report, 'model.jsonl'), `${JSON.stringify({ flavour, runs: details.numRuns, sequences, commands, kills, races, faults, requests, retried, seed, failed: details.failed, seconds: Math.round((Date.now() - started) / 1000), counterexample: details.failed ? String(details.counterexample?.[1] ?? '') : undefined })}\n`)
  }
  if (details.failed) {
    const error = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance)
    throw new Error(`Model-based test (${flavour}) failed after ${details.numRuns} run(s) and ${details.numShrinks} shrink(s).\n` +
      `Replay: GLIDEPATH_MODEL_SEED=${details.seed} GLIDEPATH_MODEL_PATH=${details.counterexamplePath} GLIDEPATH_MODEL_REPLAY=${/replayPath="([^"]*)"/.exec(String(details.counterexample?.[1]))?.[1] ?? ''}\n` +
      `Shrunk sequence: ${String(details.counterexample?.[1])}\nVersion kinds: ${JSON.stringify(details.counterexample?.[0])}\n${error}`)
  }
}
