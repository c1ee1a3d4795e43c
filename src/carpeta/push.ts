import type { Logger } from 'pino';
import type { Bus } from '../bus/bus';
import { createEnvelope, type Envelope } from '../core/envelope';
import { Errors, isPasarelaError } from '../core/errors';
import type { Receipt } from '../core/plugin';
import type { Journal } from '../journal/journal';
import { enqueueMessage } from '../pipeline/enqueue';

/** The route that pushes expediente changes to Carpeta (routes/carpeta-push-to-carpeta.yaml). */
export const CARPETA_PUSH_ROUTE = 'carpeta-push-to-carpeta';

const SOURCE = { system: 'pasarela', adapter: 'carpeta-push@1' } as const;

/**
 * The projection route's `onDelivered`: an update the projection took becomes a `carpeta-push`
 * message on the push route (journal row, then confirmed publish), so each change reaches
 * Carpeta with retries, parking and replay like any message. Its Idempotency-Key is derived from
 * the update's message, so the same update never makes two pushes: after a crash between the
 * projection and this step, the redelivered update (the projection answers it as a redelivery)
 * queues it then, and a second attempt finds it queued. Stale and repeated updates push nothing:
 * Carpeta already holds something newer.
 */
export function createCarpetaPusher(deps: { journal: Journal; bus: Bus; logger: Logger }) {
  return async (update: Envelope, receipt: Receipt): Promise<void> => {
    const taken = receipt.code === 'applied' || (receipt.code === 'duplicate' && receipt.keys?.redelivered === 'true');
    if (!taken) return;
    const push = createEnvelope({
      type: 'carpeta-push', schemaVersion: 1, tenant: update.tenant, source: SOURCE, payload: update.payload,
      correlationId: update.correlationId, causationId: update.id, idempotencyKey: `carpeta-push:${update.id}`,
    });
    try {
      await enqueueMessage(deps, { envelope: push, route: CARPETA_PUSH_ROUTE, detail: `change of ${String((update.payload as { expediente?: unknown }).expediente)} for Carpeta` });
    } catch (e) {
      // Queued by an earlier attempt of this update: nothing to do.
      if (isPasarelaError(e) && e.code === Errors.JOURNAL_CONFLICT.code) return;
      throw e;
    }
  };
}
