import type { AddressInfo } from 'node:net';
import { StandinState } from './slack-standin/core.js';
import { uploadedFiles } from './slack-standin/files-upload.js';
import type { HomePublish } from './slack-standin/home-tabs.js';
import { dmChannelFor, resolveChannel } from './slack-standin/ids.js';
import { unfurlsOf } from './slack-standin/methods/unfurl.js';
import { maxPerWindow } from './slack-standin/rate.js';
import { createStandinServer } from './slack-standin/server.js';
import type {
  EphemeralMessage,
  FaultSpec,
  PayloadProblem,
  PayloadValidator,
  RecordedCall,
  ResponsePost,
  ResponseUrlContext,
  SlackStandinOptions,
  SlackView,
  StoredFile,
  StoredMessage,
  StoredUnfurl,
  StoredView,
} from './slack-standin/types.js';

export type { HomePublish } from './slack-standin/home-tabs.js';
export { dmChannelFor } from './slack-standin/ids.js';
export { maxPerWindow } from './slack-standin/rate.js';
export type * from './slack-standin/types.js';

/**
 * A local Slack Web API stand-in: real HTTP on 127.0.0.1, Slack's answers and errors, and an inspectable
 * model of channels, threads, ephemerals, response_url posts and modals. Point Bolt at `apiUrl` through
 * `clientOptions.slackApiUrl`.
 */
export interface SlackStandin {
  readonly url: string;
  /** `${url}/api/`, ready for WebClient's `slackApiUrl`. */
  readonly apiUrl: string;
  readonly teamId: string;
  readonly botUserId: string;
  readonly botId: string;
  /** A trigger_id valid for one views.open/views.push within the TTL; `viewId` marks it as from inside a modal. */
  issueTriggerId(ctx?: { user?: string; viewId?: string }): string;
  /** A response_url on this stand-in; the context says where its posts land and what "original" means. */
  newResponseUrl(ctx?: ResponseUrlContext): string;
  /** Every Web API call, in arrival order (args decoded, token separate). */
  readonly calls: readonly RecordedCall[];
  callsTo(method: string): RecordedCall[];
  channelMessages(channel: string): StoredMessage[];
  threadReplies(channel: string, ts: string): StoredMessage[];
  /** A message by ts (top-level or reply), as it currently is. */
  message(channel: string, ts: string): StoredMessage | undefined;
  /** Visible ephemerals (deleted ones are gone), oldest first. */
  readonly ephemerals: EphemeralMessage[];
  readonly responses: readonly ResponsePost[];
  /** Every view ever opened, by id, with its stack; closed views stay, marked closed. */
  readonly views: Map<string, StoredView>;
  view(viewId: string): StoredView | undefined;
  /** The view most recently opened, pushed or updated. */
  lastView(): StoredView | undefined;
  /** The user's App Home tab as the app last published it (`views.publish`), if ever. */
  homeView(userId: string): SlackView | undefined;
  /** Every accepted `views.publish` for this user, oldest first. */
  homePublishes(userId: string): HomePublish[];
  /** Messages in the DM with a user (the app may have posted to the user id or to the D… id). */
  dms(userId: string): StoredMessage[];
  /** Files shared in a channel or thread (`files.completeUploadExternal`), oldest first, with their bytes. */
  uploadedFiles(): (StoredFile & { bytes: Buffer })[];
  /** Resolves with the predicate's first truthy value; re-checked after every call and response_url post. */
  waitFor<T>(predicate: (s: SlackStandin) => T | undefined | null | false, timeoutMs?: number): Promise<T>;
  injectFault(fault: FaultSpec): void;
  clearFaults(): void;
  validatePayload: PayloadValidator | undefined;
  readonly payloadProblems: readonly PayloadProblem[];
  /** Most chat.postMessage calls received for one channel inside any window of `windowMs` (faulted ones count). */
  maxPostsPerWindow(channel: string, windowMs: number): number;
  /** Applies a view_submission ack as Slack would (used by SlackDriver): errors keep, update/push/clear act, empty closes. */
  applyViewSubmissionAck(viewId: string, ack: unknown): void;
  /** A user closed a modal (Cancel / X): the view and the ones above it close, or all with `cleared`. */
  closeView(viewId: string, cleared?: boolean): void;
  /** A person posts a message (e.g. one with a link, for `link_shared` and shortcuts); returns it as stored. */
  postUserMessage(m: { channel: string; user: string; text: string; threadTs?: string }): StoredMessage;
  /** What `chat.unfurl` attached to a message, per URL; undefined before any unfurl. */
  unfurlsOf(channel: string, ts: string): StoredUnfurl | undefined;
  reset(): void;
  close(): Promise<void>;
}

export async function startSlackStandin(opts: SlackStandinOptions = {}): Promise<SlackStandin> {
  const state = new StandinState(opts);
  const server = createStandinServer(state, opts.latencyMs ?? 0);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  return buildHandle(state, url, () => closeServer(server));
}

