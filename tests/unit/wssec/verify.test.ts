import { createHash } from 'node:crypto';
import { Errors, PasarelaError } from '../../../src/core/errors';
import { parseXsdDateTime } from '../../../src/wssec/timestamp';
import { createMemoryReplayCache } from '../../../src/wssec/replay-memory';
import { createTrustStore } from '../../../src/wssec/trust';
import type { TrustStore } from '../../../src/wssec/types';
import { verify } from '../../../src/wssec/verify';
import { codeOf } from '../../helpers/errors';
import { type TestPki, createTestPki } from '../../helpers/pki';
import { NS, SAMPLE_BODY, type TemplateOptions, around, idNodes, signWithXmlsec, wsTemplate } from './verify-fixtures';

let pki: TestPki;
let trust: TrustStore;
let now: Date;

function signed(extra: Partial<TemplateOptions> = {}, ids = idNodes(extra.soap12)): string {
  return signWithXmlsec(wsTemplate({ certPem: pki.leafCertPem, ...around(now, -10), ...extra }), pki.files.leafKey, ids);
}

beforeAll(() => {
  pki = createTestPki();
  // After the certificates exist: they are valid from the second they were made.
  now = new Date();
  trust = createTrustStore({ pinned: [pki.leafCertPem] });
});
afterAll(() => pki.remove());

describe('verify, on a well-formed signed envelope', () => {
  it('returns the canonical signed Body, the timestamp and the signing certificate', async () => {
    const { created, expires } = around(now, -10);
    const result = await verify(signed(), { trust, now });
    expect(result.body).toBe(`<soap:Body xmlns:soap="${NS.soap11}" xmlns:wsu="${NS.wsu}" wsu:Id="body-1">${SAMPLE_BODY}</soap:Body>`);
    expect(result.timestamp.created.getTime()).toBe(Math.floor(created.getTime() / 1000) * 1000);
    expect(result.timestamp.expires.getTime()).toBe(Math.floor(expires.getTime() / 1000) * 1000);
    expect(result.certificate.fingerprint256).toBe(createTrustStoreFingerprint(pki.leafCertPem));
  });

  it('accepts a SOAP 1.2 envelope', async () => {
    const result = await verify(signed({ soap12: true }), { trust, now });
    expect(result.body.startsWith(`<soap:Body xmlns:soap="${NS.soap12}"`)).toBe(true);
  });

  it('accepts a message that starts with a UTF-8 byte-order mark', async () => {
    await expect(verify(`\uFEFF${signed()}`, { trust, now })).resolves.toHaveProperty('body');
  });

  it('accepts a certificate issued by a configured CA', async () => {
    const byCa = createTrustStore({ cas: [pki.caCertPem] });
    await expect(verify(signed(), { trust: byCa, now })).resolves.toHaveProperty('body');
  });

  it('accepts a Created up to the skew in the future and an Expires up to the skew in the past', async () => {
    await expect(verify(signed(around(now, 120)), { trust, now })).resolves.toHaveProperty('body');
    await expect(verify(signed(around(now, -400, 300)), { trust, now })).resolves.toHaveProperty('body');
  });

  it('honours a configured skew', async () => {
    expect(await codeOf(verify(signed(around(now, 120)), { trust, now, skewSeconds: 60 }))).toBe('WSSEC_TIMESTAMP_FUTURE');
  });

  it('requires the configured extra header references, and accepts them when signed', async () => {
    const extraHeaders = '<wsa:To xmlns:wsa="http://www.w3.org/2005/08/addressing" wsu:Id="to-1">urn:sir</wsa:To>';
    const ids = idNodes(false, ['http://www.w3.org/2005/08/addressing:To']);
    const withTo = signed({ extraHeaders, refs: ['body-1', 'ts-1', 'to-1'] }, ids);
    await expect(verify(withTo, { trust, now, extraReferences: ['To'] })).resolves.toHaveProperty('body');
    expect(await codeOf(verify(withTo, { trust, now }))).toBe('WSSEC_REFERENCES_MISMATCH');
    expect(await codeOf(verify(signed({ extraHeaders }), { trust, now, extraReferences: ['To'] }))).toBe('WSSEC_REFERENCES_MISMATCH');
    expect(await codeOf(verify(signed(), { trust, now, extraReferences: ['To'] }))).toBe('WSSEC_REFERENCES_MISMATCH');
  });

  it('canonicalises with an InclusiveNamespaces PrefixList', async () => {
    const body = '<sir:Enviar xmlns:sir="urn:example:sir" xsi:type="soap:x" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">1</sir:Enviar>';
    const result = await verify(signed({ prefixList: 'soap wsse', body }), { trust, now });
    expect(result.body).toContain('sir:Enviar');
  });

  it('remembers signatures in the replay cache only for valid messages', async () => {
    const cache = createMemoryReplayCache();
    const first = signed();
    await verify(first, { trust, now, replayCache: cache });
    expect(await codeOf(verify(first.replace('Solicitud', 'Solicitut'), { trust, now, replayCache: cache }))).toBe('WSSEC_DIGEST_MISMATCH');
    expect(cache.size()).toBe(1);
    // RSA PKCS#1 v1.5 is deterministic: a different message is needed for a different signature.
    await verify(signed({ body: '<other/>' }), { trust, now, replayCache: cache });
    expect(cache.size()).toBe(2);
  });
});

