import path from 'node:path';
import { DOMParser } from '@xmldom/xmldom';
import { createMemoryReplayCache } from '../../../src/wssec/replay-memory';
import { createTrustStore } from '../../../src/wssec/trust';
import type { TrustStore } from '../../../src/wssec/types';
import { verify } from '../../../src/wssec/verify';
import { codeOf } from '../../helpers/errors';
import { type TestPki, createTestPki } from '../../helpers/pki';
import { NS, type TemplateOptions, around, certBase64, idNodes, signWithXmlsec, wsTemplate } from './verify-fixtures';

let pki: TestPki;
let trust: TrustStore;
let now: Date;
let good: string;
/** How many times the verifier asked the trust store: zero proves a rejection came before any crypto. */
let trustChecks = 0;

function sign(extra: Partial<TemplateOptions> = {}, keyFile = pki.files.leafKey, ids = idNodes()): string {
  return signWithXmlsec(wsTemplate({ certPem: pki.leafCertPem, ...around(now, -10), ...extra }), keyFile, ids);
}

function replaceOnce(xml: string, search: string | RegExp, replacement: string): string {
  const out = xml.replace(search, replacement);
  if (out === xml) throw new Error(`test setup: ${String(search)} not found`);
  return out;
}

const bodyOf = (xml: string): string => (/<soap:Body[\s\S]*<\/soap:Body>/.exec(xml) as RegExpExecArray)[0];
const rejection = (xml: string, extra: object = {}) => codeOf(verify(xml, { trust, now, ...extra }));

beforeAll(() => {
  pki = createTestPki();
  now = new Date();
  const real = createTrustStore({ pinned: [pki.leafCertPem] });
  trust = { check: (cert, at) => { trustChecks++; real.check(cert, at); } };
  good = sign();
});
afterAll(() => pki.remove());
beforeEach(() => {
  trustChecks = 0;
});

describe('verify rejects tampering with what was signed', () => {
  it('accepts the untouched envelope (the control case)', async () => {
    await expect(verify(good, { trust, now })).resolves.toHaveProperty('body');
  });

  it('rejects a Body modified after signing', async () => {
    expect(await rejection(replaceOnce(good, '120.50', '999.50'))).toBe('WSSEC_DIGEST_MISMATCH');
  });

  it('rejects a modified Timestamp', async () => {
    const later = replaceOnce(good, /<wsu:Expires>[^<]+</, `<wsu:Expires>${new Date(now.getTime() + 3_600_000).toISOString()}<`);
    expect(await rejection(later)).toBe('WSSEC_DIGEST_MISMATCH');
  });

  it('rejects a SignatureValue that does not verify', async () => {
    const bad = good.replace(/<ds:SignatureValue>(.)/, (_, c: string) => `<ds:SignatureValue>${c === 'A' ? 'B' : 'A'}`);
    expect(await rejection(bad)).toBe('WSSEC_BAD_SIGNATURE');
  });

  it('rejects a comment injected in a signed text node, although the digest would still match', async () => {
    expect(await rejection(replaceOnce(good, 'Solicitud', 'Soli<!-- injected -->citud'))).toBe('WSSEC_COMMENT_IN_SIGNED_CONTENT');
  });
});

describe('verify rejects XML signature wrapping', () => {
  it('rejects the signed Body moved under a Header wrapper with an attacker Body in its place', async () => {
    const wrapped = replaceOnce(good, bodyOf(good), '<soap:Body wsu:Id="evil">pay the attacker</soap:Body>')
      .replace('<soap:Header>', `<soap:Header><Wrapper xmlns="urn:attacker">${bodyOf(good)}</Wrapper>`);
    expect(await rejection(wrapped)).toBe('WSSEC_REFERENCES_MISMATCH');
    expect(trustChecks).toBe(0);
  });

  it('rejects an attacker Body carrying the same Id as the moved signed Body', async () => {
    const wrapped = replaceOnce(good, bodyOf(good), '<soap:Body wsu:Id="body-1">evil</soap:Body>')
      .replace('<soap:Header>', `<soap:Header><Wrapper xmlns="urn:attacker">${bodyOf(good)}</Wrapper>`);
    expect(await rejection(wrapped)).toBe('WSSEC_REFERENCES_MISMATCH');
  });

  it('rejects duplicate Ids anywhere in the document, wsu:Id or Id', async () => {
    expect(await rejection(replaceOnce(good, '<sir:Asunto>', '<sir:Asunto wsu:Id="ts-1">'))).toBe('WSSEC_REFERENCES_MISMATCH');
    expect(await rejection(replaceOnce(good, '<sir:Asunto>', '<sir:Asunto Id="body-1">'))).toBe('WSSEC_REFERENCES_MISMATCH');
  });

  it('rejects a second Body', async () => {
    const twoBodies = replaceOnce(good, '</soap:Envelope>', '<soap:Body>second</soap:Body></soap:Envelope>');
    expect(await rejection(twoBodies)).toBe('WSSEC_MALFORMED');
  });

  it('rejects references that are not same-document #id fragments', async () => {
    for (const uri of ['http://attacker.example/envelope.xml#body-1', '', "#xpointer(id('body-1'))", 'body-1']) {
      expect(await rejection(replaceOnce(good, 'URI="#body-1"', `URI="${uri}"`))).toBe('WSSEC_REFERENCES_MISMATCH');
    }
    expect(trustChecks).toBe(0);
  });

  it('rejects a validly signed envelope whose references miss the Timestamp or cover anything else', async () => {
    expect(await rejection(sign({ refs: ['body-1'] }))).toBe('WSSEC_REFERENCES_MISMATCH');
    expect(await rejection(sign({ refs: ['body-1', 'ts-1', 'x509-1'] }))).toBe('WSSEC_REFERENCES_MISMATCH');
    expect(await rejection(sign({ refs: ['body-1', 'ts-1', 'body-1'] }))).toBe('WSSEC_REFERENCES_MISMATCH');
  });
});

