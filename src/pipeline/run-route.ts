import { opensExchange } from '../../transforms/sir-fichero-passthrough';
import { senderNext, type SenderState } from '../sir/lifecycle';
import type { Logger } from 'pino';
import type { Bus, Delivery } from '../bus/bus';
import type { Envelope } from '../core/envelope';
import { asPasarelaError, Errors, PasarelaError } from '../core/errors';
import type { Connector, Receipt, RouteDefinition, Transform } from '../core/plugin';
import type { SchemaRegistry } from '../core/schemas';
import type { Journal } from '../journal/journal';
import { admit, SETTLED } from './admit';
import { createBreaker, type Ticket } from './breaker';
import { consumeDeadLetters } from './dead-letters';
import { attemptsOf, defer, parkFailure, retryLater } from './outcomes';
import { createRateLimiter } from './rate-limit';
import { startRecovery } from './recover';
import { sleep } from './sleep';

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
  /**
   * How long a `delivering` claim protects a message from other copies; past it, a worker that
   * died mid-delivery is presumed dead and the message is taken again. @defaultValue 2 × deliveryTimeoutMs
   */
  leaseMs?: number;
  /**
   * After the destination took a message and before it is recorded `delivered`: record what the
   * receipt says must be followed (Notific@'s envíos, src/notifica). A failure here leaves the
   * message undelivered in the journal; its redelivery finds the earlier submission again.
   */
  onDelivered?: (envelope: Envelope, receipt: Receipt) => Promise<void>;
}

/**
 * The route worker, as named steps: admit -> wait for the breaker and the rate limit -> claim
 * (a lease in the journal) -> transform -> deliver -> record -> ack. Every delivery is acked only
 * after its outcome is durable: `delivered` in the journal, a retry copy confirmed by the broker,
 * or the message parked with its evidence. Attempts travel in a header, so redeliveries caused
 * by crashes or requeues do not spend them; every attempt re-sends the same exchange id.
 */
