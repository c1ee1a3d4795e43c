import * as amqplib from 'amqplib';
import { ATTEMPT_HEADER, createBus, type Bus, type BusRoute } from '../../../src/bus';
import { Errors } from '../../../src/core/errors';
import { silentLogger } from '../../../src/observability/logger';
import { codeOf } from '../../helpers/errors';
import { createTestVhost, listBindings, type TestVhost } from '../../helpers/rabbit';
import { envelope, eventually, inbox, queueArguments, TYPE } from './support';

// jest ignores `testTimeout` inside a `projects` entry, so the file sets its own.
jest.setTimeout(60000);

// Level 1 is short enough to wait for; level 2 is so long that only a per-message expiration
// can bring a message back within the test timeout.
const LADDER = [1500, 600000];
const ROUTES: BusRoute[] = ['ladder', 'short', 'limited', 'depths', 'shape'].map((name) => ({
  name,
  type: TYPE,
  retryLevelsMs: LADDER,
  deliveryLimit: name === 'limited' ? 2 : 20,
}));

let vh: TestVhost;
let bus: Bus;

beforeAll(async () => {
  vh = await createTestVhost();
  bus = createBus({ url: vh.url, exchange: 'pasarela.messages', queuePrefix: 'pasarela', routes: ROUTES, logger: silentLogger() });
  await bus.start();
});

afterAll(async () => {
  await bus?.stop();
  await vh?.delete();
});

/** Publish raw bytes to an exchange of the test vhost, confirmed, bypassing the bus. */
async function publishDirect(exchange: string, routingKey: string, body: Buffer): Promise<void> {
  const conn = await amqplib.connect(vh.url);
  try {
    const ch = await conn.createConfirmChannel();
    ch.publish(exchange, routingKey, body, { persistent: true });
    await ch.waitForConfirms();
  } finally {
    await conn.close();
  }
}

