import { createHash } from 'node:crypto';
import { createKeyedLock } from '../lib/keyed-lock.js';
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
  const known = await d.store.getPost(key);
  // `ts` of an upload's record is the file id: an upload has no message ts of its own.
  if (known?.state === 'sent' && known.ts) return { fileId: known.ts, uploaded: false };
  const record = known ?? {
    key,
    channel,
    threadTs,
    state: 'pending' as const,
    createdAt: Math.floor(d.now() / 1000),
  };
  if (known) {
    const found = await d.poster.findFile(channel, filename, { threadTs, oldest: known.createdAt });
    if (found) {
      d.logger.info({ key, fileId: found }, 'adopted an upload made before a restart');
      await d.store.putPost({ ...record, state: 'sent', ts: found });
      return { fileId: found, uploaded: false };
    }
  } else {
    await d.store.putPost(record);
  }
  const file = await intent.build();
  const fileId = await d.poster.upload({ ...file, channel, threadTs, filename });
  await d.store.putPost({ ...record, state: 'sent', ts: fileId });
  return { fileId, uploaded: true };
}