export function createRouteWorker(deps: RouteWorkerDeps) {
  const { route, journal, bus } = deps;
  const leaseMs = deps.leaseMs ?? 2 * deps.deliveryTimeoutMs;
  const inFlight = new Set<Promise<void>>();
  // Aborted on drain: a delivery waiting for the rate limit goes back to the queue at once.
  const draining = new AbortController();
  const limiter = createRateLimiter(route.rateLimit);
  const breaker = createBreaker({
    name: route.name,
    policy: route.breaker,
    probe: () => (deps.connector.check ? deps.connector.check() : Promise.resolve(true)),
    onOpen: async () => {
      await bus.pause(route.name);
      logDepths('route paused: messages wait in the queue');
    },
    onHalfOpen: async () => {
      await bus.resume(route.name);
      logDepths('route resumed for a trial delivery');
    },
    logger: deps.logger,
  });
  let recovery: { stop(): void } | undefined;

  /** The backlog, for the log line of a breaker change (best effort). */
  function logDepths(msg: string): void {
    bus.queueDepths(route.name).then(
      (depth) => deps.logger.warn({ route: route.name, breaker: breaker.snapshot().state, depth }, msg),
      () => deps.logger.warn({ route: route.name, breaker: breaker.snapshot().state }, msg),
    );
  }

  async function handle(d: Delivery): Promise<void> {
    const ticket = await breaker.admit();
    if (!ticket) return d.nack(true);
    try {
      await work(d, ticket);
    } finally {
      breaker.release(ticket);
    }
  }

  async function work(d: Delivery, ticket: Ticket): Promise<void> {
    const admitted = await admit(deps, d);
    if (!admitted) return;
    const { envelope } = admitted;
    if (!(await limiter.take(draining.signal)) || (!ticket.trial && breaker.isOpen())) return d.nack(true);
    // The header counts failed attempts; the journal also counts attempts a crash cut short.
    const attempt = Math.max(attemptsOf(d), admitted.row.attempts) + 1;
    const log = deps.logger.child({ messageId: envelope.id, route: route.name, attempt });
    if (!(await claim(envelope.id, attempt))) return settleUnclaimed(d, envelope.id);
    if (attempt > route.retry.attempts) return parkExhausted(d, envelope, attempt);
    let payload: unknown;
    try {
      payload = deps.transform.apply(envelope);
    } catch (e) {
      return parkFailure(deps, d, envelope, attempt, asPasarelaError(e, Errors.TRANSFORM_FAILED));
    }
    let receipt: Receipt;
    try {
      receipt = await deliver(envelope, admitted.row.deliveryKey, payload, attempt, log);
    } catch (e) {
      return onFailure(d, envelope, attempt, asPasarelaError(e, Errors.PIPELINE_UNEXPECTED_ERROR), ticket, log);
    }
    breaker.success(ticket);
    await openExchange(envelope, receipt);
    await deps.onDelivered?.(envelope, receipt);
    const recorded = await journal.transition(envelope.id, 'delivered', {
      event: 'delivered', outcome: 'ok', attempt, code: receipt.code, detail: receipt.description ?? null,
    }, { from: ['delivering'] });
    d.ack();
    // Not recorded: our lease ran out and another copy settled the message meanwhile (the hop is kept).
    if (!recorded) log.warn({ code: receipt.code }, 'delivered, but the message had already moved on in the journal');
    else log.info({ code: receipt.code }, 'message delivered');
  }

  /** Attempts used up by workers that stopped mid-delivery (a message that crashes them): park it. */
  async function parkExhausted(d: Delivery, envelope: Envelope, attempt: number): Promise<void> {
    const def = Errors.PIPELINE_ATTEMPTS_EXHAUSTED;
    await parkFailure(deps, d, envelope, attempt, new PasarelaError(def, `${def.title} (attempt ${attempt} of ${route.retry.attempts})`));
    deps.logger.error({ messageId: envelope.id, attempt }, 'attempts used up without an outcome; parked');
  }

  /**
   * The destination took it under an exchange id (SIR answered `00`): its life cycle starts as
   * `sent` (src/sir/lifecycle). Before `delivered`, so a crash between the two leaves a message
   * that is sent again (same id, SIR answers as already received), never one without a life cycle.
   */
  async function openExchange(envelope: Envelope, receipt: Receipt): Promise<void> {
    const exchangeId = receipt.keys?.exchangeId;
    // A REENVÍO or RECHAZO belongs to an exchange someone else started: its life cycle is the
    // incoming one (src/sir/lifecycle/receiver.ts), already moved when the fichero was made.
    if (!exchangeId || !opensExchange(envelope)) return;
    if (await journal.openExchange({ direction: 'outgoing', exchangeId, messageId: envelope.id, tenant: envelope.tenant, state: 'sent' })) return;
    // Known already: a re-delivery (nothing changes), or a corrected fichero after an ERROR.
    const known = await journal.getExchange('outgoing', exchangeId);
    const step = known && senderNext(known.state as SenderState, { kind: 'corrected-resend' });
    // The same message again (a broker re-delivery) is no correction: an ERROR that came meanwhile stays.
    if (!known || known.messageId === envelope.id || !step || step.ignored) return;
    await journal.moveExchange('outgoing', exchangeId, known.state, step.state, { errorCode: null }, {
      event: 'sir-sent-again', outcome: 'info', detail: `corrected fichero taken by SIR (message ${envelope.id})`,
    });
  }

  /** Take the message for this attempt; a live claim of another copy is left alone. */
  function claim(id: string, attempt: number): Promise<boolean> {
    const staleDeliveringBefore = new Date(Date.now() - leaseMs).toISOString();
    return journal.transition(id, 'delivering', { event: 'delivering', outcome: 'info', attempt }, {
      from: ['received', 'queued'], staleDeliveringBefore,
    });
  }

  /** Not claimed: settled meanwhile (ack), or another copy is being delivered (wait for its lease). */
  async function settleUnclaimed(d: Delivery, id: string): Promise<void> {
    const row = await journal.getMessage(id);
    if (!row || SETTLED.includes(row.status)) return d.ack();
    const leaseLeft = Date.parse(row.updatedAt) + leaseMs - Date.now();
    deps.logger.info({ messageId: id, status: row.status, leaseLeftMs: leaseLeft }, 'another copy holds the message; deferring this one');
    await defer(deps, d, Math.max(1000, leaseLeft), (ms) => sleep(ms, draining.signal));
  }

  /** `key`: the message's id, or for an operator's replay the id of the message first replayed. */
  function deliver(envelope: Envelope, key: string, payload: unknown, attempt: number, log: Logger): Promise<Receipt> {
    const signal = AbortSignal.timeout(deps.deliveryTimeoutMs);
    return deps.connector.deliver(payload, { signal, attempt, idempotencyKey: key, route: route.name, logger: log, messageId: envelope.id, tenant: envelope.tenant });
  }

  async function onFailure(d: Delivery, envelope: Envelope, attempt: number, err: PasarelaError, ticket: Ticket, log: Logger): Promise<void> {
    // A refusal is an answer: the destination is up. Only retryable failures count against it.
    if (err.retryable) breaker.failure(ticket);
    else breaker.success(ticket);
    if (err.retryable && attempt < route.retry.attempts) {
      const delayMs = await retryLater(deps, d, envelope, attempt, err);
      log.warn({ err, code: err.code, delayMs }, 'delivery failed; will retry');
      return;
    }
    await parkFailure(deps, d, envelope, attempt, err);
    log.error({ err, code: err.code, retryable: err.retryable }, 'delivery failed; parked for an operator');
  }

  function track(p: Promise<void>): Promise<void> {
    inFlight.add(p);
    p.then(() => inFlight.delete(p), () => inFlight.delete(p));
    return p;
  }

  return {
    async start(): Promise<void> {
      // A handler that throws (journal or broker unreachable) is logged by the bus, which
      // requeues the delivery after a pause: the broker keeps it until an outcome is durable.
      await bus.consume(route.name, route.prefetch, (d) => track(handle(d)));
      await consumeDeadLetters(deps, track);
      recovery = startRecovery(deps, leaseMs);
    },
    /** The destination's breaker, for /readyz. */
    breaker: () => breaker.snapshot(),
    /** Wait for deliveries in progress; the caller cancels consumers first. */
    async drain(): Promise<void> {
      draining.abort();
      breaker.stop();
      recovery?.stop();
      await Promise.allSettled([...inFlight]);
    },
  };
}
