import type Keyv from 'keyv';
import type { FileInfo } from '../domain/job.js';

/** How long a Slack file is remembered as sent: long enough for a form submitted again after a refusal. */
const KEEP_MS = 24 * 60 * 60 * 1000;

/**
 * Which Slack uploads are already at the provider. A form whose job the provider refused keeps its
 * file, so submitting it again must reuse the provider file rather than upload the data twice.
 */
export interface SentFiles {
  get(slackFileId: string, bytes: number): Promise<FileInfo | undefined>;
  put(slackFileId: string, bytes: number, file: FileInfo): Promise<void>;
}

export function createSentFiles(kv: Keyv<FileInfo>): SentFiles {
  // The size is part of the key: a Slack file id names one upload, whose bytes never change.
  const key = (id: string, bytes: number) => `${id}:${bytes}`;
  return {
    get: (id, bytes) => kv.get(key(id, bytes)),
    async put(id, bytes, file) {
      await kv.set(key(id, bytes), file, KEEP_MS);
    },
  };
}
