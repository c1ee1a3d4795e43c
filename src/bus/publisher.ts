import type { ChannelModel, ConfirmChannel, Message, Options } from 'amqplib';
import type { Logger } from 'pino';
import type { Envelope } from '../core/envelope';
import { Errors, PasarelaError } from '../core/errors';
import { track, type TrackedChannel } from './delivery';

/** What the publisher needs from the bus. */
export interface PublisherOptions {
  exchange: string;
  /** No confirm within this many ms -> BUS_UNREACHABLE. */
  confirmTimeoutMs: number;
  logger: Logger;
  /** True while the connection is up (setup completed). */
  isUp(): boolean;
  /** The live connection, or null. */
  liveModel(): ChannelModel | null;
}

/** A message for `publishRaw`; `messageId` also matches a broker return to its publish. */
export interface RawPublish {
  exchange: string;
  routingKey: string;
  body: Buffer;
  messageId: string;
  /** Further AMQP properties (persistent, mandatory and messageId are set by the publisher). */
  properties: Omit<Options.Publish, 'persistent' | 'mandatory' | 'messageId'>;
}

interface Pending {
  messageId: string;
  returned: boolean;
  settled: boolean;
  timer: NodeJS.Timeout | undefined;
  resolve(): void;
  reject(err: PasarelaError): void;
}

/**
 * Publishes on one confirm channel, opened by every (re)connect's setup. Nothing is buffered:
 * without a channel a publish fails at once, and a publish resolves only on the broker's ack.
 */
export class Publisher {
  private current: TrackedChannel<ConfirmChannel> | null = null;
  private readonly pending = new Map<string, Pending[]>();
  private count = 0;
  private stopped = false;

  constructor(private readonly o: PublisherOptions) {}

  /** True when a confirm channel is open. */
  ready(): boolean {
    return !this.stopped && this.current !== null && !this.current.closed;
  }

  /** Publishes awaiting the broker's confirm. */
  pendingCount(): number {
    return this.count;
  }

  /** Open the confirm channel on a new connection (called from setup). */
  async open(model: ChannelModel): Promise<void> {
    const state = track(await model.createConfirmChannel());
    const log = this.o.logger;
    state.ch.on('close', () => this.onClose(state, model));
    state.ch.on('error', (err: Error) => log.warn({ err: err.message }, 'Publisher channel error'));
    state.ch.on('handler-error', (err: Error, event: string) => log.error({ err, event }, 'Publisher listener threw'));
    state.ch.on('return', (msg: Message) => this.onReturn(msg));
    this.current = state;
  }

  /** See `Bus.publish`: the envelope as JSON to the bus exchange. */
  publish(envelope: Envelope, routingKey: string, headers: Record<string, string | number> = {}): Promise<void> {
    let body: Buffer;
    try {
      body = Buffer.from(JSON.stringify(envelope));
    } catch (err) {
      return Promise.reject(unreachable('The envelope could not be serialized', err));
    }
    return this.publishRaw({
      exchange: this.o.exchange,
      routingKey,
      body,
      messageId: envelope.id,
      properties: { contentType: 'application/json', type: envelope.type, timestamp: Math.floor(Date.now() / 1000), headers },
    });
  }

  /**
   * Publish bytes as they are, to any exchange ('' = the default exchange, routing key = queue
   * name), with the guarantees of `publish`: persistent, mandatory, resolved on the broker's
   * confirm only.
   */
  publishRaw(msg: RawPublish): Promise<void> {
    const state = this.current;
    if (this.stopped || !state || state.closed || !this.o.isUp()) {
      return Promise.reject(unreachable('Not connected to RabbitMQ; the message was not published'));
    }
    return new Promise<void>((resolve, reject) => {
      const p = this.add(msg.messageId, resolve, reject);
      try {
        state.ch.publish(msg.exchange, msg.routingKey, msg.body, {
          ...msg.properties,
          persistent: true,
          mandatory: true,
          messageId: msg.messageId,
        }, (err: unknown) => this.onConfirm(p, state, msg, err));
      } catch (err) {
        this.settle(p, unreachable('The publish could not be written to the channel', err));
      }
    });
  }

