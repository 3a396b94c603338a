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

// A secret-capable value: a literal, or { env: NAME } read from the step's environment (and masked).
const secret: JsonSchema = {
  anyOf: [{ type: 'string' }, { type: 'object', additionalProperties: false, required: ['env'], properties: { env: { type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_]*$' } } }],
  'x-expected': 'a string or { env: VARIABLE_NAME }',
}
const retryOn: JsonSchema = { type: 'array', items: { enum: ['connect', 'timeout', '5xx', '4xx', 'assertion'] } }
const headerRule: JsonSchema = {
  anyOf: [
    { type: 'string' },
    { type: 'object', additionalProperties: false, minProperties: 1, properties: { equals: { type: 'string' }, matches: { type: 'string' }, exists: { type: 'boolean' } } },
  ],
  'x-expected': 'a value, or { equals | matches | exists }',
}

export const SMOKE_SCHEMA: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['checks'],
  properties: {
    defaults: {
      type: 'object',
      additionalProperties: false,
      properties: { timeout: duration, retries: { type: 'integer', minimum: 0, maximum: 20 }, 'retry-on': retryOn, insecure: { type: 'boolean' } },
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
          headers: { type: 'object', additionalProperties: { anyOf: [{ type: ['string', 'number', 'boolean'] }, secret], 'x-expected': 'a string or { env: NAME }' } },
          body: { type: 'string' },
          auth: {
            type: 'object',
            additionalProperties: false,
            minProperties: 1,
            properties: {
              bearer: secret,
              basic: { type: 'object', additionalProperties: false, required: ['username', 'password'], properties: { username: secret, password: secret } },
            },
          },
          timeout: duration,
          retries: { type: 'integer', minimum: 0, maximum: 20 },
          'retry-on': retryOn,
          redirect: { enum: ['follow', 'manual'] },
          insecure: { type: 'boolean', description: 'Accept a certificate the machine does not trust (self-signed); tls-days-left still applies.' },
          expect: {
            type: 'object',
            additionalProperties: false,
            properties: {
              status,
              'body-contains': { type: 'string' },
              'body-matches': { type: 'string' },
              json: { type: 'object', additionalProperties: true },
              header: { type: 'object', additionalProperties: headerRule },
              'max-latency': duration,
              'tls-days-left': { type: 'integer', minimum: 0 },
              location: headerRule,
            },
          },
        },
      },
    },
  },
}