describe('verify rejects a malformed or misplaced signature', () => {
  it('rejects a message without a signature', async () => {
    const unsigned = good.replace(/<ds:Signature[\s\S]*<\/ds:Signature>/, '');
    expect(await rejection(unsigned)).toBe('WSSEC_NO_SIGNATURE');
  });

  it('rejects a second SignedInfo', async () => {
    const signedInfo = (/<ds:SignedInfo>[\s\S]*<\/ds:SignedInfo>/.exec(good) as RegExpExecArray)[0];
    const second = replaceOnce(good, '</ds:KeyInfo>', `</ds:KeyInfo><ds:Object>${signedInfo}</ds:Object>`);
    expect(await rejection(second)).toBe('WSSEC_SIGNATURE_PLACEMENT');
    expect(await rejection(replaceOnce(good, '</ds:SignedInfo>', `</ds:SignedInfo>${signedInfo}`))).toBe('WSSEC_SIGNATURE_PLACEMENT');
  });

  it('rejects a second Signature and a Signature outside wsse:Security', async () => {
    const signature = (/<ds:Signature[\s\S]*<\/ds:Signature>/.exec(good) as RegExpExecArray)[0]
      .replace('<ds:Signature ', `<ds:Signature xmlns:wsse="${NS.wsse}" `);
    expect(await rejection(replaceOnce(good, '<sir:Asunto>', `${signature}<sir:Asunto>`))).toBe('WSSEC_SIGNATURE_PLACEMENT');
    const moved = good.replace(/<ds:Signature[\s\S]*<\/ds:Signature>/, '').replace('<sir:Asunto>', `${signature}<sir:Asunto>`);
    expect(await rejection(moved)).toBe('WSSEC_SIGNATURE_PLACEMENT');
  });

  it('rejects a comment or an element inside DigestValue or SignatureValue (CVE-2025-29775)', async () => {
    expect(await rejection(good.replace(/<ds:DigestValue>(.{8})/, '<ds:DigestValue>$1<!-- x -->'))).toBe('WSSEC_MALFORMED');
    expect(await rejection(good.replace(/<ds:DigestValue>(.{8})/, '<ds:DigestValue>$1<x/>'))).toBe('WSSEC_MALFORMED');
    expect(await rejection(good.replace(/<ds:SignatureValue>(.{8})/, '<ds:SignatureValue>$1<!-- x -->'))).toBe('WSSEC_MALFORMED');
    expect(await rejection(good.replace(/<ds:DigestValue>(.{8})/, '<ds:DigestValue>$1!'))).toBe('WSSEC_MALFORMED');
  });
});

