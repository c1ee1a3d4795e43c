import { registryEntryToSicres3 } from '../../../transforms/registry-entry-to-sicres3';
import { buildControlMessage } from '../../../src/sir/control-message';
import { parseFichero } from '../../../src/sir/parse-fichero';
import { incomingFichero } from '../../fixtures/sir/registry-entries';
import { toWsSir8b, toWsSir9 } from '../../helpers/sir-soap';
import { exampleEntry, getMessage, OTHER_TENANT, post, startStack, waitFor, type TestStack } from '../../helpers/stack';

const OUR_OFFICE = 'O00009001';
const START = 'O00012345';

describe('Inbox: rejecting (RECHAZO 04) and forwarding (REENVÍO 03) an entry SIR brought (real RabbitMQ, journal, simulator)', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(async () => {
    await stack.stop();
  });

  const auth = (key = stack.key) => ({ authorization: `Bearer ${key}`, 'content-type': 'application/json' });
  const act = async (id: string, action: string, body: unknown, key?: string) => {
    const res = await fetch(`${stack.url}/v1/inbox/${id}/${action}`, { method: 'POST', headers: auth(key), body: JSON.stringify(body) });
    return { status: res.status, type: res.headers.get('content-type'), body: (await res.json()) as any };
  };
  const inboxItem = async (exchangeId: string) => {
    const items = ((await (await fetch(`${stack.url}/v1/inbox`, { headers: auth() })).json()) as any).items as any[];
    return items.find((i) => i.exchangeId === exchangeId);
  };
  /** The fichero a `sir-fichero` message carried, once SIR (the simulator) took it. */
  async function sentToSir(messageId: string) {
    await waitFor(() => getMessage(stack, messageId), (m) => m.body.status === 'delivered');
    const row = await stack.app.journal.getMessage(messageId);
    return parseFichero((row!.envelope.payload as { xml: string }).xml);
  }
  const timesSirGot = (exchangeId: string) => stack.sim.received().filter((x) => x === exchangeId).length;
  async function received(exchangeId: string) {
    expect((await toWsSir8b(stack, incomingFichero(exchangeId, OUR_OFFICE, 'L02000023'))).codigo).toBe('00');
    return inboxItem(exchangeId);
  }

  it('rejects an entry: a fichero 04 goes to the starting office with the reason, and the office\'s ACK closes it', async () => {
    const exchangeId = `${START}_26_00000201`;
    const item = await received(exchangeId);
    const res = await act(item.id, 'reject', { reason: 'No corresponde a este ayuntamiento' });
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ id: item.id, exchangeId, state: 'rejected', sentAs: expect.any(String) });
    const rechazo = await sentToSir(res.body.sentAs);
    expect(timesSirGot(exchangeId)).toBe(1);
    expect(rechazo.control?.Tipo_Anotacion).toBe('04');
    expect(rechazo.origin?.Codigo_Entidad_Registral_Origen).toBe(OUR_OFFICE);
    expect(rechazo.destination?.Codigo_Entidad_Registral_Destino).toBe(START);
    expect(rechazo.control).toMatchObject({ Descripcion_Tipo_Anotacion: 'No corresponde a este ayuntamiento', Codigo_Entidad_Registral_Inicio: START });
    expect(rechazo.annexes).toHaveLength(1);
    const ack = buildControlMessage({ originOffice: START, destinationOffice: OUR_OFFICE, exchangeId, type: '01', testIndicator: '0' });
    expect((await toWsSir9(stack, ack)).codigo).toBe('00');
    expect((await waitFor(() => inboxItem(exchangeId), (i) => i.state === 'rejected-ack')).state).toBe('rejected-ack');
    // The same ACK again (the CIR re-sends what it is unsure of) is taken and changes nothing.
    expect((await toWsSir9(stack, ack)).codigo).toBe('00');
    expect((await inboxItem(exchangeId)).state).toBe('rejected-ack');
    const history = (await getMessage(stack, item.id)).body.history.map((h: any) => h.event);
    expect(history).toEqual(expect.arrayContaining(['sir-rejecting', 'sir-ack']));
  });

  it('refuses a second action on the same entry with 409 and sends nothing more', async () => {
    const exchangeId = `${START}_26_00000202`;
    const item = await received(exchangeId);
    const first = await act(item.id, 'reject', { reason: 'Duplicado' });
    expect(first.status).toBe(202);
    const again = await act(item.id, 'forward', { office: 'O00099999', reason: 'Otra oficina' });
    expect(again.status).toBe(409);
    expect(again.type).toContain('application/problem+json');
    expect((await act(item.id, 'accept', { registryNumber: 'R-1' })).status).toBe(409);
    expect((await sentToSir(first.body.sentAs)).control?.Tipo_Anotacion).toBe('04');
    expect(timesSirGot(exchangeId)).toBe(1);
  });

  it('forwards an entry to another office: a fichero 03 with the same exchange id and starting office', async () => {
    const exchangeId = `${START}_26_00000203`;
    const item = await received(exchangeId);
    const res = await act(item.id, 'forward', { office: 'O00099999', unit: 'L01990001', reason: 'Competencia de otra administración' });
    expect(res.status).toBe(202);
    expect(res.body.state).toBe('forwarded');
    const reenvio = await sentToSir(res.body.sentAs);
    expect(reenvio.control?.Tipo_Anotacion).toBe('03');
    expect(reenvio.origin?.Codigo_Entidad_Registral_Origen).toBe(OUR_OFFICE);
    expect(reenvio.destination).toEqual({ Codigo_Entidad_Registral_Destino: 'O00099999', Codigo_Unidad_Tramitacion_Destino: 'L01990001' });
    expect(reenvio.control?.Codigo_Entidad_Registral_Inicio).toBe(START);
    const error = buildControlMessage({ originOffice: 'O00099999', destinationOffice: OUR_OFFICE, exchangeId, type: '02', errorCode: '0037', description: 'x', testIndicator: '0' });
    expect((await toWsSir9(stack, error)).codigo).toBe('00');
    expect((await waitFor(() => inboxItem(exchangeId), (i) => i.state === 'forwarded-error')).state).toBe('forwarded-error');
  });

  it('forwards to another municipality\'s office: when SIR brings it back there, it is a new entry in that tenant\'s inbox, ACKed, and ACKed again if repeated', async () => {
    const exchangeId = `${START}_26_00000205`;
    const item = await received(exchangeId);
    const res = await act(item.id, 'forward', { office: OTHER_TENANT.offices[0], reason: 'Competencia del otro ayuntamiento' });
    expect(res.status).toBe(202);
    const reenvio = (await stack.app.journal.getMessage(res.body.sentAs))!.envelope.payload as { xml: string };
    await waitFor(() => getMessage(stack, res.body.sentAs), (m) => m.body.status === 'delivered');
    // SIR routes the REENVÍO to the office it names, which pasarela also serves.
    expect((await toWsSir8b(stack, reenvio.xml)).codigo).toBe('00');
    const theirs = ((await (await fetch(`${stack.url}/v1/inbox`, { headers: auth(stack.otherKey) })).json()) as any).items as any[];
    const arrived = theirs.find((i) => i.exchangeId === exchangeId);
    expect(arrived).toMatchObject({ state: 'received', from: OUR_OFFICE });
    expect(arrived.id).not.toBe(item.id);
    expect(await inboxItem(exchangeId)).toBeUndefined();
    expect((await getMessage(stack, item.id)).body.history.map((h: any) => h.event)).toContain('sir-forwarding');
    // The same REENVÍO again: ACKed again, still one entry.
    expect((await toWsSir8b(stack, reenvio.xml)).codigo).toBe('00');
    const again = ((await (await fetch(`${stack.url}/v1/inbox`, { headers: auth(stack.otherKey) })).json()) as any).items as any[];
    expect(again.filter((i) => i.exchangeId === exchangeId)).toHaveLength(1);
  });

  it('answers bad requests with coded problems and changes nothing', async () => {
    const exchangeId = `${START}_26_00000204`;
    const item = await received(exchangeId);
    expect((await act(item.id, 'reject', {})).body.code).toBe('INTAKE_VALIDATION_FAILED');
    expect((await act(item.id, 'reject', { reason: 'x'.repeat(81) })).status).toBe(400);
    expect((await act(item.id, 'forward', { office: 'not-dir3', reason: 'x' })).status).toBe(400);
    expect((await act(item.id, 'forward', { office: OUR_OFFICE, reason: 'x' })).status).toBe(400);
    expect((await act(item.id, 'reject', { reason: 'x' }, stack.otherKey)).status).toBe(404);
    expect((await inboxItem(exchangeId)).state).toBe('received');
  });
});

