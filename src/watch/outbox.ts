import { createKeyedLock } from '../lib/keyed-lock.js';
import { METADATA_EVENT } from '../views/ids.js';
import type { SlackMessage } from '../views/types.js';
import type { WatchDeps } from './watch-deps.js';

export type PostKind = 'card' | 'transition' | 'terminal' | 'dm' | 'notice' | 'warning' | 'warning_cleared';

export interface Intent {
  /** Unique per intended message; also written into the message metadata. */
  key: string;
  channel: string;
  threadTs?: string;
  broadcast?: boolean;
  jobId: string;
  kind: PostKind;
  status: string;
  message: SlackMessage;
}

/**
 * Posts a message exactly once, across crashes: the intent is stored before sending and marked sent
 * with its ts after. A pending intent found later (the process died between the two writes, or the
 * post failed) is first looked for in Slack by its metadata key and adopted if it is there.
 */
export async function postOnce(d: WatchDeps, intent: Intent): Promise<string> {
  return (await postOnceReporting(d, intent)).ts;
}

export interface PostOutcome {
  ts: string;
  /**
   * True when this call sent `intent.message`. False when the message was already sent or was
   * adopted from Slack: it may have been posted with other content (an older state of the job).
   */
  posted: boolean;
}

/** `postOnce`, also telling whether this call is what sent the message. */
export function postOnceReporting(d: WatchDeps, intent: Intent): Promise<PostOutcome> {
  // Two watches of one job may want the same DM at once: one key, one sender at a time.
  return oneSenderPerKey(intent.key, () => send(d, intent));
}

const oneSenderPerKey = createKeyedLock();

/**
 * The outbox's one rule, for posts and uploads alike: the intent is stored before `deliver` and
 * marked sent with what it returned (a message ts, a file id); a pending intent found later is first
 * looked for in Slack (`find`) and adopted when there. `delivered` is false when nothing was sent.
 */
export async function deliverOnce(
  d: WatchDeps,
  o: {
    key: string;
    channel: string;
    threadTs?: string;
    /** What is adopted, for the log line. */
    what: string;
    find: (pendingSince: number) => Promise<string | undefined>;
    deliver: () => Promise<string>;
  },
): Promise<{ id: string; delivered: boolean }> {
  const { key, channel, threadTs } = o;
  const known = await d.store.getPost(key);
  if (known?.state === 'sent' && known.ts) return { id: known.ts, delivered: false };
  const record = known ?? {
    key,
    channel,
    threadTs,
    state: 'pending' as const,
    createdAt: Math.floor(d.now() / 1000),
  };
  if (known) {
    const found = await o.find(known.createdAt);
    if (found) {
      d.logger.info({ key, id: found }, `adopted ${o.what} made before a restart`);
      await d.store.putPost({ ...record, state: 'sent', ts: found });
      return { id: found, delivered: false };
    }
  } else {
    await d.store.putPost(record);
  }
  const id = await o.deliver();
  await d.store.putPost({ ...record, state: 'sent', ts: id });
  return { id, delivered: true };
}

async function send(d: WatchDeps, intent: Intent): Promise<PostOutcome> {
  const { key, channel, threadTs } = intent;
  const { id, delivered } = await deliverOnce(d, {
    key,
    channel,
    threadTs,
    what: 'a post',
    find: (oldest) => d.poster.find(channel, key, { threadTs, oldest }),
    deliver: () =>
      d.poster.post({
        channel,
        message: intent.message,
        threadTs,
        broadcast: intent.broadcast,
        metadata: {
          event_type: METADATA_EVENT,
          event_payload: { job_id: intent.jobId, kind: intent.kind, status: intent.status, key },
        },
      }),
  });
  return { ts: id, posted: delivered };
}
