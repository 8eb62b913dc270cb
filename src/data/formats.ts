import type { JobType } from '../domain/job.js';
import { isObject } from './lines.js';

/**
 * One line of training data against its format: the chat rows (Mistral's, Together's and the OpenAI
 * shape's) or Mistral's classifier rows. Null when the line is fine, else what is wrong with it.
 * Classifier lines add their labels to `labels`.
 */
export function lineError(line: string, jobType: JobType, labels: Map<string, Set<string>>): string | null {
  return jobType === 'classifier' ? classifierLineError(line, labels) : chatLineError(line);
}

const ROLES = new Set(['system', 'user', 'assistant', 'tool']);

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
    const order = orderError(role, i, messages[i - 1]);
    if (order) return `${at}: ${order}`;
  }
  if (needAssistant && assistants === 0)
    return 'no assistant message (the loss is computed on assistant messages)';
  return null;
}

/** The conversation's order: a system prompt only first, then a user turn, tool answers after tool calls. */
function orderError(role: string, index: number, previous: unknown): string | null {
  const prev = isObject(previous) ? previous : undefined;
  if (role === 'system') return index === 0 ? null : 'a system message may only come first';
  if (!prev || prev.role === 'system')
    return role === 'user' ? null : `the conversation must start with a user message, not ${role}`;
  if (role === 'tool') {
    const called = prev.role === 'tool' || (prev.role === 'assistant' && Array.isArray(prev.tool_calls));
    return called ? null : 'a tool message must follow an assistant message with tool_calls';
  }
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
