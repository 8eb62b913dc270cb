/**
 * A pattern matching exactly the given IDs, for a registrar's one Bolt listener over its whole table.
 * Bolt runs every registered listener's middleware for every request, whatever it is: one listener
 * per ID (a dozen actions, five modals) made each slash command and click go through all of them
 * before its ack, and a burst of requests paid that for each request ahead of it.
 */
export function exactly(ids: readonly string[]): RegExp {
  const escaped = ids.map((id) => id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^(?:${escaped.join('|')})$`);
}
