import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../devtools/local-stack.js';
import type { SandboxDialectName } from '../../src/sandbox/dialects.js';
import { UPLOAD } from '../../src/views/ids.js';
import { ackErrors, expectAction, openForm, startCreateStack } from '../create/stack.js';
import { goodJsonl, submitWithFiles } from '../create/upload-stack.js';
import { visibleText } from '../helpers/block-kit.js';

/** A JSONL from Slack becomes a file at the provider and a job, on Together's and the OpenAI shape's dialects. */
const PROVIDERS: { name: SandboxDialectName; env: Record<string, string> }[] = [
  { name: 'together', env: { FINETUNE_PROVIDER: 'together' } },
  { name: 'openai', env: { FINETUNE_PROVIDER: 'openai' } },
];
const CHANNEL = 'C0UPPROV';

describe.each(PROVIDERS)('uploads on $name', ({ name, env }) => {
  let stack: LocalStack;
  beforeAll(async () => {
    stack = await startCreateStack({ env });
  });
  afterAll(async () => {
    await stack?.close();
  });

  async function model(): Promise<string> {
    const models = await stack.app.deps.backend.listModels();
    return models.find((m) => m.fine_tunable && m.type === 'base')?.id ?? 'unknown';
  }

  it('a valid JSONL uploaded in the form becomes a training file at the provider and the job (a draft) uses it', async () => {
    const view = await openForm(stack, { channel: CHANNEL });
    const { ack } = await submitWithFiles(
      stack,
      view,
      { model: await model(), epochs: '1', suffix: `${name}-up`, channel: CHANNEL },
      {
        training: { name: `${name}-train.jsonl`, content: goodJsonl(10, 't') },
        validation: { name: `${name}-valid.jsonl`, content: goodJsonl(3, 'v') },
      },
    );
    expectAction(ack, 'update');
    const text = visibleText((ack.view as { blocks: unknown[] }).blocks);
    expect(text).toContain(`\`${name}-train.jsonl\` passed the checks: 10 lines`);
    const files = await stack.app.deps.backend.listFiles();
    const train = files.find((f) => f.filename === `${name}-train.jsonl`);
    const valid = files.find((f) => f.filename === `${name}-valid.jsonl`);
    expect(train && valid).toBeTruthy();
    const draftId = /Job `(draft-[0-9a-f]+)`/.exec(text)?.[1];
    expect(draftId).toBeDefined();
    const job = await stack.app.deps.backend.getJob(draftId as string);
    expect(job.status).toBe('VALIDATED');
    expect(job.training_files).toEqual([train?.id]);
    expect(job.validation_files).toEqual([valid?.id]);
  });

  it('takes one training file: a picked one and an upload are one too many', async () => {
    const view = await openForm(stack, { channel: CHANNEL });
    const picked = (await stack.app.deps.backend.listFiles())[0]?.id as string;
    const { ack } = await submitWithFiles(
      stack,
      view,
      { model: await model(), epochs: '1', trainingFiles: [picked], channel: CHANNEL },
      { training: { name: 'extra.jsonl', content: goodJsonl(2, 'x') } },
    );
    expect(ackErrors(ack)[UPLOAD.training.block]).toMatch(
      /takes one training file: upload one or pick one, not both/,
    );
  });
});
