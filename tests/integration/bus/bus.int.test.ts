import { codeOf } from '../../helpers/errors';
import { createServer } from 'node:net';
import * as amqplib from 'amqplib';
import pino from 'pino';
import { createBus, parseEnvelope, type Bus, type BusRoute, type Delivery, type DeliveryHandler } from '../../../src/bus';
import { createEnvelope, Headers, type Envelope } from '../../../src/core/envelope';
import { Errors, isPasarelaError } from '../../../src/core/errors';
import { silentLogger } from '../../../src/observability/logger';
import { createTestVhost, listBindings, listQueues, vhostUrl, type TestVhost } from '../../helpers/rabbit';

// jest ignores `testTimeout` inside a `projects` entry, so the file sets its own.
jest.setTimeout(60000);

const TYPE = 'registry-entry';
const ROUTE_NAMES = ['roundtrip', 'props', 'after-return', 'requeue', 'throws', 'double-ack', 'prefetch', 'depth', 'poison', 'drain'];
const ROUTES: BusRoute[] = ROUTE_NAMES.map((name) => ({ name, type: TYPE, retryLevelsMs: [], deliveryLimit: 20 }));

let vh: TestVhost;
let bus: Bus;

function envelope(): Envelope {
  return createEnvelope({
    type: TYPE,
    schemaVersion: 1,
    tenant: 'L01280796',
    source: { system: 'test', adapter: 'test@1' },
    payload: { subject: 'bus test' },
  });
}

function busFor(url: string, extra: { initialMaxRetries?: number } = {}): Bus {
  return createBus({ url, exchange: 'pasarela.messages', queuePrefix: 'pasarela', routes: ROUTES, logger: silentLogger(), ...extra });
}

/** Deliveries in arrival order; `next()` waits for the next one (the jest timeout bounds it). */
function inbox(): { handler: DeliveryHandler; next(): Promise<Delivery> } {
  const queued: Delivery[] = [];
  const waiting: ((d: Delivery) => void)[] = [];
  return {
    handler: async (d) => {
      const w = waiting.shift();
      if (w) w(d);
      else queued.push(d);
    },
    next: () => {
      const d = queued.shift();
      return d ? Promise.resolve(d) : new Promise((resolve) => waiting.push(resolve));
    },
  };
}

async function eventually(check: () => Promise<boolean> | boolean): Promise<void> {
  while (!(await check())) await new Promise((resolve) => setTimeout(resolve, 25));
}


beforeAll(async () => {
  vh = await createTestVhost();
  bus = busFor(vh.url);
  await bus.start();
});

afterAll(async () => {
  await bus?.stop();
  await vh?.delete();
});

