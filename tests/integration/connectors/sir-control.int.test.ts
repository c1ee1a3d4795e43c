import * as soap from 'soap';
import { createSirControlClient, sir7EndpointFrom, type SirControlClient } from '../../../src/connectors/sir';
import { interpretRespuesta } from '../../../src/connectors/sir/respuesta';
import { PasarelaError } from '../../../src/core/errors';
import { projectPath } from '../../../src/core/paths';
import type { ControlMessage } from '../../../src/sir/control-message';
import { buildControlMessage } from '../../../src/sir/control-message';
import { startSirSimulator, type SirSimulator } from '../../../simulators/sir';
import { escapeXml } from '../../../transforms/sicres3/xml';
import { createTrustStore } from '../../../src/wssec/trust';
import { startCaptureServer } from '../../helpers/capture-server';
import { codeOf } from '../../helpers/errors';
import { createTestPki } from '../../helpers/pki';

const base = { originOffice: 'O00067890', destinationOffice: 'O00012345', testIndicator: '1' } as const;
const ack = (exchangeId: string): ControlMessage => ({ ...base, exchangeId, type: '01', description: 'ACK' });
const error = (exchangeId: string): ControlMessage => ({ ...base, exchangeId, type: '02', description: 'Resumen vacio', errorCode: '0037' });
const confirmation = (exchangeId: string): ControlMessage => ({
  ...base, exchangeId, type: '03', description: 'CONFIRMACION', destinationRegistryNumber: 'E-2024-004567', destinationRegistryDate: '20240305113000',
});

async function failureOf(p: Promise<unknown>): Promise<PasarelaError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(PasarelaError);
    return e as PasarelaError;
  }
  throw new Error('the call succeeded');
}

