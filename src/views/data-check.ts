import type { DataProblem, DataReport } from '../data/inspect.js';
import type { JobEstimate } from '../domain/job.js';
import { code, escapeMrkdwn } from './escape.js';
import { formatCost, formatCount } from './format.js';

/**
 * What the bot says about a training file it checked: the counts, the first bad lines (number,
 * what is wrong, the start of the line) and why a download failed. Exported so tests expect the
 * same words. Excerpts come from the user's file: every one is escaped for mrkdwn (or kept plain
 * text where Slack shows plain text, under a form field).
 */
export type DownloadProblem = 'html' | 'too_large' | 'http' | 'untrusted' | 'redirects' | 'network';

export const DOWNLOAD_MSG: Record<DownloadProblem, (name: string) => string> = {
  html: (name) =>
    `Slack answered with its sign-in page instead of ${name}, so the file could not be read. Check that the app has the files:read scope (reinstall it after adding the scope), then upload the file again.`,
  too_large: (name) => `${name} is larger than Slack's 10 MB limit for a file in a form.`,
  http: (name) => `Slack did not hand over ${name}. Upload it again in a moment.`,
  untrusted: (name) => `${name} does not come from Slack, so the bot did not download it.`,
  redirects: (name) => `Slack redirected the download of ${name} too many times. Upload it again.`,
  network: (name) => `The download of ${name} from Slack failed. Upload it again in a moment.`,
};

export const NOT_JSONL = (name: string) =>
  `${name} is not a .jsonl file: upload one JSON object per line (chat "messages" or classifier rows).`;

const plural = (n: number, one: string, many = `${one}s`) => `${formatCount(n)} ${n === 1 ? one : many}`;

/** "120 lines, 118 examples, ≈ 4,500 tokens" */
export function countsText(r: DataReport): string {
  return `${plural(r.lines, 'line')}, ${plural(r.examples, 'example')}, ≈ ${plural(r.tokens, 'token')}`;
}

function problemLine(p: DataProblem): string {
  const excerpt = p.excerpt ? ` ${code(p.excerpt)}` : '';
  return `• line ${p.line}: ${escapeMrkdwn(p.reason)}${excerpt}`;
}

function warningsText(r: DataReport): string | undefined {
  if (r.warningCount === 0) return undefined;
  const more = r.warningCount > r.warnings.length ? `\n…and ${r.warningCount - r.warnings.length} more` : '';
  return `Taken anyway (${plural(r.warningCount, 'note')}):\n${r.warnings.map(problemLine).join('\n')}${more}`;
}

/** The cost line: a price where the provider gives one, else why there is none. */
export function costText(estimate: JobEstimate | undefined, label: string, what: string): string | undefined {
  if (!estimate) return undefined;
  if (typeof estimate.cost === 'number')
    return `Estimated cost ${what}: *${escapeMrkdwn(formatCost(estimate.cost, estimate.cost_currency))}* (${escapeMrkdwn(label)}).`;
  if (typeof estimate.train_tokens === 'number')
    return `${escapeMrkdwn(label)} gives no price: ≈ ${plural(estimate.train_tokens, 'token')} would be trained ${what}.`;
  return undefined;
}

/** A file that passed: its counts, and the notes (blank lines, duplicates) that did not stop it. */
export function checkSummary(r: DataReport): string {
  const head = `:white_check_mark: ${code(r.filename)} passed the checks: ${countsText(r)}.`;
  return [head, warningsText(r)].filter(Boolean).join('\n');
}

/** A refused file, in mrkdwn: nothing was uploaded, the first bad lines, the counts. */
export function checkRefusal(r: DataReport): string {
  if (r.examples === 0) return `${code(r.filename)} has no examples: the file is empty.`;
  const more =
    r.errorCount > r.errors.length ? `\n…and ${plural(r.errorCount - r.errors.length, 'more bad line')}` : '';
  return [
    `${code(r.filename)} was not uploaded: ${plural(r.errorCount, 'line')} of ${formatCount(r.lines)} failed the checks.`,
    `${r.errors.map(problemLine).join('\n')}${more}`,
    `(${countsText(r)}.) Fix the lines and upload the file again.`,
  ].join('\n');
}

/** The same refusal as plain text under a form field (Slack shows errors there without mrkdwn). */
export function checkRefusalShort(r: DataReport, max = 300): string {
  if (r.examples === 0) return `${r.filename} has no examples: the file is empty.`;
  const parts = r.errors.slice(0, 3).map((p) => `line ${p.line}: ${p.reason}`);
  const more = r.errorCount > parts.length ? ` (${plural(r.errorCount, 'bad line')} in all)` : '';
  const text = `Not uploaded. ${parts.join('; ')}${more}.`;
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
