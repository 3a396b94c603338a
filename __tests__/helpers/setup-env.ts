// Tests run the TypeScript sources; the local router they start runs from source through tsx.
import { join } from 'node:path'

process.env.GLIDEPATH_INTERNAL_SELF = JSON.stringify([process.execPath, '--import', 'tsx', join(process.cwd(), 'shared/traffic/local/main.ts')])
