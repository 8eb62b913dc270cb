import { UUID_RE } from '../prng.js';

/**
 * The engine keeps uuids; Together's wire ids are `ft-<uuid>` and `file-<uuid>`. The prefix is
 * added at the edge, and a bare uuid is accepted too (the spec declares the job id as a uuid).
 */
export const jobWireId = (id: string) => `ft-${id}`;
export const fileWireId = (id: string) => `file-${id}`;

function strip(prefix: string, wire: string): string | undefined {
  const bare = wire.startsWith(prefix) ? wire.slice(prefix.length) : wire;
  return UUID_RE.test(bare) ? bare.toLowerCase() : undefined;
}

export const jobIdFromWire = (wire: string) => strip('ft-', wire);
export const fileIdFromWire = (wire: string) => strip('file-', wire);
