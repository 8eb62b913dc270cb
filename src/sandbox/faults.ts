import { isObject } from '../data/jsonl.js';
import { mistralDialect, type SandboxDialect } from './dialects.js';
import type { HttpResult } from './http.js';
import type { Rng } from './prng.js';
import type { SandboxFaults } from './types.js';

export function defaultFaults(): SandboxFaults {
  return { latencyMs: 0, errorRate: 0, rateLimit: null, gone: false, failingJobs: [], slowJobs: null };
}

/** The retirement notice the real API gives since July 2026. */
export const GONE_DETAIL =
  'The fine-tuning API has been retired and is no longer available. Fine-tuned models you own remain available through /v1/models.';

/**
 * Faults checked before routing, in the order a real gateway applies them: rate limit, then the
 * retired-route 410, then random server errors.
 */
export function checkFaults(
  faults: SandboxFaults,
  rng: Rng,
  isJobsRoute: boolean,
  error: SandboxDialect['error'] = mistralDialect.error,
): HttpResult | null {
  const rl = faults.rateLimit;
  if (rl) {
    if (rl.remaining !== undefined) {
      if (rl.remaining <= 1) faults.rateLimit = null;
      else rl.remaining -= 1;
    }
    return error(429, 'rate_limit_error', 'Requests rate limit exceeded', {
      'retry-after': String(Math.max(0, Math.ceil(rl.retryAfterSeconds))),
      'x-ratelimit-remaining': '0',
    });
  }
  if (faults.gone && isJobsRoute) return error(410, 'gone', GONE_DETAIL);
  if (faults.errorRate > 0 && rng() < faults.errorRate) return serverError(error);
  return null;
}

export function serverError(error: SandboxDialect['error'] = mistralDialect.error): HttpResult {
  return error(503, 'server_error', 'Service temporarily unavailable (sandbox fault injection).');
}

/** Applies a JSON partial from `POST /_sandbox/faults`; returns the problems, changing nothing if any. */
export function patchFaults(faults: SandboxFaults, patch: unknown): string[] {
  if (!isObject(patch)) return ['the body must be a JSON object'];
  const errors: string[] = [];
  const next: SandboxFaults = { ...faults };
  for (const [key, v] of Object.entries(patch)) {
    if (key === 'latencyMs') {
      if (typeof v === 'number' && v >= 0 && v <= 600_000) next.latencyMs = v;
      else errors.push('latencyMs must be a number from 0 to 600000');
    } else if (key === 'errorRate') {
      if (typeof v === 'number' && v >= 0 && v <= 1) next.errorRate = v;
      else errors.push('errorRate must be a number from 0 to 1');
    } else if (key === 'gone') {
      if (typeof v === 'boolean') next.gone = v;
      else errors.push('gone must be a boolean');
    } else if (key === 'failingJobs') {
      if (Array.isArray(v) && v.every((x) => typeof x === 'string')) next.failingJobs = v as string[];
      else errors.push('failingJobs must be a list of job ids');
    } else if (key === 'slowJobs') {
      if (v === null) next.slowJobs = null;
      else if (
        isObject(v) &&
        Array.isArray(v.ids) &&
        v.ids.every((x) => typeof x === 'string') &&
        typeof v.latencyMs === 'number' &&
        v.latencyMs >= 0 &&
        v.latencyMs <= 600_000
      )
        next.slowJobs = { ids: v.ids as string[], latencyMs: v.latencyMs };
      else errors.push('slowJobs must be null or {ids: job ids, latencyMs: 0 to 600000}');
    } else if (key === 'rateLimit') {
      if (v === null) next.rateLimit = null;
      else if (isObject(v) && typeof v.retryAfterSeconds === 'number' && v.retryAfterSeconds >= 0) {
        const rem = v.remaining;
        if (rem !== undefined && !(typeof rem === 'number' && Number.isInteger(rem) && rem > 0)) {
          errors.push('rateLimit.remaining must be a positive integer');
        } else {
          next.rateLimit =
            rem === undefined
              ? { retryAfterSeconds: v.retryAfterSeconds }
              : { retryAfterSeconds: v.retryAfterSeconds, remaining: rem };
        }
      } else errors.push('rateLimit must be null or {retryAfterSeconds, remaining?}');
    } else errors.push(`unknown fault "${key}"`);
  }
  if (errors.length === 0) Object.assign(faults, next);
  return errors;
}
