import { createPublicKey, verify as rsaVerify, X509Certificate } from 'node:crypto';
import { excC14n } from '../../../src/wssec/c14n';
import { credentialsFromPem } from '../../../src/wssec/keys';
import {
  BASE64_ENCODING_TYPE, DS_NS, EXC_C14N, RSA_SHA256, SHA256, SOAP11_NS, SOAP12_NS, WSSE_NS, WSU_NS, X509V3_VALUE_TYPE,
} from '../../../src/wssec/namespaces';
import { sign } from '../../../src/wssec/sign';
import { createTrustStore } from '../../../src/wssec/trust';
import type { SigningCredentials } from '../../../src/wssec/types';
import { verify } from '../../../src/wssec/verify';
import { digest } from '../../../src/wssec/wsse-blocks';
import { parseXml, type XmlElement } from '../../../src/wssec/xml-tree';
import { codeOf } from '../../helpers/errors';
import { createTestPki, type TestPki } from '../../helpers/pki';
import { ENVELOPES, thrownCode } from './sign-helpers';

const NOW = new Date('2025-03-01T09:30:15.250Z');

function kids(el: XmlElement, uri?: string, local?: string): XmlElement[] {
  return el.children.filter((c): c is XmlElement => c.kind === 'element' && (!uri || c.uri === uri) && (!local || c.local === local));
}
function only(el: XmlElement, uri: string, local: string): XmlElement {
  const found = kids(el, uri, local);
  expect(found).toHaveLength(1);
  return found[0]!;
}
function attr(el: XmlElement, uri: string, local: string): string | undefined {
  return el.attrs.find((a) => a.uri === uri && a.local === local)?.value;
}
function text(el: XmlElement): string {
  return el.children.map((c) => (c.kind === 'text' ? c.value : '')).join('');
}

interface Signed {
  envelope: XmlElement;
  header: XmlElement;
  body: XmlElement;
  security: XmlElement;
  token: XmlElement;
  timestamp: XmlElement;
  signature: XmlElement;
}

function parts(xml: string, soapNs = SOAP11_NS): Signed {
  const envelope = parseXml(xml);
  const header = only(envelope, soapNs, 'Header');
  const security = only(header, WSSE_NS, 'Security');
  return {
    envelope, header, security, body: only(envelope, soapNs, 'Body'),
    token: only(security, WSSE_NS, 'BinarySecurityToken'),
    timestamp: only(security, WSU_NS, 'Timestamp'),
    signature: only(security, DS_NS, 'Signature'),
  };
}

