import { describe, it, beforeAll, afterAll } from '@jest/globals'
import { join } from 'node:path'
import { runModel } from './run-model.js'

// Model-based test of the state machine on the local provider over SSH (issue 35): a real OpenSSH server,
// Glidepath's bundle put on the host by the runner, the releases, router, lock and state there; the world's
// faults (the router stopped, stable or canary killed, the state lost on the host and the runner, the host
// restarted) among the users' commands. npm run test:ssh runs a short run; npm run reliability a longer one.
const saved = process.env.GLIDEPATH_INTERNAL_SELF
beforeAll(() => {
  // The runner half runs from source here; what it puts on the host is the built bundle.
  process.env.GLIDEPATH_INTERNAL_SELF = JSON.stringify([process.execPath, join(process.cwd(), 'actions/deploy/dist/index.js')])
})
afterAll(() => {
  if (saved === undefined) delete process.env.GLIDEPATH_INTERNAL_SELF
  else process.env.GLIDEPATH_INTERNAL_SELF = saved
})

describe('environment state machine, local provider on a host over SSH (model-based)', () => {
  it('keeps every invariant over random command sequences and the world\'s faults', async () => {
    await runModel('ssh', { runs: 4, maxCommands: 12 })
  }, 30 * 60_000)
})
