import type { View } from '@slack/types';
import { IdSequence, randomHex } from './ids.js';
import type { SlackView, StoredView } from './types.js';

interface Trigger {
  issuedAt: number;
  used: boolean;
  user: string | undefined;
  /** Set when the interaction came from inside a modal: views.push stacks onto this view's stack. */
  viewId: string | undefined;
}

interface Entry {
  view: SlackView;
  user: string | undefined;
  closed: boolean;
}

export interface Identity {
  teamId: string;
  appId: string;
  botId: string;
}

/** Slack allows the root view plus 2 pushed views. */
const MAX_STACK = 3;

/** Modals, their stacks and the trigger ids that open them, with Slack's rules (3 s, single use, hash). */
export class ViewStore {
  private readonly triggers = new Map<string, Trigger>();
  private readonly entries = new Map<string, Entry>();
  /** Root view id → open view ids, bottom first. */
  private readonly stacks = new Map<string, string[]>();
  private readonly ids = new IdSequence('V');
  private lastTouched: string | undefined;

  constructor(
    private readonly now: () => number,
    private readonly ttlMs: number,
    private readonly identity: Identity,
  ) {}

  issueTrigger(ctx: { user?: string; viewId?: string } = {}): string {
    const id = `${Math.floor(this.now() / 1000)}.${this.triggers.size + 1}.${randomHex(16)}`;
    this.triggers.set(id, { issuedAt: this.now(), used: false, user: ctx.user, viewId: ctx.viewId });
    return id;
  }

  /** Consumes a trigger id; undefined when it was never issued, already used, or older than the TTL. */
  private takeTrigger(id: string | undefined): Trigger | undefined {
    const t = id ? this.triggers.get(id) : undefined;
    if (!t || t.used || this.now() - t.issuedAt > this.ttlMs) return undefined;
    t.used = true;
    return t;
  }

  open(triggerId: string | undefined, input: View): SlackView | { error: string } {
    const trigger = this.takeTrigger(triggerId);
    if (!trigger) return { error: 'expired_trigger_id' };
    const dup = this.duplicateExternalId(input);
    if (dup) return dup;
    const id = this.ids.next();
    const view = this.materialize(input, id, id, null);
    this.entries.set(id, { view, user: trigger.user, closed: false });
    this.stacks.set(id, [id]);
    this.lastTouched = id;
    return structuredClone(view);
  }

  push(triggerId: string | undefined, input: View): SlackView | { error: string } {
    const trigger = this.takeTrigger(triggerId);
    if (!trigger) return { error: 'expired_trigger_id' };
    const from = trigger.viewId ? this.entries.get(trigger.viewId) : undefined;
    // A push needs a trigger from an interaction inside an open modal; anything else has no stack to push on.
    if (!from || from.closed) return { error: 'not_found' };
    const stack = this.stacks.get(from.view.root_view_id) ?? [];
    if (stack.length >= MAX_STACK) return { error: 'push_limit_reached' };
    const dup = this.duplicateExternalId(input);
    if (dup) return dup;
    const id = this.ids.next();
    const view = this.materialize(input, id, from.view.root_view_id, stack.at(-1) ?? null);
    this.entries.set(id, { view, user: trigger.user ?? from.user, closed: false });
    stack.push(id);
    this.lastTouched = id;
    return structuredClone(view);
  }

  update(
    ref: { viewId?: string; externalId?: string; hash?: string },
    input: View,
  ): SlackView | { error: string } {
    const entry = ref.viewId
      ? this.entries.get(ref.viewId)
      : [...this.entries.values()].find((e) => e.view.external_id === ref.externalId && ref.externalId);
    if (!entry || entry.closed) return { error: 'not_found' };
    if (ref.hash !== undefined && ref.hash !== entry.view.hash) return { error: 'hash_conflict' };
    const old = entry.view;
    // An update without external_id keeps the one the view had, so later updates by external_id still find it.
    const next = input.external_id || !old.external_id ? input : { ...input, external_id: old.external_id };
    entry.view = this.materialize(next, old.id, old.root_view_id, old.previous_view_id);
    this.lastTouched = old.id;
    return structuredClone(entry.view);
  }

  /** Closes one view (and whatever was pushed above it), or with `clear` its whole stack. */
  close(viewId: string, clear = false): void {
    const entry = this.entries.get(viewId);
    if (!entry) return;
    const stack = this.stacks.get(entry.view.root_view_id) ?? [];
    const from = clear ? 0 : Math.max(0, stack.indexOf(viewId));
    for (const id of stack.splice(from)) {
      const e = this.entries.get(id);
      if (e) e.closed = true;
    }
  }

  get(viewId: string): StoredView | undefined {
    const e = this.entries.get(viewId);
    return e ? this.present(e) : undefined;
  }

  all(): Map<string, StoredView> {
    return new Map([...this.entries].map(([id, e]) => [id, this.present(e)]));
  }

  /** The view most recently opened, pushed or updated, if it is still open. */
  last(): StoredView | undefined {
    return this.lastTouched ? this.get(this.lastTouched) : undefined;
  }

  clear(): void {
    this.triggers.clear();
    this.entries.clear();
    this.stacks.clear();
    this.lastTouched = undefined;
  }

  private present(e: Entry): StoredView {
    return {
      view: structuredClone(e.view),
      user: e.user,
      closed: e.closed,
      stack: e.closed ? [] : [...(this.stacks.get(e.view.root_view_id) ?? [])],
    };
  }

  private duplicateExternalId(input: View): { error: string } | undefined {
    const ext = input.external_id;
    if (!ext) return undefined;
    const taken = [...this.entries.values()].some((e) => !e.closed && e.view.external_id === ext);
    return taken ? { error: 'duplicate_external_id' } : undefined;
  }

  private materialize(input: View, id: string, rootId: string, previousId: string | null): SlackView {
    return materializeView(input, { id, rootId, previousId, identity: this.identity, nowMs: this.now() });
  }
}

/** A view as Slack stores it (a modal or a Home tab): ids, a fresh hash, the app's identity, empty state. */
export function materializeView(
  input: View,
  o: { id: string; rootId: string; previousId: string | null; identity: Identity; nowMs: number },
): SlackView {
  const { teamId, appId, botId } = o.identity;
  return {
    ...structuredClone(input),
    id: o.id,
    team_id: teamId,
    hash: `${Math.floor(o.nowMs / 1000)}.${randomHex(6)}`,
    callback_id: input.callback_id ?? '',
    private_metadata: input.private_metadata ?? '',
    external_id: input.external_id ?? '',
    root_view_id: o.rootId,
    previous_view_id: o.previousId,
    app_id: appId,
    bot_id: botId,
    app_installed_team_id: teamId,
    state: { values: {} },
  } as SlackView;
}
