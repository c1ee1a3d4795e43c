import { startSirSimulator, type SirSimulator } from '../../../simulators/sir';
import { MAX_ORIGINATE_BODY_BYTES } from '../../../simulators/sir/originate-routes';
import { origin } from './sir-helpers';
import { startSir9Receiver, type Sir9Receiver } from './ws-sir9-receiver';

/** `POST /_sim/originate` and `GET /_sim/originated`: answers, coded refusals, and nothing half-done. */

const MUNICIPALITY = 'O00023001';

async function originate(sim: SirSimulator, body: string | Buffer) {
  const res = await fetch(`${origin(sim)}/_sim/originate`, { method: 'POST', body, headers: { 'content-type': 'application/json' } });
  return { status: res.status, type: res.headers.get('content-type'), json: (await res.json()) as Record<string, unknown> };
}

describe('SIR simulator originate endpoints', () => {
  let sim: SirSimulator;
  let receiver: Sir9Receiver;

  beforeAll(async () => {
    receiver = await startSir9Receiver();
    sim = await startSirSimulator({ port: 0, callbackUrl: receiver.url, originSequenceStart: 99_999_999 });
  });
  afterAll(async () => {
    await sim.stop();
    await receiver.close();
  });
  beforeEach(() => {
    sim.reset();
    receiver.clear();
  });

  it('originates from a JSON body, numbers from originSequenceStart and wraps after 99999999', async () => {
    const first = await originate(sim, JSON.stringify({ destinationOffice: MUNICIPALITY }));
    const second = await originate(sim, JSON.stringify({ destinationOffice: MUNICIPALITY }));
    expect(first).toMatchObject({ status: 200, json: { exchangeId: expect.stringMatching(/^O00012345_\d{2}_99999999$/), codigo: '00' } });
    expect(second.json.exchangeId).toMatch(/^O00012345_\d{2}_00000001$/);
    expect(receiver.ficheros.map((c) => c.fichero.origin?.Numero_Registro_Entrada)).toEqual(['SIM-IN/99999999', 'SIM-IN/1']);
    const listed = await fetch(`${origin(sim)}/_sim/originated`);
    expect(await listed.json()).toEqual(sim.originated());
    expect(sim.originated().map((r) => r.exchangeId)).toEqual([first.json.exchangeId, second.json.exchangeId]);
  });

  it.each([
    ['a body that is not JSON', '{"destinationOffice":', 'the body is not JSON'],
    ['a JSON array', '[]', 'must be a JSON object'],
    ['an unknown field', JSON.stringify({ destinationOffice: MUNICIPALITY, office: 'x' }), 'unknown field "office"'],
    ['no destination office', JSON.stringify({ summary: 'x' }), 'destinationOffice is required'],
    ['a destination that is not DIR3', JSON.stringify({ destinationOffice: '<x/>' }), 'destinationOffice must be a DIR3 code'],
    ['too many annexes', JSON.stringify({ destinationOffice: MUNICIPALITY, annexes: 21 }), 'annexes must be an integer from 0 to 20'],
    ['a test flag that is text', JSON.stringify({ destinationOffice: MUNICIPALITY, test: 'yes' }), 'test must be true or false'],
    ['xml with other fields', JSON.stringify({ xml: '<a/>', destinationOffice: MUNICIPALITY }), 'takes no other field'],
    ['xml that is not text', JSON.stringify({ xml: 42 }), 'xml must be a string'],
    ['a summary too long for SICRES', JSON.stringify({ destinationOffice: MUNICIPALITY, summary: 'x'.repeat(241) }), 'Resumen'],
  ])('refuses %s with SIM_BAD_REQUEST and sends nothing', async (_, body, detail) => {
    const r = await originate(sim, body);
    expect(r).toMatchObject({ status: 400, type: 'application/problem+json', json: { code: 'SIM_BAD_REQUEST', status: 400, detail: expect.stringContaining(detail) } });
    expect(receiver.ficheros).toEqual([]);
    expect(sim.originated()).toEqual([]);
  });

  it('refuses a body over the bound with 413 and stays up', async () => {
    const r = await originate(sim, Buffer.alloc(MAX_ORIGINATE_BODY_BYTES + 1, 0x20));
    expect(r).toMatchObject({ status: 413, json: { code: 'SIM_BAD_REQUEST' } });
    expect((await originate(sim, JSON.stringify({ destinationOffice: MUNICIPALITY }))).status).toBe(200);
  });

  it('answers 502 CONNECTOR_BAD_RESPONSE when pasarela faults, and keeps no record of the send', async () => {
    receiver.answerFicherosWith('fault');
    const r = await originate(sim, JSON.stringify({ destinationOffice: MUNICIPALITY }));
    expect(r).toMatchObject({ status: 502, json: { code: 'CONNECTOR_BAD_RESPONSE', detail: expect.stringContaining('HTTP 500') } });
    expect(sim.originated()).toEqual([]);
    await expect(sim.originate({ destinationOffice: 'nope' })).rejects.toMatchObject({ code: 'SIM_BAD_REQUEST' });
  });

  it('answers only the right methods and forgets the originated exchanges on reset', async () => {
    await originate(sim, JSON.stringify({ destinationOffice: MUNICIPALITY }));
    expect((await fetch(`${origin(sim)}/_sim/originate`)).status).toBe(405);
    expect((await fetch(`${origin(sim)}/_sim/originated`, { method: 'POST' })).status).toBe(405);
    expect((await fetch(`${origin(sim)}/_sim/reset`, { method: 'POST' })).status).toBe(200);
    expect(sim.originated()).toEqual([]);
  });
});

describe('SIR simulator originate without a reachable pasarela', () => {
  it('refuses with CONFIG_INVALID without a WS_SIR8_B URL, and with CONNECTOR_UNREACHABLE when pasarela is down', async () => {
    const sim = await startSirSimulator({ port: 0 });
    const receiver = await startSir9Receiver();
    await receiver.close();
    try {
      const unset = await originate(sim, JSON.stringify({ destinationOffice: MUNICIPALITY }));
      expect(unset).toMatchObject({ status: 500, json: { code: 'CONFIG_INVALID', detail: expect.stringContaining('ficheroCallbackUrl') } });
      sim.setFicheroCallbackUrl(receiver.ficheroUrl);
      await expect(sim.originate({ destinationOffice: MUNICIPALITY })).rejects.toMatchObject({ code: 'CONNECTOR_UNREACHABLE', retryable: true });
      expect(sim.originated()).toEqual([]);
    } finally {
      await sim.stop();
    }
  });
});
