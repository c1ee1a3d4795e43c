import { incomingFichero } from '../../fixtures/sir/registry-entries';
import { cirCall } from '../../helpers/sir-soap';
import { createKey, startStack, waitFor, OTHER_TENANT, type TestStack } from '../../helpers/stack';

const OUR_OFFICE = 'O00009001';


const soapCall = (registro: string): string => cirCall('envioFicherosAAplicacion', registro);

describe('WS_SIR8_B: entries SIR brings to a municipality (real RabbitMQ, journal, the simulator as the CIR)', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(async () => {
    await stack.stop();
  });

  async function deliver(registro: string) {
    const res = await fetch(`${stack.url}/sir/WS_SIR8_B`, { method: 'POST', headers: { 'content-type': 'text/xml; charset=utf-8' }, body: soapCall(registro) });
    const text = await res.text();
    return { status: res.status, codigo: /<codigo[^>]*>([^<]*)</.exec(text)?.[1] };
  }
  const inbox = async (key = stack.key) => (await (await fetch(`${stack.url}/v1/inbox`, { headers: { authorization: `Bearer ${key}` } })).json()) as any;
  const controls = (exchangeId: string, type: string) => stack.sim.controlMessages().filter((m) => m.exchangeId === exchangeId && m.type === type);

  it('stores an entry for the office\'s tenant, answers 00 and sends SIR an ACK', async () => {
    const exchangeId = 'O00012345_26_00000101';
    expect(await deliver(incomingFichero(exchangeId))).toEqual({ status: 200, codigo: '00' });
    await waitFor(async () => controls(exchangeId, '01').length, (n) => n === 1);
    expect(controls(exchangeId, '01')[0]).toMatchObject({ origin: OUR_OFFICE, destination: 'O00012345' });
    const items = (await inbox()).items;
    const item = items.find((i: any) => i.exchangeId === exchangeId);
    expect(item).toMatchObject({ state: 'received', from: 'O00012345', originRegistryNumber: 'E-2024-1' });
    const one = (await (await fetch(`${stack.url}/v1/inbox/${item.id}`, { headers: { authorization: `Bearer ${stack.key}` } })).json()) as any;
    expect(one.entry.annexes[0]).toMatchObject({ fileName: 'solicitud.pdf', content: Buffer.from('%PDF-1.4 demo').toString('base64') });
  });

  it("hides an entry from a key bound to another of the tenant's offices, in the list and one by one", async () => {
    const exchangeId = 'O00012345_26_00000191';
    expect((await deliver(incomingFichero(exchangeId))).codigo).toBe('00');
    const item = (await inbox()).items.find((i: any) => i.exchangeId === exchangeId);
    const otherOffice = await createKey(stack.app, 'L02000023', { offices: ['O00009002'] });
    expect((await inbox(otherOffice)).items.find((i: any) => i.exchangeId === exchangeId)).toBeUndefined();
    const one = await fetch(`${stack.url}/v1/inbox/${item.id}`, { headers: { authorization: `Bearer ${otherOffice}` } });
    expect(one.status).toBe(404);
    const accept = await fetch(`${stack.url}/v1/inbox/${item.id}/accept`, {
      method: 'POST', headers: { authorization: `Bearer ${otherOffice}`, 'content-type': 'application/json' }, body: JSON.stringify({ registryNumber: 'X-1' }),
    });
    expect(accept.status).toBe(404);
    const sameOffice = await createKey(stack.app, 'L02000023', { offices: [OUR_OFFICE] });
    expect((await inbox(sameOffice)).items.find((i: any) => i.exchangeId === exchangeId)).toMatchObject({ id: item.id });
  });

  it('queues its ACK durably: with SIR down the answer still goes out, once SIR is back', async () => {
    const exchangeId = 'O00012345_26_00000110';
    await stack.sim.setFaults({ down: true, downForMs: 1500 });
    expect(await deliver(incomingFichero(exchangeId))).toEqual({ status: 200, codigo: '00' });
    await waitFor(async () => controls(exchangeId, '01').length, (n) => n === 1);
    const item = (await inbox()).items.find((i: any) => i.exchangeId === exchangeId);
    const history = (await (await fetch(`${stack.url}/v1/messages/${item.id}`, { headers: { authorization: `Bearer ${stack.key}` } })).json()) as any;
    expect(history.history.map((h: any) => h.event)).toContain('sir-ack-queued');
    const counts = await stack.app.journal.countByStatus({ route: 'sir-control-to-sir' });
    expect(counts.delivered).toBeGreaterThanOrEqual(1);
    expect(counts.parked).toBeUndefined();
  });

  it('answers the same fichero again with another ACK and stores nothing twice', async () => {
    const exchangeId = 'O00012345_26_00000102';
    const fichero = incomingFichero(exchangeId);
    await deliver(fichero);
    expect((await deliver(fichero)).codigo).toBe('00');
    await waitFor(async () => controls(exchangeId, '01').length, (n) => n === 2);
    expect((await inbox()).items.filter((i: any) => i.exchangeId === exchangeId)).toHaveLength(1);
  });

  it('refuses a fichero for an office that is not ours with 0037 and an ERROR message', async () => {
    const exchangeId = 'O00012345_26_00000103';
    expect((await deliver(incomingFichero(exchangeId, 'O00077777'))).codigo).toBe('0037');
    await waitFor(async () => controls(exchangeId, '02').length, (n) => n === 1);
    expect(controls(exchangeId, '02')[0]).toMatchObject({ code: '0037', origin: 'O00077777' });
    expect((await inbox()).items.some((i: any) => i.exchangeId === exchangeId)).toBe(false);
  });

  it('drops, without any message back, a fichero with no exchange id', async () => {
    const broken = incomingFichero('O00012345_26_00000104').replace(/<Identificador_Intercambio>[^<]*<\/Identificador_Intercambio>/, '');
    expect((await deliver(broken)).codigo).toBe('0037');
    expect(stack.sim.controlMessages().some((m) => m.exchangeId === 'O00012345_26_00000104')).toBe(false);
  });

  it('accepts an entry: CONFIRMACIÓN with the local registry number to the starting office, then the same again for a duplicate fichero', async () => {
    const exchangeId = 'O00012345_26_00000105';
    const fichero = incomingFichero(exchangeId);
    await deliver(fichero);
    const item = (await inbox()).items.find((i: any) => i.exchangeId === exchangeId);
    const accept = (body: unknown) => fetch(`${stack.url}/v1/inbox/${item.id}/accept`, {
      method: 'POST', headers: { authorization: `Bearer ${stack.key}`, 'content-type': 'application/json' }, body: JSON.stringify(body),
    });
    expect((await accept({ registryNumber: '' })).status).toBe(400);
    const res = await accept({ registryNumber: 'AYTO-E-2026-9', registryDate: '2026-11-25T10:30:00+01:00' });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ state: 'accepted', registryNumber: 'AYTO-E-2026-9', registryDate: '20261125103000' });
    await waitFor(async () => controls(exchangeId, '03').length, (n) => n === 1);
    expect(stack.sim.controlMessages().find((m) => m.exchangeId === exchangeId && m.type === '03')).toMatchObject({ origin: OUR_OFFICE, destination: 'O00012345' });
    expect((await accept({ registryNumber: 'AYTO-E-2026-9' })).status).toBe(409);
    // SIR sends the same fichero again (it missed our answer): the CONFIRMACIÓN goes again, no ACK.
    expect((await deliver(fichero)).codigo).toBe('00');
    await waitFor(async () => controls(exchangeId, '03').length, (n) => n === 2);
    expect(controls(exchangeId, '01')).toHaveLength(1);
  });

  it('shows a municipality only its own inbox', async () => {
    expect((await inbox(stack.otherKey)).items).toEqual([]);
    const mine = (await inbox()).items[0];
    const res = await fetch(`${stack.url}/v1/inbox/${mine.id}`, { headers: { authorization: `Bearer ${stack.otherKey}` } });
    expect(res.status).toBe(404);
    expect(OTHER_TENANT.offices).not.toContain(OUR_OFFICE);
  });
});