async function closeServer(server: import('node:http').Server): Promise<void> {
  // Keep-alive sockets from WebClient's fetch would otherwise hold close() open.
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

function buildHandle(state: StandinState, url: string, closeServerFn: () => Promise<void>): SlackStandin {
  const { teamId, botUserId, botId } = state.identity;
  const handle: SlackStandin = {
    url,
    apiUrl: `${url}/api/`,
    teamId,
    botUserId,
    botId,
    issueTriggerId: (ctx) => state.views.issueTrigger(ctx),
    newResponseUrl(ctx = {}) {
      const id = state.responseIds.next();
      state.responseUrls.set(id, { ctx: { ...ctx }, createdAt: state.now(), uses: 0 });
      return `${url}/response/${id}`;
    },
    get calls() {
      return state.calls;
    },
    callsTo: (method) => state.calls.filter((c) => c.method === method),
    channelMessages: (channel) => state.messages.channelMessages(resolveChannel(channel)),
    threadReplies: (channel, ts) => state.messages.threadReplies(resolveChannel(channel), ts),
    message: (channel, ts) => state.messages.find(resolveChannel(channel), ts),
    get ephemerals() {
      return state.messages.ephemerals.filter((e) => !e.deleted).map((e) => structuredClone(e));
    },
    get responses() {
      return state.responses;
    },
    get views() {
      return state.views.all();
    },
    view: (id) => state.views.get(id),
    lastView: () => state.views.last(),
    homeView: (userId) => state.homes.of(userId),
    homePublishes: (userId) => state.homes.published.filter((p) => p.user === userId),
    dms: (userId) => state.messages.channelMessages(dmChannelFor(userId)),
    uploadedFiles: () => uploadedFiles(state),
    // 15 s: a patient default for a shared 2-core machine running many e2e files at once; a
    // waiter resolves as soon as its predicate holds, so a passing test never waits for it.
    waitFor(predicate, timeoutMs = 15_000) {
      return state.waiters.wait(
        () => predicate(handle),
        timeoutMs,
        (lastError) => describeTimeout(state, timeoutMs, predicate, lastError),
      );
    },
    injectFault: (fault) => state.faults.add(fault),
    clearFaults: () => state.faults.clear(),
    get validatePayload() {
      return state.validatePayload;
    },
    set validatePayload(v) {
      state.validatePayload = v;
    },
    get payloadProblems() {
      return state.payloadProblems;
    },
    maxPostsPerWindow(channel, windowMs) {
      const target = resolveChannel(channel);
      const times = state.calls
        .filter((c) => c.method === 'chat.postMessage' && typeof c.args.channel === 'string')
        .filter((c) => resolveChannel(c.args.channel as string) === target)
        .map((c) => c.at);
      return maxPerWindow(times, windowMs);
    },
    applyViewSubmissionAck: (viewId, ack) => applyAck(state, viewId, ack),
    closeView(viewId, cleared = false) {
      state.views.close(viewId, cleared);
      state.waiters.notify();
    },
    postUserMessage(m) {
      const posted = state.messages.post({
        channel: resolveChannel(m.channel),
        text: m.text,
        user: m.user,
        team: teamId,
        ...(m.threadTs ? { thread_ts: m.threadTs } : {}),
      });
      if ('error' in posted) throw new Error(`postUserMessage: ${posted.error}`);
      state.waiters.notify();
      return posted;
    },
    unfurlsOf: (channel, ts) => unfurlsOf(state, channel, ts),
    reset: () => state.reset(),
    async close() {
      state.waiters.failAll('slack stand-in closed while waiting');
      await closeServerFn();
    },
  };
  return handle;
}

function applyAck(state: StandinState, viewId: string, ack: unknown): void {
  const a = typeof ack === 'object' && ack !== null ? (ack as Record<string, unknown>) : {};
  const action = a.response_action;
  if (action === 'errors') return;
  if (action === 'clear') state.views.close(viewId, true);
  else if ((action === 'update' || action === 'push') && typeof a.view === 'object' && a.view !== null) {
    state.checkPayload('view', 'view_submission', a.view);
    const input = a.view as SlackView;
    if (action === 'update') state.views.update({ viewId }, input);
    else state.views.push(state.views.issueTrigger({ viewId }), input);
  } else state.views.close(viewId);
  state.waiters.notify();
}

function describeTimeout(
  state: StandinState,
  timeoutMs: number,
  predicate: (s: SlackStandin) => unknown,
  lastError: unknown,
): string {
  const recent = state.calls.slice(-15).map((c) => {
    const ch = typeof c.args.channel === 'string' ? ` ${c.args.channel}` : '';
    return `  ${c.method}${ch}${c.ok ? '' : ` -> ${c.error}`}`;
  });
  const lines = [
    `waitFor timed out after ${timeoutMs} ms; the predicate never held:`,
    `  ${String(predicate).replace(/\s+/g, ' ').slice(0, 200)}`,
    ...(lastError
      ? [`last predicate error: ${lastError instanceof Error ? lastError.message : String(lastError)}`]
      : []),
    `${state.calls.length} Web API call(s) recorded${recent.length ? ` (last ${recent.length}):` : '.'}`,
    ...recent,
    `${state.responses.length} response_url post(s); ${state.payloadProblems.length} payload problem(s).`,
  ];
  return lines.join('\n');
}
