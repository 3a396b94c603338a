import { waitFor } from '../helpers/wait.js'
import { describe, it, expect } from '@jest/globals'
import { spawn } from 'node:child_process'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { createWorkspace } from '../helpers/workspace.js'
import { processAlive } from '../../shared/process/run.js'

// A suite leaves nothing running: a test's cleanup stops what its state records and then anything else
// still working in its directory (a process no state names, as a killed or raced run can leave).
describe('test workspace cleanup', () => {
  it('stops a process no state names whose working directory is in the workspace, detached or not', async () => {
    const ws = createWorkspace()
    const dir = join(ws.stateDir, 'env')
    mkdirSync(dir, { recursive: true })
    const detached = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { cwd: dir, detached: true, stdio: 'ignore' })
    mkdirSync(join(ws.dir, 'work'))
    const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { cwd: join(ws.dir, 'work'), stdio: 'ignore' })
    detached.unref()
    expect(processAlive(detached.pid as number)).toBe(true)
    await ws.cleanup()
    await waitFor(() => !processAlive(detached.pid as number), 'the detached process to be gone', 5000)
    expect(child.signalCode ?? (processAlive(child.pid as number) ? 'alive' : 'gone')).toMatch(/SIGKILL|gone/)
  })
})
