import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, SecretRegistry, toBoltLogger } from '../src/logging/logger.js';

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, cb) {
      lines.push(String(chunk));
      cb();
    },
  });
  return { lines, stream };
}

describe('logger', () => {
  it('never writes a registered secret or a Slack token, wherever it appears', () => {
    const secrets = new SecretRegistry();
    secrets.add('wandb-key-0123456789abcdef0123456789abcdef0');
    const { lines, stream } = capture();
    const log = createLogger('info', secrets, stream);
    log.info({ body: 'key=wandb-key-0123456789abcdef0123456789abcdef0' }, 'posting');
    log.info({ token: 'anything' }, 'with token field');
    log.error({ err: new Error('auth failed for xoxb-123-456-abcdef') }, 'oops');
    const all = lines.join('');
    expect(all).not.toContain('wandb-key-0123456789abcdef');
    expect(all).not.toContain('xoxb-123-456-abcdef');
    expect(all).not.toContain('anything');
    expect(all).toContain('[redacted]');
  });
});

describe('the logger Bolt writes through', () => {
  /** An argument that counts how often it is serialised. */
  function counted() {
    const seen = { count: 0 };
    return { seen, arg: { toJSON: () => ({ n: ++seen.count }) } };
  }

  it('does not serialise the arguments of a level that is off (Bolt logs a debug line per request)', () => {
    const { lines, stream } = capture();
    const bolt = toBoltLogger(createLogger('info', new SecretRegistry(), stream));
    const { seen, arg } = counted();
    bolt.debug('Received request', arg);
    expect(seen.count).toBe(0);
    expect(lines).toEqual([]);
  });

  it('writes the levels that are on, arguments serialised, as one line', () => {
    const { lines, stream } = capture();
    const bolt = toBoltLogger(createLogger('debug', new SecretRegistry(), stream));
    const { seen, arg } = counted();
    bolt.debug('Received request', arg);
    bolt.warn('careful');
    expect(seen.count).toBe(1);
    expect(lines.map((l) => JSON.parse(l).msg)).toEqual(['Received request {"n":1}', 'careful']);
  });
});
