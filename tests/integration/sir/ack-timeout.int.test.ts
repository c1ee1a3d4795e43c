import { incomingFichero } from '../../fixtures/sir/registry-entries';
import { toWsSir8b } from '../../helpers/sir-soap';
import { exampleEntry, getMessage, post, startStack, waitFor, type TestStack } from '../../helpers/stack';

describe('no ACK from SIR in time (real RabbitMQ, journal, SIR simulator that never calls back)', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startStack({ sirConnector: { ackTimeoutMs: 1000, maxResends: 2 } });
  });
  afterAll(async () => {
    await stack.stop();
  });

  it('sends the same fichero again after each time-out, up to the limit, then parks the entry', async () => {
    const id = (await post(stack, exampleEntry())).body.id as string;
    const done = await waitFor(() => getMessage(stack, id), (m) => m.body.status === 'parked', 30_000);
    expect(done.body.exchange).toMatchObject({ state: 'unacknowledged', resends: 2 });
    const events = done.body.history.map((h: any) => h.event);
    expect(events.filter((e: string) => e === 'sir-resent')).toHaveLength(2);
    expect(events.slice(-2)).toEqual(['sir-no-ack', 'parked']);
    // The same Identificador_Intercambio every time: SIR holds one fichero, seen three times.
    expect(stack.sim.stats()).toMatchObject({ received: 3, unique: 1, duplicates: 2 });
    const [evidence] = await stack.app.journal.getParked(id);
    expect(evidence).toMatchObject({ code: 'SIR_NO_ACK', messageId: id });
  });

  it('sends our RECHAZO again while its ACK does not come, then parks it and marks the entry rejected-unacknowledged', async () => {
    const exchangeId = 'O00012345_26_00000301';
    expect((await toWsSir8b(stack, incomingFichero(exchangeId, 'O00009001', 'L02000023'))).codigo).toBe('00');
    const inbox = (await (await fetch(`${stack.url}/v1/inbox`, { headers: { authorization: `Bearer ${stack.key}` } })).json()) as any;
    const item = inbox.items.find((i: any) => i.exchangeId === exchangeId);
    const res = await fetch(`${stack.url}/v1/inbox/${item.id}/reject`, {
      method: 'POST', headers: { authorization: `Bearer ${stack.key}`, 'content-type': 'application/json' }, body: JSON.stringify({ reason: 'Sin competencia' }),
    });
    const { sentAs } = (await res.json()) as any;
    const entry = await waitFor(() => getMessage(stack, item.id), (m) => m.body.history.some((h: any) => h.event === 'sir-no-ack'), 30_000);
    const events = entry.body.history.map((h: any) => h.event);
    expect(events.filter((e: string) => e === 'sir-resent')).toHaveLength(2);
    expect((await stack.app.journal.getExchange('incoming', exchangeId))).toMatchObject({ state: 'rejected-unacknowledged', resends: 2 });
    // The RECHAZO reached SIR three times, always the same fichero with the same exchange id.
    expect(stack.sim.received().filter((id) => id === exchangeId)).toHaveLength(3);
    const hop = await waitFor(() => getMessage(stack, sentAs), (m) => m.body.status === 'parked');
    expect(hop.body.status).toBe('parked');
    expect((await stack.app.journal.getParked(sentAs))[0]).toMatchObject({ code: 'SIR_NO_ACK' });
  });
});
