// Stand-alone entry of the local router (development and tests run it through tsx; bundles start
// themselves with GLIDEPATH_INTERNAL_ROUTER instead).
import { runRouterProcess } from './server.js'
import { ROUTER_ENV } from '../../runtime/self.js'

await runRouterProcess(process.env[ROUTER_ENV] as string)
