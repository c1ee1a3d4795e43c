import type { Channel, ConsumeMessage } from 'amqplib';
import type { Logger } from 'pino';
import type { Envelope } from '../core/envelope';
import type { Delivery } from './bus';

/** A channel as the bus tracks it: `closed` flips before amqplib fails anything pending on it. */
export interface TrackedChannel<C extends Channel = Channel> {
  ch: C;
  closed: boolean;
  /** Deliveries received on this channel and not yet acked or nacked. */
  unsettled: number;
}

/** Wrap a channel so `closed` is set before any other 'close' listener runs. */
export function track<C extends Channel>(ch: C): TrackedChannel<C> {
  const state: TrackedChannel<C> = { ch, closed: false, unsettled: 0 };
  ch.prependListener('close', () => {
    state.closed = true;
  });
  return state;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * The body as an envelope, or undefined when it is not UTF-8 JSON whose top level is an object.
 * Never throws: a poison message must reach the handler as evidence, not crash the consumer.
 * Checking the envelope's fields is the pipeline's job (JSON Schema).
 */
export function parseEnvelope(body: Buffer): Envelope | undefined {
  try {
    const value: unknown = JSON.parse(utf8.decode(body));
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
    return value as Envelope;
  } catch {
    return undefined;
  }
}

/** Quorum queues' `x-delivery-count` (absent on the first delivery). */
export function deliveryCountOf(headers: Record<string, unknown>): number {
  const raw = headers['x-delivery-count'];
  const n = typeof raw === 'number' ? raw : typeof raw === 'bigint' ? Number(raw) : Number.NaN;
  return Number.isInteger(n) && n >= 0 ? n : 0;
}

/**
 * Turn an AMQP message into a `Delivery`. `ack`/`nack` act once; later calls, and calls after
 * the delivering channel closed (the broker requeues its unacked messages), are logged no-ops.
 */
export function toDelivery(msg: ConsumeMessage, channel: TrackedChannel, logger: Logger): Delivery {
  const headers: Record<string, unknown> = msg.properties.headers ?? {};
  const log = logger.child({ messageId: msg.properties.messageId, deliveryTag: msg.fields.deliveryTag });
  let settled = false;
  channel.unsettled++;
  const settle = (what: 'ack' | 'nack', act: () => void): void => {
    if (settled) {
      log.debug({ what }, 'Delivery already settled; ignoring');
      return;
    }
    settled = true;
    channel.unsettled--;
    if (channel.closed) {
      log.debug({ what }, 'The delivering channel is gone; the broker will redeliver');
      return;
    }
    try {
      act();
    } catch (err) {
      log.debug({ what, err: (err as Error).message }, 'Could not settle the delivery; the broker will redeliver');
    }
  };
  return {
    envelope: parseEnvelope(msg.content),
    body: msg.content,
    headers,
    redelivered: msg.fields.redelivered,
    deliveryCount: deliveryCountOf(headers),
    ack: () => settle('ack', () => channel.ch.ack(msg)),
    nack: (requeue: boolean) => settle('nack', () => channel.ch.nack(msg, false, requeue)),
  };
}