describe('verify allows only exc-c14n, RSA-SHA256 and SHA-256, checked before any crypto', () => {
  const cases: Array<[string, string, string]> = [
    ['rsa-sha1 SignatureMethod', NS.rsaSha256, 'http://www.w3.org/2000/09/xmldsig#rsa-sha1'],
    ['hmac-sha256 SignatureMethod', NS.rsaSha256, 'http://www.w3.org/2001/04/xmldsig-more#hmac-sha256'],
    ['hmac-sha1 SignatureMethod', NS.rsaSha256, 'http://www.w3.org/2000/09/xmldsig#hmac-sha1'],
    ['sha1 DigestMethod', NS.sha256, 'http://www.w3.org/2000/09/xmldsig#sha1'],
    ['inclusive c14n', `CanonicalizationMethod Algorithm="${NS.excC14n}"`, 'CanonicalizationMethod Algorithm="http://www.w3.org/TR/2001/REC-xml-c14n-20010315"'],
    ['exc-c14n with comments', `Transform Algorithm="${NS.excC14n}"`, `Transform Algorithm="${NS.excC14n}WithComments"`],
  ];
  it.each(cases)('rejects a %s', async (_, allowed, forbidden) => {
    expect(await rejection(replaceOnce(good, allowed, forbidden))).toBe('WSSEC_ALGORITHM_NOT_ALLOWED');
    expect(trustChecks).toBe(0);
  });

  it('rejects an envelope xmlsec1 really signed with rsa-sha1 and sha1', async () => {
    const sha1 = sign({ signatureMethod: 'http://www.w3.org/2000/09/xmldsig#rsa-sha1', digestMethod: 'http://www.w3.org/2000/09/xmldsig#sha1' });
    expect(await rejection(sha1)).toBe('WSSEC_ALGORITHM_NOT_ALLOWED');
  });

  it('rejects an HMAC signature keyed with the certificate bytes (key confusion)', async () => {
    const hmac = replaceOnce(good, NS.rsaSha256, 'http://www.w3.org/2001/04/xmldsig-more#hmac-sha256')
      .replace(/<ds:SignatureValue>[^<]*/, `<ds:SignatureValue>${Buffer.from('forged with the public certificate').toString('base64')}`);
    expect(await rejection(hmac)).toBe('WSSEC_ALGORITHM_NOT_ALLOWED');
    expect(trustChecks).toBe(0);
  });

  it('rejects the enveloped-signature transform and a missing transform', async () => {
    const enveloped = replaceOnce(good, '<ds:Transforms>', '<ds:Transforms><ds:Transform Algorithm="http://www.w3.org/2000/09/xmldsig#enveloped-signature"/>');
    expect(await rejection(enveloped)).toBe('WSSEC_ALGORITHM_NOT_ALLOWED');
    const none = good.replace(/<ds:Transforms>.*?<\/ds:Transforms>/, '');
    expect(await rejection(none)).toBe('WSSEC_ALGORITHM_NOT_ALLOWED');
  });
});

describe('verify trusts only the configured signers', () => {
  it('rejects a certificate outside the trust store', async () => {
    const byOther = sign({ certPem: pki.otherCertPem }, pki.files.otherKey);
    expect(await rejection(byOther)).toBe('WSSEC_UNTRUSTED_CERTIFICATE');
  });

  it('rejects an expired certificate even when its CA is trusted', async () => {
    const expired = sign({ certPem: pki.expiredCertPem }, path.join(pki.dir, 'expired.key'));
    expect(await rejection(expired, { trust: createTrustStore({ cas: [pki.caCertPem] }) })).toBe('WSSEC_CERTIFICATE_EXPIRED');
  });

  it('rejects KeyInfo swapped to point at another token', async () => {
    const attackerToken = `<wsse:BinarySecurityToken EncodingType="${NS.base64}" ValueType="${NS.x509v3}" wsu:Id="x509-2">${certBase64(pki.otherCertPem)}</wsse:BinarySecurityToken>`;
    const swapped = replaceOnce(good, '<wsu:Timestamp', `${attackerToken}<wsu:Timestamp`).replace('URI="#x509-1"', 'URI="#x509-2"');
    expect(await rejection(swapped)).toBe('WSSEC_UNTRUSTED_CERTIFICATE');
    // Even when the other certificate is trusted too, the signature only verifies with the right key.
    const both = createTrustStore({ pinned: [pki.leafCertPem, pki.otherCertPem] });
    expect(await rejection(swapped, { trust: both })).toBe('WSSEC_BAD_SIGNATURE');
  });

  it('rejects KeyInfo that carries a certificate itself instead of referencing the token', async () => {
    const inline = good.replace(/<ds:KeyInfo>[\s\S]*<\/ds:KeyInfo>/,
      `<ds:KeyInfo><ds:X509Data><ds:X509Certificate>${certBase64(pki.leafCertPem)}</ds:X509Certificate></ds:X509Data></ds:KeyInfo>`);
    expect(await rejection(inline)).toBe('WSSEC_UNTRUSTED_CERTIFICATE');
    expect(await rejection(good.replace(/<ds:KeyInfo>[\s\S]*<\/ds:KeyInfo>/, ''))).toBe('WSSEC_UNTRUSTED_CERTIFICATE');
  });

  it('rejects KeyInfo pointing at a token outside the signing Security header', async () => {
    const token = `<wsse:BinarySecurityToken xmlns:wsse="${NS.wsse}" ValueType="${NS.x509v3}" wsu:Id="x509-2">${certBase64(pki.leafCertPem)}</wsse:BinarySecurityToken>`;
    const elsewhere = replaceOnce(good, '<sir:Asunto>', `${token}<sir:Asunto>`).replace('URI="#x509-1"', 'URI="#x509-2"');
    // The Body changed too, but the KeyInfo check comes before any digest.
    expect(await rejection(elsewhere)).toBe('WSSEC_UNTRUSTED_CERTIFICATE');
  });
});

