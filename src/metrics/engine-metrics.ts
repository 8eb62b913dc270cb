import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { DeliveryReport, PollReport } from '../poller/poll-once.js';
import type { SlackPoster } from '../watch/slack-poster.js';

export interface MetricsSources {
  /** Read at each scrape: what waits to be sent. */
  poster: Pick<SlackPoster, 'stats' | 'counts'>;
  /** Outbox intents written and not yet marked sent (one index count). */
  pendingPosts: () => Promise<number>;
}

/**
 * What an operator watches to see the engine keep up (`GET /metrics`, Prometheus text format): pass
 * duration, provider calls per pass by kind, jobs due, Slack posts and edits, errors by kind, plus
 * the process's own memory and event-loop figures. One registry per app, never the global one, so
 * two apps in one process (tests) do not share counts.
 */
export interface EngineMetrics {
  readonly contentType: string;
  /** After each poll pass, with how long it took. */
  recordPass(report: PollReport, durationMs: number): void;
  /** Once the Slack work a pass started is done: the errors it met. */
  recordDelivery(report: DeliveryReport): void;
  text(): Promise<string>;
}

export function createEngineMetrics(sources: MetricsSources): EngineMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const passes = new Counter({
    name: 'finetune_poll_passes_total',
    help: 'Poll passes run by this instance, by outcome',
    labelNames: ['outcome'],
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'finetune_poll_pass_duration_seconds',
    help: 'How long a poll pass took',
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60],
    registers: [registry],
  });
  const calls = new Counter({
    name: 'finetune_provider_calls_total',
    help: 'Fine-tuning provider calls made by the poller, by kind (list pages, job gets)',
    labelNames: ['kind'],
    registers: [registry],
  });
  const lastCalls = new Gauge({
    name: 'finetune_provider_calls_last_pass',
    help: 'Provider calls of the last pass, by kind',
    labelNames: ['kind'],
    registers: [registry],
  });
  const jobsDue = new Gauge({
    name: 'finetune_poll_jobs_due',
    help: 'Distinct watched jobs due in the last pass',
    registers: [registry],
  });
  const errors = new Counter({
    name: 'finetune_poll_errors_total',
    help: 'Per-job poll errors, by kind',
    labelNames: ['kind'],
    registers: [registry],
  });
  const lastDuration = new Gauge({
    name: 'finetune_poll_last_pass_duration_seconds',
    help: 'How long the last poll pass took (it does not wait for Slack posts)',
    registers: [registry],
  });
  const lastReads = new Gauge({
    name: 'finetune_poll_last_pass_store_reads',
    help: 'Store records the last pass read, by kind (watch records, per-job states), its updates included once its posts are out',
    labelNames: ['kind'],
    registers: [registry],
  });
  const lastJobs = new Gauge({
    name: 'finetune_poll_last_pass_jobs',
    help: 'Jobs the last pass fetched, by why: a status change (or new), progress within the edit budget, or a warning due',
    labelNames: ['why'],
    registers: [registry],
  });
  // Posts go out after the pass that found them, so they are counted where they are sent.
  new Counter({
    name: 'finetune_slack_messages_total',
    help: 'Slack posts (cards, thread replies, DMs), file uploads (loss charts) and card edits sent by the watch feature',
    labelNames: ['kind'],
    registers: [registry],
    collect() {
      this.reset();
      this.inc({ kind: 'post' }, sources.poster.counts.posts);
      this.inc({ kind: 'update' }, sources.poster.counts.updates);
      this.inc({ kind: 'upload' }, sources.poster.counts.uploads);
    },
  });
  new Gauge({
    name: 'finetune_slack_queued',
    help: 'Slack writes waiting to be sent, by kind (posts in channel queues, paced card edits)',
    labelNames: ['kind'],
    registers: [registry],
    collect() {
      const s = sources.poster.stats();
      this.set({ kind: 'post' }, s.postsQueued);
      this.set({ kind: 'update' }, s.editsQueued);
    },
  });
  new Gauge({
    name: 'finetune_slack_channel_queue_depth',
    help: 'Posts waiting in the deepest channel queues (the five deepest)',
    labelNames: ['channel'],
    registers: [registry],
    collect() {
      this.reset();
      for (const c of sources.poster.stats().deepestChannels) this.set({ channel: c.channel }, c.depth);
    },
  });
  new Gauge({
    name: 'finetune_outbox_pending',
    help: 'Outbox intents written and not yet marked sent',
    registers: [registry],
    async collect() {
      this.set(await sources.pendingPosts());
    },
  });
  return {
    contentType: registry.contentType,
    recordDelivery(report) {
      for (const e of report.errors) errors.inc({ kind: e.kind });
      // Now with what the pass's updates read after it returned.
      lastReads.set({ kind: 'watch' }, report.storeReads.watch);
      lastReads.set({ kind: 'job_state' }, report.storeReads.jobState);
    },
    recordPass(report, durationMs) {
      lastDuration.set(durationMs / 1000);
      lastReads.set({ kind: 'watch' }, report.storeReads.watch);
      lastReads.set({ kind: 'job_state' }, report.storeReads.jobState);
      lastJobs.set({ why: 'changed' }, report.changed);
      lastJobs.set({ why: 'progress' }, report.refreshed);
      lastJobs.set({ why: 'warning' }, report.warnChecks);
      passes.inc({ outcome: report.skipped ?? report.aborted ?? 'done' });
      duration.observe(durationMs / 1000);
      calls.inc({ kind: 'list' }, report.listCalls);
      calls.inc({ kind: 'get' }, report.getCalls);
      lastCalls.set({ kind: 'list' }, report.listCalls);
      lastCalls.set({ kind: 'get' }, report.getCalls);
      jobsDue.set(report.jobs);
      for (const e of report.errors) errors.inc({ kind: e.kind });
    },
    text: () => registry.metrics(),
  };
}
