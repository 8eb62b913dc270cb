import { operatorVerdict } from '../slack/operators.js';
import { recordAudit } from './audit.js';
import type { AppDeps } from './deps.js';

export interface GuardedAction {
  user: string;
  /** A command name or a button's verb: create, start, cancel. */
  action: string;
  jobId?: string;
}

/**
 * The one operator gate for commands, buttons and modals. A refusal is logged here (who, what,
 * which job: nothing secret); the caller shows the sentence on its own surface (an ephemeral
 * answer, or the modal's result view).
 */
export async function operatorRefusal(deps: AppDeps, a: GuardedAction): Promise<string | undefined> {
  const verdict = await operatorVerdict(deps.isOperator, a.user);
  if (verdict.allowed) return undefined;
  const logged = a.jobId === undefined ? a : { ...a, jobId: a.jobId.slice(0, 64) };
  deps.logger.info(logged, 'refused: not in FINETUNE_OPERATORS');
  await recordAudit(deps, {
    user: a.user,
    action: 'refused',
    jobId: logged.jobId,
    detail: `${a.action}: not an operator`,
  });
  return verdict.sentence;
}
