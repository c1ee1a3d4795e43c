import * as amqplib from 'amqplib';
import { createBus, type Bus, type BusRoute, type Delivery } from '../../../src/bus';
import { closeAllConnections, createTestVhost, type TestVhost } from '../../helpers/rabbit';
import { capturingLogger, envelope, eventually, inbox, TYPE } from './support';

// jest ignores `testTimeout` inside a `projects` entry, so the file sets its own.
jest.setTimeout(60000);

const ROUTES: BusRoute[] = ['paused', 'in-flight', 'reconnect', 'dead-flows', 'early'].map((name) => ({
  name,
  type: TYPE,
  retryLevelsMs: [1000],
  deliveryLimit: 20,
}));

let vh: TestVhost;
let bus: Bus;
const { logger, lines } = capturingLogger();

beforeAll(async () => {
  vh = await createTestVhost();
  bus = createBus({ url: vh.url, exchange: 'pasarela.messages', queuePrefix: 'pasarela', routes: ROUTES, logger });
  await bus.start();
});

afterAll(async () => {
  await bus?.stop();
  await vh?.delete();
});

/** Consumers on a queue right now, read through a separate connection. */
async function consumerCount(queue: string): Promise<number> {
  const conn = await amqplib.connect(vh.url);
  try {
    return (await (await conn.createChannel()).checkQueue(queue)).consumerCount;
  } finally {
    await conn.close();
  }
}

const connects = (): number => lines.filter((l) => l.msg === 'Connected to RabbitMQ').length;

describe('pausing a route', () => {
  test('stops deliveries: a message published while paused stays in the queue until resume', async () => {
    const box = inbox();
    await bus.consume('paused', 5, box.handler);
    expect(await consumerCount('pasarela.paused.work')).toBe(1);
    await bus.pause('paused');
    await bus.pause('paused');
    expect(await consumerCount('pasarela.paused.work')).toBe(0);
    const sent = envelope();
    await bus.publish(sent, `${TYPE}.paused`);
    expect(await bus.queueDepths('paused')).toEqual({ work: 1, retry: 0, dead: 0 });
    expect(box.received).toHaveLength(0);
    await bus.resume('paused');
    await bus.resume('paused');
    expect(await consumerCount('pasarela.paused.work')).toBe(1);
    const d = await box.next();
    expect(d.envelope?.id).toBe(sent.id);
    d.ack();
    const again = envelope();
    await bus.publish(again, `${TYPE}.paused`);
    expect((await box.next()).envelope?.id).toBe(again.id);
    expect(box.received).toHaveLength(2);
  });

  test('keeps deliveries in flight ackable', async () => {
    const box = inbox();
    await bus.consume('in-flight', 1, box.handler);
    const first = envelope();
    await bus.publish(first, `${TYPE}.in-flight`);
    const held = await box.next();
    await bus.pause('in-flight');
    held.ack();
    const second = envelope();
    await bus.publish(second, `${TYPE}.in-flight`);
    await bus.resume('in-flight');
    const d = await box.next();
    // Had the ack been lost, the first message would come back before the second.
    expect(d.envelope?.id).toBe(second.id);
    expect(d.redelivered).toBe(false);
    d.ack();
    await eventually(async () => (await bus.queueDepths('in-flight')).work === 0);
  });

  test('does not pause the dead queue', async () => {
    const work = inbox();
    const dead = inbox();
    await bus.consume('dead-flows', 1, work.handler);
    await bus.consumeDead('dead-flows', 1, dead.handler);
    await bus.pause('dead-flows');
    const conn = await amqplib.connect(vh.url);
    try {
      const ch = await conn.createConfirmChannel();
      ch.publish('pasarela.dead', 'dead-flows', Buffer.from(JSON.stringify(envelope())), { persistent: true });
      await ch.waitForConfirms();
    } finally {
      await conn.close();
    }
    (await dead.next()).ack();
    await bus.resume('dead-flows');
  });

  test('a route paused before it is consumed starts consuming only on resume', async () => {
    await bus.pause('early');
    const box = inbox();
    await bus.consume('early', 1, box.handler);
    await bus.publish(envelope(), `${TYPE}.early`);
    expect((await bus.queueDepths('early')).work).toBe(1);
    await bus.resume('early');
    (await box.next()).ack();
  });

  test('survives a reconnect: a paused route is not resubscribed, and resume works on the new connection', async () => {
    const box = inbox();
    await bus.consume('reconnect', 5, box.handler);
    await bus.pause('reconnect');
    const before = connects();
    await closeAllConnections(vh.vhost);
    // Setup (topology and subscriptions) completes before the bus counts as connected.
    await eventually(() => connects() > before && bus.isConnected());
    expect(await consumerCount('pasarela.reconnect.work')).toBe(0);
    expect(await consumerCount('pasarela.paused.work')).toBe(1); // resumed earlier: resubscribed
    const sent = envelope();
    await bus.publish(sent, `${TYPE}.reconnect`);
    expect((await bus.queueDepths('reconnect')).work).toBe(1);
    expect(box.received).toHaveLength(0);
    await bus.resume('reconnect');
    const d: Delivery = await box.next();
    expect(d.envelope?.id).toBe(sent.id);
    d.ack();
  });
});
