import { describe, it, expect } from '@jest/globals'
import { render, unknownPlaceholders } from '../../shared/template/render.js'
import { globMatch } from '../../shared/config/branch-table.js'

describe('render', () => {
  const ctx = { pr: { number: 12, title: '$(rm -rf /) `id`' }, version: 'v1' }
  it('fills dotted fields', () => {
    expect(render('pr-{{pr.number}}.{{ version }}', ctx)).toBe('pr-12.v1')
  })
  it('inserts untrusted values as plain text, evaluating nothing', () => {
    expect(render('{{pr.title}}', ctx)).toBe('$(rm -rf /) `id`')
  })
  it('refuses expressions and unknown fields with GP-CONFIG-005', () => {
    expect(() => render('{{ process.exit() }}', ctx)).toThrow(expect.objectContaining({ code: 'GP-CONFIG-005' }))
    expect(() => render('{{constructor.name}}', ctx)).toThrow(expect.objectContaining({ code: 'GP-CONFIG-005' }))
    expect(() => render('{{pr.nope}}', ctx)).toThrow(/has no value/)
  })
  it('lists placeholders naming unknown fields', () => {
    expect(unknownPlaceholders('{{pr.number}}-{{branchh}}-{{a b}}', ['pr', 'branch'])).toEqual(['branchh', 'a b'])
  })
})

describe('globMatch', () => {
  it.each([
    ['main', 'main', true], ['release/*', 'release/1.2', true], ['release/*', 'release/1/2', false],
    ['hotfix/**', 'hotfix/a/b', true], ['feature/*', 'features/x', false], ['v?', 'v1', true], ['a.b', 'axb', false],
  ])('%p ~ %p is %p', (pattern, text, result) => {
    expect(globMatch(pattern, text)).toBe(result)
  })
})
