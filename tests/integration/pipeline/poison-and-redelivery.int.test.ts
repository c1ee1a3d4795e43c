import amqp from 'amqplib';
import { exampleEntry, getMessage, post, startStack, waitFor, type TestStack } from '../../helpers/stack';

const ROUTE = 'registry-entry-to-sir';

/** Put raw bytes straight on a queue, as a foreign publisher or the broker itself would. */
async function sendRaw(stack: TestStack, queue: string, body: Buffer, headers: Record<string, unknown> = {}): Promise<void> {
  const conn = await amqp.connect(stack.config.amqp.url);
  try {
    const ch = await conn.createConfirmChannel();
    ch.sendToQueue(queue, body, { persistent: true, headers });
    await ch.waitForConfirms();
  } finally {
    await conn.close();
  }
}

describe('poison messages and redeliveries (real RabbitMQ, journal and SIR simulator)', () => {
  let stack: TestStack;
  beforeAll(async () => {
    // prefetch 1: deliveries are handled in queue order, so "the next one was handled" proves
    // the one before it was too.
    stack = await startStack({ route: { prefetch: 1 } });
  });
  afterAll(async () => {
    await stack.stop();
  });

  it('parks a body that is not JSON at once, byte for byte, and takes it off the queue', async () => {
    const junk = Buffer.from([0xde, 0xad, 0xbe, 0xef, 0x7b]);
    await sendRaw(stack, stack.app.bus.queueName(ROUTE), junk);
    const parked = await waitFor(() => stack.app.journal.listParked({ route: ROUTE }), (rows) => rows.some((r) => r.bodyEncoding === 'base64'));
    const row = parked.find((r) => r.bodyEncoding === 'base64')!;
    expect(row).toMatchObject({ messageId: null, code: 'PIPELINE_POISON_MESSAGE', attempts: 0 });
    expect(Buffer.from(row.body, 'base64')).toEqual(junk);
    expect(await waitFor(() => stack.app.bus.queueDepths(ROUTE), (d) => d.work === 0)).toMatchObject({ work: 0 });
  });

  it('parks what the broker dead-lettered past the delivery limit', async () => {
    const id = (await post(stack, exampleEntry())).body.id as string;
    await waitFor(() => getMessage(stack, id), (m) => m.body.status === 'delivered');
    const row = (await stack.app.journal.getMessage(id))!;
    // A message that reached the .dead queue while settled is only acked; an unsettled one is parked.
    const orphan = { ...row.envelope, id: '0190f5a6-0000-7000-8000-000000000001' };
    await stack.app.journal.insertMessage({ envelope: orphan, route: ROUTE });
    await sendRaw(stack, `${stack.config.amqp.queuePrefix}.${ROUTE}.dead`, Buffer.from(JSON.stringify(orphan)));
    const parked = await waitFor(() => stack.app.journal.getParked(orphan.id), (rows) => rows.length === 1);
    expect(parked[0]).toMatchObject({ code: 'PIPELINE_DELIVERY_LIMIT', messageId: orphan.id });
    expect((await stack.app.journal.getMessage(orphan.id))?.status).toBe('parked');
  });

  it('acks a redelivered message whose delivery was already recorded without sending it again', async () => {
    stack.sim.reset();
    const id = (await post(stack, exampleEntry())).body.id as string;
    await waitFor(() => getMessage(stack, id), (m) => m.body.status === 'delivered');
    const { envelope } = (await stack.app.journal.getMessage(id))!;
    // The broker redelivers when an ack is lost (connection drop after the journal write).
    await sendRaw(stack, stack.app.bus.queueName(ROUTE), Buffer.from(JSON.stringify(envelope)));
    const next = (await post(stack, exampleEntry())).body.id as string;
    await waitFor(() => getMessage(stack, next), (m) => m.body.status === 'delivered');
    expect(stack.sim.stats()).toMatchObject({ received: 2, unique: 2, duplicates: 0 });
    const history = (await getMessage(stack, id)).body.history;
    expect(history.filter((h: any) => h.event === 'delivering')).toHaveLength(1);
  });
});
