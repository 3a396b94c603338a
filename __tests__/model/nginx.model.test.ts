import { describe, it } from '@jest/globals'
import { runModel } from './run-model.js'

// Model-based test of the state machine on the command provider driving a real nginx (Debian's
// nginx-light): versions are placed on the stable and canary addresses by shell scripts, and every
// weight change is a validated reload. npm run test:services runs a short run; reliability a long one.
describe('environment state machine, command provider behind real nginx (model-based)', () => {
  it('keeps every invariant over random command sequences, kills and races', async () => {
    await runModel('nginx', { runs: 8, maxCommands: 12 })
  }, 30 * 60_000)
})
