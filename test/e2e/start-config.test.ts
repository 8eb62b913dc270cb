import { spawnSync } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

describe('npm start without configuration', () => {
  it('exits non-zero with one message naming what is missing and pointing at the demo', () => {
    const res = spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: root,
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        // Explicitly empty, so a developer's local .env cannot fill them in.
        SLACK_BOT_TOKEN: '',
        SLACK_SIGNING_SECRET: '',
        SLACK_APP_TOKEN: '',
      },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(res.status).not.toBe(0);
    expect(res.stderr).toContain('SLACK_BOT_TOKEN is missing');
    expect(res.stderr).toContain('SLACK_SIGNING_SECRET is missing');
    expect(res.stderr).toContain('npm run demo');
    // One message, not a stack trace.
    expect(res.stderr).not.toMatch(/\bat .*\.ts:\d+/);
  });
});
