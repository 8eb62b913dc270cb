import { z } from 'zod';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const optionalString = z
  .string()
  .trim()
  .transform((s) => (s === '' ? undefined : s))
  .optional();

const url = (name: string) =>
  z
    .string()
    .trim()
    .refine((s) => /^https?:\/\/[^\s]+$/.test(s), `${name} must be an http(s) URL`);

/**
 * Every setting of the app, read once from the environment. The names are documented in
 * `.env.example`; tests build a Config directly with `parseConfig`.
 */
const schema = z
  .object({
    SLACK_BOT_TOKEN: optionalString.refine(
      (s) => s === undefined || s.startsWith('xoxb-'),
      'SLACK_BOT_TOKEN must be a bot token (it starts with xoxb-)',
    ),
    SLACK_SIGNING_SECRET: optionalString,
    SLACK_APP_TOKEN: optionalString.refine(
      (s) => s === undefined || s.startsWith('xapp-'),
      'SLACK_APP_TOKEN must be an app-level token (it starts with xapp-)',
    ),
    SLACK_API_URL: optionalString.pipe(url('SLACK_API_URL').optional()),
    MISTRAL_API_KEY: optionalString,
    MISTRAL_SERVER_URL: z
      .string()
      .trim()
      .default('https://api.mistral.ai')
      .pipe(url('MISTRAL_SERVER_URL'))
      .refine(
        (s) => !/\/v1\/?$/.test(s),
        'MISTRAL_SERVER_URL must not end with /v1 (the client adds /v1 itself), e.g. https://api.mistral.ai',
      ),
    STORE_URL: z
      .string()
      .trim()
      .default('sqlite://./data/finetune-bot.sqlite')
      .refine(
        (s) => /^(sqlite|redis|rediss):\/\/.+/.test(s),
        'STORE_URL must start with sqlite:// (one instance) or redis:// (several instances)',
      ),
    WANDB_ENTITY: optionalString,
    LOG_LEVEL: z
      .enum(LOG_LEVELS, { error: `LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}` })
      .default('info'),
    PORT: z.coerce
      .number({ error: 'PORT must be a number' })
      .int('PORT must be a whole number')
      .min(0)
      .max(65535, 'PORT must be at most 65535')
      .default(3000),
    FINETUNE_OPERATORS: optionalString.refine(
      (s) => s === undefined || s.split(/[\s,]+/).every((id) => id === '' || /^[UWS][A-Z0-9]{2,}$/.test(id)),
      'FINETUNE_OPERATORS must be Slack user IDs (U…/W…) or user group IDs (S…), separated by commas',
    ),
    POLL_INTERVAL_SECONDS: z.coerce
      .number({ error: 'POLL_INTERVAL_SECONDS must be a number' })
      .int('POLL_INTERVAL_SECONDS must be a whole number')
      .min(1, 'POLL_INTERVAL_SECONDS must be at least 1')
      .max(3600, 'POLL_INTERVAL_SECONDS must be at most 3600')
      .default(30),
  })
  .superRefine((c, ctx) => {
    if (!c.SLACK_BOT_TOKEN) {
      ctx.addIssue({ code: 'custom', path: ['SLACK_BOT_TOKEN'], message: 'SLACK_BOT_TOKEN is missing' });
    }
    if (!c.SLACK_APP_TOKEN && !c.SLACK_SIGNING_SECRET) {
      ctx.addIssue({
        code: 'custom',
        path: ['SLACK_SIGNING_SECRET'],
        message:
          'SLACK_SIGNING_SECRET is missing (needed in HTTP mode; set SLACK_APP_TOKEN for Socket Mode instead)',
      });
    }
  });

export interface Config {
  slack: {
    botToken: string;
    signingSecret?: string;
    appToken?: string;
    apiUrl?: string;
    port: number;
  };
  mistral: { apiKey?: string; serverUrl: string };
  storeUrl: string;
  wandbEntity?: string;
  logLevel: (typeof LOG_LEVELS)[number];
  /** Undefined = everyone may create, start and cancel. */
  operators?: string[];
  pollIntervalSeconds: number;
}

export type ConfigResult = { ok: true; config: Config } | { ok: false; problems: string[] };

/**
 * `process.loadEnvFile` turns `NAME=` into `""`, and zod's `.default()` only fills in `undefined`,
 * so an empty or blank value is dropped here: every variable then reads as unset and gets its default.
 */
function dropBlankValues(env: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    const trimmed = value?.trim();
    if (trimmed) out[name] = trimmed;
  }
  return out;
}

export function parseConfig(env: Record<string, string | undefined>): ConfigResult {
  const parsed = schema.safeParse(dropBlankValues(env));
  if (!parsed.success) {
    const problems = [...new Set(parsed.error.issues.map((i) => i.message))];
    return { ok: false, problems };
  }
  const e = parsed.data;
  const operators = e.FINETUNE_OPERATORS?.split(/[\s,]+/).filter(Boolean);
  return {
    ok: true,
    config: {
      slack: {
        botToken: e.SLACK_BOT_TOKEN as string,
        signingSecret: e.SLACK_SIGNING_SECRET,
        appToken: e.SLACK_APP_TOKEN,
        apiUrl: e.SLACK_API_URL,
        port: e.PORT,
      },
      mistral: { apiKey: e.MISTRAL_API_KEY, serverUrl: e.MISTRAL_SERVER_URL },
      storeUrl: e.STORE_URL,
      wandbEntity: e.WANDB_ENTITY,
      logLevel: e.LOG_LEVEL,
      operators: operators && operators.length > 0 ? operators : undefined,
      pollIntervalSeconds: e.POLL_INTERVAL_SECONDS,
    },
  };
}

/** One message naming every problem, and where to go when you only want to try the app. */
export function formatConfigProblems(problems: string[]): string {
  return [
    'finetune-bot cannot start: the configuration is incomplete.',
    ...problems.map((p) => `  - ${p}`),
    'Copy .env.example to .env and fill it in (see README "Running in a real workspace").',
    'To try the app without Slack or Mistral, run: npm run demo',
  ].join('\n');
}
