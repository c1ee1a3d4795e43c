import type { Envelope } from '../core/envelope';

/**
 * The RabbitMQ side of pasarela (`createBus(options)` in ./index.ts).
 *
 * Topology, declared by `start()` and again after every reconnect: a durable topic exchange
 * (default `pasarela.messages`) and, per route, quorum queues (all with at-least-once
 * dead-lettering and `overflow: reject-publish`, so no hop of the ladder can drop a message):
 * - `<queuePrefix>.<route>.work`, bound with routing key `<type>.<route>`; `x-delivery-limit`
 *   pinned to the route's `deliveryLimit`, past which the broker dead-letters to `.dead`;
 * - `<queuePrefix>.<route>.retry.<n>` (n = 1…levels): the retry ladder. Each level holds
 *   messages for at most its TTL (`x-message-ttl`), then dead-letters them back to the
 *   route's work queue through the topic exchange. No delayed-message plugin.
 * - `<queuePrefix>.<route>.dead`, bound to the direct exchange `<queuePrefix>.dead` with
 *   routing key `<route>`: the catch-all for the delivery limit. Never silently dropped: the
 *   route worker consumes it and parks what arrives in the journal.
 */
/** The header that carries the attempts already made (absent = none yet). */
export const ATTEMPT_HEADER = 'x-pasarela-attempts';

/** What the bus needs to know of a route to build its queues. */
export interface BusRoute {
  name: string;
  type: string;
  /** TTL of each retry level in ms, ascending and distinct; level n is index n-1. Empty = no ladder. */
  retryLevelsMs: number[];
  /**
   * Broker deliveries of one message (x-delivery-limit) before it is dead-lettered. RabbitMQ
   * counts returns (nack with requeue, channel lost): with limit N a message is delivered at most
   * N + 1 times (deliveryCount 0…N) and dead-lettered on the return after the last (measured on
   * 3.10.8).
   */
  deliveryLimit: number;
}

export interface BusOptions {
  /** amqp://user:pass@host:port/vhost */
  url: string;
  /** @defaultValue 'pasarela.messages' */
  exchange: string;
  /** @defaultValue 'pasarela' */
  queuePrefix: string;
  /** The routes whose queues to declare. */
  routes: BusRoute[];
  /** Give up the *first* connection after this many retries (fail fast at boot); reconnects retry forever. */
  initialMaxRetries?: number;
  /** Publish confirm timeout in ms. @defaultValue 10000 */
  confirmTimeoutMs?: number;
  /**
   * How long `stop()` waits, in ms, for unsettled deliveries to be acked/nacked and pending
   * publishes to be confirmed before it closes the channels anyway (the broker then redelivers
   * the unacked messages, and the unconfirmed publishes fail with BUS_UNREACHABLE).
   * @defaultValue 5000
   */
  drainTimeoutMs?: number;
  logger: import('pino').Logger;
}

export interface Delivery {
  envelope: Envelope | undefined;
  /** Raw body, for poison-message evidence when `envelope` is undefined (not JSON). */
  body: Buffer;
  headers: Record<string, unknown>;
  redelivered: boolean;
  /** Quorum queues' `x-delivery-count` (0 on the first delivery). */
  deliveryCount: number;
  ack(): void;
  /** requeue=true puts it back on the queue; false drops it (only after it is recorded elsewhere). */
  nack(requeue: boolean): void;
}

export type DeliveryHandler = (d: Delivery) => Promise<void>;

export interface Bus {
  /** Connect (with automatic recovery) and declare the topology. Rejects with BUS_UNREACHABLE. */
  start(): Promise<void>;
  /** Name of a route's work queue. */
  queueName(route: string): string;
  /** Whether `route` is one the bus declared: a publish for any other route would reach no queue. */
  hasRoute(route: string): boolean;
  /**
   * Publish persistent + mandatory on a confirm channel and resolve only when the broker
   * confirmed it. Nack -> BUS_PUBLISH_NACKED, returned (unroutable) -> BUS_PUBLISH_UNROUTABLE,
   * no connection or confirm timeout -> BUS_UNREACHABLE. Never resolves for a message the broker
   * did not take responsibility for.
   */
  publish(envelope: Envelope, routingKey: string, headers?: Record<string, string | number>): Promise<void>;
  /**
   * Consume a route's queue with manual ack and the given prefetch. The handler must ack or nack.
   * The subscription is re-established after every reconnect.
   */
  consume(route: string, prefetch: number, handler: DeliveryHandler): Promise<void>;
  /**
   * Like `consume`, on a route's `.dead` queue (messages the broker dead-lettered past the
   * delivery limit). Same ack contract.
   */
  consumeDead(route: string, prefetch: number, handler: DeliveryHandler): Promise<void>;
  /**
   * Park a copy on a route's retry level `level` (1-based) with a per-message TTL of
   * `expirationMs` (at most the level's TTL; it takes the smaller), to come back to the work
   * queue then. Persistent, mandatory, confirmed: resolves only once the broker holds it; fails
   * like `publish`. `headers` are the new message's headers (carry ATTEMPT_HEADER); a stale
   * `x-delivery-count` among them is dropped, so the copy starts at deliveryCount 0. Unknown
   * route or level -> ROUTE_INVALID.
   */
  publishRetry(route: string, level: number, body: Buffer, headers: Record<string, unknown>, expirationMs: number): Promise<void>;
  /**
   * Stop this process consuming a route's work queue (the consumer is cancelled, in-flight
   * deliveries stay for ack; reconnects do not resubscribe it) until `resume`. Idempotent.
   */
  pause(route: string): Promise<void>;
  /** Consume a paused route's work queue again. Idempotent. */
  resume(route: string): Promise<void>;
  /** Stop consuming (no new deliveries) but keep the connection for in-flight acks. */
  cancelConsumers(): Promise<void>;
  /** True while connected. */
  isConnected(): boolean;
  /** Messages ready in a route's queue (passive declare); for tests and /readyz. */
  queueDepth(route: string): Promise<number>;
  /**
   * Ready messages in each of a route's queues: work, the retry levels together, dead (passive
   * declares). BUS_UNREACHABLE when not connected.
   */
  queueDepths(route: string): Promise<{ work: number; retry: number; dead: number }>;
  /** Close channels and the connection; idempotent. */
  stop(): Promise<void>;
}
