import type { Envelope } from '../core/envelope';

/**
 * The RabbitMQ side of pasarela (`createBus(options)` in ./index.ts).
 *
 * Topology, declared by `start()` and again after every reconnect: a durable topic exchange
 * (default `pasarela.messages`) and, per route, a durable quorum queue
 * `<queuePrefix>.<route>.work` bound with routing key `<type>.<route>`.
 */
export interface BusOptions {
  /** amqp://user:pass@host:port/vhost */
  url: string;
  /** @defaultValue 'pasarela.messages' */
  exchange: string;
  /** @defaultValue 'pasarela' */
  queuePrefix: string;
  /** The routes whose queues to declare. */
  routes: { name: string; type: string }[];
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
  /** Stop consuming (no new deliveries) but keep the connection for in-flight acks. */
  cancelConsumers(): Promise<void>;
  /** True while connected. */
  isConnected(): boolean;
  /** Messages ready in a route's queue (passive declare); for tests and /readyz. */
  queueDepth(route: string): Promise<number>;
  /** Close channels and the connection; idempotent. */
  stop(): Promise<void>;
}
