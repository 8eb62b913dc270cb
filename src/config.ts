import { z } from 'zod';
import type { ApprovalConfig } from './domain/approval.js';
import { parseAmount } from './domain/money.js';
import { DEFAULT_WARNING_THRESHOLDS, type WarningThresholds } from './domain/warning.js';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
const PROVIDERS = ['mistral', 'together', 'openai'] as const;
export type ProviderName = (typeof PROVIDERS)[number];

const optionalString = z
  .string()
  .trim()
  .transform((s) => (s === '' ? undefined : s))
  .optional();

const slackIds = (name: string) =>
  optionalString.refine(
    (s) => s === undefined || s.split(/[\s,]+/).every((id) => id === '' || /^[UWS][A-Z0-9]{2,}$/.test(id)),
    `${name} must be Slack user IDs (U…/W…) or user group IDs (S…), separated by commas`,
  );

const idList = (s: string | undefined) => {
  const ids = s?.split(/[\s,]+/).filter(Boolean);
  return ids && ids.length > 0 ? ids : undefined;
};

const url = (name: string) =>
  z
    .string()
    .trim()
    .refine((s) => /^https?:\/\/[^\s]+$/.test(s), `${name} must be an http(s) URL`);

const storeUrlSchema = z
  .string()
  .trim()
  .default('sqlite://./data/finetune-bot.sqlite')
  .refine(
    (s) => /^(sqlite|redis|rediss):\/\/.+/.test(s),
    'STORE_URL must start with sqlite:// (one instance) or redis:// (several instances)',
  );

/** STORE_URL alone, for the scripts that read the app's store (`npm run audit`). */
export function storeUrlOf(
  env: Record<string, string | undefined>,
): { ok: true; url: string } | { ok: false; problem: string } {
  const parsed = storeUrlSchema.safeParse(env.STORE_URL?.trim() || undefined);
  return parsed.success
    ? { ok: true, url: parsed.data }
    : { ok: false, problem: parsed.error.issues[0]?.message ?? 'STORE_URL is invalid' };
}

/** A whole number of minutes, 1 to 30 days: an early warning's threshold. */
const minutes = (name: string) =>
  z.coerce
    .number({ error: `${name} must be a number of minutes` })
    .int(`${name} must be a whole number of minutes`)
    .min(1, `${name} must be at least 1`)
    .max(43_200, `${name} must be at most 43200 (30 days)`);

/** An amount with its currency (`50 USD`, `€50`, `12,5 eur`), read as `parseAmount` reads what users type. */
const money = (name: string) =>
  optionalString.pipe(
    z
      .string()
      .transform((s, ctx) => {
        const a = parseAmount(s);
        if (a.ok && a.currency !== undefined) return { amount: a.amount, currency: a.currency };
        ctx.addIssue({ code: 'custom', message: `${name} must be an amount with its currency, e.g. 50 USD` });
        return z.NEVER;
      })
      .optional(),
  );

/**
 * Every setting of the app, read once from the environment. The names are documented in
 * `.env.example`; tests build a Config directly with `parseConfig`.
 */
