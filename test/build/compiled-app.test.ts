import { type ChildProcess, spawn } from 'node:child_process';
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_BOT_TOKEN, LOCAL_SIGNING_SECRET } from '../../devtools/local-stack.js';
import { type SlackStandin, startSlackStandin } from '../../devtools/slack-standin.js';
import { ENTRY, ensureBuilt, isStale, NODE_ENV, NODE_FLAGS, ROOT } from '../../scripts/build.mjs';

/** Every .js file under dist/, relative to it. */
function builtFiles(dir = join(ROOT, 'dist'), prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? builtFiles(join(dir, e.name), `${prefix}${e.name}/`)
      : e.name.endsWith('.js')
        ? [`${prefix}${e.name}`]
        : [],
  );
}

describe('the compiled app (npm start)', () => {
  let standin: SlackStandin;
  let dir: string;
  beforeAll(async () => {
    ensureBuilt();
    standin = await startSlackStandin();
    dir = mkdtempSync(join(tmpdir(), 'compiled-app-'));
  }, 60_000);
  afterAll(async () => {
    await standin?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('imports nothing from outside src/ (devtools/ is test tooling)', () => {
    const files = builtFiles();
    expect(files).toContain('main.js');
    for (const f of files) {
      expect(readFileSync(join(ROOT, 'dist', f), 'utf8'), f).not.toMatch(
        /from ['"](\.\.\/)+(devtools|test|bench|scripts)\//,
      );
    }
  });

  it("runs node with the heap flags the benchmarks measured (package.json's start)", () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
      scripts: { start: string };
    };
    const env = Object.entries(NODE_ENV).map(([k, v]) => `${k}=${v} `);
    expect(pkg.scripts.start).toBe(`${env.join('')}node ${NODE_FLAGS.join(' ')} scripts/start.mjs`);
  });

  it.each([
    ['with a Mistral key', { MISTRAL_API_KEY: 'x', MISTRAL_SERVER_URL: 'http://127.0.0.1:9' }],
    ['in sandbox mode', {}],
  ])(
    'runs with node %s, answers GET /healthz, and exits 0 on SIGTERM',
    async (name, mistralEnv) => {
      const child: ChildProcess = spawn(process.execPath, [...NODE_FLAGS, ENTRY], {
        // Not the repo: a developer's .env there must not change the app's mode.
        cwd: dir,
        stdio: ['ignore', 'pipe', 'pipe'],
        env: {
          PATH: process.env.PATH,
          HOME: process.env.HOME,
          SLACK_BOT_TOKEN: LOCAL_BOT_TOKEN,
          SLACK_SIGNING_SECRET: LOCAL_SIGNING_SECRET,
          SLACK_API_URL: standin.apiUrl,
          PORT: '0',
          STORE_URL: `sqlite://${join(dir, `${name.replace(/\W/g, '-')}.sqlite`)}`,
          LOG_LEVEL: 'info',
          ...NODE_ENV,
          ...mistralEnv,
        },
      });
      const stderr: string[] = [];
      createInterface({ input: child.stderr as NodeJS.ReadableStream }).on('line', (l) => stderr.push(l));
      const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
      try {
        const eventsUrl = await new Promise<string>((ready, fail) => {
          void exited.then((code) =>
            fail(new Error(`exited during start-up (${code})\n${stderr.join('\n')}`)),
          );
          createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
            // Only the start-up line is parsed: whatever else is printed need not be JSON.
            if (!line.includes('"msg":"finetune-bot is running"')) return;
            const entry = JSON.parse(line) as { eventsUrl?: string };
            if (entry.eventsUrl) ready(entry.eventsUrl);
          });
        });
        const res = await fetch(new URL('/healthz', eventsUrl));
        expect(res.status).toBe(200);
        child.kill('SIGTERM');
        expect(await exited).toBe(0);
      } finally {
        child.kill('SIGKILL');
      }
    },
    30_000,
  );
});

describe('the stale check before npm start', () => {
  it('builds when dist/main.js is missing or older than a source file, not otherwise', () => {
    const root = mkdtempSync(join(tmpdir(), 'stale-'));
    try {
      mkdirSync(join(root, 'src/store'), { recursive: true });
      writeFileSync(join(root, 'src/store/a.ts'), '');
      expect(isStale(root)).toBe(true);
      mkdirSync(join(root, 'dist'));
      writeFileSync(join(root, 'dist/main.js'), '');
      const t = Date.now() / 1000;
      utimesSync(join(root, 'src/store/a.ts'), t - 60, t - 60);
      utimesSync(join(root, 'src/store'), t - 60, t - 60);
      utimesSync(join(root, 'src'), t - 60, t - 60);
      utimesSync(join(root, 'dist/main.js'), t - 30, t - 30);
      expect(isStale(root)).toBe(false);
      utimesSync(join(root, 'src/store/a.ts'), t, t);
      expect(isStale(root)).toBe(true);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
