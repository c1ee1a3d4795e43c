import { checkRoutes, DEAD_QUEUE_DELIVERY_LIMIT, routeQueues, topologySteps, type TopologySpec } from '../../../src/bus/topology';
import { Errors, isPasarelaError } from '../../../src/core/errors';

const spec: TopologySpec = {
  exchange: 'pasarela.messages',
  queuePrefix: 'pasarela',
  routes: [{ name: 'to-sir', type: 'registry-entry', retryLevelsMs: [1000, 4000], deliveryLimit: 7 }],
};

function codeOf(fn: () => void): string | undefined {
  try {
    fn();
    return undefined;
  } catch (err) {
    return isPasarelaError(err) ? err.code : 'not a PasarelaError';
  }
}

describe('bus topology', () => {
  test('a route gets a work queue, one retry queue per level and a dead queue, in that order', () => {
    expect(routeQueues(spec, spec.routes[0]).map((q) => q.queue)).toEqual([
      'pasarela.to-sir.work',
      'pasarela.to-sir.retry.1',
      'pasarela.to-sir.retry.2',
      'pasarela.to-sir.dead',
    ]);
  });

  test('the work queue dead-letters at least once to the dead exchange past the delivery limit', () => {
    const [work] = routeQueues(spec, spec.routes[0]);
    expect(work.arguments).toEqual({
      'x-queue-type': 'quorum',
      'x-dead-letter-strategy': 'at-least-once',
      'x-overflow': 'reject-publish',
      'x-dead-letter-exchange': 'pasarela.dead',
      'x-dead-letter-routing-key': 'to-sir',
      'x-delivery-limit': 7,
    });
    expect(work.binding).toEqual({ exchange: 'pasarela.messages', routingKey: 'registry-entry.to-sir' });
  });

  test('each retry level expires after its TTL back to the work queue through the topic exchange', () => {
    const [, first, second] = routeQueues(spec, spec.routes[0]);
    expect(first.arguments).toEqual({
      'x-queue-type': 'quorum',
      'x-dead-letter-strategy': 'at-least-once',
      'x-overflow': 'reject-publish',
      'x-message-ttl': 1000,
      'x-dead-letter-exchange': 'pasarela.messages',
      'x-dead-letter-routing-key': 'registry-entry.to-sir',
    });
    expect(second.arguments['x-message-ttl']).toBe(4000);
    expect(first.binding).toBeUndefined();
  });

  test('the dead queue is bound to the dead exchange with the route name, dead-letters nowhere and pins its delivery limit out of reach', () => {
    const dead = routeQueues(spec, spec.routes[0])[3];
    expect(dead.arguments).toEqual({ 'x-queue-type': 'quorum', 'x-overflow': 'reject-publish', 'x-delivery-limit': DEAD_QUEUE_DELIVERY_LIMIT });
    expect(dead.binding).toEqual({ exchange: 'pasarela.dead', routingKey: 'to-sir' });
  });

  test('the steps declare both exchanges first, then every queue followed by its binding', () => {
    expect(topologySteps(spec).map((s) => s.name)).toEqual([
      'assert exchange pasarela.messages',
      'assert exchange pasarela.dead',
      'assert queue pasarela.to-sir.work',
      'bind pasarela.to-sir.work to pasarela.messages with registry-entry.to-sir',
      'assert queue pasarela.to-sir.retry.1',
      'assert queue pasarela.to-sir.retry.2',
      'assert queue pasarela.to-sir.dead',
      'bind pasarela.to-sir.dead to pasarela.dead with to-sir',
    ]);
  });

  test('a route without a ladder has no retry queues', () => {
    const route = { ...spec.routes[0], retryLevelsMs: [] };
    expect(routeQueues(spec, route).map((q) => q.queue)).toEqual(['pasarela.to-sir.work', 'pasarela.to-sir.dead']);
  });

  test.each([
    ['levels that are not ascending', { retryLevelsMs: [4000, 1000] }],
    ['repeated levels', { retryLevelsMs: [1000, 1000] }],
    ['a fractional level', { retryLevelsMs: [1.5] }],
    ['a negative delivery limit', { deliveryLimit: -1 }],
    ['a missing ladder', { retryLevelsMs: undefined }],
  ])('routes with %s are refused with CONFIG_INVALID', (_what, change) => {
    const route = { ...spec.routes[0], ...change } as TopologySpec['routes'][number];
    expect(codeOf(() => checkRoutes([route]))).toBe(Errors.CONFIG_INVALID.code);
  });

  test('valid routes pass the check', () => {
    expect(codeOf(() => checkRoutes(spec.routes))).toBeUndefined();
  });
});
