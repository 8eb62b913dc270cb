import type { WatchRecord } from '../watch/types.js';
import { code, escapeMrkdwn } from './escape.js';
import { dateToken } from './format.js';
import { section } from './kit.js';
import { finishMessage } from './message.js';
import type { SlackMessage, ViewContext } from './types.js';
import { WATCH_BLOCK } from './watch-ids.js';

const STATE_LABEL: Record<WatchRecord['state'], string> = {
  active: '👀 watching',
  paused: '⏸️ paused',
  finished: '🏁 finished',
  disabled: '⛔ disabled',
};

function line(w: WatchRecord): string {
  const reason = w.reason ? ` · ${escapeMrkdwn(w.reason)}` : '';
  return `${STATE_LABEL[w.state]} ${code(w.jobId)} · since ${dateToken(w.createdAt)} by <@${w.userId}>${reason}`;
}

const ORDER: WatchRecord['state'][] = ['active', 'paused', 'disabled', 'finished'];

/** `/finetune watching`: this channel's watches, live ones first, ended ones with why. */
export function buildWatchingList(ctx: ViewContext, channel: string, watches: WatchRecord[]): SlackMessage {
  if (watches.length === 0) {
    const s = `Nothing is watched in <#${channel}>. Start with \`/finetune watch <job>\`.`;
    return finishMessage(ctx, s, [section(WATCH_BLOCK.list, s)]);
  }
  const sorted = [...watches].sort(
    (a, b) => ORDER.indexOf(a.state) - ORDER.indexOf(b.state) || b.createdAt - a.createdAt,
  );
  const head = `*Watches in <#${channel}>* (${watches.length})`;
  const body = [head, ...sorted.slice(0, 20).map(line)].join('\n');
  return finishMessage(ctx, `Watches in this channel: ${watches.length}`, [section(WATCH_BLOCK.list, body)]);
}