describe('RabbitMQ bus', () => {
  test('declares a durable quorum work queue per route, bound to the topic exchange with <type>.<route>', async () => {
    const queues = await listQueues(vh.vhost);
    const bindings = await listBindings(vh.vhost);
    for (const route of ROUTE_NAMES) {
      expect(queues).toContainEqual({ name: `pasarela.${route}.work`, type: 'quorum', durable: true });
      expect(bindings).toContainEqual({ source: 'pasarela.messages', destination: `pasarela.${route}.work`, routingKey: `${TYPE}.${route}` });
    }
    expect(bus.queueName('roundtrip')).toBe('pasarela.roundtrip.work');
  });

  test('a published envelope arrives intact with its headers', async () => {
    const box = inbox();
    await bus.consume('roundtrip', 10, box.handler);
    const sent = envelope();
    await bus.publish(sent, `${TYPE}.roundtrip`, { [Headers.tenant]: sent.tenant, [Headers.attempt]: 1 });
    const d = await box.next();
    expect(d.envelope).toEqual(sent);
    expect(JSON.parse(d.body.toString('utf8'))).toEqual(sent);
    expect(d.headers).toMatchObject({ [Headers.tenant]: sent.tenant, [Headers.attempt]: 1 });
    expect(d.redelivered).toBe(false);
    expect(d.deliveryCount).toBe(0);
    d.ack();
  });

  test('messages go out persistent, as JSON, with the envelope id and type as AMQP properties', async () => {
    const sent = envelope();
    await bus.publish(sent, `${TYPE}.props`);
    const conn = await amqplib.connect(vh.url);
    try {
      const ch = await conn.createChannel();
      const got = await ch.get(bus.queueName('props'), { noAck: true });
      if (!got) throw new Error('the message is not in the queue');
      expect(got.properties).toMatchObject({ messageId: sent.id, type: TYPE, contentType: 'application/json', deliveryMode: 2 });
      expect(typeof got.properties.timestamp).toBe('number');
    } finally {
      await conn.close();
    }
  });

  test('an unroutable routing key fails with BUS_PUBLISH_UNROUTABLE and the publisher keeps working', async () => {
    expect(await codeOf(bus.publish(envelope(), `${TYPE}.nowhere`))).toBe(Errors.BUS_PUBLISH_UNROUTABLE.code);
    await bus.publish(envelope(), `${TYPE}.after-return`);
    expect(await bus.queueDepth('after-return')).toBe(1);
    expect(bus.isConnected()).toBe(true);
  });

  test('concurrent unroutable and routable publishes each get their own outcome', async () => {
    const outcomes = await Promise.allSettled([
      bus.publish(envelope(), `${TYPE}.nowhere`),
      bus.publish(envelope(), `${TYPE}.after-return`),
      bus.publish(envelope(), `${TYPE}.nowhere`),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'fulfilled', 'rejected']);
    expect(await bus.queueDepth('after-return')).toBe(2);
  });

  test('a message nacked with requeue comes back with deliveryCount 1', async () => {
    const box = inbox();
    await bus.consume('requeue', 1, box.handler);
    const sent = envelope();
    await bus.publish(sent, `${TYPE}.requeue`);
    const first = await box.next();
    first.nack(true);
    const second = await box.next();
    expect(second.envelope?.id).toBe(sent.id);
    expect(second.redelivered).toBe(true);
    expect(second.deliveryCount).toBe(1);
    second.ack();
  });

  test('a handler that throws gets its message requeued after a pause', async () => {
    const seen: Delivery[] = [];
    let redelivered!: (d: Delivery) => void;
    const done = new Promise<Delivery>((resolve) => (redelivered = resolve));
    await bus.consume('throws', 1, async (d) => {
      seen.push(d);
      if (seen.length === 1) throw new Error('handler bug');
      d.ack();
      redelivered(d);
    });
    await bus.publish(envelope(), `${TYPE}.throws`);
    const d = await done;
    expect(seen).toHaveLength(2);
    expect(d.deliveryCount).toBe(1);
  });

  test('settling twice is harmless: no channel error, and the consumer keeps delivering', async () => {
    const logs: { level: number; msg: string }[] = [];
    const logger = pino({ level: 'debug' }, { write: (line: string) => logs.push(JSON.parse(line)) });
    const b = createBus({ url: vh.url, exchange: 'pasarela.messages', queuePrefix: 'pasarela', routes: ROUTES, logger });
    await b.start();
    try {
      const box = inbox();
      await b.consume('double-ack', 5, box.handler);
      await b.publish(envelope(), `${TYPE}.double-ack`);
      const first = await box.next();
      first.ack();
      first.ack();
      first.nack(true);
      const sent = envelope();
      await b.publish(sent, `${TYPE}.double-ack`);
      const second = await box.next();
      expect(second.envelope?.id).toBe(sent.id);
      expect(second.deliveryCount).toBe(0);
      second.ack();
      expect(await b.queueDepth('double-ack')).toBe(0);
      expect(logs.filter((l) => l.msg === 'Delivery already settled; ignoring')).toHaveLength(2);
      expect(logs.filter((l) => l.level >= 40)).toEqual([]);
    } finally {
      await b.stop();
    }
  });

  test('prefetch 2 keeps at most two messages unacked at once', async () => {
    const held: Delivery[] = [];
    let unacked = 0;
    let maxUnacked = 0;
    let acked = 0;
    await bus.consume('prefetch', 2, async (d) => {
      unacked++;
      maxUnacked = Math.max(maxUnacked, unacked);
      held.push(d);
    });
    for (let i = 0; i < 5; i++) await bus.publish(envelope(), `${TYPE}.prefetch`);
    await eventually(() => held.length === 2);
    expect(await bus.queueDepth('prefetch')).toBe(3);
    while (acked < 5) {
      await eventually(() => held.length > 0);
      unacked--;
      acked++;
      held.shift()?.ack();
    }
    expect(maxUnacked).toBe(2);
    await eventually(async () => (await bus.queueDepth('prefetch')) === 0);
  });

  test('queueDepth counts the ready messages of a route', async () => {
    expect(await bus.queueDepth('depth')).toBe(0);
    await Promise.all([1, 2, 3].map(() => bus.publish(envelope(), `${TYPE}.depth`)));
    expect(await bus.queueDepth('depth')).toBe(3);
  });

  test('a body that is not a JSON object arrives with envelope undefined and the raw bytes kept', async () => {
    const bodies = [
      Buffer.from('not json'),
      Buffer.alloc(0),
      Buffer.from('null'),
      Buffer.from('[1,2,3]'),
      Buffer.from('"a string"'),
      Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0x22, 0x7d]),
    ];
    const conn = await amqplib.connect(vh.url);
    const ch = await conn.createConfirmChannel();
    for (const body of bodies) ch.sendToQueue(bus.queueName('poison'), body);
    await ch.waitForConfirms();
    await conn.close();
    const box = inbox();
    await bus.consume('poison', 10, box.handler);
    for (const body of bodies) {
      const d = await box.next();
      expect(d.envelope).toBeUndefined();
      expect(d.body.equals(body)).toBe(true);
      expect(d.headers).toEqual({});
      expect(d.deliveryCount).toBe(0);
      d.ack();
    }
  });

  test('consuming an unknown route or with an invalid prefetch is refused', async () => {
    expect(await codeOf(bus.consume('no-such-route', 1, async () => undefined))).toBe(Errors.ROUTE_INVALID.code);
    expect(await codeOf(bus.consume('depth', 0, async () => undefined))).toBe(Errors.CONFIG_INVALID.code);
  });
});

