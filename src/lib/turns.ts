import type { Server } from 'node:net';

/**
 * Hands the event loop back between pieces of request work, one waiter per turn: each `yieldTurn()`
 * resolves on its own turn of the loop (a `setImmediate` each), in call order, so the I/O that
 * arrived meanwhile (new requests from Slack, to be acked) is read between any two of them. Awaiting
 * a plain `setImmediate` instead resumes every waiter of a burst in the same turn, one after the
 * other, with no I/O read in between.
 */
const waiting: Array<() => void> = [];
let pumping = false;

/**
 * Connections accepted so far by the servers handed to `acceptFirst`, and the count the pump last saw.
 * libuv accepts one connection per turn of the loop (uv__server_io takes one, then waits for the next
 * poll), so when Slack opens 20 connections at once the 20th is accepted 19 turns later. Were a waiter
 * resumed in each of those turns, the k-th request of the burst would wait for k - 1 pieces of work
 * before it was even accepted: the pump stands aside in every turn that accepted a connection, until a
 * turn accepts none (at most MAX_STANDING_ASIDE turns in a row, so that work still goes on under a
 * steady stream of new connections).
 */
let accepted = 0;
let seen = 0;
let stoodAside = 0;
const MAX_STANDING_ASIDE = 64;

function pump(): void {
  if (waiting.length === 0) {
    pumping = false;
    return;
  }
  if (accepted !== seen && stoodAside < MAX_STANDING_ASIDE) {
    seen = accepted;
    stoodAside++;
    setImmediate(pump);
    return;
  }
  seen = accepted;
  stoodAside = 0;
  waiting.shift()?.();
  setImmediate(pump);
}

export function yieldTurn(): Promise<void> {
  return new Promise<void>((resolve) => {
    waiting.push(resolve);
    if (!pumping) {
      pumping = true;
      setImmediate(pump);
    }
  });
}

/** Waiters of `yieldTurn` wait while `server` is accepting connections (see `accepted`). */
export function acceptFirst(server: Server): void {
  server.on('connection', () => {
    accepted++;
  });
}
