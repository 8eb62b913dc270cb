import { readFileSync } from 'node:fs';
import { Mistral } from '@mistralai/mistralai';
import { HTTPClient } from '@mistralai/mistralai/lib/http.js';
import type * as components from '@mistralai/mistralai/models/components';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';
import { type Sandbox, type SandboxOptions, startSandbox } from '../../src/sandbox/index.js';
import { sharedPath } from '../helpers/shared.js';

/** A clock the test moves by hand: lifecycle tests advance time instead of sleeping. */
export function manualClock(start = Date.UTC(2026, 10, 1, 12)) {
  let t = start;
  return {
    now: () => t,
    advance(ms: number) {
      t += ms;
    },
  };
}

export interface Recorded {
  method: string;
  path: string;
  status: number;
  body: unknown;
}

/** A sandbox plus a real SDK client whose every HTTP answer is recorded for schema checks. */
export async function sandboxWithClient(options: SandboxOptions = {}) {
  const sandbox = await startSandbox(options);
  const recorded: Recorded[] = [];
  const httpClient = new HTTPClient();
  httpClient.addHook('response', async (res, req) => {
    const text = await res.clone().text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // Non-JSON answers (file downloads) are recorded as text.
    }
    recorded.push({ method: req.method, path: new URL(req.url).pathname, status: res.status, body });
  });
  const client = new Mistral({ apiKey: options.apiKey ?? 'k', serverURL: sandbox.url, httpClient });
  return { sandbox, client, recorded };
}

export async function raw(
  sandbox: Sandbox,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
) {
  const res = await fetch(`${sandbox.url}${path}`, {
    method,
    headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let json: unknown = null;
  try {
    json = JSON.parse(text);
  } catch {
    json = text;
  }
  return { status: res.status, headers: res.headers, json };
}

/** The body the SDK's error carries (422s from fineTuning/files are plain SDKErrors: parse it ourselves). */
export function errorBody(e: unknown): { status: number; body: unknown } {
  if (typeof e === 'object' && e !== null && 'statusCode' in e && 'body' in e) {
    const { statusCode, body } = e as { statusCode: number; body: string };
    try {
      return { status: statusCode, body: JSON.parse(body) };
    } catch {
      return { status: statusCode, body };
    }
  }
  throw e;
}

export async function expectSdkError(p: Promise<unknown>): Promise<{ status: number; body: unknown }> {
  try {
    await p;
  } catch (e) {
    return errorBody(e);
  }
  throw new Error('expected the call to fail');
}

export function chatJsonl(n: number): Uint8Array {
  const line = (i: number) =>
    JSON.stringify({
      messages: [
        { role: 'user', content: `question ${i}` },
        { role: 'assistant', content: `answer ${i}` },
      ],
    });
  return new TextEncoder().encode(`${Array.from({ length: n }, (_, i) => line(i)).join('\n')}\n`);
}

export type Validate = (data: unknown) => { ok: boolean; errors: string };

/**
 * Validators from the shared OpenAPI spec and seed schema. The spec is added whole under an $id
 * so `$ref`s into `#/components/schemas` and into a path's response schema resolve as written.
 */
export function specValidators() {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats.default(ajv);
  const spec = parse(readFileSync(sharedPath('schemas/mistral-finetuning-openapi.yaml'), 'utf8')) as object;
  ajv.addSchema({ ...spec, $id: 'mistral-openapi' });
  const seed = JSON.parse(readFileSync(sharedPath('seed/fine-tuning-job.schema.json'), 'utf8')) as object;
  const wrap = (schema: object): Validate => {
    const fn = ajv.compile(schema);
    return (data) => ({ ok: fn(data) as boolean, errors: ajv.errorsText(fn.errors) });
  };
  const pointer = (...tokens: string[]) =>
    tokens.map((t) => encodeURIComponent(t.replaceAll('~', '~0').replaceAll('/', '~1'))).join('/');
  return {
    component: (name: string) => wrap({ $ref: `mistral-openapi#/components/schemas/${name}` }),
    response: (path: string, method: string) =>
      wrap({
        $ref: `mistral-openapi#/${pointer('paths', path, method, 'responses', '200', 'content', 'application/json', 'schema')}`,
      }),
    seedJob: wrap(seed),
  };
}

/** The API writes "unset" as null where the seed schema leaves the field out; compare like for like. */
export function withoutNulls(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(withoutNulls);
  if (typeof v === 'object' && v !== null) {
    return Object.fromEntries(
      Object.entries(v)
        .filter(([, x]) => x !== null)
        .map(([k, x]) => [k, withoutNulls(x)]),
    );
  }
  return v;
}

export type Job = components.CompletionFineTuningJob | components.ClassifierFineTuningJob;
export type JobDetails =
  | components.CompletionFineTuningJobDetails
  | components.ClassifierFineTuningJobDetails;

/** SDK 2.4.0 returns malformed jobs as `{isUnknown: true}` instead of throwing: insist on a real one. */
export function known<T extends Job | JobDetails>(r: unknown): T {
  const jobType = (r as { jobType?: unknown }).jobType;
  if (jobType !== 'completion' && jobType !== 'classifier') {
    throw new Error(`not a well-formed job: ${JSON.stringify(r).slice(0, 300)}`);
  }
  return r as T;
}
