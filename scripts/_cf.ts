import { Validator } from '@cfworker/json-schema'
import { CONFIG_SCHEMA } from '../shared/config/schema.js'
const v = new Validator(CONFIG_SCHEMA as any, '2020-12', false)
const t0 = performance.now()
const r = v.validate({ version: 2, environments: { 'bad name': {}, demo: { strategy: 'canery', timeout: '5 min', bogus: 1, canary: { steps: [{ weight: 200 }] }, kubernetes: { manifests: 3 } } } })
console.log(performance.now() - t0)
for (const e of r.errors) console.log(JSON.stringify(e))
