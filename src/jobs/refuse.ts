import type { RespondFn } from '@slack/bolt';
import type { AppDeps } from '../deps.js';
import { NOT_OPERATOR_SENTENCE } from '../slack/operators.js';
import { replyNotice } from '../slack/reply.js';

export interface Refusal {
  user: string;
  action: 'create' | 'start' | 'cancel';
  jobId?: string;
  /** What the user is told; default: not in FINETUNE_OPERATORS. */
  sentence?: string;
}

/** A refusal is logged (who, what, which job: nothing secret) and told to the user alone. */
export async function refuseNonOperator(deps: AppDeps, respond: RespondFn, r: Refusal): Promise<void> {
  const { sentence = NOT_OPERATOR_SENTENCE, ...logged } = r;
  deps.logger.info(logged, 'refused: not in FINETUNE_OPERATORS');
  await replyNotice(respond, deps, sentence);
}
