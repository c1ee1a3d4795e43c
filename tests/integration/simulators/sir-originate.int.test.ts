import { startSirSimulator, type SirSimulator } from '../../../simulators/sir';
import { createSirControlClient, type SirControlClient } from '../../../src/connectors/sir';
import type { ControlMessage } from '../../../src/sir/control-message';
import type { ParsedFichero } from '../../../src/sir/fichero';
import { judgeFichero } from '../../../src/sir/reception';
import { hopFichero, writeFichero } from '../../../src/sir/write-fichero';
import { clientFor, eventually, origin } from './sir-helpers';
import { startSir9Receiver, type Sir9Receiver } from './ws-sir9-receiver';

/**
 * Entries the simulator originates toward a municipality's office, and what "pasarela" (a
 * stand-in here, using pasarela's own control client and fichero writer) sends back about them.
 */

const MUNICIPALITY = 'O00023001';
const START = 'O00012345';

/** pasarela's answer about `f` as the receiving office: origin and destination of the fichero swapped. */
const reply = (f: ParsedFichero, m: Partial<ControlMessage> & Pick<ControlMessage, 'type'>): ControlMessage => ({
  originOffice: MUNICIPALITY, destinationOffice: START, exchangeId: f.control!.Identificador_Intercambio!, testIndicator: '1', ...m,
});

/** A REENVÍO or RECHAZO as pasarela's inbox writes it (src/intake/inbox-hop.ts). */
const hopXml = (f: ParsedFichero, annotationType: '03' | '04', to: string, reason: string) =>
  writeFichero(hopFichero(f, { annotationType, reason, from: { office: MUNICIPALITY }, to: { office: to } }));

