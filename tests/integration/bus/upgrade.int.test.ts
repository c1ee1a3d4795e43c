import * as amqplib from 'amqplib';
import { createBus, type Bus, type BusRoute } from '../../../src/bus';
import { Errors, isPasarelaError } from '../../../src/core/errors';
import { createTestVhost, listBindings, type TestVhost } from '../../helpers/rabbit';
import { capturingLogger, envelope, queueArguments, TYPE } from './support';

// jest ignores `testTimeout` inside a `projects` entry, so the file sets its own.
jest.setTimeout(60000);

const route = (name: string): BusRoute => ({ name, type: TYPE, retryLevelsMs: [1000], deliveryLimit: 20 });

let vh: TestVhost;

beforeEach(async () => {
  vh = await createTestVhost();
});

afterEach(async () => {
  await vh?.delete();
});

/** Declare queues as older versions did (bound to the topic exchange), optionally with messages. */
async function oldTopology(queues: { route: string; args: Record<string, unknown>; messages?: number }[]): Promise<void> {
  const conn = await amqplib.connect(vh.url);
  try {
    const ch = await conn.createConfirmChannel();
    await ch.assertExchange('pasarela.messages', 'topic', { durable: true });
    for (const q of queues) {
      const queue = `pasarela.${q.route}.work`;
      await ch.assertQueue(queue, { durable: true, arguments: q.args });
      await ch.bindQueue(queue, 'pasarela.messages', `${TYPE}.${q.route}`);
      for (let i = 0; i < (q.messages ?? 0); i++) ch.sendToQueue(queue, Buffer.from(JSON.stringify(envelope())), { persistent: true });
    }
    await ch.waitForConfirms();
  } finally {
    await conn.close();
  }
}

function busFor(routes: BusRoute[], logger = capturingLogger().logger): Bus {
  return createBus({ url: vh.url, exchange: 'pasarela.messages', queuePrefix: 'pasarela', routes, logger, initialMaxRetries: 0 });
}

async function startError(b: Bus): Promise<unknown> {
  return b.start().then(() => undefined, (err: unknown) => err);
}

describe('upgrading work queues declared by an older version', () => {
  test('empty ones are deleted and declared again with the new arguments, bound as before, with a warning', async () => {
    await oldTopology([
      { route: 'classic', args: {} },
      { route: 'quorum', args: { 'x-queue-type': 'quorum' } },
    ]);
    const { logger, lines } = capturingLogger();
    const bus = busFor([route('classic'), route('quorum')], logger);
    await bus.start();
    try {
      const args = await queueArguments(vh.vhost);
      for (const name of ['classic', 'quorum']) {
        expect(args[`pasarela.${name}.work`]).toMatchObject({ 'x-queue-type': 'quorum', 'x-delivery-limit': 20, 'x-dead-letter-strategy': 'at-least-once' });
        expect(await listBindings(vh.vhost)).toContainEqual({ source: 'pasarela.messages', destination: `pasarela.${name}.work`, routingKey: `${TYPE}.${name}` });
      }
      const upgraded = lines.filter((l) => l.level === 40 && String(l.msg).startsWith('Upgraded a queue')).map((l) => l.queue);
      expect(upgraded).toEqual(['pasarela.classic.work', 'pasarela.quorum.work']);
      await bus.publish(envelope(), `${TYPE}.quorum`);
      expect(await bus.queueDepth('quorum')).toBe(1);
    } finally {
      await bus.stop();
    }
  });

  test('one that holds messages is left untouched and start fails with BUS_UNREACHABLE saying how to migrate', async () => {
    await oldTopology([{ route: 'busy', args: { 'x-queue-type': 'quorum' }, messages: 2 }]);
    const bus = busFor([route('busy')]);
    const err = await startError(bus);
    await bus.stop();
    expect(isPasarelaError(err) && err.code).toBe(Errors.BUS_UNREACHABLE.code);
    expect((err as Error).message).toContain('pasarela.busy.work');
    expect((err as Error).message).toContain('2 message(s)');
    expect((err as Error).message).toMatch(/drain.*shovel/);
    expect((await queueArguments(vh.vhost))['pasarela.busy.work']).toEqual({ 'x-queue-type': 'quorum' });
    expect(await listBindings(vh.vhost)).toContainEqual({ source: 'pasarela.messages', destination: 'pasarela.busy.work', routingKey: `${TYPE}.busy` });
    const conn = await amqplib.connect(vh.url);
    try {
      expect((await (await conn.createChannel()).checkQueue('pasarela.busy.work')).messageCount).toBe(2);
    } finally {
      await conn.close();
    }
  });

  test('an empty one that an older worker still consumes is left untouched and start fails', async () => {
    await oldTopology([{ route: 'watched', args: { 'x-queue-type': 'quorum' } }]);
    const old = await amqplib.connect(vh.url);
    try {
      await (await old.createChannel()).consume('pasarela.watched.work', () => undefined);
      const bus = busFor([route('watched')]);
      const err = await startError(bus);
      await bus.stop();
      expect(isPasarelaError(err) && err.code).toBe(Errors.BUS_UNREACHABLE.code);
      expect((err as Error).message).toContain('1 consumer(s)');
      expect((await queueArguments(vh.vhost))['pasarela.watched.work']).toEqual({ 'x-queue-type': 'quorum' });
    } finally {
      await old.close();
    }
  });
});
