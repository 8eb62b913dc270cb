import { readFileSync } from 'node:fs';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { HAS_SHARED, SHARED_SKIP_REASON, sharedPath } from './shared.js';

/**
 * Checks a Slack payload the way Slack would, offline: the community Block Kit JSON Schema
 * (../shared/schemas, when present) plus the limits that schema does not enforce (50 blocks per
 * message, cumulative text, duplicate block_ids, …). The numbers are written out here on purpose,
 * not imported from src/views/limits.ts: a test must not trust the code it checks.
 *
 * Every function returns a list of problems, each naming a JSON path; an empty list means valid.
 */

export { HAS_SHARED, SHARED_SKIP_REASON };

export interface MessagePayload {
  text?: unknown;
  blocks?: unknown;
}

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

// ---------- schema part (skipped when ../shared is absent) ----------

const SCHEMA_FILE = 'schemas/slack-block-kit.schema.json';

interface Validators {
  ajv: Ajv2020;
  id: string;
  blocks: ValidateFunction;
  modal: ValidateFunction;
  home: ValidateFunction;
  defs: Set<string>;
}

let validators: Validators | undefined;

/** Compiled once per test file: the schema is large and compiling it takes a while. */
function getValidators(): Validators | undefined {
  if (!HAS_SHARED) return undefined;
  if (validators) return validators;
  const schema = JSON.parse(readFileSync(sharedPath(SCHEMA_FILE), 'utf8')) as Json;
  const id = String(schema.$id);
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats.default(ajv);
  ajv.addSchema(schema);
  const get = (ref: string) => {
    const fn = ajv.getSchema(ref);
    if (!fn) throw new Error(`${SCHEMA_FILE} has no ${ref}`);
    return fn;
  };
  const defs = new Set(Object.keys(isObject(schema.$defs) ? schema.$defs : {}));
  validators = {
    ajv,
    id,
    blocks: get(id),
    modal: get(`${id}#/$defs/modal_view`),
    home: get(`${id}#/$defs/home_view`),
    defs,
  };
  return validators;
}

/** Ajv's validators are type guards; calling through this keeps `unknown` from narrowing to `never`. */
const passes = (fn: ValidateFunction, data: unknown): boolean => fn(data) === true;

function formatErrors(prefix: string, errors: ErrorObject[] | null | undefined): string[] {
  const out = (errors ?? []).map((e) => {
    const extra =
      isObject(e.params) && 'additionalProperty' in e.params
        ? ` (${String(e.params.additionalProperty)})`
        : '';
    return `schema: ${prefix}${e.instancePath} ${e.message ?? 'is invalid'}${extra}`;
  });
  return [...new Set(out)];
}

/** Follows a JSON pointer (Ajv's instancePath) into `root`. */
function atPointer(root: unknown, pointer: string): unknown {
  let node = root;
  for (const raw of pointer.split('/').slice(1)) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    node = Array.isArray(node) ? node[Number(key)] : isObject(node) ? node[key] : undefined;
  }
  return node;
}

const under = (path: string, base: string) => path === base || path.startsWith(`${base}/`);

/**
 * A oneOf over element or block types (a section's accessory, an actions element, …) reports every
 * branch's complaint. When the failing object names its `type`, it is validated again against that
 * type's own definition, and only those errors are kept: one precise error instead of a dozen.
 */
function focusErrors(v: Validators, errors: ErrorObject[], root: unknown, depth = 0): ErrorObject[] {
  if (depth > 5) return errors;
  let out = errors;
  const oneOfPaths = [...new Set(errors.filter((e) => e.keyword === 'oneOf').map((e) => e.instancePath))];
  oneOfPaths.sort((a, b) => a.length - b.length);
  const done: string[] = [];
  for (const path of oneOfPaths) {
    if (done.some((d) => under(path, d))) continue;
    const node = atPointer(root, path);
    const type = isObject(node) ? node.type : undefined;
    const def = ['element', 'block', 'object']
      .map((kind) => `${String(type)}_${kind}`)
      .find((d) => v.defs.has(d));
    const validate = typeof type === 'string' && def ? v.ajv.getSchema(`${v.id}#/$defs/${def}`) : undefined;
    if (!validate || passes(validate, node)) continue;
    const focused = focusErrors(v, validate.errors ?? [], node, depth + 1).map((e) => ({
      ...e,
      instancePath: `${path}${e.instancePath}`,
    }));
    out = [...out.filter((e) => !under(e.instancePath, path)), ...focused];
    done.push(path);
  }
  return out;
}

