import type { Logger } from 'pino';
import type { Bus } from '../bus/bus';
import { Headers, type Envelope } from '../core/envelope';
import type { Journal } from '../journal/journal';

export interface EnqueueDeps {
  journal: Journal;
  bus: Bus;
  logger: Logger;
}

export interface EnqueueInput {
  envelope: Envelope;
  /** The route that takes it (its worker delivers it with retries, parking and replay). */
  route: string;
  /** Business keys (searchable later). The exchange id is unique among messages: pass it only for the message that owns the exchange. */
  registryNumber?: string | null;
  exchangeId?: string | null;
  /** The first hop's detail, e.g. why an operator's action made this message. */
  detail?: string;
}

/**
 * `queued`: in the journal and confirmed by the broker. `kept`: in the journal, but the publish
 * was not confirmed; the row stays `received` and the route's worker queues it again (stale-row
 * recovery, docs/delivery.md), so the message is durable either way.
 */
export type EnqueueResult = 'queued' | 'kept';

/**
 * Put a message pasarela itself creates (a SIR answer, a re-sent fichero, a tenant event, a
 * relayed call) on a route, with the same guarantee as intake: journal row first, then the
 * publish with confirm, then `queued`. A journal failure throws (nothing was published); a
 * broker failure resolves `kept`.
 */
export async function enqueueMessage(deps: EnqueueDeps, input: EnqueueInput): Promise<EnqueueResult> {
  const { envelope, route } = input;
  await deps.journal.insertMessage({
    envelope, route, registryNumber: input.registryNumber ?? null, exchangeId: input.exchangeId ?? null,
  });
  const headers = { [Headers.type]: envelope.type, [Headers.tenant]: envelope.tenant, [Headers.route]: route };
  try {
    await deps.bus.publish(envelope, `${envelope.type}.${route}`, headers);
  } catch (e) {
    deps.logger.warn({ err: e, messageId: envelope.id, route }, 'publish unconfirmed; the journal row is kept and will be queued again');
    return 'kept';
  }
  await deps.journal
    .transition(envelope.id, 'queued', { event: 'queued', outcome: 'ok', detail: input.detail ?? null }, { from: ['received'] })
    .catch((e) => deps.logger.warn({ err: e, messageId: envelope.id }, 'could not record queued; the message is in the queue'));
  return 'queued';
}
