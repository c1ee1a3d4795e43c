import { webhookSignature } from '../../../../src/connectors/webhook/sign';
import { checkSignature } from '../../../../simulators/carpeta/signature';

const SECRET = 'secreto-de-prueba-32-caracteres!';
const NOW = 1_772_000_000;
const body = Buffer.from('{"id":"x"}');

function headers(timestamp: number | string, signature?: string): Record<string, string> {
  return { 'pasarela-timestamp': String(timestamp), ...(signature === undefined ? {} : { 'pasarela-signature': signature }) };
}

const check = (h: Record<string, string | string[]>, nowS = NOW) => checkSignature({ headers: h, body, secret: SECRET, maxSkewSeconds: 300, nowMs: nowS * 1000 });

describe('Carpeta simulator signature check', () => {
  it('accepts pasarela\'s webhook signature of the raw body, within 300 s either way', () => {
    for (const t of [NOW, NOW - 300, NOW + 300]) expect(check(headers(t, webhookSignature(SECRET, t, body)))).toEqual({ ok: true });
  });

  it.each([
    ['no signature', headers(NOW), 'missing'],
    ['no timestamp', { 'pasarela-signature': webhookSignature(SECRET, NOW, body) }, 'missing'],
    ['a timestamp written as a date', headers('2026-02-25T10:00:00Z', 'v1=00'), 'bad-timestamp'],
    ['a timestamp 301 s old', headers(NOW - 301, webhookSignature(SECRET, NOW - 301, body)), 'stale-timestamp'],
    ['a timestamp 301 s ahead', headers(NOW + 301, webhookSignature(SECRET, NOW + 301, body)), 'stale-timestamp'],
    ['another secret', headers(NOW, webhookSignature('otro-secreto-de-prueba-000000000', NOW, body)), 'mismatch'],
    ['another body', headers(NOW, webhookSignature(SECRET, NOW, '{"id":"y"}')), 'mismatch'],
    ['the signature of another timestamp', headers(NOW, webhookSignature(SECRET, NOW - 1, body)), 'mismatch'],
    ['upper-case hex', headers(NOW, webhookSignature(SECRET, NOW, body).toUpperCase()), 'mismatch'],
    ['a truncated signature', headers(NOW, webhookSignature(SECRET, NOW, body).slice(0, 20)), 'mismatch'],
  ])('refuses %s', (_label, h, reason) => {
    expect(check(h)).toEqual({ ok: false, reason });
  });

  it('treats a repeated signature header as missing', () => {
    const sig = webhookSignature(SECRET, NOW, body);
    expect(check({ 'pasarela-timestamp': String(NOW), 'pasarela-signature': [sig, sig] })).toEqual({ ok: false, reason: 'missing' });
  });
});
