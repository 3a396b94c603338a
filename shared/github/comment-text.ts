import { Lexer, type Token } from 'marked'

// A comment is read as GitHub renders it (GFM, by a kept CommonMark parser), so only what a reader sees as
// a line of the comment's own prose can act: a line of a top-level paragraph. Fenced and indented code, HTML
// blocks and comments, block quotes, lists, headings, and anything folded in <details> never act, nor a
// line that starts inside an inline code span or HTML comment.

const MASK = '\u0000'

/** The first line of the comment's prose that starts with `prefix` (followed by nothing or a space). */
export function proseLineStartingWith(body: string, prefix: string): string | undefined {
  let tokens: Token[]
  try {
    tokens = new Lexer({ gfm: true }).lex(body)
  } catch {
    return undefined
  }
  let folded = 0
  for (const token of tokens) {
    if (token.type === 'html') {
      folded += (token.raw.match(/<details\b/gi) ?? []).length - (token.raw.match(/<\/details\s*>/gi) ?? []).length
      if (folded < 0) folded = 0
      continue
    }
    if (token.type !== 'paragraph' || folded > 0) continue
    const raw = token.text as string
    const masked = maskInline(raw, token.tokens ?? [])
    const lines = raw.split('\n')
    const maskedLines = masked.split('\n')
    for (let i = 0; i < lines.length; i++) {
      const seen = maskedLines[i]?.trim() ?? ''
      if (seen === prefix || seen.startsWith(`${prefix} `) || seen.startsWith(`${prefix}\t`)) return lines[i].trim()
    }
  }
  return undefined
}

/** `raw` with every inline code span and inline HTML (comments included) blanked, line breaks kept. */
function maskInline(raw: string, tokens: Token[]): string {
  let out = ''
  let cursor = 0
  for (const t of tokens) {
    const at = raw.indexOf(t.raw, cursor)
    if (at < 0) continue
    out += raw.slice(cursor, at)
    if (t.type === 'codespan' || t.type === 'html') out += t.raw.replace(/[^\n]/g, MASK)
    else if ('tokens' in t && Array.isArray(t.tokens) && t.tokens.length) out += maskInline(t.raw, t.tokens)
    else out += t.raw
    cursor = at + t.raw.length
  }
  return out + raw.slice(cursor)
}
