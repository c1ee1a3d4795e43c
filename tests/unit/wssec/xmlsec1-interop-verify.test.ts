import { startCaptureServer, type CaptureServer } from '../../helpers/capture-server';
import path from 'node:path';
import * as soap from 'soap';
import { createTrustStore } from '../../../src/wssec/trust';
import type { TrustStore } from '../../../src/wssec/types';
import { verify } from '../../../src/wssec/verify';
import { codeOf } from '../../helpers/errors';
import { type TestPki, createTestPki } from '../../helpers/pki';
import { NS, type TemplateOptions, around, idNodes, signWithXmlsec, wsTemplate } from './verify-fixtures';

/**
 * Interoperability of the verifier with independent signers: xmlsec1 (libxml2's canonicaliser)
 * signing WS-Security templates, and node-soap's own WSSecurityCert (xml-crypto).
 */

const WSDL = path.resolve(__dirname, '..', '..', '..', 'schemas', 'wsdl', 'WS_SIR6_B.wsdl');
const RESPONSE = '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body>'
  + '<ns1:recepcionFicheroDeAplicacionResponse xmlns:ns1="http://impl.manager.cct.map.es"><recepcionFicheroDeAplicacionReturn>'
  + '<codigo>00</codigo></recepcionFicheroDeAplicacionReturn></ns1:recepcionFicheroDeAplicacionResponse></soapenv:Body></soapenv:Envelope>';

/** A Body that exercises canonicalisation: namespaces, attribute order, escapes, CDATA, comments. */
const TRICKY_BODY = '<m:Enviar xmlns:m="urn:example:m" xmlns:unused="urn:example:unused" xmlns="urn:example:default">'
  + '<Item b="2" a="1" m:z="3" xmlns:n="urn:example:n" n:a="4" xml:lang="es">Año &amp; &lt;tasa&gt; "quoted" \'apos\'</Item>'
  + '<Raw><![CDATA[<not-markup> & more]]></Raw>'
  + '<Attr v="tab&#9;nl&#10;cr&#13;quote&quot;lt&lt;gt>amp&amp;"/>'
  + '<Text>line one&#13;\nline two&#x20AC;</Text>'
  + '<Wrap><NoNs xmlns=""><Inner xmlns="urn:example:inner"><m:Deep/></Inner></NoNs></Wrap><NoNs xmlns=""/>'
  + '<n2:Redeclared xmlns:n2="urn:example:n2"><n2:Child xmlns:n2="urn:example:n2"/></n2:Redeclared>'
  + '<Empty></Empty><SelfClosed/></m:Enviar>';

let pki: TestPki;
let trust: TrustStore;
let now: Date;

function xmlsecSigned(extra: Partial<TemplateOptions> = {}): string {
  return signWithXmlsec(wsTemplate({ certPem: pki.leafCertPem, ...around(now, -5), ...extra }), pki.files.leafKey, idNodes(extra.soap12));
}

beforeAll(() => {
  pki = createTestPki();
  now = new Date();
  trust = createTrustStore({ pinned: [pki.leafCertPem] });
});
afterAll(() => pki.remove());

