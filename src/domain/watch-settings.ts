/**
 * What a watch posts in its card's thread, set per watch (`/finetune watch <job> only:… broadcast:…
 * mention:…`, or the card's Settings button) and per channel (`/finetune settings`: what new watches
 * there take). The card itself always shows the job's current state, whatever these say.
 */

/** Which status changes get a thread reply: every one, only the terminal one, or only failures. */
export type ThreadFilter = 'all' | 'terminal' | 'failures';
/** Whether the terminal reply is also sent to the channel ("Also send to channel"). */
export type BroadcastRule = 'failures' | 'always' | 'never';
/** Who is mentioned in the reply on a failure: the job's creator, a user group (`S…`), or nobody. */
export type MentionRule = { kind: 'creator' } | { kind: 'group'; id: string } | { kind: 'none' };

export interface WatchSettings {
  only: ThreadFilter;
  broadcast: BroadcastRule;
  mention: MentionRule;
}

export const THREAD_FILTERS: readonly ThreadFilter[] = ['all', 'terminal', 'failures'];
export const BROADCAST_RULES: readonly BroadcastRule[] = ['failures', 'always', 'never'];

/**
 * Every status change in the thread (as before settings existed), the terminal reply broadcast to
 * the channel only on a failure (the broadcast is what users of notification apps call their first
 * source of noise), and the creator mentioned on a failure.
 */
export const DEFAULT_WATCH_SETTINGS: WatchSettings = {
  only: 'all',
  broadcast: 'failures',
  mention: { kind: 'creator' },
};

/** The settings a watch record holds; records written before settings existed take the defaults. */
export function settingsOf(w: { settings?: Partial<WatchSettings> }): WatchSettings {
  return { ...DEFAULT_WATCH_SETTINGS, ...w.settings };
}

/** The longest mute: a week; past that, `unwatch` says what is meant. */
export const MAX_MUTE_MS = 7 * 24 * 60 * 60 * 1000;

/** True while the watch is muted: nothing goes in its thread (the card keeps updating). */
export function isMuted(watch: { mutedUntil?: number }, nowMs: number): boolean {
  return watch.mutedUntil !== undefined && nowMs < watch.mutedUntil;
}
