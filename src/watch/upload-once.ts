import { createHash } from 'node:crypto';
import { createKeyedLock } from '../lib/keyed-lock.js';
import { deliverOnce } from './outbox.js';
import type { UploadInput } from './slack-poster.js';
import type { WatchDeps } from './watch-deps.js';

export interface UploadIntent {
  /** Unique per intended file, like a post's outbox key; its hash goes into the file name. */
  key: string;
  channel: string;
  threadTs: string;
  jobId: string;
  /** What the file name starts with (`loss-<job>-50pct`); `.png` and the key's hash are added. */
  stem: string;
  /** Builds the file only when it must really be sent (not when it was sent or is found in Slack). */
  build: () => Promise<Omit<UploadInput, 'channel' | 'threadTs' | 'filename'>>;
}

/** `<stem>-<10 hex of sha256(key)>.png`: unique per intent, and the same after a restart. */
export function uploadFilename(stem: string, key: string): string {
  return `${stem}-${createHash('sha256').update(key).digest('hex').slice(0, 10)}.png`;
}

const oneUploaderPerKey = createKeyedLock();

/**
 * Shares a file exactly once, across crashes and instances, with the outbox's records: the intent
 * is stored (pending) before the upload and marked sent with the file id after. An upload returns
 * no message ts, so the file name carries the key instead (`uploadFilename`): a pending intent found
 * later (the process died mid-upload, or Slack's answer was lost) is first looked for among the
 * files of the thread (`conversations.replies`, each message's `files[].name`) and adopted when
 * there. Resolves with the file id and whether this call uploaded it.
 */
export function uploadOnce(
  d: WatchDeps,
  intent: UploadIntent,
): Promise<{ fileId: string; uploaded: boolean }> {
  return oneUploaderPerKey(intent.key, () => send(d, intent));
}

async function send(d: WatchDeps, intent: UploadIntent) {
  const { key, channel, threadTs } = intent;
  const filename = uploadFilename(intent.stem, key);
  // The record's `ts` is the file id here: an upload has no message ts of its own.
  const { id, delivered } = await deliverOnce(d, {
    key,
    channel,
    threadTs,
    what: 'an upload',
    find: (oldest) => d.poster.findFile(channel, filename, { threadTs, oldest }),
    deliver: async () => d.poster.upload({ ...(await intent.build()), channel, threadTs, filename }),
  });
  return { fileId: id, uploaded: delivered };
}
