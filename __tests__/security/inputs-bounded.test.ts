import { describe, it, expect } from '@jest/globals'
import fc from 'fast-check'
import { parseConfig } from '../../shared/config/load.js'
import { parseYamlWithPositions, MAX_EXPANDED_VALUES, MAX_NESTING } from '../../shared/config/yaml.js'
import { globMatch, filterMatch } from '../../shared/config/branch-table.js'
import { commandLine } from '../../shared/flows/command-parse.js'
import { GlidepathError } from '../../shared/errors/index.js'

// Inputs a pull request or a comment controls are bounded in time and size: a YAML file whose aliases
// expand to billions of values, a branch pattern built to backtrack, a comment built to hide a command.
// Every case has a time bound of its own (generous for a busy 2-core machine: the failures this guards
// against took minutes, or exhausted the heap).

const within = <T>(ms: number, f: () => T): T => {
  const started = performance.now()
  const value = f()
  const took = performance.now() - started
  if (took > ms) throw new Error(`took ${Math.round(took)} ms (bound ${ms} ms)`)
  return value
}
const codeOf = (f: () => unknown): string | undefined => {
  try {
    f()
    return undefined
  } catch (e) {
    if (!(e instanceof GlidepathError)) throw e
    return e.code
  }
}

/** Levels of lists, each holding `fan` aliases of the level below: fan^levels values from a few hundred bytes. */
function aliasBomb(levels: number, fan: number): string {
  const lines = ['version: 1', 'x-l0: &l0 {k: v, list: [1, 2, 3]}']
  for (let i = 1; i < levels; i++) lines.push(`x-l${i}: &l${i} [${Array(fan).fill(`*l${i - 1}`).join(', ')}]`)
  lines.push('environments:', '  production:', `    x-bomb: *l${levels - 1}`)
  return `${lines.join('\n')}\n`
}

describe('YAML is loaded with bounds no file can defeat', () => {
  it('the 56-alias file of the report (1.6 KB, under the 100-alias limit) fails at once with GP-CONFIG-003', () => {
    const text = aliasBomb(9, 7)
    expect(text.length).toBeLessThan(1700)
    expect((text.match(/\*l/g) ?? []).length).toBe(57)
    expect(within(2000, () => codeOf(() => parseConfig(text, '.github/glidepath.yml', '/tmp')))).toBe('GP-CONFIG-003')
    try {
      parseConfig(text, '.github/glidepath.yml', '/tmp')
    } catch (e) {
      expect((e as GlidepathError).message).toMatch(new RegExp(`expands to more than ${MAX_EXPANDED_VALUES.toLocaleString('en')} values`))
      expect((e as GlidepathError).fix).toMatch(/anchors and aliases/)
    }
  })

  it('an anchor that holds its own alias, and nesting past the limit, are refused; a file at the limits loads', () => {
    expect(codeOf(() => parseYamlWithPositions('a: &x [1, *x]\n', 'f.yml'))).toBe('GP-CONFIG-003')
    const deep = `${'['.repeat(MAX_NESTING + 2)}${']'.repeat(MAX_NESTING + 2)}\n`
    expect(within(2000, () => codeOf(() => parseYamlWithPositions(deep, 'f.yml')))).toBe('GP-CONFIG-003')
    // Depth reached through an alias counts too.
    const half = Math.ceil(MAX_NESTING / 2) + 2
    const viaAlias = `x: &x ${'['.repeat(half)}1${']'.repeat(half)}\ny: ${'['.repeat(half)}*x${']'.repeat(half)}\n`
    expect(codeOf(() => parseYamlWithPositions(viaAlias, 'f.yml'))).toBe('GP-CONFIG-003')
    const ok = `big: &b [${Array.from({ length: 1000 }, (_, i) => i).join(', ')}]\nmany: [${Array(50).fill('*b').join(', ')}]\n`
    expect(within(3000, () => codeOf(() => parseYamlWithPositions(ok, 'f.yml')))).toBeUndefined()
  })

  it('random documents of aliases, anchors and nesting load or fail with GP-CONFIG-003, each within its bound', () => {
    const doc = fc.tuple(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 0, max: 40 })).map(([levels, fan, depth]) => {
      const lines = ['a0: &a0 {k: v}']
      for (let i = 1; i < levels; i++) lines.push(`a${i}: &a${i} [${Array(fan).fill(`*a${i - 1}`).join(', ')}]`)
      lines.push(`z: ${'['.repeat(depth)}*a${levels - 1}${']'.repeat(depth)}`)
      return lines.join('\n')
    })
    fc.assert(fc.property(doc, (text) => {
      const code = within(3000, () => codeOf(() => parseYamlWithPositions(text, 'f.yml')))
      expect([undefined, 'GP-CONFIG-003']).toContain(code)
    }), { numRuns: 150 })
  })
})

