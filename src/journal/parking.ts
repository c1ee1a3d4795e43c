import type { Kysely, Transaction } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { HopInput, MessageStatus, ParkedRow, ParkInput } from './journal';
import { isoNow, toParked } from './rows';
import type { JournalDatabase, ParkedMessagesTable } from './tables';
import { applyTransition } from './transition';

/** Statuses a message is parked from unless the caller says otherwise: not yet delivered or decided. */
export const PARKABLE_STATUSES: readonly MessageStatus[] = ['received', 'queued', 'delivering'];

const DEFAULT_LIST_LIMIT = 100;

/**
 * The body of `Journal.park`, inside the caller's transaction: the guarded move to `parked` with
 * its hop, then the evidence row, only when the move happened. With no message id there is no
 * status to move: only the evidence is kept.
 */
export async function parkMessage(trx: Transaction<JournalDatabase>, p: ParkInput): Promise<{ parked: boolean; parkedId?: string }> {
  if (p.messageId === null) {
    const parkedId = await insertEvidence(trx, p, { tenant: p.tenant ?? null, firstSeenAt: null });
    return { parked: true, parkedId };
  }
  const hop: HopInput = { event: 'parked', outcome: 'error', attempt: p.attempts, code: p.code, detail: p.detail };
  const moved = await applyTransition(trx, p.messageId, 'parked', hop, { from: [...(p.from ?? PARKABLE_STATUSES)] });
  if (!moved) return { parked: false };
  const message = await trx
    .selectFrom('messages')
    .select(['tenant', 'created_at'])
    .where('id', '=', p.messageId)
    .executeTakeFirstOrThrow();
  const parkedId = await insertEvidence(trx, p, { tenant: p.tenant ?? message.tenant, firstSeenAt: message.created_at });
  return { parked: true, parkedId };
}

async function insertEvidence(
  trx: Transaction<JournalDatabase>,
  p: ParkInput,
  known: { tenant: string | null; firstSeenAt: string | null },
): Promise<string> {
  const row: ParkedMessagesTable = {
    id: uuidv7(),
    message_id: p.messageId,
    route: p.route,
    tenant: known.tenant,
    code: p.code,
    detail: p.detail,
    last_response: p.lastResponse ?? null,
    attempts: p.attempts,
    body: p.body,
    body_encoding: p.bodyEncoding,
    headers: p.headers ?? null,
    first_seen_at: known.firstSeenAt,
    parked_at: isoNow(),
  };
  await trx.insertInto('parked_messages').values(row).execute();
  return row.id;
}

/** Evidence rows of one message, newest first. */
export async function selectParked(db: Kysely<JournalDatabase>, messageId: string): Promise<ParkedRow[]> {
  const rows = await db
    .selectFrom('parked_messages')
    .selectAll()
    .where('message_id', '=', messageId)
    .orderBy('parked_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
  return rows.map(toParked);
}

/** Evidence rows, newest first, one route's when given; at most `limit` (default 100). */
export async function listParkedRows(db: Kysely<JournalDatabase>, opts: { route?: string; limit?: number } = {}): Promise<ParkedRow[]> {
  let query = db.selectFrom('parked_messages').selectAll();
  if (opts.route !== undefined) query = query.where('route', '=', opts.route);
  const rows = await query
    .orderBy('parked_at', 'desc')
    .orderBy('id', 'desc')
    .limit(opts.limit ?? DEFAULT_LIST_LIMIT)
    .execute();
  return rows.map(toParked);
}
