import { describe, it, expect } from '@jest/globals'
import { render, unknownPlaceholders } from '../../shared/template/render.js'
import { globMatch, filterMatch } from '../../shared/config/branch-table.js'

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

describe('branch and tag patterns: GitHub\'s filter pattern cheat sheet', () => {
  // The examples of "Filter pattern cheat sheet" in GitHub's workflow syntax documentation, each with the
  // names it says match, and names it does not.
  it.each([
    ['feature/*', ['feature/my-branch', 'feature/your-branch'], ['feature/a/b', 'features/x']],
    ['feature/**', ['feature/beta-a/my-branch', 'feature/your-branch', 'feature/mona/the/octocat'], ['feature', 'features/x']],
    ['main', ['main'], ['main2', 'mainline', 'a/main']],
    ['releases/mona-the-octocat', ['releases/mona-the-octocat'], ['releases/mona-the-octocatX']],
    ['*', ['main', 'releases'], ['releases/10']],
    ['**', ['all/the/branches', 'every/tag', 'main'], []],
    ['*feature', ['mona-feature', 'feature', 'ver-10-feature'], ['feature/x', 'features']],
    ['v2*', ['v2', 'v2.0', 'v2.9'], ['v3', 'v2/x']],
    ['v[12].[0-9]+.[0-9]+', ['v1.10.1', 'v2.0.0'], ['v3.0.0', 'v1.x.1', 'v1.10']],
    ['colou?r', ['color', 'colour'], ['colouur']],
    ['release/v1\\.*', ['release/v1.2'], ['release/v1x2']],
    ['a.b', ['a.b'], ['axb']],
  ])('%p', (pattern, matches, misses) => {
    for (const name of matches) expect([name, globMatch(pattern, name)]).toEqual([name, true])
    for (const name of misses) expect([name, globMatch(pattern, name)]).toEqual([name, false])
  })

  it('lists patterns in order: the last matching pattern decides, and ! excludes what came before', () => {
    const list = ['releases/**', '!releases/**-alpha']
    expect(filterMatch(list, 'releases/10')).toBe('releases/**')
    expect(filterMatch(list, 'releases/beta/mona')).toBe('releases/**')
    expect(filterMatch(list, 'releases/10-alpha')).toBeUndefined()
    expect(filterMatch(list, 'releases/beta/3-alpha')).toBeUndefined()
    expect(filterMatch(['**', '!docs/**', 'docs/deploy'], 'docs/deploy')).toBe('docs/deploy')
    expect(filterMatch(['!main', 'main'], 'main')).toBe('main')
    expect(filterMatch(['main', '!main'], 'main')).toBeUndefined()
  })
})
