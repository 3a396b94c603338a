/** Text from events (versions, reasons, refs, titles) made inert in markdown tables and comments. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_[\]|<>~]/g, '\\$&').replace(/\r?\n/g, ' ')
}
