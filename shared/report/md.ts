import { escapeMarkdown } from './markdown.js'

// The one markdown builder (as @actions/core's summary builder): every value put into a report, a plan, a
// smoke table or an error's summary is escaped once, here, unless it is markdown this code wrote itself
// (raw). A fix to how text lands on GitHub lands once, for every surface.

/** Markdown written by Glidepath itself (an icon, a bold run, a chart): put in as it is. */
export class Raw {
  constructor(readonly md: string) {}
  toString(): string {
    return this.md
  }
}

/** A value for a report: text (escaped), a number, Glidepath's own markdown (raw), or nothing (empty). */
export type Inline = string | number | boolean | Raw | null | undefined

export const raw = (markdown: string): Raw => new Raw(markdown)

/** One inline value as markdown: text is made inert (markdown controls, line breaks, @mentions). */
export function inline(value: Inline): string {
  if (value instanceof Raw) return value.md
  if (value === null || value === undefined) return ''
  return escapeMarkdown(String(value))
}

/** A template whose interpolated values are escaped: md`### Plan: ${version} to ${environment}`. */
export function md(strings: TemplateStringsArray, ...values: Inline[]): Raw {
  return raw(strings.reduce((out, s, i) => out + s + (i < values.length ? inline(values[i]) : ''), ''))
}

export const bold = (value: Inline): Raw => raw(`**${inline(value)}**`)

/** A GFM table; every cell is an inline value (text escaped, so a `|` never splits a cell). */
export function table(head: Inline[], rows: Inline[][]): Raw {
  const row = (cells: Inline[]) => `| ${cells.map(inline).join(' | ')} |`
  return raw(`${row(head)}\n|${head.map(() => '---').join('|')}|\n${rows.map(row).join('\n')}${rows.length ? '\n' : ''}`)
}

/** Blocks of markdown, each separated by a blank line: a heading, paragraphs, tables, charts. */
export class Markdown {
  private readonly blocks: string[] = []

  heading(text: Inline, level = 3): this {
    return this.block(`${'#'.repeat(level)} ${inline(text)}`)
  }

  /** A paragraph of inline values, joined as they are. */
  para(...parts: Inline[]): this {
    return this.block(parts.map(inline).join(''))
  }

  table(head: Inline[], rows: Inline[][]): this {
    return this.block(table(head, rows).md.trimEnd())
  }

  /** Folded under a summary line (GitHub renders <details>); the body is Glidepath's own markdown. */
  details(summary: Inline, body: Markdown | Raw): this {
    return this.block(`<details><summary>${inline(summary)}</summary>\n\n${body.toString().trimEnd()}\n\n</details>`)
  }

  /** Glidepath's own markdown, as it is. */
  raw(markdown: string | Raw): this {
    return this.block(markdown.toString())
  }

  private block(text: string): this {
    if (text.trim()) this.blocks.push(text.trimEnd())
    return this
  }

  toString(): string {
    return this.blocks.length ? `${this.blocks.join('\n\n')}\n` : ''
  }
}
