import { randomUUID } from 'node:crypto';
import { Errors, PasarelaError } from '../core/errors';
import type { BusRoute } from './bus';
import { parseEnvelope } from './delivery';
import type { RawPublish } from './publisher';
import { retryQueueName } from './topology';

// Set by quorum queues on redelivery. A copy that carried it would arrive at the work queue
// with the old count on its first delivery (the queue only writes the header once it is > 0).
const BROKER_HEADERS = ['x-delivery-count'];

/**
 * The message `Bus.publishRetry` sends: the body unchanged, to retry level `level` of `route`
 * through the default exchange, expiring after min(`expirationMs`, the level's TTL). Keeps the
 * envelope's id and type as AMQP properties when the body is an envelope. ROUTE_INVALID for a
 * level the route does not have, CONFIG_INVALID for an expiration that is not a number.
 */
export function retryMessage(
  queuePrefix: string,
  route: BusRoute,
  level: number,
  body: Buffer,
  headers: Record<string, unknown>,
  expirationMs: number,
): RawPublish {
  const levels = route.retryLevelsMs;
  if (!Number.isInteger(level) || level < 1 || level > levels.length) {
    throw new PasarelaError(Errors.ROUTE_INVALID, `Route ${route.name} has no retry level ${level} (it has ${levels.length})`, {
      details: { route: route.name, level },
    });
  }
  if (!Number.isFinite(expirationMs)) {
    throw new PasarelaError(Errors.CONFIG_INVALID, `A retry expiration must be a number of milliseconds, got ${expirationMs}`);
  }
  const expiration = Math.max(0, Math.min(Math.round(expirationMs), levels[level - 1]));
  const kept = Object.fromEntries(Object.entries(headers).filter(([name]) => !BROKER_HEADERS.includes(name)));
  const envelope = parseEnvelope(body);
  const id = typeof envelope?.id === 'string' ? envelope.id : randomUUID();
  return {
    exchange: '',
    routingKey: retryQueueName(queuePrefix, route.name, level),
    body,
    messageId: id,
    properties: {
      expiration: String(expiration),
      headers: kept,
      contentType: 'application/json',
      ...(typeof envelope?.type === 'string' ? { type: envelope.type } : {}),
      timestamp: Math.floor(Date.now() / 1000),
    },
  };
}
