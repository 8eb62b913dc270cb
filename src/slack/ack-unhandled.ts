import type { App, ReceiverEvent } from '@slack/bolt';
import type { Logger } from 'pino';
import { yieldTurn } from '../lib/turns.js';

/** What a log line says about a request nothing handled: its kind and IDs, never its content. */
function describe(body: Record<string, unknown>): Record<string, unknown> {
  const str = (v: unknown) => (typeof v === 'string' ? v.slice(0, 100) : undefined);
  const view = body.view as { callback_id?: unknown } | null | undefined;
  const actions = Array.isArray(body.actions) ? (body.actions as { action_id?: unknown }[]) : undefined;
  return {
    type: str(body.type) ?? str(body.command),
    actionId: str(actions?.[0]?.action_id) ?? str(body.action_id),
    callbackId: str(body.callback_id) ?? str(view?.callback_id),
  };
}

// Why a listener's `await ack()` returns a turn later: requests that arrive together are read one
// after the other, each with the promise chain it starts. A handler that went straight on after its
// ack (parse, build the SDK request, start the fetch, or build and send a card) made every request
// behind it wait for that work before even being read, so the k-th ack of a burst waited for k - 1
// handlers. Deferring the work lets every ack of the burst go out first, as in a Bolt app that
// only acks. Each listener resumes on its own turn (`yieldTurn`), and so does each backend answer
// (the adapters' `call`): work that lands together is spread over turns with Slack's requests read
// between, instead of running back to back while those wait.

/**
 * Every request the app receives is acknowledged. Bolt runs all listeners of an event and only then
 * resolves `processEvent`; a request that no listener acked by then (an unknown action_id or
 * callback_id, view_closed, block_suggestion, a shortcut, `actions: []`) is acked empty here and
 * logged at debug. Without this Bolt waits three seconds, answers 404 and logs an error, and Slack
 * shows a warning beside the click. Handled requests are never acked twice: each ack is tracked.
 * A listener's work after `await ack()` starts on the next turn of the event loop (see above).
 */
export function ackUnhandled(app: App, logger: Logger): void {
  const processEvent = app.processEvent.bind(app);
  app.processEvent = async (event: ReceiverEvent) => {
    let acked = false;
    const ack: ReceiverEvent['ack'] = async (response) => {
      acked = true;
      await event.ack(response);
      await yieldTurn();
    };
    // A view payload without a view makes Bolt throw before any listener (HTTP 500): bad input.
    const body = (event.body ?? {}) as Record<string, unknown>;
    if (/^view_/.test(String(body.type)) && (typeof body.view !== 'object' || body.view === null)) {
      acked = true;
      logger.info(describe(body), 'malformed view payload (no view): acknowledged, nothing done');
      return event.ack();
    }
    // A throw here is Bolt's own (it catches listener errors); its receiver answers those.
    await processEvent({ ...event, ack });
    if (acked) return;
    acked = true;
    logger.debug(
      describe((event.body ?? {}) as Record<string, unknown>),
      'request not handled: acknowledged',
    );
    await event.ack();
  };
}
