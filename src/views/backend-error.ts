import { isBackendError } from '../backend/errors.js';

export const RETIRED_SENTENCE =
  'Mistral has retired its hosted fine-tuning API (it answers 410 Gone since July 2026), so this cannot be done on Mistral any more. Nothing was changed; the app keeps running.';

/** A `410` from any provider: its fine-tuning API is retired. Mistral's keeps its historic sentence. */
export function retiredSentence(backendLabel: string): string {
  if (/^Mistral\b/.test(backendLabel)) return RETIRED_SENTENCE;
  return `${backendLabel} has retired this fine-tuning API (it answers 410 Gone), so this cannot be done there any more. Nothing was changed; the app keeps running.`;
}

/** The one sentence a user sees for a backend failure. The log keeps the detail. */
export function describeBackendError(e: unknown, backendLabel: string, keyVariable?: string): string {
  if (!isBackendError(e)) {
    return `Something went wrong talking to ${backendLabel}. The details are in the app's log.`;
  }
  switch (e.kind) {
    case 'retired':
      return retiredSentence(backendLabel);
    case 'not_found':
      // The client writes this message itself ("There is no job … on …"), so it is safe to show.
      return e.message;
    case 'invalid_request': {
      const first = e.fieldProblems[0];
      if (first) {
        const field = first.loc.filter((p) => p !== 'body').join('.');
        return `${backendLabel} rejected the request: ${field ? `${field}: ` : ''}${first.msg}`;
      }
      return `${backendLabel} rejected the request: ${e.detail ?? e.message}`;
    }
    case 'conflict':
      return `${backendLabel} refused: a similar job is already queued, validated or running. Cancel it or wait for it to finish.`;
    case 'rate_limited':
      return `${backendLabel} is rate limiting us; try again in ${e.retryAfterSeconds ?? 'a few'} seconds.`;
    case 'unavailable':
      return `${backendLabel} is not answering right now (${e.message}). Try again in a minute.`;
    case 'unauthorized':
      return `${backendLabel} refused our API key. Check ${keyVariable ?? 'the API key the app is configured with'}.`;
    case 'bad_response':
      return `${backendLabel} sent an answer the app could not read. The details are in the app's log.`;
  }
}
