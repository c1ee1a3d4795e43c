import { startCarpetaSimulator, type CarpetaSimulator } from '../../../../simulators/carpeta';
import { exampleChange } from '../../../../simulators/carpeta/examples';
import { pushChange } from '../../../../simulators/carpeta/requests';

const SECRET = 'secreto-de-prueba-carpeta-0001';

describe('Carpeta simulator control routes (/_sim)', () => {
  let sim: CarpetaSimulator;
  const post = async (path: string, body: string) => {
    const res = await fetch(`${sim.url}${path}`, { method: 'POST', body, headers: { 'content-type': 'application/json' } });
    return { status: res.status, type: res.headers.get('content-type'), json: await res.json() };
  };

  beforeAll(async () => {
    sim = await startCarpetaSimulator({ port: 0, secret: SECRET });
  });
  afterAll(() => sim.stop());
  beforeEach(async () => {
    sim.reset();
    await sim.setFaults({});
  });

  it('reports the stats in the documented shape', async () => {
    expect(await (await fetch(`${sim.url}/_sim/stats`)).json()).toEqual({
      received: 0, unique: 0, duplicates: 0, stale: 0, rejected: 0, badSignatures: 0, expedientes: 0, pulls: 0,
      faults: { errors: 0, fatals: 0, timeouts: 0, resets: 0 },
    });
  });

  it('forgets the expedientes and the stats on reset, and keeps the faults', async () => {
    await pushChange(sim.pushUrl, exampleChange(), { secret: SECRET });
    await sim.setFaults({ latencyMs: [0, 1] });
    expect(sim.stats()).toMatchObject({ received: 1, expedientes: 1 });
    expect((await post('/_sim/reset', '')).json).toMatchObject({ received: 0, expedientes: 0 });
    expect(sim.expediente('ES_L02000023_2026_EXP_000123')).toBeUndefined();
    expect(sim.citizen('99000003E')).toEqual([]);
    expect(sim.faults().latencyMs).toEqual([0, 1]);
  });

  it('replaces the whole fault set at /_sim/faults, {} clearing it', async () => {
    const set = { errorRate: 0.1, fatalRate: 0.2, latencyMs: [1, 2] };
    expect(await post('/_sim/faults', JSON.stringify(set))).toMatchObject({ status: 200, json: { ...set, timeoutRate: 0, resetRate: 0, down: false } });
    expect(await (await fetch(`${sim.url}/_sim/faults`)).json()).toEqual(sim.faults());
    expect((await post('/_sim/faults', '{}')).json).toMatchObject({ errorRate: 0, fatalRate: 0, latencyMs: [0, 0] });
  });

  it.each([
    ['an unknown field', '{"errorRate": 0.1, "lostAnswerRate": 0.1}'],
    ['a rate above 1', '{"fatalRate": 1.5}'],
    ['rates adding up to more than 1', '{"errorRate": 0.6, "timeoutRate": 0.6}'],
    ['a latency the wrong way round', '{"latencyMs": [5, 1]}'],
    ['not JSON', 'errorRate=1'],
    ['an array', '[]'],
  ])('refuses faults with %s with 400 SIM_BAD_FAULTS and keeps the set it had', async (_label, body) => {
    await sim.setFaults({ fatalRate: 0.25 });
    const r = await post('/_sim/faults', body);
    expect(r).toMatchObject({ status: 400, type: 'application/problem+json', json: { code: 'SIM_BAD_FAULTS', detail: expect.any(String) } });
    expect(sim.faults().fatalRate).toBe(0.25);
  });

  it('answers a pull with 409 while no pull URL is set, counting no pull', async () => {
    const res = await fetch(`${sim.url}/_sim/pull/citizens/99000003E/expedientes`);
    expect([res.status, await res.json()]).toMatchObject([409, { code: 'SIM_PULL_NOT_SET' }]);
    expect(sim.stats().pulls).toBe(0);
  });

  it('answers wrong methods with 405', async () => {
    expect((await fetch(`${sim.url}/_sim/reset`)).status).toBe(405);
    expect((await fetch(`${sim.url}/_sim/stats`, { method: 'POST' })).status).toBe(405);
    expect((await fetch(`${sim.url}/_sim/citizens/99000003E/expedientes`, { method: 'DELETE' })).status).toBe(405);
  });

  it('refuses invalid options and faults in process with CONFIG_INVALID', async () => {
    await expect(sim.setFaults({ bogus: 1 } as never)).rejects.toMatchObject({ code: 'CONFIG_INVALID' });
    await expect(startCarpetaSimulator({ port: 0, secret: SECRET, faults: { errorRate: 2 } })).rejects.toMatchObject({ code: 'CONFIG_INVALID' });
    await expect(startCarpetaSimulator({ port: 0, secret: 'corto' })).rejects.toMatchObject({ code: 'CONFIG_INVALID', message: expect.not.stringContaining('corto') });
    await expect(startCarpetaSimulator({ port: 0, secret: SECRET, maxSkewSeconds: 0 })).rejects.toMatchObject({ code: 'CONFIG_INVALID' });
    await expect(startCarpetaSimulator({ port: 0, secret: SECRET, pullUrl: 'ftp://x' })).rejects.toMatchObject({ code: 'CONFIG_INVALID' });
    expect(() => sim.setPull('http://127.0.0.1:1', 'con espacios')).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID' }));
  });

  it('stops idempotently', async () => {
    const other = await startCarpetaSimulator({ port: 0, secret: SECRET });
    await Promise.all([other.stop(), other.stop()]);
    await other.stop();
    await expect(fetch(`${other.url}/_sim/stats`)).rejects.toThrow();
  });
});
