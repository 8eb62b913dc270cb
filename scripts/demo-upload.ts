/** The demo's "training data from Slack" part: `/finetune upload` with a good file, then a refused one. */
import type { LocalStack } from '../devtools/local-stack.js';
import { renderViewText } from '../devtools/render-text.js';
import { hostSlackFile } from '../devtools/slack-standin/files-download.js';
import type { StoredView } from '../devtools/slack-standin.js';
import { UPLOAD, VIEW } from '../src/views/ids.js';

const sample = (i: number) =>
  JSON.stringify({
    messages: [
      { role: 'user', content: `How do I export report ${i}?` },
      { role: 'assistant', content: `Open Reports, pick report ${i}, then Export → CSV.` },
    ],
  });

const GOOD = `${Array.from({ length: 24 }, (_, i) => sample(i)).join('\n')}\n`;
const BAD = [
  sample(1),
  '{"messages": [{"role": "user", "content": "hi"}]',
  JSON.stringify({ messages: [{ role: 'assistant', content: 'Hello!' }] }),
  sample(1),
  '',
].join('\n');

type Indent = (text: string, mark?: string) => string;

async function openUploadModal(stack: LocalStack, user: string, channel: string): Promise<StoredView> {
  const before = new Set(stack.standin.views.keys());
  await stack.driver.command('upload', { user, channel });
  return stack.standin.waitFor((s) => {
    for (const [id, v] of s.views) if (!before.has(id) && v.view.callback_id === VIEW.uploadFile) return v;
    return undefined;
  }, 20_000);
}

async function send(stack: LocalStack, view: StoredView, user: string, name: string, content: string) {
  const file = hostSlackFile(stack.standin, { name, content, user });
  return stack.driver.viewSubmission({
    view,
    values: {},
    user,
    files: [{ blockId: UPLOAD.file.block, actionId: UPLOAD.file.action, files: [file] }],
  });
}

export async function demoUpload(
  stack: LocalStack,
  user: string,
  channel: string,
  indent: Indent,
): Promise<void> {
  console.log(`\n  ${user} types: /finetune upload`);
  const view = await openUploadModal(stack, user, channel);
  console.log('  (a small modal with one file input opens at once:)');
  console.log(indent(renderViewText(view.view)));
  console.log(`\n  ${user} chooses support-faq.jsonl (24 chats) and presses "Check & upload".`);
  console.log('  The bot downloads it from Slack with its token, checks every line, then uploads it:');
  const good = await send(stack, view, user, 'support-faq.jsonl', GOOD);
  const ack = good.body as { view?: Parameters<typeof renderViewText>[0] };
  if (ack.view) console.log(indent(renderViewText(ack.view)));
  else {
    const done = await stack.standin.waitFor(
      (s) => s.view(view.view.id)?.view.callback_id === VIEW.createResult && s.view(view.view.id),
      20_000,
    );
    console.log(indent(renderViewText(done.view)));
  }

  console.log(
    `\n  ${user} tries again with broken.jsonl (a cut-off line, a chat without a question, a duplicate):`,
  );
  const again = await openUploadModal(stack, user, channel);
  const bad = await send(stack, again, user, 'broken.jsonl', BAD);
  console.log('  Nothing is uploaded; the modal stays open with the file, and the field says which lines:');
  console.log(indent(JSON.stringify((bad.body as { errors?: unknown }).errors, null, 2)));
}
