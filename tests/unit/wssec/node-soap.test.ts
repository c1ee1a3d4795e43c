import { startCaptureServer, type CaptureServer } from '../../helpers/capture-server';
import path from 'node:path';
import * as soap from 'soap';
import { credentialsFromPem } from '../../../src/wssec/keys';
import { PasarelaWsSecurity } from '../../../src/wssec/node-soap';
import { createTestPki, type TestPki } from '../../helpers/pki';
import { xmlsec1Verify } from './sign-helpers';

const WSDL = path.resolve(__dirname, '..', '..', '..', 'schemas', 'wsdl', 'WS_SIR6_B.wsdl');
const RESPONSE = '<?xml version="1.0" encoding="utf-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/">'
  + '<soapenv:Body><ns1:recepcionFicheroDeAplicacionResponse xmlns:ns1="http://impl.manager.cct.map.es">'
  + '<recepcionFicheroDeAplicacionReturn><codigo>00</codigo><descripcion>OK</descripcion></recepcionFicheroDeAplicacionReturn>'
  + '</ns1:recepcionFicheroDeAplicacionResponse></soapenv:Body></soapenv:Envelope>';

type Call = (args: unknown) => Promise<[unknown, string, unknown, string]>;

describe('the node-soap security plug-in', () => {
  let pki: TestPki;
  let server: CaptureServer;

  beforeAll(async () => {
    pki = createTestPki();
    server = await startCaptureServer(() => RESPONSE);
  });
  afterAll(async () => {
    await server.close();
    pki.remove();
  });

  async function callWith(security: PasarelaWsSecurity, registro: string): Promise<{ sent: string; rawRequest: string }> {
    const client = await soap.createClientAsync(WSDL, { endpoint: server.url });
    client.setSecurity(security);
    const call = (client as unknown as { recepcionFicheroDeAplicacionAsync: Call }).recepcionFicheroDeAplicacionAsync;
    const [, , , rawRequest] = await call({ registro });
    return { sent: server.received[server.received.length - 1]!, rawRequest };
  }

  it('sends requests signed by sign() that verify with xmlsec1', async () => {
    const security = new PasarelaWsSecurity(credentialsFromPem(pki.leafKeyPem, pki.leafCertPem));
    const { sent, rawRequest } = await callWith(security, '<Fichero_Intercambio_SICRES_3>Año & "ñ"</Fichero_Intercambio_SICRES_3>');
    expect(sent).toBe(rawRequest);
    expect(sent).toContain('<wsse:BinarySecurityToken');
    expect(sent).toContain('&lt;Fichero_Intercambio_SICRES_3&gt;Año &amp;');
    const result = xmlsec1Verify(sent, pki.files.leafCert);
    expect(result.output).toContain('SignedInfo References (ok/all): 2/2');
    expect(result.ok).toBe(true);
  });

  it('applies the configured TTL and clock', async () => {
    const now = new Date('2025-06-01T12:00:00.000Z');
    const security = new PasarelaWsSecurity(credentialsFromPem(pki.leafKeyPem, pki.leafCertPem), { ttlSeconds: 60, now: () => now });
    const { sent } = await callWith(security, 'x');
    expect(sent).toContain('<wsu:Created>2025-06-01T12:00:00.000Z</wsu:Created><wsu:Expires>2025-06-01T12:01:00.000Z</wsu:Expires>');
  });

  it('adds nothing to the Header before signing', () => {
    expect(new PasarelaWsSecurity(credentialsFromPem(pki.leafKeyPem, pki.leafCertPem)).toXML()).toBe('');
  });
});