describe('RECHAZO and REENVÍO of exchanges we started (real RabbitMQ, journal, simulator)', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(async () => {
    await stack.stop();
  });

  /** Send an entry from our office to START through intake; resolves with its message and exchange ids. */
  async function sendOne(): Promise<{ id: string; exchangeId: string; xml: string }> {
    const entry = exampleEntry();
    entry.destination = { office: START };
    const res = await post(stack, entry);
    expect(res.status).toBe(202);
    const { id } = res.body;
    const done = await waitFor(() => getMessage(stack, id), (m) => m.body.exchange?.state === 'sent');
    const exchangeId = done.body.exchangeId as string;
    const row = await stack.app.journal.getMessage(id);
    return { id, exchangeId, xml: registryEntryToSicres3.apply(row!.envelope as never).xml };
  }
  /** The destination's answer: our fichero sent back with another Tipo_Anotacion. */
  const answer = (xml: string, type: '03' | '04') => xml
    .replace(/<Codigo_Entidad_Registral_Origen>[^<]*</, `<Codigo_Entidad_Registral_Origen>${START}<`)
    .replace(/<Codigo_Entidad_Registral_Destino>[^<]*</, `<Codigo_Entidad_Registral_Destino>${OUR_OFFICE}<`)
    .replace(/<Tipo_Anotacion>02</, `<Tipo_Anotacion>${type}<`);
  const controls = (exchangeId: string, type: string) => stack.sim.controlMessages().filter((m) => m.exchangeId === exchangeId && m.type === type);

  it('marks our exchange rejected when its destination sends it back as a RECHAZO, and ACKs the rechazo', async () => {
    const { id, exchangeId, xml } = await sendOne();
    expect((await toWsSir8b(stack, answer(xml, '04'))).codigo).toBe('00');
    expect((await getMessage(stack, id)).body.exchange.state).toBe('rejected');
    await waitFor(async () => controls(exchangeId, '01').length, (n) => n === 1);
    expect(controls(exchangeId, '01')[0]).toMatchObject({ origin: OUR_OFFICE, destination: START });
    // The same RECHAZO again: the exchange is already rejected (§8.2) -> ERROR 0037.
    expect((await toWsSir8b(stack, answer(xml, '04'))).codigo).toBe('0037');
  });

  it('answers a RECHAZO of an exchange we never sent with ERROR 0065', async () => {
    const { xml } = await sendOne();
    const unknown = answer(xml, '04').replace(/_26_\d{8}|_\d{2}_\d{8}/g, '_26_99999999');
    const res = await toWsSir8b(stack, unknown);
    expect(res.codigo).toBe('0065');
    await waitFor(async () => stack.sim.controlMessages().filter((m) => m.code === '0065').length, (n) => n === 1);
  });

  it('marks our exchange returned when a REENVÍO brings it back to our office, and puts it in our inbox', async () => {
    const { id, exchangeId, xml } = await sendOne();
    expect((await toWsSir8b(stack, answer(xml, '03'))).codigo).toBe('00');
    expect((await getMessage(stack, id)).body.exchange.state).toBe('returned');
    const items = ((await (await fetch(`${stack.url}/v1/inbox`, { headers: { authorization: `Bearer ${stack.key}` } })).json()) as any).items as any[];
    expect(items.find((i) => i.exchangeId === exchangeId)).toMatchObject({ state: 'received', from: START });
  });
});
