import { describe, it, expect } from '@jest/globals'
import { readFileSync, readdirSync, statSync } from 'node:fs'
import { join, dirname, resolve, relative } from 'node:path'

// The layers of docs/architecture.md, checked on the code: no import cycle, no upward arrow. Only value
// imports count (import type is erased); dynamic import() counts.
const ROOT = process.cwd()

function sources(): string[] {
  const out: string[] = []
  const walk = (d: string) => {
    for (const f of readdirSync(d)) {
      const p = join(d, f)
      if (statSync(p).isDirectory()) { if (f !== 'dist' && f !== 'node_modules') walk(p) } else if (p.endsWith('.ts')) out.push(relative(ROOT, p))
    }
  }
  walk(join(ROOT, 'shared'))
  walk(join(ROOT, 'cli', 'src'))
  for (const a of readdirSync(join(ROOT, 'actions'))) walk(join(ROOT, 'actions', a, 'src'))
  return out
}

/** Imports of each file, as repository paths: value imports and dynamic import() (what runs), or with `types` every tie (import type and export ... from too). */
export function importGraph(files: string[], read: (f: string) => string = (f) => readFileSync(join(ROOT, f), 'utf8'), { types = false } = {}): Map<string, string[]> {
  const known = new Set(files)
  const graph = new Map<string, string[]>()
  for (const f of files) {
    const src = read(f)
    const deps: string[] = []
    const add = (spec: string) => {
      const to = relative(ROOT, resolve(ROOT, dirname(f), spec.replace(/\.js$/, '.ts')))
      if (known.has(to)) deps.push(to)
    }
    for (const m of src.matchAll(/^(import|export)\s+(type\s+)?(\{[^}]*\}|[^'"]*?)\s*from\s+'(\.[^']+)'/gm)) {
      if (!types) {
        if (m[1] === 'export' || m[2]) continue
        const names = m[3].trim()
        // import { type A, type B } from '...' is erased too.
        if (names.startsWith('{') && names.slice(1, -1).split(',').map((s) => s.trim()).filter(Boolean).every((s) => s.startsWith('type '))) continue
      }
      add(m[4])
    }
    for (const m of src.matchAll(/import\('(\.[^']+)'\)/g)) add(m[1])
    graph.set(f, deps)
  }
  return graph
}

/** The folder of shared/ a file belongs to (its layer), or undefined outside shared/. */
const folderOf = (f: string): string | undefined => (f.startsWith('shared/') ? f.split('/')[1] : undefined)

/** The ranks docs/architecture.md draws, top first: each line of its ranks block names the folders of one rank. */
export function ranksOf(doc: string): Map<string, number> {
  const block = /<!-- ranks:start[^>]*-->([\s\S]*?)<!-- ranks:end -->/.exec(doc)
  if (!block) throw new Error('docs/architecture.md lacks its <!-- ranks:start --> ... <!-- ranks:end --> block')
  const ranks = new Map<string, number>()
  const lines = block[1].split('\n').filter((l) => /^\s*\d+\./.test(l))
  lines.forEach((line, i) => {
    for (const m of line.matchAll(/shared\/([a-z-]+)\//g)) ranks.set(m[1], lines.length - i)
  })
  return ranks
}

/** Ties between shared/'s folders that do not point strictly down (upward, or between folders of one rank: two-way in the making). */
export function upwardTies(graph: Map<string, string[]>, ranks: Map<string, number>): string[] {
  const out: string[] = []
  for (const [f, deps] of graph) {
    const a = folderOf(f)
    if (!a) continue
    for (const d of deps) {
      const b = folderOf(d)
      if (!b || a === b) continue
      const ra = ranks.get(a)
      const rb = ranks.get(b)
      if (ra === undefined || rb === undefined || ra <= rb) out.push(`${f} -> ${d}`)
    }
  }
  return out
}

/** Strongly connected components of more than one file (or a file importing itself): the cycles. */
export function cycles(graph: Map<string, string[]>): string[][] {
  let index = 0
  const stack: string[] = []
  const on = new Set<string>()
  const idx = new Map<string, number>()
  const low = new Map<string, number>()
  const out: string[][] = []
  const strong = (v: string) => {
    idx.set(v, index)
    low.set(v, index++)
    stack.push(v)
    on.add(v)
    for (const w of graph.get(v) ?? []) {
      if (!idx.has(w)) { strong(w); low.set(v, Math.min(low.get(v)!, low.get(w)!)) } else if (on.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!))
    }
    if (low.get(v) === idx.get(v)) {
      const c: string[] = []
      let w: string
      do { w = stack.pop()!; on.delete(w); c.push(w) } while (w !== v)
      if (c.length > 1 || (graph.get(v) ?? []).includes(v)) out.push(c.sort())
    }
  }
  for (const v of graph.keys()) if (!idx.has(v)) strong(v)
  return out
}

describe('architecture (docs/architecture.md)', () => {
  const graph = importGraph(sources())
  const importers = (target: string) => [...graph].filter(([, deps]) => deps.includes(target)).map(([f]) => f).sort()

  const ties = importGraph(sources(), undefined, { types: true })

  it('has no import cycle, type-only imports included', () => {
    expect(cycles(graph)).toEqual([])
    expect(cycles(ties)).toEqual([])
  })

  it('ranks every folder of shared/ as docs/architecture.md draws them, and every tie points down (type-only imports included)', () => {
    const ranks = ranksOf(readFileSync(join(ROOT, 'docs', 'architecture.md'), 'utf8'))
    const folders = readdirSync(join(ROOT, 'shared')).filter((f) => statSync(join(ROOT, 'shared', f)).isDirectory())
    expect(folders.filter((f) => !ranks.has(f))).toEqual([])
    expect([...ranks.keys()].filter((f) => !folders.includes(f))).toEqual([])
    expect(upwardTies(ties, ranks)).toEqual([])
  })

  it('the rank check finds an upward tie, a tie within one rank and an unranked folder (a type-only one too)', () => {
    const ranks = ranksOf('<!-- ranks:start -->\n1. shared/flows/\n2. shared/providers/ shared/ssh/\n3. shared/state/\n<!-- ranks:end -->')
    expect([...ranks]).toEqual([['flows', 3], ['providers', 2], ['ssh', 2], ['state', 1]])
    const text: Record<string, string> = {
      'shared/flows/a.ts': "import { p } from '../providers/p.js'\n",
      'shared/providers/p.ts': "import { s } from '../state/s.js'\nimport type { H } from '../ssh/h.js'\n",
      'shared/ssh/h.ts': "export { x } from '../state/s.js'\n",
      'shared/state/s.ts': "import type { A } from '../flows/a.js'\nimport { t } from '../time/t.js'\n",
      'shared/time/t.ts': '',
    }
    const files = Object.keys(text)
    expect(upwardTies(importGraph(files, (f) => text[f], { types: true }), ranks)).toEqual([
      'shared/providers/p.ts -> shared/ssh/h.ts', 'shared/state/s.ts -> shared/flows/a.ts', 'shared/state/s.ts -> shared/time/t.ts',
    ])
    expect(upwardTies(importGraph(files, (f) => text[f]), ranks)).toEqual(['shared/state/s.ts -> shared/time/t.ts'])
  })

  it('the cycle check finds one (and ignores type-only imports)', () => {
    const files = ['shared/a.ts', 'shared/b.ts', 'shared/c.ts']
    const text: Record<string, string> = {
      'shared/a.ts': "import { b } from './b.js'\n",
      'shared/b.ts': "import { c } from './c.js'\nimport type { A } from './a.js'\n",
      'shared/c.ts': "import { type A } from './a.js'\nconst m = await import('./a.js')\n",
    }
    expect(cycles(importGraph(files, (f) => text[f]))).toEqual([files])
    text['shared/c.ts'] = "import { type A } from './a.js'\n"
    expect(cycles(importGraph(files, (f) => text[f]))).toEqual([])
  })

  it('no arrow goes up: below the flows nothing imports them; only the actions (and the command flow) import the entries, only the entries the waves layer (report and plan read its targets), and the position is pure', () => {
    const up = [...graph].flatMap(([f, deps]) => deps.filter((d) => d.startsWith('shared/flows/') && f.startsWith('shared/') && !f.startsWith('shared/flows/')).map((d) => `${f} -> ${d}`))
    expect(up).toEqual([])
    expect(importers('shared/flows/entries.ts').filter((f) => !f.startsWith('actions/'))).toEqual(['shared/flows/command.ts'])
    // Only the entries' operations (loaded once the environment resolves) start the waves; report and
    // plan read a rollout's targets (entries of their own).
    expect(importers('shared/flows/waves.ts')).toEqual(['shared/flows/operations.ts'])
    expect(importers('shared/flows/waves/members.ts')).toEqual(['shared/flows/plan.ts', 'shared/flows/report.ts', 'shared/flows/waves.ts'])
    // The waves position is a pure reducer, like the state machine: it imports nothing that acts.
    expect(graph.get('shared/state/waves.ts')).toEqual([])
    // Providers and routers never reach up into the flows or the actions, and the state machine is pure.
    const machine = [...graph].filter(([f]) => f.startsWith('shared/machine/')).flatMap(([, deps]) => deps).filter((d) => !d.startsWith('shared/machine/') && !d.startsWith('shared/errors/') && !d.startsWith('shared/state/'))
    expect(machine).toEqual([])
  })

  it('below the flows nothing names them, not even for a type: each layer is given a narrow context (the database lifecycle its DatabaseContext)', () => {
    const named = sources().filter((f) => f.startsWith('shared/') && !f.startsWith('shared/flows/'))
      .filter((f) => /from '(\.\.\/)+flows\//.test(readFileSync(join(ROOT, f), 'utf8')))
    expect(named).toEqual([])
  })

  it('flows never read raw inputs: only the entries and the actions\' mains hold an ActionRuntime (settings reach flows typed)', () => {
    const readers = sources().filter((f) => (f.startsWith('shared/') && !f.startsWith('shared/runtime/') && !f.startsWith('shared/entry/')))
      .filter((f) => /\bActionRuntime\b|\.input\(['"]/.test(readFileSync(join(ROOT, f), 'utf8')))
    expect(readers).toEqual([])
  })

  it('no dead export: every function, class or constant shared/ exports is used by another file', () => {
    // Tests and scripts count as users (a function kept for its test is not dead); a name used only
    // in its own file is not exported.
    const users = [...sources(), ...['__tests__', 'scripts', 'bench', 'action-readme'].flatMap((d) => {
      const out: string[] = []
      const walk = (dir: string) => {
        for (const f of readdirSync(dir)) {
          const p = join(dir, f)
          if (statSync(p).isDirectory()) { if (f !== 'node_modules' && f !== 'results') walk(p) } else if (/\.(ts|mjs|js)$/.test(p)) out.push(relative(ROOT, p))
        }
      }
      walk(join(ROOT, d))
      return out
    })]
    const text = new Map(users.map((f) => [f, readFileSync(join(ROOT, f), 'utf8')]))
    const dead: string[] = []
    for (const f of sources().filter((x) => x.startsWith('shared/'))) {
      for (const m of (text.get(f) as string).matchAll(/^export (?:async )?(?:function|const|class|let) ([A-Za-z_$][\w$]*)/gm)) {
        const word = new RegExp(`\\b${m[1].replace(/\$/g, '\\$')}\\b`)
        if (![...text].some(([g, t]) => g !== f && word.test(t))) dead.push(`${f}: ${m[1]}`)
      }
    }
    expect(dead).toEqual([])
  })
})
