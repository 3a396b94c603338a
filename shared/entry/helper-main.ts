// Stand-alone entry of the helper processes (development and tests run it through tsx; bundles start
// themselves with the same variables instead, entry/entry.ts): the local router, and the waker of a
// sleeping preview.
import { ROUTER_ENV, WAKE_ENV } from '../runtime/self.js'

if (process.env[WAKE_ENV]) {
  const { runWake } = await import('../providers/local-sleep.js')
  await runWake()
} else {
  const { runRouterProcess } = await import('../traffic/local/server.js')
  await runRouterProcess(process.env[ROUTER_ENV] as string)
}
