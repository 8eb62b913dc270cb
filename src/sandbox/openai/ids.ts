import { hashString, UUID_RE } from '../prng.js';

/**
 * The engine keeps its uuid ids; this dialect shows OpenAI-looking ones at the edge
 * (`ftjob-<32 hex>`, `file-<32 hex>`), a reversible rewrite so the store needs no second index.
 */
const hex32 = (uuid: string) => uuid.replaceAll('-', '');
const uuidOf = (h: string) =>
  `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;

function fromEdge(prefix: string, id: string): string | undefined {
  if (!id.startsWith(prefix)) return undefined;
  const h = id.slice(prefix.length);
  if (!/^[0-9a-f]{32}$/.test(h)) return undefined;
  const uuid = uuidOf(h);
  return UUID_RE.test(uuid) ? uuid : undefined;
}

export const toJobId = (engineId: string) => `ftjob-${hex32(engineId)}`;
export const fromJobId = (id: string) => fromEdge('ftjob-', id);
export const toFileId = (engineId: string) => `file-${hex32(engineId)}`;
export const fromFileId = (id: string) => fromEdge('file-', id);

/** A stable id for something derived on read (an event, a checkpoint): same job and key, same id. */
export function derivedId(prefix: string, jobId: string, key: string): string {
  const a = hashString(`${jobId}:${key}`).toString(16).padStart(8, '0');
  const b = hashString(`${key}:${jobId}`).toString(16).padStart(8, '0');
  return `${prefix}${a}${b}`;
}
