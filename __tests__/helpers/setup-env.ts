// Tests run the TypeScript sources; the local router they start runs from source through tsx. Paths
// are absolute because the router's working directory is the environment's state directory.
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'

const loader = pathToFileURL(join(process.cwd(), 'node_modules', 'tsx', 'dist', 'loader.mjs')).href
process.env.GLIDEPATH_INTERNAL_SELF = JSON.stringify([process.execPath, '--import', loader, join(process.cwd(), 'shared/entry/helper-main.ts')])
