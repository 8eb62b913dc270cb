import { BackendError } from './errors.js';

/** What a zod schema offers, so adapters can check answers without naming zod's types. */
export interface Parser<T> {
  safeParse(v: unknown): { success: true; data: T } | { success: false; error: { message: string } };
}

/**
 * A provider's answer, checked at run time: a shape the adapter cannot read is a `bad_response`
 * error (one sentence for the user, the detail in the log), never a half-filled job.
 */
export function checkAnswer<T>(what: string, schema: Parser<T>, value: unknown): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    throw new BackendError(
      'bad_response',
      `${what}: unexpected shape: ${parsed.error.message.slice(0, 500)}`,
    );
  }
  return parsed.data;
}
