import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../devtools/local-stack.js';
import type { SlackView } from '../../devtools/slack-standin.js';
import type { JobDetails } from '../../src/domain/job.js';
import { shortId } from '../../src/views/escape.js';
import { ACTION, BLOCK, HOME_BLOCK } from '../../src/views/ids.js';
import { startCreateStack } from '../create/stack.js';
import { checkHomeView, visibleText } from '../helpers/block-kit.js';

/**
 * App Home on a provider without a start gate (Together): a draft the bot holds waits for its
 * creator's start on their tab, and *Start training* there creates the provider's job.
 */
let stack: LocalStack;
const USER = 'U0HOMEDRAFT';
const CHANNEL = 'C0HOMEDRFT';
let draft: JobDetails;

const ids = (view: SlackView) => (view.blocks as { block_id?: string }[]).map((b) => b.block_id);
const publishAfter = (after: number, shows: (view: SlackView) => boolean) =>
  stack.standin.waitFor(
    (s) =>
      s
        .homePublishes(USER)
        .slice(after)
        .find((p) => shows(p.view))?.view,
  );

beforeAll(async () => {
  stack = await startCreateStack({ env: { FINETUNE_PROVIDER: 'together' }, sandboxOptions: { speed: 50 } });
  const base = stack.standin.validatePayload;
  stack.standin.validatePayload = (kind, payload) =>
    kind === 'view' && (payload as { type?: string }).type === 'home'
      ? checkHomeView(payload)
      : (base?.(kind, payload) ?? []);
  const { backend, creators } = stack.app.deps;
  const file = (await backend.listFiles()).find((f) => f.filename === 'support-chat-train.jsonl')!;
  const created = await backend.createJob({
    model: (await backend.listModels()).find((m) => m.fine_tunable)!.id,
    training_files: [{ file_id: file.id }],
    hyperparameters: { epochs: 1 },
    suffix: 'home-draft',
    integrations: [],
    auto_start: false,
  });
  await creators.recordCreated({
    jobId: created.id,
    userId: USER,
    channel: CHANNEL,
    createdAt: created.created_at,
  });
  draft = await backend.getJob(created.id);
});

afterAll(async () => {
  await stack?.close();
});

describe('a draft on the Home tab', () => {
  it('waits for its creator under "Awaiting your start", with Start training', async () => {
    expect(draft.status).toBe('VALIDATED');
    await stack.driver.openHome({ user: USER });
    const view = await publishAfter(0, () => true);
    const text = visibleText(view.blocks as unknown[]);
    expect(text).toContain('Awaiting your start');
    expect(text).toContain(shortId(draft.id));
    expect(ids(view)).not.toContain(HOME_BLOCK.jobsEmpty);
    expect(stack.standin.payloadProblems).toEqual([]);
  });

  it('Start training on the tab creates the provider’s job and shows the card on top', async () => {
    const before = stack.standin.homePublishes(USER).length;
    const res = await stack.driver.homeAction({ user: USER, actionId: ACTION.jobStart, value: draft.id });
    expect(res.status).toBe(200);
    const view = await publishAfter(before, (v) => ids(v).includes(BLOCK.jobHeader));
    const started = await stack.app.deps.backend.getJob(draft.id);
    expect(started.provider_job_id).toMatch(/^ft-/);
    expect(visibleText(view.blocks as unknown[])).not.toContain('Awaiting your start');
    expect(stack.standin.payloadProblems).toEqual([]);
  });
});
