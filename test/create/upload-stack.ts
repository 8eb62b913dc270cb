import { type FormInput, formStateValues } from '../../devtools/form-values.js';
import type { LocalStack } from '../../devtools/local-stack.js';
import type { DriverResponse } from '../../devtools/slack-driver.js';
import { type HostFileInput, hostSlackFile } from '../../devtools/slack-standin/files-download.js';
import type { StoredView } from '../../devtools/slack-standin.js';
import { UPLOAD, type UploadField } from '../../src/views/ids.js';

/** Chat samples the sandbox (every dialect) trains on, `n` of them, each line unique. */
export function goodJsonl(n = 12, tag = 'q'): string {
  return `${Array.from({ length: n }, (_, i) =>
    JSON.stringify({
      messages: [
        { role: 'system', content: 'You are a support bot.' },
        { role: 'user', content: `${tag} question ${i}: how do I reset my password?` },
        { role: 'assistant', content: `Answer ${i}: open Settings → Security → Reset.` },
      ],
    }),
  ).join('\n')}\n`;
}

/** Submits a view with files in its file inputs, as a person who picked them in Slack would. */
export async function submitWithFiles(
  stack: LocalStack,
  view: StoredView,
  input: FormInput | Record<string, Record<string, { type: string; [k: string]: unknown }>>,
  files: Partial<Record<UploadField, HostFileInput>>,
  opts: { formValues?: boolean } = {},
): Promise<DriverResponse & { ack: Record<string, unknown> }> {
  const values =
    opts.formValues === false
      ? (input as Record<string, Record<string, { type: string }>>)
      : formStateValues(input as FormInput);
  const res = await stack.driver.viewSubmission({
    view,
    values,
    files: Object.entries(files).map(([field, f]) => ({
      blockId: UPLOAD[field as UploadField].block,
      actionId: UPLOAD[field as UploadField].action,
      files: [hostSlackFile(stack.standin, f as HostFileInput)],
    })),
  });
  const ack = typeof res.body === 'object' && res.body !== null ? (res.body as Record<string, unknown>) : {};
  return { ...res, ack };
}
