import { timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { webhookSignature, WebhookHeaders } from '../../src/connectors/webhook/sign';

/**
 * The push's signature, checked exactly as docs/webhooks.md tells any receiver of pasarela's
 * webhooks to: `Pasarela-Signature` is `v1=` + hex HMAC-SHA256(secret, "<Pasarela-Timestamp>.<raw
 * body>"), compared in constant time, and the timestamp must be within `maxSkewSeconds` of the
 * simulator's clock either way, so a captured call cannot be replayed later.
 */

export type SignatureCheck = { ok: true } | { ok: false; reason: 'missing' | 'bad-timestamp' | 'stale-timestamp' | 'mismatch' };

export interface SignatureInput {
  headers: IncomingHttpHeaders;
  body: Buffer;
  secret: string;
  maxSkewSeconds: number;
  /** Now, in milliseconds since the epoch. */
  nowMs: number;
}

/** The header's single value; a repeated header is as good as missing (which copy was signed?). */
export function headerOf(headers: IncomingHttpHeaders, name: string): string | undefined {
  const v = headers[name.toLowerCase()];
  return typeof v === 'string' ? v : undefined;
}

const TIMESTAMP = /^\d{1,12}$/;

export function checkSignature(i: SignatureInput): SignatureCheck {
  const given = headerOf(i.headers, WebhookHeaders.signature);
  const stamp = headerOf(i.headers, WebhookHeaders.timestamp);
  if (given === undefined || stamp === undefined) return { ok: false, reason: 'missing' };
  if (!TIMESTAMP.test(stamp)) return { ok: false, reason: 'bad-timestamp' };
  const timestamp = Number(stamp);
  if (Math.abs(i.nowMs / 1000 - timestamp) > i.maxSkewSeconds) return { ok: false, reason: 'stale-timestamp' };
  const expected = Buffer.from(webhookSignature(i.secret, timestamp, i.body));
  const actual = Buffer.from(given);
  // timingSafeEqual needs equal lengths; the expected length is public (v1= + 64 hex), so comparing it first leaks nothing.
  return actual.length === expected.length && timingSafeEqual(actual, expected) ? { ok: true } : { ok: false, reason: 'mismatch' };
}

/** What a 401 says for each reason (no secret, no expected value). */
export const SIGNATURE_DETAIL: Readonly<Record<Exclude<SignatureCheck, { ok: true }>['reason'], string>> = {
  missing: `${WebhookHeaders.signature} and ${WebhookHeaders.timestamp} are required`,
  'bad-timestamp': `${WebhookHeaders.timestamp} must be Unix seconds`,
  'stale-timestamp': `${WebhookHeaders.timestamp} is too far from the simulator's clock`,
  mismatch: `${WebhookHeaders.signature} does not match the body and timestamp`,
};
