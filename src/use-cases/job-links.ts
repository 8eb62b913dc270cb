import type { BackendCapabilities } from '../backend/capabilities.js';

/** Longer URLs are not looked at: no console page of a job is anywhere near this long. */
const MAX_URL_LENGTH = 2_000;

/** The job id a provider console URL names, when the URL is one of the configured provider's job pages. */
export function jobIdInConsoleUrl(caps: BackendCapabilities, url: string): string | undefined {
  if (url.length > MAX_URL_LENGTH) return undefined;
  for (const pattern of caps.consoleUrls) {
    const id = pattern.exec(url)?.groups?.id;
    if (id) return id;
  }
  return undefined;
}

/**
 * Slack sends links in message text as `<https://…>` or `<https://…|label>`; a URL typed in a code
 * span stays bare. Both are found, in the order they appear.
 */
function urlsIn(text: string): string[] {
  return [...text.matchAll(/<(https?:\/\/[^|>\s]+)(?:\|[^>]*)?>|(https?:\/\/[^\s<>|`'"]+)/g)].map((m) =>
    (m[1] ?? m[2] ?? '').replace(/&amp;/g, '&'),
  );
}

/**
 * The job a message points at: the first console URL of the configured provider, else the first
 * word that is a full job id of that provider (a prefix is too likely to be some other word).
 */
export function findJobReference(caps: BackendCapabilities, texts: readonly string[]): string | undefined {
  for (const text of texts) {
    for (const url of urlsIn(text)) {
      const id = jobIdInConsoleUrl(caps, url);
      if (id) return id;
    }
  }
  for (const text of texts) {
    // Links are not words: a URL's path segment naming another provider's job is not this one's.
    const words = text.replace(/<[^>]*>/g, ' ').split(/[^A-Za-z0-9_-]+/);
    const id = words.find((w) => w.length <= 200 && caps.jobIdPattern.test(w));
    if (id) return id;
  }
  return undefined;
}

/** Message text as Slack sends it with a message: its `text`, block texts and attachment texts. */
export function messageTexts(message: unknown): string[] {
  const out: string[] = [];
  const walk = (node: unknown, depth: number): void => {
    if (depth > 12 || out.length > 500) return;
    if (Array.isArray(node)) {
      for (const n of node) walk(n, depth + 1);
    } else if (typeof node === 'object' && node !== null) {
      for (const [key, value] of Object.entries(node)) {
        // `url` keeps the links of rich_text `link` elements, which have no text of their own.
        if ((key === 'text' || key === 'url' || key === 'fallback') && typeof value === 'string') {
          out.push(key === 'url' ? `<${value}>` : value);
        } else walk(value, depth + 1);
      }
    }
  };
  walk(message, 0);
  return out;
}