describe('verify and the replay cache', () => {
  it('remembers a signature until its Expires plus the skew, keyed by the SignatureValue hash', async () => {
    const calls: Array<[string, Date]> = [];
    const recording = { remember: async (key: string, until: Date) => { calls.push([key, until]); return true; } };
    const result = await verify(signed({ body: '<keyed/>' }), { trust, now, replayCache: recording, skewSeconds: 60 });
    expect(calls).toHaveLength(1);
    expect(calls[0]![0]).toMatch(/^[0-9a-f]{64}$/);
    expect(calls[0]![1].getTime()).toBe(result.timestamp.expires.getTime() + 60_000);
  });

  it('passes on a replay cache failure as it is, so a journal outage stays retryable', async () => {
    const down = { remember: async () => { throw new PasarelaError(Errors.JOURNAL_UNAVAILABLE, 'journal down'); } };
    expect(await codeOf(verify(signed({ body: '<down/>' }), { trust, now, replayCache: down }))).toBe('JOURNAL_UNAVAILABLE');
  });
});

describe('parsing xsd:dateTime', () => {
  it.each([
    ['2026-03-01T10:20:30Z', '2026-03-01T10:20:30.000Z'],
    ['2026-03-01T10:20:30.123456Z', '2026-03-01T10:20:30.123Z'],
    ['2026-03-01T12:20:30+02:00', '2026-03-01T10:20:30.000Z'],
    ['2026-03-01T00:20:30-01:30', '2026-03-01T01:50:30.000Z'],
    ['2028-02-29T00:00:00Z', '2028-02-29T00:00:00.000Z'],
  ])('reads %s', (text, iso) => {
    expect(parseXsdDateTime(text)?.toISOString()).toBe(iso);
  });

  it.each([
    '2026-03-01T10:20:30', '2026-02-29T00:00:00Z', '2026-13-01T00:00:00Z', '2026-03-01T24:00:00Z', '2026-03-01T10:60:00Z',
    '2026-03-01 10:20:30Z', '26-03-01T10:20:30Z', '2026-03-01T10:20:30+15:00', '2026-03-01T10:20:30Z trailing', '', 'now',
  ])('refuses %p', (text) => {
    expect(parseXsdDateTime(text)).toBeNull();
  });
});

describe('the memory replay cache', () => {
  it('answers true the first time, false for a replay, and true again once the entry expired', async () => {
    let clock = new Date('2026-01-01T00:00:00Z');
    const cache = createMemoryReplayCache({ now: () => clock });
    const until = new Date('2026-01-01T00:05:00Z');
    expect(await cache.remember('k', until)).toBe(true);
    expect(await cache.remember('k', until)).toBe(false);
    clock = new Date('2026-01-01T00:05:00Z');
    expect(await cache.remember('k', new Date('2026-01-01T00:10:00Z'))).toBe(true);
  });

  it('forgets the oldest entry when full, and sweeps expired ones', async () => {
    let clock = new Date('2026-01-01T00:00:00Z');
    const cache = createMemoryReplayCache({ now: () => clock, maxEntries: 3 });
    for (const k of ['a', 'b', 'c', 'd']) await cache.remember(k, new Date('2026-01-01T01:00:00Z'));
    expect(cache.size()).toBe(3);
    expect(await cache.remember('a', new Date('2026-01-01T01:00:00Z'))).toBe(true);
    clock = new Date('2026-01-01T02:00:00Z');
    const big = createMemoryReplayCache({ now: () => clock });
    for (let i = 0; i < 1024; i++) await big.remember(`old-${i}`, new Date('2026-01-01T01:00:00Z'));
    await big.remember('new', new Date('2026-01-01T03:00:00Z'));
    expect(big.size()).toBe(1);
  });
});

function createTrustStoreFingerprint(pem: string): string {
  const der = Buffer.from(pem.replace(/-----[^-]+-----|\s/g, ''), 'base64');
  return createHash('sha256').update(der).digest('hex').toUpperCase().match(/../g)!.join(':');
}
