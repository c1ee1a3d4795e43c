import type * as soap from 'soap';
import { simulatorsOptionsFromEnv, startSimulators } from '../../../simulators/main';
import { startSirSimulator, type SirSimulator } from '../../../simulators/sir';
import { clientFor, eventually, noFaultCounts, origin, postFaults, refused, send } from './sir-helpers';

describe('SIR simulator fault injection (real HTTP)', () => {
  let sim: SirSimulator;
  let client: soap.Client;
  let draw = 0.5;

  beforeAll(async () => {
    // The draws are fixed by the test: `draw` picks the fault band and the latency.
    sim = await startSirSimulator({ port: 0, random: () => draw });
    client = await clientFor(sim);
  });
  afterAll(() => sim.stop());
  beforeEach(async () => {
    draw = 0.5;
    sim.reset();
    await sim.setFaults({});
  });

  it('shows and replaces the whole fault set at /_sim/faults', async () => {
    const set = { errorRate: 0.1, fatalRate: 0, timeoutRate: 0.02, resetRate: 0.01, latencyMs: [5, 200], down: false };
    expect(await postFaults(sim, JSON.stringify(set))).toMatchObject({ status: 200, json: set });
    expect(await (await fetch(`${origin(sim)}/_sim/faults`)).json()).toEqual(set);
    expect(sim.faults()).toEqual(set);
    const replaced = await postFaults(sim, '{"fatalRate": 0.5}');
    expect(replaced.json).toEqual({ errorRate: 0, fatalRate: 0.5, timeoutRate: 0, resetRate: 0, latencyMs: [0, 0], down: false });
  });

  it.each([
    ['not JSON', 'errorRate=1'],
    ['an array', '[{"errorRate": 1}]'],
    ['an extra field', '{"errorRate": 1, "mode": "chaos"}'],
    ['a huge number', '{"errorRate": 1e999}'],
    ['a negative rate', '{"resetRate": -1}'],
    ['a NaN-ish string', '{"timeoutRate": "NaN"}'],
    ['rates above 1 together', '{"errorRate": 0.6, "fatalRate": 0.6}'],
    ['an empty body', ''],
  ])('answers 400 SIM_BAD_FAULTS to %s and keeps the faults it had', async (_label, body) => {
    await sim.setFaults({ fatalRate: 0.25 });
    const r = await postFaults(sim, body);
    expect(r.status).toBe(400);
    expect(r.type).toBe('application/problem+json');
    expect(r.json).toMatchObject({ code: 'SIM_BAD_FAULTS', detail: expect.any(String) });
    expect(sim.faults().fatalRate).toBe(0.25);
  });

  it('refuses a fault body larger than 64 KiB', async () => {
    const r = await postFaults(sim, JSON.stringify({ errorRate: 0, pad: 'x'.repeat(70 * 1024) }));
    expect(r.status).toBe(413);
    expect(r.json).toMatchObject({ code: 'SIM_BAD_FAULTS' });
  });

  it('answers errorRate 1 with an HTTP 500 soap:Server fault (lower half of the band) or a 0039 (upper half), and records nothing', async () => {
    await sim.setFaults({ errorRate: 1 });
    draw = 0.25;
    expect(await send(client, 'O00012345_24_00000101')).toMatchObject({ error: { status: 500, faultcode: 'soap:Server' } });
    draw = 0.75;
    expect(await send(client, 'O00012345_24_00000102')).toMatchObject({ codigo: '0039', descripcion: expect.stringContaining('ERROR_NO_SE_PUEDE_ALCANZAR_DESTINO') });
    expect(sim.stats()).toEqual({ received: 0, unique: 0, duplicates: 0, faults: { ...noFaultCounts, errors: 2 } });
    expect(sim.received()).toEqual([]);
  });

  it('answers fatalRate 1 with a simulated 0037 and records nothing', async () => {
    await sim.setFaults({ fatalRate: 1 });
    const r = await send(client, 'O00012345_24_00000103');
    expect(r).toMatchObject({ codigo: '0037', descripcion: expect.stringContaining('SIMULATED') });
    expect(sim.stats()).toEqual({ received: 0, unique: 0, duplicates: 0, faults: { ...noFaultCounts, fatals: 1 } });
  });

  it('resets the connection with resetRate 1 and records nothing', async () => {
    await sim.setFaults({ resetRate: 1 });
    const r = await send(client, 'O00012345_24_00000104');
    expect(r).toEqual({ error: expect.objectContaining({ code: 'ECONNRESET' }) });
    expect(sim.stats()).toEqual({ received: 0, unique: 0, duplicates: 0, faults: { ...noFaultCounts, resets: 1 } });
  });

  it('takes the fichero with timeoutRate 1 and never answers, so the client times out', async () => {
    await sim.setFaults({ timeoutRate: 1 });
    const r = await send(client, 'O00012345_24_00000105', 300);
    expect(r).toEqual({ error: expect.objectContaining({ code: 'ECONNABORTED' }) });
    expect(sim.stats()).toEqual({ received: 1, unique: 1, duplicates: 0, faults: { ...noFaultCounts, timeouts: 1 } });
    expect(sim.exchanges()).toEqual([{ exchangeId: 'O00012345_24_00000105', registryNumber: 'E-2024-1', count: 1 }]);
  });

  it('delays the answer by at least the latency minimum', async () => {
    await sim.setFaults({ latencyMs: [150, 400] });
    const started = Date.now();
    expect(await send(client, 'O00012345_24_00000106')).toEqual({ codigo: '00', descripcion: 'Exito' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(150);
    expect(sim.stats().received).toBe(1);
  });

  it('clears fault counts on /_sim/reset but keeps the fault settings', async () => {
    await sim.setFaults({ fatalRate: 1 });
    await send(client, 'O00012345_24_00000107');
    expect(sim.stats().faults.fatals).toBe(1);
    const reset = await fetch(`${origin(sim)}/_sim/reset`, { method: 'POST' });
    expect(await reset.json()).toEqual({ received: 0, unique: 0, duplicates: 0, faults: noFaultCounts });
    expect(sim.faults().fatalRate).toBe(1);
  });
});

describe('SIR simulator fault settings at start', () => {
  it('takes its faults from the PASARELA_SIM_SIR_* environment variables', async () => {
    const options = simulatorsOptionsFromEnv({ PASARELA_SIM_SIR_PORT: '0', PASARELA_SIM_SIR_FATAL_RATE: '1', PASARELA_SIM_SIR_LATENCY_MS: '1,5' });
    const sims = await startSimulators(options);
    try {
      expect(await (await fetch(`${origin(sims.sir)}/_sim/faults`)).json()).toMatchObject({ fatalRate: 1, latencyMs: [1, 5] });
      expect(await send(await clientFor(sims.sir), 'O00012345_24_00000301')).toMatchObject({ codigo: '0037' });
    } finally {
      await sims.stop();
    }
  });

  it('refuses to start with invalid faults', async () => {
    await expect(startSirSimulator({ port: 0, faults: { errorRate: 2 } })).rejects.toMatchObject({ code: 'CONFIG_INVALID' });
  });

  it('starts down when told to, and comes back by itself', async () => {
    const options = simulatorsOptionsFromEnv({ PASARELA_SIM_SIR_PORT: '0', PASARELA_SIM_SIR_DOWN: 'true', PASARELA_SIM_SIR_DOWN_FOR_MS: '1000' });
    const sims = await startSimulators(options);
    try {
      expect(await refused(sims.sir)).toBe(true);
      await eventually(async () => !(await refused(sims.sir)));
      expect(sims.sir.faults().down).toBe(false);
    } finally {
      await sims.stop();
    }
  });

  it('releases a connection held by a simulated timeout when it stops', async () => {
    const sim = await startSirSimulator({ port: 0, faults: { timeoutRate: 1 } });
    const pending = send(await clientFor(sim), 'O00012345_24_00000302');
    await eventually(async () => sim.stats().received === 1);
    await sim.stop();
    expect(await pending).toEqual({ error: expect.objectContaining({ code: 'ECONNRESET' }) });
  });
});