/**
 * The schema's `block` is a oneOf over every block type, so an error in one block yields an error per
 * type. Validating each block against its own `<type>_block` definition gives the one error that matters.
 */
function blockSchemaProblems(v: Validators, blocks: unknown[], prefix: string): string[] {
  const problems: string[] = [];
  blocks.forEach((block, i) => {
    const type = isObject(block) ? block.type : undefined;
    const def = `${String(type)}_block`;
    if (typeof type !== 'string' || !v.defs.has(def)) {
      problems.push(`schema: ${prefix}/${i} has unknown block type ${JSON.stringify(type)}`);
      return;
    }
    const validate = v.ajv.getSchema(`${v.id}#/$defs/${def}`);
    if (validate && !passes(validate, block)) {
      problems.push(...formatErrors(`${prefix}/${i}`, focusErrors(v, validate.errors ?? [], block)));
    }
  });
  return problems;
}

function messageSchemaProblems(blocks: unknown[]): string[] {
  const v = getValidators();
  if (!v || blocks.length === 0) return [];
  if (passes(v.blocks, blocks)) return [];
  const precise = blockSchemaProblems(v, blocks, '/blocks');
  return precise.length > 0 ? precise : formatErrors('/blocks', v.blocks.errors);
}

function viewSchemaProblems(view: unknown, which: 'modal' | 'home' = 'modal'): string[] {
  const v = getValidators();
  if (!v) return [];
  const fn = v[which];
  if (passes(fn, view)) return [];
  const envelope = (fn.errors ?? []).filter((e) => !e.instancePath.startsWith('/blocks/'));
  const blocks = isObject(view) && Array.isArray(view.blocks) ? view.blocks : [];
  const precise = [...formatErrors('', envelope), ...blockSchemaProblems(v, blocks, '/blocks')];
  return precise.length > 0 ? precise : formatErrors('', fn.errors);
}

// ---------- limit checks (always run) ----------

const textOf = (v: unknown): string | undefined =>
  isObject(v) && typeof v.text === 'string' ? v.text : typeof v === 'string' ? v : undefined;

function maxLen(problems: string[], path: string, what: string, value: unknown, max: number): void {
  const s = textOf(value);
  if (s !== undefined && s.length > max)
    problems.push(`${path}: ${what} is ${s.length} characters (max ${max})`);
}

function checkOptions(problems: string[], path: string, node: Json): void {
  const lists: [string, unknown][] = [['options', node.options]];
  if (Array.isArray(node.option_groups)) {
    if (node.option_groups.length > 100)
      problems.push(`${path}/option_groups: ${node.option_groups.length} groups (max 100)`);
    node.option_groups.forEach((g, i) => {
      if (isObject(g)) lists.push([`option_groups/${i}/options`, g.options]);
    });
  }
  for (const [key, list] of lists) {
    if (!Array.isArray(list)) continue;
    if (list.length > 100) problems.push(`${path}/${key}: ${list.length} options (max 100)`);
    list.forEach((o, i) => {
      if (!isObject(o)) return;
      maxLen(problems, `${path}/${key}/${i}/text`, 'option text', o.text, 75);
      maxLen(problems, `${path}/${key}/${i}/value`, 'option value', o.value, 75);
      maxLen(problems, `${path}/${key}/${i}/description`, 'option description', o.description, 75);
    });
  }
}

function checkConfirm(problems: string[], path: string, c: unknown): void {
  if (!isObject(c)) return;
  maxLen(problems, `${path}/title`, 'confirm title', c.title, 100);
  maxLen(problems, `${path}/text`, 'confirm text', c.text, 300);
  maxLen(problems, `${path}/confirm`, 'confirm button', c.confirm, 30);
  maxLen(problems, `${path}/deny`, 'deny button', c.deny, 30);
}

