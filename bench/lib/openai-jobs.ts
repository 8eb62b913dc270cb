import { closedLoop } from './closed-loop.js';

/**
 * The benchmark as another client of an OpenAI-shaped fine-tuning API (the sandbox process in its
 * `openai` dialect): it uploads a file and creates jobs as a team's scripts would, and reads every
 * job's status to check the scenario, outside what the app is measured on.
 */
export interface ListedJob {
  id: string;
  status: string;
  created_at: number;
}

async function call<T>(url: string, init?: RequestInit): Promise<T> {
  const res = await fetch(url, { ...init, headers: { authorization: 'Bearer bench', ...init?.headers } });
  const text = await res.text();
  if (!res.ok)
    throw new Error(`${init?.method ?? 'GET'} ${url} answered ${res.status}: ${text.slice(0, 300)}`);
  return JSON.parse(text) as T;
}

/** A chat JSONL training file of `lines` examples (about 250 bytes each). */
export async function uploadTrainingFile(baseUrl: string, lines: number): Promise<string> {
  const line = (i: number) =>
    JSON.stringify({
      messages: [
        { role: 'system', content: 'You are the Acme support assistant. Answer briefly and politely.' },
        { role: 'user', content: `Where do I change the billing address on invoice #${10_000 + i}?` },
        { role: 'assistant', content: `Open Settings → Billing; invoice #${10_000 + i} then shows it.` },
      ],
    });
  const form = new FormData();
  const body = `${Array.from({ length: lines }, (_, i) => line(i)).join('\n')}\n`;
  form.set('file', new Blob([body]), 'scale-train.jsonl');
  form.set('purpose', 'fine-tune');
  return (await call<{ id: string }>(`${baseUrl}/files`, { method: 'POST', body: form })).id;
}

/** `count` jobs, created one at a time so the creation order is the list's order. */
export async function createJobs(
  baseUrl: string,
  fileId: string,
  count: number,
  tag: string,
): Promise<string[]> {
  const ids: string[] = [];
  await closedLoop(count, 1, async (i) => {
    const job = await call<{ id: string }>(`${baseUrl}/fine_tuning/jobs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        model: 'gpt-4o-mini-2024-07-18',
        training_file: fileId,
        suffix: `${tag}-${i}`,
        hyperparameters: { n_epochs: 50 },
      }),
    });
    ids.push(job.id);
  });
  return ids;
}

/** Every job, newest first, by cursor pages of 100. */
export async function listAllJobs(baseUrl: string): Promise<ListedJob[]> {
  const out: ListedJob[] = [];
  let after: string | undefined;
  for (;;) {
    const page = await call<{ data: ListedJob[]; has_more: boolean }>(
      `${baseUrl}/fine_tuning/jobs?limit=100${after ? `&after=${after}` : ''}`,
    );
    out.push(...page.data.map(({ id, status, created_at }) => ({ id, status, created_at })));
    if (!page.has_more || page.data.length === 0) return out;
    after = page.data[page.data.length - 1]?.id;
  }
}
