import { z } from 'zod';
import { isLiveWatch } from '../domain/watch.js';
import { BROADCAST_RULES, type MentionRule, THREAD_FILTERS } from '../domain/watch-settings.js';
import { viewContext } from '../use-cases/deps.js';
import { code, shortId } from '../views/escape.js';
import { WATCH_FORM } from '../views/ids.js';
import { buildNoticeMessage } from '../views/index.js';
import { describeSettings } from '../views/watch-settings.js';
import type { ModalContext } from './context.js';

const target = z.object({ jobId: z.string().min(1).max(200), channel: z.string().regex(/^[CGD][A-Z0-9]+$/) });
const picked = <T extends z.ZodType>(value: T) => z.object({ selected_option: z.object({ value }) });
const form = z.object({
  [WATCH_FORM.only.block]: z.object({ [WATCH_FORM.only.action]: picked(z.enum(THREAD_FILTERS)) }),
  [WATCH_FORM.broadcast.block]: z.object({ [WATCH_FORM.broadcast.action]: picked(z.enum(BROADCAST_RULES)) }),
  [WATCH_FORM.mention.block]: z.object({
    [WATCH_FORM.mention.action]: picked(
      z.union([z.enum(['creator', 'none']), z.string().regex(/^group:S[A-Z0-9]+$/)]),
    ),
  }),
});

const mentionOf = (v: string): MentionRule =>
  v === 'creator' || v === 'none' ? { kind: v } : { kind: 'group', id: v.slice('group:'.length) };

/**
 * Submit of the card's *Settings* modal: the watch's settings change (never re-posting what was
 * handled), the modal closes, and the user gets one ephemeral line saying what holds now.
 */
export async function handleWatchSettingsSubmit(ctx: ModalContext): Promise<void> {
  const { deps, body, client } = ctx;
  const where = target.safeParse(safeJson(ctx.view.private_metadata));
  const values = form.safeParse(ctx.view.state.values);
  if (!where.success || !values.success) {
    deps.logger.info({ user: body.user.id }, 'malformed watch settings submission: nothing done');
    return ctx.ack({
      response_action: 'errors',
      errors: { [WATCH_FORM.only.block]: 'This form could not be read; open it again from the card.' },
    });
  }
  await ctx.ack();
  const { jobId, channel } = where.data;
  const v = values.data;
  const settings = {
    only: v[WATCH_FORM.only.block][WATCH_FORM.only.action].selected_option.value,
    broadcast: v[WATCH_FORM.broadcast.block][WATCH_FORM.broadcast.action].selected_option.value,
    mention: mentionOf(v[WATCH_FORM.mention.block][WATCH_FORM.mention.action].selected_option.value),
  };
  const id = code(shortId(jobId));
  // Only a live watch is changed: a watch that ended meanwhile is not started again by a form.
  const live = (await deps.watches.watching(channel)).some((w) => w.jobId === jobId && isLiveWatch(w));
  const sentence = live
    ? `Updated the watch of job ${id} in <#${channel}>. Settings: ${describeSettings(
        (await deps.watches.watch({ jobId, channel, userId: body.user.id, settings })).settings ?? {
          ...settings,
        },
      )}. What was already posted stays, and nothing is posted again.`
    : `Job ${id} is no longer watched in <#${channel}>; nothing was changed.`;
  const message = buildNoticeMessage(viewContext(deps), sentence);
  try {
    await client.chat.postEphemeral({
      channel,
      user: body.user.id,
      text: message.text,
      blocks: message.blocks,
    });
  } catch (err) {
    deps.logger.warn({ err, channel }, 'could not confirm the watch settings');
  }
}

function safeJson(s: string | undefined): unknown {
  try {
    return JSON.parse(s ?? '');
  } catch {
    return undefined;
  }
}
