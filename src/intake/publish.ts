import { Headers, type Envelope } from '../core/envelope';
import { Errors, PasarelaError } from '../core/errors';
import type { RouteDefinition } from '../core/plugin';
import type { IntakeContext } from './accept-steps';

/**
 * Publish a journaled message with confirm, then note it `queued`. An unconfirmed publish marks
 * the row `rejected` (nothing accepted, the client gets 503) unless a worker already holds it.
 */
export async function publish(ctx: IntakeContext, envelope: Envelope, route: RouteDefinition): Promise<void> {
  const headers = { [Headers.type]: envelope.type, [Headers.tenant]: envelope.tenant, [Headers.route]: route.name };
  try {
    await ctx.bus.publish(envelope, `${envelope.type}.${route.name}`, headers);
  } catch (e) {
    const err = e instanceof PasarelaError ? e : new PasarelaError(Errors.BUS_UNREACHABLE, undefined, { cause: e });
    // An unconfirmed publish may still have reached the queue, and a worker may have claimed it
    // already: then it is durable and on its way, and the answer is 202. Otherwise `rejected` is
    // settled, so should the message surface later the worker acks it without sending.
    const refused = await ctx.journal
      .transition(envelope.id, 'rejected', { event: 'publish-failed', outcome: 'error', code: err.code, detail: err.title }, { from: ['received'] })
      .catch((je: unknown) => {
        // The row stays `received`; the stale-row recovery queues it again later (docs/delivery.md).
        ctx.logger.error({ err: je, messageId: envelope.id }, 'could not record the failed publish');
        return true;
      });
    if (!refused) {
      ctx.logger.warn({ messageId: envelope.id, code: err.code }, 'publish unconfirmed but a worker already holds the message; accepted');
      return;
    }
    // Nothing was accepted, so the client's retry with the same key must be taken as new. Best
    // effort: a key left held is freed by that retry's own lookup (it finds `rejected`).
    if (envelope.idempotencyKey) {
      await ctx.journal
        .releaseIdempotencyKey(envelope.id)
        .catch((je) => ctx.logger.warn({ err: je, messageId: envelope.id }, 'could not release the idempotency key'));
    }
    throw new PasarelaError(Errors.INTAKE_UNAVAILABLE, 'The message could not be queued; nothing was accepted, try again', { cause: err });
  }
  // The message is durable in the broker and the journal: a failure to note `queued` must not
  // turn this into a 503 (the client would post it again). The worker's hops follow anyway.
  await ctx.journal
    .transition(envelope.id, 'queued', { event: 'queued', outcome: 'ok' }, { from: ['received'] })
    .catch((e) => ctx.logger.warn({ err: e, messageId: envelope.id }, 'could not record queued; the message is in the queue'));
}
