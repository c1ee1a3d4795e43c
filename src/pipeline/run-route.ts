import type { Logger } from 'pino';
import type { Bus, Delivery } from '../bus/bus';
import type { Envelope } from '../core/envelope';
import { asPasarelaError, Errors, PasarelaError } from '../core/errors';
import type { Connector, Receipt, RouteDefinition, Transform } from '../core/plugin';
import type { SchemaRegistry } from '../core/schemas';
import type { Journal, MessageRow } from '../journal/journal';
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
 * The route worker: consume -> check -> transform -> deliver -> record -> ack. A delivery is
 * acked only after its outcome is in the journal; a crash before that leaves it unacked, the
 * broker redelivers it, and the `delivered` check below keeps it from reaching SIR twice.
 */
export function createRouteWorker(deps: RouteWorkerDeps) {
  const inFlight = new Set<Promise<void>>();
  // Aborted on drain: a delivery waiting out its retry delay goes back to the queue at once.
  const draining = new AbortController();

  async function handle(d: Delivery): Promise<void> {
    const envelope = await admit(deps, d);
    if (!envelope) return;
    const attempt = d.deliveryCount + 1;
    const log = deps.logger.child({ messageId: envelope.id, route: deps.route.name, attempt });
    await deps.journal.transition(envelope.id, 'delivering', { event: 'delivering', outcome: 'info', attempt });
    try {
      const receipt = await deliver(deps, envelope, attempt, log);
      await deps.journal.transition(envelope.id, 'delivered', {
        event: 'delivered', outcome: 'ok', attempt, code: receipt.code, detail: receipt.description ?? null,
      });
      d.ack();
      log.info({ code: receipt.code }, 'message delivered');
    } catch (e) {
      await onFailure(deps, d, envelope, attempt, asPasarelaError(e, Errors.CONNECTOR_SERVER_ERROR), log, draining.signal);
    }
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

/** The envelope to work on, or undefined when the delivery was settled here (poison, duplicate). */
async function admit(deps: RouteWorkerDeps, d: Delivery): Promise<Envelope | undefined> {
  const envelope = d.envelope;
  const problems = envelope ? deps.schemas.validateEnvelope(envelope) : [{ pointer: '', code: 'NOT_JSON', message: 'not JSON' }];
  const row: MessageRow | undefined = envelope?.id ? await deps.journal.getMessage(String(envelope.id)) : undefined;
  if (!envelope || problems.length || !row) {
    await poison(deps, d, row, problems.map((p) => `${p.pointer} ${p.code}`).join('; ') || 'no journal row');
    return undefined;
  }
  if (row.status === 'delivered') {
    // Redelivered after the outcome was recorded (crash between record and ack): never resend.
    deps.logger.info({ messageId: row.id }, 'already delivered; redelivery acked without sending');
    d.ack();
    return undefined;
  }
  return envelope;
}

async function poison(deps: RouteWorkerDeps, d: Delivery, row: MessageRow | undefined, why: string): Promise<void> {
  if (row) {
    await deps.journal.transition(row.id, 'failed', {
      event: 'failed', outcome: 'error', code: Errors.PIPELINE_POISON_MESSAGE.code, detail: why.slice(0, 500),
    });
  } else {
    deps.logger.error({ route: deps.route.name, bytes: d.body.length, why }, 'poison message with no journal row dropped');
  }
  d.ack();
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

async function onFailure(
  deps: RouteWorkerDeps, d: Delivery, envelope: Envelope, attempt: number, err: PasarelaError, log: Logger, draining: AbortSignal,
): Promise<void> {
  const { retry } = deps.route;
  const detail = (err.details.sirDescription as string | undefined) ?? err.message;
  if (err.retryable && attempt < retry.attempts) {
    const delay = backoffDelay(attempt, retry.initialDelayMs, retry.maxDelayMs);
    await deps.journal.transition(envelope.id, 'queued', {
      event: 'retry-scheduled', outcome: 'error', attempt, code: err.code, detail: `${detail.slice(0, 300)} (next attempt in ${delay} ms)`,
    });
    log.warn({ code: err.code, delay }, 'delivery failed; will retry');
    await sleep(delay, draining);
    d.nack(true);
    return;
  }
  await deps.journal.transition(envelope.id, 'failed', {
    event: 'failed', outcome: 'error', attempt, code: err.code, detail: detail.slice(0, 500),
  });
  log.error({ code: err.code, retryable: err.retryable }, 'delivery failed; kept in the journal for an operator');
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
