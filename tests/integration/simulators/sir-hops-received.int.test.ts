import { startSirSimulator, type SirSimulator } from '../../../simulators/sir';
import { parseFichero } from '../../../src/sir/parse-fichero';
import { hopFichero, writeFichero } from '../../../src/sir/write-fichero';
import { clientFor, eventually, fichero } from './sir-helpers';
import { startSir9Receiver, type Sir9Receiver } from './ws-sir9-receiver';

/**
 * REENVÍO (`03`) and RECHAZO (`04`) ficheros pasarela sends the CIR on WS_SIR6_B for an entry it
 * received: judged, answered, counted apart from the ENVÍO and ACKed back to pasarela.
 */

const START = 'O00012345';
const MUNICIPALITY = 'O00067890';

/**
 * The minimal ENVÍO O00012345 -> O00067890 (no interested party) sent on by the municipality as
 * `type` to `to`, written as pasarela's inbox does, the sending office naming its unit. With
 * `unit` null the origin unit is taken out, as a careless sender would: the hop of a party-less
 * entry then breaks plan RC-117.
 */
function hop(id: string, type: '03' | '04', to: string, unit: string | null = 'L01230001'): string {
  const h = hopFichero(parseFichero(fichero(id)), { annotationType: type, reason: 'Motivo', from: { office: MUNICIPALITY, unit: unit ?? undefined }, to: { office: to } });
  if (unit === null) delete h.origin!.Codigo_Unidad_Tramitacion_Origen;
  return writeFichero(h);
}

async function send(sim: SirSimulator, registro: string) {
  const [result] = await (await clientFor(sim)).recepcionFicheroDeAplicacionAsync({ registro });
  return result.recepcionFicheroDeAplicacionReturn as { codigo: string; descripcion: string };
}

describe('SIR simulator receiving a REENVÍO or RECHAZO from pasarela', () => {
  let sim: SirSimulator;
  let receiver: Sir9Receiver;

  beforeAll(async () => {
    receiver = await startSir9Receiver();
    sim = await startSirSimulator({ port: 0, ackDelayMs: 1, confirmDelayMs: 1, callbackUrl: receiver.url });
  });
  afterAll(async () => {
    await sim.stop();
    await receiver.close();
  });
  beforeEach(() => {
    sim.reset();
    receiver.clear();
  });

  it('counts the ENVÍO and its RECHAZO apart, ACKs the RECHAZO once, and counts its re-send as a duplicate', async () => {
    const id = 'O00012345_24_00000701';
    expect((await send(sim, fichero(id))).codigo).toBe('00');
    await eventually(async () => receiver.calls.length === 2);
    expect(await send(sim, hop(id, '04', START))).toEqual({ codigo: '00', descripcion: 'Exito' });
    await eventually(async () => receiver.calls.length === 3);
    expect(sim.stats()).toMatchObject({ received: 2, unique: 2, duplicates: 0 });
    expect((await send(sim, hop(id, '04', START))).codigo).toBe('00');
    expect(sim.stats()).toMatchObject({ received: 3, unique: 2, duplicates: 1 });
    expect(sim.exchanges()).toEqual([
      { exchangeId: id, registryNumber: 'E-2024-1', count: 1 },
      { exchangeId: id, registryNumber: 'E-2024-1', annotationType: '04', origin: MUNICIPALITY, count: 2 },
    ]);
    await send(sim, fichero('O00012345_24_00000702'));
    await eventually(async () => receiver.calls.some((c) => c.message.exchangeId === 'O00012345_24_00000702' && c.message.type === '03'));
    expect(receiver.calls.filter((c) => c.message.exchangeId === id).map((c) => [c.message.type, c.message.originOffice, c.message.destinationOffice])).toEqual([
      ['01', MUNICIPALITY, START], ['03', MUNICIPALITY, START], ['01', START, MUNICIPALITY],
    ]);
  });

  it('refuses a RECHAZO not addressed to the starting office with 0037, records nothing and sends nothing', async () => {
    const answer = await send(sim, hop('O00012345_24_00000703', '04', 'O00055555'));
    expect(answer.codigo).toBe('0037');
    expect(answer.descripcion).toContain('a RECHAZO (Tipo_Anotacion 04) must go to Codigo_Entidad_Registral_Inicio');
    expect(sim.stats().received).toBe(0);
    expect(sim.callbacks()).toEqual([]);
  });

  it('refuses with 0037 a hop of an entry without interested parties that lost its origin unit (plan RC-117)', async () => {
    const answer = await send(sim, hop('O00012345_24_00000705', '04', START, null));
    expect(answer).toEqual({ codigo: '0037', descripcion: expect.stringContaining('Codigo_Unidad_Tramitacion_Origen is required') });
    expect(sim.stats().received).toBe(0);
  });

  it('ACKs a REENVÍO from the office it was forwarded to, whatever scenario its summary names', async () => {
    const id = 'O00012345_24_00000704';
    const forwarded = hop(id, '03', 'O00077777').replace('<Resumen>Solicitud genérica</Resumen>', '<Resumen>Solicitud [sim:silent]</Resumen>');
    expect(forwarded).toContain('[sim:silent]');
    expect((await send(sim, forwarded)).codigo).toBe('00');
    await eventually(async () => sim.callbacks().length === 1);
    expect(receiver.calls[0].message).toMatchObject({ type: '01', originOffice: 'O00077777', destinationOffice: MUNICIPALITY, exchangeId: id });
    expect(sim.callbacks()).toEqual([{ service: 'WS_SIR9', type: '01', exchangeId: id, status: 'sent', codigo: '00', attempt: 1 }]);
  });
});
