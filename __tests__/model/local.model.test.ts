import { describe, it } from '@jest/globals'
import { runModel } from './run-model.js'

// Model-based test of the state machine on the local provider: its real router and release processes
// (docs/state-machine.md, "How it is tested"). npm test runs a short run; npm run reliability a long one.
describe('environment state machine, local provider (model-based)', () => {
  it('keeps every invariant over random command sequences, kills and races', async () => {
    await runModel('local', { runs: 12, maxCommands: 12 })
  }, 30 * 60_000)
})
