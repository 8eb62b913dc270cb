import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalStack, startLocalStack } from '../../devtools/local-stack.js';
import { createFastJob, eventually } from '../helpers/watch-fixtures.js';

/** `GET /metrics`: what an operator scrapes to see the watch engine keep up, from the running app. */
let stack: LocalStack;
let metricsUrl: string;

beforeAll(async () => {
  stack = await startLocalStack({ env: { POLL_INTERVAL_SECONDS: '1' }, sandboxOptions: { speed: 20 } });
  metricsUrl = new URL('/metrics', stack.app.eventsUrl).href;
});
afterAll(async () => {
  await stack?.close();
});

/** A sample's value from the Prometheus text format, e.g. `finetune_provider_calls_total{kind="get"}`. */
function sample(text: string, name: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  return line === undefined ? undefined : Number(line.slice(name.length + 1));
}

describe('GET /metrics', () => {
  it('answers in the Prometheus text format with the process figures', async () => {
    const res = await fetch(metricsUrl);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    expect(sample(text, 'process_resident_memory_bytes')).toBeGreaterThan(0);
    expect(text).toContain('# TYPE finetune_poll_pass_duration_seconds histogram');
  });

  it('counts the passes, the provider calls and the Slack posts of a watched job', async () => {
    const job = await createFastJob(stack.app.deps.backend);
    const res = await stack.driver.command(`watch ${job.id}`, { channel: 'C0METRICS' });
    await stack.driver.waitForResponse(res.responseUrl);
    const text = await eventually(async () => {
      const t = await (await fetch(metricsUrl)).text();
      const gets = sample(t, 'finetune_provider_calls_total{kind="get"}') ?? 0;
      const posts = sample(t, 'finetune_slack_messages_total{kind="post"}') ?? 0;
      return gets > 0 && posts > 0 ? t : undefined;
    }, 20_000);
    expect(sample(text, 'finetune_poll_passes_total{outcome="done"}')).toBeGreaterThan(0);
    expect(sample(text, 'finetune_poll_pass_duration_seconds_count')).toBeGreaterThan(0);
    expect(sample(text, 'finetune_poll_jobs_due')).toBeGreaterThanOrEqual(0);
    // What waits to be sent, and what a pass costs the store, are there for an operator to watch.
    expect(sample(text, 'finetune_slack_queued{kind="post"}')).toBeGreaterThanOrEqual(0);
    expect(sample(text, 'finetune_slack_queued{kind="update"}')).toBeGreaterThanOrEqual(0);
    expect(sample(text, 'finetune_outbox_pending')).toBeGreaterThanOrEqual(0);
    expect(sample(text, 'finetune_poll_last_pass_store_reads{kind="watch"}')).toBeGreaterThanOrEqual(0);
    expect(sample(text, 'finetune_poll_last_pass_duration_seconds')).toBeGreaterThan(0);
    expect(text).toContain('# TYPE finetune_slack_channel_queue_depth gauge');
  });
});
