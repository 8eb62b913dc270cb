import type { ListQuery } from './list-query.js';

/** The active filters the way a user types them: "status:RUNNING", "mine". */
export function describeFilters(q: ListQuery): string[] {
  const out: string[] = [];
  if (q.status) out.push(`status:${q.status}`);
  if (q.model) out.push(`model:${q.model}`);
  if (q.suffix) out.push(`suffix:${q.suffix}`);
  if (q.wandb) out.push(`wandb:${q.wandb}`);
  if (q.mine) out.push('mine');
  return out;
}
