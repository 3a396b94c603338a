// Writes the config schema the code validates with to schema/glidepath.schema.json (for editors).
import { writeFileSync, mkdirSync } from 'node:fs'
import { CONFIG_SCHEMA } from '../shared/config/schema.js'

export const schemaJson = (): string => `${JSON.stringify(CONFIG_SCHEMA, null, 2)}\n`
mkdirSync('schema', { recursive: true })
writeFileSync('schema/glidepath.schema.json', schemaJson())
console.log('wrote schema/glidepath.schema.json')
