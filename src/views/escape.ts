/**
 * Slack parses `&`, `<` and `>` in mrkdwn: an unescaped API string could become a link or a
 * `<!channel>` ping. Every value that comes from the API or a user goes through here.
 */
export function escapeMrkdwn(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * An inline code span; a backtick or newline in the value would end it early. The one rule for
 * echoing what a user typed (a job ref, a channel, a filter): it comes back through here, inert.
 */
export function code(s: string): string {
  return `\`${escapeMrkdwn(s.replace(/`/g, "'").replace(/\s*\n\s*/g, ' '))}\``;
}

/** First 8 characters: enough to recognise a UUID, short enough for a list row. */
export function shortId(id: string): string {
  return id.slice(0, 8);
}