/** Limits by element type, from shared/reference/slack.md §B4. */
function checkNode(problems: string[], path: string, node: Json): void {
  const count = (key: string, max: number, what: string) => {
    const list = node[key];
    if (Array.isArray(list) && list.length > max)
      problems.push(`${path}/${key}: ${list.length} ${what} (max ${max})`);
  };
  switch (node.type) {
    case 'section': {
      const text = textOf(node.text);
      if (text !== undefined && text.length === 0) problems.push(`${path}/text: section text is empty`);
      maxLen(problems, `${path}/text`, 'section text', node.text, 3000);
      count('fields', 10, 'fields');
      if (Array.isArray(node.fields)) {
        node.fields.forEach((f, i) => {
          maxLen(problems, `${path}/fields/${i}`, 'field', f, 2000);
        });
      }
      break;
    }
    case 'header':
      if (textOf(node.text) === '') problems.push(`${path}/text: header text is empty`);
      maxLen(problems, `${path}/text`, 'header text', node.text, 150);
      break;
    case 'context':
      count('elements', 10, 'context elements');
      break;
    case 'actions':
      count('elements', 25, 'action elements');
      break;
    case 'button':
      maxLen(problems, `${path}/text`, 'button text', node.text, 75);
      maxLen(problems, `${path}/value`, 'button value', node.value, 2000);
      maxLen(problems, `${path}/url`, 'button url', node.url, 3000);
      break;
    case 'input':
      maxLen(problems, `${path}/label`, 'input label', node.label, 2000);
      maxLen(problems, `${path}/hint`, 'input hint', node.hint, 2000);
      break;
    case 'plain_text_input': {
      const { min_length: min, max_length: max } = node;
      if (typeof min === 'number' && (min < 0 || min > 3000))
        problems.push(`${path}/min_length: ${min} (0–3000)`);
      if (typeof max === 'number' && (max < 1 || max > 3000))
        problems.push(`${path}/max_length: ${max} (1–3000)`);
      break;
    }
  }
  maxLen(problems, `${path}/placeholder`, 'placeholder', node.placeholder, 150);
  maxLen(problems, `${path}/block_id`, 'block_id', node.block_id, 255);
  maxLen(problems, `${path}/action_id`, 'action_id', node.action_id, 255);
  checkConfirm(problems, `${path}/confirm`, node.confirm);
  checkOptions(problems, path, node);
}

function walk(node: unknown, path: string, visit: (path: string, node: Json) => void): void {
  if (Array.isArray(node)) {
    node.forEach((item, i) => {
      walk(item, `${path}/${i}`, visit);
    });
  } else if (isObject(node)) {
    visit(path, node);
    for (const [k, v] of Object.entries(node)) walk(v, `${path}/${k}`, visit);
  }
}

/** Every string under a `text` key: what Slack counts toward `msg_blocks_too_long`. */
export function cumulativeTextLength(blocks: unknown): number {
  let total = 0;
  walk(blocks, '', (_path, node) => {
    if (typeof node.text === 'string') total += node.text.length;
  });
  return total;
}

function blockProblems(blocks: unknown[], prefix: string): string[] {
  const problems: string[] = [];
  const seen = new Map<string, number>();
  blocks.forEach((b, i) => {
    if (!isObject(b) || typeof b.type !== 'string') problems.push(`${prefix}/${i}: block has no type`);
    if (isObject(b) && typeof b.block_id === 'string') {
      const first = seen.get(b.block_id);
      if (first !== undefined)
        problems.push(`${prefix}/${i}: duplicate block_id "${b.block_id}" (first at ${first})`);
      else seen.set(b.block_id, i);
    }
  });
  walk(blocks, prefix, (path, node) => {
    checkNode(problems, path, node);
  });
  return problems;
}

// ---------- public API ----------

/** Problems with a message (chat.postMessage / respond / chat.update body); [] when Slack would accept it. */
export function checkMessage(payload: MessagePayload): string[] {
  const problems: string[] = [];
  const { text, blocks } = payload;
  if (typeof text !== 'string' || text.trim() === '')
    problems.push('/text: fallback text is missing or empty');
  else if (text.length > 40_000)
    problems.push(`/text: fallback text is ${text.length} characters (max 40000)`);
  if (blocks === undefined) return problems;
  if (!Array.isArray(blocks)) return [...problems, '/blocks: must be an array'];
  if (blocks.length > 50) problems.push(`/blocks: ${blocks.length} blocks (a message allows 50)`);
  problems.push(...blockProblems(blocks, '/blocks'));
  const total = cumulativeTextLength(blocks);
  if (total > 12_000) problems.push(`/blocks: ${total} characters of text in total (max 12000)`);
  problems.push(...messageSchemaProblems(blocks));
  return problems;
}

