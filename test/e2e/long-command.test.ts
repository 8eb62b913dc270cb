import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalStack, startLocalStack } from '../../devtools/local-stack.js';
import { MAX_COMMAND_CHARS } from '../../src/commands/parse.js';

/**
 * One huge word must not tie the process up (issue #7 §4.4): the text is not parsed past a cap, so
 * the user is told the command is too long, and commands sent alongside are answered as usual.
 */
let stack: LocalStack;

beforeAll(async () => {
  stack = await startLocalStack();
});

afterAll(async () => {
  await stack?.close();
});

describe('a very long command', () => {
  for (const size of [200_000, 1_000_000]) {
    it(`of ${size.toLocaleString('en')} characters in one word is answered: it is too long, nothing was done`, async () => {
      const res = await stack.driver.command('x'.repeat(size));
      expect(res.status).toBe(200);
      const body = await stack.driver.waitForResponse(res.responseUrl);
      expect(String(body.text)).toMatch(/too long/);
      expect(String(body.text)).toContain(MAX_COMMAND_CHARS.toLocaleString('en'));
      expect(JSON.stringify(body).length).toBeLessThan(5_000);
    });
  }

  it('does not keep a command sent alongside it from being answered', async () => {
    const [long, help] = await Promise.all([
      stack.driver.command(`lsit ${'y'.repeat(1_000_000)}`),
      stack.driver.command('help'),
    ]);
    expect(long.status).toBe(200);
    expect(help.status).toBe(200);
    const answer = await stack.driver.waitForResponse(help.responseUrl);
    expect(String(answer.text)).toBeTruthy();
    expect(String((await stack.driver.waitForResponse(long.responseUrl)).text)).toMatch(/too long/);
  });

  it('just under the cap is still read as a command', async () => {
    const res = await stack.driver.command(`list suffix:${'a'.repeat(MAX_COMMAND_CHARS - 20)}`);
    const body = await stack.driver.waitForResponse(res.responseUrl);
    expect(String(body.text)).not.toMatch(/too long/);
  });
});
