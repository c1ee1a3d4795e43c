import { startSirSimulator, type SirSimulator } from '../../../simulators/sir';
import { isSicresDateTime } from '../../../src/sir/control-message';
import { registryEntryToSicres3 } from '../../../transforms/registry-entry-to-sicres3';
import { envelopeOf, minimalEntry } from '../../fixtures/sir/registry-entries';
import { clientFor, eventually, origin } from './sir-helpers';
import { startSir9Receiver, type Sir9Receiver } from './ws-sir9-receiver';

const ficheroWith = (id: string, summary = 'Solicitud genérica') => {
  const entry = minimalEntry(id);
  entry.subject.summary = summary;
  return registryEntryToSicres3.apply(envelopeOf(entry)).xml;
};

async function send(sim: SirSimulator, id: string, summary?: string): Promise<string> {
  const [result] = await (await clientFor(sim)).recepcionFicheroDeAplicacionAsync({ registro: ficheroWith(id, summary) });
  return result.recepcionFicheroDeAplicacionReturn.codigo;
}

const typesFor = (r: Sir9Receiver, id: string) => r.calls.filter((c) => c.message.exchangeId === id).map((c) => c.message.type);
const confirmed = (r: Sir9Receiver, id: string) => async () => typesFor(r, id).includes('03');

describe('SIR simulator WS_SIR9 callbacks', () => {
  let sim: SirSimulator;
  let receiver: Sir9Receiver;

  beforeAll(async () => {
    sim = await startSirSimulator({ port: 0, ackDelayMs: 10, confirmDelayMs: 10, retryBaseMs: 20 });
    receiver = await startSir9Receiver();
    sim.setCallbackUrl(receiver.url);
  });
  afterAll(async () => {
    await sim.stop();
    await receiver.close();
  });
  beforeEach(() => {
    sim.reset();
    receiver.calls.length = 0;
    receiver.answerWith('00');
  });

  it('sends the ACK and then the CONFIRMACION as SOAP 1.1 WS_SIR9 calls with the fichero reversed', async () => {
    expect(await send(sim, 'O00012345_24_00000401')).toBe('00');
    await eventually(confirmed(receiver, 'O00012345_24_00000401'));
    // The simulator records a delivery once it has the answer, just after the receiver records the call.
    await eventually(async () => sim.callbacks().length === 2);
    const [ack, confirmation] = receiver.calls;
    expect(receiver.calls).toHaveLength(2);
    expect(ack.contentType).toBe('text/xml; charset=utf-8');
    expect(ack.soapAction).toBe('""');
    expect(ack.body).toContain('<impl:envioMensajeDatosControlAAplicacion><impl:mensaje>');
    expect(ack.message).toEqual({
      originOffice: 'O00067890', destinationOffice: 'O00012345', exchangeId: 'O00012345_24_00000401', type: '01', description: 'ACK', testIndicator: '1',
    });
    expect(confirmation.message).toMatchObject({
      originOffice: 'O00067890', destinationOffice: 'O00012345', exchangeId: 'O00012345_24_00000401', type: '03', testIndicator: '1',
    });
    expect(confirmation.message.destinationRegistryNumber).toMatch(/^SIM\/\d{4}\/\d+$/);
    expect(isSicresDateTime(confirmation.message.destinationRegistryDate ?? '')).toBe(true);
    expect(sim.callbacks()).toEqual([
      { service: 'WS_SIR9', type: '01', exchangeId: 'O00012345_24_00000401', status: 'sent', codigo: '00', attempt: 1 },
      { service: 'WS_SIR9', type: '03', exchangeId: 'O00012345_24_00000401', status: 'sent', codigo: '00', attempt: 1 },
    ]);
    const listed = await fetch(`${origin(sim)}/_sim/callbacks`);
    expect(await listed.json()).toEqual(sim.callbacks());
  });

  it('sends one ERROR 0037 and nothing else for [sim:error]', async () => {
    await send(sim, 'O00012345_24_00000402', 'Prueba [SIM:ERROR]');
    await send(sim, 'O00012345_24_00000403');
    await eventually(confirmed(receiver, 'O00012345_24_00000403'));
    expect(typesFor(receiver, 'O00012345_24_00000402')).toEqual(['02']);
    expect(receiver.calls.find((c) => c.message.exchangeId === 'O00012345_24_00000402')?.message).toMatchObject({ errorCode: '0037', destinationOffice: 'O00012345' });
  });

  it('sends nothing for [sim:silent] and only the ACK for [sim:ack-only]', async () => {
    await send(sim, 'O00012345_24_00000404', 'Prueba [sim:silent]');
    await send(sim, 'O00012345_24_00000405', 'Prueba [sim:ack-only]');
    await send(sim, 'O00012345_24_00000406');
    await eventually(confirmed(receiver, 'O00012345_24_00000406'));
    expect(typesFor(receiver, 'O00012345_24_00000404')).toEqual([]);
    expect(typesFor(receiver, 'O00012345_24_00000405')).toEqual(['01']);
  });

  it('sends no second round of callbacks for a duplicate fichero, which is still answered 00 and counted', async () => {
    await send(sim, 'O00012345_24_00000407');
    await eventually(confirmed(receiver, 'O00012345_24_00000407'));
    expect(await send(sim, 'O00012345_24_00000407')).toBe('00');
    await send(sim, 'O00012345_24_00000408');
    await eventually(confirmed(receiver, 'O00012345_24_00000408'));
    expect(typesFor(receiver, 'O00012345_24_00000407')).toEqual(['01', '03']);
    expect(sim.stats()).toMatchObject({ received: 3, unique: 2, duplicates: 1 });
  });

  it('retries a callback answered with a non-00 codigo until it is taken', async () => {
    receiver.answerWith('0039');
    await send(sim, 'O00012345_24_00000409', 'Prueba [sim:ack-only]');
    await eventually(async () => sim.callbacks().some((c) => c.status === 'failed'));
    receiver.answerWith('00');
    await eventually(async () => sim.callbacks().some((c) => c.status === 'sent'));
    const attempts = sim.callbacks();
    expect(attempts[0]).toMatchObject({ type: '01', status: 'failed', codigo: '0039', attempt: 1 });
    expect(attempts[attempts.length - 1]).toMatchObject({ type: '01', status: 'sent', codigo: '00' });
  });

  it('answers 00 at once and cancels pending callbacks on reset', async () => {
    const slow = await startSirSimulator({ port: 0, ackDelayMs: 600_000, callbackUrl: receiver.url });
    try {
      const [result] = await (await clientFor(slow)).recepcionFicheroDeAplicacionAsync({ registro: ficheroWith('O00012345_24_00000410') });
      expect(result.recepcionFicheroDeAplicacionReturn.codigo).toBe('00');
      expect(slow.callbacks()).toEqual([]);
      slow.reset();
      expect(slow.callbacks()).toEqual([]);
    } finally {
      await slow.stop();
    }
  });
});

