export const ELLIPSIS = '…';

/** Drops a lone high surrogate so a cut never leaves half an emoji. */
function dropHalfCharacter(s: string): string {
  const last = s.charCodeAt(s.length - 1);
  return last >= 0xd800 && last <= 0xdbff ? s.slice(0, -1) : s;
}

/** Cuts plain text to `max` characters, ending with "…" when anything was cut. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max < 1) return '';
  return `${dropHalfCharacter(text.slice(0, max - 1))}${ELLIPSIS}`;
}

/**
 * A cut in the middle of `<url|label>`, `&amp;` or `<!date^…>` would show raw markup, so an unclosed
 * link or entity at the end is dropped whole.
 */
function dropBrokenMarkup(s: string): string {
  let out = dropHalfCharacter(s);
  if (out.lastIndexOf('<') > out.lastIndexOf('>')) out = out.slice(0, out.lastIndexOf('<'));
  return out.replace(/&[a-z#0-9]*$/i, '');
}

function hasOpenCode(s: string): boolean {
  return (s.match(/`/g)?.length ?? 0) % 2 === 1;
}

/** Like `truncate`, for mrkdwn: never leaves a broken link or entity, and closes an open code span. */
export function truncateMrkdwn(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max < 2) return truncate(text, max);
  const cut = dropBrokenMarkup(text.slice(0, max - 1));
  if (!hasOpenCode(cut)) return `${cut}${ELLIPSIS}`;
  const shorter = dropBrokenMarkup(cut.slice(0, max - 2));
  return hasOpenCode(shorter) ? `${shorter}${ELLIPSIS}\`` : `${shorter}${ELLIPSIS}`;
}
