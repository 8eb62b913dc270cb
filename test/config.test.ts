import { readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';
import { describe, expect, it } from 'vitest';
import { formatConfigProblems, parseConfig } from '../src/config.js';

const minimal = { SLACK_BOT_TOKEN: 'xoxb-1-abc', SLACK_SIGNING_SECRET: 'shh-secret' };

describe('parseConfig', () => {
  it('applies the documented defaults', () => {
    const r = parseConfig(minimal);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.config.provider.baseUrl).toBe('https://api.mistral.ai');
    expect(r.config.storeUrl).toBe('sqlite://./data/finetune-bot.sqlite');
    expect(r.config.slack.port).toBe(3000);
    expect(r.config.pollIntervalSeconds).toBe(30);
    expect(r.config.logLevel).toBe('info');
    expect(r.config.provider.apiKey).toBeUndefined();
    expect(r.config.operators).toBeUndefined();
  });

  it('lists every problem at once when nothing is set', () => {
    const r = parseConfig({});
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems.join('\n')).toMatch(/SLACK_BOT_TOKEN is missing/);
    expect(r.problems.join('\n')).toMatch(/SLACK_SIGNING_SECRET is missing/);
  });

  it('accepts Socket Mode without a signing secret', () => {
    const r = parseConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1-abc' });
    expect(r.ok).toBe(true);
  });

  it('names each wrong value', () => {
    const r = parseConfig({
      ...minimal,
      SLACK_APP_TOKEN: 'xoxb-wrong-kind',
      MISTRAL_SERVER_URL: 'https://api.mistral.ai/v1',
      STORE_URL: 'postgres://x',
      PORT: 'eighty',
      LOG_LEVEL: 'loud',
      FINETUNE_OPERATORS: 'alice',
      POLL_INTERVAL_SECONDS: '0',
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const all = r.problems.join('\n');
    for (const name of [
      'SLACK_APP_TOKEN',
      'MISTRAL_SERVER_URL',
      'STORE_URL',
      'PORT',
      'LOG_LEVEL',
      'FINETUNE_OPERATORS',
      'POLL_INTERVAL_SECONDS',
    ]) {
      expect(all).toContain(name);
    }
  });

  it('accepts a poll interval down to 1 second (tests poll fast)', () => {
    const r = parseConfig({ ...minimal, POLL_INTERVAL_SECONDS: '1' });
    expect(r.ok && r.config.pollIntervalSeconds).toBe(1);
  });

  it('accepts .env.example copied as-is plus the two Slack secrets, with the defaults', () => {
    // The same parser `process.loadEnvFile` uses, so `NAME=` arrives as "" exactly as in `npm start`.
    const fromFile = parseEnv(readFileSync(new URL('../.env.example', import.meta.url), 'utf8'));
    expect(fromFile.MISTRAL_SERVER_URL).toBe('');
    const r = parseConfig({ ...fromFile, ...minimal });
    expect(r.ok ? [] : r.problems).toEqual([]);
    if (!r.ok) return;
    expect(r.config.provider.baseUrl).toBe('https://api.mistral.ai');
    expect(r.config.provider.apiKey).toBeUndefined();
    expect(r.config.slack.appToken).toBeUndefined();
    expect(r.config.slack.apiUrl).toBeUndefined();
    expect(r.config.slack.port).toBe(3000);
    expect(r.config.storeUrl).toBe('sqlite://./data/finetune-bot.sqlite');
    expect(r.config.pollIntervalSeconds).toBe(30);
    expect(r.config.logLevel).toBe('info');
    expect(r.config.wandbEntity).toBeUndefined();
    expect(r.config.operators).toBeUndefined();
  });

  it('treats every empty or blank variable as unset, so its default applies', () => {
    const r = parseConfig({
      ...minimal,
      SLACK_APP_TOKEN: '',
      SLACK_API_URL: ' ',
      MISTRAL_API_KEY: '',
      MISTRAL_SERVER_URL: '',
      STORE_URL: '   ',
      WANDB_ENTITY: '  ',
      LOG_LEVEL: '',
      PORT: '',
      FINETUNE_OPERATORS: ' ',
      POLL_INTERVAL_SECONDS: '\t',
    });
    expect(r.ok ? [] : r.problems).toEqual([]);
    if (!r.ok) return;
    expect(r.config.provider.baseUrl).toBe('https://api.mistral.ai');
    expect(r.config.storeUrl).toBe('sqlite://./data/finetune-bot.sqlite');
    expect(r.config.slack.port).toBe(3000);
    expect(r.config.pollIntervalSeconds).toBe(30);
    expect(r.config.logLevel).toBe('info');
    expect(r.config.provider.apiKey).toBeUndefined();
    expect(r.config.wandbEntity).toBeUndefined();
    expect(r.config.operators).toBeUndefined();
  });

  it('still refuses a blank bot token or signing secret as missing', () => {
    const r = parseConfig({ SLACK_BOT_TOKEN: ' ', SLACK_SIGNING_SECRET: '' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems.join('\n')).toMatch(/SLACK_BOT_TOKEN is missing/);
    expect(r.problems.join('\n')).toMatch(/SLACK_SIGNING_SECRET is missing/);
  });

  it('splits operators on commas and spaces', () => {
    const r = parseConfig({ ...minimal, FINETUNE_OPERATORS: 'U123ABC, S0GROUP1 W999' });
    expect(r.ok && r.config.operators).toEqual(['U123ABC', 'S0GROUP1', 'W999']);
  });

  it('points at the demo in the failure message and never echoes a secret', () => {
    const text = formatConfigProblems(['SLACK_BOT_TOKEN is missing']);
    expect(text).toContain('npm run demo');
    const r = parseConfig({ SLACK_BOT_TOKEN: 'not-a-token-value-123', MISTRAL_API_KEY: 'mk-very-secret-1' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems.join('\n')).not.toContain('not-a-token-value-123');
    expect(r.problems.join('\n')).not.toContain('mk-very-secret-1');
  });
});

describe('the provider', () => {
  const provider = (env: Record<string, string>) => {
    const r = parseConfig({ ...minimal, ...env });
    if (!r.ok) throw new Error(r.problems.join('; '));
    return r.config.provider;
  };

  it('is Mistral (its sandbox) when nothing is set, and names the key that leaves the sandbox', () => {
    expect(provider({})).toMatchObject({
      name: 'mistral',
      apiKey: undefined,
      keyVariable: 'MISTRAL_API_KEY',
    });
  });

  it('is the one whose key is set, when FINETUNE_PROVIDER is not', () => {
    expect(provider({ TOGETHER_API_KEY: 'tg' })).toMatchObject({
      name: 'together',
      apiKey: 'tg',
      baseUrl: 'https://api.together.ai/v1',
      label: 'Together AI',
    });
    // Two keys and no choice: the documented default, not a guess.
    expect(provider({ TOGETHER_API_KEY: 'tg', OPENAI_API_KEY: 'oa' }).name).toBe('mistral');
  });

  it('names the OpenAI-shaped API after its host, unless OPENAI_LABEL says otherwise', () => {
    const azure = 'https://acme.openai.azure.com/openai/v1/';
    expect(provider({ FINETUNE_PROVIDER: 'openai', OPENAI_BASE_URL: azure }).label).toBe('Azure AI Foundry');
    expect(provider({ FINETUNE_PROVIDER: 'openai' }).label).toBe('OpenAI');
    expect(
      provider({ FINETUNE_PROVIDER: 'openai', OPENAI_BASE_URL: 'https://api.tokenfactory.nebius.com/v1/' })
        .label,
    ).toBe('Nebius');
    expect(provider({ FINETUNE_PROVIDER: 'openai', OPENAI_LABEL: 'Our gateway' }).label).toBe('Our gateway');
  });

  it('lists a wrong provider and a wrong base URL with every other problem at once', () => {
    const r = parseConfig({ FINETUNE_PROVIDER: 'vertex', OPENAI_BASE_URL: 'not a url' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const all = r.problems.join('\n');
    expect(all).toMatch(/FINETUNE_PROVIDER must be one of mistral, together, openai/);
    expect(all).toMatch(/OPENAI_BASE_URL must be an http\(s\) URL/);
    expect(all).toMatch(/SLACK_BOT_TOKEN is missing/);
  });
});
