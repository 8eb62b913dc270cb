import { randomBytes } from 'node:crypto';
import { channelName, DRIVER_DEFAULTS, slashCommandFields } from './slack-driver/commands.js';
import {
  eventCallback,
  type LinkSharedOptions,
  linkSharedEvent,
  shortcutMessage,
} from './slack-driver/events.js';
import { findElement } from './slack-driver/find-element.js';
import { signSlackRequest } from './slack-driver/sign.js';
import {
  dmChannelFor,
  type SlackStandin,
  type SlackView,
  type StoredMessage,
  type StoredView,
} from './slack-standin.js';

export { type SlackSignatureHeaders, signSlackRequest } from './slack-driver/sign.js';

export interface SlackDriverOptions {
  /** The app's events endpoint, e.g. http://127.0.0.1:PORT/slack/events. */
  appUrl: string;
  signingSecret: string;
  standin: SlackStandin;
  teamId?: string;
  teamDomain?: string;
  apiAppId?: string;
  defaultUser?: string;
  defaultChannel?: string;
}

export interface DriverResponse {
  status: number;
  /** The app's HTTP answer: parsed JSON when it is JSON, else the text ('' for a bare ack). */
  body: unknown;
}

export interface CommandResult extends DriverResponse {
  responseUrl: string;
  triggerId: string;
}

export interface BlockActionOptions {
  actionId: string;
  /** Defaults to the value of the element found by action_id in the message or view. */
  value?: string;
  user?: string;
  channel?: string;
  messageTs?: string;
  /** Default: 'view' when viewId is given, else 'message'. */
  container?: 'message' | 'view';
  viewId?: string;
  blockId?: string;
  selectedOption?: { value: string; text?: string };
  /** state.values of the surrounding view, for actions inside a modal with inputs. */
  values?: ViewStateValues;
}

export interface BlockActionResult extends DriverResponse {
  triggerId: string;
  /** Only for message containers (Slack sends no response_url for actions inside a modal). */
  responseUrl: string | undefined;
}

/** view.state.values as Slack sends it: {[block_id]: {[action_id]: {type, value | selected_option | …}}}. */
export type ViewStateValues = Record<string, Record<string, { type: string; [key: string]: unknown }>>;

/** Files put into a modal's `file_input` (see `hostSlackFile` in slack-standin/files-download.ts). */
export interface FileInputValue {
  blockId: string;
  actionId: string;
  files: readonly unknown[];
}

/** The values with each file input's state as Slack sends it: `{type: 'file_input', files: [...]}`. */
export function withFileInputs(values: ViewStateValues, inputs: readonly FileInputValue[]): ViewStateValues {
  const out: ViewStateValues = { ...values };
  for (const f of inputs) out[f.blockId] = { [f.actionId]: { type: 'file_input', files: [...f.files] } };
  return out;
}

/**
 * Plays Slack toward the app: signed slash commands and interaction payloads over real HTTP, with trigger
 * ids and response URLs issued by the stand-in so the app's follow-up calls land there.
 */
export class SlackDriver {
  private readonly teamId: string;
  private readonly teamDomain: string;
  private readonly apiAppId: string;
  readonly defaultUser: string;
  readonly defaultChannel: string;

  constructor(private readonly o: SlackDriverOptions) {
    this.teamId = o.teamId ?? o.standin.teamId;
    this.teamDomain = o.teamDomain ?? DRIVER_DEFAULTS.teamDomain;
    this.apiAppId = o.apiAppId ?? DRIVER_DEFAULTS.apiAppId;
    this.defaultUser = o.defaultUser ?? DRIVER_DEFAULTS.user;
    this.defaultChannel = o.defaultChannel ?? DRIVER_DEFAULTS.channel;
  }

  async command(
    text: string,
    opts: { user?: string; channel?: string; command?: string } = {},
  ): Promise<CommandResult> {
    const user = opts.user ?? this.defaultUser;
    const channel = opts.channel ?? this.defaultChannel;
    const triggerId = this.o.standin.issueTriggerId({ user });
    const responseUrl = this.o.standin.newResponseUrl({ channel, user });
    const fields = slashCommandFields({
      teamId: this.teamId,
      teamDomain: this.teamDomain,
      apiAppId: this.apiAppId,
      channel,
      user,
      command: opts.command ?? '/finetune',
      text,
      responseUrl,
      triggerId,
    });
    const res = await this.postForm(new URLSearchParams(fields).toString());
    return { ...res, responseUrl, triggerId };
  }

