import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSirConnector } from '../../../src/connectors/sir';
import { connectorFactories } from '../../../src/connectors';
import { PasarelaError } from '../../../src/core/errors';
import type { Connector, DeliveryContext } from '../../../src/core/plugin';
import { silentLogger } from '../../../src/observability/logger';
import { startSirSimulator, type SirSimulator } from '../../../simulators/sir';
import { registryEntryToSicres3, type SicresFichero } from '../../../transforms/registry-entry-to-sicres3';
import { annexOf, envelopeOf, minimalEntry, richEntry } from '../../fixtures/sir/registry-entries';

const logger = silentLogger();

function ctx(signal: AbortSignal = new AbortController().signal): DeliveryContext {
  return { signal, attempt: 1, idempotencyKey: 'msg-1', route: 'registry-entry-to-sir', logger };
}

function fichero(id: string, rich = false): SicresFichero {
  return registryEntryToSicres3.apply(envelopeOf(rich ? richEntry(id) : minimalEntry(id)));
}

async function connectorFor(endpoint: string, timeoutMs = 5000): Promise<Connector<unknown, SicresFichero>> {
  const c = createSirConnector();
  await c.init({ config: { endpoint, timeoutMs, wssec: { sign: false } }, logger });
  return c as Connector<unknown, SicresFichero>;
}

async function failureOf(p: Promise<unknown>): Promise<PasarelaError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(PasarelaError);
    return e as PasarelaError;
  }
  throw new Error('the delivery succeeded');
}

