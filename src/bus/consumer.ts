import type { ChannelModel, ConsumeMessage } from 'amqplib';
import type { Logger } from 'pino';
import { Errors, PasarelaError } from '../core/errors';
import type { Delivery, DeliveryHandler } from './bus';
import { toDelivery, track, type TrackedChannel } from './delivery';

/** What the consumers need from the bus. */
export interface ConsumersOptions {
  logger: Logger;
  /** The live connection (already during setup), or null. */
  liveModel(): ChannelModel | null;
}

/** Which of a route's queues a subscription reads: only `work` subscriptions can be paused. */
export type SubscriptionKind = 'work' | 'dead';

interface Subscription {
  route: string;
  kind: SubscriptionKind;
  queue: string;
  prefetch: number;
  handler: DeliveryHandler;
  /** The connection this subscription is on (or being made on). */
  model: ChannelModel | null;
  channel: TrackedChannel | null;
  consumerTag: string | null;
  retired: boolean;
  /** Consecutive channel losses while connected, for the resubscribe backoff. */
  failures: number;
  /** Handler failures in a row, for the requeue pause. */
  handlerErrors: number;
  /** Subscribe/cancel operations of this subscription, one after another. */
  chain: Promise<void>;
}

/** Pause before a failed handler's message goes back to the queue, so a bug cannot spin. */
const HANDLER_ERROR_PAUSE_MS = 1000;
const RESUBSCRIBE_MAX_DELAY_MS = 30000;

/**
 * The registered subscriptions. Each gets its own channel with its own prefetch; `setupAll`
 * recreates them on every (re)connect until `cancelAll`. A paused route's work subscriptions
 * stay registered without a consumer (their channel stays open for in-flight acks) until
 * `resume`. Every subscribe and cancel of one subscription runs through its `chain`, so a
 * pause racing a reconnect or a resume never leaves two consumers or a forgotten one.
 */
export class Consumers {
  private subs: Subscription[] = [];
  private readonly channels = new Set<TrackedChannel>();
  private readonly paused = new Set<string>();

  constructor(private readonly o: ConsumersOptions) {}

  /** Register a subscription and, if a connection is live and the route not paused, subscribe now. */
  async add(route: string, queue: string, prefetch: number, handler: DeliveryHandler, kind: SubscriptionKind = 'work'): Promise<void> {
    const sub: Subscription = {
      route, kind, queue, prefetch, handler, model: null, channel: null, consumerTag: null, retired: false, failures: 0, handlerErrors: 0,
      chain: Promise.resolve(),
    };
    this.subs.push(sub);
    const model = this.o.liveModel();
    if (!model) return;
    try {
      await this.serial(sub, () => this.ensure(sub, model));
    } catch (err) {
      this.subs = this.subs.filter((s) => s !== sub);
      sub.retired = true;
      if (sub.channel && !sub.channel.closed) await sub.channel.ch.close().catch(() => undefined);
      throw new PasarelaError(Errors.BUS_UNREACHABLE, `Could not consume from ${queue}`, { cause: err, details: { route } });
    }
  }

  /** Subscribe everything not yet on this connection and not paused (called from setup). */
  async setupAll(model: ChannelModel): Promise<void> {
    // Index loop: subscriptions added while this runs are picked up too.
    for (let i = 0; i < this.subs.length; i++) {
      const sub = this.subs[i];
      await this.serial(sub, () => this.ensure(sub, model));
    }
  }

  /** Cancel the route's work consumers, keeping them registered (see `Bus.pause`). Idempotent. */
  async pause(route: string): Promise<void> {
    const already = this.paused.has(route);
    this.paused.add(route);
    // Also when already paused: queued behind a cancel in progress, the call returns after it.
    for (const sub of this.subs) if (this.isPaused(sub)) await this.serial(sub, () => this.cancel(sub));
    if (!already) this.o.logger.info({ route }, 'Paused consuming');
  }

  /** Consume the route's work queue again, now if connected, else at the next connect. Idempotent. */
  async resume(route: string): Promise<void> {
    const wasPaused = this.paused.delete(route);
    const model = this.o.liveModel();
    for (const sub of this.subs.filter((s) => s.route === route && s.kind === 'work')) {
      if (!model) continue;
      // A failed subscribe leaves it to the channel-close backoff or the next reconnect.
      await this.serial(sub, () => this.ensure(sub, model)).catch((err: Error) => {
        this.o.logger.error({ route, err: err.message }, 'Resuming the consumer failed; it is retried on reconnect');
      });
    }
    if (wasPaused) this.o.logger.info({ route }, 'Resumed consuming');
  }

  /** Cancel every consumer tag and forget the subscriptions; channels stay open for acks. */
  async cancelAll(): Promise<void> {
    const subs = this.subs;
    this.subs = [];
    for (const sub of subs) {
      sub.retired = true;
      await this.serial(sub, () => this.cancel(sub));
    }
  }

  /** Deliveries handed out on open channels and not yet acked or nacked. */
  inFlight(): number {
    let n = 0;
    for (const c of this.channels) if (!c.closed) n += c.unsettled;
    return n;
  }

