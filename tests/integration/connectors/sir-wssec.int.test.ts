import { createSirConnector } from '../../../src/connectors/sir';
import type { SirConfig } from '../../../src/connectors/sir/config';
import type { Connector, DeliveryContext } from '../../../src/core/plugin';
import { silentLogger } from '../../../src/observability/logger';
import { credentialsFromPem } from '../../../src/wssec/keys';
import { sign } from '../../../src/wssec/sign';
import { createTrustStore } from '../../../src/wssec/trust';
import { startSirSimulator, type SirSimulator } from '../../../simulators/sir';
import { registryEntryToSicres3, type SicresFichero } from '../../../transforms/registry-entry-to-sicres3';
import { startCaptureServer, type CaptureServer } from '../../helpers/capture-server';
import { codeOf } from '../../helpers/errors';
import { createTestPki, type TestPki } from '../../helpers/pki';
import { envelopeOf, minimalEntry } from '../../fixtures/sir/registry-entries';

const logger = silentLogger();
const ctx = (): DeliveryContext => ({ signal: new AbortController().signal, attempt: 1, idempotencyKey: 'm', route: 'registry-entry-to-sir', logger });
const fichero = (id: string): SicresFichero => registryEntryToSicres3.apply(envelopeOf(minimalEntry(id)));

async function connector(config: SirConfig): Promise<Connector<SirConfig, SicresFichero>> {
  const c = createSirConnector();
  await c.init({ config, logger });
  return c;
}

describe('the SIR connector signs through src/wssec', () => {
  let pki: TestPki;
  let sim: SirSimulator;
  const open: Connector<SirConfig, SicresFichero>[] = [];
  const signing = async (key: string, cert: string) => {
    const c = await connector({ endpoint: sim.url, timeoutMs: 5000, wssec: { sign: true, keyFile: key, certFile: cert } });
    open.push(c);
    return c;
  };

  beforeAll(async () => {
    pki = createTestPki();
    // A SIR that only accepts requests signed by a certificate its CA issued.
    sim = await startSirSimulator({ port: 0, logger, requireSignature: createTrustStore({ cas: [pki.caCertPem] }) });
  });
  afterAll(async () => {
    for (const c of open) await c.close();
    await sim?.stop();
    pki?.remove();
  });

  it('delivers a signed fichero that the signature-checking SIR accepts', async () => {
    const sir = await signing(pki.files.leafKey, pki.files.leafCert);
    const receipt = await sir.deliver(fichero('O00012345_26_00000001'), ctx());
    expect(receipt.code).toBe('00');
    expect(sim.received()).toContain('O00012345_26_00000001');
  });

  it('is refused, not retried, when it does not sign', async () => {
    const sir = await connector({ endpoint: sim.url, timeoutMs: 5000, wssec: { sign: false } });
    open.push(sir);
    expect(await codeOf(sir.deliver(fichero('O00012345_26_00000002'), ctx()))).toBe('CONNECTOR_CLIENT_FAULT');
  });

  it('is refused when it signs with a certificate SIR does not trust', async () => {
    const sir = await signing(pki.files.otherKey, pki.files.otherCert);
    expect(await codeOf(sir.deliver(fichero('O00012345_26_00000003'), ctx()))).toBe('CONNECTOR_CLIENT_FAULT');
    expect(sim.received()).not.toContain('O00012345_26_00000003');
  });

  it('stops at init, naming no secret, when the key file is missing', async () => {
    const c = createSirConnector();
    const code = await codeOf(c.init({ config: { endpoint: sim.url, timeoutMs: 5000, wssec: { sign: true, keyFile: '/nonexistent/key.pem', certFile: pki.files.leafCert } }, logger }));
    expect(code).toBe('WSSEC_KEY_INVALID');
  });
});

describe('the SIR connector verifies signed responses before reading them', () => {
  let pki: TestPki;
  let server: CaptureServer;
  let answer: () => string;
  const respuesta = (codigo: string) =>
    '<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>' +
    '<tns:recepcionFicheroDeAplicacionResponse xmlns:tns="http://impl.manager.cct.map.es"><recepcionFicheroDeAplicacionReturn>' +
    `<codigo>${codigo}</codigo><descripcion>Exito</descripcion></recepcionFicheroDeAplicacionReturn>` +
    '</tns:recepcionFicheroDeAplicacionResponse></soap:Body></soap:Envelope>';

  beforeAll(async () => {
    pki = createTestPki();
    server = await startCaptureServer(() => answer());
  });
  afterAll(async () => {
    await server?.close();
    pki?.remove();
  });

  const verifying = () =>
    connector({ endpoint: server.url, timeoutMs: 5000, wssec: { sign: false, verifyResponses: true, trustPinnedFiles: [pki.files.leafCert] } });
  const signed = (codigo: string) => sign(respuesta(codigo), { credentials: credentialsFromPem(pki.leafKeyPem, pki.leafCertPem) });

  it('reads the answer from the verified Body', async () => {
    answer = () => signed('00');
    const sir = await verifying();
    expect((await sir.deliver(fichero('O00012345_26_00000010'), ctx())).code).toBe('00');
    await sir.close();
  });

  it('refuses an answer changed after it was signed', async () => {
    answer = () => signed('00').replace('<codigo>00</codigo>', '<codigo>0037</codigo>');
    const sir = await verifying();
    expect(await codeOf(sir.deliver(fichero('O00012345_26_00000011'), ctx()))).toBe('WSSEC_DIGEST_MISMATCH');
    await sir.close();
  });

  it('refuses an unsigned answer', async () => {
    answer = () => respuesta('00');
    const sir = await verifying();
    expect(await codeOf(sir.deliver(fichero('O00012345_26_00000012'), ctx()))).toBe('WSSEC_NO_SIGNATURE');
    await sir.close();
  });
});
