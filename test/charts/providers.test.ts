import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { type OpenedBackend, openBackend } from '../../src/app.js';
import { hasLossMetrics, renderLossChart } from '../../src/charts/index.js';
import { parseConfig } from '../../src/config.js';

/**
 * The chart reads only the canonical job, so every provider's adapter must fill its checkpoints'
 * metrics: each provider's sandbox, through its own adapter and SDK, gives a chart with a point
 * per checkpoint.
 */
const opened: OpenedBackend[] = [];
afterAll(async () => {
  await Promise.all(opened.map((o) => o.sandbox?.close()));
});

describe.each(['mistral', 'together', 'openai'] as const)('on %s', (provider) => {
  it('a finished job has loss metrics and its chart a point per checkpoint', async () => {
    const parsed = parseConfig({
      SLACK_BOT_TOKEN: 'xoxb-test',
      SLACK_SIGNING_SECRET: 'secret',
      FINETUNE_PROVIDER: provider,
      LOG_LEVEL: 'silent',
    });
    if (!parsed.ok) throw new Error(parsed.problems.join('; '));
    const o = await openBackend({ config: parsed.config, logger: pino({ level: 'silent' }) });
    opened.push(o);
    const done = (await o.backend.listJobs({ status: 'SUCCESS' })).jobs[0];
    if (!done) throw new Error(`the ${provider} sandbox has no finished job`);
    const job = await o.backend.getJob(done.id);
    expect(hasLossMetrics(job)).toBe(true);
    const { svg } = await renderLossChart(job);
    const trainPoints = [
      ...svg.matchAll(
        /aria-label="[^"]*series: Training loss" role="graphics-symbol" aria-roledescription="point"/g,
      ),
    ];
    expect(trainPoints).toHaveLength(job.checkpoints.filter((c) => c.metrics.train_loss != null).length);
    expect(svg).toContain(job.id);
  });
});