describe('SIR simulator WS_SIR9 callbacks with the receiver down', () => {
  it('retries while pasarela is down, delivers once it is up, and records every attempt', async () => {
    const receiver = await startSir9Receiver();
    await receiver.close();
    const sim = await startSirSimulator({ port: 0, ackDelayMs: 1, confirmDelayMs: 1, retryBaseMs: 50, retries: 8, callbackUrl: receiver.url });
    try {
      await send(sim, 'O00012345_24_00000501');
      await eventually(async () => sim.callbacks().some((c) => c.status === 'failed'));
      await receiver.reopen();
      await eventually(async () => sim.callbacks().filter((c) => c.status === 'sent').length === 2);
      const attempts = sim.callbacks();
      expect(attempts[0]).toMatchObject({ type: '01', exchangeId: 'O00012345_24_00000501', status: 'failed', reason: 'ECONNREFUSED', attempt: 1 });
      expect(attempts.filter((c) => c.status === 'sent').map((c) => c.type)).toEqual(['01', '03']);
      expect(typesFor(receiver, 'O00012345_24_00000501')).toEqual(['01', '03']);
    } finally {
      await sim.stop();
      await receiver.close();
    }
  });

  it('gives up after the last retry and marks the attempt', async () => {
    const receiver = await startSir9Receiver();
    await receiver.close();
    const sim = await startSirSimulator({ port: 0, ackDelayMs: 1, retryBaseMs: 1, retries: 2, callbackUrl: receiver.url });
    try {
      await send(sim, 'O00012345_24_00000502', '[sim:ack-only]');
      await eventually(async () => sim.callbacks().some((c) => c.gaveUp === true));
      expect(sim.callbacks().map((c) => [c.type, c.status, c.attempt, c.gaveUp])).toEqual([
        ['01', 'failed', 1, undefined], ['01', 'failed', 2, undefined], ['01', 'failed', 3, true],
      ]);
    } finally {
      await sim.stop();
    }
  });
});