const schema = z.object({
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
  FINETUNE_PROVIDER: z
    .enum(PROVIDERS, { error: `FINETUNE_PROVIDER must be one of ${PROVIDERS.join(', ')}` })
    .optional(),
  MISTRAL_API_KEY: optionalString,
  TOGETHER_API_KEY: optionalString,
  TOGETHER_BASE_URL: z.string().trim().default('https://api.together.ai/v1').pipe(url('TOGETHER_BASE_URL')),
  OPENAI_API_KEY: optionalString,
  OPENAI_BASE_URL: z.string().trim().default('https://api.openai.com/v1').pipe(url('OPENAI_BASE_URL')),
  OPENAI_LABEL: optionalString.refine(
    (s) => s === undefined || s.length <= 40,
    'OPENAI_LABEL must be at most 40 characters (it is named in messages)',
  ),
  MISTRAL_SERVER_URL: z
    .string()
    .trim()
    .default('https://api.mistral.ai')
    .pipe(url('MISTRAL_SERVER_URL'))
    .refine(
      (s) => !/\/v1\/?$/.test(s),
      'MISTRAL_SERVER_URL must not end with /v1 (the client adds /v1 itself), e.g. https://api.mistral.ai',
    ),
  STORE_URL: storeUrlSchema,
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
  FINETUNE_OPERATORS: slackIds('FINETUNE_OPERATORS'),
  FINETUNE_APPROVAL_OVER: optionalString.refine((s) => {
    const a = s === undefined ? undefined : parseAmount(s);
    return a === undefined || (a.ok && a.currency !== undefined);
  }, 'FINETUNE_APPROVAL_OVER must be an amount with its currency, e.g. 50 USD'),
  FINETUNE_APPROVERS: slackIds('FINETUNE_APPROVERS'),
  FINETUNE_APPROVAL_EXPIRES_HOURS: z.coerce
    .number({ error: 'FINETUNE_APPROVAL_EXPIRES_HOURS must be a number' })
    .int('FINETUNE_APPROVAL_EXPIRES_HOURS must be a whole number')
    .min(1, 'FINETUNE_APPROVAL_EXPIRES_HOURS must be at least 1')
    .max(720, 'FINETUNE_APPROVAL_EXPIRES_HOURS must be at most 720 (30 days)')
    .default(24),
  POLL_INTERVAL_SECONDS: z.coerce
    .number({ error: 'POLL_INTERVAL_SECONDS must be a number' })
    .int('POLL_INTERVAL_SECONDS must be a whole number')
    .min(1, 'POLL_INTERVAL_SECONDS must be at least 1')
    .max(3600, 'POLL_INTERVAL_SECONDS must be at most 3600')
    .default(30),
  FINETUNE_WARN_QUEUED_MINUTES: minutes('FINETUNE_WARN_QUEUED_MINUTES').optional(),
  FINETUNE_WARN_STALLED_MINUTES: minutes('FINETUNE_WARN_STALLED_MINUTES').default(
    DEFAULT_WARNING_THRESHOLDS.stalledMinutes,
  ),
  FINETUNE_WARN_COST: money('FINETUNE_WARN_COST'),
});

/**
 * What must be set, checked on the raw values and beside the schema (a zod refinement would run only
 * once every field parsed), so a missing token is listed with every other problem at once.
 */
function missingProblems(env: Record<string, string>): string[] {
  const problems: string[] = [];
  if (!env.SLACK_BOT_TOKEN) problems.push('SLACK_BOT_TOKEN is missing');
  if (Boolean(env.FINETUNE_APPROVAL_OVER) !== Boolean(env.FINETUNE_APPROVERS)) {
    problems.push(
      'FINETUNE_APPROVAL_OVER and FINETUNE_APPROVERS go together: set both to ask for approvals, or neither',
    );
  }
  if (!env.SLACK_APP_TOKEN && !env.SLACK_SIGNING_SECRET) {
    problems.push(
      'SLACK_SIGNING_SECRET is missing (needed in HTTP mode; set SLACK_APP_TOKEN for Socket Mode instead)',
    );
  }
  return problems;
}

export interface Config {
  slack: {
    botToken: string;
    signingSecret?: string;
    appToken?: string;
    apiUrl?: string;
    port: number;
  };
  /** The fine-tuning provider; without its key, the built-in sandbox speaking its wire format. */
  provider: ProviderConfig;
  storeUrl: string;
  wandbEntity?: string;
  logLevel: (typeof LOG_LEVELS)[number];
  /** Undefined = everyone may create, start and cancel. */
  operators?: string[];
  pollIntervalSeconds: number;
  /** When the early warnings in a card's thread are due; the defaults when absent. */
  warnings?: WarningThresholds;
  /** Undefined = every start goes ahead (no approvals). */
  approval?: ApprovalConfig;
}

