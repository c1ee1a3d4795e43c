import { readFileSync } from 'node:fs';
import http from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { ensureDevApiKey } from '../../../src/connectors/notifica/keys';
import { simulatorsOptionsFromEnv, startSimulators } from '../../../simulators/main';
import { startNotificaSimulator, type NotificaSimulator } from '../../../simulators/notifica';
import { exampleRemesa } from '../../../simulators/notifica/examples';
import { altaRemesaElement, callSimulator, infoEnvioLigeroElement, soapRequest } from '../../../simulators/notifica/requests';
import { textOf } from '../../../simulators/notifica/xml-read';

const KEY = 'clave-de-prueba';
const altaBody = (referencia = 'FLT') => soapRequest(altaRemesaElement(exampleRemesa({ referencia })), KEY);

async function eventually(probe: () => boolean | Promise<boolean>): Promise<void> {
  for (const deadline = Date.now() + 60_000; Date.now() < deadline; await sleep(20)) if (await probe()) return;
  throw new Error('the condition never held');
}

/** Whether a new connection to the simulator's port is refused (a fresh one: pooled sockets fail otherwise). */
function refused(sim: NotificaSimulator): Promise<boolean> {
  return new Promise((resolve) => {
    const req = http.get(`${sim.url}/_sim/stats`, { agent: false }, (res) => {
      res.resume();
      resolve(false);
    });
    req.on('error', (e: NodeJS.ErrnoException) => resolve(e.code === 'ECONNREFUSED'));
  });
}

/** POST with a client that can be aborted; settles with the status, or the error's cause code. */
function post(url: string, body: string, signal?: AbortSignal): Promise<{ status?: number; error?: string }> {
  return fetch(url, { method: 'POST', body, headers: { 'content-type': 'text/xml; charset=utf-8' }, signal })
    .then(async (res) => ({ status: res.status, text: await res.text() }))
    .catch((e: Error & { cause?: { code?: string } }) => ({ error: e.cause?.code ?? e.name }));
}

describe('Notific@ simulator fault injection (real HTTP)', () => {
  let sim: NotificaSimulator;

  beforeAll(async () => {
    sim = await startNotificaSimulator({ port: 0, apiKeys: [KEY], scenarios: [{ match: {}, scenario: 'stuck' }] });
  });
  afterAll(() => sim.stop());
  beforeEach(async () => {
    sim.reset();
    await sim.setFaults({});
  });

  it('answers errorRate 1 with an HTTP 500 soapenv:Server fault and creates nothing', async () => {
    await sim.setFaults({ errorRate: 1 });
    const a = await callSimulator(sim.notificaWsUrl, altaBody());
    expect([a.status, textOf(a.result, 'faultcode')]).toEqual([500, 'soapenv:Server']);
    expect(sim.envios()).toEqual([]);
    expect(sim.stats().faults.errors).toBe(1);
  });

  it('answers fatalRate 1 with codigoRespuesta 400 saying it is simulated, and creates nothing', async () => {
    await sim.setFaults({ fatalRate: 1 });
    const a = await callSimulator(sim.notificaWsUrl, altaBody());
    expect(textOf(a.result, 'codigoRespuesta')).toBe('400');
    expect(textOf(a.result, 'descripcionRespuesta')).toContain('fallo simulado');
    expect(sim.envios()).toEqual([]);
    expect(sim.stats()).toMatchObject({ received: 0, rejected: 0, faults: { fatals: 1 } });
  });

  it('resets the connection at resetRate 1 before processing the request', async () => {
    await sim.setFaults({ resetRate: 1 });
    expect(await post(sim.notificaWsUrl, altaBody())).toEqual({ error: 'ECONNRESET' });
    expect(sim.envios()).toEqual([]);
    expect(sim.stats().faults.resets).toBe(1);
  });

  it('at timeoutRate 1 creates the envíos and never answers', async () => {
    await sim.setFaults({ timeoutRate: 1 });
    const client = new AbortController();
    const pending = post(sim.notificaWsUrl, altaBody('TMO'), client.signal);
    let settled = false;
    void pending.then(() => (settled = true));
    await eventually(() => sim.envios('TMO-1').length === 1 && sim.stats().faults.timeouts === 1);
    expect(settled).toBe(false);
    client.abort();
    expect(await pending).toEqual({ error: 'AbortError' });
    expect(sim.stats()).toMatchObject({ received: 1, unique: 1 });
  });

  it('at lostAnswerRate 1 creates the envíos and destroys the connection, and infoEnvioLigero finds them by referenciaEmisor', async () => {
    await sim.setFaults({ lostAnswerRate: 1 });
    const outcome = await post(sim.notificaWsUrl, altaBody('LOST'));
    expect(outcome.status).toBeUndefined();
    expect(outcome.error).toEqual(expect.any(String));
    expect(sim.stats()).toMatchObject({ received: 1, faults: { lostAnswers: 1 } });
    const [envio] = sim.envios('LOST-1');
    await sim.setFaults({});
    const info = await callSimulator(sim.sincronizarEnvioWsUrl, soapRequest(infoEnvioLigeroElement({ referenciaEmisor: 'LOST-1', nivelDetalle: 1 }), KEY), 'infoEnvioLigero');
    expect(textOf(info.result, 'identificador')).toBe(envio.identificador);
  });

  it('goes down for downForMs, refusing connections, and comes back by itself', async () => {
    await sim.setFaults({ down: true, downForMs: 500 });
    expect(await refused(sim)).toBe(true);
    await eventually(async () => !(await refused(sim)));
    expect(sim.faults().down).toBe(false);
    expect(textOf((await callSimulator(sim.notificaWsUrl, altaBody())).result, 'codigoRespuesta')).toBe('000');
  });

  it('goes down through POST /_sim/faults after answering it, and listens again at once on down false', async () => {
    const res = await fetch(`${sim.url}/_sim/faults`, { method: 'POST', body: JSON.stringify({ down: true, downForMs: 600_000 }) });
    expect(res.status).toBe(200);
    await eventually(() => refused(sim));
    await sim.setFaults({ down: false });
    expect(await refused(sim)).toBe(false);
  });

  it('releases a connection held by a simulated timeout when it stops', async () => {
    const other = await startNotificaSimulator({ port: 0, apiKeys: [KEY], faults: { timeoutRate: 1 } });
    const pending = post(other.notificaWsUrl, altaBody());
    await eventually(() => other.stats().faults.timeouts === 1);
    await other.stop();
    expect(await pending).toEqual({ error: expect.any(String) });
  });
});

