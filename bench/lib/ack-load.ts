import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { ROOT } from '../../scripts/build.mjs';
import { readBody } from '../../src/sandbox/http.js';
import type { Answered, Collect, RoundReport, RoundRequest } from './ack-load-protocol.js';
import { type Child, startChild } from './ack-processes.js';

const MAIN = join(ROOT, 'bench/lib/ack-load-main.ts');

export interface RoundOptions extends Omit<RoundRequest, 'type' | 'sinkUrl' | 'teamId'> {
  /** The app's answer must contain this (a fast error message would flatter the numbers). */
  answerMustInclude?: string;
}

export interface LoadGenerator {
  /** The load generator's process (its CPU time and event-loop delay). */
  child: Child;
  round(o: RoundOptions): Promise<{ acks: number[]; answers: number[] }>;
  /** A full garbage collection in the load generator, between rounds (see `Collect`). */
  collect(): void;
  stop(): Promise<void>;
}

/**
 * The load generator in its own process, and the response sink in this one: an HTTP server that
 * takes the app's response_url posts (as Slack does, elsewhere than the client that typed the
 * command) and tells the load generator which command was answered.
 */
export async function startLoadGenerator(o: { teamId: string; nice?: number }): Promise<LoadGenerator> {
  let mustInclude: string | undefined;
  let child: Child | undefined;
  const sink: Server = createServer((req, res) => {
    const id = /^\/response\/([\w-]+)$/.exec(req.url ?? '')?.[1];
    readBody(req).then(
      (read) => {
        const body = read.ok ? read.body.toString('utf8') : '';
        res.writeHead(id && req.method === 'POST' ? 200 : 404, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ ok: Boolean(id) }));
        if (!id) return;
        const error =
          mustInclude && !body.includes(mustInclude)
            ? `answer is not the job card: ${body.slice(0, 500)}`
            : undefined;
        child?.send({ type: 'answered', id, ...(error ? { error } : {}) } satisfies Answered);
      },
      () => res.destroy(),
    );
  });
  await new Promise<void>((r) => sink.listen(0, '127.0.0.1', r));
  const sinkUrl = `http://127.0.0.1:${(sink.address() as AddressInfo).port}`;
  const closeSink = () => new Promise<void>((r) => sink.close(() => r()));
  try {
    child = await startChild({
      label: 'load generator',
      // For `collect` (gc() between rounds).
      nodeFlags: ['--expose-gc'],
      args: ['--import', 'tsx', MAIN],
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' },
      cwd: ROOT, // where `--import tsx` resolves
      ready: (line) => (line === 'ack load generator ready' ? line : undefined),
      ...(o.nice === undefined ? {} : { nice: o.nice }),
    });
  } catch (err) {
    await closeSink();
    throw err;
  }
  const gen = child;
  let pending: ((r: RoundReport) => void) | undefined;
  gen.onMessage((m) => pending?.(m as RoundReport));
  return {
    child: gen,
    round({ answerMustInclude, ...r }) {
      mustInclude = answerMustInclude;
      return new Promise((resolve, reject) => {
        pending = (report) => {
          pending = undefined;
          if (report.type === 'round-done') resolve({ acks: report.acks, answers: report.answers });
          else reject(new Error(`load generator: ${report.error}`));
        };
        gen.send({ type: 'round', sinkUrl, teamId: o.teamId, ...r } satisfies RoundRequest);
      });
    },
    collect() {
      gen.send({ type: 'collect' } satisfies Collect);
    },
    async stop() {
      await gen.stop();
      await closeSink();
    },
  };
}