describe('the retry ladder', () => {
  test('declares work, retry and dead queues as quorum queues that cannot drop a message', async () => {
    const args = await queueArguments(vh.vhost);
    expect(args['pasarela.shape.work']).toEqual({
      'x-queue-type': 'quorum',
      'x-dead-letter-strategy': 'at-least-once',
      'x-overflow': 'reject-publish',
      'x-dead-letter-exchange': 'pasarela.dead',
      'x-dead-letter-routing-key': 'shape',
      'x-delivery-limit': 20,
    });
    expect(args['pasarela.shape.retry.1']).toEqual({
      'x-queue-type': 'quorum',
      'x-dead-letter-strategy': 'at-least-once',
      'x-overflow': 'reject-publish',
      'x-message-ttl': 1500,
      'x-dead-letter-exchange': 'pasarela.messages',
      'x-dead-letter-routing-key': `${TYPE}.shape`,
    });
    expect(args['pasarela.shape.retry.2']).toMatchObject({ 'x-message-ttl': 600000 });
    expect(args['pasarela.shape.dead']).toEqual({ 'x-queue-type': 'quorum', 'x-overflow': 'reject-publish', 'x-delivery-limit': 1_000_000 });
    expect(await listBindings(vh.vhost)).toContainEqual({ source: 'pasarela.dead', destination: 'pasarela.shape.dead', routingKey: 'shape' });
  });

  test('a message on retry level 1 waits in the retry queue, then comes back to the work queue with its headers', async () => {
    const sent = envelope();
    const body = Buffer.from(JSON.stringify(sent));
    await bus.publishRetry('ladder', 1, body, { [ATTEMPT_HEADER]: 2, 'x-delivery-count': 5, 'x-pasarela-tenant': sent.tenant }, 1500);
    expect(await bus.queueDepths('ladder')).toEqual({ work: 0, retry: 1, dead: 0 });
    const box = inbox();
    await bus.consume('ladder', 1, box.handler);
    const d = await box.next();
    expect(d.envelope).toEqual(sent);
    expect(d.body.equals(body)).toBe(true);
    expect(d.headers).toMatchObject({ [ATTEMPT_HEADER]: 2, 'x-pasarela-tenant': sent.tenant });
    expect(d.deliveryCount).toBe(0);
    expect(d.headers['x-first-death-queue']).toBe('pasarela.ladder.retry.1');
    expect(d.headers['x-first-death-reason']).toBe('expired');
    d.ack();
    expect(await bus.queueDepths('ladder')).toEqual({ work: 0, retry: 0, dead: 0 });
  });

  test('a per-message expiration shorter than the level TTL is honoured', async () => {
    const box = inbox();
    await bus.consume('short', 1, box.handler);
    const sent = envelope();
    await bus.publishRetry('short', 2, Buffer.from(JSON.stringify(sent)), { [ATTEMPT_HEADER]: 1 }, 200);
    const d = await box.next();
    expect(d.envelope?.id).toBe(sent.id);
    expect(d.headers[ATTEMPT_HEADER]).toBe(1);
    d.ack();
  });

  test('a message nacked with requeue more than deliveryLimit times lands in .dead for consumeDead', async () => {
    const counts: number[] = [];
    await bus.consume('limited', 1, async (d) => {
      counts.push(d.deliveryCount);
      d.nack(true);
    });
    const dead = inbox();
    await bus.consumeDead('limited', 1, dead.handler);
    const sent = envelope();
    await bus.publish(sent, `${TYPE}.limited`, { [ATTEMPT_HEADER]: 1 });
    const d = await dead.next();
    expect(d.envelope).toEqual(sent);
    expect(d.headers).toMatchObject({ [ATTEMPT_HEADER]: 1, 'x-first-death-reason': 'delivery_limit' });
    expect(counts).toEqual([0, 1, 2]);
    d.ack();
    await eventually(async () => (await bus.queueDepths('limited')).dead === 0);
  });

  test('queueDepths counts the ready messages of the work queue, all retry levels and the dead queue', async () => {
    expect(await bus.queueDepths('depths')).toEqual({ work: 0, retry: 0, dead: 0 });
    await bus.publish(envelope(), `${TYPE}.depths`);
    await bus.publish(envelope(), `${TYPE}.depths`);
    const body = Buffer.from(JSON.stringify(envelope()));
    await bus.publishRetry('depths', 2, body, {}, 600000);
    await bus.publishRetry('depths', 2, body, {}, 600000);
    await publishDirect('pasarela.dead', 'depths', body);
    expect(await bus.queueDepths('depths')).toEqual({ work: 2, retry: 2, dead: 1 });
  });

  test('publishRetry to a level or route that does not exist is ROUTE_INVALID', async () => {
    const body = Buffer.from(JSON.stringify(envelope()));
    expect(await codeOf(bus.publishRetry('ladder', 3, body, {}, 100))).toBe(Errors.ROUTE_INVALID.code);
    expect(await codeOf(bus.publishRetry('ladder', 0, body, {}, 100))).toBe(Errors.ROUTE_INVALID.code);
    expect(await codeOf(bus.publishRetry('no-such-route', 1, body, {}, 100))).toBe(Errors.ROUTE_INVALID.code);
    expect(await codeOf(bus.queueDepths('no-such-route'))).toBe(Errors.ROUTE_INVALID.code);
  });

  test('a stopped bus refuses publishRetry and queueDepths with BUS_UNREACHABLE', async () => {
    const b = createBus({ url: vh.url, exchange: 'pasarela.messages', queuePrefix: 'pasarela', routes: ROUTES, logger: silentLogger() });
    await b.start();
    await b.stop();
    expect(await codeOf(b.publishRetry('ladder', 1, Buffer.from('{}'), {}, 100))).toBe(Errors.BUS_UNREACHABLE.code);
    expect(await codeOf(b.queueDepths('ladder'))).toBe(Errors.BUS_UNREACHABLE.code);
  });
});
