import { createHash } from 'node:crypto';
import type { Delivery } from '../bus/bus';
import type { Envelope } from '../core/envelope';
import { Errors } from '../core/errors';
import type { MessageRow, MessageStatus } from '../journal/journal';
import type { RouteWorkerDeps } from './run-route';

/** Statuses after which a message is never sent again by a worker (only an operator replays). */
export const SETTLED: readonly MessageStatus[] = ['delivered', 'failed', 'rejected'];

/**
 * Decide whether a delivery is work: returns the envelope and its journal row, or settles the
 * delivery here and returns undefined. Nothing is acked before it is durable in the journal,
 * except a body that is not even JSON (no message id to record it under; its hash is logged).
 */
export async function admit(deps: RouteWorkerDeps, d: Delivery): Promise<{ envelope: Envelope; row: MessageRow } | undefined> {
  const envelope = d.envelope;
  if (!envelope || typeof envelope.id !== 'string') {
    const sha256 = createHash('sha256').update(d.body).digest('hex');
    deps.logger.error({ route: deps.route.name, bytes: d.body.length, sha256 }, 'undecodable delivery acked: it has no message id to record it under');
    d.ack();
    return undefined;
  }
  const problems = deps.schemas.validateEnvelope(envelope);
  const row = await deps.journal.getMessage(envelope.id);
  if (!row && problems.length === 0) {
    // Published by something other than intake (or the journal was replaced): record it before
    // the ack, so an operator sees it, rather than deliver a message nobody accepted.
    await deps.journal.insertMessage({ envelope, route: deps.route.name });
    await settleAsFailed(deps, envelope.id, Errors.PIPELINE_ORPHAN_MESSAGE.code, Errors.PIPELINE_ORPHAN_MESSAGE.title);
    d.ack();
    return undefined;
  }
  if (!row) {
    deps.logger.error({ route: deps.route.name, messageId: envelope.id }, 'invalid envelope with no journal row acked');
    d.ack();
    return undefined;
  }
  if (problems.length) {
    const why = problems.map((p) => `${p.pointer} ${p.code}`).join('; ').slice(0, 500);
    await settleAsFailed(deps, row.id, Errors.PIPELINE_POISON_MESSAGE.code, `${Errors.PIPELINE_POISON_MESSAGE.title}: ${why}`);
    d.ack();
    return undefined;
  }
  if (SETTLED.includes(row.status)) {
    // Redelivered after its outcome was recorded (crash between record and ack), or refused at
    // intake after an unconfirmed publish: never send it again.
    deps.logger.info({ messageId: row.id, status: row.status }, 'settled message redelivered; acked without sending');
    d.ack();
    return undefined;
  }
  return { envelope, row };
}

async function settleAsFailed(deps: RouteWorkerDeps, id: string, code: string, detail: string): Promise<void> {
  await deps.journal.transition(id, 'failed', { event: 'failed', outcome: 'error', code, detail }, { from: ['received', 'queued', 'delivering'] });
}
