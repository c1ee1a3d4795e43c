import type { Kysely } from 'kysely';
import type { MessageRow, MessageStatus } from './journal';
import { toMessageRow } from './rows';
import type { JournalDatabase } from './tables';
import { isoInstant } from './transition';

/** The tenant's message holding this Idempotency-Key (unique per tenant since migration 004). */
export async function selectByIdempotencyKey(db: Kysely<JournalDatabase>, tenant: string, key: string): Promise<MessageRow | undefined> {
  const row = await db.selectFrom('messages').selectAll().where('tenant', '=', tenant).where('idempotency_key', '=', key).executeTakeFirst();
  return row === undefined ? undefined : toMessageRow(row);
}

/**
 * Free the key of a `rejected` message. Not a status change, so no hop: the envelope still shows
 * the key the client sent. Resolves true when a key was freed.
 */
export async function clearIdempotencyKey(db: Kysely<JournalDatabase>, id: string): Promise<boolean> {
  const result = await db
    .updateTable('messages')
    .set({ idempotency_key: null })
    .where('id', '=', id)
    .where('status', '=', 'rejected')
    .where('idempotency_key', 'is not', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Messages in `status` last touched before `before`, oldest first (index status, updated_at). */
export async function selectStale(
  db: Kysely<JournalDatabase>, status: MessageStatus, before: string, limit: number, route?: string,
): Promise<MessageRow[]> {
  let query = db.selectFrom('messages').selectAll().where('status', '=', status).where('updated_at', '<', isoInstant(before));
  if (route !== undefined) query = query.where('route', '=', route);
  const rows = await query.orderBy('updated_at', 'asc').orderBy('id', 'asc').limit(limit).execute();
  return rows.map(toMessageRow);
}

/** Messages per status; statuses with none are absent. */
export async function countStatuses(db: Kysely<JournalDatabase>, filter: { route?: string } = {}): Promise<Partial<Record<MessageStatus, number>>> {
  let query = db.selectFrom('messages').select((eb) => ['status', eb.fn.countAll<number | string | bigint>().as('n')]);
  if (filter.route !== undefined) query = query.where('route', '=', filter.route);
  const rows = await query.groupBy('status').execute();
  // PostgreSQL returns count(*) as a bigint string.
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)])) as Partial<Record<MessageStatus, number>>;
}
