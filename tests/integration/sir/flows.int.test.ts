import { exampleEntry, getMessage, post, startStack, waitFor, type TestStack } from '../../helpers/stack';

/** An entry whose summary carries a simulator scenario marker (simulators/README.md). */
function entryWith(marker: string) {
  const entry = exampleEntry();
  entry.subject.summary = `${entry.subject.summary} ${marker}`.trim();
  return entry;
}

describe('SIR flows end to end: pasarela, the CIR simulator calling back WS_SIR9 (real RabbitMQ and journal)', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startStack();
    stack.sim.setCallbackUrl(`${stack.url}/sir/WS_SIR9`);
  });
  afterAll(async () => {
    await stack.stop();
  });

  async function settledExchange(id: string, state: string) {
    return waitFor(() => getMessage(stack, id), (m) => m.body.exchange?.state === state, 30_000);
  }

  it('envío + confirmación: sent, acknowledged, then confirmed with the destination\'s registry number', async () => {
    const id = (await post(stack, entryWith(''))).body.id as string;
    const done = await settledExchange(id, 'confirmed');
    expect(done.body.exchange.registryNumber).toMatch(/^SIM\/\d{4}\/\d+$/);
    expect(done.body.exchange.registryDate).toMatch(/^\d{14}$/);
    const events = done.body.history.map((h: any) => h.event);
    expect(events.indexOf('delivered')).toBeLessThan(events.indexOf('sir-ack'));
    expect(events.indexOf('sir-ack')).toBeLessThan(events.indexOf('sir-confirmed'));
    expect(done.body.status).toBe('delivered');
  });

  it('error: the destination refuses the fichero with ERROR 0037 and the exchange shows it', async () => {
    const id = (await post(stack, entryWith('[sim:error]'))).body.id as string;
    const done = await settledExchange(id, 'error');
    expect(done.body.exchange.errorCode).toBe('0037');
    expect(done.body.history.at(-1)).toMatchObject({ event: 'sir-error', outcome: 'error', code: '0037' });
  });

  it('acknowledged only: stays acknowledged until a confirmation comes', async () => {
    const id = (await post(stack, entryWith('[sim:ack-only]'))).body.id as string;
    const done = await settledExchange(id, 'acknowledged');
    expect(done.body.exchange).toMatchObject({ state: 'acknowledged', registryNumber: null });
  });

  it('reenvío: the destination forwards it to a third office, whose CONFIRMACIÓN confirms our exchange', async () => {
    const id = (await post(stack, entryWith('[sim:forward]'))).body.id as string;
    const done = await settledExchange(id, 'confirmed');
    const exchangeId = done.body.exchangeId as string;
    expect(done.body.exchange.registryNumber).toMatch(/^SIM\//);
    const confirmation = stack.sim.callbacks().find((c: any) => c.exchangeId === exchangeId && c.type === '03');
    expect(confirmation).toMatchObject({ codigo: '00' });
  });

  it('rechazo: the destination sends it back as a RECHAZO; our exchange is rejected and we ACK the rechazo', async () => {
    const id = (await post(stack, entryWith('[sim:reject]'))).body.id as string;
    const done = await settledExchange(id, 'rejected');
    const exchangeId = done.body.exchangeId as string;
    expect(done.body.history.map((h: any) => h.event)).toEqual(expect.arrayContaining(['sir-ack', 'sir-rejected']));
    const ours = await waitFor(async () => stack.sim.controlMessages().filter((m) => m.exchangeId === exchangeId && m.type === '01'), (l) => l.length === 1);
    expect(ours[0]).toMatchObject({ origin: exampleEntry().origin.office });
  });

  it('return: a REENVÍO brings our entry back to our office; the exchange is returned and the entry waits in our inbox', async () => {
    const id = (await post(stack, entryWith('[sim:return]'))).body.id as string;
    const done = await settledExchange(id, 'returned');
    const inbox = (await (await fetch(`${stack.url}/v1/inbox`, { headers: { authorization: `Bearer ${stack.key}` } })).json()) as any;
    expect(inbox.items.find((i: any) => i.exchangeId === done.body.exchangeId)).toMatchObject({ state: 'received' });
  });
});

