import type { JobType } from '../domain/job.js';

/**
 * Training-data checks (chat and classifier JSONL, the formats Mistral documents; the chat rows are
 * what Together and the OpenAI-shaped providers take too). The sandbox fails a job's validation
 * with them, and the bot checks a file with them before a draft is started. The first bad line
 * ends the check, and the error names the file and the line so a user can fix it.
 */
export type FileCheck =
  | { ok: true; samples: number; labels: Map<string, Set<string>> }
  | { ok: false; error: string };

const ROLES = new Set(['system', 'user', 'assistant', 'tool']);

export function decode(content: Uint8Array): string {
  return new TextDecoder('utf-8').decode(content);
}

/** Non-empty lines with their 1-based line numbers (blank lines are skipped, not counted as samples). */
export function nonEmptyLines(text: string): Array<{ n: number; line: string }> {
  const out: Array<{ n: number; line: string }> = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (line.trim() !== '') out.push({ n: i + 1, line });
  }
  return out;
}

export function checkTrainingFile(filename: string, content: Uint8Array, jobType: JobType): FileCheck {
  const lines = nonEmptyLines(decode(content));
  if (lines.length === 0) return { ok: false, error: `${filename}: the file has no samples` };
  const labels = new Map<string, Set<string>>();
  for (const { n, line } of lines) {
    const reason = jobType === 'classifier' ? classifierLineError(line, labels) : chatLineError(line);
    if (reason) return { ok: false, error: `${filename} line ${n}: ${reason}` };
  }
  return { ok: true, samples: lines.length, labels };
}

function parseObject(line: string): { value: Record<string, unknown> } | { error: string } {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return { error: 'not valid JSON' };
  }
  if (!isObject(value)) return { error: 'expected a JSON object' };
  return { value };
}

function chatLineError(line: string): string | null {
  const parsed = parseObject(line);
  if ('error' in parsed) return parsed.error;
  return messagesError(parsed.value.messages, true);
}

function messagesError(messages: unknown, needAssistant: boolean): string | null {
  if (!Array.isArray(messages)) return 'missing a "messages" array';
  if (messages.length === 0) return '"messages" is empty';
  let assistants = 0;
  for (let i = 0; i < messages.length; i++) {
    const msg: unknown = messages[i];
    const at = `message ${i + 1}`;
    if (!isObject(msg)) return `${at} is not an object`;
    const role = msg.role;
    if (typeof role !== 'string' || !ROLES.has(role))
      return `${at} has an invalid role ${JSON.stringify(role)}`;
    if (role === 'assistant') assistants++;
    const hasToolCalls = Array.isArray(msg.tool_calls) && msg.tool_calls.length > 0;
    if (msg.tool_calls !== undefined && role !== 'assistant')
      return `${at}: only assistant messages may have tool_calls`;
    // An assistant message that calls tools carries no content (documented function-calling format).
    if (typeof msg.content !== 'string' && !(role === 'assistant' && hasToolCalls)) {
      return `${at} (${role}) has no string "content"`;
    }
  }
  if (needAssistant && assistants === 0)
    return 'no assistant message (the loss is computed on assistant messages)';
  return null;
}

function classifierLineError(line: string, labels: Map<string, Set<string>>): string | null {
  const parsed = parseObject(line);
  if ('error' in parsed) return parsed.error;
  const v = parsed.value;
  if (typeof v.text !== 'string') {
    if (v.messages === undefined) return 'needs a "text" string or a "messages" array';
    const err = messagesError(v.messages, false);
    if (err) return err;
  }
  if (!isObject(v.labels) || Object.keys(v.labels).length === 0) return 'needs a non-empty "labels" object';
  for (const [name, value] of Object.entries(v.labels)) {
    const values = Array.isArray(value) ? value : [value];
    if (!values.every((x) => typeof x === 'string'))
      return `label "${name}" must be a string or a list of strings`;
    const set = labels.get(name) ?? new Set<string>();
    for (const x of values) set.add(x as string);
    labels.set(name, set);
  }
  return null;
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The rough tokenizer used wherever no provider counts for us: about 4 bytes per token. */
export function estimateTokens(bytes: number): number {
  return Math.ceil(bytes / 4);
}
