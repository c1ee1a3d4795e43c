import { credentialsFromPem } from '../../../src/wssec/keys';
import { sign } from '../../../src/wssec/sign';
import type { SigningCredentials } from '../../../src/wssec/types';
import { createTestPki, type TestPki } from '../../helpers/pki';
import { ENVELOPES, xmlsec1Verify } from './sign-helpers';

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
});
