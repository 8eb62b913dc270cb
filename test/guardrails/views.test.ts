import { describe, expect, it } from 'vitest';
import { type ApprovalRecord, approvalReason } from '../../src/domain/approval.js';
import { buildAwaitingApprovalCard } from '../../src/views/approval-card.js';
import {
  buildApprovalDecided,
  buildApprovalRequest,
  decisionSentence,
} from '../../src/views/approval-request.js';
import { buildAuditList } from '../../src/views/audit-list.js';
import { buildDeclineModal } from '../../src/views/decline-modal.js';
import { ACTION } from '../../src/views/ids.js';
import { expectValidMessage, expectValidModal, visibleText } from '../helpers/block-kit.js';
import { makeContext, makeDetails } from '../views/fixtures.js';

const request: ApprovalRecord = {
  id: '0123456789abcdef',
  jobId: '1a2b3c4d-0000-0000-0000-000000000000',
  requester: 'U0ASKER',
  channel: 'C0TEAM',
  threadTs: '1700000000.000100',
  cost: 80,
  currency: 'USD',
  requestedAt: Date.UTC(2026, 10, 2, 9),
  expiresAt: Date.UTC(2026, 10, 3, 9),
  state: 'pending',
};

describe('approval views', () => {
  it('the request mentions every approver (users and groups), states the expiry, and its Approve confirm repeats the cost', () => {
    const m = buildApprovalRequest(makeContext(), request, {
      approvers: ['U0LEAD', 'S0FIN'],
      why: 'its estimate is over 50.00 USD',
    });
    expectValidMessage(m, 'approval request');
    const json = JSON.stringify(m.blocks);
    expect(json).toContain('<@U0LEAD> <!subteam^S0FIN>');
    expect(visibleText(m)).toContain('This request expires');
    const approve = (m.blocks.at(-1) as { elements: { action_id: string; confirm?: unknown }[] }).elements[0];
    expect(approve?.action_id).toBe(ACTION.approvalApprove);
    expect(JSON.stringify(approve?.confirm)).toContain('at about 80.00 USD');
  });

  it('the decided request has no buttons and says who decided, when, and why, escaped', () => {
    const declined = {
      ...request,
      state: 'declined' as const,
      decidedBy: 'U0LEAD',
      decidedAt: request.requestedAt + 60_000,
      note: 'no <!channel> & no',
    };
    const m = buildApprovalDecided(makeContext(), declined);
    expectValidMessage(m, 'decided request');
    expect(JSON.stringify(m.blocks)).not.toContain(ACTION.approvalApprove);
    expect(decisionSentence(declined)).toContain('Declined by <@U0LEAD>');
    expect(decisionSentence(declined)).toContain('no &lt;!channel&gt; &amp; no');
  });

  it('the awaiting card shows the estimate and hides Start', () => {
    const job = makeDetails({
      status: 'VALIDATED',
      auto_start: false,
      metadata: { cost: 80, cost_currency: 'USD' },
    });
    const m = buildAwaitingApprovalCard(makeContext(), job, request);
    expectValidMessage(m, 'awaiting card');
    expect(visibleText(m)).toMatch(/Awaiting approval\* · about 80\.00 USD · asked by <@U0ASKER>/);
    expect(JSON.stringify(m.blocks)).not.toContain(ACTION.jobStart);
    expect(JSON.stringify(m.blocks)).toContain(ACTION.jobCancel);
  });

  it('the decline modal takes an optional reason', () => {
    expectValidModal(buildDeclineModal(request.id, request.jobId), 'decline modal');
  });

  it('the audit list escapes details and says where the full export is', () => {
    const m = buildAuditList(
      makeContext(),
      [{ at: 0, user: 'U1', action: 'declined', jobId: request.jobId, detail: '<@U2> *bold*' }],
      { days: 7, limit: 30 },
    );
    expectValidMessage(m, 'audit list');
    expect(JSON.stringify(m.blocks)).not.toContain('<@U2>');
    expect(visibleText(m)).toContain('npm run audit');
  });
});

describe('which starts need approval', () => {
  const over = { amount: 50, currency: 'USD' };
  it('over the amount, without an estimate, or in another currency (never converted)', () => {
    expect(approvalReason(over, { cost: 50, cost_currency: 'USD' })).toBeUndefined();
    expect(approvalReason(over, { cost: 50.01, cost_currency: 'usd' })).toContain('over 50.00 USD');
    expect(approvalReason(over, null)).toContain('no cost estimate');
    expect(approvalReason(over, { train_tokens: 1000 })).toContain('no cost estimate');
    expect(approvalReason(over, { cost: 1, cost_currency: 'EUR' })).toContain('in EUR');
  });
});
