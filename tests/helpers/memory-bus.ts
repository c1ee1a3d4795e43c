import type { Bus, BusRoute, Delivery, DeliveryHandler } from '../../src/bus/bus';
import { retryMessage } from '../../src/bus/retry';
import type { Envelope } from '../../src/core/envelope';
import { Errors, PasarelaError } from '../../src/core/errors';

/** A message waiting in one of the memory queues. `route` undefined = whichever route consumes. */
export interface MemoryItem {
  route?: string;
  body: Buffer;
  headers: Record<string, unknown>;
  /** Deliveries so far that were nacked with requeue (the quorum `x-delivery-count`). */
  count: number;
}

/** A copy parked on a retry level until its timer puts it back on the work queue. */
export interface MemoryRetry extends MemoryItem {
  level: number;
  expirationMs: number;
}

export interface MemoryBusOptions {
  /**
   * When given, the bus behaves like the real one for these routes: `publishRetry` checks the
   * level (ROUTE_INVALID) and caps the expiration at the level's TTL, and a message nacked with
   * requeue more than `deliveryLimit` times moves to the route's dead queue. Without it, any
   * route and level are taken, expirations are used as given and nothing is ever dead-lettered.
   */
  routes?: BusRoute[];
}

/**
 * An in-memory Bus for pipeline unit tests (the integration tests use the real RabbitMQ).
 *
 * One queue per kind (`queue` = work, `retrying`, `dead`), items tagged with their route. Deliveries
 * are handed out one at a time, work queue first; nack(true) puts the message back with its
 * delivery count raised, as a quorum queue does. `publishRetry` starts a timer (so jest fake
 * timers drive it; `flushRetries()` fires them all now) after which the copy is back on the work
 * queue with the given headers and a delivery count of 0. A paused route gets no work
 * deliveries (its dead queue still flows) until `resume`. `idle()` does not wait for timers.
 */
export class MemoryBus implements Bus {
  readonly queue: MemoryItem[] = [];
  readonly retrying: MemoryRetry[] = [];
  readonly dead: MemoryItem[] = [];
  readonly acked: Buffer[] = [];
  readonly dropped: Buffer[] = [];
  private readonly handlers = new Map<string, DeliveryHandler>();
  private readonly deadHandlers = new Map<string, DeliveryHandler>();
  private readonly paused = new Set<string>();
  private readonly timers = new Map<MemoryRetry, NodeJS.Timeout>();
  private connected = true;
  private pumping?: Promise<void>;

  constructor(private readonly options: MemoryBusOptions = {}) {}

  async start(): Promise<void> {}
  queueName(route: string): string {
    return `memory.${route}.work`;
  }
  /** Without `routes` every route is taken, as before the option existed. */
  hasRoute(route: string): boolean {
    return !this.options.routes || this.options.routes.some((r) => r.name === route);
  }
  /** The route is what follows `<envelope.type>.` in the routing key, if that is its shape. */
  async publish(envelope: Envelope, routingKey?: string, headers: Record<string, string | number> = {}): Promise<void> {
    const prefix = `${envelope.type}.`;
    const route = routingKey?.startsWith(prefix) ? routingKey.slice(prefix.length) : undefined;
    this.push(Buffer.from(JSON.stringify(envelope)), 0, headers, route);
  }
  push(body: Buffer, count = 0, headers: Record<string, unknown> = {}, route?: string): void {
    this.queue.push({ route, body, headers, count });
    this.pump();
  }
  async consume(route: string, _prefetch: number, handler: DeliveryHandler): Promise<void> {
    this.handlers.set(route, handler);
    this.pump();
  }
  async consumeDead(route: string, _prefetch: number, handler: DeliveryHandler): Promise<void> {
    this.deadHandlers.set(route, handler);
    this.pump();
  }
  async publishRetry(route: string, level: number, body: Buffer, headers: Record<string, unknown>, expirationMs: number): Promise<void> {
    if (!this.connected) throw new PasarelaError(Errors.BUS_UNREACHABLE, 'The memory bus is stopped');
    let expiration = expirationMs;
    let kept = headers;
    const known = this.options.routes?.find((r) => r.name === route);
    if (this.options.routes && !known) throw new PasarelaError(Errors.ROUTE_INVALID, `The bus has no route named ${route}`);
    if (known) {
      const msg = retryMessage('memory', known, level, body, headers, expirationMs);
      expiration = Number(msg.properties.expiration);
      kept = msg.properties.headers ?? {};
    }
    const item: MemoryRetry = { route, body, headers: kept, count: 0, level, expirationMs: expiration };
    this.retrying.push(item);
    const timer = setTimeout(() => this.release(item), expiration);
    timer.unref?.();
    this.timers.set(item, timer);
  }
  /** Put every waiting retry back on the work queue now, as if its expiration had passed. */
  flushRetries(): void {
    for (const item of [...this.retrying]) this.release(item);
  }
  async pause(route: string): Promise<void> {
    this.paused.add(route);
  }
  async resume(route: string): Promise<void> {
    this.paused.delete(route);
    this.pump();
  }
  async cancelConsumers(): Promise<void> {
    this.handlers.clear();
    this.deadHandlers.clear();
  }
  isConnected(): boolean {
    return this.connected;
  }
  async queueDepth(route: string): Promise<number> {
    return this.queue.filter((i) => this.onRoute(i, route)).length;
  }
  async queueDepths(route: string): Promise<{ work: number; retry: number; dead: number }> {
    const count = (items: MemoryItem[]) => items.filter((i) => this.onRoute(i, route)).length;
    return { work: count(this.queue), retry: count(this.retrying), dead: count(this.dead) };
  }
  async stop(): Promise<void> {
    this.connected = false;
    this.handlers.clear();
    this.deadHandlers.clear();
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }
  /** Resolves once no delivery is in progress and none can be made (retry timers are not awaited). */
  async idle(): Promise<void> {
    while (this.pumping) await this.pumping;
  }

