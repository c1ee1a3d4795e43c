import { DOMParser } from '@xmldom/xmldom';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createSirConnector } from '../../../../src/connectors/sir';
import type { SirConfig } from '../../../../src/connectors/sir/config';
import { ensureDevCertificate } from '../../../../src/connectors/sir/dev-cert';
import type { Connector, DeliveryContext } from '../../../../src/core/plugin';
import { silentLogger } from '../../../../src/observability/logger';
import { createTrustStore } from '../../../../src/wssec/trust';
import { verify } from '../../../../src/wssec/verify';
import { startSirSimulator, type SirSimulator } from '../../../../simulators/sir';
import { registryEntryToSicres3, type SicresFichero } from '../../../../transforms/registry-entry-to-sicres3';
import { startCaptureServer, type CaptureServer } from '../../../helpers/capture-server';
import { envelopeOf, minimalEntry, richEntry } from '../../../fixtures/sir/registry-entries';

const logger = silentLogger();
const ctx = (): DeliveryContext => ({ signal: new AbortController().signal, attempt: 1, idempotencyKey: 'm', route: 'registry-entry-to-sir', logger });
const SOAP_ENCODING = 'http://schemas.xmlsoap.org/soap/encoding/';
const OK =
  '<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>' +
  '<tns:recepcionFicheroDeAplicacionResponse xmlns:tns="http://impl.manager.cct.map.es"><recepcionFicheroDeAplicacionReturn>' +
  '<codigo>00</codigo><descripcion>Exito</descripcion></recepcionFicheroDeAplicacionReturn>' +
  '</tns:recepcionFicheroDeAplicacionResponse></soap:Body></soap:Envelope>';

const SOAP_ENV = 'http://schemas.xmlsoap.org/soap/envelope/';
const XSI = 'http://www.w3.org/2001/XMLSchema-instance';
const parse = (xml: string) => new DOMParser().parseFromString(xml, 'text/xml');

describe('WS_SIR6_B in rpc/encoded style', () => {
  let dir: string;
  let keys: { keyFile: string; certFile: string };
  let sim: SirSimulator;
  let capture: CaptureServer;
  const open: Connector<SirConfig, SicresFichero>[] = [];
  const connector = async (config: SirConfig) => {
    const c = createSirConnector();
    await c.init({ config, logger });
    open.push(c);
    return c;
  };
  const signed = () => ({ keyFile: keys.keyFile, certFile: keys.certFile });

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'pasarela-sir-encoded-'));
    keys = ensureDevCertificate({ dir });
    sim = await startSirSimulator({ port: 0, logger, requireSignature: createTrustStore({ pinned: [readFileSync(keys.certFile, 'utf8')] }) });
    capture = await startCaptureServer(() => OK);
  });
  afterAll(async () => {
    for (const c of open) await c.close();
    await sim?.stop();
    await capture?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('round-trips a signed fichero, annexes included, through the signature-checking simulator', async () => {
    const sir = await connector({ endpoint: sim.url, timeoutMs: 5000, style: 'encoded', wssec: signed() });
    const rich = registryEntryToSicres3.apply(envelopeOf(richEntry('O00012345_26_00000301')));
    expect((await sir.deliver(rich, ctx())).code).toBe('00');
    expect(sim.received()).toEqual(['O00012345_26_00000301']);
  });

  it('declares the SOAP encoding and types registro as xsd:string, carrying the fichero text unchanged', async () => {
    const sir = await connector({ endpoint: capture.url, timeoutMs: 5000, style: 'encoded', wssec: signed() });
    const fichero = registryEntryToSicres3.apply(envelopeOf(minimalEntry('O00012345_26_00000302')));
    await sir.deliver(fichero, ctx());
    const request = capture.received.at(-1)!;
    const doc = parse(request);
    const body = doc.getElementsByTagNameNS(SOAP_ENV, 'Body')[0]!;
    expect(body.getAttributeNS(SOAP_ENV, 'encodingStyle')).toBe(SOAP_ENCODING);
    const registro = doc.getElementsByTagName('registro')[0]!;
    expect(registro.parentNode?.parentNode).toBe(body);
    expect(registro.getAttributeNS(XSI, 'type')).toBe('xsd:string');
    expect(registro.lookupNamespaceURI('xsd')).toBe('http://www.w3.org/2001/XMLSchema');
    expect(registro.textContent).toBe(fichero.xml);
    // The encoding attribute sits inside the signed Body: it cannot be stripped unnoticed.
    const trust = createTrustStore({ pinned: [readFileSync(keys.certFile, 'utf8')] });
    expect((await verify(request, { trust })).body).toContain(`encodingStyle="${SOAP_ENCODING}"`);
  });

  it('stays literal by default: no encoding style, no xsi:type', async () => {
    const sir = await connector({ endpoint: capture.url, timeoutMs: 5000, wssec: { sign: false } });
    await sir.deliver(registryEntryToSicres3.apply(envelopeOf(minimalEntry('O00012345_26_00000303'))), ctx());
    const request = capture.received.at(-1)!;
    expect(request).not.toContain('encodingStyle');
    expect(request).not.toContain('xsi:type');
  });
});
