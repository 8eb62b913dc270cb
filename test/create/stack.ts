import { type FormInput, formStateValues } from '../../devtools/form-values.js';
import { type LocalStack, type LocalStackOptions, startLocalStack } from '../../devtools/local-stack.js';
import type { DriverResponse } from '../../devtools/slack-driver.js';
import type { StoredView } from '../../devtools/slack-standin.js';
import type { FileInfo } from '../../src/domain/job.js';
import { VIEW } from '../../src/views/ids.js';
import { checkMessage, checkModal, type MessagePayload } from '../helpers/block-kit.js';

/**
 * The local stack for the create/control tests: a fast sandbox (VALIDATED within a second) and every
 * view and message the app sends checked against Block Kit by the stand-in.
 */
export async function startCreateStack(opts: LocalStackOptions = {}): Promise<LocalStack> {
  const stack = await startLocalStack({ ...opts, sandboxOptions: { speed: 100, ...opts.sandboxOptions } });
  stack.standin.validatePayload = (kind, payload) => {
    if (kind === 'view') return checkModal(payload);
    // The stand-in hands over either the blocks alone or {text, blocks}.
    return checkMessage(
      Array.isArray(payload) ? { text: 'fallback', blocks: payload } : (payload as MessagePayload),
    );
  };
  return stack;
}

/** The sandbox's fine-tune files, good ones first (it also seeds a broken one to show validation errors). */
export async function trainingFiles(stack: LocalStack): Promise<FileInfo[]> {
  const files = await stack.app.deps.backend.listFiles();
  const byName = (name: string) => files.filter((f) => f.filename.includes(name));
  return [
    ...byName('support-chat-train'),
    ...byName('support-chat-valid'),
    ...files.filter((f) => !f.filename.startsWith('support-chat')),
  ];
}

/** `/finetune create`, then the form once the loading view was updated. */
export async function openForm(
  stack: LocalStack,
  opts: { user?: string; channel?: string } = {},
): Promise<StoredView> {
  const before = new Set(stack.standin.views.keys());
  const res = await stack.driver.command('create', opts);
  if (res.status !== 200) throw new Error(`command answered ${res.status}`);
  return stack.standin.waitFor((s) => {
    for (const [id, v] of s.views) {
      if (!before.has(id) && v.view.callback_id === VIEW.createJob) return v;
    }
    return undefined;
  });
}

export async function submit(
  stack: LocalStack,
  view: StoredView,
  input: FormInput,
  user?: string,
): Promise<DriverResponse & { ack: Record<string, unknown> }> {
  const res = await stack.driver.viewSubmission({ view, values: formStateValues(input), user });
  const ack = typeof res.body === 'object' && res.body !== null ? (res.body as Record<string, unknown>) : {};
  return { ...res, ack };
}

/** A valid form with a unique suffix, so the sandbox's "similar job" 409 rule does not trip. */
let counter = 0;
export function validInput(files: FileInfo[], channel: string, extra: FormInput = {}): FormInput {
  counter += 1;
  const first = files[0];
  if (!first) throw new Error('the sandbox has no fine-tune files');
  return {
    model: 'open-mistral-7b',
    jobType: 'completion',
    trainingFiles: [first.id],
    trainingSteps: '10',
    learningRate: '0.0001',
    suffix: `t${process.pid % 1000}-${counter}`,
    channel,
    ...extra,
  };
}

export function ackErrors(ack: Record<string, unknown>): Record<string, string> {
  expectAction(ack, 'errors');
  return ack.errors as Record<string, string>;
}

export function expectAction(ack: Record<string, unknown>, action: string): void {
  if (ack.response_action !== action) {
    throw new Error(`expected response_action ${action}, got ${JSON.stringify(ack).slice(0, 500)}`);
  }
}