describe('SIR control client against the simulator WS_SIR7 (real HTTP)', () => {
  let sim: SirSimulator;
  let client: SirControlClient;

  beforeAll(async () => {
    sim = await startSirSimulator({ port: 0 });
    client = await createSirControlClient({ endpoint: sim.controlUrl, timeoutMs: 5000, wssec: { sign: false } });
  });
  afterAll(async () => {
    await client.close();
    await sim.stop();
  });
  beforeEach(() => sim.reset());

  it('serves WS_SIR7 beside WS_SIR6_B, with our WSDL at its real address', async () => {
    expect(sim.controlUrl).toBe(sir7EndpointFrom(sim.url));
    expect(sim.controlUrl).toMatch(/\/CIR_P2P\/services\/WS_SIR7$/);
    const wsdl = await (await fetch(`${sim.controlUrl}?wsdl`)).text();
    expect(wsdl).toContain(`location="${sim.controlUrl}"`);
  });

  it('sends an ACK, gets 00 and the simulator records it', async () => {
    const receipt = await client.send(ack('O00012345_24_00000101'));
    expect(receipt).toEqual({ code: '00', description: 'Exito', keys: { exchangeId: 'O00012345_24_00000101' } });
    expect(sim.controlMessages()).toEqual([{ type: '01', exchangeId: 'O00012345_24_00000101', origin: 'O00067890', destination: 'O00012345' }]);
  });

  it('sends an ERROR and the simulator records its Codigo_Error', async () => {
    await expect(client.send(error('O00012345_24_00000102'))).resolves.toMatchObject({ code: '00' });
    expect(sim.controlMessages()).toEqual([{ type: '02', exchangeId: 'O00012345_24_00000102', origin: 'O00067890', destination: 'O00012345', code: '0037' }]);
  });

  it('sends a CONFIRMACION and lists every message at GET /_sim/control-messages', async () => {
    await client.send(ack('O00012345_24_00000103'));
    await client.send(confirmation('O00012345_24_00000103'));
    const res = await fetch(`${new URL(sim.url).origin}/_sim/control-messages`);
    expect(res.status).toBe(200);
    expect(((await res.json()) as { type: string }[]).map((r) => r.type)).toEqual(['01', '03']);
  });

  it('forgets the control messages on POST /_sim/reset', async () => {
    await client.send(ack('O00012345_24_00000104'));
    const res = await fetch(`${new URL(sim.url).origin}/_sim/reset`, { method: 'POST' });
    expect(res.status).toBe(200);
    expect(sim.controlMessages()).toEqual([]);
  });

  it('refuses an invalid message with SIR_CONTROL_INVALID before calling SIR', async () => {
    const err = await failureOf(client.send({ ...error('O00012345_24_00000105'), errorCode: undefined }));
    expect(err.code).toBe('SIR_CONTROL_INVALID');
    expect(err.retryable).toBe(false);
    expect(sim.controlMessages()).toEqual([]);
  });

  it('answers 0037 to an invalid De_Mensaje, which the client reads as SIR_REJECTED', async () => {
    const raw = await soap.createClientAsync(projectPath('schemas', 'wsdl', 'WS_SIR7.wsdl'), { endpoint: sim.controlUrl });
    const mensaje = '<De_Mensaje><Codigo_Entidad_Registral_Origen>O00067890</Codigo_Entidad_Registral_Origen></De_Mensaje>';
    const [result] = await raw.recepcionMensajeDatosControlDeAplicacionAsync({ mensaje });
    let err: unknown;
    try {
      interpretRespuesta(result, 'unknown');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(PasarelaError);
    expect((err as PasarelaError).code).toBe('SIR_REJECTED');
    expect((err as PasarelaError).details).toMatchObject({ sirCode: '0037' });
    expect(sim.controlMessages()).toEqual([]);
  });

  it('turns a simulated fatal answer into SIR_REJECTED, not retryable', async () => {
    await sim.setFaults({ fatalRate: 1 });
    try {
      const err = await failureOf(client.send(ack('O00012345_24_00000106')));
      expect(err.code).toBe('SIR_REJECTED');
      expect(err.retryable).toBe(false);
      expect(err.details).toMatchObject({ sirCode: '0037', exchangeId: 'O00012345_24_00000106' });
    } finally {
      await sim.setFaults({});
    }
  });

});

describe('WS_SIR7 wire shape (reference §6.1)', () => {
  const IMPL = 'http://impl.manager.cct.map.es';
  const BEAN = 'http://bean.cct.map.es';

  it('sends the De_Mensaje as escaped text in a qualified mensaje of the impl namespace', async () => {
    const answer = `<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body>`
      + `<recepcionMensajeDatosControlDeAplicacionResponse xmlns="${IMPL}"><recepcionMensajeDatosControlDeAplicacionReturn>`
      + `<codigo xmlns="${BEAN}">00</codigo><descripcion xmlns="${BEAN}">Exito</descripcion>`
      + '</recepcionMensajeDatosControlDeAplicacionReturn></recepcionMensajeDatosControlDeAplicacionResponse></soapenv:Body></soapenv:Envelope>';
    const capture = await startCaptureServer(() => answer);
    const client = await createSirControlClient({ endpoint: capture.url, timeoutMs: 5000, wssec: { sign: false } });
    try {
      await expect(client.send(ack('O00012345_24_00000120'))).resolves.toMatchObject({ code: '00' });
      const body = capture.received[0];
      expect(body).toContain(`<recepcionMensajeDatosControlDeAplicacion xmlns="${IMPL}"><mensaje>`);
      expect(body).toContain('&lt;Identificador_Intercambio&gt;O00012345_24_00000120&lt;/Identificador_Intercambio&gt;');
    } finally {
      await client.close();
      await capture.close();
    }
  });

  it('lets the simulator take the reference envelope and answer a RespuestaWS of the bean namespace', async () => {
    const sim = await startSirSimulator({ port: 0 });
    try {
      const mensaje = escapeXml(buildControlMessage(ack('O00012345_24_00000121')));
      const envelope = `<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:impl="${IMPL}"><soapenv:Body>`
        + `<impl:recepcionMensajeDatosControlDeAplicacion><impl:mensaje>${mensaje}</impl:mensaje></impl:recepcionMensajeDatosControlDeAplicacion>`
        + '</soapenv:Body></soapenv:Envelope>';
      const res = await fetch(sim.controlUrl, { method: 'POST', body: envelope, headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: '""' } });
      const text = await res.text();
      expect(res.status).toBe(200);
      expect(text).toContain(`xmlns:bean="${BEAN}"`);
      expect(text).toContain('<bean:codigo>00</bean:codigo>');
      expect(sim.controlMessages().map((m) => m.exchangeId)).toEqual(['O00012345_24_00000121']);
    } finally {
      await sim.stop();
    }
  });
});

