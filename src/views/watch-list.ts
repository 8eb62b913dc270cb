import type { KnownBlock } from '@slack/types';
import { isLiveWatch, type WatchRecord } from '../domain/watch.js';
import { isMuted } from '../domain/watch-settings.js';
import { code, escapeMrkdwn } from './escape.js';
import { dateToken } from './format.js';
import { WATCH_BLOCK } from './ids.js';
import { context, section } from './kit.js';
import { finishMessage } from './message.js';
import type { SlackMessage, ViewContext } from './types.js';
import { describeFilter } from './watch-settings.js';

/** How a watch's state reads, here and on the Home tab. */
export const STATE_LABEL: Record<WatchRecord['state'], string> = {
  active: '👀 watching',
  paused: '⏸️ paused',
  finished: '🏁 finished',
  disabled: '⛔ disabled',
};

function line(w: WatchRecord, nowMs: number): string {
  const reason = w.reason ? ` · ${escapeMrkdwn(w.reason)}` : '';
  const only = w.settings && w.settings.only !== 'all' ? ` · ${describeFilter(w.settings.only)}` : '';
  const muted = isMuted(w, nowMs)
    ? ` · 🔕 muted until ${dateToken(Math.floor((w.mutedUntil as number) / 1000))}`
    : '';
  return `${STATE_LABEL[w.state]} ${code(w.jobId)} · since ${dateToken(w.createdAt)} by <@${w.userId}>${only}${muted}${reason}`;
}

/** Live watches first, then the ended ones (the Home tab sorts the same way). */
export const ORDER: WatchRecord['state'][] = ['active', 'paused', 'disabled', 'finished'];

/** Lines per section: ten ~200-character lines stay well inside a section's 3,000 characters. */
const PER_SECTION = 10;
/** Four sections; past that the channel is better served by a count than by a wall of lines. */
const MAX_SHOWN = 40;

/** `/finetune watching`: this channel's watches, live ones first, ended ones with why. */
export function buildWatchingList(ctx: ViewContext, channel: string, watches: WatchRecord[]): SlackMessage {
  if (watches.length === 0) {
    const s = `Nothing is watched in <#${channel}>. Start with \`/finetune watch <job>\`.`;
    return finishMessage(ctx, s, [section(WATCH_BLOCK.list, s)]);
  }
  const sorted = [...watches].sort(
    (a, b) => ORDER.indexOf(a.state) - ORDER.indexOf(b.state) || b.createdAt - a.createdAt,
  );
  const live = watches.filter(isLiveWatch).length;
  const shown = sorted.slice(0, MAX_SHOWN).map((w) => line(w, ctx.now * 1000));
  const blocks: KnownBlock[] = [];
  for (let i = 0; i < shown.length; i += PER_SECTION) {
    const head = i === 0 ? [`*Watches in <#${channel}>* (${watches.length}, ${live} live)`] : [];
    blocks.push(
      section(
        `${WATCH_BLOCK.list}_${i / PER_SECTION}`,
        [...head, ...shown.slice(i, i + PER_SECTION)].join('\n'),
      ),
    );
  }
  const hidden = sorted.length - shown.length;
  if (hidden > 0) {
    const hiddenLive = sorted.slice(MAX_SHOWN).filter(isLiveWatch).length;
    blocks.push(
      context(WATCH_BLOCK.listMore, [
        `…and ${hidden} more not shown (${hiddenLive} live, the rest ended). See any job with \`/finetune status <job>\`.`,
      ]),
    );
  }
  return finishMessage(ctx, `Watches in this channel: ${watches.length} (${live} live)`, blocks);
}
