import type { JsonSchema } from '../config/schema-validate.js'
import { DURATION_PATTERN } from '../time/duration.js'

// Smoke check files (SPEC 5.1, a public contract).
const duration: JsonSchema = { anyOf: [{ type: 'string', pattern: DURATION_PATTERN }, { type: 'number', minimum: 0 }], 'x-expected': 'a duration such as 300ms or 5s' }
const status: JsonSchema = {
  anyOf: [
    { type: 'integer', minimum: 100, maximum: 599 },
    { type: 'string', pattern: '^[1-5]xx$' },
    { type: 'array', minItems: 1, items: { anyOf: [{ type: 'integer', minimum: 100, maximum: 599 }, { type: 'string', pattern: '^[1-5]xx$' }] } },
  ],
  'x-expected': 'a status (200), a class ("2xx") or a list of them',
}

export const SMOKE_SCHEMA: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['checks'],
  properties: {
    defaults: {
      type: 'object',
      additionalProperties: false,
      properties: { timeout: duration, retries: { type: 'integer', minimum: 0, maximum: 20 } },
    },
    version: {
      type: 'object',
      additionalProperties: false,
      minProperties: 1,
      properties: { header: { type: 'string', minLength: 1 }, json: { type: 'string', pattern: '^\\$' }, path: { type: 'string', pattern: '^/' } },
    },
    checks: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['name'],
        properties: {
          name: { type: 'string', minLength: 1 },
          path: { type: 'string', pattern: '^/', 'x-expected': 'a path starting with /' },
          url: { type: 'string', pattern: '^https?://', 'x-expected': 'an http(s) URL' },
          method: { enum: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] },
          headers: { type: 'object', additionalProperties: { type: ['string', 'number', 'boolean'] } },
          body: { type: 'string' },
          timeout: duration,
          retries: { type: 'integer', minimum: 0, maximum: 20 },
          expect: {
            type: 'object',
            additionalProperties: false,
            properties: {
              status,
              'body-contains': { type: 'string' },
              'body-matches': { type: 'string' },
              json: { type: 'object', additionalProperties: true },
              header: { type: 'object', additionalProperties: { type: 'string' } },
              'max-latency': duration,
            },
          },
        },
      },
    },
  },
}
