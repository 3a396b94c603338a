import { describe, it, expect } from '@jest/globals'
import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { NoOperationTraceWriter } from '@actions/workflow-parser'
import { parseAction, convertActionTemplate } from '@actions/workflow-parser/actions/index'

// GitHub's own parser for action.yml (the runner's schema, offline).
const ROOT = process.cwd()

describe('action.yml against @actions/workflow-parser', () => {
  it.each(readdirSync(join(ROOT, 'actions')).sort())('%s parses with no errors', async (name) => {
    const path = join(ROOT, 'actions', name, 'action.yml')
    const result = parseAction({ name: path, content: readFileSync(path, 'utf8') }, new NoOperationTraceWriter())
    if (result.value && result.context.errors.getErrors().length === 0) await convertActionTemplate(result.context, result.value)
    expect(result.context.errors.getErrors().map((e: { message: string }) => e.message)).toEqual([])
  })

  it('rejects a broken action.yml (the check can fail)', () => {
    const result = parseAction({ name: 'bad.yml', content: 'name: x\nruns:\n  using: node22\n  main: dist/index.js\n' }, new NoOperationTraceWriter())
    expect(result.context.errors.getErrors().length).toBeGreaterThan(0)
  })
})
