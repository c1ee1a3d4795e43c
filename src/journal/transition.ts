import { sql, type Expression, type ExpressionBuilder, type SqlBool, type Transaction } from 'kysely';
import { Errors, PasarelaError } from '../core/errors';
import type { HopInput, MessageStatus, TransitionOptions } from './journal';
import { hopValues, isoNow } from './rows';
import type { JournalDatabase } from './tables';

/**
 * The body of `Journal.transition`, run inside the caller's transaction so `park` can share it:
 * guarded status update, then the hop (with the new status, or the current one when the guard
 * refused). Resolves whether the status changed. Unknown id -> JOURNAL_NOT_FOUND.
 */
export async function applyTransition(
  trx: Transaction<JournalDatabase>,
  id: string,
  status: MessageStatus,
  hop: HopInput,
  opts: TransitionOptions = {},
): Promise<boolean> {
  const now = isoNow();
  const attempt = hop.attempt ?? 0;
  let update = trx
    .updateTable('messages')
    .set({
      status,
      updated_at: now,
      attempts: sql<number>`case when attempts < cast(${attempt} as integer) then cast(${attempt} as integer) else attempts end`,
    })
    .where('id', '=', id);
  if (opts.from) update = update.where((eb) => guard(eb, opts.from ?? [], opts.staleDeliveringBefore));
  const result = await update.executeTakeFirst();
  if (result.numUpdatedRows > 0n) {
    await trx.insertInto('hops').values(hopValues(id, now, status, hop)).execute();
    return true;
  }
  const current = await trx.selectFrom('messages').select('status').where('id', '=', id).executeTakeFirst();
  if (!current) {
    throw new PasarelaError(Errors.JOURNAL_NOT_FOUND, `The journal holds no message ${id}`, { details: { messageId: id } });
  }
  // The message already moved on: the hop is still a fact worth keeping, the status stays.
  await trx.insertInto('hops').values(hopValues(id, now, current.status as MessageStatus, hop)).execute();
  return false;
}

/** `status in from`, or a `delivering` lease that ran out before `staleBefore`. */
function guard(eb: ExpressionBuilder<JournalDatabase, 'messages'>, from: MessageStatus[], staleBefore: string | undefined): Expression<SqlBool> {
  const allowed: Array<Expression<SqlBool>> = [];
  // `in ()` is not SQL: an empty list simply allows nothing.
  if (from.length > 0) allowed.push(eb('status', 'in', from));
  if (staleBefore !== undefined) {
    allowed.push(eb.and([eb('status', '=', 'delivering'), eb('updated_at', '<', isoInstant(staleBefore))]));
  }
  return allowed.length > 0 ? eb.or(allowed) : sql<SqlBool>`1 = 0`;
}

/**
 * Stored timestamps are `toISOString()` text and compare as strings, so an instant given as
 * `…:00Z` or with an offset is rewritten in that exact form first. Not a date -> RangeError (a bug).
 */
export function isoInstant(text: string): string {
  return new Date(text).toISOString();
}