  /** Cancel and close every channel. */
  async close(): Promise<void> {
    await this.cancelAll();
    for (const c of [...this.channels]) if (!c.closed) await c.ch.close().catch(() => undefined);
    this.channels.clear();
  }

  private isPaused(sub: Subscription): boolean {
    return sub.kind === 'work' && this.paused.has(sub.route);
  }

  private serial(sub: Subscription, op: () => Promise<void>): Promise<void> {
    const next = sub.chain.then(op);
    sub.chain = next.catch(() => undefined);
    return next;
  }

  /** Make `sub` consume on `model` if it should and does not yet (state re-read: it may have changed while queued). */
  private async ensure(sub: Subscription, model: ChannelModel): Promise<void> {
    if (sub.retired || this.isPaused(sub) || this.o.liveModel() !== model) return;
    if (sub.model === model && sub.consumerTag) return;
    if (sub.model === model && sub.channel && !sub.channel.closed) await this.consumeOn(sub, sub.channel);
    else await this.subscribe(sub, model);
  }

  private async subscribe(sub: Subscription, model: ChannelModel): Promise<void> {
    sub.model = model;
    const state = track(await model.createChannel());
    this.watch(sub, state, model);
    await state.ch.prefetch(sub.prefetch);
    await this.consumeOn(sub, state);
  }

  private async consumeOn(sub: Subscription, state: TrackedChannel): Promise<void> {
    const ok = await state.ch.consume(sub.queue, (msg) => this.onMessage(sub, state, msg), { noAck: false });
    sub.consumerTag = ok.consumerTag;
    sub.failures = 0;
    this.o.logger.info({ route: sub.route, queue: sub.queue, prefetch: sub.prefetch }, 'Consuming');
  }

  private watch(sub: Subscription, state: TrackedChannel, model: ChannelModel): void {
    const log = this.o.logger.child({ route: sub.route });
    sub.channel = state;
    this.channels.add(state);
    state.ch.on('error', (err: Error) => log.warn({ err: err.message }, 'Consumer channel error'));
    state.ch.on('handler-error', (err: Error, event: string) => log.error({ err, event }, 'Consumer listener threw'));
    state.ch.on('close', () => this.onChannelClose(sub, state, model));
  }

  private async cancel(sub: Subscription): Promise<void> {
    const { channel, consumerTag } = sub;
    sub.consumerTag = null;
    if (!channel || channel.closed || !consumerTag) return;
    await channel.ch.cancel(consumerTag).catch((err: Error) => {
      this.o.logger.debug({ route: sub.route, err: err.message }, 'Cancel failed; the channel is gone');
    });
  }

  private onMessage(sub: Subscription, state: TrackedChannel, msg: ConsumeMessage | null): void {
    if (msg === null) {
      // basic.cancel from the broker (queue deleted, leader moved): drop this channel and let
      // the close handler subscribe again.
      this.o.logger.warn({ route: sub.route }, 'The broker cancelled the consumer; resubscribing');
      void state.ch.close().catch(() => undefined);
      return;
    }
    void this.run(sub, toDelivery(msg, state, this.o.logger.child({ route: sub.route })));
  }

  /**
   * A handler that throws (its journal or broker is unreachable) gets its delivery requeued
   * after a pause that doubles with each failure in a row, up to 30 s: on brokers that count
   * requeues toward x-delivery-limit, an outage of minutes must not push a backlog to `.dead`.
   */
  private async run(sub: Subscription, d: Delivery): Promise<void> {
    try {
      await sub.handler(d);
      sub.handlerErrors = 0;
    } catch (err) {
      const pause = Math.min(RESUBSCRIBE_MAX_DELAY_MS, HANDLER_ERROR_PAUSE_MS * 2 ** Math.min(sub.handlerErrors++, 10));
      this.o.logger.error({ route: sub.route, messageId: d.envelope?.id, err, pauseMs: pause }, 'Delivery handler failed; requeueing');
      await sleep(pause);
      d.nack(true);
    }
  }

  private onChannelClose(sub: Subscription, state: TrackedChannel, model: ChannelModel): void {
    this.channels.delete(state);
    if (sub.channel !== state) return;
    sub.channel = null;
    sub.consumerTag = null;
    if (sub.retired || this.isPaused(sub)) return;
    // Same reasoning as the publisher: next turn, tell a channel loss from a connection loss.
    setImmediate(() => {
      if (sub.retired || this.isPaused(sub) || sub.channel || this.o.liveModel() !== model) return;
      const delay = Math.min(RESUBSCRIBE_MAX_DELAY_MS, HANDLER_ERROR_PAUSE_MS * 2 ** sub.failures++);
      this.o.logger.warn({ route: sub.route, delayMs: delay }, 'Consumer channel closed while connected; resubscribing');
      setTimeout(() => {
        if (sub.channel) return;
        this.serial(sub, () => this.ensure(sub, model)).catch((err: Error) => {
          this.o.logger.error({ route: sub.route, err: err.message }, 'Resubscribe failed');
        });
      }, delay).unref();
    });
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
