import { FaultTable } from './faults.js';
import { HomeTabs } from './home-tabs.js';
import { IdSequence, TsClock } from './ids.js';
import { MessageStore } from './messages.js';
import type {
  PayloadProblem,
  PayloadValidator,
  RecordedCall,
  ResponsePost,
  ResponseUrlContext,
  SlackStandinOptions,
  StoredUnfurl,
} from './types.js';
import { ViewStore } from './views.js';
import { Waiters } from './waiters.js';

export interface Identity {
  teamId: string;
  teamName: string;
  botUserId: string;
  botId: string;
  appId: string;
}

export interface ResponseUrlEntry {
  ctx: ResponseUrlContext;
  createdAt: number;
  uses: number;
  /** What the last post through this URL created, so `replace_original` on a slash command's URL has a target. */
  last?: { kind: 'channel' | 'ephemeral'; channel: string; ts: string };
}

/** All the state of one stand-in; method handlers read and change it, the handle exposes snapshots of it. */
export class StandinState {
  readonly identity: Identity;
  readonly now: () => number;
  readonly messages: MessageStore;
  readonly views: ViewStore;
  /** Each user's App Home tab (`views.publish`). */
  readonly homes: HomeTabs;
  readonly faults = new FaultTable();
  readonly waiters = new Waiters();
  readonly calls: RecordedCall[] = [];
  readonly responses: ResponsePost[] = [];
  readonly payloadProblems: PayloadProblem[] = [];
  readonly responseUrls = new Map<string, ResponseUrlEntry>();
  readonly responseIds = new IdSequence('R');
  /** `chat.unfurl` results by message (methods/unfurl.ts). */
  readonly unfurls = new Map<string, StoredUnfurl>();
  readonly usergroups: Record<string, string[]>;
  readonly users: SlackStandinOptions['users'];
  validatePayload: PayloadValidator | undefined;

  constructor(opts: SlackStandinOptions) {
    this.now = opts.now ?? Date.now;
    this.identity = {
      teamId: opts.teamId ?? 'T0000TEAM',
      teamName: opts.teamName ?? 'standin',
      botUserId: opts.botUserId ?? 'U0000BOT',
      botId: opts.botId ?? 'B0000BOT',
      appId: opts.appId ?? 'A0000APP',
    };
    const clock = new TsClock(this.now);
    this.messages = new MessageStore(clock);
    this.views = new ViewStore(this.now, opts.triggerTtlMs ?? 3000, this.identity);
    this.homes = new HomeTabs(this.now, this.identity);
    this.usergroups = opts.usergroups ?? {};
    this.users = opts.users;
    this.validatePayload = opts.validatePayload;
  }

  /** Runs the pluggable validator; a validator that throws is reported as a problem, not a crash. */
  checkPayload(kind: 'message' | 'view', source: string, payload: unknown): void {
    const validate = this.validatePayload;
    if (!validate) return;
    let problems: string[];
    try {
      problems = validate(kind, payload);
    } catch (e) {
      problems = [`validator threw: ${e instanceof Error ? e.message : String(e)}`];
    }
    for (const problem of problems) this.payloadProblems.push({ kind, source, problem });
  }

  record(call: RecordedCall): void {
    this.calls.push(call);
    this.waiters.notify();
  }

  reset(): void {
    this.messages.clear();
    this.views.clear();
    this.homes.clear();
    this.faults.clear();
    this.calls.length = 0;
    this.responses.length = 0;
    this.payloadProblems.length = 0;
    this.responseUrls.clear();
    this.unfurls.clear();
  }
}
