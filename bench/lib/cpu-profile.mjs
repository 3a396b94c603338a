// A V8 .cpuprofile (node --cpu-prof) in a few lines: self time by where the code lives (Node's HTTP
// server, its sockets and streams, undici, the router's own files, the garbage collector) and the
// functions that cost most. Self time is each node's sample count times the mean sampling interval.
import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'

/** Where a frame's code lives, as a reader of the benchmark would name it. */
export function placeOf(frame, source) {
  const url = source ?? frame.url ?? ''
  const fn = frame.functionName ?? ''
  if (fn === '(garbage collector)') return 'garbage collection'
  if (fn === '(program)' || fn === '(idle)' || fn === '(root)') return fn === '(idle)' ? 'idle (waiting for I/O)' : 'V8 and native code outside JavaScript'
  if (/node:_http_(server|incoming|outgoing|common)|node:internal\/http/.test(url)) return "Node's HTTP server (node:http)"
  if (/node:net|node:internal\/stream|node:stream|node:internal\/streams|node:events|node:internal\/event_target|node:buffer|node:internal\/buffer|node:internal\/timers|node:timers/.test(url)) return "Node's sockets, streams, events and timers"
  if (/node_modules\/undici\/|undici/.test(url)) return 'undici (upstream connections)'
  if (/shared\/traffic\//.test(url)) return "the router's own code (shared/traffic)"
  if (/(^|\/)shared\//.test(url)) return "Glidepath's other code (shared/)"
  if (url.startsWith('node:')) return 'other Node internals'
  if (url === '') return 'native and builtins'
  return 'other JavaScript'
}

export function summarise(file, sourceOf = () => undefined) {
  const profile = JSON.parse(readFileSync(file, 'utf8'))
  const total = profile.timeDeltas.reduce((s, d) => s + d, 0) / 1000
  const samples = profile.samples.length
  const perSample = total / Math.max(1, samples)
  const byPlace = new Map()
  const byFunction = new Map()
  for (const node of profile.nodes) {
    if (!node.hitCount) continue
    const ms = node.hitCount * perSample
    const source = node.callFrame.url ? sourceOf(node.callFrame.url, node.callFrame.lineNumber) : undefined
    const place = placeOf(node.callFrame, source)
    byPlace.set(place, (byPlace.get(place) ?? 0) + ms)
    const at = source ? source.replace(/^\.\//, '') : node.callFrame.url ? `${node.callFrame.url.replace(/^file:\/\//, '').replace(/^.*\/(shared|node_modules)\//, '$1/')}:${node.callFrame.lineNumber + 1}` : ''
    const key = `${node.callFrame.functionName || '(anonymous)'}${at ? ` (${at})` : ''}`
    byFunction.set(key, (byFunction.get(key) ?? 0) + ms)
  }
  const busy = [...byPlace].filter(([p]) => !p.startsWith('idle')).reduce((s, [, ms]) => s + ms, 0)
  const sorted = (m) => [...m].sort((a, b) => b[1] - a[1])
  return {
    totalMs: total,
    busyMs: busy,
    places: sorted(byPlace).filter(([p]) => !p.startsWith('idle')).map(([place, ms]) => ({ place, ms, share: ms / busy })),
    functions: sorted(byFunction).filter(([k]) => !k.startsWith('(idle)')).slice(0, 12).map(([fn, ms]) => ({ fn, ms, share: ms / busy })),
  }
}

/**
 * Which source file each line of an ncc bundle comes from: webpack's `/***\/ ID:` module starts, named
 * by ncc's module stats (--stats-out), and the `// CONCATENATED MODULE: ./path` markers inside them.
 * Returns (file URL, line) -> source path.
 */
export function bundleMap(dir, statsFile) {
  const stats = JSON.parse(readFileSync(statsFile, 'utf8'))
  const names = new Map()
  for (const m of stats.modules ?? []) if (m.id !== undefined && m.id !== null) names.set(String(m.id), (m.name ?? '').replace(/ \+ \d+ modules$/, ''))
  const files = new Map()
  for (const f of readdirSync(dir).filter((x) => x.endsWith('.js'))) {
    const lines = readFileSync(join(dir, f), 'utf8').split('\n')
    const at = []
    let current = '(bundle runtime)'
    lines.forEach((line, i) => {
      const start = /^\/\*\*\*\/ (\d+):$/.exec(line)
      const inner = /^;?\/\/ CONCATENATED MODULE: (.*)$/.exec(line)
      if (start) current = names.get(start[1]) ?? `module ${start[1]}`
      else if (inner) current = inner[1]
      at[i] = current
    })
    files.set(f, at)
  }
  return (url, line) => {
    const f = (url ?? '').split('/').pop()
    const at = files.get(f)
    return at ? at[Math.max(0, line)] ?? at.at(-1) : undefined
  }
}
