/**
 * Hands the event loop back between pieces of request work, one waiter per turn: each `yieldTurn()`
 * resolves on its own turn of the loop (a `setImmediate` each), in call order, so the I/O that
 * arrived meanwhile (new requests from Slack, to be acked) is read between any two of them. Awaiting
 * a plain `setImmediate` instead resumes every waiter of a burst in the same turn, one after the
 * other, with no I/O read in between.
 */
const waiting: Array<() => void> = [];
let pumping = false;

function pump(): void {
  const next = waiting.shift();
  if (!next) {
    pumping = false;
    return;
  }
  next();
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
