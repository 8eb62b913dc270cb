import { createHmac } from 'node:crypto';

export interface SlackSignatureHeaders {
  'x-slack-request-timestamp': string;
  'x-slack-signature': string;
}

/**
 * Slack's request signature: 'v0=' + hex(HMAC-SHA256(secret, 'v0:' + ts + ':' + rawBody)). `ts` is in
 * seconds; pass an old one to forge a stale request (Bolt rejects anything older than 5 minutes).
 */
export function signSlackRequest(
  signingSecret: string,
  rawBody: string,
  ts: number = Math.floor(Date.now() / 1000),
): SlackSignatureHeaders {
  const signature = createHmac('sha256', signingSecret).update(`v0:${ts}:${rawBody}`).digest('hex');
  return { 'x-slack-request-timestamp': String(ts), 'x-slack-signature': `v0=${signature}` };
}
