import type { KnownBlock, ModalView, PlainTextOption, StaticSelect } from '@slack/types';
import type { MentionRule, WatchSettings } from '../domain/watch-settings.js';
import { modal } from './create-modal.js';
import { option } from './create-options.js';
import { code, shortId } from './escape.js';
import { VIEW, WATCH_FORM } from './ids.js';
import { plain, section } from './kit.js';

export const WATCH_SETTINGS_TITLE = 'Watch settings';

/** Which watch the modal edits, carried in its private_metadata. */
export interface WatchSettingsTarget {
  jobId: string;
  channel: string;
}

const ONLY_OPTIONS = [
  option('Every status change', 'all'),
  option('Only the end (success, failure, cancel)', 'terminal'),
  option('Only failures', 'failures'),
];
const BROADCAST_OPTIONS = [
  option('On a failure only (default)', 'failures'),
  option('Always', 'always'),
  option('Never', 'never'),
];

/** The mention choice as an option value: `creator`, `none`, or `group:S…`. */
export const mentionValue = (m: MentionRule) => (m.kind === 'group' ? `group:${m.id}` : m.kind);

function mentionOptions(current: MentionRule): PlainTextOption[] {
  const out = [option('The job’s creator', 'creator'), option('Nobody', 'none')];
  // A group is picked with `mention:@group` in the command (the modal has no user group picker).
  if (current.kind === 'group') out.push(option(`User group ${current.id}`, mentionValue(current)));
  return out;
}

function select(
  field: { block: string; action: string },
  label: string,
  options: PlainTextOption[],
  value: string,
  hint?: string,
): KnownBlock {
  const element: StaticSelect = { type: 'static_select', action_id: field.action, options };
  const initial = options.find((o) => o.value === value);
  if (initial) element.initial_option = initial;
  return {
    type: 'input',
    block_id: field.block,
    label: plain(label, 2000),
    element,
    ...(hint ? { hint: plain(hint, 2000) } : {}),
  };
}

/** The card's Settings button: what the watch posts in the thread, in three choices. */
export function buildWatchSettingsModal(target: WatchSettingsTarget, s: WatchSettings): ModalView {
  return modal({
    callbackId: VIEW.watchSettings,
    title: WATCH_SETTINGS_TITLE,
    submit: 'Save',
    close: 'Cancel',
    privateMetadata: JSON.stringify(target),
    blocks: [
      section(
        WATCH_FORM.intro,
        `Job ${code(shortId(target.jobId))} in <#${target.channel}>: what its card’s thread gets. The card always shows the current state, and what was already posted or passed over is never posted again.`,
      ),
      select(WATCH_FORM.only, 'Post in the thread', ONLY_OPTIONS, s.only),
      select(
        WATCH_FORM.broadcast,
        'Also send the end to the channel',
        BROADCAST_OPTIONS,
        s.broadcast,
        'Sending every end to the channel is what people call the noisiest part of notification apps.',
      ),
      select(
        WATCH_FORM.mention,
        'Mention on a failure',
        mentionOptions(s.mention),
        mentionValue(s.mention),
        'For a user group, type `/finetune watch <job> mention:@group`.',
      ),
    ],
  });
}