describe('SIR simulator originating entries toward pasarela', () => {
  let sim: SirSimulator;
  let receiver: Sir9Receiver;
  let pasarela: SirControlClient;

  beforeAll(async () => {
    receiver = await startSir9Receiver();
    sim = await startSirSimulator({ port: 0, ackDelayMs: 1, callbackUrl: receiver.url, originSequenceStart: 41 });
    pasarela = await createSirControlClient({ endpoint: sim.controlUrl, timeoutMs: 5000, wssec: { sign: false } });
  });
  afterAll(async () => {
    await pasarela.close();
    await sim.stop();
    await receiver.close();
  });
  beforeEach(() => {
    sim.reset();
    receiver.clear();
  });

  it('builds a valid ENVÍO for the office, sends it to WS_SIR8_B and resolves with pasarela\'s answer', async () => {
    const result = await sim.originate({ destinationOffice: MUNICIPALITY, destinationUnit: 'L01230001', summary: 'Licencia de obra' });
    expect(result).toEqual({ exchangeId: expect.stringMatching(/^O00012345_\d{2}_\d{8}$/), codigo: '00', descripcion: 'Exito' });
    const [call] = receiver.ficheros;
    expect(call.path).toBe('/pasarela/sir/WS_SIR8_B');
    const f = call.fichero;
    expect(f.origin).toMatchObject({ Codigo_Entidad_Registral_Origen: START, Numero_Registro_Entrada: expect.stringMatching(/^SIM-IN\/\d+$/) });
    expect(f.destination).toEqual({ Codigo_Entidad_Registral_Destino: MUNICIPALITY, Codigo_Unidad_Tramitacion_Destino: 'L01230001' });
    expect(f.subject?.Resumen).toBe('Licencia de obra');
    expect(f.annexes).toHaveLength(1);
    expect(f.control).toMatchObject({ Identificador_Intercambio: result.exchangeId, Tipo_Anotacion: '02', Indicador_Prueba: '1', Codigo_Entidad_Registral_Inicio: START });
    expect(judgeFichero(f, { own: { isOurs: (o) => o === MUNICIPALITY } })).toEqual({ outcome: 'accept', code: null, reasons: [] });
    expect(sim.originated()).toEqual([{ exchangeId: result.exchangeId, answers: [{ codigo: '00', descripcion: 'Exito' }], controlMessages: [], ficheros: [], state: 'sent' }]);
  });

  it('gives each entry of the run its own exchange id and registry number', async () => {
    const first = await sim.originate({ destinationOffice: MUNICIPALITY, annexes: 0, test: false });
    const second = await sim.originate({ destinationOffice: MUNICIPALITY, originOffice: 'O00054321', annexes: 3 });
    expect(first.exchangeId.slice(-8)).not.toBe(second.exchangeId.slice(-8));
    expect(second.exchangeId.startsWith('O00054321_')).toBe(true);
    const [a, b] = receiver.ficheros.map((c) => c.fichero);
    expect([a.annexes.length, b.annexes.length]).toEqual([0, 3]);
    expect(a.control?.Indicador_Prueba).toBe('0');
    expect(a.origin?.Numero_Registro_Entrada).not.toBe(b.origin?.Numero_Registro_Entrada);
  });

  it('follows the exchange through pasarela\'s ACK and CONFIRMACION', async () => {
    const { exchangeId } = await sim.originate({ destinationOffice: MUNICIPALITY });
    const f = receiver.ficheros[0].fichero;
    await pasarela.send(reply(f, { type: '01', description: 'ACK' }));
    expect(sim.originated()[0].state).toBe('acknowledged');
    await pasarela.send(reply(f, { type: '03', description: 'CONFIRMACION', destinationRegistryNumber: 'AYTO-E-2026-7', destinationRegistryDate: '20260105101500' }));
    const [record] = sim.originated();
    expect(record.state).toBe('confirmed');
    expect(record.controlMessages).toEqual([
      { type: '01', exchangeId, origin: MUNICIPALITY, destination: START },
      { type: '03', exchangeId, origin: MUNICIPALITY, destination: START, registryNumber: 'AYTO-E-2026-7', registryDate: '20260105101500' },
    ]);
  });

  it('records pasarela\'s ERROR with its code, and a refusal answered at once', async () => {
    await sim.originate({ destinationOffice: MUNICIPALITY });
    await pasarela.send(reply(receiver.ficheros[0].fichero, { type: '02', description: 'Resumen vacio', errorCode: '0037' }));
    receiver.answerFicherosWith('0037');
    const refused = await sim.originate({ destinationOffice: MUNICIPALITY });
    expect(refused).toMatchObject({ codigo: '0037', descripcion: expect.stringContaining('ERROR EN LA VALIDACION') });
    const [erred, answered] = sim.originated();
    expect(erred).toMatchObject({ state: 'error', controlMessages: [{ type: '02', code: '0037' }] });
    expect(answered).toMatchObject({ state: 'error', answers: [{ codigo: '0037' }] });
  });

  it('takes pasarela\'s RECHAZO on WS_SIR6_B, ACKs it to pasarela\'s WS_SIR9 and marks the exchange rejected', async () => {
    const { exchangeId } = await sim.originate({ destinationOffice: MUNICIPALITY, summary: 'Solicitud [sim:error]' });
    const f = receiver.ficheros[0].fichero;
    await pasarela.send(reply(f, { type: '01', description: 'ACK' }));
    const [result] = await (await clientFor(sim)).recepcionFicheroDeAplicacionAsync({ registro: hopXml(f, '04', START, 'No es de nuestra competencia') });
    expect(result.recepcionFicheroDeAplicacionReturn.codigo).toBe('00');
    // Always ACKed, whatever the summary says: the CIR judges a hop, it plays no scenario on it.
    await eventually(async () => receiver.calls.length === 1);
    expect(receiver.calls[0].message).toEqual({ originOffice: START, destinationOffice: MUNICIPALITY, exchangeId, type: '01', description: 'ACK', testIndicator: '1' });
    expect(sim.originated()[0]).toMatchObject({ state: 'rejected', ficheros: [{ type: '04', origin: MUNICIPALITY, destination: START, reason: 'No es de nuestra competencia' }] });
    expect(sim.exchanges()).toEqual([{ exchangeId, registryNumber: f.origin?.Numero_Registro_Entrada, annotationType: '04', origin: MUNICIPALITY, count: 1 }]);
  });

  it('takes pasarela\'s REENVÍO to another office, which ACKs it, and marks the exchange forwarded', async () => {
    const { exchangeId } = await sim.originate({ destinationOffice: MUNICIPALITY });
    const f = receiver.ficheros[0].fichero;
    await (await clientFor(sim)).recepcionFicheroDeAplicacionAsync({ registro: hopXml(f, '03', 'O00077777', 'Corresponde a otra oficina') });
    await eventually(async () => receiver.calls.length === 1);
    expect(receiver.calls[0].message).toMatchObject({ originOffice: 'O00077777', destinationOffice: MUNICIPALITY, exchangeId, type: '01' });
    expect(sim.originated()[0]).toMatchObject({ state: 'forwarded', ficheros: [{ type: '03', origin: MUNICIPALITY, destination: 'O00077777' }] });
  });

  it('sends a given fichero as is, twice, and pasarela sees the same text each time', async () => {
    const { exchangeId } = await sim.originate({ destinationOffice: MUNICIPALITY });
    const xml = receiver.ficheros[0].registro;
    const again = await sim.originate({}, { xml });
    const res = await fetch(`${origin(sim)}/_sim/originate`, { method: 'POST', body: JSON.stringify({ xml }), headers: { 'content-type': 'application/json' } });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ exchangeId, codigo: '00', descripcion: 'Exito' });
    expect(again.exchangeId).toBe(exchangeId);
    expect(receiver.ficheros.map((c) => c.registro)).toEqual([xml, xml, xml]);
    expect(sim.originated()).toHaveLength(1);
    expect(sim.originated()[0].answers).toHaveLength(3);
  });
});
