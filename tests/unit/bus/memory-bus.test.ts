import { ATTEMPT_HEADER, type Delivery } from '../../../src/bus/bus';
import { Errors } from '../../../src/core/errors';
import { codeOf } from '../../helpers/errors';
import { MemoryBus } from '../../helpers/memory-bus';

const ROUTES = [{ name: 'to-sir', type: 'registry-entry', retryLevelsMs: [1000, 5000], deliveryLimit: 2 }];
const body = (n: number): Buffer => Buffer.from(JSON.stringify({ id: `m${n}`, type: 'registry-entry' }));

function collect(bus: MemoryBus, route = 'to-sir'): Delivery[] {
  const got: Delivery[] = [];
  void bus.consume(route, 1, async (d) => {
    got.push(d);
    d.ack();
  });
  return got;
}

afterEach(() => {
  jest.useRealTimers();
});

describe('the memory bus', () => {
  test('brings a retried message back to its route with its headers once the expiration passes', async () => {
    jest.useFakeTimers();
    const bus = new MemoryBus({ routes: ROUTES });
    const got = collect(bus);
    await bus.publishRetry('to-sir', 1, body(1), { [ATTEMPT_HEADER]: 1, 'x-delivery-count': 3 }, 600);
    expect(await bus.queueDepths('to-sir')).toEqual({ work: 0, retry: 1, dead: 0 });
    jest.advanceTimersByTime(599);
    await bus.idle();
    expect(got).toHaveLength(0);
    jest.advanceTimersByTime(1);
    await bus.idle();
    expect(got).toHaveLength(1);
    expect(got[0].headers).toEqual({ [ATTEMPT_HEADER]: 1 });
    expect(got[0].deliveryCount).toBe(0);
    expect(await bus.queueDepths('to-sir')).toEqual({ work: 0, retry: 0, dead: 0 });
  });

  test('caps a retry expiration at the level TTL and refuses a level the route does not have', async () => {
    const bus = new MemoryBus({ routes: ROUTES });
    await bus.publishRetry('to-sir', 1, body(1), {}, 60000);
    expect(bus.retrying[0].expirationMs).toBe(1000);
    expect(await codeOf(bus.publishRetry('to-sir', 3, body(2), {}, 10))).toBe(Errors.ROUTE_INVALID.code);
    expect(await codeOf(bus.publishRetry('elsewhere', 1, body(2), {}, 10))).toBe(Errors.ROUTE_INVALID.code);
    await bus.stop();
  });

  test('flushRetries releases every waiting retry at once', async () => {
    const bus = new MemoryBus();
    const got = collect(bus);
    await bus.publishRetry('to-sir', 2, body(1), {}, 60000);
    bus.flushRetries();
    await bus.idle();
    expect(got.map((d) => d.envelope?.id)).toEqual(['m1']);
  });

  test('dead-letters a message nacked with requeue more than deliveryLimit times to consumeDead', async () => {
    const bus = new MemoryBus({ routes: ROUTES });
    const counts: number[] = [];
    const dead: Delivery[] = [];
    await bus.consume('to-sir', 1, async (d) => {
      counts.push(d.deliveryCount);
      d.nack(true);
    });
    await bus.consumeDead('to-sir', 1, async (d) => {
      dead.push(d);
      d.ack();
    });
    bus.push(body(1), 0, {}, 'to-sir');
    await bus.idle();
    expect(counts).toEqual([0, 1, 2]);
    expect(dead.map((d) => d.envelope?.id)).toEqual(['m1']);
  });

  test('holds a paused route’s messages, counts them, and delivers them on resume', async () => {
    const bus = new MemoryBus({ routes: ROUTES });
    const got = collect(bus);
    await bus.pause('to-sir');
    await bus.pause('to-sir');
    bus.push(body(1), 0, {}, 'to-sir');
    await bus.idle();
    expect(got).toHaveLength(0);
    expect(await bus.queueDepths('to-sir')).toEqual({ work: 1, retry: 0, dead: 0 });
    await bus.resume('to-sir');
    await bus.idle();
    expect(got.map((d) => d.envelope?.id)).toEqual(['m1']);
  });

  test('routes a publish by the part of the routing key after the envelope type', async () => {
    const bus = new MemoryBus();
    const a = collect(bus, 'a');
    const b = collect(bus, 'b');
    const envelope = { id: 'e1', type: 'registry-entry' } as unknown as Parameters<MemoryBus['publish']>[0];
    await bus.publish(envelope, 'registry-entry.b');
    await bus.idle();
    expect(a).toHaveLength(0);
    expect(b.map((d) => d.envelope?.id)).toEqual(['e1']);
  });
});
