import type { Delivery } from '../bus/bus';
import type { Envelope } from '../core/envelope';
import { Errors, type ErrorDef } from '../core/errors';
import type { MessageRow, MessageStatus } from '../journal/journal';
import { parkDelivery } from './outcomes';
import type { RouteWorkerDeps } from './run-route';

/** Statuses after which a message is never sent again by a worker (only an operator replays). */
export const SETTLED: readonly MessageStatus[] = ['delivered', 'parked', 'rejected', 'replayed', 'discarded'];

/**
 * Decide whether a delivery is work: returns the envelope and its journal row, or settles the
 * delivery here and returns undefined. A poison message (not JSON, not a valid envelope) is
 * parked at once with its bytes as evidence, never looped; nothing is acked before the journal
 * holds it.
 */
export async function admit(deps: RouteWorkerDeps, d: Delivery): Promise<{ envelope: Envelope; row: MessageRow } | undefined> {
  const envelope = d.envelope;
  if (!envelope || typeof envelope.id !== 'string') {
    await poison(deps, d, null, Errors.PIPELINE_POISON_MESSAGE, 'the body is not a JSON envelope with an id');
    return undefined;
  }
  const problems = deps.schemas.validateEnvelope(envelope);
  const row = await deps.journal.getMessage(envelope.id);
  if (!row && problems.length === 0) {
    // Published by something other than intake (or the journal was replaced): nobody accepted
    // it, so it gets no message row (which recovery could then deliver); its evidence is parked,
    // in one write, for an operator.
    await poison(deps, d, null, Errors.PIPELINE_ORPHAN_MESSAGE, `message ${envelope.id}`);
    return undefined;
  }
  if (problems.length) {
    const why = problems.map((p) => `${p.pointer} ${p.code}`).join('; ');
    await poison(deps, d, row ? row.id : null, Errors.PIPELINE_POISON_MESSAGE, why);
    return undefined;
  }
  if (SETTLED.includes(row!.status)) {
    // Redelivered after its outcome was recorded (crash between record and ack), or refused at
    // intake after an unconfirmed publish: never send it again.
    deps.logger.info({ messageId: row!.id, status: row!.status }, 'settled message redelivered; acked without sending');
    d.ack();
    return undefined;
  }
  return { envelope, row: row! };
}

async function poison(deps: RouteWorkerDeps, d: Delivery, messageId: string | null, def: ErrorDef, why?: string): Promise<void> {
  const detail = (why ? `${def.title}: ${why}` : def.title).slice(0, 500);
  await parkDelivery(deps, d, { messageId, code: def.code, detail, attempts: 0 });
  deps.logger.error({ route: deps.route.name, messageId, code: def.code, bytes: d.body.length }, 'poison message parked');
  d.ack();
}
