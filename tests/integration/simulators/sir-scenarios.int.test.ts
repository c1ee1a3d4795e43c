import { startSirSimulator, type SirSimulator } from '../../../simulators/sir';
import { judgeFichero } from '../../../src/sir/reception';
import { registryEntryToSicres3 } from '../../../transforms/registry-entry-to-sicres3';
import { envelopeOf, minimalEntry } from '../../fixtures/sir/registry-entries';
import { clientFor, eventually } from './sir-helpers';
import { startSir9Receiver, type Sir9Receiver } from './ws-sir9-receiver';

/** The `[sim:reject]`, `[sim:forward]` and `[sim:return]` scenarios against a stand-in for pasarela. */

const ficheroWith = (id: string, summary: string) => {
  const entry = minimalEntry(id);
  entry.subject.summary = summary;
  return registryEntryToSicres3.apply(envelopeOf(entry)).xml;
};

async function send(sim: SirSimulator, id: string, summary: string): Promise<string> {
  const [result] = await (await clientFor(sim)).recepcionFicheroDeAplicacionAsync({ registro: ficheroWith(id, summary) });
  return result.recepcionFicheroDeAplicacionReturn.codigo;
}

const START = 'O00012345';
const DESTINATION = 'O00067890';
const ownedBy = (office: string) => ({ own: { isOurs: (o: string) => o === office } });

describe('SIR simulator scenarios that send pasarela a fichero back or confirm from elsewhere', () => {
  let sim: SirSimulator;
  let receiver: Sir9Receiver;

  beforeAll(async () => {
    receiver = await startSir9Receiver();
    sim = await startSirSimulator({ port: 0, ackDelayMs: 5, confirmDelayMs: 5, retryBaseMs: 20, callbackUrl: receiver.url });
  });
  afterAll(async () => {
    await sim.stop();
    await receiver.close();
  });
  beforeEach(() => {
    sim.reset();
    receiver.clear();
  });

  it('derives pasarela\'s WS_SIR8_B URL from its WS_SIR9 one', () => {
    expect(sim.ficheroCallbackUrl()).toBe(receiver.ficheroUrl);
  });

  it('[sim:reject]: ACKs, then sends a RECHAZO 04 to the starting office over WS_SIR8_B, and confirms nothing', async () => {
    const id = 'O00012345_24_00000601';
    expect(await send(sim, id, 'Solicitud [sim:reject]')).toBe('00');
    // The simulator records a delivery once it has pasarela's answer, just after the stand-in records the call.
    await eventually(async () => sim.callbacks().length === 2);
    expect(receiver.order).toEqual(['WS_SIR9:01', 'WS_SIR8_B:04']);
    expect(receiver.calls[0].message).toMatchObject({ type: '01', originOffice: DESTINATION, destinationOffice: START, exchangeId: id });
    const [call] = receiver.ficheros;
    expect(call.operation).toBe('envioFicherosAAplicacion');
    expect(call.body).toContain('<impl:envioFicherosAAplicacion xmlns:impl="http://impl.manager.cct.map.es"><registro>&lt;?xml');
    expect(call.firma).toBe('');
    const f = call.fichero;
    expect(f.origin).toMatchObject({ Codigo_Entidad_Registral_Origen: DESTINATION, Numero_Registro_Entrada: 'E-2024-1' });
    expect(f.destination?.Codigo_Entidad_Registral_Destino).toBe(START);
    expect(f.control).toMatchObject({ Identificador_Intercambio: id, Tipo_Anotacion: '04', Codigo_Entidad_Registral_Inicio: START });
    expect(f.control?.Descripcion_Tipo_Anotacion).toMatch(/^Rechazado/);
    expect(judgeFichero(f, ownedBy(START))).toEqual({ outcome: 'accept', code: null, reasons: [] });
    expect(sim.callbacks()).toEqual([
      { service: 'WS_SIR9', type: '01', exchangeId: id, status: 'sent', codigo: '00', attempt: 1 },
      { service: 'WS_SIR8_B', type: '04', exchangeId: id, status: 'sent', codigo: '00', attempt: 1 },
    ]);
  });

  it('[sim:return]: ACKs, then sends the entry back to the starting office as a REENVÍO 03', async () => {
    const id = 'O00012345_24_00000602';
    await send(sim, id, '[SIM:RETURN] Solicitud');
    await eventually(async () => receiver.ficheros.length === 1);
    expect(receiver.order).toEqual(['WS_SIR9:01', 'WS_SIR8_B:03']);
    const f = receiver.ficheros[0].fichero;
    expect(f.origin?.Codigo_Entidad_Registral_Origen).toBe(DESTINATION);
    expect(f.destination?.Codigo_Entidad_Registral_Destino).toBe(START);
    expect(f.control).toMatchObject({ Identificador_Intercambio: id, Tipo_Anotacion: '03' });
    expect(judgeFichero(f, ownedBy(START)).outcome).toBe('accept');
  });

  it('[sim:forward]: the destination ACKs and the office it forwarded to confirms straight to the starting office', async () => {
    const id = 'O00012345_24_00000603';
    await send(sim, id, 'Solicitud [sim:forward]');
    await eventually(async () => receiver.calls.length === 2);
    const [ack, confirmation] = receiver.calls.map((c) => c.message);
    expect(ack).toMatchObject({ type: '01', originOffice: DESTINATION, destinationOffice: START, exchangeId: id });
    expect(confirmation).toMatchObject({ type: '03', originOffice: 'O00099999', destinationOffice: START, exchangeId: id });
    expect(confirmation.destinationRegistryNumber).toMatch(/^SIM\/\d{4}\/\d+$/);
    expect(receiver.ficheros).toEqual([]);
  });

  it('retries a fichero pasarela refuses and records each answer', async () => {
    receiver.answerFicherosWith('0039');
    const id = 'O00012345_24_00000604';
    await send(sim, id, 'Solicitud [sim:reject]');
    await eventually(async () => sim.callbacks().some((c) => c.service === 'WS_SIR8_B' && c.status === 'failed'));
    receiver.answerFicherosWith('00');
    await eventually(async () => sim.callbacks().some((c) => c.service === 'WS_SIR8_B' && c.status === 'sent'));
    const attempts = sim.callbacks().filter((c) => c.service === 'WS_SIR8_B');
    expect(attempts[0]).toMatchObject({ type: '04', status: 'failed', codigo: '0039', attempt: 1 });
    expect(attempts[attempts.length - 1]).toMatchObject({ type: '04', status: 'sent', codigo: '00' });
  });
});

