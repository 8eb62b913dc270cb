import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';
import { sharedPath } from '../../helpers/shared.js';

/**
 * The spec is OpenAPI 3.1 but keeps a few OpenAPI 3.0 spellings (`exclusiveMinimum: true` beside
 * `minimum`, `nullable: true`) that JSON Schema 2020-12 reads differently; rewrite them as meant.
 */
export function toJsonSchema2020(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(toJsonSchema2020);
  if (typeof node !== 'object' || node === null) return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) out[k] = toJsonSchema2020(v);
  if (out.exclusiveMinimum === true && typeof out.minimum === 'number') {
    out.exclusiveMinimum = out.minimum;
    delete out.minimum;
  } else if (typeof out.exclusiveMinimum === 'boolean') delete out.exclusiveMinimum;
  if (out.nullable === true) {
    delete out.nullable;
    if (typeof out.type === 'string') out.type = [out.type, 'null'];
  }
  return out;
}

export type Validate = (data: unknown) => { ok: boolean; errors: string };

/** Validators from the shared OpenAI spec, added whole under an $id so its `$ref`s resolve as written. */
export function openaiSpecValidators() {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats.default(ajv);
  // OpenAI's own formats: a unix timestamp is an integer; binary is a multipart part.
  ajv.addFormat('unixtime', true);
  ajv.addFormat('binary', true);
  const spec = toJsonSchema2020(
    parse(readFileSync(sharedPath('schemas/openai-finetuning-openapi.yaml'), 'utf8')),
  ) as object;
  ajv.addSchema({ ...spec, $id: 'openai-openapi' });
  const wrap = (schema: object): Validate => {
    const fn = ajv.compile(schema);
    return (data) => ({ ok: fn(data) as boolean, errors: ajv.errorsText(fn.errors) });
  };
  const pointer = (...tokens: string[]) =>
    tokens.map((t) => encodeURIComponent(t.replaceAll('~', '~0').replaceAll('/', '~1'))).join('/');
  return {
    component: (name: string) => wrap({ $ref: `openai-openapi#/components/schemas/${name}` }),
    response: (path: string, method: string) =>
      wrap({
        $ref: `openai-openapi#/${pointer('paths', path, method, 'responses', '200', 'content', 'application/json', 'schema')}`,
      }),
    /** The spec's fine-tuning operations reference no error schema; this is OpenAI's documented one. */
    error: wrap({
      type: 'object',
      required: ['error'],
      properties: {
        error: {
          type: 'object',
          required: ['message', 'type', 'param', 'code'],
          properties: {
            message: { type: 'string' },
            type: { type: 'string' },
            param: { type: ['string', 'null'] },
            code: { type: ['string', 'null'] },
          },
        },
      },
    }),
  };
}
