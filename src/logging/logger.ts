import type { Logger as BoltLogger, LogLevel as BoltLogLevel } from '@slack/bolt';
import { type DestinationStream, type Logger, pino } from 'pino';

/**
 * Secret values the process knows (tokens, keys, W&B keys typed into a modal). Every log line is
 * scrubbed of them, and of anything shaped like a Slack token, before it is written.
 */
export class SecretRegistry {
  private readonly values = new Set<string>();

  add(value: string | undefined): void {
    // Short values would redact ordinary words; real secrets are long.
    if (value && value.length >= 8) this.values.add(value);
  }

  delete(value: string | undefined): void {
    if (value) this.values.delete(value);
  }

  scrub(text: string): string {
    let out = text.replace(/\bx(?:ox[abposr]|app)-[A-Za-z0-9-]{6,}/g, '[redacted]');
    for (const v of this.values) {
      if (out.includes(v)) out = out.split(v).join('[redacted]');
    }
    return out;
  }
}

export function createLogger(
  level: string,
  secrets: SecretRegistry,
  destination?: DestinationStream,
): Logger {
  return pino(
    {
      level,
      base: { app: 'finetune-bot' },
      redact: {
        paths: [
          'token',
          '*.token',
          'api_key',
          '*.api_key',
          '*.apiKey',
          'headers.authorization',
          '*.headers.authorization',
        ],
        censor: '[redacted]',
      },
      hooks: { streamWrite: (line) => secrets.scrub(line) },
    },
    destination,
  );
}

/** Bolt logs through this, so its lines are scrubbed and structured like ours. */
export function toBoltLogger(logger: Logger): BoltLogger {
  let level = 'info' as BoltLogLevel;
  const child = logger.child({ component: 'bolt' });
  const show = (m: unknown) =>
    typeof m === 'string' ? m : m instanceof Error ? (m.stack ?? m.message) : JSON.stringify(m);
  const join = (msg: unknown[]) => msg.map(show).join(' ');
  return {
    debug: (...msg: unknown[]) => child.debug(join(msg)),
    info: (...msg: unknown[]) => child.info(join(msg)),
    warn: (...msg: unknown[]) => child.warn(join(msg)),
    error: (...msg: unknown[]) => child.error(join(msg)),
    setLevel: (l: BoltLogLevel) => {
      level = l;
    },
    getLevel: () => level,
    setName: () => {},
  };
}