describe('SIR control client under the simulator fault injector', () => {
  // One fixed draw: with errorRate 1, the lower half of the band is an HTTP 500, the upper a 0039.
  async function withFaults(draw: number, faults: Record<string, number>, run: (sim: SirSimulator, c: SirControlClient) => Promise<void>) {
    const sim = await startSirSimulator({ port: 0, random: () => draw, faults });
    const c = await createSirControlClient({ endpoint: sim.controlUrl, timeoutMs: 1000, wssec: { sign: false } });
    try {
      await run(sim, c);
    } finally {
      await c.close();
      await sim.stop();
    }
  }

  it('turns a simulated 0039 answer into SIR_TRANSIENT, retryable', () => withFaults(0.75, { errorRate: 1 }, async (sim, c) => {
    const err = await failureOf(c.send(ack('O00012345_24_00000107')));
    expect(err.code).toBe('SIR_TRANSIENT');
    expect(err.retryable).toBe(true);
    expect(sim.controlMessages()).toEqual([]);
  }));

  it('turns a simulated HTTP 500 into CONNECTOR_SERVER_ERROR, retryable', () => withFaults(0.25, { errorRate: 1 }, async (_sim, c) => {
    const err = await failureOf(c.send(ack('O00012345_24_00000108')));
    expect(err.code).toBe('CONNECTOR_SERVER_ERROR');
    expect(err.retryable).toBe(true);
  }));

  it('records a message taken under a simulated timeout and throws CONNECTOR_TIMEOUT, retryable', () => withFaults(0.5, { timeoutRate: 1 }, async (sim, c) => {
    const err = await failureOf(c.send(ack('O00012345_24_00000109')));
    expect(err.code).toBe('CONNECTOR_TIMEOUT');
    expect(err.retryable).toBe(true);
    expect(sim.controlMessages().map((m) => m.exchangeId)).toEqual(['O00012345_24_00000109']);
  }));
});

describe('SIR control client with WS-Security', () => {
  it('signs control messages that a signature-checking WS_SIR7 accepts, and is refused unsigned', async () => {
    const pki = createTestPki();
    const sim = await startSirSimulator({ port: 0, requireSignature: createTrustStore({ cas: [pki.caCertPem] }) });
    const signed = await createSirControlClient({
      endpoint: sim.controlUrl, timeoutMs: 5000, wssec: { sign: true, keyFile: pki.files.leafKey, certFile: pki.files.leafCert },
    });
    const unsigned = await createSirControlClient({ endpoint: sim.controlUrl, timeoutMs: 5000, wssec: { sign: false } });
    try {
      await expect(signed.send(ack('O00012345_24_00000130'))).resolves.toMatchObject({ code: '00' });
      expect(await codeOf(unsigned.send(ack('O00012345_24_00000131')))).toBe('CONNECTOR_CLIENT_FAULT');
      expect(sim.controlMessages().map((m) => m.exchangeId)).toEqual(['O00012345_24_00000130']);
    } finally {
      await signed.close();
      await unsigned.close();
      await sim.stop();
      pki.remove();
    }
  });
});

describe('SIR control client when the simulator is down (real sockets)', () => {
  it('throws CONNECTOR_UNREACHABLE, retryable', async () => {
    const sim = await startSirSimulator({ port: 0 });
    const endpoint = sim.controlUrl;
    await sim.stop();
    const client = await createSirControlClient({ endpoint, timeoutMs: 5000, wssec: { sign: false } });
    try {
      const err = await failureOf(client.send(ack('O00012345_24_00000110')));
      expect(err.code).toBe('CONNECTOR_UNREACHABLE');
      expect(err.retryable).toBe(true);
      expect(err.details).toMatchObject({ operation: 'WS_SIR7', exchangeId: 'O00012345_24_00000110' });
    } finally {
      await client.close();
    }
  });
});
