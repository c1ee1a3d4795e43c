import type { Bus, Delivery, DeliveryHandler } from '../../src/bus/bus';
import type { Envelope } from '../../src/core/envelope';

/**
 * An in-memory Bus for pipeline unit tests (the integration tests use the real RabbitMQ).
 * Deliveries are handed to the consumer one at a time; nack(true) puts the message back with
 * its delivery count raised, as a quorum queue does.
 */
export class MemoryBus implements Bus {
  readonly queue: { body: Buffer; count: number }[] = [];
  readonly acked: Buffer[] = [];
  readonly dropped: Buffer[] = [];
  private handler?: DeliveryHandler;
  private connected = true;
  private pumping?: Promise<void>;

  async start(): Promise<void> {}
  queueName(route: string): string {
    return `memory.${route}.work`;
  }
  async publish(envelope: Envelope): Promise<void> {
    this.push(Buffer.from(JSON.stringify(envelope)));
  }
  push(body: Buffer, count = 0): void {
    this.queue.push({ body, count });
    this.pump();
  }
  async consume(_route: string, _prefetch: number, handler: DeliveryHandler): Promise<void> {
    this.handler = handler;
    this.pump();
  }
  async cancelConsumers(): Promise<void> {
    this.handler = undefined;
  }
  isConnected(): boolean {
    return this.connected;
  }
  async queueDepth(): Promise<number> {
    return this.queue.length;
  }
  async stop(): Promise<void> {
    this.connected = false;
    this.handler = undefined;
  }
  /** Resolves once the queue is empty and no delivery is in progress. */
  async idle(): Promise<void> {
    while (this.pumping) await this.pumping;
  }

  private pump(): void {
    if (this.pumping || !this.handler || this.queue.length === 0) return;
    const run = async () => {
      // Yield first, so `this.pumping` is set before the loop can finish and clear it.
      await Promise.resolve();
      while (this.handler && this.queue.length) {
        const item = this.queue.shift()!;
        await this.handler(this.delivery(item));
      }
      this.pumping = undefined;
    };
    this.pumping = run();
  }

  private delivery(item: { body: Buffer; count: number }): Delivery {
    let settled = false;
    let envelope: Envelope | undefined;
    try {
      envelope = JSON.parse(item.body.toString('utf8'));
    } catch {
      envelope = undefined;
    }
    return {
      envelope, body: item.body, headers: {}, redelivered: item.count > 0, deliveryCount: item.count,
      ack: () => {
        if (!settled) this.acked.push(item.body);
        settled = true;
      },
      nack: (requeue) => {
        if (settled) return;
        settled = true;
        if (requeue) this.queue.push({ body: item.body, count: item.count + 1 });
        else this.dropped.push(item.body);
      },
    };
  }
}