/** A plain HTTP server for failure modes; `handler` decides how (or whether) to answer. */
async function rawServer(handler: http.RequestListener): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/CIR_P2P/services/WS_SIR6_B`,
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}

async function closedPortUrl(): Promise<string> {
  const s = await rawServer(() => undefined);
  await s.close();
  return s.url;
}

describe('SIR connector against the SIR simulator (real HTTP)', () => {
  let sim: SirSimulator;
  let sir: Connector<unknown, SicresFichero>;

  beforeAll(async () => {
    sim = await startSirSimulator({ port: 0 });
    sir = await connectorFor(sim.url);
  });
  afterAll(async () => {
    await sir.close();
    await sim.stop();
  });
  beforeEach(() => sim.reset());

  it('is registered as "sir" and accepts sir-fichero payloads', () => {
    const c = connectorFactories.sir();
    expect(c.name).toBe('sir');
    expect(c.accepts).toEqual(['sir-fichero']);
    expect(c.configSchema).toMatchObject({ required: ['endpoint', 'timeoutMs'] });
  });

  it('delivers a fichero from the transform, gets 00 and the simulator counts it', async () => {
    const receipt = await sir.deliver(fichero('O00012345_24_00000010', true), ctx());
    expect(receipt).toEqual({ code: '00', description: 'Exito', keys: { exchangeId: 'O00012345_24_00000010' } });
    expect(sim.stats()).toMatchObject({ received: 1, unique: 1, duplicates: 0 });
    expect(sim.received()).toEqual(['O00012345_24_00000010']);
  });

  it('lets the simulator see the same exchange id twice as one duplicate', async () => {
    await sir.deliver(fichero('O00012345_24_00000011'), ctx());
    await sir.deliver(fichero('O00012345_24_00000011'), ctx());
    expect(sim.stats()).toMatchObject({ received: 2, unique: 1, duplicates: 1 });
  });

  it('delivers a fichero carrying a 10 MiB annex', async () => {
    const entry = minimalEntry('O00012345_24_00000012');
    entry.annexes = [annexOf('big.pdf', 'x'.repeat(10 * 1024 * 1024))];
    const receipt = await sir.deliver(registryEntryToSicres3.apply(envelopeOf(entry)), ctx());
    expect(receipt.code).toBe('00');
  });

  it('turns a 0037 answer to a fichero without De_Asunto into SIR_REJECTED, not retryable', async () => {
    const f = fichero('O00012345_24_00000013');
    const broken = { ...f, xml: f.xml.replace(/<De_Asunto>[\s\S]*<\/De_Asunto>\n/, '') };
    const err = await failureOf(sir.deliver(broken, ctx()));
    expect(err.code).toBe('SIR_REJECTED');
    expect(err.retryable).toBe(false);
    expect(err.details).toMatchObject({ sirCode: '0037', exchangeId: 'O00012345_24_00000013' });
    expect(String(err.details.sirDescription)).toContain('lacks De_Asunto');
    expect(sim.stats().received).toBe(0);
  });

  it('clears the simulator counts on reset', async () => {
    await sir.deliver(fichero('O00012345_24_00000014'), ctx());
    expect(sim.stats().received).toBe(1);
    sim.reset();
    expect(sim.stats()).toMatchObject({ received: 0, unique: 0, duplicates: 0 });
  });

  it('reports itself healthy against the simulator', async () => {
    await expect(sir.check!()).resolves.toBe(true);
  });

  it('throws CONNECTOR_TIMEOUT without calling SIR when the delivery is already aborted', async () => {
    const ac = new AbortController();
    ac.abort();
    const err = await failureOf(sir.deliver(fichero('O00012345_24_00000015'), ctx(ac.signal)));
    expect(err.code).toBe('CONNECTOR_TIMEOUT');
    expect(sim.stats().received).toBe(0);
  });
});

describe('SIR connector transport failures (real sockets)', () => {
  it('throws CONNECTOR_UNREACHABLE, retryable, against a closed port, and check() is false', async () => {
    const sir = await connectorFor(await closedPortUrl());
    const err = await failureOf(sir.deliver(fichero('O00012345_24_00000020'), ctx()));
    expect(err.code).toBe('CONNECTOR_UNREACHABLE');
    expect(err.retryable).toBe(true);
    expect(err.details).toMatchObject({ transportCode: 'ECONNREFUSED', exchangeId: 'O00012345_24_00000020' });
    await expect(sir.check!()).resolves.toBe(false);
    await sir.close();
  });

  it('throws CONNECTOR_TIMEOUT when the server holds the socket past timeoutMs', async () => {
    const silent = await rawServer(() => undefined);
    try {
      const sir = await connectorFor(silent.url, 300);
      const err = await failureOf(sir.deliver(fichero('O00012345_24_00000021'), ctx()));
      expect(err.code).toBe('CONNECTOR_TIMEOUT');
      expect(err.retryable).toBe(true);
    } finally {
      await silent.close();
    }
  });

  it('throws CONNECTOR_TIMEOUT when the delivery signal is aborted mid-call', async () => {
    const silent = await rawServer(() => undefined);
    try {
      const sir = await connectorFor(silent.url, 60_000);
      const ac = new AbortController();
      const pending = sir.deliver(fichero('O00012345_24_00000022'), ctx(ac.signal));
      setImmediate(() => ac.abort());
      const err = await failureOf(pending);
      expect(err.code).toBe('CONNECTOR_TIMEOUT');
      expect(err.details.transportCode).toBe('ERR_CANCELED');
    } finally {
      await silent.close();
    }
  });

  it('throws CONNECTOR_SERVER_ERROR, retryable, on HTTP 500 with a soap:Server fault', async () => {
    const failing = await rawServer((_req, res) => {
      res.writeHead(500, { 'content-type': 'text/xml; charset=utf-8' });
      res.end('<?xml version="1.0"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>'
        + '<soap:Fault><faultcode>soap:Server</faultcode><faultstring>CIR internal error</faultstring></soap:Fault>'
        + '</soap:Body></soap:Envelope>');
    });
    try {
      const sir = await connectorFor(failing.url);
      const err = await failureOf(sir.deliver(fichero('O00012345_24_00000023'), ctx()));
      expect(err.code).toBe('CONNECTOR_SERVER_ERROR');
      expect(err.retryable).toBe(true);
      expect(err.details).toMatchObject({ httpStatus: 500, faultCode: 'soap:Server', faultString: 'CIR internal error' });
    } finally {
      await failing.close();
    }
  });

  it('throws CONNECTOR_CLIENT_FAULT, not retryable, on a soap:Client fault', async () => {
    const refusing = await rawServer((_req, res) => {
      res.writeHead(500, { 'content-type': 'text/xml' });
      res.end('<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><soap:Fault>'
        + '<faultcode>soap:Client</faultcode><faultstring>bad request</faultstring></soap:Fault></soap:Body></soap:Envelope>');
    });
    try {
      const err = await failureOf((await connectorFor(refusing.url)).deliver(fichero('O00012345_24_00000024'), ctx()));
      expect(err.code).toBe('CONNECTOR_CLIENT_FAULT');
      expect(err.retryable).toBe(false);
    } finally {
      await refusing.close();
    }
  });

  it('throws CONNECTOR_BAD_RESPONSE on a 200 that is not a SOAP answer', async () => {
    const odd = await rawServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<html><body>maintenance</body></html>');
    });
    try {
      const err = await failureOf((await connectorFor(odd.url)).deliver(fichero('O00012345_24_00000025'), ctx()));
      expect(err.code).toBe('CONNECTOR_BAD_RESPONSE');
    } finally {
      await odd.close();
    }
  });

  it('sends an rpc/literal envelope with the fichero escaped inside an unqualified registro part', async () => {
    let body = '';
    let soapAction: string | undefined;
    const recorder = await rawServer((req, res) => {
      soapAction = req.headers.soapaction as string | undefined;
      req.setEncoding('utf8');
      req.on('data', (c: string) => { body += c; });
      req.on('end', () => {
        res.writeHead(200, { 'content-type': 'text/xml' });
        res.end('<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>'
          + '<tns:recepcionFicheroDeAplicacionResponse xmlns:tns="http://impl.manager.cct.map.es"><recepcionFicheroDeAplicacionReturn>'
          + '<codigo>00</codigo><descripcion>Exito</descripcion></recepcionFicheroDeAplicacionReturn>'
          + '</tns:recepcionFicheroDeAplicacionResponse></soap:Body></soap:Envelope>');
      });
    });
    try {
      const receipt = await (await connectorFor(recorder.url)).deliver(fichero('O00012345_24_00000026'), ctx());
      expect(receipt.code).toBe('00');
      expect(soapAction).toBe('""');
      expect(body).toMatch(/<soap:Body><tns:recepcionFicheroDeAplicacion><registro>&lt;\?xml version=&quot;1\.0&quot;/);
      expect(body).toContain('xmlns:tns="http://impl.manager.cct.map.es"');
      expect(body).toContain('&lt;Identificador_Intercambio&gt;O00012345_24_00000026&lt;/Identificador_Intercambio&gt;');
    } finally {
      await recorder.close();
    }
  });

  it('closes idempotently and refuses to deliver after close', async () => {
    const sir = await connectorFor(await closedPortUrl());
    await sir.close();
    await sir.close();
    expect((await failureOf(sir.deliver(fichero('O00012345_24_00000027'), ctx()))).code).toBe('CONFIG_INVALID');
  });

  it('refuses an invalid configuration at init', async () => {
    const c = createSirConnector();
    const err = await failureOf(c.init({ config: { endpoint: 'ftp://x', timeoutMs: 0 }, logger }));
    expect(err.code).toBe('CONFIG_INVALID');
  });
});