  async blockAction(opts: BlockActionOptions): Promise<BlockActionResult> {
    const { standin } = this.o;
    const user = opts.user ?? this.defaultUser;
    const inView = (opts.container ?? (opts.viewId ? 'view' : 'message')) === 'view';
    const stored = inView && opts.viewId ? standin.view(opts.viewId) : undefined;
    if (inView && !stored)
      throw new Error(`blockAction: no view ${opts.viewId ?? '(viewId missing)'} in the stand-in`);
    const channel = opts.channel ?? this.defaultChannel;
    const message = !inView && opts.messageTs ? standin.message(channel, opts.messageTs) : undefined;
    const ephemeral =
      !inView && opts.messageTs && !message
        ? standin.ephemerals.find((e) => e.ts === opts.messageTs)
        : undefined;
    const blocks = stored?.view.blocks ?? message?.blocks ?? ephemeral?.blocks;
    const found = findElement(blocks, opts.actionId);
    const triggerId = standin.issueTriggerId({ user, ...(stored ? { viewId: stored.view.id } : {}) });
    const threadTs = message?.thread_ts ?? ephemeral?.thread_ts;
    const responseUrl = inView
      ? undefined
      : standin.newResponseUrl({
          channel,
          user,
          ...(opts.messageTs ? { messageTs: opts.messageTs } : {}),
          ...(threadTs && threadTs !== opts.messageTs ? { threadTs } : {}),
        });
    const payload = {
      type: 'block_actions',
      ...this.envelope(user),
      trigger_id: triggerId,
      ...(stored
        ? {
            container: { type: 'view', view_id: stored.view.id },
            view: withValues(stored.view, opts.values),
          }
        : {
            container: {
              type: 'message',
              message_ts: opts.messageTs ?? '',
              channel_id: channel,
              is_ephemeral: ephemeral !== undefined,
              ...(threadTs ? { thread_ts: threadTs } : {}),
            },
            channel: { id: channel, name: channelName(channel) },
            ...(message ? { message: messageForPayload(message) } : {}),
            state: { values: opts.values ?? {} },
            response_url: responseUrl,
          }),
      actions: [this.action(opts, found)],
    };
    const res = await this.postPayload(payload);
    return { ...res, triggerId, responseUrl };
  }

  /** Submits a modal. The ack is applied to the stand-in's view stack as Slack would (errors/update/push/clear/close). */
  async viewSubmission(opts: {
    view: SlackView | StoredView;
    values: ViewStateValues;
    user?: string;
    /** Files uploaded into the view's file inputs. */
    files?: readonly FileInputValue[];
  }): Promise<DriverResponse> {
    const view = 'view' in opts.view ? opts.view.view : opts.view;
    const user = opts.user ?? this.defaultUser;
    const values = opts.files ? withFileInputs(opts.values, opts.files) : opts.values;
    const payload = {
      type: 'view_submission',
      ...this.envelope(user),
      trigger_id: this.o.standin.issueTriggerId({ user, viewId: view.id }),
      view: withValues(view, values),
      response_urls: [],
    };
    const res = await this.postPayload(payload);
    if (res.status === 200) this.o.standin.applyViewSubmissionAck(view.id, res.body);
    return res;
  }

  async viewClosed(opts: {
    view: SlackView | StoredView;
    user?: string;
    isCleared?: boolean;
  }): Promise<DriverResponse> {
    const view = 'view' in opts.view ? opts.view.view : opts.view;
    const payload = {
      type: 'view_closed',
      ...this.envelope(opts.user ?? this.defaultUser),
      view,
      is_cleared: opts.isCleared ?? false,
    };
    // The user closed it whatever the app answers.
    this.o.standin.closeView(view.id, opts.isCleared ?? false);
    return this.postPayload(payload);
  }

