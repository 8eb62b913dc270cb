import { type FormInput, formStateValues } from '../../devtools/form-values.js';
import type { DriverResponse, SlackDriver } from '../../devtools/slack-driver.js';
import type { SlackStandin, StoredView } from '../../devtools/slack-standin.js';
import type { FileInfo } from '../../src/domain/job.js';
import { VIEW } from '../../src/views/ids.js';
import type { BenchStack } from './app-stack.js';
import { closedLoop } from './closed-loop.js';

let opened = 0;

/**
 * `/finetune create` n times, a few at once, each by its own user so each filled form can be told
 * apart; returns the forms as the stand-in holds them.
 */
export async function openForms(
  stack: Pick<BenchStack, 'driver' | 'standin'>,
  n: number,
): Promise<StoredView[]> {
  // view id → the user it was opened for, filled once per views.update: reading a stored view clones
  // it, and re-reading every form on every check made opening hundreds of forms quadratic.
  const owners = new Map<string, string | undefined>();
  const formOf = (s: SlackStandin, user: string): StoredView | undefined => {
    for (const c of s.callsTo('views.update')) {
      const id = c.args.view_id;
      const view = c.args.view as { callback_id?: string } | undefined;
      if (typeof id !== 'string' || view?.callback_id !== VIEW.createJob) continue;
      if (!owners.has(id)) owners.set(id, s.view(id)?.user);
      if (owners.get(id) === user) return s.view(id);
    }
    return undefined;
  };
  const forms: StoredView[] = [];
  await closedLoop(n, 8, async (i) => {
    const user = `UBENCH${++opened}`;
    const res = await stack.driver.command('create', { user });
    if (res.status !== 200) throw new Error(`/finetune create answered ${res.status}`);
    forms[i] = await stack.standin.waitFor((s) => formOf(s, user), 20_000);
  });
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
  return driver.viewSubmission({ view: form, values: formStateValues(input), user: form.user });
}

/** The `response_action` of a view_submission ack ('' for an empty ack that closes the modal). */
export function ackAction(res: DriverResponse): string {
  const body = res.body;
  if (typeof body !== 'object' || body === null) return '';
  const action = (body as { response_action?: unknown }).response_action;
  return typeof action === 'string' ? action : '';
}
