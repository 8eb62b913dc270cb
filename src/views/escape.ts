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

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Enough of an id to recognise it, short enough for a list row: a UUID's first 8 characters, or a
 * provider's word prefix (`ft-`, `ftjob-`, `draft-`) and the 8 characters after it.
 */
export function shortId(id: string): string {
  const m = /^([a-z]+-)(.+)$/i.exec(id);
  if (m && !UUID.test(id)) return `${m[1]}${(m[2] as string).slice(0, 8)}`;
  return id.slice(0, 8);
}
