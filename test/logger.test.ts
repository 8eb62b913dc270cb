import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, SecretRegistry } from '../src/logging/logger.js';

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
