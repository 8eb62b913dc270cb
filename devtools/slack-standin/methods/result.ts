import type { StandinState } from '../core.js';
import type { Args, MethodResult } from '../types.js';

export type MethodHandler = (state: StandinState, args: Args) => MethodResult;

export function ok(fields: Record<string, unknown> = {}): MethodResult {
  return { ok: true, ...fields };
}

/** Slack's error shape; the detail goes where Slack puts it, in response_metadata.messages. */
export function fail(error: string, detail?: string): MethodResult {
  return detail
    ? { ok: false, error, response_metadata: { messages: [`[ERROR] ${detail}`] } }
    : { ok: false, error };
}
