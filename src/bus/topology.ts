import type { Channel } from 'amqplib';
import { Errors, PasarelaError } from '../core/errors';
import type { BusRoute } from './bus';

/** What the topology is built from (already defaulted). */
export interface TopologySpec {
  exchange: string;
  queuePrefix: string;
  routes: BusRoute[];
}

/** A queue the bus owns: its arguments, and the binding that feeds it (if any). */
export interface QueueDecl {
  queue: string;
  arguments: Record<string, string | number>;
  binding?: { exchange: string; routingKey: string };
}

/**
 * One named declaration, so a failure says which one broke. A step with `queue` asserts that
 * queue; when the queue already exists with other arguments it may be replaced (./upgrade.ts).
 */
export interface TopologyStep {
  name: string;
  run(ch: Channel): Promise<unknown>;
  queue?: QueueDecl;
}

/** Name of a route's work queue: `<queuePrefix>.<route>.work`. */
export function workQueueName(queuePrefix: string, route: string): string {
  return `${queuePrefix}.${route}.work`;
}

/** Name of a route's retry level `level` (1-based): `<queuePrefix>.<route>.retry.<level>`. */
export function retryQueueName(queuePrefix: string, route: string, level: number): string {
  return `${queuePrefix}.${route}.retry.${level}`;
}

/** Name of a route's dead-letter queue: `<queuePrefix>.<route>.dead`. */
export function deadQueueName(queuePrefix: string, route: string): string {
  return `${queuePrefix}.${route}.dead`;
}

/** The direct exchange the work queues dead-letter to: `<queuePrefix>.dead`. */
export function deadExchangeName(queuePrefix: string): string {
  return `${queuePrefix}.dead`;
}

/** Routing key that reaches a route's work queue: `<type>.<route>`. */
export function routingKeyFor(type: string, route: string): string {
  return `${type}.${route}`;
}

// No hop may drop a message: dead-lettering is confirmed by the target (at-least-once), which
// RabbitMQ only allows together with overflow reject-publish.
const SAFE = { 'x-queue-type': 'quorum', 'x-dead-letter-strategy': 'at-least-once', 'x-overflow': 'reject-publish' } as const;

/** The queues of one route, in declaration order: work, retry levels, dead. */
export function routeQueues(spec: TopologySpec, route: BusRoute): QueueDecl[] {
  const key = routingKeyFor(route.type, route.name);
  const work: QueueDecl = {
    queue: workQueueName(spec.queuePrefix, route.name),
    arguments: {
      ...SAFE,
      'x-dead-letter-exchange': deadExchangeName(spec.queuePrefix),
      'x-dead-letter-routing-key': route.name,
      'x-delivery-limit': route.deliveryLimit,
    },
    binding: { exchange: spec.exchange, routingKey: key },
  };
  // Retry levels are published to through the default exchange and expire back to the work
  // queue through the topic exchange, so they need no binding of their own.
  const retries = route.retryLevelsMs.map((ttl, i): QueueDecl => ({
    queue: retryQueueName(spec.queuePrefix, route.name, i + 1),
    arguments: { ...SAFE, 'x-message-ttl': ttl, 'x-dead-letter-exchange': spec.exchange, 'x-dead-letter-routing-key': key },
  }));
  // No dead-letter exchange here: the end of the line, so nothing may ever be dropped from it.
  // reject-publish makes a full dead queue push back on the work queue; the delivery limit is
  // pinned out of reach because RabbitMQ 4.x otherwise defaults it to 20 and, with no target,
  // drops what passes it (e.g. a long journal outage while the worker parks dead letters).
  const dead: QueueDecl = {
    queue: deadQueueName(spec.queuePrefix, route.name),
    arguments: { 'x-queue-type': 'quorum', 'x-overflow': 'reject-publish', 'x-delivery-limit': DEAD_QUEUE_DELIVERY_LIMIT },
    binding: { exchange: deadExchangeName(spec.queuePrefix), routingKey: route.name },
  };
  return [work, ...retries, dead];
}

/** Effectively unlimited, and explicit on every broker version. */
export const DEAD_QUEUE_DELIVERY_LIMIT = 1_000_000;

/**
 * The steps, in order: the topic exchange and the dead-letter exchange, then per route its
 * queues with their bindings. Declarations are idempotent, so they run again after every
 * reconnect.
 */
export function topologySteps(spec: TopologySpec): TopologyStep[] {
  const steps: TopologyStep[] = [assertExchange(spec.exchange, 'topic'), assertExchange(deadExchangeName(spec.queuePrefix), 'direct')];
  for (const route of spec.routes) {
    for (const decl of routeQueues(spec, route)) {
      steps.push(assertQueue(decl));
      if (decl.binding) steps.push(bindQueue(decl.queue, decl.binding.exchange, decl.binding.routingKey));
    }
  }
  return steps;
}

/** CONFIG_INVALID unless every route has a usable ladder and delivery limit. */
export function checkRoutes(routes: BusRoute[]): void {
  const problems: string[] = [];
  for (const r of routes) {
    const levels: unknown = r.retryLevelsMs;
    if (!Array.isArray(levels) || !levels.every((ms, i) => Number.isInteger(ms) && ms >= 0 && (i === 0 || ms > levels[i - 1]))) {
      problems.push(`route ${r.name}: retryLevelsMs must be ascending, distinct non-negative integers`);
    }
    if (!Number.isInteger(r.deliveryLimit) || r.deliveryLimit < 0) problems.push(`route ${r.name}: deliveryLimit must be a non-negative integer`);
  }
  if (problems.length) throw new PasarelaError(Errors.CONFIG_INVALID, `Invalid bus routes: ${problems.join('; ')}`);
}

/** The step that declares `decl.queue` (also used to re-declare it after an upgrade). */
export function assertQueue(decl: QueueDecl): TopologyStep {
  return {
    name: `assert queue ${decl.queue}`,
    run: (ch) => ch.assertQueue(decl.queue, { durable: true, arguments: decl.arguments }),
    queue: decl,
  };
}

function assertExchange(exchange: string, type: 'topic' | 'direct'): TopologyStep {
  return {
    name: `assert exchange ${exchange}`,
    run: (ch) => ch.assertExchange(exchange, type, { durable: true }),
  };
}

function bindQueue(queue: string, exchange: string, routingKey: string): TopologyStep {
  return {
    name: `bind ${queue} to ${exchange} with ${routingKey}`,
    run: (ch) => ch.bindQueue(queue, exchange, routingKey),
  };
}