describe('envelopes signed by xmlsec1 --sign from a template', () => {
  it('verify with ours, SOAP 1.1 and SOAP 1.2', async () => {
    await expect(verify(xmlsecSigned(), { trust, now })).resolves.toHaveProperty('body');
    await expect(verify(xmlsecSigned({ soap12: true }), { trust, now })).resolves.toHaveProperty('body');
  });

  it('verify with ours when the Body needs every canonicalisation rule', async () => {
    const { body } = await verify(xmlsecSigned({ body: TRICKY_BODY }), { trust, now });
    // The digest matching proves our canonical bytes equal libxml2's; these spell out a few rules.
    expect(body).toContain('<Item xmlns="urn:example:default" xmlns:n="urn:example:n" a="1" b="2" xml:lang="es" m:z="3" n:a="4">');
    expect(body).toContain('<Raw xmlns="urn:example:default">&lt;not-markup&gt; &amp; more</Raw><Attr');
    expect(body).toContain('v="tab&#x9;nl&#xA;cr&#xD;quote&quot;lt&lt;gt>amp&amp;"');
    expect(body).toContain('<Wrap xmlns="urn:example:default"><NoNs xmlns=""><Inner xmlns="urn:example:inner"><m:Deep></m:Deep></Inner></NoNs></Wrap><NoNs></NoNs>');
    expect(body).not.toContain('urn:example:unused');
  });

  it('refuse, with ours, a validly signed Body that carries a comment (pasarela refuses comments in signed content)', async () => {
    const signed = xmlsecSigned({ body: '<x:Enviar xmlns:x="urn:example:x">a<!-- note -->b</x:Enviar>' });
    await expect(verify(signed, { trust, now })).rejects.toMatchObject({ code: 'WSSEC_COMMENT_IN_SIGNED_CONTENT' });
  });

  it('verify with ours with an InclusiveNamespaces PrefixList, including #default', async () => {
    const body = '<x:Enviar xmlns:x="urn:example:x"><x:Tipo xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="soap:string">a</x:Tipo></x:Enviar>';
    await expect(verify(xmlsecSigned({ body, prefixList: 'soap wsse #default' }), { trust, now })).resolves.toHaveProperty('body');
  });

  it('verify with ours when the template is pretty-printed', async () => {
    const pretty = wsTemplate({ certPem: pki.leafCertPem, ...around(now, -5) }).replace(/></g, '>\n  <');
    const signed = signWithXmlsec(pretty, pki.files.leafKey);
    expect(signed).toMatch(/<ds:SignatureValue>[^<]*\n/);
    await expect(verify(signed, { trust, now })).resolves.toHaveProperty('body');
  });

  it('verify with ours against a CA-based trust store', async () => {
    await expect(verify(xmlsecSigned(), { trust: createTrustStore({ cas: [pki.caCertPem] }), now })).resolves.toHaveProperty('body');
  });
});

describe("envelopes signed by node-soap's own WSSecurityCert", () => {
  let server: CaptureServer;

  beforeAll(async () => {
    server = await startCaptureServer(() => RESPONSE);
  });
  afterAll(async () => {
    await server.close();
  });

  async function sendWith(options: Record<string, unknown>): Promise<string> {
    const client = await soap.createClientAsync(WSDL, { endpoint: server.url });
    client.setSecurity(new soap.WSSecurityCert(pki.leafKeyPem, pki.leafCertPem, '', options));
    const call = (client as unknown as Record<string, (args: unknown) => Promise<unknown>>).recepcionFicheroDeAplicacionAsync!;
    await call({ registro: '<Fichero_Intercambio_SICRES_3>Año & "ñ"</Fichero_Intercambio_SICRES_3>' });
    return server.received[server.received.length - 1]!;
  }

  const recommended = {
    hasTimeStamp: true,
    signatureTransformations: [NS.excC14n],
    digestAlgorithm: NS.sha256,
    signerOptions: { idMode: 'wssecurity' },
  };

  it('verify with ours when sent with the recommended options, and yield the Body node-soap sent', async () => {
    const sent = await sendWith(recommended);
    const { body, timestamp } = await verify(sent, { trust, now: new Date() });
    expect(body).toContain('&lt;Fichero_Intercambio_SICRES_3&gt;Año &amp; "ñ"&lt;/Fichero_Intercambio_SICRES_3&gt;');
    expect(timestamp.expires.getTime() - timestamp.created.getTime()).toBe(600_000);
  });

  it("verify with ours when node-soap puts a plain Id instead of wsu:Id", async () => {
    const sent = await sendWith({ ...recommended, signerOptions: {} });
    expect(sent).toMatch(/<soap:Body [^>]*Id="_0"/);
    await expect(verify(sent, { trust, now: new Date() })).resolves.toHaveProperty('body');
  });

  it('are refused with its default transforms, which add the enveloped-signature transform', async () => {
    const sent = await sendWith({ signerOptions: { idMode: 'wssecurity' } });
    expect(sent).toContain('xmldsig#enveloped-signature');
    expect(await codeOf(verify(sent, { trust, now: new Date() }))).toBe('WSSEC_ALGORITHM_NOT_ALLOWED');
  });
});
