import type { View } from '@slack/types';
import { IdSequence } from './ids.js';
import type { SlackView } from './types.js';
import { type Identity, materializeView } from './views.js';

/** One `views.publish` that Slack accepted: for whom, when (stand-in clock, ms), and the view it made. */
export interface HomePublish {
  user: string;
  at: number;
  view: SlackView;
}

/**
 * Each user's Home tab, as `views.publish` left it: one view per user (its id kept across publishes,
 * as Slack does), the hash checked when one is given, and every accepted publish in order.
 */
export class HomeTabs {
  private readonly current = new Map<string, SlackView>();
  readonly published: HomePublish[] = [];
  private readonly ids = new IdSequence('VH');

  constructor(
    private readonly now: () => number,
    private readonly identity: Identity,
  ) {}

  publish(user: string, input: View, hash: string | undefined): SlackView | { error: string } {
    const old = this.current.get(user);
    if (hash !== undefined && old && hash !== old.hash) return { error: 'hash_conflict' };
    const id = old?.id ?? this.ids.next();
    const view = materializeView(input, {
      id,
      rootId: id,
      previousId: null,
      identity: this.identity,
      nowMs: this.now(),
    });
    this.current.set(user, view);
    this.published.push({ user, at: this.now(), view: structuredClone(view) });
    return structuredClone(view);
  }

  /** The user's Home tab now, if the app ever published one. */
  of(user: string): SlackView | undefined {
    const v = this.current.get(user);
    return v ? structuredClone(v) : undefined;
  }

  clear(): void {
    this.current.clear();
    this.published.length = 0;
  }
}