/** Problems with a modal view (views.open / views.push / views.update). */
export function checkModal(view: unknown): string[] {
  if (!isObject(view)) return ['/: view must be an object'];
  const problems: string[] = [];
  if (view.type !== 'modal') problems.push(`/type: ${JSON.stringify(view.type)} is not "modal"`);
  const title = textOf(view.title);
  if (!title) problems.push('/title: a modal needs a title');
  maxLen(problems, '/title', 'title', view.title, 24);
  maxLen(problems, '/submit', 'submit', view.submit, 24);
  maxLen(problems, '/close', 'close', view.close, 24);
  maxLen(problems, '/private_metadata', 'private_metadata', view.private_metadata, 3000);
  maxLen(problems, '/callback_id', 'callback_id', view.callback_id, 255);
  maxLen(problems, '/external_id', 'external_id', view.external_id, 255);
  const blocks = view.blocks;
  if (!Array.isArray(blocks)) return [...problems, '/blocks: must be an array'];
  if (blocks.length < 1 || blocks.length > 100)
    problems.push(`/blocks: ${blocks.length} blocks (a modal allows 1–100)`);
  if (blocks.some((b) => isObject(b) && b.type === 'input') && !isObject(view.submit)) {
    problems.push('/submit: must define submit to use input blocks');
  }
  problems.push(...blockProblems(blocks, '/blocks'));
  problems.push(...viewSchemaProblems(view));
  return problems;
}

/** Problems with a Home tab view (views.publish): type home, 1–100 blocks, each block checked. */
export function checkHomeView(view: unknown): string[] {
  if (!isObject(view)) return ['/: view must be an object'];
  const problems: string[] = [];
  if (view.type !== 'home') problems.push(`/type: ${JSON.stringify(view.type)} is not "home"`);
  maxLen(problems, '/private_metadata', 'private_metadata', view.private_metadata, 3000);
  maxLen(problems, '/callback_id', 'callback_id', view.callback_id, 255);
  maxLen(problems, '/external_id', 'external_id', view.external_id, 255);
  const blocks = view.blocks;
  if (!Array.isArray(blocks)) return [...problems, '/blocks: must be an array'];
  if (blocks.length < 1 || blocks.length > 100)
    problems.push(`/blocks: ${blocks.length} blocks (a Home tab allows 1–100)`);
  problems.push(...blockProblems(blocks, '/blocks'));
  problems.push(...viewSchemaProblems(view, 'home'));
  return problems;
}

export function expectValidHomeView(view: unknown, label?: string): void {
  const problems = checkHomeView(view);
  if (problems.length > 0) fail('home view', problems, label);
}

function fail(kind: string, problems: string[], label?: string): never {
  const name = label ? `${kind} "${label}"` : kind;
  throw new Error(`${name} would be rejected or degraded by Slack:\n  - ${problems.join('\n  - ')}`);
}

export function expectValidMessage(payload: MessagePayload, label?: string): void {
  const problems = checkMessage(payload);
  if (problems.length > 0) fail('message', problems, label);
}

export function expectValidModal(view: unknown, label?: string): void {
  const problems = checkModal(view);
  if (problems.length > 0) fail('modal', problems, label);
}

/**
 * Everything a reader sees (fallback text, block texts, button labels, confirm dialogs), joined with
 * newlines and with Slack's `&amp;` `&lt;` `&gt;` decoded, so tests can assert on what users read.
 */
export function visibleText(payload: MessagePayload | unknown[]): string {
  const parts: string[] = [];
  const root = Array.isArray(payload) ? payload : [payload.text, payload.blocks];
  walk(root, '', (_path, node) => {
    if (typeof node.text === 'string') parts.push(node.text);
  });
  if (!Array.isArray(payload) && typeof payload.text === 'string') parts.unshift(payload.text);
  return parts.join('\n').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}
