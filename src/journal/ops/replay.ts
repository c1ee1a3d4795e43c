import type { Transaction } from 'kysely';
import { newMessageId, type Envelope } from '../../core/envelope';
import { Errors, PasarelaError } from '../../core/errors';
import type { HopInput, MessageStatus } from '../journal';
import type { Actor, ReplayMade, ReplayRequest } from '../operations';
import { hopValues, isoNow, messageValues } from '../rows';
import type { JournalDatabase } from '../tables';
import { auditIn } from './audit';

/** Why a message could not be replayed: it is not there, it is not parked, or its route is gone. */
export type Refusal =
  | { reason: 'missing' }
  | { reason: 'not-parked'; status: MessageStatus; replayedAs: string | null }
  | { reason: 'no-route'; route: string };

/**
 * The body of a replay inside the caller's transaction: the guarded move of the original from
 * `parked` to `replayed` decides; only then is the replay inserted. The replay is a new message
 * (new id, `replay_of`, the original's route, tenant and business keys, no idempotency key: that
 * stays with the original) whose first hop says what it replays. Hops are shown to the tenant
 * too, so they never name the operator: who did it is in the audit record. With
 * `audit: true` the action's audit record is written here too (a job audits once, at creation).
 */
export async function replayIn(trx: Transaction<JournalDatabase>, r: ReplayRequest, audit: boolean): Promise<ReplayMade | Refusal> {
  const original = await trx.selectFrom('messages').selectAll().where('id', '=', r.messageId).executeTakeFirst();
  if (!original) return { reason: 'missing' };
  if (original.status !== 'parked') return refusal(trx, r.messageId);
  // A replay no worker would take would sit `received` for good: the message stays parked instead.
  if (r.routes && !r.routes.includes(original.route)) return { reason: 'no-route', route: original.route };
  const now = isoNow();
  const source = JSON.parse(original.envelope) as Envelope;
  const envelope: Envelope = { ...source, id: newMessageId(), receivedAt: now, payload: r.edit ? r.edit.payload : source.payload };
  const how = r.edit ? 'edited and replayed' : 'replayed';
  const moved = await leaveParked(trx, original.id, 'replayed', now, {
    event: 'replayed', outcome: 'info', attempt: Number(original.attempts), detail: `${how} by an operator as ${envelope.id}`,
  });
  if (!moved) return refusal(trx, r.messageId);
  const registryNumber = r.edit?.registryNumber !== undefined ? r.edit.registryNumber : original.registry_number;
  const row = messageValues({ envelope, route: original.route, registryNumber, exchangeId: original.exchange_id }, now);
  await trx.insertInto('messages').values({
    ...row, idempotency_key: null, replay_of: original.id, delivery_key: original.delivery_key ?? original.id,
  }).execute();
  const hop: HopInput = { event: 'received', outcome: 'info', attempt: 0, detail: `${r.edit ? 'edited replay' : 'replay'} of ${original.id}` };
  await trx.insertInto('hops').values(hopValues(envelope.id, now, 'received', hop)).execute();
  if (audit) {
    await auditIn(trx, r.edit ? 'edit-and-replay' : 'replay', r.actor, { messageId: original.id, reason: r.reason ?? null, diff: r.edit?.diff ?? null, count: 1 });
  }
  return { originalId: original.id, replayId: envelope.id, route: original.route, envelope };
}

/**
 * `parked` -> `to` with its hop, only if the message is still parked. Unlike `transition`, a
 * refused move appends no hop: a replay that did not happen must not appear in the history.
 * The guarded UPDATE is what settles two concurrent replays (the second one updates nothing).
 */
async function leaveParked(trx: Transaction<JournalDatabase>, id: string, to: MessageStatus, now: string, hop: HopInput): Promise<boolean> {
  const result = await trx.updateTable('messages').set({ status: to, updated_at: now }).where('id', '=', id).where('status', '=', 'parked').executeTakeFirst();
  if (result.numUpdatedRows === 0n) return false;
  await trx.insertInto('hops').values(hopValues(id, now, to, hop)).execute();
  return true;
}

/** The refusal as the message stands now (read again: a concurrent action may just have moved it). */
async function refusal(trx: Transaction<JournalDatabase>, id: string): Promise<Refusal> {
  const current = await trx.selectFrom('messages').select('status').where('id', '=', id).executeTakeFirst();
  if (!current) return { reason: 'missing' };
  const replay = await trx.selectFrom('messages').select('id').where('replay_of', '=', id).orderBy('id', 'desc').executeTakeFirst();
  return { reason: 'not-parked', status: current.status as MessageStatus, replayedAs: replay?.id ?? null };
}

export function isRefusal(x: ReplayMade | Refusal): x is Refusal {
  return 'reason' in x;
}

/** A short note for a job item that was not replayed. */
export function refusalNote(r: Refusal): string {
  if (r.reason === 'missing') return 'no longer in the journal';
  if (r.reason === 'no-route') return `route ${r.route} is not configured`;
  return `was ${r.status}`;
}

/** The coded error of a refused single action. */
export function refusalError(id: string, r: Refusal): PasarelaError {
  if (r.reason === 'missing') return new PasarelaError(Errors.ADMIN_NOT_FOUND, `The journal holds no message ${id}`, { details: { messageId: id } });
  if (r.reason === 'no-route') {
    return new PasarelaError(Errors.INTAKE_NO_ROUTE, `Route ${r.route} is not configured any more; message ${id} stays parked`, { details: { messageId: id, route: r.route } });
  }
  const after = r.replayedAs ? ` (replayed as ${r.replayedAs}; replay that one if it failed)` : '';
  return new PasarelaError(Errors.ADMIN_NOT_REPLAYABLE, `Message ${id} is ${r.status}, not parked${after}`, {
    details: { messageId: id, status: r.status, replayedAs: r.replayedAs },
  });
}

/** `parked` -> `discarded`, with its hop and audit record, or the refusal. */
export async function discardIn(trx: Transaction<JournalDatabase>, id: string, actor: Actor, reason: string): Promise<Refusal | undefined> {
  // The reason stays in the audit: free text may name people, and hops are shown to the tenant.
  const moved = await leaveParked(trx, id, 'discarded', isoNow(), { event: 'discarded', outcome: 'info', detail: 'discarded by an operator' });
  if (!moved) return refusal(trx, id);
  await auditIn(trx, 'discard', actor, { messageId: id, reason, count: 1 });
  return undefined;
}
