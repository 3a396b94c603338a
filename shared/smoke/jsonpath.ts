// A small JSON path reader for `$.a.b[0].c` and `$['key with spaces']`: enough for checks and versions.
export function readJsonPath(value: unknown, path: string): { found: boolean; value?: unknown } {
  if (!path.startsWith('$')) return { found: false }
  const parts: Array<string | number> = []
  const re = /\.([A-Za-z_$][\w$-]*)|\[(\d+)\]|\['([^']*)'\]|\["([^"]*)"\]/g
  let rest = path.slice(1)
  let m: RegExpExecArray | null
  let consumed = 0
  while ((m = re.exec(rest)) !== null) {
    if (m.index !== consumed) return { found: false }
    consumed = m.index + m[0].length
    parts.push(m[1] ?? (m[2] !== undefined ? Number(m[2]) : (m[3] ?? m[4])))
  }
  if (consumed !== rest.length) return { found: false }
  rest = ''
  let cur: unknown = value
  for (const p of parts) {
    if (cur === null || typeof cur !== 'object' || !Object.hasOwn(cur as object, p)) return { found: false }
    cur = (cur as Record<string | number, unknown>)[p]
  }
  return { found: true, value: cur }
}