describe('parseEnvelope with hostile bodies', () => {
  test.each([
    ['garbage', Buffer.from('<xml/>')],
    ['an empty body', Buffer.alloc(0)],
    ['truncated JSON', Buffer.from('{"id":"x"')],
    ['a JSON number', Buffer.from('42')],
    ['JSON null', Buffer.from('null')],
    ['a JSON array', Buffer.from('[{"id":"x"}]')],
    ['invalid UTF-8 inside a string', Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xc3, 0x28, 0x22, 0x7d])],
    ['absurdly deep nesting at the top level', Buffer.from(`${'['.repeat(200000)}${']'.repeat(200000)}`)],
  ])('returns undefined for %s', (_name, body) => {
    expect(parseEnvelope(body)).toBeUndefined();
  });

  test('never throws, whatever the nesting depth', () => {
    expect(() => parseEnvelope(Buffer.from(`{"a":${'['.repeat(200000)}${']'.repeat(200000)}}`))).not.toThrow();
  });

  test('returns the object for a JSON object, with a UTF-8 byte order mark tolerated', () => {
    const sent = envelope();
    expect(parseEnvelope(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(JSON.stringify(sent))]))).toEqual(sent);
  });
});

describe('bus lifecycle', () => {
  test('an unreachable broker fails start with BUS_UNREACHABLE and never shows the password', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    await new Promise((resolve) => server.close(resolve));
    const dead = busFor(`amqp://guest:s3cr3t-pa55@127.0.0.1:${port}/x`, { initialMaxRetries: 1 });
    const err = await dead.start().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isPasarelaError(err) && err.code).toBe(Errors.BUS_UNREACHABLE.code);
    expect((err as Error).message).not.toContain('s3cr3t-pa55');
    expect((err as Error).message).toContain(`127.0.0.1:${port}`);
    expect((err as Error).cause).toBeDefined();
    await dead.stop();
  });

  test('wrong credentials fail start with BUS_UNREACHABLE without echoing them', async () => {
    const dead = busFor(vhostUrl(vh.vhost, 'guest', 'wrong-password'), { initialMaxRetries: 0 });
    const err = await dead.start().then(() => undefined, (e: unknown) => e);
    expect(isPasarelaError(err) && err.code).toBe(Errors.BUS_UNREACHABLE.code);
    expect((err as Error).message).not.toContain('wrong-password');
  });

  test('stop is idempotent and a stopped bus refuses to publish with BUS_UNREACHABLE', async () => {
    const b = busFor(vh.url);
    await b.start();
    expect(b.isConnected()).toBe(true);
    await b.stop();
    await b.stop();
    expect(b.isConnected()).toBe(false);
    expect(await codeOf(b.publish(envelope(), `${TYPE}.depth`))).toBe(Errors.BUS_UNREACHABLE.code);
    expect(await codeOf(b.consume('depth', 1, async () => undefined))).toBe(Errors.BUS_UNREACHABLE.code);
    expect(await codeOf(b.start())).toBe(Errors.BUS_UNREACHABLE.code);
  });

  test('stop waits for an in-flight delivery to be acked before closing', async () => {
    const b = busFor(vh.url);
    await b.start();
    let release!: () => void;
    const got = new Promise<Delivery>((resolve) => {
      void b.consume('drain', 1, async (d) => {
        resolve(d);
        await new Promise<void>((r) => (release = r));
        d.ack();
      });
    });
    await b.publish(envelope(), `${TYPE}.drain`);
    await got;
    const stopped = b.stop();
    release();
    await stopped;
    expect(await bus.queueDepth('drain')).toBe(0);
  });
});