describe('verify rejects stale, missing and replayed timestamps', () => {
  it('rejects an expired Timestamp', async () => {
    expect(await rejection(sign(around(now, -3600)))).toBe('WSSEC_TIMESTAMP_EXPIRED');
  });

  it('rejects a Timestamp created in the future', async () => {
    expect(await rejection(sign(around(now, 3600)))).toBe('WSSEC_TIMESTAMP_FUTURE');
  });

  it('rejects a Timestamp valid for longer than a day, which would defeat the replay cache', async () => {
    expect(await rejection(sign(around(now, -5, 2 * 86_400)))).toBe('WSSEC_TIMESTAMP_MISSING');
  });

  it('rejects a message without a Timestamp', async () => {
    expect(await rejection(sign({ timestamp: false, refs: ['body-1'] }))).toBe('WSSEC_TIMESTAMP_MISSING');
  });

  it('rejects a Timestamp whose dates are not xsd:dateTime with a zone', async () => {
    expect(await rejection(good.replace(/<wsu:Created>[^<]+/, '<wsu:Created>2026-02-30T10:00:00Z'))).toBe('WSSEC_TIMESTAMP_MISSING');
    expect(await rejection(good.replace(/<wsu:Created>([^<]+)Z/, '<wsu:Created>$1'))).toBe('WSSEC_TIMESTAMP_MISSING');
  });

  it('rejects a replayed message', async () => {
    const replayCache = createMemoryReplayCache();
    await verify(good, { trust, now, replayCache });
    expect(await rejection(good, { replayCache })).toBe('WSSEC_REPLAY');
  });
});

describe('verify refuses hostile documents before or while parsing', () => {
  it('rejects a DOCTYPE with entities', async () => {
    const bomb = '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>'
      + good.replace(/^<\?xml[^>]*>\s*/, '').replace('Solicitud', '&lol2;');
    expect(await rejection(bomb)).toBe('WSSEC_DOCTYPE');
  });

  it('rejects a 50 MB envelope by its size, without parsing it', async () => {
    const parse = jest.spyOn(DOMParser.prototype, 'parseFromString');
    try {
      const huge = good.replace('Solicitud', 'x'.repeat(50 * 1024 * 1024));
      expect(await rejection(huge)).toBe('WSSEC_TOO_LARGE');
      expect(parse).not.toHaveBeenCalled();
    } finally {
      parse.mockRestore();
    }
  });

  it('honours a smaller configured size limit, counting UTF-8 bytes', async () => {
    expect(await rejection(good, { maxBytes: 1000 })).toBe('WSSEC_TOO_LARGE');
    expect(await rejection('ñ'.repeat(600), { maxBytes: 1000 })).toBe('WSSEC_TOO_LARGE');
  });

  it.each([
    ['not XML', 'hello'],
    ['unbalanced tags', '<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body></soap:Envelope>'],
    ['an unbound prefix', '<a:Envelope/>'],
    ['a non-SOAP root', '<Envelope><Body/></Envelope>'],
    ['an empty string', ''],
  ])('rejects %s as malformed', async (_, xml) => {
    expect(await rejection(xml)).toBe('WSSEC_MALFORMED');
  });

  it('rejects processing instructions inside the envelope', async () => {
    expect(await rejection(replaceOnce(good, '<sir:Asunto>', '<?evil data?><sir:Asunto>'))).toBe('WSSEC_MALFORMED');
  });

  it('rejects a lone surrogate that would digest like the U+FFFD that was signed', async () => {
    expect(await rejection(good.replace('Solicitud', 'Solicitud&#xD800;'))).toBe('WSSEC_MALFORMED');
  });

  it('rejects a 20,000-deep Body on the raw text, before parsing it', async () => {
    const deep = good.replace('Solicitud', '<d>'.repeat(20_000) + '</d>'.repeat(20_000));
    expect(await rejection(deep)).toBe('WSSEC_MALFORMED');
  });

  it('rejects a chain of nested namespace declarations (quadratic to parse) before parsing it', async () => {
    let chain = '';
    for (let i = 0; i < 16_000; i++) chain += `<a xmlns:p${i}="urn:x">`;
    chain += '</a>'.repeat(16_000);
    expect(await rejection(good.replace('Solicitud', chain))).toBe('WSSEC_MALFORMED');
  });

  it('rejects content hidden inside DigestMethod', async () => {
    expect(await rejection(good.replace(/(<ds:DigestMethod [^>]*?)\/>/, '$1><x/></ds:DigestMethod>'))).toBe('WSSEC_MALFORMED');
  });
});
