import type { Logger } from 'pino';
import type { Bus, Delivery } from '../bus/bus';
import type { Envelope } from '../core/envelope';
import { asPasarelaError, Errors, PasarelaError } from '../core/errors';
import type { Connector, Receipt, RouteDefinition, Transform } from '../core/plugin';
import type { SchemaRegistry } from '../core/schemas';
import type { Journal } from '../journal/journal';
import { admit } from './admit';
import { backoffDelay } from './backoff';

export interface RouteWorkerDeps {
  route: RouteDefinition;
  transform: Transform<any, any>;
  connector: Connector<any, any>;
  journal: Journal;
  bus: Bus;
  schemas: SchemaRegistry;
  logger: Logger;
  /** Per-attempt delivery budget in ms. */
  deliveryTimeoutMs: number;
}

/**
 * The route worker, as named steps: admit -> claim -> transform and deliver -> record -> ack.
 * A delivery is acked only after its outcome is in the journal. If recording fails, the handler
 * throws and the bus requeues the delivery; the re-send carries the same exchange id, which SIR
 * answers as already received. A message whose outcome is recorded is never sent again.
 */
export function createRouteWorker(deps: RouteWorkerDeps) {
  const inFlight = new Set<Promise<void>>();
  // Aborted on drain: a delivery waiting out its retry delay goes back to the queue at once.
  const draining = new AbortController();

  async function handle(d: Delivery): Promise<void> {
    const admitted = await admit(deps, d);
    if (!admitted) return;
    const { envelope, row } = admitted;
    // The journal counts attempts: redeliveries caused by a crash, a lost channel or a drain
    // are not delivery attempts and must not use up the retry budget.
    const attempt = row.attempts + 1;
    const log = deps.logger.child({ messageId: envelope.id, route: deps.route.name, attempt });
    const claimed = await deps.journal.transition(envelope.id, 'delivering', { event: 'delivering', outcome: 'info', attempt }, {
      from: ['received', 'queued', 'delivering'],
    });
    if (!claimed) {
      d.ack();
      return;
    }
    let receipt: Receipt;
    try {
      receipt = await deliver(deps, envelope, attempt, log);
    } catch (e) {
      const err = asPasarelaError(e, Errors.PIPELINE_UNEXPECTED_ERROR);
      await onFailure(deps, d, envelope, attempt, err, log, draining.signal);
      return;
    }
    await deps.journal.transition(envelope.id, 'delivered', {
      event: 'delivered', outcome: 'ok', attempt, code: receipt.code, detail: receipt.description ?? null,
    }, { from: ['delivering'] });
    d.ack();
    log.info({ code: receipt.code }, 'message delivered');
  }

  return {
    async start(): Promise<void> {
      // A handler that throws (journal unreachable) is logged by the bus, which requeues the
      // delivery after a pause: the broker keeps it until an outcome can be recorded.
      await deps.bus.consume(deps.route.name, deps.route.prefetch, (d) => {
        const p = handle(d);
        inFlight.add(p);
        p.then(() => inFlight.delete(p), () => inFlight.delete(p));
        return p;
      });
    },
    /** Wait for deliveries in progress; the caller cancels consumers first. */
    async drain(): Promise<void> {
      draining.abort();
      await Promise.allSettled([...inFlight]);
    },
  };
}

async function deliver(deps: RouteWorkerDeps, envelope: Envelope, attempt: number, log: Logger): Promise<Receipt> {
  let payload: unknown;
  try {
    payload = deps.transform.apply(envelope);
  } catch (e) {
    throw asPasarelaError(e, Errors.TRANSFORM_FAILED);
  }
  const signal = AbortSignal.timeout(deps.deliveryTimeoutMs);
  return deps.connector.deliver(payload, { signal, attempt, idempotencyKey: envelope.id, route: deps.route.name, logger: log });
}

/**
 * What a municipality may read about a failure in its message history: the catalog's sentence
 * and the destination's own answer, never internal error text (hosts, stack details).
 */
function publicDetail(err: PasarelaError): string {
  const answer = err.details.sirDescription;
  return (typeof answer === 'string' && answer ? `${err.title}: ${answer}` : err.title).slice(0, 500);
}

async function onFailure(
  deps: RouteWorkerDeps, d: Delivery, envelope: Envelope, attempt: number, err: PasarelaError, log: Logger, draining: AbortSignal,
): Promise<void> {
  const { retry } = deps.route;
  const code = err.code;
  if (err.retryable && attempt < retry.attempts) {
    const delay = backoffDelay(attempt, retry.initialDelayMs, retry.maxDelayMs);
    await deps.journal.transition(envelope.id, 'queued', {
      event: 'retry-scheduled', outcome: 'error', attempt, code, detail: `${publicDetail(err)} (next attempt in ${delay} ms)`,
    }, { from: ['delivering'] });
    log.warn({ err, code, delay }, 'delivery failed; will retry');
    // Stopgap until the TTL retry ladder: the delivery waits here, holding a prefetch slot.
    await sleep(delay, draining);
    d.nack(true);
    return;
  }
  await deps.journal.transition(envelope.id, 'failed', { event: 'failed', outcome: 'error', attempt, code, detail: publicDetail(err) }, {
    from: ['delivering'],
  });
  log.error({ err, code, retryable: err.retryable }, 'delivery failed; kept in the journal for an operator');
  d.ack();
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
