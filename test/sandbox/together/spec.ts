import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';
import { sharedPath } from '../../helpers/shared.js';

export type Validate = (data: unknown) => { ok: boolean; errors: string };

/** OpenAPI 3.0's `nullable: true` (which this 3.1 file still uses) read as 3.1's `type: [T, 'null']`. */
function nullableToTypes(node: unknown): void {
  if (Array.isArray(node)) {
    for (const n of node) nullableToTypes(n);
    return;
  }
  if (typeof node !== 'object' || node === null) return;
  const o = node as Record<string, unknown>;
  if (o.nullable === true && typeof o.type === 'string') o.type = [o.type, 'null'];
  for (const v of Object.values(o)) nullableToTypes(v);
}

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

/**
 * Validators from together-openapi.yaml, with its two known quirks made explicit: the job id is
 * declared `format: uuid` while the service (and the sandbox) answer `ft-<uuid>`, and `nullable`.
 */
export function togetherValidators() {
  const spec = parse(readFileSync(sharedPath('schemas/together-openapi.yaml'), 'utf8')) as {
    components: { schemas: Record<string, { properties: Record<string, unknown> }> };
  };
  nullableToTypes(spec);
  const job = spec.components.schemas.FinetuneResponse;
  if (!job) throw new Error('FinetuneResponse is missing from the spec');
  job.properties.id = { type: 'string', pattern: `^(ft-)?${UUID}$` };
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats.default(ajv);
  ajv.addSchema({ ...spec, $id: 'together-openapi' });
  const wrap = (schema: object): Validate => {
    const fn = ajv.compile(schema);
    return (data) => ({ ok: fn(data) as boolean, errors: ajv.errorsText(fn.errors) });
  };
  const pointer = (...tokens: string[]) =>
    tokens.map((t) => encodeURIComponent(t.replaceAll('~', '~0').replaceAll('/', '~1'))).join('/');
  return {
    component: (name: string) => wrap({ $ref: `together-openapi#/components/schemas/${name}` }),
    response: (path: string, method: string, status = '200') =>
      wrap({
        $ref: `together-openapi#/${pointer('paths', path, method, 'responses', status, 'content', 'application/json', 'schema')}`,
      }),
  };
}