  /** Stop publishing and close the channel; still-pending publishes fail with BUS_UNREACHABLE. */
  async close(): Promise<void> {
    this.stopped = true;
    const state = this.current;
    this.current = null;
    if (state && !state.closed) await state.ch.close().catch(() => undefined);
    for (const list of [...this.pending.values()]) {
      for (const p of [...list]) this.settle(p, unreachable('The bus stopped before the broker confirmed'));
    }
  }

  private add(messageId: string, resolve: () => void, reject: (e: PasarelaError) => void): Pending {
    const p: Pending = { messageId, returned: false, settled: false, timer: undefined, resolve, reject };
    p.timer = setTimeout(() => {
      this.settle(p, unreachable(`The broker did not confirm within ${this.o.confirmTimeoutMs} ms`));
    }, this.o.confirmTimeoutMs);
    const list = this.pending.get(messageId);
    if (list) list.push(p);
    else this.pending.set(messageId, [p]);
    this.count++;
    return p;
  }

  private settle(p: Pending, err?: PasarelaError): void {
    if (p.settled) return;
    p.settled = true;
    clearTimeout(p.timer);
    this.count--;
    const list = this.pending.get(p.messageId) ?? [];
    list.splice(list.indexOf(p), 1);
    if (list.length === 0) this.pending.delete(p.messageId);
    if (err) p.reject(err);
    else p.resolve();
  }

  private onConfirm(p: Pending, state: TrackedChannel, msg: RawPublish, err: unknown): void {
    const { routingKey } = msg;
    const details = { messageId: p.messageId, exchange: msg.exchange, routingKey };
    if (err && state.closed) this.settle(p, unreachable('The channel closed before the broker confirmed', err));
    else if (err) this.settle(p, new PasarelaError(Errors.BUS_PUBLISH_NACKED, 'The broker nacked the message', { cause: err, details }));
    else if (p.returned) {
      this.settle(p, new PasarelaError(Errors.BUS_PUBLISH_UNROUTABLE, msg.exchange ? `No queue is bound for routing key ${routingKey}` : `No queue named ${routingKey} exists`, { details }));
    } else this.settle(p);
  }

  // RabbitMQ sends basic.return before the ack of an unroutable mandatory message, so marking
  // the oldest unconfirmed publish with that id turns its coming ack into a failure.
  private onReturn(msg: Message): void {
    const messageId = msg.properties.messageId as string | undefined;
    const p = messageId ? this.pending.get(messageId)?.find((x) => !x.returned) : undefined;
    const fields = msg.fields as Message['fields'] & { replyCode?: number; replyText?: string };
    const facts = { messageId, routingKey: fields.routingKey, replyCode: fields.replyCode, replyText: fields.replyText };
    if (p) p.returned = true;
    this.o.logger.warn(facts, p ? 'The broker returned an unroutable message' : 'The broker returned a message no publish is waiting for');
  }

  private onClose(state: TrackedChannel<ConfirmChannel>, model: ChannelModel): void {
    if (this.current === state) this.current = null;
    if (this.stopped) return;
    // The connection closes its channels before it emits its own 'close'; by the next turn we
    // know whether only this channel died (reopen it here) or the connection did (setup will).
    setImmediate(() => {
      if (this.stopped || this.current || this.o.liveModel() !== model) return;
      this.o.logger.warn('Publisher channel closed while connected; reopening it');
      this.open(model).catch((err: Error) => this.o.logger.error({ err: err.message }, 'Could not reopen the publisher channel'));
    });
  }
}

function unreachable(message: string, cause?: unknown): PasarelaError {
  return new PasarelaError(Errors.BUS_UNREACHABLE, message, cause === undefined ? {} : { cause });
}
