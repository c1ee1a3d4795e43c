import type { Logger } from 'pino';
import type { Bus } from '../bus/bus';
import { Headers, type Envelope } from '../core/envelope';
import { Errors, PasarelaError } from '../core/errors';
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
 * publish with confirm, then `queued`. A route the bus does not have throws INTAKE_NO_ROUTE
 * before anything is written (its publish would reach no queue and no worker would recover the
 * row); a journal failure throws (nothing was published); a broker failure resolves `kept`.
 */
export async function enqueueMessage(deps: EnqueueDeps, input: EnqueueInput): Promise<EnqueueResult> {
  const { envelope, route } = input;
  if (!deps.bus.hasRoute(route)) throw new PasarelaError(Errors.INTAKE_NO_ROUTE, `Route ${route} is not configured`);
  await deps.journal.insertMessage({
    envelope, route, registryNumber: input.registryNumber ?? null, exchangeId: input.exchangeId ?? null,
  });
  return publishRecorded(deps, envelope, route, input.detail);
}

/**
 * The second half of enqueueMessage, for a caller that wrote the journal row itself (in a
 * transaction with other changes, e.g. Journal.moveExchangeWith): publish with confirm, then
 * `queued`; `kept` when the broker did not confirm.
 */
export async function publishRecorded(deps: EnqueueDeps, envelope: Envelope, route: string, detail?: string): Promise<EnqueueResult> {
  const headers = { [Headers.type]: envelope.type, [Headers.tenant]: envelope.tenant, [Headers.route]: route };
  try {
    await deps.bus.publish(envelope, `${envelope.type}.${route}`, headers);
  } catch (e) {
    deps.logger.warn({ err: e, messageId: envelope.id, route }, 'publish unconfirmed; the journal row is kept and will be queued again');
    return 'kept';
  }
  await deps.journal
    .transition(envelope.id, 'queued', { event: 'queued', outcome: 'ok', detail: detail ?? null }, { from: ['received'] })
    .catch((e) => deps.logger.warn({ err: e, messageId: envelope.id }, 'could not record queued; the message is in the queue'));
  return 'queued';
}
