/** The demo's "team guardrails" part: a costly start waits for an approver, who approves it once. */
import { type LocalStack, startLocalStack } from '../devtools/local-stack.js';
import { renderMessageText } from '../devtools/render-text.js';
import type { StoredMessage } from '../devtools/slack-standin.js';
import { ACTION } from '../src/views/ids.js';

type Indent = (text: string, mark?: string) => string;
type Rendered = Parameters<typeof renderMessageText>[0];

const REQUESTER = 'U0DEMOUSER';
const APPROVER = 'U0DEMOLEAD';
const CHANNEL = 'C0DEMOTEAM';
const WAIT_MS = 20_000;

async function costlyValidatedJob(stack: LocalStack): Promise<string> {
  const { backend } = stack.app.deps;
  const file = (await backend.listFiles()).find((f) => f.filename === 'support-chat-train.jsonl');
  if (!file) throw new Error('the sandbox has no training file');
  const job = await backend.createJob({
    model: 'open-mistral-7b',
    training_files: [{ file_id: file.id }],
    hyperparameters: { training_steps: 100, learning_rate: 0.0001 },
    auto_start: false,
    suffix: 'big-run',
  });
  const deadline = Date.now() + WAIT_MS;
  while ((await backend.getJob(job.id)).status !== 'VALIDATED') {
    if (Date.now() > deadline) throw new Error('the job was not validated');
    await new Promise((r) => setTimeout(r, 100));
  }
  return job.id;
}

async function say(stack: LocalStack, text: string, user: string): Promise<string> {
  const res = await stack.driver.command(text, { user, channel: CHANNEL });
  return renderMessageText((await stack.driver.waitForResponse(res.responseUrl, 1, WAIT_MS)) as Rendered);
}

/**
 * Its own stack (Mistral sandbox, `FINETUNE_APPROVAL_OVER=10 USD`, one approver), so the rest of
 * the demo runs without approvals on every provider.
 */
export async function demoApproval(indent: Indent): Promise<void> {
  const stack = await startLocalStack({
    sandboxOptions: { speed: 60 },
    env: {
      POLL_INTERVAL_SECONDS: '1',
      FINETUNE_PROVIDER: 'mistral',
      FINETUNE_APPROVAL_OVER: '10 USD',
      FINETUNE_APPROVERS: APPROVER,
    },
  });
  try {
    console.log(`  This part runs with FINETUNE_APPROVAL_OVER=10 USD and FINETUNE_APPROVERS=${APPROVER}.`);
    const jobId = await costlyValidatedJob(stack);
    await say(stack, `watch ${jobId}`, REQUESTER);
    const card = (await stack.standin.waitFor(
      (s) => s.channelMessages(CHANNEL).find((m) => JSON.stringify(m.blocks).includes(jobId)),
      WAIT_MS,
    )) as StoredMessage;
    console.log(`\n  ${REQUESTER} types /finetune start ${jobId.slice(0, 8)} (a 100-step job) and sees:`);
    console.log(indent(await say(stack, `start ${jobId.slice(0, 8)}`, REQUESTER)));
    const request = await stack.standin.waitFor(
      (s) =>
        s
          .threadReplies(CHANNEL, card.ts)
          .find((m) => JSON.stringify(m.blocks).includes(ACTION.approvalApprove)),
      WAIT_MS,
    );
    console.log('\n  In the card’s thread, the approvers are asked once:');
    console.log(indent(renderMessageText(request as unknown as Rendered)));
    const value = JSON.stringify(request.blocks).match(/"value":"([a-f0-9]{16})"/)?.[1] ?? '';
    const confirm = JSON.stringify(request.blocks).match(/starts training at once, at [^"]+/)?.[0];
    console.log(
      `\n  ${APPROVER} clicks Approve; Slack asks: "${confirm ?? 'Approve?'}" → Approve and start.`,
    );
    const click = await stack.driver.blockAction({
      actionId: ACTION.approvalApprove,
      value,
      channel: CHANNEL,
      messageTs: request.ts,
      user: APPROVER,
    });
    console.log(
      indent(
        renderMessageText(
          (await stack.driver.waitForResponse(click.responseUrl as string, 1, WAIT_MS)) as Rendered,
        ),
      ),
    );
    const started = await stack.standin.waitFor(
      (s) => s.threadReplies(CHANNEL, card.ts).find((m) => m.text.includes('Training started by')),
      WAIT_MS,
    );
    const decision = stack.standin
      .threadReplies(CHANNEL, card.ts)
      .find((m) => String(m.metadata?.event_payload?.key).startsWith('approval-decision:'));
    console.log('\n  The thread records the decision, and the start:');
    if (decision) console.log(indent(renderMessageText(decision as unknown as Rendered)));
    console.log(indent(renderMessageText(started as unknown as Rendered)));
    const dm = await stack.standin.waitFor(
      (s) => s.dms(REQUESTER).find((m) => m.text.includes('Approved')),
      WAIT_MS,
    );
    console.log(`\n  ${REQUESTER} gets a DM:`);
    console.log(indent(renderMessageText(dm as unknown as Rendered)));
    console.log('\n  /finetune audit shows who did what:');
    console.log(indent(await say(stack, 'audit', REQUESTER)));
  } finally {
    await stack.close();
  }
}