describe('sign()', () => {
  let pki: TestPki;
  let credentials: SigningCredentials;

  beforeAll(() => {
    pki = createTestPki();
    credentials = credentialsFromPem(pki.leafKeyPem, pki.leafCertPem);
  });
  afterAll(() => pki.remove());

  const signed = (name: string, extra: { ttlSeconds?: number } = {}) => sign(ENVELOPES[name]!, { credentials, now: NOW, ...extra });

  it('creates a Header with a mustUnderstand Security holding token, timestamp and signature, in that order', () => {
    const p = parts(signed('SOAP 1.1 without a Header'));
    expect(attr(p.security, SOAP11_NS, 'mustUnderstand')).toBe('1');
    expect(kids(p.security).map((e) => e.local)).toEqual(['BinarySecurityToken', 'Timestamp', 'Signature']);
    expect(kids(p.envelope).map((e) => e.local)).toEqual(['Header', 'Body']);
  });

  it('puts the certificate into an X.509v3 BinarySecurityToken with a wsu:Id', () => {
    const { token } = parts(signed('SOAP 1.1 without a Header'));
    expect(attr(token, '', 'ValueType')).toBe(X509V3_VALUE_TYPE);
    expect(attr(token, '', 'EncodingType')).toBe(BASE64_ENCODING_TYPE);
    expect(attr(token, WSU_NS, 'Id')).toMatch(/^X509-[0-9a-f]{24}$/);
    expect(new X509Certificate(Buffer.from(text(token), 'base64')).fingerprint256).toBe(credentials.certificate.fingerprint256);
  });

  it('sets Created to now and Expires to now plus 300 seconds by default, in UTC with milliseconds', () => {
    const { timestamp } = parts(signed('SOAP 1.1 without a Header'));
    expect(attr(timestamp, WSU_NS, 'Id')).toMatch(/^TS-/);
    expect(kids(timestamp).map((e) => `${e.local}=${text(e)}`)).toEqual(['Created=2025-03-01T09:30:15.250Z', 'Expires=2025-03-01T09:35:15.250Z']);
  });

  it('sets Expires to Created plus the configured TTL', () => {
    const { timestamp } = parts(signed('SOAP 1.1 without a Header', { ttlSeconds: 42 }));
    expect(text(only(timestamp, WSU_NS, 'Expires'))).toBe('2025-03-01T09:30:57.250Z');
  });

  it('signs with exclusive C14N and RSA-SHA256 exactly two references: the Body and the Timestamp, by wsu:Id', () => {
    const p = parts(signed('SOAP 1.1 without a Header'));
    const info = only(p.signature, DS_NS, 'SignedInfo');
    expect(attr(only(info, DS_NS, 'CanonicalizationMethod'), '', 'Algorithm')).toBe(EXC_C14N);
    expect(attr(only(info, DS_NS, 'SignatureMethod'), '', 'Algorithm')).toBe(RSA_SHA256);
    const refs = kids(info, DS_NS, 'Reference');
    expect(refs.map((r) => attr(r, '', 'URI'))).toEqual([`#${attr(p.body, WSU_NS, 'Id')}`, `#${attr(p.timestamp, WSU_NS, 'Id')}`]);
    for (const ref of refs) {
      const transforms = kids(only(ref, DS_NS, 'Transforms'));
      expect(transforms.map((t) => attr(t, '', 'Algorithm'))).toEqual([EXC_C14N]);
      expect(attr(only(ref, DS_NS, 'DigestMethod'), '', 'Algorithm')).toBe(SHA256);
    }
  });

  it('writes digests of the canonical Body and Timestamp and a signature value over the canonical SignedInfo', () => {
    const p = parts(signed('text and attributes needing escaping'));
    const info = only(p.signature, DS_NS, 'SignedInfo');
    const digests = kids(info, DS_NS, 'Reference').map((r) => text(only(r, DS_NS, 'DigestValue')));
    expect(digests).toEqual([digest(excC14n(p.body)), digest(excC14n(p.timestamp))]);
    const value = Buffer.from(text(only(p.signature, DS_NS, 'SignatureValue')), 'base64');
    const publicKey = createPublicKey(pki.leafCertPem);
    expect(rsaVerify('sha256', Buffer.from(excC14n(info)), publicKey, value)).toBe(true);
  });

  it('points KeyInfo at the token through a SecurityTokenReference', () => {
    const p = parts(signed('SOAP 1.1 without a Header'));
    const ref = only(only(only(p.signature, DS_NS, 'KeyInfo'), WSSE_NS, 'SecurityTokenReference'), WSSE_NS, 'Reference');
    expect(attr(ref, '', 'URI')).toBe(`#${attr(p.token, WSU_NS, 'Id')}`);
    expect(attr(ref, '', 'ValueType')).toBe(X509V3_VALUE_TYPE);
  });

  it('signs SOAP 1.2 envelopes with mustUnderstand in the SOAP 1.2 namespace', () => {
    const p = parts(signed('SOAP 1.2'), SOAP12_NS);
    expect(attr(p.security, SOAP12_NS, 'mustUnderstand')).toBe('1');
  });

  it('adds the Security header after the other header blocks, leaving them untouched', () => {
    const xml = signed('SOAP 1.1 with a Header holding other blocks');
    const p = parts(xml);
    expect(kids(p.header).map((e) => e.local)).toEqual(['Trace', 'Security']);
    expect(xml).toContain('<h:Trace id="t-1">abc</h:Trace>');
    expect(xml.startsWith('<?xml version="1.0" encoding="utf-8"?>\n')).toBe(true);
  });

  it('fills an existing Security header, adding mustUnderstand and keeping its tokens', () => {
    const p = parts(signed('an existing Security header'));
    expect(kids(p.security).map((e) => e.local)).toEqual(['UsernameToken', 'BinarySecurityToken', 'Timestamp', 'Signature']);
    expect(attr(p.security, SOAP11_NS, 'mustUnderstand')).toBe('1');
  });

  it('gives the Body a wsu:Id and leaves its content byte for byte as it was', () => {
    const input = ENVELOPES['unicode text']!;
    const xml = sign(input, { credentials });
    const p = parts(xml);
    expect(attr(p.body, WSU_NS, 'Id')).toMatch(/^Body-/);
    const content = (s: string) => s.slice(s.indexOf('<t '), s.indexOf('</s:Body>'));
    expect(content(xml)).toBe(content(input));
    expect(text(kids(p.body)[0]!)).toBe('Año 2024 · €20 · 日本 · 😀');
  });

  it('keeps escaped characters and attributes of the Body intact', () => {
    const p = parts(signed('text and attributes needing escaping'));
    const t = kids(p.body)[0]!;
    expect(attr(t, '', 'a')).toBe('<&"\t\n\r\'>');
    expect(attr(t, '', 'b')).toBe('"quoted"');
    expect(text(t)).toBe('5 < 6 && 7 > 6 \r A "q" \'a\'');
  });

  it('keeps an existing wsu:Id of the Body and references it', () => {
    const input = `<s:Envelope xmlns:s="${SOAP11_NS}" xmlns:wsu="${WSU_NS}"><s:Body wsu:Id="mine"><t/></s:Body></s:Envelope>`;
    const p = parts(sign(input, { credentials }));
    const info = only(p.signature, DS_NS, 'SignedInfo');
    expect(attr(kids(info, DS_NS, 'Reference')[0]!, '', 'URI')).toBe('#mine');
  });

  it('uses different ids on every call', () => {
    const ids = (xml: string): string[] => xml.match(/(X509|TS|Body)-[0-9a-f]{24}/g) ?? [];
    const first = ids(signed('SOAP 1.2'));
    const second = ids(signed('SOAP 1.2'));
    expect(first.length).toBeGreaterThan(0);
    expect(first.filter((id) => second.includes(id))).toEqual([]);
  });

  it('produces the same output for the same clock apart from the random ids and what they change', () => {
    const stable = (xml: string) => xml.replace(/-[0-9a-f]{24}/g, '-ID')
      .replace(/<ds:(DigestValue|SignatureValue)>[^<]*/g, '<ds:$1>');
    expect(stable(signed('nested namespaces declared on the Envelope and unused ones')))
      .toBe(stable(signed('nested namespaces declared on the Envelope and unused ones')));
  });

  it('refuses a document that is not a SOAP envelope with WSSEC_MALFORMED', () => {
    expect(thrownCode(() => sign('<Envelope><Body/></Envelope>', { credentials }))).toBe('WSSEC_MALFORMED');
    expect(thrownCode(() => sign(`<s:Envelope xmlns:s="${SOAP11_NS}"><s:Header/></s:Envelope>`, { credentials }))).toBe('WSSEC_MALFORMED');
    expect(thrownCode(() => sign(`<s:Envelope xmlns:s="${SOAP11_NS}"><s:Body/><s:Body/></s:Envelope>`, { credentials }))).toBe('WSSEC_MALFORMED');
    expect(thrownCode(() => sign(`<s:Envelope xmlns:s="${SOAP11_NS}"><s:Body>`, { credentials }))).toBe('WSSEC_MALFORMED');
    expect(thrownCode(() => sign('not xml at all', { credentials }))).toBe('WSSEC_MALFORMED');
  });

  it('refuses a DOCTYPE with WSSEC_DOCTYPE', () => {
    const input = `<!DOCTYPE s:Envelope [<!ENTITY x "boom">]><s:Envelope xmlns:s="${SOAP11_NS}"><s:Body>&x;</s:Body></s:Envelope>`;
    expect(thrownCode(() => sign(input, { credentials }))).toBe('WSSEC_DOCTYPE');
  });

  it('refuses an envelope that already carries a signature in its Security header', () => {
    const once = signed('SOAP 1.2');
    expect(thrownCode(() => sign(once, { credentials }))).toBe('WSSEC_MALFORMED');
  });

  it('refuses a TTL that is not a positive number of seconds', () => {
    expect(thrownCode(() => signed('SOAP 1.2', { ttlSeconds: 0 }))).toBe('CONFIG_INVALID');
    expect(thrownCode(() => signed('SOAP 1.2', { ttlSeconds: Number.NaN }))).toBe('CONFIG_INVALID');
  });
});

