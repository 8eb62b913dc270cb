import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { MISTRAL_CAPABILITIES } from '../src/backend/capabilities.js';
import { OPENAI_CAPABILITIES } from '../src/backend/openai/capabilities.js';
import { TOGETHER_CAPABILITIES } from '../src/backend/together/capabilities.js';
import { EVENT_HANDLERS } from '../src/events/index.js';
import { COMMAND, SHORTCUT } from '../src/views/ids.js';
import { HAS_SHARED, SHARED_SKIP_REASON, sharedPath } from './helpers/shared.js';

interface Manifest {
  _metadata?: { major_version?: number };
  display_information: { name: string };
  features?: {
    bot_user?: { display_name: string };
    slash_commands?: { command: string; usage_hint?: string; should_escape?: boolean; url?: string }[];
    shortcuts?: { name: string; type: string; callback_id: string; description: string }[];
    unfurl_domains?: string[];
    app_home?: { home_tab_enabled?: boolean };
  };
  oauth_config?: { scopes?: { bot?: string[] } };
  settings?: {
    interactivity?: { is_enabled: boolean };
    socket_mode_enabled?: boolean;
    event_subscriptions?: { bot_events?: string[] };
  };
}

const manifest = parse(readFileSync(resolve(import.meta.dirname, '../manifest.yml'), 'utf8')) as Manifest;

describe('manifest.yml', () => {
  it('declares the one slash command the app registers', () => {
    expect(manifest.features?.slash_commands?.map((c) => c.command)).toEqual([COMMAND]);
    const [cmd] = manifest.features?.slash_commands ?? [];
    // Escaped so `watch <job> #channel` receives the channel as <#C…|name>, which the parser reads.
    expect(cmd?.should_escape).toBe(true);
    expect(cmd?.usage_hint).toContain('watch <job>');
  });

  it('names the app and bot finetune-bot, with interactivity and Socket Mode on', () => {
    expect(manifest.display_information.name).toBe('finetune-bot');
    expect(manifest.features?.bot_user?.display_name).toBe('finetune-bot');
    expect(manifest.settings?.interactivity?.is_enabled).toBe(true);
    expect(manifest.settings?.socket_mode_enabled).toBe(true);
  });

  it('subscribes to exactly the events the app registers, and enables the Home tab', () => {
    expect([...(manifest.settings?.event_subscriptions?.bot_events ?? [])].sort()).toEqual(
      Object.keys(EVENT_HANDLERS).sort(),
    );
    expect(Object.keys(EVENT_HANDLERS)).toContain('app_home_opened');
    expect(manifest.features?.app_home?.home_tab_enabled).toBe(true);
  });

  it('asks for exactly the bot scopes the app uses', () => {
    expect([...(manifest.oauth_config?.scopes?.bot ?? [])].sort()).toEqual(
      [
        'channels:history',
        'chat:write',
        'chat:write.public',
        'commands',
        'files:read',
        'files:write',
        'groups:history',
        'im:history',
        'im:write',
        'links:read',
        'links:write',
        'usergroups:read',
      ].sort(),
    );
  });

  it('declares the message shortcut the app registers', () => {
    expect(manifest.features?.shortcuts?.map((s) => [s.type, s.callback_id])).toEqual([
      ['message', SHORTCUT.watchHere],
    ]);
  });

  it("registers an unfurl domain for every host of every adapter's console pages", () => {
    const domains = manifest.features?.unfurl_domains ?? [];
    // Slack matches a registered domain and its subdomains.
    const covered = (host: string) => domains.some((d) => host === d || host.endsWith(`.${d}`));
    const urls = [
      'https://console.mistral.ai/build/finetuned-models/0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
      'https://api.together.ai/fine-tuning/ft-0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
      'https://api.together.xyz/fine-tuning/ft-0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
      'https://platform.openai.com/finetune/ftjob-abc123DEF456',
      'https://ai.azure.com/resource/fine-tuning/ftjob-abc123DEF456?wsid=x',
    ];
    const caps = [MISTRAL_CAPABILITIES, TOGETHER_CAPABILITIES, OPENAI_CAPABILITIES];
    for (const url of urls) {
      // Each example is a job page of some adapter, and Slack sends it to the app.
      expect(
        caps.some((c) => c.consoleUrls.some((p) => p.test(url))),
        url,
      ).toBe(true);
      expect(covered(new URL(url).hostname), url).toBe(true);
    }
    expect(domains.length).toBeLessThanOrEqual(5);
  });
});

/**
 * Slack's root manifest schema $refs the versioned files by URL; there is no network here, so they are
 * registered under those URLs. Strict mode is off because Slack's schema uses a non-standard `regex` keyword
 * (on background_color) that Ajv would refuse.
 */
function compileManifestSchema() {
  const load = (name: string): Record<string, unknown> =>
    JSON.parse(readFileSync(sharedPath(`schemas/${name}`), 'utf8')) as Record<string, unknown>;
  const base = 'https://raw.githubusercontent.com/slackapi/manifest-schema/v0.5.0/schemas';
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats.default(ajv);
  for (const v of ['1.0.0', '2.0.0']) {
    ajv.addSchema(load(`slack-app-manifest.schema.${v}.json`), `${base}/manifest.schema.${v}.json`);
  }
  return { ajv, validate: ajv.compile(load('slack-app-manifest.schema.json')) };
}

describe.skipIf(!HAS_SHARED)(
  `manifest.yml against Slack's manifest schema${HAS_SHARED ? '' : ` (${SHARED_SKIP_REASON})`}`,
  () => {
    it('validates', () => {
      const { ajv, validate } = compileManifestSchema();
      const valid = validate(manifest);
      expect(validate.errors ?? [], ajv.errorsText(validate.errors)).toEqual([]);
      expect(valid).toBe(true);
    });

    it('rejects a broken manifest, so the schema is really applied', () => {
      const { validate } = compileManifestSchema();
      const broken = structuredClone(manifest);
      const commands = broken.features?.slash_commands ?? [];
      commands[0] = { command: 'finetune' };
      expect(validate(broken)).toBe(false);
    });
  },
);
