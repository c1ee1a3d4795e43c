import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { credentialsFromPem } from '../../../src/wssec/keys';
import { SOAP11_NS, SOAP12_NS, WSU_NS } from '../../../src/wssec/namespaces';
import { sign } from '../../../src/wssec/sign';
import { createTrustStore } from '../../../src/wssec/trust';
import type { SigningCredentials } from '../../../src/wssec/types';
import { verify } from '../../../src/wssec/verify';
import { codeOf } from '../../helpers/errors';
import { createTestPki, type TestPki } from '../../helpers/pki';
import { ENVELOPES, type Xmlsec1Result, xmlsec1Verify, xmlsec1VerifyArgs } from './sign-helpers';

const WSA_NS = 'http://www.w3.org/2005/08/addressing';

/** `xmlsec1Verify`, with further elements ({namespace}:{local name}) registered as carrying an Id. */
function xmlsec1VerifyWithIds(xml: string, certFile: string, idElements: string[]): Xmlsec1Result {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pasarela-xmlsec-'));
  try {
    const file = path.join(dir, 'signed.xml');
    writeFileSync(file, xml);
    const args = xmlsec1VerifyArgs(xml, certFile, file);
    args.splice(args.length - 1, 0, ...idElements.flatMap((e) => ['--id-attr:Id', e]));
    const r = spawnSync('xmlsec1', args, { encoding: 'utf8' });
    return { ok: r.status === 0, output: `${r.stdout}${r.stderr}` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// xmlsec1 (libxmlsec1 + libxml2 C14N) is the independent oracle: every envelope we sign must
// verify there, and the same envelope with its Body changed must not.
describe('signatures made by sign() and checked by xmlsec1', () => {
  let pki: TestPki;
  let credentials: SigningCredentials;

  beforeAll(() => {
    pki = createTestPki();
    credentials = credentialsFromPem(pki.leafKeyPem, pki.leafCertPem);
  });
  afterAll(() => pki.remove());

  describe.each(Object.entries(ENVELOPES))('for an envelope with %s', (_name, envelope) => {
    let signed: string;
    beforeAll(() => {
      signed = sign(envelope, { credentials });
    });

    it('verifies with xmlsec1 and both references check out', () => {
      const result = xmlsec1Verify(signed, pki.files.leafCert);
      expect(result.output).toContain('SignedInfo References (ok/all): 2/2');
      expect(result.ok).toBe(true);
    });

    it('fails xmlsec1 once a character of the Body is changed', () => {
      const tampered = signed.replace(/<((?:\w+:)?Body)(\s[^>]*?)?(\/?)>/, (_tag, name: string, attrs = '', selfClosing: string) =>
        `<${name}${attrs}>changed${selfClosing ? `</${name}>` : ''}`);
      expect(tampered).not.toBe(signed);
      const result = xmlsec1Verify(tampered, pki.files.leafCert);
      expect(result.ok).toBe(false);
    });
  });

  it('fails xmlsec1 when the Timestamp is changed after signing', () => {
    const signed = sign(ENVELOPES['SOAP 1.1 without a Header']!, { credentials, now: new Date('2025-01-01T10:00:00.000Z') });
    const tampered = signed.replace('2025-01-01T10:05:00.000Z', '2025-01-01T11:05:00.000Z');
    expect(tampered).not.toBe(signed);
    expect(xmlsec1Verify(tampered, pki.files.leafCert).ok).toBe(false);
  });

  it('fails xmlsec1 with a certificate other than the signer', () => {
    const signed = sign(ENVELOPES['SOAP 1.2']!, { credentials });
    expect(xmlsec1Verify(signed, pki.files.otherCert).ok).toBe(false);
  });

  it('verifies a ~3 KB SIR request whose fichero travels escaped in the Body', () => {
    const fichero = '<Fichero_Intercambio_SICRES_3><De_Origen_o_Remitente><Decodificacion_Entidad_Registral_Origen>'
      + 'Ayuntamiento de Ejemplo &amp; Cía</Decodificacion_Entidad_Registral_Origen></De_Origen_o_Remitente>'
      + '<De_Interesado><Nombre_Interesado>María José Ñúñez</Nombre_Interesado></De_Interesado>'.repeat(25)
      + '</Fichero_Intercambio_SICRES_3>';
    const escaped = fichero.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
    const envelope = '<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" '
      + 'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:tns="http://impl.manager.cct.map.es"><soap:Header></soap:Header>'
      + `<soap:Body><tns:recepcionFicheroDeAplicacion><registro>${escaped}</registro></tns:recepcionFicheroDeAplicacion></soap:Body></soap:Envelope>`;
    expect(envelope.length).toBeGreaterThan(3000);
    expect(xmlsec1Verify(sign(envelope, { credentials }), pki.files.leafCert).ok).toBe(true);
  });

  describe('with a header block signed as an extra reference', () => {
    const to = `<wsa:To xmlns:wsa="${WSA_NS}">urn:sir:destino</wsa:To>`;
    const cases: [string, string][] = [
      ['SOAP 1.1', `<soap:Envelope xmlns:soap="${SOAP11_NS}"><soap:Header>${to}</soap:Header><soap:Body><m:ping xmlns:m="urn:example">hola</m:ping></soap:Body></soap:Envelope>`],
      ['SOAP 1.2', `<env:Envelope xmlns:env="${SOAP12_NS}"><env:Header>\n  ${to}\n</env:Header><env:Body><m:ping xmlns:m="urn:example">hola</m:ping></env:Body></env:Envelope>`],
      ['wsu already declared on the Envelope', `<s:Envelope xmlns:s="${SOAP11_NS}" xmlns:wsu="${WSU_NS}"><s:Header>${to}</s:Header><s:Body><t/></s:Body></s:Envelope>`],
      ['the wsu prefix bound to another namespace', `<s:Envelope xmlns:s="${SOAP11_NS}" xmlns:wsu="urn:not-wsu"><s:Header><wsa:To xmlns:wsa="${WSA_NS}" wsu:x="1"/></s:Header><s:Body><t/></s:Body></s:Envelope>`],
    ];

    it.each(cases)('%s: three references, all checked by xmlsec1', (_name, envelope) => {
      const signed = sign(envelope, { credentials, extraReferences: ['To'] });
      const result = xmlsec1VerifyWithIds(signed, pki.files.leafCert, [`${WSA_NS}:To`]);
      expect(result.output).toContain('SignedInfo References (ok/all): 3/3');
      expect(result.ok).toBe(true);
    });

    it('fails xmlsec1 once the signed header block is changed', () => {
      const signed = sign(cases[0]![1], { credentials, extraReferences: ['To'] });
      const tampered = signed.replace('urn:sir:destino', 'urn:attacker');
      expect(tampered).not.toBe(signed);
      expect(xmlsec1VerifyWithIds(tampered, pki.files.leafCert, [`${WSA_NS}:To`]).ok).toBe(false);
    });

    it('verifies with ours given the same extra references, and is refused without them', async () => {
      const trust = createTrustStore({ pinned: [pki.leafCertPem] });
      const now = new Date();
      const signed = sign(cases[1]![1], { credentials, now, extraReferences: ['To'] });
      await expect(verify(signed, { trust, now, extraReferences: ['To'] })).resolves.toHaveProperty('body');
      expect(await codeOf(verify(signed, { trust, now }))).toBe('WSSEC_REFERENCES_MISMATCH');
    });
  });
});