const WSA_NS = 'http://www.w3.org/2005/08/addressing';
const TO = `<wsa:To xmlns:wsa="${WSA_NS}">urn:sir:destino</wsa:To>`;
const withHeader = (blocks: string) =>
  `<soap:Envelope xmlns:soap="${SOAP11_NS}"><soap:Header>${blocks}</soap:Header><soap:Body><m:ping xmlns:m="urn:example">hola</m:ping></soap:Body></soap:Envelope>`;

describe('sign() with extra references', () => {
  let pki: TestPki;
  let credentials: SigningCredentials;

  beforeAll(() => {
    pki = createTestPki();
    credentials = credentialsFromPem(pki.leafKeyPem, pki.leafCertPem);
  });
  afterAll(() => pki.remove());

  const signTo = (input = withHeader(TO)) => sign(input, { credentials, now: NOW, extraReferences: ['To'] });
  const to = (p: Signed) => only(p.header, WSA_NS, 'To');

  it('signs a named header block as a third reference after the Body and the Timestamp', () => {
    const p = parts(signTo());
    const info = only(p.signature, DS_NS, 'SignedInfo');
    const refs = kids(info, DS_NS, 'Reference');
    expect(refs.map((r) => attr(r, '', 'URI')))
      .toEqual([`#${attr(p.body, WSU_NS, 'Id')}`, `#${attr(p.timestamp, WSU_NS, 'Id')}`, `#${attr(to(p), WSU_NS, 'Id')}`]);
    expect(attr(only(refs[2]!, DS_NS, 'DigestMethod'), '', 'Algorithm')).toBe(SHA256);
    expect(kids(only(refs[2]!, DS_NS, 'Transforms')).map((t) => attr(t, '', 'Algorithm'))).toEqual([EXC_C14N]);
    expect(text(only(refs[2]!, DS_NS, 'DigestValue'))).toBe(digest(excC14n(to(p))));
  });

  it('gives the header block a wsu:Id, declaring wsu on it like on the Body, and leaves its content alone', () => {
    const xml = signTo();
    expect(attr(to(parts(xml)), WSU_NS, 'Id')).toMatch(/^H1-[0-9a-f]{24}$/);
    expect(xml).toMatch(new RegExp(`<wsa:To xmlns:wsa="${WSA_NS}" xmlns:wsu="${WSU_NS}" wsu:Id="H1-[0-9a-f]{24}">urn:sir:destino</wsa:To>`));
  });

  it('keeps an existing wsu:Id of the header block and references it', () => {
    const p = parts(signTo(withHeader(`<wsa:To xmlns:wsa="${WSA_NS}" xmlns:wsu="${WSU_NS}" wsu:Id="to-mine">x</wsa:To>`)));
    const refs = kids(only(p.signature, DS_NS, 'SignedInfo'), DS_NS, 'Reference');
    expect(attr(refs[2]!, '', 'URI')).toBe('#to-mine');
  });

  it('adds one reference per named block, in the order given', () => {
    const input = withHeader(`${TO}<wsa:Action xmlns:wsa="${WSA_NS}">urn:enviar</wsa:Action>`);
    const p = parts(sign(input, { credentials, now: NOW, extraReferences: ['Action', 'To'] }));
    const refs = kids(only(p.signature, DS_NS, 'SignedInfo'), DS_NS, 'Reference');
    const action = only(p.header, WSA_NS, 'Action');
    expect(refs.slice(2).map((r) => attr(r, '', 'URI'))).toEqual([`#${attr(action, WSU_NS, 'Id')}`, `#${attr(to(p), WSU_NS, 'Id')}`]);
  });

  it('is verified by verify() given the same extra references, and rejected without them as not exactly the required set', async () => {
    const trust = createTrustStore({ pinned: [pki.leafCertPem] });
    // Signed now, not at NOW: the test certificates are valid from the moment they were made.
    const now = new Date();
    const xml = sign(withHeader(TO), { credentials, now, extraReferences: ['To'] });
    await expect(verify(xml, { trust, now, extraReferences: ['To'] })).resolves.toHaveProperty('body');
    expect(await codeOf(verify(xml, { trust, now }))).toBe('WSSEC_REFERENCES_MISMATCH');
  });

  it('signs exactly Body and Timestamp when the list is empty', () => {
    const p = parts(sign(withHeader(TO), { credentials, now: NOW, extraReferences: [] }));
    expect(kids(only(p.signature, DS_NS, 'SignedInfo'), DS_NS, 'Reference')).toHaveLength(2);
    expect(attr(to(p), WSU_NS, 'Id')).toBeUndefined();
  });

  it('refuses a named block that is missing, repeated, or only the Security header, with WSSEC_MALFORMED', () => {
    expect(thrownCode(() => signTo(ENVELOPES['SOAP 1.1 without a Header']))).toBe('WSSEC_MALFORMED');
    expect(thrownCode(() => signTo(withHeader('<h:Trace xmlns:h="urn:h">1</h:Trace>')))).toBe('WSSEC_MALFORMED');
    expect(thrownCode(() => signTo(withHeader(TO + TO)))).toBe('WSSEC_MALFORMED');
    expect(thrownCode(() => signTo(withHeader(`${TO}<x:To xmlns:x="urn:other">2</x:To>`)))).toBe('WSSEC_MALFORMED');
    const security = withHeader(`<wsse:Security xmlns:wsse="${WSSE_NS}"></wsse:Security>`);
    expect(thrownCode(() => sign(security, { credentials, extraReferences: ['Security'] }))).toBe('WSSEC_MALFORMED');
  });

  it('says which block is wrong and how many there are', () => {
    expect(() => signTo(withHeader(TO + TO))).toThrow(/exactly one "To" block .*carries 2/);
  });

  it('refuses a name listed twice as a configuration error', () => {
    expect(thrownCode(() => sign(withHeader(TO), { credentials, extraReferences: ['To', 'To'] }))).toBe('CONFIG_INVALID');
  });
});
