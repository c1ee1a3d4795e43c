import type { Delivery } from '../bus/bus';
import { Errors, isPasarelaError } from '../core/errors';
import type { MessageStatus } from '../journal/journal';
import { attemptsOf, parkDelivery } from './outcomes';
import type { RouteWorkerDeps } from './run-route';

/**
 * The catch-all behind the work queue's delivery limit: RabbitMQ dead-letters a message that was
 * delivered `deliveryLimit` times without an outcome (a worker crashing on it, endless requeues).
 * It is parked here, never dropped silently. A message settled, or being delivered, meanwhile
 * is only acked.
 */
export async function consumeDeadLetters(deps: RouteWorkerDeps, track: (p: Promise<void>) => Promise<void>): Promise<void> {
  await deps.bus.consumeDead(deps.route.name, 1, (d) => track(parkDeadLetter(deps, d)));
}

async function parkDeadLetter(deps: RouteWorkerDeps, d: Delivery): Promise<void> {
  const def = Errors.PIPELINE_DELIVERY_LIMIT;
  const detail = `${def.title} (${deps.route.deliveryLimit} deliveries)`;
  const id = typeof d.envelope?.id === 'string' ? d.envelope.id : null;
  // Not from `delivering`: a dead-lettered duplicate must not park a message another worker is
  // sending right now (a claim a dead worker left behind is recovered, then parked or delivered).
  const facts = { code: def.code, detail, attempts: attemptsOf(d), from: ['received', 'queued'] as MessageStatus[] };
  try {
    await parkDelivery(deps, d, { ...facts, messageId: id });
  } catch (e) {
    // An id the journal never held: keep the evidence without a message row.
    if (!(isPasarelaError(e) && e.code === Errors.JOURNAL_NOT_FOUND.code)) throw e;
    await parkDelivery(deps, d, { ...facts, messageId: null });
  }
  deps.logger.error({ route: deps.route.name, messageId: id, code: def.code }, 'message past the delivery limit parked');
  d.ack();
}
