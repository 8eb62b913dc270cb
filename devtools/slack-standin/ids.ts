import { randomBytes } from 'node:crypto';

/**
 * Message timestamps as Slack formats them ('1700000000.000123'): seconds from the clock, a 6-digit
 * fraction, strictly increasing even when many messages land in the same microsecond-free millisecond.
 */
export class TsClock {
  private lastMicros = 0;

  constructor(private readonly now: () => number) {}

  next(): string {
    const micros = Math.max(Math.floor(this.now()) * 1000, this.lastMicros + 1);
    this.lastMicros = micros;
    const secs = Math.floor(micros / 1_000_000);
    const frac = String(micros % 1_000_000).padStart(6, '0');
    return `${secs}.${frac}`;
  }
}

/** Sequential ids with Slack's prefixes (V for views, D for DMs …), zero-padded so they sort. */
export class IdSequence {
  private n = 0;

  constructor(private readonly prefix: string) {}

  next(): string {
    this.n += 1;
    return `${this.prefix}${String(this.n).padStart(8, '0')}`;
  }
}

export function randomHex(bytes: number): string {
  return randomBytes(bytes).toString('hex');
}

/** A user's DM channel id: deterministic, so tests can name it before the app opens it. */
export function dmChannelFor(userId: string): string {
  return `D${userId.replace(/^[UW]/, '')}`;
}

/** Slack accepts a user id as `channel` for chat.postMessage and posts to the DM with that user. */
export function resolveChannel(channel: string): string {
  return /^[UW][A-Z0-9_]+$/.test(channel) ? dmChannelFor(channel) : channel;
}
