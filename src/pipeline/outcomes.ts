import { ATTEMPT_HEADER, type Delivery } from '../bus/bus';
import type { Envelope } from '../core/envelope';
import type { PasarelaError } from '../core/errors';
import type { MessageStatus } from '../journal/journal';
import { bodyEvidence, lastResponseOf, publicDetail } from './evidence';
import { retryLevels, retryStep } from './retry-ladder';
import type { RouteWorkerDeps } from './run-route';

/** Attempts already made, from the header the retry ladder carries (0 when absent or bad). */
export function attemptsOf(d: Delivery): number {
  const raw = d.headers[ATTEMPT_HEADER];
  const n = typeof raw === 'number' ? raw : typeof raw === 'bigint' ? Number(raw) : Number.NaN;
  return Number.isInteger(n) && n >= 0 ? n : 0;
}

/** Headers for a copy of `d`: the broker's death and delivery history dropped, attempts set. */
function copyHeaders(d: Delivery, attempts: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(d.headers)) {
    if (k === 'x-death' || k === 'x-delivery-count' || k.startsWith('x-first-death') || k.startsWith('x-last-death')) continue;
    out[k] = v;
  }
  out[ATTEMPT_HEADER] = attempts;
  return out;
}

export interface ParkFacts {
  messageId: string | null;
  code: string;
  detail: string;
  attempts: number;
  lastResponse?: string | null;
  from?: MessageStatus[];
}

/** Write the parking evidence; the caller acks only after this resolves. */
export async function parkDelivery(deps: RouteWorkerDeps, d: Delivery, f: ParkFacts): Promise<boolean> {
  const { parked } = await deps.journal.park({
    ...bodyEvidence(d),
    messageId: f.messageId,
    route: deps.route.name,
    tenant: typeof d.envelope?.tenant === 'string' ? d.envelope.tenant : null,
    code: f.code,
    detail: f.detail,
    lastResponse: f.lastResponse ?? null,
    attempts: f.attempts,
    from: f.from,
  });
  return parked;
}

/** Non-retryable failure or last attempt spent: park with evidence, then ack. */
export async function parkFailure(deps: RouteWorkerDeps, d: Delivery, envelope: Envelope, attempt: number, err: PasarelaError): Promise<void> {
  await parkDelivery(deps, d, {
    messageId: envelope.id, code: err.code, detail: publicDetail(err), attempts: attempt, lastResponse: lastResponseOf(err), from: ['delivering'],
  });
  d.ack();
}

/**
 * Retryable failure with attempts left: put a copy on the retry ladder carrying the attempt
 * count, then note it in the journal (which ends this worker's lease), then ack the original.
 * Should the copy fail, the error reaches the bus, which requeues the original while the lease
 * still holds it: it waits out the lease instead of hitting the destination again at once.
 */
export async function retryLater(deps: RouteWorkerDeps, d: Delivery, envelope: Envelope, attempt: number, err: PasarelaError): Promise<number> {
  const { level, delayMs } = retryStep(attempt, deps.route.retry);
  await deps.bus.publishRetry(deps.route.name, level, d.body, copyHeaders(d, attempt), delayMs);
  await deps.journal.transition(envelope.id, 'queued', {
    event: 'retry-scheduled', outcome: 'error', attempt, code: err.code, detail: `${publicDetail(err)} (next attempt in about ${delayMs} ms)`,
  }, { from: ['delivering'] });
  d.ack();
  return delayMs;
}

/**
 * Put a delivery aside untried (another copy of the message holds a live lease): on the top
 * retry level for up to `delayMs`, no attempt spent. Without a ladder, requeue after a pause.
 */
export async function defer(deps: RouteWorkerDeps, d: Delivery, delayMs: number, pause: (ms: number) => Promise<void>): Promise<void> {
  const levels = retryLevels(deps.route.retry);
  if (levels.length === 0) {
    await pause(Math.min(delayMs, 1000));
    d.nack(true);
    return;
  }
  await deps.bus.publishRetry(deps.route.name, levels.length, d.body, copyHeaders(d, attemptsOf(d)), Math.max(1, delayMs));
  d.ack();
}