// The matcher before this change, a regular expression: the reference for what patterns mean, run only on
// inputs too short to backtrack for long. One quirk of it is mended here as in the new matcher: a ? or +
// after an escaped \*, \? or \+ quantifies that character (the old one took it literally).
function referenceRegExp(pattern: string): RegExp {
  const esc = (c: string) => c.replace(/[.+?*^${}()|[\]\\/]/g, '\\$&')
  let re = '^'
  let quantifiable = false
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]
    const was: boolean = quantifiable
    quantifiable = true
    if (c === '\\' && i + 1 < pattern.length) re += esc(pattern[++i])
    else if (c === '*' && pattern[i + 1] === '*') { re += '.*'; i++; quantifiable = false }
    else if (c === '*') { re += '[^/]*'; quantifiable = false }
    else if (c === '?' || c === '+') { re += was ? c : esc(c); quantifiable = !was }
    else if (c === '[') {
      const end = pattern.indexOf(']', i + 2)
      if (end < 0) re += '\\['
      else { re += `[${pattern.slice(i + 1, end).replace(/[\\\]^]/g, '\\$&')}]`; i = end }
    } else re += esc(c)
  }
  return new RegExp(`${re}$`)
}

describe('branch and tag patterns match in linear time', () => {
  it('the pattern of the report against a 241-character branch name answers at once', () => {
    const name = `${'a-'.repeat(120)}x`
    expect(name).toHaveLength(241)
    expect(within(200, () => globMatch('**-**-**-**-**-**-hotfix', name))).toBe(false)
    expect(within(200, () => globMatch('*-*-*-*-*-*-*-*-*-*-*-*-*-*-*-*-hotfix', name))).toBe(false)
    expect(within(200, () => filterMatch(['**a**a**a**a**a**a**b', '!**-x'], 'a'.repeat(250)))).toBeUndefined()
  })

  it('random hostile patterns against random names: each within its bound, and the same answers as the regular expression where that one is safe to run', () => {
    const alphabet = fc.constantFrom('a', 'b', '-', '/', '.', '*', '**', '?', '+', '[ab]', '[a-c]', '\\*', 'x')
    const pattern = fc.array(alphabet, { minLength: 1, maxLength: 24 }).map((p) => p.join(''))
    const name = fc.array(fc.constantFrom('a', 'b', '-', '/', '.', 'x', '*'), { maxLength: 300 }).map((n) => n.join(''))
    fc.assert(fc.property(pattern, name, (p, n) => {
      const got = within(250, () => globMatch(p, n))
      if (n.length <= 12) expect([p, n, got]).toEqual([p, n, referenceRegExp(p).test(n)])
    }), { numRuns: 1500 })
  })
})

describe('comments are read as GitHub renders them: only prose acts', () => {
  it.each([
    ['    /glidepath deploy', 'an indented code block'],
    ['text\n\n    /glidepath deploy', 'an indented code block after a paragraph'],
    ['~~~\n```\n/glidepath deploy\n~~~', 'a ~~~ fence a backtick fence does not close'],
    ['```\n/glidepath deploy', 'a fence never closed'],
    ['````\n```\n/glidepath deploy\n```\n````', 'a longer fence'],
    ['<!--\n/glidepath deploy\n-->', 'an HTML comment'],
    ['<!--\n\n/glidepath deploy\n\n-->', 'an HTML comment across blank lines'],
    ['ok <!-- \n/glidepath deploy\n--> then', 'an inline HTML comment'],
    ['> /glidepath deploy', 'a block quote'],
    ['> quoted\n/glidepath deploy', 'a lazy continuation of a block quote'],
    ['<details>\n\n/glidepath deploy\n\n</details>', 'folded in details'],
    ['<details><summary>more</summary>\n\n/glidepath deploy\n</details>', 'folded in details with a summary'],
    ['- /glidepath deploy', 'a list item'],
    ['# /glidepath deploy', 'a heading'],
    ['see `code\n/glidepath deploy` here', 'an inline code span across lines'],
    ['**bold `x\n/glidepath deploy` y**', 'a code span inside emphasis'],
    ['<pre>\n\n/glidepath deploy\n\n</pre>', 'a pre block'],
    ['\\/glidepath deploy', 'an escaped slash'],
  ])('%j never acts (%s)', (body) => {
    expect(commandLine(body)).toBeUndefined()
  })

  it.each([
    ['/glidepath deploy', '/glidepath deploy'],
    ['Looks good.\n/glidepath deploy to staging', '/glidepath deploy to staging'],
    ['```\nnot this\n```\n\n/glidepath promote', '/glidepath promote'],
    ['<details>\n\nhidden\n\n</details>\n\n/glidepath abort errors `5xx`', '/glidepath abort errors `5xx`'],
    ['  /glidepath status  ', '/glidepath status'],
  ])('%j acts as %j', (body, line) => {
    expect(commandLine(body)).toBe(line)
  })

  it('any text is read within its bound', () => {
    const piece = fc.constantFrom('/glidepath deploy', '```', '~~~', '<!--', '-->', '<details>', '</details>', '> ', '    ', '`', '\n', '\n\n', 'text', '*', '[', ']')
    fc.assert(fc.property(fc.array(piece, { maxLength: 400 }), (parts) => {
      const line = within(500, () => commandLine(parts.join('')))
      if (line !== undefined) expect(line.startsWith('/glidepath')).toBe(true)
    }), { numRuns: 300 })
    // A line of backticks opens a fence that never closes (all code); backticks inside prose that never close are text.
    expect(within(3000, () => commandLine(`${'`'.repeat(20_000)}\n/glidepath deploy`))).toBeUndefined()
    expect(within(3000, () => commandLine(`x${'`'.repeat(20_000)}\n/glidepath deploy`))).toBe('/glidepath deploy')
    expect(within(3000, () => commandLine(`${'<!--'.repeat(10_000)}\n/glidepath deploy`))).toBeUndefined()
  })
})
