import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { EVENT_TYPES } from '../src/events/index.js';
import { COMMAND } from '../src/views/ids.js';
import { HAS_SHARED, SHARED_SKIP_REASON, sharedPath } from './helpers/shared.js';

interface Manifest {
  _metadata?: { major_version?: number };
  display_information: { name: string };
  features?: {
    bot_user?: { display_name: string };
    slash_commands?: { command: string; usage_hint?: string; should_escape?: boolean; url?: string }[];
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
      [...EVENT_TYPES].sort(),
    );
    expect(EVENT_TYPES).toContain('app_home_opened');
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
        'usergroups:read',
      ].sort(),
    );
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
