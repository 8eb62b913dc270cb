/** Text primitives shared by the training-data checks and the sandbox. */

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

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The rough tokenizer used wherever no provider counts for us: about 4 bytes per token. */
export function estimateTokens(bytes: number): number {
  return Math.ceil(bytes / 4);
}
