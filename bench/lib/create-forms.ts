import type { FileInfo } from '../../src/backend/types.js';
import { type FormInput, formStateValues } from '../../src/create/form-values.js';
import type { LocalStack } from '../../src/devtools/local-stack.js';
import type { DriverResponse, SlackDriver } from '../../src/devtools/slack-driver.js';
import type { StoredView } from '../../src/devtools/slack-standin.js';
import { VIEW } from '../../src/views/ids.js';

/** `/finetune create` n times, one after the other, returning each filled form as the stand-in holds it. */
export async function openForms(stack: LocalStack, n: number): Promise<StoredView[]> {
  const forms: StoredView[] = [];
  for (let i = 0; i < n; i++) {
    const before = new Set(stack.standin.views.keys());
    const res = await stack.driver.command('create');
    if (res.status !== 200) throw new Error(`/finetune create answered ${res.status}`);
    forms.push(
      await stack.standin.waitFor((s) => {
        for (const [id, v] of s.views) if (!before.has(id) && v.view.callback_id === VIEW.createJob) return v;
        return undefined;
      }, 10_000),
    );
  }
  return forms;
}

let made = 0;

/**
 * A form a person would submit: a model, a training file, steps, a learning rate, no auto start
 * (so the submit creates the job), a suffix of its own (the sandbox refuses look-alike jobs) and a
 * channel of its own (so the cards posted after the create never queue behind one another).
 */
export function validForm(files: FileInfo[]): FormInput {
  // The sandbox's seeded chat file, which passes data validation.
  const file = files.find((f) => f.filename === 'support-chat-train.jsonl');
  if (!file) throw new Error('the sandbox has no support-chat-train.jsonl');
  made++;
  return {
    model: 'open-mistral-7b',
    jobType: 'completion',
    trainingFiles: [file.id],
    trainingSteps: '10',
    learningRate: '0.0001',
    suffix: `bench-${made}`,
    channel: `CSUB${made}`,
    autoStart: false,
  };
}

export function submitForm(driver: SlackDriver, form: StoredView, input: FormInput): Promise<DriverResponse> {
  return driver.viewSubmission({ view: form, values: formStateValues(input) });
}

/** The `response_action` of a view_submission ack ('' for an empty ack that closes the modal). */
export function ackAction(res: DriverResponse): string {
  const body = res.body;
  if (typeof body !== 'object' || body === null) return '';
  const action = (body as { response_action?: unknown }).response_action;
  return typeof action === 'string' ? action : '';
}
