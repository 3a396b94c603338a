// Every echo of someone else's text (a comment, a reason, a branch name, a title) is made inert for the
// surface it lands on here, and nowhere else: markdown text, a markdown code span, Slack's mrkdwn.

/** Text from events (versions, reasons, refs, titles) made inert in markdown tables and comments. */
export function escapeMarkdown(text: string): string {
  return quietMentions(text.replace(/[\\`*_[\]|<>~]/g, '\\$&').replace(/\r?\n/g, ' '))
}

/**
 * An @-mention in echoed text would notify a person or a team from the bot's reply: a zero-width joiner
 * after the @ keeps the text readable and the mention dead (GitHub links `@name` only when the name follows
 * the @ directly). Applied to plain text only; a code span already never mentions.
 */
function quietMentions(text: string): string {
  return text.replace(/@(?=[A-Za-z0-9])/g, '@\u200d')
}

/**
 * A markdown code span holding `text` literally, whatever it contains: a run of backticks one longer than
 * the longest inside, padded with spaces where the text starts or ends with a backtick (CommonMark 6.1), and
 * line breaks as spaces (a code span cannot hold a blank line).
 */
export function codeSpan(text: string): string {
  const flat = text.replace(/\r?\n|\r/g, ' ')
  const longest = Math.max(0, ...(flat.match(/`+/g) ?? []).map((run) => run.length))
  const fence = '`'.repeat(longest + 1)
  const pad = flat.startsWith('`') || flat.endsWith('`') || (flat.startsWith(' ') && flat.endsWith(' ') && flat.trim() !== '') ? ' ' : ''
  return `${fence}${pad}${flat || ' '}${pad}${fence}`
}

/** A fenced code block holding `text` literally: a fence longer than any backtick run inside. */
export function codeBlock(text: string): string {
  const longest = Math.max(0, ...(text.match(/`{3,}/g) ?? []).map((run) => run.length))
  const fence = '`'.repeat(Math.max(3, longest + 1))
  return `${fence}\n${text.replace(/\r\n?/g, '\n')}\n${fence}`
}

/**
 * Text for a Slack message: `&`, `<` and `>` are the only characters Slack's mrkdwn gives meaning to as
 * controls (`<!channel>`, `<url|text>`, `<@U123>`), and escaping them is how Slack says to send text as text.
 */
export function slackText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
}