describe('Notific@ simulator started with the other simulators', () => {
  it('takes its port, API keys and faults from the PASARELA_SIM_NOTIFICA_* variables', async () => {
    const options = simulatorsOptionsFromEnv({
      PASARELA_SIM_SIR_PORT: '0', PASARELA_SIM_NOTIFICA_PORT: '0', PASARELA_SIM_NOTIFICA_FATAL_RATE: '1',
      PASARELA_SIM_NOTIFICA_CALLBACK_BEFORE_ANSWER: 'true', PASARELA_SIM_NOTIFICA_API_KEYS: 'a, b',
    });
    const sims = await startSimulators(options);
    try {
      expect(sims.notifica.port).not.toBe(8092);
      expect(await (await fetch(`${sims.notifica.url}/_sim/faults`)).json()).toMatchObject({ fatalRate: 1, callbackBeforeAnswer: true });
      const a = await callSimulator(sims.notifica.notificaWsUrl, soapRequest(altaRemesaElement(exampleRemesa()), 'b'));
      expect(textOf(a.result, 'codigoRespuesta')).toBe('400');
      expect((await fetch(`${sims.sir.url}?wsdl`)).status).toBe(200);
    } finally {
      await sims.stop();
    }
    await expect(fetch(`${sims.notifica.url}/_sim/stats`)).rejects.toThrow();
  });

  it('picks a free Notific@ port when the SIR one is 0, and accepts pasarela\'s development API key by default', async () => {
    const sims = await startSimulators({ sirPort: 0 });
    try {
      expect(sims.notifica.port).not.toBe(8092);
      expect((await fetch(`${sims.notifica.notificaWsUrl}?wsdl`)).status).toBe(200);
      const devKey = readFileSync(ensureDevApiKey(), 'utf8').trim();
      const a = await callSimulator(sims.notifica.notificaWsUrl, soapRequest(altaRemesaElement(exampleRemesa()), devKey));
      expect(textOf(a.result, 'codigoRespuesta')).toBe('000');
    } finally {
      await sims.stop();
    }
  });
});
