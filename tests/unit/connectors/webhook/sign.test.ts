import { createHmac } from 'node:crypto';
import { signedHeaders, webhookSignature, WebhookHeaders } from '../../../../src/connectors/webhook/sign';

const SECRET = 'a-shared-secret-of-32-characters';

describe('webhook signature', () => {
  it('is v1= and the hex HMAC-SHA256 of "<timestamp>.<body>" keyed with the secret', () => {
    const body = Buffer.from('{"id":"e1","event":"inbox.entry-received"}');
    const expected = createHmac('sha256', SECRET).update(`1764081000.${body.toString()}`).digest('hex');
    expect(webhookSignature(SECRET, 1764081000, body)).toBe(`v1=${expected}`);
  });

  it('signs the exact bytes: a multi-byte character gives the same result as a string or as UTF-8 bytes', () => {
    const text = '{"summary":"Solicitud de licencia — año 2026"}';
    expect(webhookSignature(SECRET, 1, Buffer.from(text, 'utf8'))).toBe(webhookSignature(SECRET, 1, text));
  });

  it('changes with the timestamp, the body or the secret', () => {
    const base = webhookSignature(SECRET, 100, '{}');
    expect(webhookSignature(SECRET, 101, '{}')).not.toBe(base);
    expect(webhookSignature(SECRET, 100, '{ }')).not.toBe(base);
    expect(webhookSignature(SECRET + 'x', 100, '{}')).not.toBe(base);
  });

  it('gives every call its event, delivery id, timestamp, signature and a JSON content type', () => {
    const body = Buffer.from('{"a":1}');
    const headers = signedHeaders({ secret: SECRET, event: 'inbox.entry-received', deliveryId: 'evt-1', body, timestamp: 1764081000 });
    expect(headers).toEqual({
      'content-type': 'application/json',
      'user-agent': 'pasarela-webhooks/1',
      [WebhookHeaders.event]: 'inbox.entry-received',
      [WebhookHeaders.delivery]: 'evt-1',
      [WebhookHeaders.timestamp]: '1764081000',
      [WebhookHeaders.signature]: webhookSignature(SECRET, 1764081000, body),
    });
    expect(JSON.stringify(headers)).not.toContain(SECRET);
  });
});
