import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import type { LocalStack } from '../devtools/local-stack.js';
import type { StoredFile } from '../devtools/slack-standin.js';

/** Where the demo writes the charts it shows: `demo-output/` beside the repo's files (git-ignored). */
export const DEMO_OUTPUT_DIR = resolve(import.meta.dirname, '..', 'demo-output');

/** Writes a shared file's PNG bytes into `DEMO_OUTPUT_DIR`; returns the path, relative to the cwd. */
export function saveSharedFile(stack: LocalStack, file: StoredFile, as: string): string {
  const shared = stack.standin.uploadedFiles().find((f) => f.id === file.id);
  if (!shared) throw new Error(`the stand-in has no bytes for ${file.id}`);
  mkdirSync(DEMO_OUTPUT_DIR, { recursive: true });
  const path = join(DEMO_OUTPUT_DIR, as);
  writeFileSync(path, shared.bytes);
  return relative(process.cwd(), path) || path;
}

/** The files shared in a card's thread (or the channel), oldest first. */
export function sharedFiles(stack: LocalStack, channel: string, threadTs?: string): StoredFile[] {
  const messages = threadTs
    ? stack.standin.threadReplies(channel, threadTs)
    : stack.standin.channelMessages(channel);
  return messages.flatMap((m) => m.files ?? []);
}

/** One line per file as a Slack client shows it: title, name, size. */
export function describeFile(f: StoredFile): string {
  return `📎 ${f.title} (${f.name}, ${Math.round(f.size / 1024)} KB ${f.filetype.toUpperCase()})`;
}
