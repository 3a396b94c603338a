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

/** Value imports of each file, as repository paths. */
export function importGraph(files: string[], read: (f: string) => string = (f) => readFileSync(join(ROOT, f), 'utf8')): Map<string, string[]> {
  const known = new Set(files)
  const graph = new Map<string, string[]>()
  for (const f of files) {
    const src = read(f)
    const deps: string[] = []
    const add = (spec: string) => {
      const to = relative(ROOT, resolve(ROOT, dirname(f), spec.replace(/\.js$/, '.ts')))
      if (known.has(to)) deps.push(to)
    }
    for (const m of src.matchAll(/^import\s+(type\s+)?(\{[^}]*\}|[^'"]*?)\s*from\s+'(\.[^']+)'/gm)) {
      if (m[1]) continue
      const names = m[2].trim()
      // import { type A, type B } from '...' is erased too.
      if (names.startsWith('{') && names.slice(1, -1).split(',').map((s) => s.trim()).filter(Boolean).every((s) => s.startsWith('type '))) continue
      add(m[3])
    }
    for (const m of src.matchAll(/import\('(\.[^']+)'\)/g)) add(m[1])
    graph.set(f, deps)
  }
  return graph
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

  it('has no import cycle', () => {
    expect(cycles(graph)).toEqual([])
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
