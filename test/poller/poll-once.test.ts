import { afterEach, describe, expect, it } from 'vitest';
import { LIST_PAGE_SIZE } from '../../src/poller/choose-strategy.js';
import { createIdleJobs } from '../helpers/idle-jobs.js';
import { type PollRig, startPollRig } from '../helpers/poll-rig.js';
import { pollSettled } from '../helpers/poll-settled.js';
import { createFastJob, payloadOf } from '../helpers/watch-fixtures.js';

const GET = 'GET /v1/fine_tuning/jobs/{id}';
const LIST = 'GET /v1/fine_tuning/jobs';
let rig: PollRig;

afterEach(async () => {
  await rig?.close();
});

const runningJob = (r: PollRig) => r.sandbox.addSyntheticJobs({ count: 1, active: 1 })[0] as string;

describe('pollOnce', () => {
  it('gets a job once per pass however many channels watch it, and posts a card in each', async () => {
    rig = await startPollRig();
    const id = runningJob(rig);
    await rig.service.watch({ jobId: id, channel: 'C1', userId: 'U1' });
    await rig.service.watch({ jobId: id, channel: 'C2', userId: 'U1' });
    rig.sandbox.resetStats();
    const report = await pollSettled(rig.deps);
    expect(report.getCalls).toBe(1);
    expect(rig.sandbox.stats()[GET]).toBe(1);
    for (const c of ['C1', 'C2']) {
      expect(rig.standin.channelMessages(c).filter((m) => payloadOf(m)?.kind === 'card')).toHaveLength(1);
    }
  });

  it('lists instead of getting each job when one page covers them, and gets only what changed', async () => {
    rig = await startPollRig({ speed: 1 });
    const jobs = [];
    for (let i = 0; i < 4; i++) jobs.push(await createFastJob(rig.deps.backend));
    for (const j of jobs) await rig.service.watch({ jobId: j.id, channel: 'CL', userId: 'U1' });
    const first = await pollSettled(rig.deps);
    expect(first.getCalls).toBe(4);
    rig.sandbox.resetStats();
    const second = await pollSettled(rig.deps);
    expect(second).toMatchObject({ listCalls: 1, getCalls: 0 });
    expect(rig.sandbox.stats()[LIST]).toBe(1);
    expect(rig.sandbox.stats()[GET] ?? 0).toBe(0);
  });

  it('gets only the job it has not seen yet, and lists the seen idle ones as before', async () => {
    rig = await startPollRig();
    const idle = await createIdleJobs(rig, 150);
    for (const id of idle) await rig.service.watch({ jobId: id, channel: 'CI', userId: 'U1' });
    expect(await pollSettled(rig.deps)).toMatchObject({ jobs: 150, getCalls: 150, listCalls: 0 });
    const [fresh] = (await createIdleJobs(rig, 1)) as [string];
    await rig.service.watch({ jobId: fresh, channel: 'CI', userId: 'U1' });

    rig.sandbox.resetStats();
    const report = await pollSettled(rig.deps);
    expect(report.errors).toEqual([]);
    // Everything created since the oldest watched job: the 151 jobs, and at most a seeded one.
    const listTotal = rig.deps.state.lastScan?.total ?? 0;
    expect(listTotal).toBeGreaterThanOrEqual(151);
    const pages = Math.ceil(listTotal / LIST_PAGE_SIZE);
    expect(pages).toBe(2);
    expect(report).toMatchObject({ jobs: 151, listCalls: pages, getCalls: 1 });
    expect(rig.sandbox.stats()).toMatchObject({ [LIST]: pages, [GET]: 1, total: pages + 1 });
    expect(rig.deps.state.seen.has(fresh)).toBe(true);

    // Once seen, the new job is listed with the others.
    rig.sandbox.resetStats();
    expect(await pollSettled(rig.deps)).toMatchObject({ listCalls: pages, getCalls: 0 });
  }, 30_000);

  it('gets the running jobs and the idle ones the list shows changed, and lists the rest', async () => {
    rig = await startPollRig();
    const idle = await createIdleJobs(rig, 4);
    const running = runningJob(rig);
    for (const id of [...idle, running]) await rig.service.watch({ jobId: id, channel: 'CM', userId: 'U1' });
    await pollSettled(rig.deps);
    await rig.deps.backend.startJob(idle[0] as string);
    rig.sandbox.resetStats();
    const report = await pollSettled(rig.deps);
    expect(report).toMatchObject({ jobs: 5, listCalls: 1, getCalls: 2, errors: [] });
    expect(rig.deps.state.seen.get(idle[0] as string)?.status).not.toBe('VALIDATED');
  });

  it('backs off only the job whose gets fail with 5xx', async () => {
    rig = await startPollRig();
    const [a, b] = rig.sandbox.addSyntheticJobs({ count: 2, active: 2 }) as [string, string];
    await rig.service.watch({ jobId: a, channel: 'C1', userId: 'U1' });
    await rig.service.watch({ jobId: b, channel: 'C1', userId: 'U1' });
    rig.sandbox.faults.failingJobs = [a];
    const r1 = await pollSettled(rig.deps);
    expect(r1.errors.map((e) => e.jobId)).toEqual([a]);
    expect(r1.errors[0]?.kind).toBe('unavailable');
    const r2 = await pollSettled(rig.deps);
    expect(r2.jobs).toBe(1);
    rig.advance(1500);
    const r3 = await pollSettled(rig.deps);
    expect(r3.jobs).toBe(2);
    expect(rig.deps.state.backoff.get(a)?.failures).toBe(2);
  });

  it('backs off only the job whose gets time out, like a 5xx, while the other job is synced', async () => {
    rig = await startPollRig({ timeoutMs: 200 });
    const [a, b] = rig.sandbox.addSyntheticJobs({ count: 2, active: 2 }) as [string, string];
    await rig.service.watch({ jobId: a, channel: 'C1', userId: 'U1' });
    await rig.service.watch({ jobId: b, channel: 'C1', userId: 'U1' });
    // Held ten times longer than the backend waits: only a's GET times out.
    rig.sandbox.faults.slowJobs = { ids: [a], latencyMs: 2_000 };
    const r1 = await pollSettled(rig.deps);
    expect(r1.errors).toEqual([{ jobId: a, kind: 'unavailable', message: 'timed out' }]);
    expect(rig.deps.state.seen.has(b)).toBe(true);
    expect(rig.deps.state.seen.has(a)).toBe(false);
    expect(rig.deps.state.backoff.get(a)?.failures).toBe(1);
    expect(rig.deps.state.backoff.has(b)).toBe(false);
    rig.sandbox.resetStats();
    const r2 = await pollSettled(rig.deps);
    expect(r2).toMatchObject({ jobs: 1, getCalls: 1, errors: [] });
    expect(rig.sandbox.stats()[GET]).toBe(1);
    rig.sandbox.faults.slowJobs = null;
    rig.advance(1500);
    const r3 = await pollSettled(rig.deps);
    expect(r3).toMatchObject({ jobs: 2, errors: [] });
    expect(rig.deps.state.backoff.has(a)).toBe(false);
  });

  it('pauses every call for Retry-After on a 429', async () => {
    rig = await startPollRig();
    const id = runningJob(rig);
    await rig.service.watch({ jobId: id, channel: 'C1', userId: 'U1' });
    rig.sandbox.faults.rateLimit = { retryAfterSeconds: 20, remaining: 1 };
    expect((await pollSettled(rig.deps)).aborted).toBe('rate_limited');
    rig.sandbox.resetStats();
    expect((await pollSettled(rig.deps)).skipped).toBe('rate_limited');
    expect(rig.sandbox.stats().total).toBe(0);
    rig.advance(21_000);
    const after = await pollSettled(rig.deps);
    expect(after.getCalls).toBe(1);
    expect(after.errors).toEqual([]);
  });

  it('on 410 pauses the watches with one message per channel, then resumes when Mistral works', async () => {
    rig = await startPollRig();
    const [a, b] = rig.sandbox.addSyntheticJobs({ count: 2, active: 2 }) as [string, string];
    await rig.service.watch({ jobId: a, channel: 'C1', userId: 'U1' });
    await rig.service.watch({ jobId: b, channel: 'C1', userId: 'U1' });
    await rig.service.watch({ jobId: a, channel: 'C2', userId: 'U1' });
    rig.sandbox.faults.gone = true;
    for (let i = 0; i < 3; i++) expect((await pollSettled(rig.deps)).aborted).toBe('retired');
    for (const c of ['C1', 'C2']) {
      const notices = rig.standin.channelMessages(c).filter((m) => payloadOf(m)?.kind === 'notice');
      expect(notices).toHaveLength(1);
      expect(notices[0]?.text).toMatch(/retired/);
    }
    expect((await rig.service.watching('C1')).map((w) => w.state)).toEqual(['paused', 'paused']);
    rig.sandbox.faults.gone = false;
    const back = await pollSettled(rig.deps);
    expect(back.errors).toEqual([]);
    expect((await rig.service.watching('C1')).map((w) => w.state)).toEqual(['active', 'active']);
  });

  it('ends the watches of a job that is gone (404) with a thread reply', async () => {
    rig = await startPollRig();
    const id = runningJob(rig);
    const { cardTs } = await rig.service.watch({ jobId: id, channel: 'C1', userId: 'U1' });
    rig.sandbox.removeJob(id);
    const r = await pollSettled(rig.deps);
    expect(r.errors[0]?.kind).toBe('not_found');
    const replies = rig.standin.threadReplies('C1', cardTs as string);
    expect(replies.some((m) => /no longer exists/.test(m.text))).toBe(true);
    // The card says so too, and offers nothing that could only fail (Start, Cancel, Refresh).
    const card = await rig.standin.waitFor((s) => {
      const m = s.message('C1', cardTs as string);
      return m && /no longer exists/.test(m.text) ? m : undefined;
    });
    expect(JSON.stringify(card.blocks)).toContain('This card is no longer updated');
    expect((card.blocks as { type: string }[]).some((b) => b.type === 'actions')).toBe(false);
    const [w] = await rig.service.watching('C1');
    expect(w?.state).toBe('finished');
    expect((await pollSettled(rig.deps)).skipped).toBe('no_watches');
  });
});