function approvalOf(e: Env): ApprovalConfig | undefined {
  const approvers = idList(e.FINETUNE_APPROVERS);
  const over = e.FINETUNE_APPROVAL_OVER === undefined ? undefined : parseAmount(e.FINETUNE_APPROVAL_OVER);
  if (!approvers || !over?.ok || !over.currency) return undefined;
  return {
    over: { amount: over.amount, currency: over.currency },
    approvers,
    expiresMs: e.FINETUNE_APPROVAL_EXPIRES_HOURS * 3600_000,
  };
}

export interface ProviderConfig {
  name: ProviderName;
  /** Undefined: no key, so the app runs on the built-in sandbox (and every message says so). */
  apiKey?: string;
  /** Mistral: the server URL without /v1; Together and OpenAI-shaped: the API root with /v1. */
  baseUrl: string;
  /** How users are told where their jobs run, e.g. "Together AI" or "Azure AI Foundry". */
  label: string;
  /** The variable a user sets to leave the sandbox, named in the sandbox note and key errors. */
  keyVariable: 'MISTRAL_API_KEY' | 'TOGETHER_API_KEY' | 'OPENAI_API_KEY';
}

/** The name the OpenAI-shaped API is known by, from its base URL (OPENAI_LABEL overrides). */
function openAiLabel(baseUrl: string): string {
  const host = new URL(baseUrl).hostname;
  if (host.endsWith('.azure.com')) return 'Azure AI Foundry';
  if (host.includes('nebius')) return 'Nebius';
  if (host === 'api.openai.com') return 'OpenAI';
  return 'OpenAI-compatible API';
}

type Env = z.infer<typeof schema>;

/**
 * FINETUNE_PROVIDER when set; otherwise the one provider whose key is set; otherwise Mistral (whose
 * sandbox is the offline default).
 */
function providerOf(e: Env): ProviderConfig {
  const keyed = (['mistral', 'together', 'openai'] as const).filter(
    (n) => ({ mistral: e.MISTRAL_API_KEY, together: e.TOGETHER_API_KEY, openai: e.OPENAI_API_KEY })[n],
  );
  const name = e.FINETUNE_PROVIDER ?? (keyed.length === 1 ? keyed[0]! : 'mistral');
  switch (name) {
    case 'mistral':
      return {
        name,
        apiKey: e.MISTRAL_API_KEY,
        baseUrl: e.MISTRAL_SERVER_URL,
        label: 'Mistral',
        keyVariable: 'MISTRAL_API_KEY',
      };
    case 'together':
      return {
        name,
        apiKey: e.TOGETHER_API_KEY,
        baseUrl: e.TOGETHER_BASE_URL,
        label: 'Together AI',
        keyVariable: 'TOGETHER_API_KEY',
      };
    case 'openai':
      return {
        name,
        apiKey: e.OPENAI_API_KEY,
        baseUrl: e.OPENAI_BASE_URL,
        label: e.OPENAI_LABEL ?? openAiLabel(e.OPENAI_BASE_URL),
        keyVariable: 'OPENAI_API_KEY',
      };
  }
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
  const raw = dropBlankValues(env);
  const parsed = schema.safeParse(raw);
  const missing = missingProblems(raw);
  if (!parsed.success || missing.length > 0) {
    const invalid = parsed.success ? [] : parsed.error.issues.map((i) => i.message);
    return { ok: false, problems: [...new Set([...missing, ...invalid])] };
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
      provider: providerOf(e),
      storeUrl: e.STORE_URL,
      wandbEntity: e.WANDB_ENTITY,
      logLevel: e.LOG_LEVEL,
      operators: operators && operators.length > 0 ? operators : undefined,
      pollIntervalSeconds: e.POLL_INTERVAL_SECONDS,
      warnings: {
        stalledMinutes: e.FINETUNE_WARN_STALLED_MINUTES,
        ...(e.FINETUNE_WARN_QUEUED_MINUTES === undefined
          ? {}
          : { queuedMinutes: e.FINETUNE_WARN_QUEUED_MINUTES }),
        ...(e.FINETUNE_WARN_COST === undefined ? {} : { cost: e.FINETUNE_WARN_COST }),
      },
      approval: approvalOf(e),
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
