import { readFileSync } from 'node:fs';
import http from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { simulatorsOptionsFromEnv, startSimulators } from '../../../simulators/main';
import { ensureDevSecret, startCarpetaSimulator, type CarpetaSimulator } from '../../../simulators/carpeta';
import { exampleChange } from '../../../simulators/carpeta/examples';
import { pushChange } from '../../../simulators/carpeta/requests';

const SECRET = 'secreto-de-prueba-carpeta-0001';
const EXP = 'ES_L02000023_2026_EXP_000123';

async function eventually(probe: () => boolean | Promise<boolean>): Promise<void> {
  for (const deadline = Date.now() + 60_000; Date.now() < deadline; await sleep(20)) if (await probe()) return;
  throw new Error('the condition never held');
}

/** Whether a new connection to the simulator's port is refused (a fresh one: pooled sockets fail otherwise). */
function refused(sim: CarpetaSimulator): Promise<boolean> {
  return new Promise((resolve) => {
    const req = http.get(`${sim.url}/_sim/stats`, { agent: false }, (res) => {
      res.resume();
      resolve(false);
    });
    req.on('error', (e: NodeJS.ErrnoException) => resolve(e.code === 'ECONNREFUSED'));
  });
}

/** A signed push that settles with its status, or the error's cause code (or name) when no answer came. */
function attempt(sim: CarpetaSimulator, signal?: AbortSignal, secret = SECRET): Promise<{ status?: number; code?: string; error?: string }> {
  return pushChange(sim.pushUrl, exampleChange(), { secret, signal })
    .then((a) => ({ status: a.status, code: (a.body as { code?: string }).code }))
    .catch((e: Error & { cause?: { code?: string } }) => ({ error: e.cause?.code ?? e.name }));
}

describe('Carpeta simulator fault injection (real HTTP)', () => {
  let sim: CarpetaSimulator;

  beforeAll(async () => {
    sim = await startCarpetaSimulator({ port: 0, secret: SECRET });
  });
  afterAll(() => sim.stop());
  beforeEach(async () => {
    sim.reset();
    await sim.setFaults({});
  });

  it('answers errorRate 1 with 503 CARPETA_UNAVAILABLE and stores nothing', async () => {
    await sim.setFaults({ errorRate: 1 });
    expect(await attempt(sim)).toEqual({ status: 503, code: 'CARPETA_UNAVAILABLE' });
    expect(sim.expediente(EXP)).toBeUndefined();
    expect(sim.stats()).toMatchObject({ received: 0, faults: { errors: 1 } });
  });

  it('answers a signed, valid change at fatalRate 1 with 422 CARPETA_REFUSED and stores nothing', async () => {
    await sim.setFaults({ fatalRate: 1 });
    expect(await attempt(sim)).toEqual({ status: 422, code: 'CARPETA_REFUSED' });
    expect(sim.expediente(EXP)).toBeUndefined();
    expect(sim.stats()).toMatchObject({ received: 0, rejected: 0, faults: { fatals: 1 } });
  });

  it('still refuses a bad signature with 401 at fatalRate 1: the refusal is for valid changes only', async () => {
    await sim.setFaults({ fatalRate: 1 });
    expect(await attempt(sim, undefined, 'otro-secreto-de-prueba-0002')).toEqual({ status: 401, code: 'CARPETA_BAD_SIGNATURE' });
    expect(sim.stats()).toMatchObject({ badSignatures: 1, faults: { fatals: 0 } });
  });

  it('resets the connection at resetRate 1 before reading the change', async () => {
    await sim.setFaults({ resetRate: 1 });
    expect(await attempt(sim)).toEqual({ error: 'ECONNRESET' });
    expect(sim.expediente(EXP)).toBeUndefined();
    expect(sim.stats().faults.resets).toBe(1);
  });

  it('at timeoutRate 1 stores the change and never answers', async () => {
    await sim.setFaults({ timeoutRate: 1 });
    const client = new AbortController();
    const pending = attempt(sim, client.signal);
    let settled = false;
    void pending.then(() => (settled = true));
    await eventually(() => sim.expediente(EXP) !== undefined && sim.stats().faults.timeouts === 1);
    expect(settled).toBe(false);
    client.abort();
    expect(await pending).toEqual({ error: 'AbortError' });
    expect(sim.stats()).toMatchObject({ received: 1, unique: 1 });
  });

  it('makes a client with a shorter timeout than the latency give up, and answers a patient one', async () => {
    await sim.setFaults({ latencyMs: [500, 500] });
    expect(await attempt(sim, AbortSignal.timeout(20))).toEqual({ error: 'TimeoutError' });
    expect(await attempt(sim)).toEqual({ status: 200, code: undefined });
  });

  it('goes down for downForMs, refusing connections, and comes back by itself', async () => {
    await sim.setFaults({ down: true, downForMs: 500 });
    expect(await refused(sim)).toBe(true);
    await eventually(async () => !(await refused(sim)));
    expect(sim.faults().down).toBe(false);
    expect((await attempt(sim)).status).toBe(200);
  });

  it('goes down through POST /_sim/faults after answering it, and listens again at once on down false', async () => {
    const res = await fetch(`${sim.url}/_sim/faults`, { method: 'POST', body: JSON.stringify({ down: true, downForMs: 600_000 }) });
    expect(res.status).toBe(200);
    await eventually(() => refused(sim));
    await sim.setFaults({ down: false });
    expect(await refused(sim)).toBe(false);
  });

  it('releases a connection held by a simulated timeout when it stops', async () => {
    const other = await startCarpetaSimulator({ port: 0, secret: SECRET, faults: { timeoutRate: 1 } });
    const pending = attempt(other);
    await eventually(() => other.stats().faults.timeouts === 1);
    await other.stop();
    expect(await pending).toEqual({ error: expect.any(String) });
  });
});

describe('Carpeta simulator started with the other simulators', () => {
  it('takes its port, secret and faults from the PASARELA_SIM_CARPETA_* variables', async () => {
    const secret = 'secreto-de-entorno-carpeta-01';
    const sims = await startSimulators(simulatorsOptionsFromEnv({
      PASARELA_SIM_SIR_PORT: '0', PASARELA_SIM_NOTIFICA_PORT: '0', PASARELA_SIM_CARPETA_PORT: '0',
      PASARELA_SIM_CARPETA_SECRET: secret, PASARELA_SIM_CARPETA_FATAL_RATE: '1',
    }));
    try {
      expect(sims.carpeta.port).not.toBe(8093);
      expect(await (await fetch(`${sims.carpeta.url}/_sim/faults`)).json()).toMatchObject({ fatalRate: 1 });
      expect(await attempt(sims.carpeta, undefined, secret)).toEqual({ status: 422, code: 'CARPETA_REFUSED' });
    } finally {
      await sims.stop();
    }
    await expect(fetch(`${sims.carpeta.url}/_sim/stats`)).rejects.toThrow();
  });

  it('picks a free Carpeta port when the SIR one is 0, and verifies with the development secret by default', async () => {
    const sims = await startSimulators({ sirPort: 0 });
    try {
      expect(sims.carpeta.port).not.toBe(8093);
      expect(sims.carpeta.pushUrl).toBe(`${sims.carpeta.url}/carpeta/v1/expedientes`);
      const devSecret = readFileSync(ensureDevSecret(), 'utf8').trim();
      expect(devSecret.length).toBeGreaterThanOrEqual(32);
      expect(await attempt(sims.carpeta, undefined, devSecret)).toEqual({ status: 200, code: undefined });
    } finally {
      await sims.stop();
    }
  });
});
