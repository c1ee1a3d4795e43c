import { createHmac } from 'node:crypto';

/** Header names of a webhook call (docs/webhooks.md). */
export const WebhookHeaders = {
  event: 'Pasarela-Event',
  delivery: 'Pasarela-Delivery',
  timestamp: 'Pasarela-Timestamp',
  signature: 'Pasarela-Signature',
} as const;

/**
 * `v1=<hex HMAC-SHA256 of "<timestamp>.<body>">` with the tenant's secret. The timestamp is
 * signed with the body so a captured call cannot be replayed later with a fresh timestamp;
 * `body` must be the exact bytes sent.
 */
export function webhookSignature(secret: string, timestamp: number, body: Buffer | string): string {
  const mac = createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex');
  return `v1=${mac}`;
}

export interface SignedCall {
  secret: string;
  event: string;
  /** The event id: the same on every attempt, so receivers can de-duplicate. */
  deliveryId: string;
  body: Buffer;
  /** Unix seconds of this attempt. */
  timestamp: number;
}

/** The headers of one webhook attempt: JSON, the event, the delivery id, the timestamp and the signature. */
export function signedHeaders(c: SignedCall): Record<string, string> {
  return {
    'content-type': 'application/json',
    'user-agent': 'pasarela-webhooks/1',
    [WebhookHeaders.event]: c.event,
    [WebhookHeaders.delivery]: c.deliveryId,
    [WebhookHeaders.timestamp]: String(c.timestamp),
    [WebhookHeaders.signature]: webhookSignature(c.secret, c.timestamp, c.body),
  };
}