  private onRoute(item: MemoryItem, route: string): boolean {
    return item.route === undefined || item.route === route;
  }

  private release(item: MemoryRetry): void {
    const at = this.retrying.indexOf(item);
    if (at < 0) return;
    this.retrying.splice(at, 1);
    clearTimeout(this.timers.get(item));
    this.timers.delete(item);
    this.push(item.body, 0, item.headers, item.route);
  }

  /** The next deliverable message and its handler: work queues of unpaused routes first, then dead queues. */
  private next(): { item: MemoryItem; handler: DeliveryHandler; dead: boolean } | undefined {
    for (const item of this.queue) {
      const route = item.route ?? [...this.handlers.keys()].find((r) => !this.paused.has(r));
      const handler = route === undefined || this.paused.has(route) ? undefined : this.handlers.get(route);
      if (handler) {
        this.queue.splice(this.queue.indexOf(item), 1);
        return { item: { ...item, route }, handler, dead: false };
      }
    }
    const at = this.dead.findIndex((i) => i.route !== undefined && this.deadHandlers.has(i.route));
    if (at < 0) return undefined;
    const [item] = this.dead.splice(at, 1);
    return { item, handler: this.deadHandlers.get(item.route!)!, dead: true };
  }

  private pump(): void {
    if (this.pumping) return;
    const run = async () => {
      // Yield first, so `this.pumping` is set before the loop can finish and clear it.
      await Promise.resolve();
      try {
        for (let n = this.next(); n; n = this.next()) await n.handler(this.delivery(n.item, n.dead));
      } finally {
        // A handler that throws stops the pump; `idle()` rejects with its error.
        this.pumping = undefined;
      }
    };
    this.pumping = run();
  }

  private delivery(item: MemoryItem, dead: boolean): Delivery {
    let settled = false;
    let envelope: Envelope | undefined;
    try {
      envelope = JSON.parse(item.body.toString('utf8'));
    } catch {
      envelope = undefined;
    }
    return {
      envelope, body: item.body, headers: item.headers, redelivered: item.count > 0, deliveryCount: item.count,
      ack: () => {
        if (!settled) this.acked.push(item.body);
        settled = true;
      },
      nack: (requeue) => {
        if (settled) return;
        settled = true;
        if (!requeue) this.dropped.push(item.body);
        else if (dead) this.dead.push({ ...item, count: item.count + 1 });
        else this.requeue({ ...item, count: item.count + 1 });
        this.pump();
      },
    };
  }

  // As x-delivery-limit: a message returned more than `deliveryLimit` times is dead-lettered.
  private requeue(item: MemoryItem): void {
    const limit = this.options.routes?.find((r) => r.name === item.route)?.deliveryLimit;
    if (limit !== undefined && item.count > limit) this.dead.push(item);
    else this.queue.push(item);
  }
}
