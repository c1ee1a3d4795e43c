import { randomUUID } from 'node:crypto';
import { startCarpetaSimulator, type CarpetaSimulator } from '../../../../simulators/carpeta';
import { EXAMPLE_DOCUMENT, exampleChange } from '../../../../simulators/carpeta/examples';
import { pushChange } from '../../../../simulators/carpeta/requests';

const SECRET = 'secreto-de-prueba-carpeta-0001';
const EXP = 'ES_L02000023_2026_EXP_000123';
const now = () => Math.floor(Date.now() / 1000);

describe('Carpeta simulator push endpoint (real HTTP)', () => {
  let sim: CarpetaSimulator;
  const push = (body: unknown, o: Partial<Parameters<typeof pushChange>[2]> = {}) => pushChange(sim.pushUrl, body, { secret: SECRET, ...o });

  beforeAll(async () => {
    sim = await startCarpetaSimulator({ port: 0, secret: SECRET });
  });
  afterAll(() => sim.stop());
  beforeEach(() => sim.reset());

  it('accepts a signed change and shows it per expediente and per citizen', async () => {
    const change = exampleChange({ sequence: 7 });
    expect(await push(change)).toEqual({ status: 200, body: { received: true } });
    expect(sim.expediente(EXP)).toEqual({
      expediente: EXP, current: change,
      history: [{ sequence: 7, state: 'in-progress', phase: 'Informe técnico', changedAt: change.dates.changedAt, deliveryId: change.id }],
    });
    expect(await (await fetch(`${sim.url}/_sim/expedientes/${EXP}`)).json()).toEqual(sim.expediente(EXP));
    const citizen = await (await fetch(`${sim.url}/_sim/citizens/${EXAMPLE_DOCUMENT}/expedientes`)).json();
    expect(citizen).toEqual([sim.expediente(EXP)]);
    expect(sim.stats()).toMatchObject({ received: 1, unique: 1, duplicates: 0, stale: 0, rejected: 0, badSignatures: 0, expedientes: 1 });
  });

  it('shows a citizen the expedientes of two municipalities, each kept under its own identifier', async () => {
    await push(exampleChange({ tenant: 'L02000023' }));
    await push(exampleChange({ tenant: 'L01230505', state: 'pending-citizen-action' }));
    const seen = sim.citizen(EXAMPLE_DOCUMENT).map((v) => [v.expediente, v.current.tenant, v.current.state]);
    expect(seen).toEqual([[EXP, 'L02000023', 'in-progress'], ['ES_L01230505_2026_EXP_000123', 'L01230505', 'pending-citizen-action']]);
    expect(sim.citizen('99000004T')).toEqual([]);
  });

  it.each([
    ['no signature', { signature: null }],
    ['a signature made with another secret', { secret: 'otro-secreto-de-prueba-0002' }],
    ['a signature of another body', { signature: 'v1=' + 'a'.repeat(64) }],
    ['a timestamp 301 s old', { timestamp: now() - 301 }],
    ['a timestamp 10 minutes ahead', { timestamp: now() + 600 }],
  ])('refuses a push with %s with 401 and stores nothing', async (_label, o) => {
    const a = await push(exampleChange(), o);
    expect(a).toMatchObject({ status: 401, body: { code: 'CARPETA_BAD_SIGNATURE', status: 401 } });
    expect(JSON.stringify(a.body)).not.toContain(SECRET);
    expect(sim.expediente(EXP)).toBeUndefined();
    expect(sim.stats()).toMatchObject({ received: 0, badSignatures: 1, expedientes: 0 });
  });

  it.each([
    ['an invalid document number', { ...exampleChange(), interested: [{ documentType: 'NIF', documentNumber: '99000003A', role: 'holder' }] }, {}, '/interested/0/documentNumber'],
    ['a missing state', { ...exampleChange(), state: undefined }, {}, '/state: required'],
    ['another event name', exampleChange(), { event: 'inbox.entry-received' }, 'Pasarela-Event'],
    ['a delivery id that is not the body\'s id', exampleChange(), { deliveryId: randomUUID() }, 'Pasarela-Delivery'],
  ])('refuses a signed push with %s with 400 and stores nothing', async (_label, body, o, detail) => {
    const a = await push(body, o);
    expect(a).toMatchObject({ status: 400, body: { code: 'CARPETA_INVALID_CHANGE', detail: expect.stringContaining(detail) } });
    expect(JSON.stringify(a.body)).not.toContain('99000003');
    expect(sim.stats()).toMatchObject({ received: 0, rejected: 1, expedientes: 0 });
  });

  it('refuses a signed push that is not application/json with 415', async () => {
    const a = await push(exampleChange(), { headers: { 'content-type': 'text/plain' } });
    expect(a).toMatchObject({ status: 415, body: { code: 'CARPETA_UNSUPPORTED_MEDIA_TYPE' } });
    expect(sim.stats()).toMatchObject({ rejected: 1, expedientes: 0 });
  });

  it('answers a repeated delivery id 200, counts it as a duplicate and does not apply it twice', async () => {
    const first = exampleChange({ sequence: 1 });
    await push(first);
    // A retry whose first answer was lost carries the same id; here it even carries another state.
    expect(await push({ ...first, sequence: 2, state: 'resolved', dates: { ...first.dates, resolvedAt: first.dates.changedAt } })).toEqual({ status: 200, body: { received: true } });
    expect(sim.expediente(EXP)?.history).toHaveLength(1);
    expect(sim.expediente(EXP)?.current.state).toBe('in-progress');
    expect(sim.stats()).toMatchObject({ received: 2, unique: 1, duplicates: 1, stale: 0 });
  });

  it('does not let an older or equal sequence overwrite a newer one, answering 200 and counting it stale', async () => {
    await push(exampleChange({ sequence: 9, state: 'resolved' }));
    expect((await push(exampleChange({ sequence: 8, state: 'in-progress' }))).status).toBe(200);
    expect((await push(exampleChange({ sequence: 9, state: 'closed' }))).status).toBe(200);
    expect(sim.expediente(EXP)?.current).toMatchObject({ sequence: 9, state: 'resolved' });
    expect(sim.stats()).toMatchObject({ received: 3, unique: 3, stale: 2, expedientes: 1 });
    await push(exampleChange({ sequence: 10, state: 'closed' }));
    expect(sim.expediente(EXP)?.history.map((h) => h.sequence)).toEqual([9, 10]);
  });

  it('answers 404 for an expediente nothing was pushed for, and for other paths and methods', async () => {
    expect((await fetch(`${sim.url}/_sim/expedientes/ES_L02000023_2026_EXP_9`)).status).toBe(404);
    expect((await fetch(`${sim.url}/carpeta/v1/otra-cosa`, { method: 'POST' })).status).toBe(404);
    expect((await fetch(sim.pushUrl)).status).toBe(405);
  });

  it('checks the timestamp against its own clock and skew when given', async () => {
    const other = await startCarpetaSimulator({ port: 0, secret: SECRET, maxSkewSeconds: 10, now: () => new Date('2026-02-28T12:00:00Z') });
    try {
      const at = Date.parse('2026-02-28T12:00:00Z') / 1000;
      expect((await pushChange(other.pushUrl, exampleChange(), { secret: SECRET, timestamp: at - 10 })).status).toBe(200);
      expect((await pushChange(other.pushUrl, exampleChange(), { secret: SECRET, timestamp: at - 11 })).status).toBe(401);
    } finally {
      await other.stop();
    }
  });
});
