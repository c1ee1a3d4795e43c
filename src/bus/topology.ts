import type { Channel } from 'amqplib';
import type { Logger } from 'pino';
import { Errors, PasarelaError } from '../core/errors';

/** What the topology is built from (already defaulted). */
export interface TopologySpec {
  exchange: string;
  queuePrefix: string;
  routes: { name: string; type: string }[];
}

/** One named declaration, so a failure says which one broke. */
export interface TopologyStep {
  name: string;
  run(ch: Channel): Promise<unknown>;
}

/** Name of a route's work queue: `<queuePrefix>.<route>.work`. */
export function workQueueName(queuePrefix: string, route: string): string {
  return `${queuePrefix}.${route}.work`;
}

/** Routing key that reaches a route's work queue: `<type>.<route>`. */
export function routingKeyFor(type: string, route: string): string {
  return `${type}.${route}`;
}

/**
 * The steps, in order: the durable topic exchange, then per route a durable quorum work queue
 * and its binding. Declarations are idempotent, so they run again after every reconnect.
 */
export function topologySteps(spec: TopologySpec): TopologyStep[] {
  const steps: TopologyStep[] = [assertExchange(spec.exchange)];
  for (const route of spec.routes) {
    const queue = workQueueName(spec.queuePrefix, route.name);
    steps.push(assertWorkQueue(queue), bindWorkQueue(queue, spec.exchange, routingKeyFor(route.type, route.name)));
  }
  return steps;
}

function assertExchange(exchange: string): TopologyStep {
  return {
    name: `assert exchange ${exchange}`,
    run: (ch) => ch.assertExchange(exchange, 'topic', { durable: true }),
  };
}

function assertWorkQueue(queue: string): TopologyStep {
  return {
    name: `assert queue ${queue}`,
    run: (ch) => ch.assertQueue(queue, { durable: true, arguments: { 'x-queue-type': 'quorum' } }),
  };
}

function bindWorkQueue(queue: string, exchange: string, routingKey: string): TopologyStep {
  return {
    name: `bind ${queue} to ${exchange} with ${routingKey}`,
    run: (ch) => ch.bindQueue(queue, exchange, routingKey),
  };
}

/**
 * Run the steps on one channel. A failing step closes the channel on the broker side, so the
 * error names the step and keeps the broker's reason as `cause`; setup then fails and recovery
 * retries.
 */
export async function declareTopology(ch: Channel, steps: TopologyStep[], logger: Logger): Promise<void> {
  for (const step of steps) {
    try {
      await step.run(ch);
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      throw new PasarelaError(Errors.BUS_UNREACHABLE, `Topology step "${step.name}" failed: ${reason}`, {
        cause: err,
        details: { step: step.name },
      });
    }
    logger.debug({ step: step.name }, 'Topology step done');
  }
}
