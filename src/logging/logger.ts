import { AsyncLocalStorage } from 'node:async_hooks';
import type { Logger as BoltLogger, LogLevel as BoltLogLevel } from '@slack/bolt';
import { type DestinationStream, type Logger, pino } from 'pino';

/**
 * Secret values the process knows (tokens, keys, W&B keys typed into a modal). Every log line is
 * scrubbed of them, and of anything shaped like a Slack token, before it is written.
 */
export class SecretRegistry {
  /** The process's own secrets (config); a handful, so the bound is only a guard. */
  static readonly MAX_VALUES = 100;
  /** Values one request brought (a W&B key or two). */
  static readonly MAX_PER_REQUEST = 8;
  private readonly values = new Set<string>();
  /** Per request: what `addForRequest` registered, seen only by lines logged inside that request. */
  private readonly request = new AsyncLocalStorage<Set<string>>();

  /** For good (tokens from the config). Past the bound nothing more is taken: the first stay. */
  add(value: string | undefined): void {
    // Short values would redact ordinary words; real secrets are long.
    if (value && value.length >= 8 && this.values.size < SecretRegistry.MAX_VALUES) this.values.add(value);
  }

  delete(value: string | undefined): void {
    if (value) this.values.delete(value);
  }

  /**
   * Runs one request's work with its own scope: values registered inside with `addForRequest` are
   * scrubbed from every line logged while it runs (its awaits included) and forgotten when it ends.
   */
  runForRequest<T>(work: () => Promise<T>): Promise<T> {
    return this.request.run(new Set(), work);
  }

  /** A secret the current request carries (a typed W&B key). Outside `runForRequest` it is refused. */
  addForRequest(value: string | undefined): void {
    const scope = this.request.getStore();
    if (scope && value && value.length >= 8 && scope.size < SecretRegistry.MAX_PER_REQUEST) scope.add(value);
  }

  /** How many values are kept for good (request values are not counted: they do not outlive it). */
  get size(): number {
    return this.values.size;
  }

  scrub(text: string): string {
    let out = text.replace(/\bx(?:ox[abposr]|app)-[A-Za-z0-9-]{6,}/g, '[redacted]');
    for (const v of [...this.values, ...(this.request.getStore() ?? [])]) {
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
  // Bolt logs a debug line for every request, some with the whole payload: serialising those only
  // to have pino drop them cost milliseconds per request at level info. Check the level first.
  const at =
    (l: 'debug' | 'info' | 'warn' | 'error') =>
    (...msg: unknown[]) => {
      if (child.isLevelEnabled(l)) child[l](join(msg));
    };
  return {
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    setLevel: (l: BoltLogLevel) => {
      level = l;
    },
    getLevel: () => level,
    setName: () => {},
  };
}