describe('SIR flows end to end, pasarela receiving: the simulator originates entries for a municipality (real RabbitMQ and journal)', () => {
  let stack: TestStack;
  const office = 'O00009001';
  beforeAll(async () => {
    stack = await startStack();
    stack.sim.setCallbackUrl(`${stack.url}/sir/WS_SIR9`);
  });
  afterAll(async () => {
    await stack.stop();
  });

  const auth = () => ({ authorization: `Bearer ${stack.key}`, 'content-type': 'application/json' });
  const inboxItem = async (exchangeId: string) => {
    const inbox = (await (await fetch(`${stack.url}/v1/inbox`, { headers: auth() })).json()) as any;
    return inbox.items.find((i: any) => i.exchangeId === exchangeId);
  };
  const act = (id: string, action: string, body: unknown) => fetch(`${stack.url}/v1/inbox/${id}/${action}`, { method: 'POST', headers: auth(), body: JSON.stringify(body) });
  const originatedState = (exchangeId: string) => waitFor(async () => stack.sim.originated().find((o) => o.exchangeId === exchangeId), (o) => o !== undefined);

  it('envío + confirmación: ACK on arrival, CONFIRMACIÓN with our registry number once the municipality registers it', async () => {
    const sent = await stack.sim.originate({ destinationOffice: office });
    expect(sent.codigo).toBe('00');
    const item = await inboxItem(sent.exchangeId);
    expect((await act(item.id, 'accept', { registryNumber: 'JAEN-2026-77' })).status).toBe(200);
    const o = await waitFor(async () => (await originatedState(sent.exchangeId))!, (r) => r.state === 'confirmed');
    expect(o.controlMessages.map((m) => m.type)).toEqual(['01', '03']);
  });

  it('duplicates: the same ENVÍO again is ACKed again and stored once; after acceptance it is answered with the CONFIRMACIÓN again', async () => {
    const first = await stack.sim.originate({ destinationOffice: office, summary: 'Duplicada' });
    const xml = (await stack.app.journal.getExchangeFichero('incoming', first.exchangeId))!;
    expect((await stack.sim.originate(undefined, { xml })).codigo).toBe('00');
    const inbox = (await (await fetch(`${stack.url}/v1/inbox`, { headers: auth() })).json()) as any;
    expect(inbox.items.filter((i: any) => i.exchangeId === first.exchangeId)).toHaveLength(1);
    await waitFor(async () => (await originatedState(first.exchangeId))!.controlMessages.length, (n) => n === 2);
    const item = await inboxItem(first.exchangeId);
    await act(item.id, 'accept', { registryNumber: 'JAEN-2026-78' });
    await stack.sim.originate(undefined, { xml });
    const o = await waitFor(async () => (await originatedState(first.exchangeId))!, (r) => r.controlMessages.filter((m) => m.type === '03').length === 2);
    expect(o.controlMessages.map((m) => m.type)).toEqual(['01', '01', '03', '03']);
  });

  it('error then corrected re-send: an invalid ENVÍO gets an ERROR, the corrected one with the same id an ACK', async () => {
    const good = await stack.sim.originate({ destinationOffice: office, summary: 'Para corregir' });
    // The same exchange, broken (an empty Resumen, rule B.7), as the sender's first try would have been.
    const xml = (await stack.app.journal.getExchangeFichero('incoming', good.exchangeId))!;
    const otherId = good.exchangeId.replace(/\d{8}$/, (n) => String((Number(n) + 5_000_000) % 100_000_000).padStart(8, '0'));
    const broken = xml.split(good.exchangeId).join(otherId).replace(/<Resumen>[^<]*<\/Resumen>/, '<Resumen></Resumen>');
    expect((await stack.sim.originate(undefined, { xml: broken })).codigo).toBe('0037');
    const corrected = xml.split(good.exchangeId).join(otherId);
    expect((await stack.sim.originate(undefined, { xml: corrected })).codigo).toBe('00');
    const o = await waitFor(async () => (await originatedState(otherId))!, (r) => r.controlMessages.length === 2);
    expect(o.controlMessages.map((m) => [m.type, m.code ?? null])).toEqual([['02', '0037'], ['01', null]]);
    expect((await inboxItem(otherId)).state).toBe('received');
  });

  it('rechazo to the starting office and reenvío to another office, each ACKed back by the simulator', async () => {
    const r = await stack.sim.originate({ destinationOffice: office });
    await act((await inboxItem(r.exchangeId)).id, 'reject', { reason: 'No es competencia municipal' });
    expect((await waitFor(() => inboxItem(r.exchangeId), (i) => i.state === 'rejected-ack')).state).toBe('rejected-ack');
    expect((await originatedState(r.exchangeId))!.state).toBe('rejected');
    const f = await stack.sim.originate({ destinationOffice: office });
    await act((await inboxItem(f.exchangeId)).id, 'forward', { office: 'O00099999', reason: 'Competencia de otra oficina' });
    expect((await waitFor(() => inboxItem(f.exchangeId), (i) => i.state === 'forwarded-ack')).state).toBe('forwarded-ack');
  });
});
