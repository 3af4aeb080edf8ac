// Slack's v0 request signature: `v0=` + hex HMAC-SHA256 of `v0:<timestamp>:<body>` under the signing secret.
import { createHmac } from 'node:crypto';

export interface SlackSignatureHeaders {
  'x-slack-request-timestamp': string;
  'x-slack-signature': string;
}

export function signSlackRequest(secret: string, body: string, timestampSec: number): SlackSignatureHeaders {
  const timestamp = String(timestampSec);
  const digest = createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex');
  return { 'x-slack-request-timestamp': timestamp, 'x-slack-signature': `v0=${digest}` };
}
