import { codeOf } from '../helpers/errors';
import pino from 'pino';
import { createBus, type Bus, type BusRoute, type Delivery } from '../../src/bus';
import { createEnvelope, type Envelope } from '../../src/core/envelope';
import { Errors, isPasarelaError } from '../../src/core/errors';
import { closeAllConnections, createTestVhost, grantAccess, revokeAccess, type TestVhost } from '../helpers/rabbit';

// jest ignores `testTimeout` inside a `projects` entry, so the file sets its own.
jest.setTimeout(180000);

const TYPE = 'registry-entry';
const ROUTES: BusRoute[] = [
  { name: 'flow', type: TYPE, retryLevelsMs: [1000], deliveryLimit: 20 },
  { name: 'held', type: TYPE, retryLevelsMs: [1000], deliveryLimit: 20 },
];

interface LogLine {
  level: number;
  time: number;
  msg: string;
}

let vh: TestVhost;
let bus: Bus;
let stopLoop: (() => Promise<void>) | undefined;
const logs: LogLine[] = [];
const reconnectTimes: number[] = [];

function envelope(): Envelope {
  return createEnvelope({ type: TYPE, schemaVersion: 1, tenant: 'L01280796', source: { system: 'test', adapter: 'test@1' }, payload: {} });
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Wait for `check`; after a minute, fail naming what never happened instead of hanging. */
async function eventually(what: string, check: () => boolean): Promise<void> {
  const giveUp = Date.now() + 60000;
  while (!check()) {
    if (Date.now() > giveUp) throw new Error(`Still waiting for: ${what}`);
    await sleep(10);
  }
}


const connectLogs = (): LogLine[] => logs.filter((l) => l.msg === 'Connected to RabbitMQ');
const disconnectLogs = (): LogLine[] => logs.filter((l) => l.msg === 'Disconnected from RabbitMQ; reconnecting');

/** Publishes one message after another until stopped; records what was confirmed and what failed how. */
function publishLoop(b: Bus) {
  const confirmed = new Set<string>();
  const failures: string[] = [];
  let running = true;
  const done = (async () => {
    while (running) {
      const e = envelope();
      try {
        await b.publish(e, `${TYPE}.flow`);
        confirmed.add(e.id);
      } catch (err) {
        failures.push(isPasarelaError(err) ? err.code : String(err));
      }
      await sleep(10);
    }
  })();
  return {
    confirmed,
    failures,
    stop: async () => {
      running = false;
      await done;
    },
  };
}

beforeAll(async () => {
  vh = await createTestVhost();
  const logger = pino({ level: 'debug' }, { write: (line: string) => logs.push(JSON.parse(line)) });
  bus = createBus({ url: vh.url, exchange: 'pasarela.messages', queuePrefix: 'pasarela', routes: ROUTES, logger });
  await bus.start();
});

afterAll(async () => {
  await stopLoop?.();
  await grantAccess(vh.vhost).catch(() => undefined);
  await bus?.stop();
  await vh?.delete();
  for (const down of disconnectLogs()) {
    const up = connectLogs().find((c) => c.time >= down.time);
    if (up) reconnectTimes.push(up.time - down.time);
  }
  // The first one includes the deliberate outage (access revoked); the others are plain recoveries.
  console.info(`bus reconnect times (disconnect -> connected, ms): ${reconnectTimes.join(', ')}`);
});

describe('bus across a broker-side connection loss', () => {
  test('publishes fail fast during the outage, consumption resumes after it, and nothing confirmed is lost', async () => {
    const received = new Map<string, number>();
    await bus.consume('flow', 10, async (d) => {
      const id = d.envelope?.id ?? 'unparseable';
      received.set(id, (received.get(id) ?? 0) + 1);
      d.ack();
    });
    const held: Delivery[] = [];
    await bus.consume('held', 1, async (d) => {
      held.push(d);
    });
    const heldMessage = envelope();
    await bus.publish(heldMessage, `${TYPE}.held`);
    await eventually('the held message to arrive', () => held.length === 1);

    const loop = publishLoop(bus);
    stopLoop = loop.stop;
    await eventually('20 confirmed publishes before the outage', () => loop.confirmed.size >= 20);

    // Reconnects are refused until access is granted again, so the outage lasts as long as we need.
    await revokeAccess(vh.vhost);
    await closeAllConnections(vh.vhost);
    await eventually('the bus to notice the outage', () => !bus.isConnected());
    expect(await codeOf(bus.publish(envelope(), `${TYPE}.flow`))).toBe(Errors.BUS_UNREACHABLE.code);
    expect(await codeOf(bus.queueDepth('flow'))).toBe(Errors.BUS_UNREACHABLE.code);
    held[0].ack(); // the channel that delivered it is gone: a logged no-op, the broker redelivers
    const failuresDuringOutage = loop.failures.length;
    await eventually('a publish of the loop to fail during the outage', () => loop.failures.length > failuresDuringOutage);

    await grantAccess(vh.vhost);
    await eventually('the bus to reconnect', () => bus.isConnected());
    const confirmedBefore = loop.confirmed.size;
    await eventually('20 confirmed publishes after the outage', () => loop.confirmed.size >= confirmedBefore + 20);
    await loop.stop();

    expect(new Set(loop.failures)).toEqual(new Set([Errors.BUS_UNREACHABLE.code]));
    await eventually('every confirmed message to be consumed', () => [...loop.confirmed].every((id) => received.has(id)));
    await eventually('the held message to be redelivered', () => held.length === 2);
    expect(held[1].envelope?.id).toBe(heldMessage.id);
    expect(held[1].redelivered).toBe(true);
    held[1].ack();
    await eventually('the stale ack to be logged as a no-op', () => logs.some((l) => l.msg === 'The delivering channel is gone; the broker will redeliver'));
  });

  test('a plain forced close is recovered by itself and the consumer keeps receiving', async () => {
    const received = new Set<string>();
    await bus.cancelConsumers();
    await bus.consume('flow', 10, async (d) => {
      if (d.envelope) received.add(d.envelope.id);
      d.ack();
    });
    for (let round = 0; round < 3; round++) {
      const disconnects = disconnectLogs().length;
      await closeAllConnections(vh.vhost);
      await eventually('the bus to reconnect after a forced close', () => disconnectLogs().length > disconnects && bus.isConnected());
      const sent = envelope();
      await bus.publish(sent, `${TYPE}.flow`);
      await eventually('the message published after the reconnect to arrive', () => received.has(sent.id));
    }
  });
});