describe('SIR simulator WS_SIR8_B URL options', () => {
  it('sends ficheros to ficheroCallbackUrl and confirms a forward from forwardOffice when they are given', async () => {
    const sir9 = await startSir9Receiver();
    const sir8 = await startSir9Receiver();
    const sim = await startSirSimulator({
      port: 0, ackDelayMs: 1, confirmDelayMs: 1, callbackUrl: sir9.url, ficheroCallbackUrl: sir8.ficheroUrl, forwardOffice: 'O00011111',
    });
    try {
      await send(sim, 'O00012345_24_00000611', '[sim:reject]');
      await send(sim, 'O00012345_24_00000612', '[sim:forward]');
      await eventually(async () => sir8.ficheros.length === 1 && sir9.calls.length === 3);
      expect(sir9.ficheros).toEqual([]);
      expect(sir9.calls.find((c) => c.message.type === '03')?.message.originOffice).toBe('O00011111');
    } finally {
      await sim.stop();
      await Promise.all([sir9.close(), sir8.close()]);
    }
  });

  it('records a fichero it has no URL for as given up, and refuses a forwardOffice that is not DIR3', async () => {
    const sir9 = await startSir9Receiver();
    const sim = await startSirSimulator({ port: 0, ackDelayMs: 1, confirmDelayMs: 1, callbackUrl: `${sir9.url}/elsewhere` });
    try {
      expect(sim.ficheroCallbackUrl()).toBeUndefined();
      await send(sim, 'O00012345_24_00000613', '[sim:reject]');
      await eventually(async () => sim.callbacks().length === 2);
      expect(sim.callbacks()[1]).toEqual({
        service: 'WS_SIR8_B', type: '04', exchangeId: 'O00012345_24_00000613', status: 'failed', attempt: 1, gaveUp: true, reason: 'NO_URL',
      });
      sim.setFicheroCallbackUrl(sir9.ficheroUrl);
      expect(sim.ficheroCallbackUrl()).toBe(sir9.ficheroUrl);
    } finally {
      await sim.stop();
      await sir9.close();
    }
    await expect(startSirSimulator({ port: 0, forwardOffice: 'office C' })).rejects.toMatchObject({ code: 'CONFIG_INVALID' });
  });
});
