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
});
