import type { ISecurity } from 'soap';
import { ACTIONS, createSoapCaller, type SoapCaller } from '../../../../src/connectors/notifica/client';
import { NOTIFICA_NS } from '../../../../src/connectors/notifica/remesa';
import { isPasarelaError, type PasarelaError } from '../../../../src/core/errors';
import { apiKeyElement, envelopeParts, faultAnswer, only, refusedUrl, soapAnswer, startCannedServer, type CannedServer } from './canned-soap-server';

const ALTA_PATH = '/notifica/ws/notificaws_v2';
const SYNC_PATH = '/notifica/ws/sincronizarEnvioWs';
const OK = soapAnswer(`<iel:respuestaInfoEnvioLigero xmlns:iel="${NOTIFICA_NS.infoLigero}"><iel:codigoRespuesta>000</iel:codigoRespuesta></iel:respuestaInfoEnvioLigero>`);
const BODY = `<iel:infoEnvioLigero xmlns:iel="${NOTIFICA_NS.infoLigero}"><iel:identificador>abc123</iel:identificador><iel:nivelDetalle>3</iel:nivelDetalle></iel:infoEnvioLigero>`;

let server: CannedServer;
let caller: SoapCaller;

function callerFor(base: string, extra: { timeoutMs?: number; security?: ISecurity } = {}): SoapCaller {
  return createSoapCaller({ endpoint: `${base}${ALTA_PATH}`, syncEndpoint: `${base}${SYNC_PATH}`, timeoutMs: extra.timeoutMs ?? 10_000, security: extra.security });
}

async function failureOf(p: Promise<unknown>): Promise<PasarelaError> {
  try {
    await p;
  } catch (e) {
    if (isPasarelaError(e)) return e;
    throw e;
  }
  throw new Error('expected a rejection');
}

const call = (c: SoapCaller = caller) => c.call('SincronizarEnvioWs', ACTIONS.infoEnvioLigero, BODY, 'k-tenant-1');

beforeAll(async () => {
  server = await startCannedServer();
});

afterAll(async () => {
  await server.close();
});

beforeEach(() => {
  server.received.length = 0;
  server.answer = () => ({ body: OK });
  caller = callerFor(server.url);
});

afterEach(() => {
  caller.close();
});

describe('the Notific@ SOAP caller: what it sends', () => {
  it('posts SincronizarEnvioWs operations to the sync endpoint and altaRemesaEnvios to the submission endpoint', async () => {
    await caller.call('SincronizarEnvioWs', ACTIONS.infoEnvioLigero, BODY, 'k');
    await caller.call('NotificaWsV21', ACTIONS.altaRemesaEnvios, BODY, 'k');
    expect(server.received.map((r) => r.path)).toEqual([SYNC_PATH, ALTA_PATH]);
  });

  it('sends the quoted SOAPAction of the operation, as text/xml', async () => {
    await caller.call('SincronizarEnvioWs', ACTIONS.sincronizarEnvioOE, BODY, 'k');
    await caller.call('NotificaWsV21', ACTIONS.altaRemesaEnvios, BODY, 'k');
    expect(server.received.map((r) => r.soapAction)).toEqual(['"sincronizarEnvioOE"', `"${NOTIFICA_NS.alta}"`]);
    expect(server.received[0].contentType).toMatch(/^text\/xml\b/);
  });

  it("carries the tenant's API key in an apiKey header element in the Notific@ v2 namespace", async () => {
    await call();
    const key = apiKeyElement(server.received[0].body);
    expect(key.namespaceURI).toBe(NOTIFICA_NS.v2);
    expect(key.textContent).toBe('k-tenant-1');
  });

  it('sends the operation element it is given as the Body', async () => {
    await call();
    const op = only(envelopeParts(server.received[0].body).body, 'infoEnvioLigero');
    expect(op.namespaceURI).toBe(NOTIFICA_NS.infoLigero);
    expect(only(op, 'identificador').textContent).toBe('abc123');
  });

  it('lets WS-Security process the envelope before it is sent, when it is on', async () => {
    const security = { postProcess: (xml: string, envelopeKey: string) => xml.replace(`<${envelopeKey}:Header>`, `<${envelopeKey}:Header><wsse:Security xmlns:wsse="urn:test-wsse"/>`) } as unknown as ISecurity;
    const signed = callerFor(server.url, { security });
    try {
      await call(signed);
    } finally {
      signed.close();
    }
    const { header } = envelopeParts(server.received[0].body);
    expect(only(header!, 'Security').namespaceURI).toBe('urn:test-wsse');
    expect(only(header!, 'apiKey').textContent).toBe('k-tenant-1');
  });
});