  /** Low level: a signed Events API delivery (JSON), as Slack posts it to the events URL. */
  async event(event: Record<string, unknown>, opts: { user?: string } = {}): Promise<DriverResponse> {
    const body = JSON.stringify(
      eventCallback(event, {
        teamId: this.teamId,
        apiAppId: this.apiAppId,
        user: opts.user ?? this.defaultUser,
      }),
    );
    const res = await fetch(this.o.appUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...signSlackRequest(this.o.signingSecret, body) },
      body,
    });
    return { status: res.status, body: parseMaybeJson(await res.text()) };
  }

  /**
   * The user opens the app's Home tab (`tab: 'messages'` for its Messages tab): an `app_home_opened`
   * event, with the view the app last published for them, as Slack sends it.
   */
  openHome(opts: { user?: string; tab?: 'home' | 'messages' } = {}): Promise<DriverResponse> {
    const user = opts.user ?? this.defaultUser;
    const view = this.o.standin.homeView(user);
    return this.event({
      type: 'app_home_opened',
      user,
      channel: dmChannelFor(user),
      tab: opts.tab ?? 'home',
      ...(view ? { view } : {}),
    });
  }

  /**
   * A click on the user's Home tab, as Slack sends it: `container.type: 'view'`, the Home view in
   * `view`, a trigger_id, and no response_url. Throws when the app never published the user's tab.
   */
  async homeAction(opts: {
    actionId: string;
    user?: string;
    value?: string;
    blockId?: string;
  }): Promise<BlockActionResult> {
    const { standin } = this.o;
    const user = opts.user ?? this.defaultUser;
    const view = standin.homeView(user);
    if (!view) throw new Error(`homeAction: the app never published a Home tab for ${user}`);
    const found = findElement(view.blocks, opts.actionId, opts.value);
    const triggerId = standin.issueTriggerId({ user });
    const payload = {
      type: 'block_actions',
      ...this.envelope(user),
      trigger_id: triggerId,
      container: { type: 'view', view_id: view.id },
      view,
      actions: [this.action({ actionId: opts.actionId, value: opts.value, blockId: opts.blockId }, found)],
    };
    const res = await this.postPayload(payload);
    return { ...res, triggerId, responseUrl: undefined };
  }

  /**
   * A person posts `text` in a channel (stored in the stand-in) and Slack tells the app which of its
   * links match the unfurl domains (`urls`, default every https link in the text): `link_shared`.
   */
  async shareLinks(opts: {
    text: string;
    urls?: readonly string[];
    channel?: string;
    user?: string;
    source?: LinkSharedOptions['source'];
  }): Promise<DriverResponse & { message: StoredMessage }> {
    const channel = opts.channel ?? this.defaultChannel;
    const user = opts.user ?? this.defaultUser;
    const message = this.o.standin.postUserMessage({ channel, user, text: opts.text });
    const urls = opts.urls ?? [...opts.text.matchAll(/<?(https?:\/\/[^\s|>]+)/g)].map((m) => m[1] as string);
    const res = await this.event(
      linkSharedEvent({ channel, user, messageTs: message.ts, urls, source: opts.source }),
      { user },
    );
    return { ...res, message };
  }

  /** A click on a button of the app's unfurl under a message: no `message`, an `app_unfurl` instead. */
  async unfurlAction(opts: {
    messageTs: string;
    url: string;
    actionId: string;
    channel?: string;
    user?: string;
  }): Promise<BlockActionResult> {
    const { standin } = this.o;
    const channel = opts.channel ?? this.defaultChannel;
    const user = opts.user ?? this.defaultUser;
    const blocks = standin.unfurlsOf(channel, opts.messageTs)?.unfurls[opts.url]?.blocks;
    if (!blocks) throw new Error(`unfurlAction: no unfurl of ${opts.url} on ${channel}/${opts.messageTs}`);
    const found = findElement(blocks, opts.actionId);
    const triggerId = standin.issueTriggerId({ user });
    // The person's message is not the app's to replace: the response_url has no original.
    const responseUrl = standin.newResponseUrl({ channel, user });
    const appUnfurl = { id: 1, blocks, app_unfurl_url: opts.url, is_app_unfurl: true };
    const payload = {
      type: 'block_actions',
      ...this.envelope(user),
      trigger_id: triggerId,
      container: {
        type: 'message_attachment',
        message_ts: opts.messageTs,
        attachment_id: 1,
        channel_id: channel,
        is_ephemeral: false,
        is_app_unfurl: true,
        app_unfurl_url: opts.url,
      },
      channel: { id: channel, name: channelName(channel) },
      app_unfurl: appUnfurl,
      state: { values: {} },
      response_url: responseUrl,
      actions: [this.action({ actionId: opts.actionId }, found)],
    };
    const res = await this.postPayload(payload);
    return { ...res, triggerId, responseUrl };
  }

  /** A message shortcut used on a message in the stand-in (`message_action`, with a response_url). */
  async messageShortcut(opts: {
    callbackId: string;
    messageTs: string;
    channel?: string;
    user?: string;
  }): Promise<CommandResult> {
    const { standin } = this.o;
    const channel = opts.channel ?? this.defaultChannel;
    const user = opts.user ?? this.defaultUser;
    const message = standin.message(channel, opts.messageTs);
    if (!message) throw new Error(`messageShortcut: no message ${opts.messageTs} in ${channel}`);
    const triggerId = standin.issueTriggerId({ user });
    const responseUrl = standin.newResponseUrl({ channel, user });
    const payload = {
      type: 'message_action',
      ...this.envelope(user),
      callback_id: opts.callbackId,
      trigger_id: triggerId,
      response_url: responseUrl,
      message_ts: opts.messageTs,
      action_ts: (Date.now() / 1000).toFixed(6),
      channel: { id: channel, name: channelName(channel) },
      message: shortcutMessage(message),
    };
    const res = await this.postPayload(payload);
    return { ...res, responseUrl, triggerId };
  }

  /** Bodies posted so far to this response_url (oldest first). */
  responsesFor(responseUrl: string): Record<string, unknown>[] {
    const id = responseUrl.split('/').pop();
    return this.o.standin.responses.filter((r) => r.id === id).map((r) => r.body);
  }

  /** Resolves with the n-th (1-based) body posted to this response_url. */
  waitForResponse(responseUrl: string, n = 1, timeoutMs?: number): Promise<Record<string, unknown>> {
    return this.o.standin.waitFor(() => this.responsesFor(responseUrl)[n - 1], timeoutMs);
  }

  /** Low level: posts a form body, signed unless `headers` replaces the signature (to forge bad requests). */
  async postForm(body: string, headers?: Record<string, string>): Promise<DriverResponse> {
    const res = await fetch(this.o.appUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        ...(headers ?? signSlackRequest(this.o.signingSecret, body)),
      },
      body,
    });
    const text = await res.text();
    return { status: res.status, body: parseMaybeJson(text) };
  }

  /**
   * Low level: posts any interaction payload, signed, with the usual team/user envelope under it
   * (the payload's own keys win). For shapes the typed helpers never build: unknown IDs, shortcuts,
   * `block_suggestion`, broken values. `ts` (seconds) forges the signature's timestamp.
   */
  interaction(
    payload: Record<string, unknown>,
    opts: { user?: string; ts?: number } = {},
  ): Promise<DriverResponse> {
    const body = new URLSearchParams({
      payload: JSON.stringify({ ...this.envelope(opts.user ?? this.defaultUser), ...payload }),
    }).toString();
    return this.postForm(
      body,
      opts.ts === undefined ? undefined : { ...signSlackRequest(this.o.signingSecret, body, opts.ts) },
    );
  }

  private postPayload(payload: unknown): Promise<DriverResponse> {
    return this.postForm(new URLSearchParams({ payload: JSON.stringify(payload) }).toString());
  }

  private envelope(user: string) {
    return {
      team: { id: this.teamId, domain: this.teamDomain },
      user: { id: user, username: user.toLowerCase(), name: user.toLowerCase(), team_id: this.teamId },
      api_app_id: this.apiAppId,
      token: 'legacy-verification-token',
      enterprise: null,
      is_enterprise_install: false,
    };
  }

  private action(opts: BlockActionOptions, found: ReturnType<typeof findElement>): Record<string, unknown> {
    const type = opts.selectedOption ? (found?.type ?? 'static_select') : (found?.type ?? 'button');
    const base = {
      action_id: opts.actionId,
      block_id: opts.blockId ?? found?.blockId ?? randomBytes(3).toString('hex'),
      type,
      action_ts: (Date.now() / 1000).toFixed(6),
    };
    if (opts.selectedOption) {
      const { value, text } = opts.selectedOption;
      return {
        ...base,
        selected_option: { text: { type: 'plain_text', text: text ?? value, emoji: true }, value },
      };
    }
    return {
      ...base,
      value: opts.value ?? found?.value ?? '',
      ...(found?.text !== undefined ? { text: { type: 'plain_text', text: found.text, emoji: true } } : {}),
    };
  }
}

function withValues(view: SlackView, values: ViewStateValues | undefined): SlackView {
  return { ...view, state: { values: values ?? view.state.values } };
}

/** Slack's `message` in a block_actions payload: the message as stored, without the stand-in's channel field. */
function messageForPayload(m: StoredMessage): Record<string, unknown> {
  const { channel: _channel, ...rest } = m;
  return rest;
}

function parseMaybeJson(text: string): unknown {
  if (text === '') return '';
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
