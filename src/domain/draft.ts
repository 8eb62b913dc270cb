/**
 * A job the bot holds for a provider without a start gate (see src/drafts/): `draft-` and 12 hex
 * digits, unlike any provider's ids and short enough to type.
 */
export const DRAFT_ID = /^draft-[0-9a-f]{12}$/;

export function isDraftId(id: string): boolean {
  return DRAFT_ID.test(id.trim().toLowerCase());
}
