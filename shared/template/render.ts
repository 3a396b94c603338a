import { GlidepathError } from '../errors/index.js'

// A deliberately tiny renderer: `{{ a.b.c }}` looks a dotted path up in a context object.
// No expressions, no filters, no code: config authors get substitution, event values stay data.
const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g
const PATH = /^[A-Za-z_][A-Za-z0-9_-]*(\.[A-Za-z0-9_-]+)*$/

export type TemplateContext = { [key: string]: TemplateValue }
export type TemplateValue = string | number | boolean | null | undefined | TemplateContext

export function placeholders(template: string): string[] {
  return [...template.matchAll(PLACEHOLDER)].map((m) => m[1])
}

export function lookup(context: TemplateContext, path: string): TemplateValue {
  let value: TemplateValue = context
  for (const part of path.split('.')) {
    if (value === null || typeof value !== 'object' || !Object.hasOwn(value, part)) return undefined
    value = value[part]
  }
  return value
}

/** Checks every placeholder names a known field, without a context (used when the config is loaded). */
export function unknownPlaceholders(template: string, known: readonly string[]): string[] {
  return placeholders(template).filter((p) => !PATH.test(p) || !known.some((k) => p === k || p.startsWith(`${k}.`)))
}

export function render(template: string, context: TemplateContext, where = 'template'): string {
  return template.replace(PLACEHOLDER, (_whole, expr: string) => {
    if (!PATH.test(expr)) {
      throw new GlidepathError('GP-CONFIG-005', `${where}: "{{${expr}}}" is not a field name.`, {
        fix: 'Placeholders take a dotted field name only, such as {{pr.number}} or {{version}}.',
      })
    }
    const value = lookup(context, expr)
    if (value === undefined || value === null || typeof value === 'object') {
      throw new GlidepathError('GP-CONFIG-005', `${where}: "{{${expr}}}" has no value here.`, {
        fix: `Use one of: ${Object.keys(context).join(', ')} (and their fields).`,
      })
    }
    return String(value)
  })
}
