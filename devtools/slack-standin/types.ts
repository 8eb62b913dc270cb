import type { AnyBlock, View } from '@slack/types';

/** Decoded arguments of a Web API call: strings, plus the JSON-valued and boolean/number keys decoded. */
export type Args = Record<string, unknown>;

export interface SlackStandinOptions {
  /** 0 (default) picks a free port. The server listens on 127.0.0.1 only. */
  port?: number;
  /** Added before every answer (Web API and response_url), to make a slow Slack visible in demos and benches. */
  latencyMs?: number;
  teamId?: string;
  /** Team name; also the workspace subdomain in permalinks and `auth.test`'s `url`. */
  teamName?: string;
  botUserId?: string;
  botId?: string;
  appId?: string;
  /** Usergroup id (`S…`) → member user ids, for `usergroups.users.list`. */
  usergroups?: Record<string, string[]>;
  /**
   * Known users for `users.info`. When given, unknown ids answer `user_not_found`; when absent, any `U…`/`W…`
   * id is answered with a synthesized active user, so simple tests need no set-up.
   */
  users?: Record<string, { name: string; deleted?: boolean; real_name?: string }>;
  /** How long an issued trigger_id stays usable. Slack: 3 s. */
  triggerTtlMs?: number;
  /** Clock in ms since epoch. Tests inject one to expire triggers and response URLs without sleeping. */
  now?: () => number;
  validatePayload?: PayloadValidator;
}

/**
 * Kind 'message': payload is the `blocks` array of a message that carries blocks (the Block Kit schema's
 * top-level shape; the e2e tests already rely on this). Kind 'view': the view object as the app sent it.
 */
export type PayloadValidator = (kind: 'message' | 'view', payload: unknown) => string[];

export interface PayloadProblem {
  kind: 'message' | 'view';
  /** The Web API method, `response_url`, or `view_submission` (a view sent back in a submission ack). */
  source: string;
  problem: string;
}

export interface RecordedCall {
  method: string;
  args: Args;
  /** Arrival time (ms, from the stand-in's clock). */
  at: number;
  token: string | undefined;
  /** What the stand-in answered, so tests can tell injected faults from successes. */
  ok: boolean;
  error?: string;
  status: number;
}

export interface MessageMetadataIn {
  event_type: string;
  event_payload: Record<string, unknown>;
}

/** A message as Slack would return it from conversations.history/replies (include_all_metadata on). */
export interface StoredMessage {
  type: 'message';
  subtype?: 'thread_broadcast';
  channel: string;
  ts: string;
  thread_ts?: string;
  text: string;
  blocks?: AnyBlock[];
  metadata?: MessageMetadataIn;
  user: string;
  bot_id?: string;
  app_id?: string;
  team: string;
  edited?: { user: string; ts: string };
  unfurl_links?: boolean;
  unfurl_media?: boolean;
  /** Only on a thread parent that has replies. */
  reply_count?: number;
  latest_reply?: string;
  reply_users?: string[];
  parent_user_id?: string;
  /** Files shared with the message (`files.completeUploadExternal`). */
  files?: StoredFile[];
}

/** A file as Slack lists it on the message that shares it. */
export interface StoredFile {
  id: string;
  name: string;
  title: string;
  mimetype: string;
  filetype: string;
  size: number;
  alt_txt?: string;
}

export interface EphemeralMessage {
  channel: string;
  user: string;
  /** Slack's `message_ts`; block actions on the ephemeral carry it as `container.message_ts`. */
  ts: string;
  thread_ts?: string;
  text: string;
  blocks?: AnyBlock[];
  /** `chat.postEphemeral` or `response_url`. */
  via: 'chat.postEphemeral' | 'response_url';
  /** Set by a response_url `delete_original`; deleted ephemerals are hidden from `SlackStandin.ephemerals`. */
  deleted?: boolean;
}

export interface ResponseUrlContext {
  channel?: string;
  user?: string;
  /** The message (or ephemeral) the interaction came from: the target of replace_original/delete_original. */
  messageTs?: string;
  threadTs?: string;
}

export interface ResponsePost {
  id: string;
  body: Record<string, unknown>;
  at: number;
  /** HTTP status the stand-in answered (404 after 5 uses or 30 min, like Slack's expiry). */
  status: number;
}

/** The view object Slack returns from views.open/update/push and puts in interaction payloads. */
export type SlackView = View & {
  id: string;
  team_id: string;
  hash: string;
  callback_id: string;
  private_metadata: string;
  external_id: string;
  root_view_id: string;
  previous_view_id: string | null;
  app_id: string;
  bot_id: string;
  app_installed_team_id: string;
  state: { values: Record<string, Record<string, unknown>> };
};

export interface StoredView {
  view: SlackView;
  /** The user the modal was opened for (from the trigger), when known. */
  user: string | undefined;
  closed: boolean;
  /** Ids of the open views of this view's stack, root first; [] once the stack is closed. */
  stack: string[];
}

export interface FaultSpec {
  method: string;
  /** Only calls whose `channel` argument equals this (after resolving `U…` to the DM id). */
  channel?: string;
  /** Slack error code; default 'ratelimited' with status 429, else 'internal_error'. */
  error?: string;
  /** HTTP status. 429 sends Retry-After. Other non-200 values make WebClient throw WebAPIHTTPError. */
  status?: number;
  retryAfterSeconds?: number;
  /**
   * The call is carried out (a message is stored) and only its answer is the fault: Slack did the
   * work but the client never heard, as with a 5xx or a dropped connection after the write.
   */
  afterProcessing?: boolean;
  /** Default 1; Infinity = until clearFaults(). */
  times?: number;
}

/** What a method handler answers: Slack's JSON body (`ok` included). */
export type MethodResult =
  | { ok: true; [key: string]: unknown }
  | { ok: false; error: string; [key: string]: unknown };

/** What `chat.unfurl` attached to a user's message: per URL, the blocks shown under it. */
export interface StoredUnfurl {
  channel: string;
  ts: string;
  unfurls: Record<string, { blocks: AnyBlock[] }>;
}