describe('the Notific@ SOAP caller: how it reads answers', () => {
  it('resolves the Body operation of an HTTP 200 answer', async () => {
    const msg = await call();
    expect(msg.operation).toBe('respuestaInfoEnvioLigero');
    expect(msg.body.codigoRespuesta).toBe('000');
  });

  it.each([401, 403])('refuses HTTP %i with NOTIFICA_AUTH_REFUSED, not retryable', async (status) => {
    server.answer = () => ({ status, body: faultAnswer('soapenv:Client', 'apiKey no válida') });
    const err = await failureOf(call());
    expect(err.code).toBe('NOTIFICA_AUTH_REFUSED');
    expect(err.retryable).toBe(false);
    expect(err.details.httpStatus).toBe(status);
  });

  it('refuses HTTP 401 with NOTIFICA_AUTH_REFUSED even when the body is not SOAP', async () => {
    server.answer = () => ({ status: 401, body: '<html>Unauthorized</html>' });
    expect((await failureOf(call())).code).toBe('NOTIFICA_AUTH_REFUSED');
  });

  it('takes HTTP 500 with a Server fault as CONNECTOR_SERVER_ERROR, retryable', async () => {
    server.answer = () => ({ status: 500, body: faultAnswer('soapenv:Server', 'Error interno') });
    const err = await failureOf(call());
    expect(err.code).toBe('CONNECTOR_SERVER_ERROR');
    expect(err.retryable).toBe(true);
    expect(err.details).toMatchObject({ service: 'SincronizarEnvioWs', httpStatus: 500, faultCode: 'soapenv:Server' });
  });

  it('takes a Client fault as CONNECTOR_CLIENT_FAULT, not retryable', async () => {
    server.answer = () => ({ status: 500, body: faultAnswer('soapenv:Client', 'Petición mal formada') });
    const err = await failureOf(call());
    expect(err.code).toBe('CONNECTOR_CLIENT_FAULT');
    expect(err.retryable).toBe(false);
  });

  it('takes a fault even over HTTP 200', async () => {
    server.answer = () => ({ status: 200, body: faultAnswer('soapenv:Server') });
    expect((await failureOf(call())).code).toBe('CONNECTOR_SERVER_ERROR');
  });

  it('takes an HTTP 200 answer that is not SOAP as CONNECTOR_BAD_RESPONSE, retryable', async () => {
    for (const body of ['garbage', '', '<html><body>Mantenimiento</body></html>', '<resultado>000</resultado>']) {
      server.answer = () => ({ body });
      const err = await failureOf(call());
      expect(err.code).toBe('CONNECTOR_BAD_RESPONSE');
      expect(err.retryable).toBe(true);
    }
  });

  it('takes an answer with a DOCTYPE as CONNECTOR_BAD_RESPONSE, never expanding it', async () => {
    server.answer = () => ({ body: `<!DOCTYPE x [<!ENTITY e "boom">]>${OK}` });
    expect((await failureOf(call())).code).toBe('CONNECTOR_BAD_RESPONSE');
  });

  it('takes HTTP 503 without SOAP as CONNECTOR_SERVER_ERROR, retryable', async () => {
    server.answer = () => ({ status: 503, body: '<html>Service Unavailable</html>' });
    const err = await failureOf(call());
    expect(err.code).toBe('CONNECTOR_SERVER_ERROR');
    expect(err.retryable).toBe(true);
  });

  it('takes HTTP 404 as CONNECTOR_CLIENT_FAULT, not retryable', async () => {
    server.answer = () => ({ status: 404, body: 'Not Found' });
    const err = await failureOf(call());
    expect(err.code).toBe('CONNECTOR_CLIENT_FAULT');
    expect(err.retryable).toBe(false);
  });

  it('does not take a readable SOAP answer with a status other than 200 as an answer', async () => {
    server.answer = () => ({ status: 202, body: OK });
    expect((await failureOf(call())).code).toBe('CONNECTOR_BAD_RESPONSE');
  });
});

describe('the Notific@ SOAP caller: when nothing answers', () => {
  it('refuses a connection refused with CONNECTOR_UNREACHABLE, retryable', async () => {
    const refused = callerFor(await refusedUrl());
    try {
      const err = await failureOf(call(refused));
      expect(err.code).toBe('CONNECTOR_UNREACHABLE');
      expect(err.retryable).toBe(true);
      expect(err.details.transportCode).toBe('ECONNREFUSED');
    } finally {
      refused.close();
    }
  });

  it('gives up on a server that never answers with CONNECTOR_TIMEOUT, retryable', async () => {
    server.answer = () => 'hang';
    const slow = callerFor(server.url, { timeoutMs: 100 });
    try {
      const err = await failureOf(call(slow));
      expect(err.code).toBe('CONNECTOR_TIMEOUT');
      expect(err.retryable).toBe(true);
    } finally {
      slow.close();
    }
  });

  it("stops waiting when the caller's signal aborts, retryable", async () => {
    server.answer = () => 'hang';
    const controller = new AbortController();
    const pending = caller.call('SincronizarEnvioWs', ACTIONS.infoEnvioLigero, BODY, 'k', controller.signal);
    controller.abort();
    const err = await failureOf(pending);
    expect(err.code).toBe('CONNECTOR_TIMEOUT');
    expect(err.retryable).toBe(true);
  });
});

describe('the Notific@ SOAP caller: reachability', () => {
  it('is reachable when the submission endpoint answers its WSDL with 200', async () => {
    server.answer = () => ({ body: '<definitions/>' });
    expect(await caller.reachable(2000)).toBe(true);
    expect(server.received[0].path).toBe(`${ALTA_PATH}?wsdl`);
  });

  it('is not reachable when the WSDL is not there', async () => {
    server.answer = () => ({ status: 404, body: '' });
    expect(await caller.reachable(2000)).toBe(false);
  });

  it('is not reachable when nothing listens', async () => {
    const refused = callerFor(await refusedUrl());
    try {
      expect(await refused.reachable(2000)).toBe(false);
    } finally {
      refused.close();
    }
  });
});
