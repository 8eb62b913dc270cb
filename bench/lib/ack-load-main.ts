// The ack benchmarks' load generator, in a process of its own (`node --import tsx <this>`, started by
// ack-load.ts): it plays Slack's side of slash commands toward an app and times each ack, and does
// nothing else. The app's answers (response_url posts) land in another process, which tells this one
// over IPC that an answer came; so the app's answers never hold up the reading of its acks, as they
// did when one process both sent the commands and took the answers.
//
// IPC in: a `RoundRequest`, then `Answered` messages during an app round. IPC out: `RoundReport`.
import { randomBytes } from 'node:crypto';
import { Agent, request } from 'node:http';
import { DRIVER_DEFAULTS, slashCommandFields } from '../../devtools/slack-driver/commands.js';
import { signSlackRequest } from '../../devtools/slack-driver/sign.js';
import type { Answered, Collect, RoundReport, RoundRequest } from './ack-load-protocol.js';
import { closedLoop } from './closed-loop.js';

/** Answers awaited, by response_url id. */
const waiting = new Map<string, (a: Answered) => void>();
let roundNo = 0;

function answerOf(id: string, timeoutMs: number): Promise<Answered> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      waiting.delete(id);
      resolve({ type: 'answered', id, error: `no answer within ${timeoutMs} ms` });
    }, timeoutMs);
    waiting.set(id, (a) => {
      clearTimeout(timer);
      waiting.delete(id);
      resolve(a);
    });
  });
}

// node:http rather than fetch: a fetch costs several times the CPU, and when 20 clients send at once
// (as the bare app's do, after their common think time) the last one's headers leave ~10 ms late.
// Connections are kept within a round and never across rounds: each round starts with fresh ones for
// either app alike (the server would close them after 5 idle seconds anyway, sometimes just as a
// client reuses one: ECONNRESET).
let agent = new Agent({ keepAlive: true });

function post(
  url: URL,
  headers: Record<string, string>,
  body: string,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: 'POST', agent, headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

function command(r: RoundRequest, responseUrl: string): Promise<{ status: number; body: string }> {
  const fields = slashCommandFields({
    teamId: r.teamId,
    teamDomain: DRIVER_DEFAULTS.teamDomain,
    apiAppId: DRIVER_DEFAULTS.apiAppId,
    channel: DRIVER_DEFAULTS.channel,
    user: DRIVER_DEFAULTS.user,
    command: '/finetune',
    text: r.text,
    responseUrl,
    triggerId: `${Date.now()}.${randomBytes(6).toString('hex')}`,
  });
  const body = new URLSearchParams(fields).toString();
  return post(
    new URL(r.appUrl),
    {
      'content-type': 'application/x-www-form-urlencoded',
      ...signSlackRequest(r.signingSecret, body),
    },
    body,
  );
}

/** One closed-loop round: each of `concurrency` clients sends its next command once the last was done. */
async function round(r: RoundRequest): Promise<RoundReport> {
  // By command: the first `concurrency` are the round's opening burst (every client at once).
  const acks: number[] = new Array(r.total).fill(0);
  const answers: number[] = [];
  const n = ++roundNo;
  agent.destroy();
  agent = new Agent({ keepAlive: true });
  await closedLoop(r.total, r.concurrency, async (i) => {
    const id = `${n}-${i}`;
    const answered = r.awaitAnswer ? answerOf(id, 30_000) : undefined;
    const t0 = performance.now();
    const res = await command(r, `${r.sinkUrl}/response/${id}`);
    const ack = performance.now() - t0;
    if (res.status !== 200 || (r.awaitAnswer && res.body !== ''))
      throw new Error(`unexpected ack ${res.status} ${res.body}`);
    acks[i] = ack;
    if (answered) {
      const a = await answered;
      if (a.error) throw new Error(a.error);
      answers.push(performance.now() - t0);
    } else {
      await new Promise((done) => setTimeout(done, r.thinkMs));
    }
  });
  return { type: 'round-done', acks, answers };
}

process.on('message', (m: unknown) => {
  if (typeof m !== 'object' || m === null || !('type' in m)) return; // the loop-delay preload's messages
  const msg = m as RoundRequest | Answered | Collect;
  if (msg.type === 'answered') waiting.get(msg.id)?.(msg);
  // Started with --expose-gc (ack-load.ts).
  else if (msg.type === 'collect') globalThis.gc?.();
  else if (msg.type === 'round')
    round(msg).then(
      (report) => process.send?.(report),
      (err: unknown) => process.send?.({ type: 'round-failed', error: String(err) } satisfies RoundReport),
    );
});
// The loop-delay preload unrefs the IPC channel; here it is all this process waits on.
process.channel?.ref();
console.log('ack load generator ready');
